"""Before a document is let go (quit, close, another document opened): its work kept, or let go on purpose.

A .policy file's draft is autosaved into the file; what the autosave has not
written yet is written now, without asking; when the file refuses it, one box
says why and offers Save a copy elsewhere. A draft with no .policy file (an
imported document edited, a new policy, a recovered draft) asks Save / Don't
Save / Cancel; Save is Save As, and cancelling its dialog cancels the whole.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from policyeditor.core.errors import PolicyError
from policyeditor.gui.session import Session

Button = QMessageBox.StandardButton
TITLE = "Save changes?"


def question(session: Session) -> str:
    return (f"“{session.name}” has changes that are not saved in a policy file. "
            "Save them before it closes?")


def not_saved_question(error: PolicyError) -> str:
    """A .policy file's draft its file refused: why, what that means, the offer; one box."""
    why = str(error).rstrip(".")
    return (f"{why}. The changes made since its last save are only in this window. "
            "Save a copy elsewhere?")


def settle(parent: QWidget, session: Session | None, save_as: Callable[[], bool],
           let_go: Callable[[], None]) -> bool:
    """True when `session` may be closed now: its work saved, or let go (`let_go` called).

    False (Cancel, or a Save As dialog cancelled or failed): keep it open as it is.
    """
    if session is None or session.read_only:
        return True
    if session.file is not None:
        if not session.autosave_pending and session.undo_stack.isClean():
            return True
        try:
            session.save()  # the autosave's write, done now
            return True
        except PolicyError as error:
            def drop() -> None:  # Don't Save: closing tries no second write (and no second box)
                session.drop_unsaved()
                let_go()

            return _ask(parent, not_saved_question(error), save_as, drop)
    if not session.unsaved:
        return True
    return _ask(parent, question(session), save_as, let_go)


def _ask(parent: QWidget, text: str, save_as: Callable[[], bool], let_go: Callable[[], None]) -> bool:
    answer = QMessageBox.question(parent, TITLE, text, Button.Save | Button.Discard | Button.Cancel,
                                  Button.Save)
    if answer == Button.Save:
        return save_as()
    if answer == Button.Discard:
        let_go()
        return True
    return False
