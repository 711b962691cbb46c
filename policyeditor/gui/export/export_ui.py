"""File ▸ Export… for the window: the export dialog on the open policy, and its request from the choices.

The request reads the chosen versions from the policy file on the UI thread
(quick); the writing runs in the dialog's worker.
"""

from __future__ import annotations

from pathlib import Path

from policyeditor.app.export import ExportRequest
from policyeditor.core.errors import PolicyError
from policyeditor.core.model import Status
from policyeditor.core.records import replace
from policyeditor.diff.blame import Step
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.gui.export.export_dialog import ExportChoices, ExportDialog
from policyeditor.gui.session import Session
from policyeditor.gui.style.theme import RedlineColours
from policyeditor.review.comments import Thread, redline_comments
from policyeditor.review.credits import chain
from policyeditor.review.verify import standing_problems


class ExportRequests:
    """Makes `ExportRequest`s from a dialog's choices for one session."""

    def __init__(self, session: Session, threads: list[Thread], author: str,
                 colours: RedlineColours | None = None) -> None:
        self.session = session
        self.threads = threads
        self.author = author
        self.colours = colours or RedlineColours()

    def _text(self, label: str | None):  # type: ignore[no-untyped-def]
        """(policy, info, name) of a version, or of what the window shows as the draft."""
        session = self.session
        # a DOCX names the policy it came from, so it is brought back only into it
        policy_id = session.file.policy_id() if session.file is not None else ""
        if label is None:
            if session.version is not None:
                self._shows_approved(session.version.label, session.version.status)
                return session.document.policy.copy(), replace(ExportInfo.from_version(session.version),
                                                               policy_id=policy_id), session.version.label
            return (session.document.policy.copy(),
                    ExportInfo(None, Status.DRAFT, author=self.author, policy_id=policy_id), "Draft")
        version = session.load_version(label)
        self._shows_approved(label, version.status)
        return version.policy, replace(ExportInfo.from_version(version), policy_id=policy_id), label

    def _shows_approved(self, label: str, status: Status) -> None:
        """Refuse to export as approved a version whose record does not show it so (refs.load_ref too)."""
        pf = self.session.file
        if status.locked and pf is not None and (problems := standing_problems(pf, label)):
            raise PolicyError(f"version {label} is marked {status.title.lower()}, but the file does not show "
                              f"it so: {problems[0]}")

    def __call__(self, choices: ExportChoices) -> ExportRequest:
        if not choices.path.name or choices.path.name.startswith("."):
            raise PolicyError("give the export a file name")
        policy, info, name = self._text(choices.version)
        request = ExportRequest(choices.format.kind, policy, info, choices.path, name, toc=choices.toc,
                                colours=self.colours, author=self.author)
        if choices.against is None:
            return request
        if choices.against == choices.version:
            raise PolicyError("a redline needs two different texts: redline against another version")
        base, base_info, base_name = self._text(choices.against)
        wanted = choices.comments and choices.format.kind == "docx"
        # an approved version's review threads are all resolved (approval needs it): kept, marked done;
        # the base's open threads on its words, kept or deleted
        comments = redline_comments(self.threads, choices.version, self.threads, choices.against,
                                    resolved=info.status.locked) if wanted else []
        # the draft's moves are credited to the sections that moved, as the window's redline has them
        moved = frozenset(self.session.document.moved) if choices.version is None and \
            self.session.version is None else frozenset()
        return ExportRequest(choices.format.kind, policy, info, choices.path, name, base, base_info,
                             base_name, comments, style=choices.format.style, colours=self.colours,
                             author=self.author, steps=self._chain(choices.against, choices.version, policy),
                             moved=moved)

    def _chain(self, old: str, new: str | None, policy) -> list[Step]:  # type: ignore[no-untyped-def]
        """The versions from `old` to `new` (None: the draft shown), for the export to credit each change."""
        session = self.session
        if session.file is None or session.compare_base is not None:
            return []
        if new is None and session.version is not None:
            new = session.version.label
        return chain(session.file, old, new, draft=policy, editor=self.author)


def export_dialog(session: Session, threads: list[Thread], author: str, parent,  # type: ignore[no-untyped-def]
                  colours: RedlineColours | None = None) -> ExportDialog:
    """The export dialog for the open policy: its versions, a default folder beside the file.

    `colours` (default: the standard ones) mark the blackline DOCX and the redline PDF.
    """
    versions = [(info.label, info.status) for info in session.versions()]
    folder = session.path.parent if session.path is not None else Path.home()
    if session.path is None and session.source:
        folder = Path(session.source.split("@")[0]).parent
    return ExportDialog(session.document.policy.title, versions, folder,
                        ExportRequests(session, threads, author, colours), parent, session.unverified())
