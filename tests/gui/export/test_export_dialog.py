"""File ▸ Export…: every format through the dialog, read back; DRAFT note; open when done; errors."""

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from policyeditor.core.body import plain_text
from policyeditor.formats.exporters.safety import safe_filename
from policyeditor.gui.editing.commands import SetBody
from policyeditor.gui.export.export_dialog import ExportDialog
from policyeditor.review.anchors import make_anchor
from policyeditor.review.comments import Comments
from tests.gui.waiting import wait_open


@pytest.fixture
def dialog(qtbot, window, sample_policy):
    assert window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    document = window.session.document
    first = document.policy.sections[0]
    window.push(SetBody(document, first.id, first.body + " Newly added words."))
    window.session.save()
    window.actions["export"].trigger()
    found = window.findChild(ExportDialog, "exportDialog")
    assert found is not None and found.isVisible()
    return found


def run(qtbot, dialog, path: Path, *, fails: bool = False) -> Path:
    """Type the path, press Export, and wait until the worker is done (the dialog closes on success)."""
    ended = []
    dialog.finished.connect(lambda _result: ended.append("closed"))
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(path))
    assert dialog.export_button.isEnabled()
    dialog.export_button.click()
    assert dialog.progress.isVisible() or ended  # busy while the worker writes
    if fails:
        qtbot.waitUntil(lambda: not dialog.running, timeout=30000)
    else:
        qtbot.waitUntil(lambda: bool(ended), timeout=30000)
    return path


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_defaults_newest_approved_version_and_a_safe_name(dialog, sample_policy):
    assert dialog.version_combo.currentData() == "1.0"
    assert dialog.against_combo.currentData() is None
    assert Path(dialog.path_edit.text()).parent == sample_policy.parent
    assert Path(dialog.path_edit.text()).name.endswith(" v1.0.docx")
    assert "DRAFT" not in dialog.note.text()
    dialog.version_combo.setCurrentIndex(dialog.version_combo.findData("draft"))
    assert "marked DRAFT" in dialog.note.text()
    assert Path(dialog.path_edit.text()).name.endswith(" draft.docx")


def test_docx_of_the_approved_version(qtbot, dialog, tmp_path, window):
    path = run(qtbot, dialog, tmp_path / "out.docx")
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert window.session.document.policy.title in text
    assert "Newly added words." not in text  # 1.0, not the draft
    assert "DRAFT" not in text


def test_html_of_the_draft_is_marked_draft(qtbot, dialog, tmp_path):
    dialog.set_format("html")
    dialog.version_combo.setCurrentIndex(dialog.version_combo.findData("draft"))
    path = run(qtbot, dialog, tmp_path / "out.html")
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    assert "main" in parser.tags and "nav" in parser.tags
    text = "".join(parser.text)
    assert "Newly added words." in text and "DRAFT" in text


def test_pdf(qtbot, dialog, tmp_path):
    dialog.set_format("pdf")
    path = run(qtbot, dialog, tmp_path / "out.pdf")
    assert path.read_bytes().startswith(b"%PDF")


def test_redline_docx_with_comments(qtbot, dialog, tmp_path, window):
    document = window.session.document
    first = document.policy.sections[0]
    text = plain_text(first.body)
    at = text.index("Newly added")
    Comments(window.session.file).comment("Rita Reviewer", make_anchor(first.id, text, at, at + 11),
                                          "Why add this?")
    window.review.refresh()
    dialog.reject()  # a fresh dialog reads the new thread
    window.actions["export"].trigger()
    dialog = window.findChild(ExportDialog, "exportDialog")
    dialog.version_combo.setCurrentIndex(dialog.version_combo.findData("draft"))
    dialog.against_combo.setCurrentIndex(dialog.against_combo.findData("1.0"))
    assert dialog.format_combo.currentData().redline  # choosing a base makes it a redline
    assert dialog.comments_box.isEnabled()
    path = run(qtbot, dialog, tmp_path / "redline.docx")
    with zipfile.ZipFile(path) as package:
        body = package.read("word/document.xml").decode()
        shown = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", body))
        # the comment's range is exactly "Newly added": its run is split there
        assert "<w:ins " in body and "Newly added words." in shown
        # each revision is credited to whoever made it (the draft's editor here), not to "policyeditor"
        authors = set(re.findall(r'<w:(?:ins|del) [^>]*w:author="([^"]*)"', body))
        assert authors == {window.review.controller.author}
        comments = package.read("word/comments.xml").decode()
    assert "Why add this?" in comments and "Rita Reviewer" in comments


def test_redline_html_and_pdf(qtbot, dialog, tmp_path, window):
    dialog.version_combo.setCurrentIndex(dialog.version_combo.findData("draft"))
    dialog.set_format("html", redline=True)
    assert dialog.against_combo.currentData() == "1.0"
    path = run(qtbot, dialog, tmp_path / "redline.html")
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    assert "ins" in parser.tags
    # the dialog closed on success: a new one for the PDF
    window.actions["export"].trigger()
    again = window.findChild(ExportDialog, "exportDialog")
    again.version_combo.setCurrentIndex(again.version_combo.findData("draft"))
    again.set_format("pdf", redline=True)
    assert run(qtbot, again, tmp_path / "redline.pdf").read_bytes().startswith(b"%PDF")


def test_open_when_done_opens_the_file(qtbot, dialog, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    dialog.set_format("html")
    dialog.open_box.setChecked(True)
    path = run(qtbot, dialog, tmp_path / "open.html")
    assert [url.toLocalFile() for url in opened] == [str(path)]


def test_a_folder_that_cannot_be_written_is_told_in_one_sentence(qtbot, dialog, tmp_path, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda parent, title, text, *a: told.append(text)))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    run(qtbot, dialog, blocker / "out.docx", fails=True)
    assert len(told) == 1 and "out.docx" in told[0] and "\n" not in told[0] and told[0].endswith(".")
    assert dialog.isVisible()  # there to try again


@pytest.mark.parametrize("title, expected", [
    ("Privacy Policy", "Privacy Policy"),
    ("a/b\\c:d*e?f\"g<h>i|j", "a b c d e f g h i j"),
    ("tab\tand\nnewline\x00", "tab and newline"),
    ("  ..hidden.. ", "hidden"),
    ("CON", "_CON"),
    ("lpt1.txt", "_lpt1.txt"),
    ("///", "policy"),
])
def test_safe_filename(title, expected):
    assert safe_filename(title) == expected


def _field_codes(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode()


@pytest.mark.parametrize("toc", [True, False])
def test_docx_table_of_contents_is_a_choice(qtbot, dialog, tmp_path, toc):
    assert dialog.toc_box.isEnabled() and dialog.toc_box.isChecked()  # a clean DOCX has one by default
    dialog.toc_box.setChecked(toc)
    path = run(qtbot, dialog, tmp_path / "toc.docx")
    body = _field_codes(path)
    assert ("TOC \\o" in body) == toc
    styles = [p.style.name for p in docx.Document(str(path)).paragraphs]
    assert ("TOC Heading" in styles) == toc


def test_table_of_contents_only_for_a_clean_docx(dialog):
    for kind, redline, style in (("html", False, "tracked"), ("pdf", False, "tracked"),
                                 ("docx", True, "tracked"), ("docx", True, "blackline")):
        dialog.set_format(kind, redline=redline, style=style)
        assert not dialog.toc_box.isEnabled(), kind
        assert not dialog.choices().toc


def test_blackline_docx_in_the_preferences_colours(qtbot, window, dialog, tmp_path):
    from policyeditor.gui.style.theme import RedlineColours, set_redline_colours
    from policyeditor.gui.window.app import settings

    dialog.reject()
    set_redline_colours(settings(), RedlineColours(inserted="#6a1b9a", deleted="#e65100", moved="#00838f"))
    window.actions["export"].trigger()
    dialog = window.findChild(ExportDialog, "exportDialog")
    dialog.version_combo.setCurrentIndex(dialog.version_combo.findData("draft"))
    dialog.set_format("docx", redline=True, style="blackline")
    assert dialog.against_combo.currentData() == "1.0"
    assert not dialog.comments_box.isEnabled()  # the blackline has no Word comments
    assert "blackline against v1.0" in Path(dialog.path_edit.text()).name
    path = run(qtbot, dialog, tmp_path / "blackline.docx")
    body = _field_codes(path)
    assert "<w:ins " not in body and "<w:del " not in body and "w:moveTo" not in body  # no revisions
    runs = [run for paragraph in docx.Document(str(path)).paragraphs for run in paragraph.runs]
    inserted = [r for r in runs if "Newly added words." in r.text and r.font.color.rgb is not None]
    assert inserted and str(inserted[0].font.color.rgb) == "6A1B9A" and inserted[0].font.underline
    assert any(str(r.font.color.rgb) == "E65100" and r.font.strike for r in runs if r.font.color.type)


def test_a_two_line_note_is_not_clipped(qtbot, dialog):
    dialog.version_combo.setCurrentIndex(dialog.version_combo.findData("draft"))
    dialog.set_format("pdf", redline=True)
    dialog.against_combo.setCurrentIndex(0)
    dialog.set_format("pdf", redline=True)
    dialog.note.setText(dialog.note.text() + " " + dialog.note.text())  # longer than any note it writes
    qtbot.waitUntil(lambda: dialog.note.height() >= dialog.note.heightForWidth(dialog.note.width()),
                    timeout=2000)


def test_a_redline_docx_holds_the_base_versions_open_comments_too(qtbot, dialog, tmp_path, window):
    """Open threads on the version compared with were left out of the redline, with no word said."""
    base = window.session.load_version("1.0").policy.sections[0]
    text = plain_text(base.body)
    words = text.split()[1]
    at = text.index(words)
    Comments(window.session.file).comment("Rita Reviewer", make_anchor(base.id, text, at, at + len(words)),
                                          "On the base.", version="1.0")
    window.review.refresh()
    dialog.reject()
    window.actions["export"].trigger()
    dialog = window.findChild(ExportDialog, "exportDialog")
    dialog.version_combo.setCurrentIndex(dialog.version_combo.findData("draft"))
    dialog.against_combo.setCurrentIndex(dialog.against_combo.findData("1.0"))
    path = run(qtbot, dialog, tmp_path / "redline.docx")
    with zipfile.ZipFile(path) as package:
        comments = package.read("word/comments.xml").decode()
        body = package.read("word/document.xml").decode()
    assert "On the base." in comments
    ranged = body[body.index('<w:commentRangeStart w:id="0"/>'):body.index('<w:commentRangeEnd w:id="0"/>')]
    assert "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", ranged)) == words


def test_a_version_whose_approval_was_edited_outside_is_not_exported_as_approved(qtbot, dialog, tmp_path,
                                                                                monkeypatch, sample_policy):
    """A probe's sqlite3 edit: 1.0's status row says published, its audited changes approved."""
    import sqlite3

    told = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda parent, title, text, *a: told.append(text)))
    with sqlite3.connect(sample_policy) as conn:
        conn.execute("UPDATE versions SET status = 'published' WHERE label = '1.0'")
    conn.close()
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "out.docx"))
    dialog.export_button.click()  # refused before any writing starts
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    assert not (tmp_path / "out.docx").exists() and dialog.isVisible()
    assert len(told) == 1
    assert told[0].startswith("Version 1.0 is marked published, but the file does not show it so")
