"""`policyeditor merge FILE.policy COPY.policy`: Merge review from… without the window, its report the
window's (tests/review/test_merge_unsigned_way_out.py has the rules behind it)."""

from __future__ import annotations

import shutil

from tests.test_cli_trust import run, team  # noqa: F401 (team: a fixture)


def test_merge_tells_how_an_approval_without_a_key_comes_in_then_brings_it(team, capsys):  # noqa: F811
    t, mine, copy, fresh = team, team / "p.policy", team / "review.policy", team / "fresh.policy"
    assert run(capsys, "identity", "new", "--name", "Rita Reviewer", "-o", t / "rita")[0] == 0
    assert run(capsys, "version", mine, "--label", "1.0", "--author", "Ada Author")[0] == 0
    assert run(capsys, "submit", f"{mine}@1.0", "--actor", "Ada Author")[0] == 0
    shutil.copy(mine, copy)
    assert run(capsys, "approve", f"{copy}@1.0", "--actor", "Rita Reviewer")[0] == 0  # no key, no roster
    assert run(capsys, "roster", "add", mine, t / "rita.pub", "--role", "approver",
               "--identity", t / "olga")[0] == 0
    code, out, err = run(capsys, "merge", mine, copy, "--author", "Ada Author")
    assert code == 0 and not err
    assert out.splitlines()[0] == "Nothing new in review.policy."
    assert out.splitlines()[1:] == [
        "  approval of version 1.0 under the name Rita Reviewer: not merged, because it is not signed with "
        "a key (it was made before the policy had a roster) and only signed approvals come in from a copy; "
        "Rita Reviewer can bring it in by approving version 1.0 again with their key in a fresh copy of "
        "p.policy and sending that back"]
    shutil.copy(mine, fresh)  # what the sentence says
    assert run(capsys, "approve", f"{fresh}@1.0", "--identity", t / "rita")[0] == 0
    code, out, _ = run(capsys, "merge", mine, fresh)
    assert code == 0 and out.splitlines()[0] == "From fresh.policy: 1 approval, 1 status change."
    assert "  version 1.0: in review → approved" in out.splitlines()
    code, out, _ = run(capsys, "info", f"{mine}@1.0")
    assert code == 0 and "approved" in out.lower()


def test_merge_of_a_missing_copy_is_one_line(team, capsys):  # noqa: F811
    code, out, err = run(capsys, "merge", team / "p.policy", team / "nowhere.policy")
    assert code == 2 and not out and err.strip().count("\n") == 0 and "nowhere.policy: no such file" in err
