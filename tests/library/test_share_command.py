"""`policyeditor library share`: a policy's owner lets a teammate in (and out) from the command line.

A probe: after Alice's first sync, Bob, Rita and Ray could not see the policy until rows were put
into `members` with psql; `library.roles.share` existed but no command called it.
"""

from __future__ import annotations

import json

from helpers import new_copy

from policyeditor.cli import main


def _titles(library, user: str, capsys) -> list[str]:
    capsys.readouterr()
    assert main(["library", "list", library.url(user), "--json"]) == 0
    return [entry["title"] for entry in json.loads(capsys.readouterr().out)]


def test_the_owner_shares_a_policy_and_takes_it_back(library, tmp_path, capsys):
    path = new_copy(tmp_path / "mine.policy")
    assert main(["library", "sync", str(path), library.url("alice")]) == 0
    [title] = _titles(library, "alice", capsys)
    assert _titles(library, "bruno", capsys) == []

    assert main(["library", "share", library.url("alice"), title, "bruno", "--role", "reviewer"]) == 0
    assert capsys.readouterr().out == f"'{title}' shared with bruno as reviewer\n"
    assert _titles(library, "bruno", capsys) == [title]
    theirs = tmp_path / "bruno.policy"
    assert main(["library", "pull", library.url("bruno"), title, "-o", str(theirs)]) == 0

    # only the owner shares: bruno may not let dora in, and says so in one line
    capsys.readouterr()
    assert main(["library", "share", library.url("bruno"), title, "dora", "--role", "author"]) == 2
    err = capsys.readouterr().err
    assert err == f"policyeditor: only the owner of '{title}' (alice) may share it\n"
    assert _titles(library, "dora", capsys) == []

    assert main(["library", "share", library.url("alice"), title, "bruno", "--remove"]) == 0
    assert _titles(library, "bruno", capsys) == []
    assert main(["library", "share", library.url("alice"), title, "bruno", "--remove"]) == 2
    assert f"'{title}' is not shared with bruno" in capsys.readouterr().err
