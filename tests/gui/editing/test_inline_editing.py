"""Typing in the inline redline edits the draft, as in Word's redline.

The inline view was read-only (typing there was silently ignored). Now typing in
a section's text edits that section of the draft, the typed words show as
insertions at once, and the base's struck words cannot be edited: typing inside
them types after them, Backspace steps over them.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument

from policyeditor.gui.editing import inline_edit
from policyeditor.gui.window.main_window import INLINE, SIDE_BY_SIDE
from tests.gui.waiting import wait_open

INTRO = "Picopicaengineering respects the privacy of our users."


def settled(qtbot, window):
    qtbot.waitUntil(lambda: not window.busy(), timeout=10_000)


def fragments(view, *, struck: bool | None = None, underlined: bool | None = None) -> list[str]:
    """The inline view's runs of text struck through or underlined (links left out), adjacent runs joined."""
    out: list[str] = []
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        joined = False
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fragment.isValid() and not fmt.anchorHref() \
                    and (struck is None or fmt.fontStrikeOut() == struck) \
                    and (underlined is None or fmt.fontUnderline() == underlined):
                if joined:
                    out[-1] += fragment.text()
                else:
                    out.append(fragment.text())
                joined = True
            else:
                joined = False
            it += 1
        block = block.next()
    return out


def open_inline(qtbot, window, sample_policy):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    window.set_view(INLINE)
    settled(qtbot, window)
    view = window.inline_view
    view.setFocus()
    return view


def find(view, words: str):
    return view.document().find(words, 0, QTextDocument.FindFlag.FindCaseSensitively)


def put_cursor(view, words: str, at: int) -> None:
    """The cursor `at` characters into the first place the view shows `words`."""
    found = find(view, words)
    assert not found.isNull(), words
    cursor = view.textCursor()
    cursor.setPosition(found.selectionStart() + at)
    view.setTextCursor(cursor)


def intro_id(window) -> str:
    return next(s.id for s, _ in window.session.document.policy.walk() if s.body.startswith("Picopica"))


def test_typing_in_the_inline_view_edits_the_draft_and_shows_an_insertion(qtbot, window, sample_policy):
    view = open_inline(qtbot, window, sample_policy)
    put_cursor(view, "respects the privacy", len("respects "))
    qtbot.keyClicks(view, "fully ")
    # at once, before any redline comes back: the draft has the words, the view marks them inserted
    body = window.session.document.section(intro_id(window)).body
    assert body.startswith("Picopicaengineering respects fully the privacy of our users.")
    assert "fully " in "".join(fragments(view, struck=False, underlined=True))
    settled(qtbot, window)
    assert "fully " in fragments(view, struck=False, underlined=True)  # the redline's own drawing
    assert view.textCursor().position() == find(view, "fully ").selectionEnd()
    qtbot.keyClicks(view, "and ")  # the cursor kept its place through the redraw
    settled(qtbot, window)
    assert window.session.document.section(intro_id(window)).body.startswith(
        "Picopicaengineering respects fully and the privacy")
    window.set_view(SIDE_BY_SIDE)
    settled(qtbot, window)
    row = window.compare_view.row_of(intro_id(window))
    assert "respects fully and the privacy" in row.right.toPlainText()
    assert window.findChild(type(window.change_list), "changeList").count() == 1
    # one undo step takes the typing back, as typing side by side
    window.actions["undo"].trigger()
    settled(qtbot, window)
    assert window.session.document.section(intro_id(window)).body.startswith(INTRO)


def test_struck_words_cannot_be_edited_into_a_corrupt_state(qtbot, window, sample_policy):
    view = open_inline(qtbot, window, sample_policy)
    put_cursor(view, "respects the privacy", len("respects the privacy"))
    for _ in " privacy":
        qtbot.keyClick(view, Qt.Key.Key_Backspace)  # the base's words: struck, not removed
    assert window.session.document.section(intro_id(window)).body.startswith(
        "Picopicaengineering respects the of our users.")
    assert "privacy" in "".join(fragments(view, struck=True))
    settled(qtbot, window)
    assert any("privacy" in run for run in fragments(view, struck=True))
    # Backspace right after the struck word steps over it and changes nothing
    put_cursor(view, "privacy", len("privacy"))
    before = window.session.document.section(intro_id(window)).body
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    assert window.session.document.section(intro_id(window)).body == before
    stepped_to = view.textCursor().position()
    assert stepped_to <= find(view, "privacy").selectionStart()
    assert not inline_edit.struck(view.document(), stepped_to - 1)  # before the whole struck run
    # typing inside the struck word types after it; the struck word stays whole
    put_cursor(view, "privacy", 3)
    qtbot.keyClicks(view, " secrecy")
    first = window.session.document.section(intro_id(window)).body.split(".")[0]
    assert "secrecy" in first and "privacy" not in first  # the struck word stayed out of the draft
    settled(qtbot, window)
    assert any("privacy" in run for run in fragments(view, struck=True))  # still whole, still struck
    assert any("secrecy" in run for run in fragments(view, struck=False, underlined=True))
    struck_end = inline_edit.past_struck(view.document(), find(view, "privacy").selectionStart(), +1)
    assert view.document().toPlainText()[struck_end:].startswith(" secrecy")  # typed after it
    # Delete in front of a struck word steps over it too
    put_cursor(view, "privacy", 0)
    before = window.session.document.section(intro_id(window)).body
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert window.session.document.section(intro_id(window)).body == before


def test_typed_over_a_selection(qtbot, window, sample_policy):
    view = open_inline(qtbot, window, sample_policy)
    found = find(view, "respects")
    view.setTextCursor(found)
    qtbot.keyClicks(view, "values")
    assert window.session.document.section(intro_id(window)).body.startswith(
        "Picopicaengineering values the privacy")
    settled(qtbot, window)
    assert "respects" in fragments(view, struck=True)


def test_a_heading_is_edited_inline_and_the_title_is_not(qtbot, window, sample_policy):
    view = open_inline(qtbot, window, sample_policy)
    section_id = intro_id(window)
    put_cursor(view, "INTRODUCTION", len("INTRODUCTION"))
    qtbot.keyClicks(view, " AND SCOPE")
    assert window.session.document.section(section_id).heading == "INTRODUCTION AND SCOPE"
    model = window.navigator.model()
    shown = model.data(model.index_of(section_id), Qt.ItemDataRole.DisplayRole)
    assert shown.endswith("INTRODUCTION AND SCOPE")
    settled(qtbot, window)
    assert any("AND SCOPE" in run for run in fragments(view, struck=False, underlined=True))
    qtbot.keyClicks(view, "S")  # the cursor kept its place in the heading through the redraw
    assert window.session.document.section(section_id).heading == "INTRODUCTION AND SCOPES"
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    settled(qtbot, window)
    # Backspace over the base's words of a heading strikes them, as in the text
    put_cursor(view, "INTRODUCTION", len("INTRODUCTION"))
    for _ in "INTRODUCTION":
        qtbot.keyClick(view, Qt.Key.Key_Backspace)
    assert window.session.document.section(section_id).heading == " AND SCOPE"
    qtbot.keyClick(view, Qt.Key.Key_Backspace)  # now at the number: not the heading's
    assert window.session.document.section(section_id).heading == " AND SCOPE"
    settled(qtbot, window)
    assert any("INTRODUCTION" in run for run in fragments(view, struck=True))
    window.set_view(SIDE_BY_SIDE)
    settled(qtbot, window)
    assert window.compare_view.row_of(section_id).right_heading.text() == " AND SCOPE"
    # the policy's title is renamed side by side, not here
    window.set_view(INLINE)
    settled(qtbot, window)
    view.setFocus()
    put_cursor(view, "PRIVACY POLICY", 3)
    title = window.session.document.policy.title
    qtbot.keyClicks(view, "zz")
    assert window.session.document.policy.title == title and "zz" not in view.toPlainText()
    assert "title is renamed side by side" in window.statusBar().currentMessage()


def test_a_read_only_version_is_not_edited_inline(qtbot, window, sample_policy):
    window.open_path(f"{sample_policy}@1.0")
    wait_open(qtbot, window)
    window.set_view(INLINE)
    settled(qtbot, window)
    view = window.inline_view
    assert view.isReadOnly()
    put_cursor(view, "respects", 0)
    qtbot.keyClicks(view, "zz")
    assert "zz" not in view.toPlainText()
    assert not any("zz" in s.body or "zz" in s.heading for s, _ in window.session.document.policy.walk())


def test_a_whole_paragraph_selected_is_replaced_and_the_next_one_kept(qtbot, window, sample_policy):
    view = open_inline(qtbot, window, sample_policy)
    found = find(view, "You are encouraged")
    cursor = view.textCursor()
    cursor.setPosition(found.selectionStart())
    cursor.movePosition(QTextCursor.MoveOperation.NextBlock, QTextCursor.MoveMode.KeepAnchor)  # triple-click
    view.setTextCursor(cursor)
    qtbot.keyClicks(view, "Check this page now and then.")
    body = window.session.document.section(intro_id(window)).body
    first, second = body.split("\n\n")[:2]
    assert first.startswith(INTRO) and second == "Check this page now and then."
    settled(qtbot, window)
    assert any(run.startswith("You are encouraged") for run in fragments(view, struck=True))
    assert "Check this page now and then." in fragments(view, struck=False, underlined=True)


def test_words_typed_at_a_paragraphs_end_keep_their_spaces(qtbot, window, sample_policy):
    view = open_inline(qtbot, window, sample_policy)
    put_cursor(view, "please do not access the site.", len("please do not access the site."))
    undo_steps = window.session.undo_stack.count()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert window.session.undo_stack.count() == undo_steps  # the draft holds no trailing space
    qtbot.keyClicks(view, "Thank you for reading.")
    body = window.session.document.section(intro_id(window)).body
    assert "access the site. Thank you for reading.\n\n" in body
    settled(qtbot, window)
    assert "Thank you for reading." in "".join(fragments(view, struck=False, underlined=True))


def test_enter_starts_a_paragraph_that_typing_fills(qtbot, window, sample_policy):
    view = open_inline(qtbot, window, sample_policy)
    put_cursor(view, "please do not access the site.", len("please do not access the site."))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.keyClicks(view, "A new paragraph.")
    body = window.session.document.section(intro_id(window)).body
    assert "access the site.\n\nA new paragraph.\n\nYou are encouraged" in body
    settled(qtbot, window)
    assert "A new paragraph." in "".join(fragments(view, struck=False, underlined=True))
    qtbot.keyClicks(view, " More.")  # the cursor kept its place in the new paragraph
    body = window.session.document.section(intro_id(window)).body
    assert "A new paragraph. More.\n\nYou are encouraged" in body


def test_a_paragraph_break_inside_a_word_shows_a_pilcrow_and_typing_after_it_types_there(
        qtbot, window, sample_policy):
    view = open_inline(qtbot, window, sample_policy)

    def body() -> str:
        return next(s.body for s, _ in window.session.document.policy.walk() if "Sockets Layer" in s.body)

    put_cursor(view, "Layer (SSL) software", len("Layer ("))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    settled(qtbot, window)
    assert "Layer (\n\nSSL) software" in body()
    # the base writes "(SSL)" whole: the break is drawn as an inserted ¶ mark, no word marked
    assert "Layer (\u00b6\nSSL) software" in view.document().toPlainText()  # a line break after it
    assert "".join(fragments(view, struck=False, underlined=True)).strip() == "\u00b6"
    put_cursor(view, "SSL) software", 0)  # the start of the line after the ¶
    qtbot.keyClicks(view, "TLS/")
    assert "Layer (\n\nTLS/SSL) software" in body()
