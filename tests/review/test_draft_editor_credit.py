"""Who edited the draft is recorded with each save that changed it, so every reader credits them.

The fault: Ada typed in the window of a file made by "Test"; `policyeditor compare FILE@1.0 FILE` and
`info` credited the words to Test, the file's last named actor, because the draft's save named nobody.
"""

import json

from policyeditor.cli import main
from policyeditor.review.credits import draft_editor
from policyeditor.store.policyfile import PolicyFile
from tests.review.conftest import small_policy


def test_the_draft_editor_is_credited_by_the_command_line(tmp_path, capsys):
    path = tmp_path / "p.policy"
    with PolicyFile.create(path, small_policy(), author="Test") as pf:
        pf.save_version(small_policy(), "1.0", author="Test")
        edited = pf.load_draft()
        edited.sections[0].body += " Ada typed this."
        pf.save_draft(edited, editor="Ada Author")  # as the window saves its user's typing
        assert draft_editor(pf) == "Ada Author"
    out = tmp_path / "r.json"
    assert main(["compare", f"{path}@1.0", str(path), "-o", str(out)]) == 0
    changes = json.loads(out.read_text(encoding="utf-8"))["changes"]
    assert [[c["author"] for c in change["credits"]] for change in changes] == [["Ada Author"]]
    capsys.readouterr()
    assert main(["info", str(path)]) == 0
    assert "by Ada Author" in capsys.readouterr().out


def test_a_change_saved_without_an_editor_is_not_credited_to_the_last_one(tmp_path):
    path = tmp_path / "p.policy"
    with PolicyFile.create(path, small_policy(), author="Test") as pf:
        edited = pf.load_draft()
        edited.sections[0].body += " Ada typed this."
        pf.save_draft(edited, editor="Ada Author")
        pf.save_draft(edited)  # unchanged: the record stays
        assert draft_editor(pf) == "Ada Author"
        edited.sections[0].body += " A command wrote this."
        pf.save_draft(edited)  # a change that names nobody: the file's last named actor again
        assert draft_editor(pf) == "Test"
