"""The comments panel: threads listed with quote, author and state; filters; click, reply, resolve."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from policyeditor.core.body import plain_text
from policyeditor.core.model import Policy, Section
from policyeditor.gui.review.comments_panel import CommentsPanel
from policyeditor.review.anchors import make_anchor
from policyeditor.review.comments import Comments
from policyeditor.store.policyfile import PolicyFile

AUTHOR, REVIEWER = "Ada Author", "Rita Reviewer"
POLICY = Policy(title="P", sections=[Section("About", "We collect your data and share it with partners.",
                                             id="about")])


def anchor(words: str):
    text = plain_text(POLICY.sections[0].body)
    start = text.index(words)
    return make_anchor("about", text, start, start + len(words))


@pytest.fixture
def setup(qtbot, tmp_path):
    with PolicyFile.create(tmp_path / "p.policy", POLICY, author=AUTHOR) as pf:
        comments = Comments(pf)
        first = comments.comment(REVIEWER, anchor("collect your data"), "Which data?")
        comments.reply(first.id, AUTHOR, "Account data.")
        second = comments.comment(AUTHOR, anchor("partners"), "List them?")
        comments.resolve(second.id, AUTHOR)
        gone = comments.comment(REVIEWER, anchor("share it"), "Old words")
        changed = POLICY.copy()
        changed.sections[0].body = "We collect your data and keep it with partners."
        comments.follow_draft(POLICY, changed, actor=AUTHOR)
        panel = CommentsPanel()
        qtbot.addWidget(panel)
        panel.set_threads(comments.threads(), {"about": "1"})

        def reply(thread_id: str, text: str) -> None:
            comments.reply(thread_id, AUTHOR, text)
            panel.set_threads(comments.threads(), {"about": "1"})

        def resolve(thread_id: str, resolved: bool) -> None:
            (comments.resolve if resolved else comments.reopen)(thread_id, AUTHOR)
            panel.set_threads(comments.threads(), {"about": "1"})

        panel.replyRequested.connect(reply)
        panel.resolveRequested.connect(resolve)
        yield panel, comments, (first, second, gone)


def labels(panel):
    return [panel.list.item(row).text() for row in range(panel.list.count())]


def test_threads_show_quote_author_state_replies_and_outdated(setup):
    panel, _, _ = setup
    assert labels(panel) == [
        "1  “collect your data” — Rita Reviewer · Open · 1 reply",
        "1  “partners” — Ada Author · Resolved",
        "1  “share it” — Rita Reviewer · Open · outdated",
    ]
    assert panel.count_label.text() == "2 open of 3"


def test_clicking_a_thread_emits_its_id_and_shows_it(setup, qtbot):
    panel, _, (first, _, _) = setup
    item = panel.list.item(0)
    rect = panel.list.visualItemRect(item)
    with qtbot.waitSignal(panel.threadActivated) as signal:
        qtbot.mouseClick(panel.list.viewport(), Qt.LeftButton, pos=rect.center())
    assert signal.args == [first.id]
    assert "Account data." in panel.detail.toPlainText()


def test_filters_change_the_list(setup):
    panel, _, _ = setup
    panel.state_filter.setCurrentText("Resolved")
    assert [t.root.body for t in panel.visible_threads()] == ["List them?"]
    assert len(labels(panel)) == 1
    panel.state_filter.setCurrentText("Open")
    assert len(labels(panel)) == 2
    panel.author_filter.setCurrentText(AUTHOR)  # Ada wrote a reply in the first thread
    assert labels(panel) == ["1  “collect your data” — Rita Reviewer · Open · 1 reply"]
    panel.state_filter.setCurrentText("All")
    panel.author_filter.setCurrentText(REVIEWER)
    assert len(labels(panel)) == 2


def test_a_reply_typed_and_submitted_reaches_the_thread(setup, qtbot):
    panel, comments, (first, _, _) = setup
    assert not panel.reply_button.isEnabled()  # nothing selected yet
    panel.select_thread(first.id)
    qtbot.keyClicks(panel.reply_edit, "Then say so.")
    with qtbot.waitSignal(panel.replyRequested) as signal:
        qtbot.keyClick(panel.reply_edit, Qt.Key_Return)
    assert signal.args == [first.id, "Then say so."]
    assert panel.reply_edit.text() == ""
    [thread] = [t for t in comments.threads() if t.id == first.id]
    assert [c.body for c in thread.replies] == ["Account data.", "Then say so."]
    assert panel.current_thread().id == first.id and "Then say so." in panel.detail.toPlainText()


def test_resolve_and_reopen(setup, qtbot):
    panel, comments, (first, _, _) = setup
    panel.select_thread(first.id)
    assert panel.resolve_button.text() == "Resolve"
    qtbot.mouseClick(panel.resolve_button, Qt.LeftButton)
    assert comments.get(first.id).state.value == "resolved"
    assert panel.resolve_button.text() == "Reopen"
    qtbot.mouseClick(panel.resolve_button, Qt.LeftButton)
    assert comments.get(first.id).state.value == "open"
