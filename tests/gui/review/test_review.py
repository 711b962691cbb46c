"""Review in the window: comment on words in any pane, reply, resolve, filter, jump to the words,
follow the draft, approve and see the lock, merge a reviewer's copy."""

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from policyeditor.core.body import plain_text
from policyeditor.core.model import Status
from policyeditor.gui.editing.commands import SetBody
from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.section_editor import SectionEditor
from policyeditor.gui.editing.selection_layers import layer
from policyeditor.gui.models.sections import COMMENT_COUNT_ROLE
from policyeditor.gui.review.comment_dialog import CommentDialog
from policyeditor.gui.review.comments_panel import CommentsPanel
from policyeditor.gui.window.app import settings
from policyeditor.gui.window.main_window import INLINE, MainWindow
from policyeditor.review.anchors import make_anchor
from policyeditor.review.comments import Comments
from policyeditor.store.policyfile import PolicyFile
from tests.gui.review.approve_helpers import answer_approval
from tests.gui.waiting import wait_open

AUTHOR, REVIEWER = "Ada Author", "Rita Reviewer"


@pytest.fixture
def told(monkeypatch):
    """What the window told in message boxes: (kind, title, text)."""
    messages = []
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda parent, title, text, *a, k=kind: messages.append((k, title, text))))
    return messages


def as_user(name):
    s = settings()
    s.setValue("user/name", name)
    s.setValue("user/initials", "")
    s.sync()


@pytest.fixture
def opened(qtbot, window, sample_policy):
    as_user(AUTHOR)
    window.review.refresh()
    assert window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    view = window.findChild(CompareView, "compareView")
    qtbot.waitUntil(lambda: not window.busy(), timeout=5000)
    return window, view


def editor_with(view, name, words):
    return next(e for e in view.findChildren(SectionEditor, name) if words in e.toPlainText())


def select(qtbot, pane, words):
    pane.setFocus()
    pane.activateWindow()
    cursor = pane.document().find(words)
    assert not cursor.isNull(), words
    pane.setTextCursor(cursor)
    qtbot.waitUntil(lambda: pane.hasFocus(), timeout=2000)


def comment(qtbot, window, text):
    window.actions["comment"].trigger()
    dialog = window.findChild(CommentDialog, "commentDialog")
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()  # no text yet
    qtbot.keyClicks(dialog.body_edit, text)
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    return dialog


def panel_of(window):
    return window.findChild(CommentsPanel, "commentsPanel")


def labels(panel):
    return [panel.list.item(row).text() for row in range(panel.list.count())]


def commented_words(editor):
    return [s.cursor.selectedText() for s in layer(editor, "comments")]


def test_comment_on_draft_words_is_stored_listed_marked_and_counted(qtbot, opened):
    window, view = opened
    words = "personal information"
    draft = editor_with(view, "draftEditor", words)
    body_before = window.session.document.section(draft.section_id).body
    select(qtbot, draft, words)
    dialog = comment(qtbot, window, "Define this term.")
    assert words in dialog.quote_label.text()

    [thread] = Comments(window.session.file).threads()
    assert (thread.anchor.quote, thread.root.author, thread.root.initials) == (words, AUTHOR, "AA")
    assert thread.root.version is None and thread.anchor.section_id == draft.section_id
    section = window.session.document.section(draft.section_id)
    text = plain_text(section.body)
    assert text[thread.anchor.start:thread.anchor.end] == words
    assert labels(panel_of(window))[0].endswith(f"“{words}” — {AUTHOR} · Open")
    assert window.findChild(QLabel, "statusComments").text() == "1 open comment"
    model = window.navigator.model()
    assert model.data(model.index_of(draft.section_id), COMMENT_COUNT_ROLE) == 1
    assert "1" in model.data(model.index_of(draft.section_id)).rsplit("  ", 1)[1]
    assert commented_words(draft) == [words]  # the highlight, outside the document
    assert section.body == body_before and window.session.undo_stack.count() == 0  # the text untouched


def test_comment_on_the_base_version_pane_is_on_that_version(qtbot, opened):
    window, view = opened
    words = "personal information"
    base = editor_with(view, "baseEditor", words)
    select(qtbot, base, words)
    comment(qtbot, window, "Was this right in 1.0?")
    [thread] = Comments(window.session.file).threads()
    assert thread.root.version == "1.0" and thread.anchor.quote == words
    assert commented_words(base) == [words]
    draft = editor_with(view, "draftEditor", words)
    assert commented_words(draft) == []  # the draft is another text


def test_comment_in_the_inline_redline(qtbot, opened):
    window, view = opened
    draft = view.findChildren(SectionEditor, "draftEditor")[1]
    section = window.session.document.section(draft.section_id)
    window.push(SetBody(window.session.document, section.id, "Brand new opening words. " + section.body))
    window.set_view(INLINE)
    qtbot.waitUntil(lambda: not window.busy() and "Brand new" in window.inline_view.toPlainText(),
                    timeout=5000)
    words = plain_text(section.body).split("\n")[0].split()[-3:]
    words = " ".join(words)
    select(qtbot, window.inline_view, words)
    comment(qtbot, window, "Inline remark.")
    [thread] = Comments(window.session.file).threads()
    assert thread.anchor.section_id == section.id and thread.anchor.quote == words
    text = plain_text(window.session.document.section(section.id).body)
    assert text[thread.anchor.start:thread.anchor.end] == words
    assert [s.cursor.selectedText() for s in layer(window.inline_view, "comments")] == [words]


def test_nothing_selected_says_so(qtbot, opened):
    window, view = opened
    draft = view.findChildren(SectionEditor, "draftEditor")[0]
    draft.setFocus()
    window.actions["comment"].trigger()
    assert window.findChild(CommentDialog, "commentDialog") is None
    assert "Select" in window.statusBar().currentMessage()


def test_reply_resolve_filter_edit_delete_and_click_to_the_words(qtbot, opened, told):
    window, view = opened
    first, second = "personal information", "cookies"
    select(qtbot, editor_with(view, "draftEditor", first), first)
    comment(qtbot, window, "Define this term.")
    select(qtbot, editor_with(view, "draftEditor", second), second)
    comment(qtbot, window, "Which cookies?")
    panel = panel_of(window)
    assert len(labels(panel)) == 2

    # reply as the reviewer, then resolve
    as_user(REVIEWER)
    window.review.refresh()
    panel.select_thread(panel.visible_threads()[0].id)
    qtbot.keyClicks(panel.reply_edit, "Agreed.")
    qtbot.keyClick(panel.reply_edit, Qt.Key_Return)
    assert "1 reply" in labels(panel)[0]
    assert not panel.edit_button.isEnabled() or panel.own_comment().author == REVIEWER
    qtbot.mouseClick(panel.resolve_button, Qt.LeftButton)
    assert window.findChild(QLabel, "statusComments").text() == "1 open comment"

    # filter
    panel.state_filter.setCurrentText("Resolved")
    assert len(labels(panel)) == 1 and "Resolved" in labels(panel)[0]
    panel.state_filter.setCurrentText("Open")
    assert len(labels(panel)) == 1 and second in labels(panel)[0]
    panel.state_filter.setCurrentText("All")
    panel.author_filter.setCurrentText(REVIEWER)
    assert len(labels(panel)) == 1 and first in labels(panel)[0]
    panel.author_filter.setCurrentIndex(0)

    # the reviewer cannot edit the author's comment; the author can, and delete it
    row = next(r for r in range(panel.list.count()) if second in panel.list.item(r).text())
    panel.list.setCurrentRow(row)
    assert not panel.edit_button.isEnabled()
    as_user(AUTHOR)
    window.review.refresh()
    panel.list.setCurrentRow(row)
    assert panel.edit_button.isEnabled()
    qtbot.mouseClick(panel.edit_button, Qt.LeftButton)
    dialog = window.findChild(CommentDialog, "commentDialog")
    dialog.body_edit.setPlainText("Which cookies, exactly?")
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert "Which cookies, exactly?" in panel.detail.toPlainText()
    qtbot.mouseClick(panel.delete_button, Qt.LeftButton)
    assert "deleted" in panel.detail.toPlainText()
    assert told == []

    # clicking a thread selects its words in the draft pane
    row = next(r for r in range(panel.list.count()) if first in panel.list.item(r).text())
    rect = panel.list.visualItemRect(panel.list.item(row))
    qtbot.mouseClick(panel.list.viewport(), Qt.LeftButton, pos=rect.center())
    draft = editor_with(view, "draftEditor", first)
    assert draft.textCursor().selectedText() == first
    assert view.verticalScrollBar().value() > 0 or draft.visibleRegion().boundingRect().height() > 0


def test_comments_follow_the_draft_and_outdated_ones_stay(qtbot, opened):
    window, view = opened
    kept, doomed = "personal information", "cookies"
    draft = editor_with(view, "draftEditor", kept)
    select(qtbot, draft, kept)
    comment(qtbot, window, "Follow me.")
    select(qtbot, editor_with(view, "draftEditor", doomed), doomed)
    comment(qtbot, window, "I will go.")
    document = window.session.document
    section = document.section(draft.section_id)
    window.push(SetBody(document, section.id, "Inserted first. " + section.body))
    doomed_id = editor_with(view, "draftEditor", doomed).section_id
    doomed_body = document.section(doomed_id).body
    window.push(SetBody(document, doomed_id, doomed_body.replace("cookies", "tracking files")
                        .replace("Cookies", "Tracking files")))
    window.session.save()  # what autosave does: the comments follow
    threads = {t.root.body: t for t in Comments(window.session.file).threads()}
    moved = threads["Follow me."]
    text = plain_text(document.section(section.id).body)
    assert moved.anchor.start > 0 and text[moved.anchor.start:moved.anchor.end] == kept
    assert threads["I will go."].outdated and threads["I will go."].anchor.quote == doomed
    outdated = [label for label in labels(panel_of(window)) if doomed in label]
    assert outdated and outdated[0].endswith("outdated")
    draft = editor_with(view, "draftEditor", kept)
    assert commented_words(draft) == [kept]


def test_approve_refused_for_the_author_then_approved_and_locked(qtbot, opened, told):
    window, view = opened
    draft = view.findChildren(SectionEditor, "draftEditor")[0]
    section = window.session.document.section(draft.section_id)
    window.push(SetBody(window.session.document, section.id, section.body + " Approved words."))
    assert window.save_version("1.1", "for review")
    panel = window.versions_panel
    assert panel.select("1.1")
    assert window.actions["submitForReview"].isEnabled()
    assert not window.actions["approveVersion"].isEnabled()  # a draft is submitted first
    window.actions["submitForReview"].trigger()
    assert panel.list.currentItem().text(3) == "In review"
    assert window.actions["approveVersion"].isEnabled()

    answer_approval(qtbot)
    window.actions["approveVersion"].trigger()  # Ada wrote 1.1
    assert told and told[-1][0] == "warning" and "cannot approve" in told[-1][2]
    assert panel.list.currentItem().text(3) == "In review"

    as_user(REVIEWER)
    answer_approval(qtbot)
    window.actions["approveVersion"].trigger()
    assert panel.list.currentItem().text(3) == "Approved"
    assert not window.actions["approveVersion"].isEnabled() and window.actions["publishVersion"].isEnabled()
    with PolicyFile.open(window.session.path, readonly=True) as pf:
        assert pf.version("1.1").status == Status.APPROVED
        digest = pf.version("1.1").content_hash

    panel.select("1.1")
    window.versions_panel.open_button.click()
    wait_open(qtbot, window)
    lock = window.findChild(QLabel, "versionLockLabel")
    assert lock.isVisible() and digest[:12] in lock.text() and digest in lock.toolTip()
    assert all(e.isReadOnly() for e in view.findChildren(SectionEditor))
    assert not window.actions["approveVersion"].isEnabled()


def test_merge_a_reviewers_copy(qtbot, window, sample_policy, tmp_path, told):
    copy = tmp_path / "review-copy.policy"
    shutil.copy(sample_policy, copy)
    with PolicyFile.open(copy) as pf:
        comments = Comments(pf)
        section = pf.load_draft().sections[0]
        text = plain_text(pf.version("1.0").policy.find(section.id).body)
        words = text.split()[0]
        anchor = make_anchor(section.id, text, 0, len(words))
        first = comments.comment(REVIEWER, anchor, "One.", version="1.0")
        comments.comment(REVIEWER, anchor, "Two.", version="1.0")
        comments.reply(first.id, REVIEWER, "And a reply.")
    as_user(AUTHOR)
    assert window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    assert window.review.merge_from(str(copy))
    qtbot.waitUntil(lambda: not window.review.merging, timeout=10000)
    report = window.review.last_report
    assert (report.comments, report.replies) == (2, 1)
    assert told[-1][0] == "information" and "2 comments, 1 reply" in told[-1][2]
    assert len(labels(panel_of(window))) == 2
    assert window.review.merge_from(str(copy))  # ids decide: nothing comes twice
    qtbot.waitUntil(lambda: not window.review.merging, timeout=10000)
    assert window.review.last_report.total == 0
    assert len(labels(panel_of(window))) == 2


def test_merge_of_another_policy_is_refused_in_one_sentence(qtbot, window, sample_policy, tmp_path, told):
    other = tmp_path / "other.policy"
    with PolicyFile.open(sample_policy, readonly=True) as pf:
        policy = pf.load_draft()
    PolicyFile.create(other, policy, author="X").close()
    assert window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    window.review.merge_from(str(other))
    qtbot.waitUntil(lambda: not window.review.merging, timeout=10000)
    assert told[-1][0] == "warning" and "copy of another policy" in told[-1][2]
    assert told[-1][2].count("\n") == 0


def test_zoom_in_out_reset_remembered(qtbot, opened):
    window, view = opened
    draft = view.findChildren(SectionEditor, "draftEditor")[0]
    size = draft.font().pointSizeF()
    window.actions["zoomIn"].trigger()
    window.actions["zoomIn"].trigger()
    draft = view.findChildren(SectionEditor, "draftEditor")[0]
    assert draft.font().pointSizeF() == size + 2
    assert window.inline_view.font().pointSizeF() == size + 2
    assert int(settings().value("view/zoom")) == 2
    again = MainWindow(settings())
    qtbot.addWidget(again)
    assert again.compare_view.font().pointSizeF() == size + 2
    window.actions["zoomOut"].trigger()
    assert view.findChildren(SectionEditor, "draftEditor")[0].font().pointSizeF() == size + 1
    window.actions["zoomReset"].trigger()
    assert view.findChildren(SectionEditor, "draftEditor")[0].font().pointSizeF() == size
    assert int(settings().value("view/zoom")) == 0
