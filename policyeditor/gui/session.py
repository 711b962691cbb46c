"""One open policy in the window: where it came from, its draft, undo history and autosave.

A `.policy` opens for writing (locked against other writers) and its draft is
autosaved into the file itself, `AUTOSAVE_MS` after the last change, through
`PolicyFile.save_draft` (one transaction; a few milliseconds, so on the UI
thread: see tests/perf/bench_typing.py). A `FILE.policy@LABEL` opens that
version read-only. Any other document is imported into a draft that lives
only in memory until Save As creates a `.policy`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from policyeditor.core.draft import Draft, DraftEvent
from policyeditor.core.errors import PolicyError
from policyeditor.core.model import Policy, Section, Version
from policyeditor.gui.debounce import Debouncer
from policyeditor.gui.editing import parsed
from policyeditor.refs import POLICY_SUFFIX, Loaded, comparable, load_ref, split_ref
from policyeditor.review import verify
from policyeditor.review.workflow import Workflow
from policyeditor.store.policyfile import PolicyFile, VersionInfo

AUTOSAVE_MS = 2000


@dataclass
class Opened:
    """What opening a REF read, before it becomes a `Session`: plain objects, safe to make in a worker.

    `prepare()` (in the worker too) reads ahead what the window would otherwise
    read on the UI thread; `discard()` lets go of the file when the open was cancelled.
    """

    document: Draft
    name: str
    policy_file: PolicyFile | None = None
    version: Version | None = None
    report: list[str] = field(default_factory=list)
    source: str = ""
    compare_base: Loaded | None = None
    draft_name: str = "Draft"
    opened_policy: Policy | None = None  # a copy of the draft as read (Undo never reaches it)
    bases: dict[str, Policy] = field(default_factory=dict)  # versions read ahead, by label
    born_unsaved: bool = False  # a new policy or a recovered draft: unsaved before any edit

    def prepare(self, remembered_base: str | None = None) -> None:
        """Read ahead, off the UI thread: the base version to show, the draft's copy, parsed bodies.

        The base is `remembered_base` when the file has that version, else the
        `default_base`, as the window's base combo chooses.
        """
        self.opened_policy = self.document.policy.copy()
        if self.policy_file is not None and self.compare_base is None:
            labels = {info.label for info in self.policy_file.versions()}
            label = remembered_base if remembered_base in labels else default_base(self.policy_file,
                                                                                   self.version)
            if label is not None:
                self.bases[label] = self.policy_file.version(label).policy
        base = self.compare_base.policy if self.compare_base is not None else None
        parsed.warm(self.document.policy, base, *self.bases.values())  # the panes find them parsed

    def discard(self) -> None:
        if self.policy_file is not None:
            self.policy_file.close()
            self.policy_file = None


def read(ref: str, *, read_only: bool = False) -> Opened:
    """Read what a REF names (no Qt object made: callable from a worker thread).

    A `.policy` opens for writing (FileInUseError when another program has it so:
    the window asks, then opens it again with `read_only`); a `FILE.policy@LABEL`
    is that version, read-only; any other document is imported.
    PolicyError subclasses (one sentence) when it cannot be read.
    """
    path, label = split_ref(ref)
    if path.suffix.lower() == POLICY_SUFFIX and label is None:
        pf = PolicyFile.open(path, readonly=read_only)
        try:
            draft = pf.load_draft()
            moved, decisions = pf.load_tracking()  # moves and accepted changes outlive the session
        except BaseException:
            pf.close()
            raise
        suffix = " (read-only)" if pf.readonly else ""
        return Opened(Draft(draft, moved=moved, decisions=decisions), path.name + suffix, policy_file=pf,
                      source=str(path))
    loaded = load_ref(ref)
    if loaded.version is not None:  # a version: shown read-only, beside its own file's history
        pf = PolicyFile.open(path, readonly=True)
        return Opened(Draft(loaded.policy), loaded.name, policy_file=pf, version=loaded.version,
                      source=ref,
                      draft_name=f"Version {loaded.version.label} ({loaded.version.status.title})")
    return Opened(Draft(loaded.policy), loaded.name, report=loaded.report, source=ref)


def new_policy() -> Opened:
    """File ▸ New Policy: one empty section, no file yet (Save asks where)."""
    policy = Policy(title="Untitled policy", sections=[Section(heading="New section")])
    return Opened(Draft(policy), "Untitled policy", born_unsaved=True)


def restored(draft: Policy, name: str, source: str, report: list[str]) -> Opened:
    """A draft recovered after a crash, shown as the imported document it was: unsaved."""
    return Opened(Draft(draft), name, report=list(report), source=source, born_unsaved=True)


def default_base(file: PolicyFile | None, version: Version | None,
                 unverified: Mapping[str, str] | None = None) -> str | None:
    """The label to compare with: a version's parent, else the newest approved, else the newest version.

    An approved version in `unverified` (its record does not show the approval: `Session.unverified`)
    is passed over: its status is not taken on trust here either."""
    if file is None:
        return None
    if version is not None:  # a version on show compares with its parent
        return version.parent
    versions = file.versions()
    standing = verify.newest_standing([(info.label, info.status) for info in versions], unverified)
    return standing or (versions[-1].label if versions else None)


def read_compared(old_ref: str, new_ref: str) -> Opened:
    """Read two documents (any REF) to redline, read-only, with no policy file made."""
    old, new = load_ref(old_ref), load_ref(new_ref)
    # two titles that are only file names are compared as one: the base takes the new file's, so
    # the draft shown (and exported) keeps its own
    _, base = comparable(new, old)
    return Opened(Draft(new.policy), f"{old.name} → {new.name}", report=old.report + new.report,
                  source=new_ref, compare_base=replace(old, policy=base), draft_name=new.name)


class Session(QObject):
    """An open policy (or imported document, or read-only version) and its draft."""

    saved = Signal(str)          # after the draft was written: the time, ISO 8601
    saveFailed = Signal(str)     # noqa: N815  an autosave could not write: the reason, one sentence
    versionsChanged = Signal()   # noqa: N815

    def __init__(self, document: Draft, name: str, *, policy_file: PolicyFile | None = None,
                 version: Version | None = None, report: list[str] | None = None,
                 source: str = "", compare_base: Loaded | None = None,
                 opened_policy: Policy | None = None, bases: dict[str, Policy] | None = None) -> None:
        super().__init__()
        self.compare_base = compare_base  # set for Compare Files: the old side, no file behind it
        self.draft_name = "Draft"          # what the right pane is called
        self.document = document
        self.name = name
        self.file = policy_file
        self.version = version           # set when showing a version read-only
        self.report = report or []
        self.source = source             # the REF it was opened from
        self.opened_policy = opened_policy if opened_policy is not None else document.policy.copy()
        self._read_ahead = dict(bases or {})  # versions read by `Opened.prepare`, each used once
        self.undo_stack = QUndoStack(self)
        self.last_save_ms = 0.0
        self.born_unsaved = False  # see Opened.born_unsaved; Save As makes it saved
        self.save_error: str | None = None  # why the last save failed: the draft is not all in its file
        self.editor: Callable[[], str] = lambda: ""  # who edits here (the window's user), named by saves
        self._autosaver = Debouncer(AUTOSAVE_MS, self.autosave, self)  # waits for the typist to pause
        self._unsubscribe = document.subscribe(self._on_change)

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, ref: str) -> Session:
        """Open what a REF names; PolicyError subclasses (one sentence) when it cannot."""
        return cls.from_opened(read(ref))

    @classmethod
    def compare(cls, old_ref: str, new_ref: str) -> Session:
        """Two documents (any REF) to redline, read-only, with no policy file made."""
        return cls.from_opened(read_compared(old_ref, new_ref))

    @classmethod
    def from_opened(cls, opened: Opened) -> Session:
        """The session over what `read` or `read_compared` read (on the UI thread: a Session is a QObject)."""
        session = cls(opened.document, opened.name, policy_file=opened.policy_file, version=opened.version,
                      report=opened.report, source=opened.source, compare_base=opened.compare_base,
                      opened_policy=opened.opened_policy, bases=opened.bases)
        session.draft_name = opened.draft_name
        session.born_unsaved = opened.born_unsaved
        return session

    @property
    def read_only(self) -> bool:
        return self.version is not None or self.compare_base is not None or (
            self.file is not None and self.file.readonly)

    @property
    def unsaved(self) -> bool:
        """Whether closing now would lose work: a draft with no .policy file, new or edited.

        A .policy file's draft is never lost (autosaved, and saved on closing)."""
        return (self.file is None and not self.read_only
                and (self.born_unsaved or not self.undo_stack.isClean()))

    @property
    def path(self) -> Path | None:
        return self.file.path if self.file is not None else None

    # ------------------------------------------------------------ saving

    def _on_change(self, _event: DraftEvent) -> None:
        if self.file is not None and not self.read_only:
            self._autosaver.trigger()

    @property
    def autosave_pending(self) -> bool:
        return self._autosaver.pending

    def autosave(self) -> None:
        """Write the draft into its file now, as the autosave does: a failure is told (`saveFailed`)."""
        try:
            self.save()
        except PolicyError as error:  # told, and tried again after the next change
            self.saveFailed.emit(str(error))

    def save(self) -> bool:
        """Write the draft into its .policy file now; False when there is no file to write."""
        self._autosaver.cancel()
        if self.file is None or self.read_only:
            return False
        started = time.perf_counter()
        try:
            self.file.save_draft(self.document.policy, moved=self.document.moved,
                                 decisions=self.document.decisions, editor=self.editor())
        except PolicyError as error:
            self.save_error = str(error)
            raise
        self.save_error = None
        self.last_save_ms = (time.perf_counter() - started) * 1000
        self.undo_stack.setClean()
        self.saved.emit(self.file.draft_saved_at() or "")
        return True

    def save_as(self, path: Path, author: str) -> None:
        """Create a new .policy at `path` holding the draft, and continue in it."""
        new_file = PolicyFile.create(path, self.document.policy, author=author)
        try:  # the moves stay credited in the new file; it has no versions, so no decisions on them
            new_file.save_draft(self.document.policy, moved=self.document.moved, decisions={},
                                editor=self.editor())
        except BaseException:
            new_file.close()
            raise
        for base in [base for base in self.document.decisions if base is not None]:
            self.document.set_decisions(base, ())  # a version label of the old file names none here
        if self.file is not None:
            self.file.close()
        self.file = new_file
        self.version = None
        self.name = Path(path).name
        self.source = str(path)
        self.born_unsaved = False
        self.save_error = None
        self.undo_stack.setClean()
        self.versionsChanged.emit()

    # ------------------------------------------------------------ versions

    def versions(self) -> list[VersionInfo]:
        return self.file.versions() if self.file is not None else []

    def approvers(self) -> dict[str, list[str]]:
        """Each approved version's approvers, named with a short fingerprint (for the Versions panel)."""
        from policyeditor.review.approvers import approvers_by_version

        return approvers_by_version(self.file) if self.file is not None else {}

    def unverified(self) -> dict[str, str]:
        """Each version marked approved or later whose record does not show it so, with why: the
        version lists say so instead of its status (review.verify.unverified)."""
        return verify.unverified(self.file) if self.file is not None else {}

    def load_version(self, label: str) -> Version:
        assert self.file is not None
        return self.file.version(label)

    def default_base(self, unverified: Mapping[str, str] | None = None) -> str | None:
        """The label to compare the draft with: newest approved (and not in `unverified`), else the
        newest version."""
        return default_base(self.file, self.version, unverified)

    def save_version(self, label: str, note: str, author: str) -> Version:
        """Save the draft as a new version (parent: the newest version), autosaving the draft first."""
        assert self.file is not None
        self.save()
        latest = self.file.latest()
        # through the workflow: a label an approved or published version holds cannot be saved over
        version = Workflow(self.file).save_version(self.document.policy, label, author=author, note=note,
                                                   parent=latest.label if latest else None)
        self.versionsChanged.emit()
        return version

    def draft_saved_at(self) -> str | None:
        return self.file.draft_saved_at() if self.file is not None else None

    def drop_unsaved(self) -> None:
        """Don't Save: the changes its file could not take are let go on purpose, so closing does not
        try to write them again."""
        self._autosaver.cancel()
        self.undo_stack.setClean()

    def close(self) -> None:
        """Save what is unsaved and let go of the file."""
        if self.file is not None:
            if not self.read_only and not self.undo_stack.isClean():
                self.save()
            self.file.close()
            self.file = None
        self._unsubscribe()

    def policy_for(self, label: str | None) -> Policy:
        """The base a combobox choice names: a version, or (None) the compared file or the draft as opened."""
        if label is None:
            return self.compare_base.policy if self.compare_base is not None else self.opened_policy
        # read ahead once, on opening; later choices read the file (a draft version can be saved over)
        read_ahead = self._read_ahead.pop(label, None)
        return read_ahead if read_ahead is not None else self.load_version(label).policy
