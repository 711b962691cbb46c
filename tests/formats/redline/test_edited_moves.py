"""A paragraph moved and edited shows its edit: the words taken out struck, the words put in underlined.

The fault (a probe, through Word): Carol moved a bullet above two others, which Bob had edited (" with
anyone" deleted, "strong password" made bold). The compare paired the edited bullets as moves, and
every redline showed a move from "never share your password with anyone" to "never share your
password": the DOCX a moveFrom and a moveTo with no w:del for " with anyone". Accepting gave the
right text, but no reader could see that words were deleted.
"""

from __future__ import annotations

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.diff.text import diff_body
from tests.formats.ooxml_check import W, parts
from tests.formats.redline.test_docx import assert_exact, exports

OLD = ("Keep your account safe:\n\n- limit access to your computer and browser\n\n"
       "- never share your password with anyone\n\n- use a strong password\n\nThank you.")
NEW = ("Keep your account safe:\n\n- never share your password\n\n- use a strong password, changed often\n\n"
       "- limit access to your computer and browser\n\nThank you.")


def test_the_words_a_moved_paragraph_lost_or_gained_are_deleted_and_inserted():
    ops = [op for op in diff_body(OLD, NEW) if op.kind != "equal"]
    assert ("delete", " with anyone") in [(op.kind, op.text) for op in ops]
    assert ("insert", ", changed often") in [(op.kind, op.text) for op in ops]
    moved = [op.text for op in ops if op.kind == "move_to"]
    assert "".join(moved).replace("\n", "") == "- never share your password- use a strong password"
    # each paragraph, moved and edited, is one change: accepted or rejected whole
    assert len({op.change for op in ops}) == 2


def test_the_redline_docx_tracks_the_deletion_inside_a_move_and_is_exact(tmp_path):
    old = Policy(title="Security", sections=[Section("Your account", OLD, id="acct")])
    new = Policy(title="Security", sections=[Section("Your account", NEW, id="acct")])
    change_list = compare(old, new).changes
    assert {c.kind for c in change_list} == {"move"}
    out, clean_old, clean_new = exports(old, new, tmp_path)
    assert_exact(out, clean_old, clean_new)
    root = parts(out)["word/document.xml"]
    deleted = "".join(t.text for d in root.iter(W + "del") for t in d.iter(W + "delText"))
    inserted = "".join(t.text for i in root.iter(W + "ins") for t in i.iter(W + "t"))
    assert " with anyone" in deleted and ", changed often" in inserted


def test_a_moved_paragraph_whose_case_changed_under_ignore_case_stays_exact():
    from policyeditor.diff.text import new_text, old_text
    from policyeditor.diff.words import DiffOptions

    old = OLD.replace("never share", "Never Share")
    ops = diff_body(old, NEW, DiffOptions(ignore_case=True))
    assert old_text(ops) == old and new_text(ops) == NEW
    assert ("delete", " with anyone") in [(op.kind, op.text) for op in ops]
    assert not [op for op in ops if op.kind in ("delete", "insert") and "hare" in op.text]
