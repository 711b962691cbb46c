"""Every QAction of the window, with its text, shortcut and objectName, in one table.

The window connects them (`actions["save"].triggered.connect(...)`); a test
checks that every shortcut parses, none is used twice, and none takes a key
the text being edited needs (a platform's standard editing keys).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

StandardKey = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    name: str                                   # key in the dict and the objectName's tail
    text: str
    shortcut: str | StandardKey | None = None
    tip: str = ""
    checkable: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("newPolicy", "&New Policy", StandardKey.New, "Start an empty policy (saved as .policy)"),
    ActionSpec("open", "&Open…", StandardKey.Open, "Open a policy or import a document"),
    ActionSpec("openFromLibrary", "Open from &Library…", "Ctrl+Shift+L",
               "Open a policy from the team library (its offline copy is made or refreshed)"),
    ActionSpec("importDocument", "&Import…", "Ctrl+Shift+O",
               "Import a Word, PDF, HTML, Markdown or text document as a new draft"),
    ActionSpec("closeDocument", "&Close", StandardKey.Close, "Close the document (asks to save work)"),
    ActionSpec("save", "&Save", StandardKey.Save, "Save the draft now (it is also autosaved)"),
    ActionSpec("saveAs", "Save &As…", "Ctrl+Shift+S", "Save as a new .policy file"),
    ActionSpec("compareFiles", "&Compare Files…", "Ctrl+Shift+M", "Redline any two documents"),
    ActionSpec("export", "&Export…", "Ctrl+E", "Export the draft or a version to DOCX, HTML or PDF"),
    ActionSpec("mergeReview", "&Merge Review from…", tip="Bring in a reviewer's comments and approvals "
               "from their copy of this .policy file"),
    ActionSpec("mergeWord", "Merge Review from &Word…", tip="Bring in a document returned from Word: "
               "its tracked changes and comments become the draft's, credited to their authors"),
    ActionSpec("preferences", "&Preferences…", "Ctrl+,"),
    ActionSpec("quit", "&Quit", "Ctrl+Q"),
    # Edit
    ActionSpec("undo", "&Undo", StandardKey.Undo),
    ActionSpec("redo", "&Redo", StandardKey.Redo),
    ActionSpec("find", "&Find and Replace…", StandardKey.Find),
    ActionSpec("findNext", "Find &Next", StandardKey.FindNext, "Find the next occurrence"),
    ActionSpec("replace", "R&eplace…", StandardKey.Replace, "Replace words across all sections"),
    ActionSpec("bold", "&Bold", StandardKey.Bold, checkable=True),
    ActionSpec("italic", "&Italic", StandardKey.Italic, checkable=True),
    ActionSpec("underline", "&Underline", StandardKey.Underline, checkable=True),
    ActionSpec("bulletList", "Bulleted &List", "Ctrl+Shift+8"),
    ActionSpec("numberedList", "&Numbered List", "Ctrl+Shift+7"),
    # Format
    ActionSpec("outlineNumbering", "Outline &Numbering…", tip="How each outline level is numbered: "
               "1., a), (a), (iv), A.; joined to its parents' numbers (3.2.1) or alone"),
    # Sections
    ActionSpec("addSection", "&Add Section", "Ctrl+Shift+N", "Add a section after the current one"),
    ActionSpec("deleteSection", "&Delete Section", "Ctrl+Shift+Del"),
    ActionSpec("renameSection", "Re&name Section", "F2"),
    # Word's outline keys; Ctrl+Shift+Left/Right select words in the text being edited
    ActionSpec("moveUp", "Move Section &Up", "Alt+Shift+Up"),
    ActionSpec("moveDown", "Move Section Do&wn", "Alt+Shift+Down"),
    ActionSpec("indent", "&Indent Section", "Alt+Shift+Right"),
    ActionSpec("outdent", "&Outdent Section", "Alt+Shift+Left"),
    # View
    ActionSpec("viewSideBySide", "&Side by Side", "Ctrl+1", checkable=True),
    ActionSpec("viewInline", "&Inline Redline", "Ctrl+2", checkable=True),
    ActionSpec("viewDraft", "&Draft Only", "Ctrl+3", checkable=True),
    ActionSpec("hideEditorial", "Hide &Editorial Changes", tip="Leave out changes of only punctuation, "
               "case, spacing, quotes or numbering", checkable=True),
    ActionSpec("zoomIn", "Zoom &In", StandardKey.ZoomIn),
    ActionSpec("zoomOut", "Zoom &Out", StandardKey.ZoomOut),
    ActionSpec("zoomReset", "&Actual Size", "Ctrl+0"),
    ActionSpec("themeSystem", "&System", tip="Follow the system's light or dark look", checkable=True),
    ActionSpec("themeLight", "&Light", tip="Dark text on a light page", checkable=True),
    ActionSpec("themeDark", "&Dark", tip="Light text on a dark page", checkable=True),
    # Review
    ActionSpec("comment", "&Comment…", "Ctrl+Alt+M", "Comment on the selected words"),
    ActionSpec("saveVersion", "Save &Version…", "Ctrl+Alt+S", "Save the draft as a new version"),
    ActionSpec("submitForReview", "Su&bmit for Review", tip="Send the chosen version to its reviewers"),
    ActionSpec("withdrawVersion", "&Withdraw from Review", tip="Take the chosen version back to Draft"),
    ActionSpec("approveVersion", "Appro&ve Version", tip="Approve the chosen version under your name"),
    ActionSpec("publishVersion", "P&ublish Version", tip="Publish the chosen approved version"),
    ActionSpec("nextChange", "&Next Change", "F8"),
    ActionSpec("previousChange", "&Previous Change", "Shift+F8"),
    ActionSpec("acceptChange", "&Accept Change", "Ctrl+Alt+A"),
    ActionSpec("rejectChange", "&Reject Change", "Ctrl+Alt+R"),
    ActionSpec("acceptSection", "Accept Section's Changes", "Ctrl+Alt+Shift+A"),
    ActionSpec("rejectSection", "Reject Section's Changes", "Ctrl+Alt+Shift+R"),
    ActionSpec("acceptAll", "Accept All Changes"),
    ActionSpec("rejectAll", "Reject All Changes"),
    # Help
    ActionSpec("about", "&About Policy Editor"),
)


def action_object_name(name: str) -> str:
    return "action" + name[0].upper() + name[1:]


def make_actions(parent: QWidget) -> dict[str, QAction]:
    """One QAction per spec, parented to `parent` (the window), keyed by spec name."""
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(spec.text, parent)
        action.setObjectName(action_object_name(spec.name))
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
        action.setCheckable(spec.checkable)
        actions[spec.name] = action
    return actions
