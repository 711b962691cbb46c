"""The comments panel: every thread with its quote, author and state, filters, reply and resolve.

A view only: it shows the `Thread`s it is given (`set_threads`) and turns a
person's gestures into signals; the main window runs the core operations they
ask for and calls `set_threads` again. Filtering is `review.comments.filter_threads`.

Signals:
- `threadActivated(thread_id)`: a thread was clicked; scroll to and select its words.
- `replyRequested(thread_id, text)`: the reply box was submitted (text not empty).
- `resolveRequested(thread_id, resolved)`: Resolve (True) or Reopen (False) was pressed.
- `editRequested(comment_id, body)` / `deleteRequested(comment_id)`: Edit or Delete was pressed;
  they act on the newest comment of the chosen thread written by the user (`set_user`).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from policyeditor.core.people import same_person
from policyeditor.gui.style.theme import roles
from policyeditor.gui.style.times import local_time
from policyeditor.review.comments import CommentState, Thread, filter_threads

ALL_AUTHORS = "All authors"
STATES: list[tuple[str, CommentState | None]] = [
    ("All", None), ("Open", CommentState.OPEN), ("Resolved", CommentState.RESOLVED)]
QUOTE_CHARS = 60  # a longer quote is cut in the list; the detail shows it whole


def thread_label(thread: Thread, number: str = "") -> str:
    """One line of the list: section number, quote, first author, state, replies, outdated mark."""
    quote = " ".join(thread.anchor.quote.split())  # one line: a quote over two paragraphs, one space
    if len(quote) > QUOTE_CHARS:
        quote = quote[:QUOTE_CHARS - 1] + "…"
    replies = len(thread.replies)
    parts = [f"{number}  " if number else "", f"“{quote}” — {thread.root.author}",
             f" · {thread.state.value.capitalize()}"]
    if replies:
        parts.append(f" · {replies} {'reply' if replies == 1 else 'replies'}")
    if thread.outdated:
        parts.append(" · outdated")
    return "".join(parts)


def thread_html(thread: Thread) -> str:
    """The whole thread for the detail pane: quote, then each comment with author and time."""
    mark = " <b>(outdated: these words are no longer in the text)</b>" if thread.outdated else ""
    parts = [f"<p><i>“{escape(thread.anchor.quote)}”</i>{mark}</p>"]
    muted = roles().muted.name()
    for comment in thread.comments:
        body = "<i>deleted</i>" if comment.deleted else escape(comment.body).replace("\n", "<br>")
        edited = " (edited)" if comment.edited and not comment.deleted else ""
        parts.append(f"<p><b>{escape(comment.author)}</b> "
                     f"<span style='color: {muted}'>{escape(local_time(comment.created))}{edited}</span>"
                     f"<br>{body}</p>")
    return "\n".join(parts)


class CommentsPanel(QWidget):
    """All comment threads of the policy, filtered by state and author, with reply and resolve."""

    threadActivated = Signal(str)
    replyRequested = Signal(str, str)
    resolveRequested = Signal(str, bool)
    editRequested = Signal(str, str)
    deleteRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commentsPanel")
        self._threads: list[Thread] = []
        self._numbers: dict[str, str] = {}
        self._user = ""

        self.state_filter = QComboBox(objectName="commentStateFilter")
        for text, _ in STATES:
            self.state_filter.addItem(text)
        self.author_filter = QComboBox(objectName="commentAuthorFilter")
        self.author_filter.addItem(ALL_AUTHORS)
        self.list = QListWidget(objectName="commentThreads")
        self.list.setWordWrap(True)
        self.detail = QTextBrowser(objectName="commentThreadDetail")
        self.reply_edit = QLineEdit(objectName="commentReply", placeholderText="Reply…")
        self.reply_button = QPushButton("Reply", objectName="commentReplyButton")
        self.resolve_button = QPushButton("Resolve", objectName="commentResolveButton")
        self.edit_button = QPushButton("Edit", objectName="commentEditButton")
        self.edit_button.setToolTip("Change the text of your newest comment in this thread")
        self.delete_button = QPushButton("Delete", objectName="commentDeleteButton")
        self.delete_button.setToolTip("Delete your newest comment in this thread (listed as deleted)")
        self.count_label = QLabel(objectName="commentCount")

        filters = QHBoxLayout()
        filters.addWidget(self.state_filter)
        filters.addWidget(self.author_filter, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.reply_edit, 1)
        actions.addWidget(self.reply_button)
        actions.addWidget(self.resolve_button)
        own = QHBoxLayout()
        own.addStretch(1)
        own.addWidget(self.edit_button)
        own.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.count_label)
        layout.addWidget(self.list, 2)
        layout.addWidget(self.detail, 1)
        layout.addLayout(actions)
        layout.addLayout(own)

        self.state_filter.currentIndexChanged.connect(self._refill)
        self.author_filter.currentIndexChanged.connect(self._refill)
        self.list.currentItemChanged.connect(self._show_current)
        self.list.itemClicked.connect(lambda item: self.threadActivated.emit(item.data(Qt.UserRole)))
        self.reply_edit.returnPressed.connect(self._submit_reply)
        self.reply_button.clicked.connect(self._submit_reply)
        self.resolve_button.clicked.connect(self._toggle_resolved)
        self.edit_button.clicked.connect(self._edit_own)
        self.delete_button.clicked.connect(self._delete_own)
        self._show_current()

    # -- API ---------------------------------------------------------------------------

    def set_threads(self, threads: list[Thread], numbers: dict[str, str] | None = None) -> None:
        """Show these threads (keeping the filters and the selected thread where it still shows).

        `numbers` maps section ids to their outline numbers, shown before each quote.
        """
        self._threads = list(threads)
        self._numbers = dict(numbers or {})
        authors = sorted({a for t in self._threads for a in t.authors})
        chosen = self.author_filter.currentText()
        self.author_filter.blockSignals(True)
        self.author_filter.clear()
        self.author_filter.addItems([ALL_AUTHORS, *authors])
        self.author_filter.setCurrentIndex(max(0, self.author_filter.findText(chosen)))
        self.author_filter.blockSignals(False)
        self._refill()

    def set_user(self, name: str) -> None:
        """Whose comments Edit and Delete may change."""
        self._user = name
        self._show_current()

    def own_comment(self):  # type: ignore[no-untyped-def]
        """The user's newest comment (not deleted) in the chosen thread, or None."""
        thread = self.current_thread()
        if thread is None:
            return None
        return next((c for c in reversed(thread.comments)
                     if same_person(c.author, self._user) and not c.deleted), None)

    def visible_threads(self) -> list[Thread]:
        """The threads the filters let through, in the order shown."""
        state = STATES[self.state_filter.currentIndex()][1]
        author = self.author_filter.currentText()
        return filter_threads(self._threads, state=state,
                              author=None if author in ("", ALL_AUTHORS) else author)

    def current_thread(self) -> Thread | None:
        """The selected thread, or None."""
        item = self.list.currentItem()
        if item is None:
            return None
        wanted = item.data(Qt.UserRole)
        return next((t for t in self._threads if t.id == wanted), None)

    def select_thread(self, thread_id: str) -> bool:
        """Select the thread with this id if it is shown; whether it was."""
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.UserRole) == thread_id:
                self.list.setCurrentRow(row)
                return True
        return False

    # -- internals ---------------------------------------------------------------------

    def _refill(self) -> None:
        current = self.current_thread()
        self.list.blockSignals(True)
        self.list.clear()
        for thread in self.visible_threads():
            item = QListWidgetItem(thread_label(thread, self._numbers.get(thread.anchor.section_id, "")))
            item.setData(Qt.UserRole, thread.id)
            item.setToolTip(thread.anchor.quote)
            if thread.outdated or thread.state == CommentState.RESOLVED:
                item.setForeground(roles().muted)  # the theme's, current even before the panel is shown
            self.list.addItem(item)
        self.list.blockSignals(False)
        if current is None or not self.select_thread(current.id):
            self.list.setCurrentRow(-1)
        open_count = sum(1 for t in self._threads if t.state == CommentState.OPEN)
        self.count_label.setText(f"{open_count} open of {len(self._threads)}")
        self._show_current()

    def _show_current(self, *_: object) -> None:
        thread = self.current_thread()
        self.detail.setHtml(thread_html(thread) if thread else "")
        for widget in (self.reply_edit, self.reply_button, self.resolve_button):
            widget.setEnabled(thread is not None)
        resolved = thread is not None and thread.state == CommentState.RESOLVED
        self.resolve_button.setText("Reopen" if resolved else "Resolve")
        own = self.own_comment()
        self.edit_button.setEnabled(own is not None)
        self.delete_button.setEnabled(own is not None)

    def _submit_reply(self) -> None:
        thread = self.current_thread()
        text = self.reply_edit.text().strip()
        if thread is None or not text:
            return
        self.replyRequested.emit(thread.id, text)
        self.reply_edit.clear()

    def _edit_own(self) -> None:
        own = self.own_comment()
        if own is not None:
            self.editRequested.emit(own.id, own.body)

    def _delete_own(self) -> None:
        own = self.own_comment()
        if own is not None:
            self.deleteRequested.emit(own.id)

    def _toggle_resolved(self) -> None:
        thread = self.current_thread()
        if thread is not None:
            self.resolveRequested.emit(thread.id, thread.state != CommentState.RESOLVED)
