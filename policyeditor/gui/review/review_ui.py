"""The window's review part: the comments dock, commenting on selected words, version moves, merging.

Wiring only, as the main window is: the records are `ReviewController`'s, the
panes' offsets `ReviewPanes`', the widgets the views'. The window calls
`session_started`, `base_chosen` and `panes_redrawn` at those moments; the
rest follows from the actions and panel signals connected here.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QUndoCommand
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QStackedWidget,
    QStatusBar,
    QTextEdit,
    QTreeView,
)

from policyeditor.app.importing import ImportedInto
from policyeditor.core.errors import PolicyError
from policyeditor.core.numbering import numbers
from policyeditor.formats.importers import IMPORT_SUFFIXES
from policyeditor.gui import jobs
from policyeditor.gui.debounce import Debouncer
from policyeditor.gui.editing.commands import replace_policy
from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.inline_view import InlineRedlineView
from policyeditor.gui.editing.policy_view import PolicyView
from policyeditor.gui.editing.text_map import rendered_ids
from policyeditor.gui.models.sections import SectionTreeModel
from policyeditor.gui.review.comment_dialog import CommentDialog
from policyeditor.gui.review.comments_panel import CommentsPanel
from policyeditor.gui.review.edited_sections import EditedSections
from policyeditor.gui.review.review_controller import ReviewController
from policyeditor.gui.review.review_panes import NO_VERSION, ReviewPanes, Target, policy_ids
from policyeditor.gui.session import Session
from policyeditor.gui.versions.versions_panel import VersionsPanel
from policyeditor.gui.window.identity_box import unlock_identity
from policyeditor.review.approvers import signable_again
from policyeditor.review.comments import CommentState, Thread
from policyeditor.review.merge import MergeReport

MOVES = {"submitForReview": ("submit", "Submitted version {} for review."),
         "withdrawVersion": ("withdraw", "Version {} is a draft again."),
         "approveVersion": ("approve", "Approved version {}."),
         "publishVersion": ("publish", "Published version {}.")}
FAILED = object()  # what `_try` gives when the action was refused
ALLOWED = {"submitForReview": ("draft",), "withdrawVersion": ("in_review",),
           "approveVersion": ("in_review",), "publishVersion": ("approved",)}


def sentence(text: str) -> str:
    """An error message as a sentence: capital first letter, full stop."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


class _ProgressSignal(QObject):
    """A job's progress, from its worker thread to the progress dialog on the UI thread (queued)."""

    stepped = Signal(int, int, str)


class _Steps:
    """Shows a job's steps on its progress dialog, and lets the dialog go only when no step is
    being shown: a modal dialog's setValue runs the event loop, in which the job may end (and
    a message box run a loop of its own), so deleting the dialog there would pull it from
    under the setValue still running."""

    def __init__(self, progress: QProgressDialog) -> None:
        self.progress = progress
        self.showing = False
        self.ended = False

    def show(self, done: int, total: int, what: str) -> None:
        if self.ended:  # a step still queued when the job ended
            return
        self.showing = True
        try:
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            if not self.ended:
                self.progress.setLabelText(sentence(what))
        finally:
            self.showing = False
        if self.ended:
            self.progress.deleteLater()

    def end(self) -> None:
        self.ended = True
        self.progress.close()
        if not self.showing:
            self.progress.deleteLater()


class ReviewHost(Protocol):
    """What the review part needs of the window it sits in (the main window is one), so the
    review part never imports the window that builds it."""

    _settings: QSettings
    actions: dict[str, QAction]
    session: Session | None
    compare_view: CompareView
    inline_view: InlineRedlineView
    policy_view: PolicyView
    versions_panel: VersionsPanel
    navigator: QTreeView
    stack: QStackedWidget
    changes_dock: QDockWidget

    def statusBar(self) -> QStatusBar: ...  # noqa: N802
    def addDockWidget(self, area: Qt.DockWidgetArea, dock: QDockWidget) -> None: ...  # noqa: N802
    def splitDockWidget(self, first: QDockWidget, second: QDockWidget,  # noqa: N802
                        orientation: Qt.Orientation) -> None: ...
    def versions_changed(self) -> None: ...
    def push(self, command: QUndoCommand) -> None: ...
    def select_base(self, label: str) -> None: ...


class ReviewUi(QObject):
    """Comments dock, comment dialog, review moves and merge for one main window."""

    def __init__(self, window: ReviewHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]  # the host is a QMainWindow
        self.window = window
        self.controller = ReviewController(window._settings, self)
        self.threads: list[Thread] = []  # the draft's placed on the draft as it is now (see `mark`)
        self._read: list[Thread] = []    # as the file keeps them: what `threads` are placed from
        self.dialog: CommentDialog | None = None
        self.merge_job: jobs.Job | None = None
        self.merge_progress: QProgressDialog | None = None
        self.merge_steps: _Steps | None = None  # the Word merge's steps on merge_progress
        self.last_report: MergeReport | None = None
        self.last_word_merge: ImportedInto | None = None
        self._last_pane: QTextEdit | None = None

        self.panel = CommentsPanel(window)
        self.dock = QDockWidget("Comments", window)
        self.dock.setObjectName("commentsDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.splitDockWidget(window.changes_dock, self.dock, Qt.Orientation.Vertical)
        self.panes = ReviewPanes(window.compare_view, [
            (window.inline_view, lambda: rendered_ids(window.inline_view.redline)),
            (window.policy_view, lambda: policy_ids(window.policy_view.policy))])
        self.edited = EditedSections(window.compare_view, self.mark, self)
        self._relist = Debouncer(0, self._show_threads, self)  # not while the list's own click runs
        self.status = QLabel(window, objectName="statusComments")
        window.statusBar().addPermanentWidget(self.status)

        a = window.actions
        a["comment"].triggered.connect(self.ask_comment)
        a["mergeReview"].triggered.connect(self.choose_and_merge)
        a["mergeWord"].triggered.connect(self.choose_and_merge_word)
        for name in MOVES:
            a[name].triggered.connect(lambda _=False, n=name: self.move(n))
        window.versions_panel.set_review_actions([a[name] for name in MOVES])
        window.versions_panel.list.currentItemChanged.connect(lambda *_: self.update_enabled())
        self.controller.threadsChanged.connect(self.refresh)
        self.controller.versionsChanged.connect(window.versions_changed)
        self.panel.threadActivated.connect(self.reveal)
        self.panel.replyRequested.connect(
            lambda tid, text: self._try(lambda: self.controller.reply(tid, text)))
        self.panel.resolveRequested.connect(
            lambda tid, on: self._try(lambda: self.controller.set_resolved(tid, on)))
        self.panel.editRequested.connect(self.ask_edit)
        self.panel.deleteRequested.connect(lambda cid: self._try(lambda: self.controller.delete(cid)))
        window.compare_view.rebuilt.connect(self.mark)
        QApplication.instance().focusChanged.connect(self._on_focus)  # type: ignore[union-attr]

    # ------------------------------------------------------------ the window's moments

    def session_started(self) -> None:
        session = self.window.session
        self.controller.set_session(session)
        has_file = self.controller.available
        self.edited.follow(session.document if session is not None and has_file else None)
        if session is None or not has_file:
            self.panes.draft_version = NO_VERSION
        else:
            self.panes.draft_version = session.version.label if session.version is not None else None
        self.update_enabled()

    def base_chosen(self, label: str | None) -> None:
        self.panes.base_version = label if label is not None and self.controller.available else NO_VERSION
        self.mark()

    def panes_redrawn(self) -> None:
        self.mark()

    def update_enabled(self) -> None:
        a = self.window.actions
        available = self.controller.available
        a["comment"].setEnabled(available)
        session = self.window.session
        pf = session.file if session is not None else None
        writable = available and pf is not None and not pf.readonly
        a["mergeReview"].setEnabled(writable and session is not None and session.version is None)
        a["mergeWord"].setEnabled(a["mergeReview"].isEnabled())
        label = self.chosen_version()
        status = self.window.versions_panel.status_of(label)
        for name, allowed in ALLOWED.items():
            a[name].setEnabled(writable and status is not None and status.value in allowed)
        if writable and status is not None and status.locked and label is not None and pf is not None:
            # its approval made without a key before the roster can be signed now (Workflow.approve)
            a["approveVersion"].setEnabled(bool(signable_again(pf, label)))

    # ------------------------------------------------------------ comments

    def _on_focus(self, _old, new) -> None:  # type: ignore[no-untyped-def]
        # the comment action (menu, shortcut) takes focus from the pane: remember the last text pane
        if isinstance(new, QTextEdit) and new.window() is self.window:
            self._last_pane = new

    def refresh(self) -> None:
        """Read the threads again and show them: panel, marks, status bar, navigator badges."""
        self.edited.take()  # every thread is placed here
        self._read = self.controller.read_threads()
        self.threads = self.controller.placed(self._read)
        self._show_threads()
        self.mark()

    def _show_threads(self) -> None:
        session = self.window.session
        self.panel.set_user(self.controller.author)
        self.panel.set_threads(self.threads, numbers(session.document.policy) if session else {})
        open_count = sum(1 for t in self.threads if t.state == CommentState.OPEN)
        self.status.setText(f"{open_count} open comment{'s' if open_count != 1 else ''}"
                            if self.controller.available else "")
        model = self.window.navigator.model()
        if isinstance(model, SectionTreeModel):
            counts: dict[str, int] = {}
            for thread in self.threads:
                if thread.state == CommentState.OPEN and thread.root.version == self.panes.draft_version:
                    counts[thread.anchor.section_id] = counts.get(thread.anchor.section_id, 0) + 1
            model.set_comment_counts(counts)

    def mark(self) -> None:
        """Mark the threads' words, the edited sections' threads placed on them first."""
        self._place_edited()
        current = self.panel.current_thread()
        self.panes.mark(self.threads, current.id if current else None)

    def placed_threads(self) -> list[Thread]:
        """The threads placed on the draft as it is this moment (an export takes them as they stand)."""
        self._place_edited()
        return self.threads

    def _place_edited(self) -> None:
        edited = self.edited.take()
        if edited is not None and not edited:
            return
        read = self._read if edited is None else [t for t in self._read if t.anchor.section_id in edited]
        placed = {t.id: t for t in self.controller.placed(read)}
        before, self.threads = self.threads, [placed.get(t.id, t) for t in self.threads]
        if any((t.anchor.quote, t.outdated) != (b.anchor.quote, b.outdated)
               for t, b in zip(self.threads, before, strict=True)):
            self._relist.soon()  # the list shows each quote and whether it is outdated

    def ask_comment(self) -> CommentDialog | None:
        """Open the comment dialog for the words selected in the focused (or last used) pane."""
        focused = QApplication.focusWidget()
        pane = focused if isinstance(focused, QTextEdit) else self._last_pane
        target = self.panes.target(pane)
        if isinstance(target, str):
            self.window.statusBar().showMessage(target, 5000)
            return None
        dialog = CommentDialog(target.quote, self.controller.author, self.window)
        dialog.accepted.connect(lambda: self.add_comment(target, dialog.text))
        return self._open(dialog)

    def _open(self, dialog: CommentDialog) -> CommentDialog:
        """Show a comment dialog window-modal (not blocking); once closed it is gone."""
        def gone() -> None:
            dialog.setObjectName("")  # not found by name while it waits to be deleted
            dialog.deleteLater()
        dialog.finished.connect(gone)
        self.dialog = dialog
        dialog.open()
        return dialog

    def add_comment(self, target: Target, text: str) -> bool:
        if self._try(lambda: self.controller.comment(target, text)) is FAILED:
            return False
        self.dock.show()
        self.dock.raise_()
        return True

    def ask_edit(self, comment_id: str, body: str) -> CommentDialog:
        thread = next((t for t in self.threads if any(c.id == comment_id for c in t.comments)), None)
        dialog = CommentDialog(thread.anchor.quote if thread else "", self.controller.author, self.window,
                               text=body, title="Edit Comment")
        dialog.accepted.connect(lambda: self._try(lambda: self.controller.edit(comment_id, dialog.text)))
        return self._open(dialog)

    def reveal(self, thread_id: str) -> None:
        """Scroll to and select a thread's words in the pane on show."""
        self.mark()  # the words as they are now, however recently edited
        thread = next((t for t in self.threads if t.id == thread_id), None)
        if thread is None:
            return
        if thread.outdated:
            self.window.statusBar().showMessage(
                f"“{thread.anchor.quote}” is no longer in the text: the comment is outdated.", 5000)
            return
        shown = self.window.stack.currentWidget()
        rendered = shown if isinstance(shown, QTextEdit) else None
        if self.panes.reveal(thread, rendered) is None:
            self.window.statusBar().showMessage("The commented words are not on show: choose their "
                                                "version as the base or open it.", 5000)

    # ------------------------------------------------------------ versions

    def chosen_version(self) -> str | None:
        """The version the review moves act on: the one opened, else the one chosen in the panel."""
        session = self.window.session
        if session is not None and session.version is not None:
            return session.version.label
        return self.window.versions_panel.current_label()

    def move(self, name: str) -> bool:
        """Submit, withdraw, approve or publish the chosen version; a refusal is told in a dialog."""
        label = self.chosen_version()
        if label is None:
            self.window.statusBar().showMessage("Choose a version in the Versions panel first.", 5000)
            return False
        method, done = MOVES[name]
        if name == "approveVersion" and not self.confirm_approval(label):
            return False
        identity = self._try(lambda: unlock_identity(self.window._settings, self.window),  # type: ignore[arg-type]
                             title="Cannot use your identity")
        if identity is FAILED:
            return False
        if self._try(lambda: getattr(self.controller, method)(label, identity),
                     title="Cannot change the version") is FAILED:
            return False
        self.window.versions_panel.select(label)
        self.window.statusBar().showMessage(done.format(label), 5000)
        self.update_enabled()
        return True

    def confirm_approval(self, label: str) -> bool:
        """Ask before approving: the version, the content hash the approval signs, its open comments."""
        what = self._try(lambda: self.controller.to_approve(label), title="Cannot approve")
        if what is FAILED:
            return False
        box = QMessageBox(QMessageBox.Icon.Question, f"Approve Version {label}", what.question(),
                          QMessageBox.StandardButton.Cancel, self.window)  # type: ignore[arg-type]
        box.setObjectName("approveConfirmBox")
        approve = box.addButton("&Approve", QMessageBox.ButtonRole.AcceptRole)
        approve.setObjectName("approveConfirmButton")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # an approval is for ever: not by Enter
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()
        return box.clickedButton() is approve

    # ------------------------------------------------------------ merging

    def choose_and_merge(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Merge review from a copy of this policy", "",
                                              "Policy files (*.policy)")
        if path:
            self.merge_from(path)

    def merge_from(self, path: str) -> bool:
        """Merge a reviewer's copy in a worker, with a busy progress dialog; the report follows."""
        work = self._try(lambda: self.controller.merge_work(path), title="Cannot merge")
        if work is FAILED:
            return False
        progress = QProgressDialog("Merging the review…", "", 0, 0, self.window)
        progress.setObjectName("mergeProgress")
        progress.setCancelButton(None)  # a merge is one transaction per item: it runs to its end
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.show()
        self.merge_progress = progress
        self.merge_job = jobs.start(work, self._merged, self._merge_failed)
        return True

    @property
    def merging(self) -> bool:
        return self.merge_job is not None

    def _merge_ended(self) -> None:
        self.merge_job = None
        if self.merge_steps is not None:
            self.merge_steps.end()
        elif self.merge_progress is not None:
            self.merge_progress.close()
            self.merge_progress.deleteLater()
        self.merge_progress, self.merge_steps = None, None

    def _merged(self, report: MergeReport) -> None:
        self._merge_ended()
        self.last_report = report
        self.controller.merged()
        self.window.statusBar().showMessage(report.summary(), 10000)
        details = "\n".join(f"• {line}" for line in report.lines + report.skipped)
        QMessageBox.information(self.window, "Review merged",
                                report.summary() + (f"\n\n{details}" if details else ""))

    def choose_and_merge_word(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Merge review from a document returned from Word", "",
            f"Documents ({' '.join('*' + s for s in IMPORT_SUFFIXES)})")
        if path:
            self.merge_word_from(path)

    def merge_word_from(self, path: str) -> bool:
        """Bring a returned document into the draft in a worker, with progress; its changes then show
        as the draft's tracked changes against the version sent, to accept or reject one by one."""
        progress = QProgressDialog("Reading the document…", "", 0, 2, self.window)
        progress.setObjectName("mergeWordProgress")
        progress.setCancelButton(None)  # one transaction: it runs to its end
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        reporter = _ProgressSignal(progress)
        steps = _Steps(progress)
        reporter.stepped.connect(steps.show)
        work = self._try(lambda: self.controller.merge_word_work(path, reporter.stepped.emit),
                         title="Cannot merge")
        if work is FAILED:
            progress.deleteLater()
            return False
        progress.show()
        self.merge_progress, self.merge_steps = progress, steps
        self.merge_job = jobs.start(work, self._word_merged, self._merge_failed)
        return True

    def _word_merged(self, merged: ImportedInto) -> None:
        self._merge_ended()
        session = self.window.session
        if session is not None:  # the file holds the merged draft; the window's becomes it (Undo undoes it)
            self.window.push(replace_policy(session.document, merged.policy, "Merge review from Word"))
        self.controller.word_merged(merged)
        if merged.base is not None:
            self.window.select_base(merged.base)
        self.last_word_merge = merged
        self.window.statusBar().showMessage(f"Merged the review from Word: {merged.summary}.", 10000)
        notes = "\n".join(f"\u2022 {line}" for line in merged.report)
        against = f" (tracked against version {merged.base})" if merged.base else ""
        QMessageBox.information(self.window, "Review merged from Word",
                                sentence(merged.summary + against) + (f"\n\n{notes}" if notes else ""))

    def _merge_failed(self, message: str) -> None:
        self._merge_ended()
        QMessageBox.warning(self.window, "Cannot merge", sentence(message.splitlines()[0]))

    # ------------------------------------------------------------ errors

    def _try(self, action, title: str = "Cannot do that"):  # type: ignore[no-untyped-def]
        """Run `action`; a PolicyError (a person's mistake) is told in a dialog and gives FAILED."""
        try:
            return action()
        except PolicyError as error:
            QMessageBox.warning(self.window, title, sentence(str(error)))
            return FAILED
