"""Typing in the inline view reads back only the block a keystroke edited, and makes the draft a
whole read makes.

The inline view keeps the scratch document of the section it edits from one
keystroke to the next (`inline_edit.BodyEdit`, read back by the side-by-side
editor's `BlockReader`). The same keys typed with a scratch document filled
afresh from the draft and read whole at every keystroke (as the view did before)
must give the same draft after every key: at a paragraph's start, middle and
end, across paragraph breaks (Enter, Backspace and Delete joining), in a list
item and in a table cell.
"""

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from policyeditor.core.model import Policy, Section, Status
from policyeditor.gui.editing import inline_edit
from policyeditor.gui.editing.inline_view import InlineRedlineView
from policyeditor.gui.editing.rich_text import document_body, fill_document
from policyeditor.store.policyfile import PolicyFile
from tests.gui.waiting import settled, wait_open

OLD = ("We collect account data to run the service.\n\nWe keep it for two years.\n\n"
       "- first item\n- second item\n\n| Kind | Kept |\n| --- | --- |\n| Mail | 3 years |")
NEW = ("We collect account and **usage** data to run the service.\n\nWe keep it for three years.\n\n"
       "- first item\n- second changed item\n\n| Kind | Kept |\n| --- | --- |\n| Mail | 5 years |")
BACK, DELETE, ENTER = Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Return

# (words the view shows, characters into them, the keys typed there)
STEPS = [
    ("We collect account", 0, list("Now ")),                        # a paragraph's start
    ("usage data", len("usage"), list(" facts")),                   # its middle, in bold words
    ("run the service.", len("run the service."), list(" Daily.")),  # its end (a trailing space first)
    ("Daily.", 1, [DELETE, BACK]),                                  # Delete and Backspace in a word
    ("second changed item", len("second"), list(" new")),           # a list item
    ("second new changed", len("second new "), [ENTER, *"then "]),  # an item split in two
    ("5 years", len("5 "), [*"more ", BACK]),                       # a table cell
    ("keep it for", len("keep "), [ENTER, *"Then "]),                # a paragraph break, typed after
    ("We keep", 0, [BACK]),                                         # Backspace joins two paragraphs
    ("three years.", len("three years."), [DELETE]),                # Delete joins one with the list
]
TYPED = ("Now We collect account and **usage facts** data to run the service. ily.We keep\n\n"
         "Then it for three years.first item\n\n- second new\n- then changed item\n\n"
         "| Kind | Kept |\n| --- | --- |\n| Mail | 5 moreyears |")


@pytest.fixture
def edited_policy(tmp_path) -> Path:
    """A .policy whose approved 1.0 is OLD and whose draft is NEW: struck words between the draft's."""
    old = Policy("Terms", [Section("Data", OLD, id="data")])
    new = Policy("Terms", [Section("Data", NEW, id="data")])
    path = tmp_path / "terms.policy"
    with PolicyFile.create(path, old, author="Test") as pf:
        pf.save_version(old, "1.0", author="Test", status=Status.APPROVED)
        pf.save_draft(new)
    return path


def _type_steps(qtbot, path: Path) -> list[str]:
    """The draft body after every key of STEPS typed in the inline view of a fresh window."""
    from policyeditor.gui.window.app import settings
    from policyeditor.gui.window.main_window import INLINE, MainWindow

    window = MainWindow(settings())
    qtbot.addWidget(window)
    window.show()
    window.open_path(str(path))
    wait_open(qtbot, window)
    window.set_view(INLINE)
    settled(qtbot, window)
    view = window.inline_view
    view.setFocus()
    bodies: list[str] = []
    for words, at, keys in STEPS:
        found = view.document().find(words, 0, QTextDocument.FindFlag.FindCaseSensitively)
        assert not found.isNull(), words
        cursor = view.textCursor()
        cursor.setPosition(found.selectionStart() + at)
        view.setTextCursor(cursor)
        for key in keys:
            qtbot.keyClick(view, key)
            bodies.append(window.session.document.section("data").body)
            kept = view._edit
            if kept is not None:  # the kept document reads back as a whole read does
                edit = kept[1]
                assert edit.body == document_body(edit.document)
                if edit.fresh:  # and is laid out as the draft body filled afresh
                    assert edit.document.toRawText() == fill_document(QTextDocument(), edit.body).toRawText()
            settled(qtbot, window)
    window.close()
    return bodies


def test_inline_typing_gives_the_draft_a_whole_read_gives(qtbot, edited_policy, monkeypatch):
    made: list[str] = []
    made_before = inline_edit.BodyEdit.__init__

    def counted(self, body: str) -> None:
        made.append(body)
        made_before(self, body)

    monkeypatch.setattr(inline_edit.BodyEdit, "__init__", counted)
    copy = edited_policy.with_name("copy.policy")  # the first window saves its draft into its file
    shutil.copyfile(edited_policy, copy)
    kept = _type_steps(qtbot, edited_policy)
    keys = sum(len(k) for _, _, k in STEPS)
    assert len(kept) == keys and kept[-1] == TYPED
    # the scratch document was kept across keys: filled again for the first edit at another
    # place, and after a paragraph break or white space the body does not hold
    assert len(made) < keys / 2, len(made)

    fresh_each_key = InlineRedlineView._body_edit

    def filled_afresh(self, section_id: str) -> inline_edit.BodyEdit:
        self._edit = None  # as the view did before: filled from the draft and read whole each key
        return fresh_each_key(self, section_id)

    monkeypatch.setattr(InlineRedlineView, "_body_edit", filled_afresh)
    made.clear()
    whole = _type_steps(qtbot, copy)
    assert len(made) > keys / 2
    assert kept == whole  # key by key
