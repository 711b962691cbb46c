"""Who made each change of a draft the library merged, against the real server: a section the
draft holds as another person's version made it is credited to that person, not to whoever
synced last."""

from __future__ import annotations

import json

from helpers import new_copy, synced_and_shared

from policyeditor.app.library import pull, sync_file
from policyeditor.cli import main
from policyeditor.store.policyfile import PolicyFile


def _edit_and_save(path, index, old, new, author):
    """Replace `old` by `new` in the `index`-th section of the draft and save version 1.1 of it."""
    with PolicyFile.open(path) as pf:
        draft = pf.load_draft()
        section = [s for s, _ in draft.walk()][index]
        assert old in section.body
        section.body = section.body.replace(old, new, 1)
        pf.save_draft(draft)
        pf.save_version(pf.load_draft(), "1.1", author=author, parent="1.0")
        return section.id


def test_a_merged_draft_credits_each_authors_version_not_the_last_to_sync(library, tmp_path, capsys):
    alice = new_copy(tmp_path / "alice.policy")
    pid = synced_and_shared(library, alice, ("bruno", "author"), ("rita", "reviewer"))
    bruno, rita = tmp_path / "bruno.policy", tmp_path / "rita.policy"
    pull(library.url("bruno"), pid, bruno)
    pull(library.url("rita"), pid, rita)
    with PolicyFile.open(alice, readonly=True) as pf:
        bodies = [s.body for s, _ in pf.load_draft().walk()]
    hers_at, his_at = [i for i, body in enumerate(bodies) if " the " in body][:2]
    hers = _edit_and_save(alice, hers_at, " the ", " ALICEWORD ", "alice")
    his = _edit_and_save(bruno, his_at, " the ", " BRUNOWORD ", "bruno")
    sync_file(alice, library.url("alice"))
    assert sync_file(bruno, library.url("bruno")).draft == "merged"  # bruno sends the merged draft
    sync_file(rita, library.url("rita"))
    assert sync_file(alice, library.url("alice")).draft == "received"
    made_by = {hers: ("alice", "ALICEWORD"), his: ("bruno", "BRUNOWORD")}
    for copy in (rita, bruno, alice):
        assert main(["info", str(copy), "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        with PolicyFile.open(copy, readonly=True) as pf:
            created = {v.author: v.created for v in pf.versions() if v.label != "1.0"}
        # the draft is compared with the newest version, one of the two 1.1s: the other's change shows
        [change] = data["draft_changes"]
        author, word = made_by[change["section_id"]]
        assert word in change["new_text"] and change["author"] == author, (copy.name, change)
        assert change["date"] == created[author]
    # rita's draft came from bruno's sync: alice's change is still hers
    assert main(["info", str(rita), "--json"]) == 0
    [change] = json.loads(capsys.readouterr().out)["draft_changes"]
    assert change["section_id"] == hers and change["author"] == "alice"
