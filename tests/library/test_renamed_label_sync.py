"""Two people save a different version 1.1 offline; an approval of one verifies in every copy.

The tester's walk (a real server, as the other library tests): Alice and Bruno each save their own
1.1 and sync; in Bruno's copy Alice's is renamed `1.1 [d2639051]` (its text's hash begun). Alice
submits hers, Rita approves it with her key, everyone syncs. Bruno's copy used to say TAMPERED OR
DAMAGED ("was signed for version 1.1: it was copied from there"), since the signed record names the
label Alice gave. It verifies now; the same approval moved onto Bruno's own 1.1 is still caught.
"""

from __future__ import annotations

import sqlite3

from helpers import edit_section, new_copy

from policyeditor.app.library import pull, sync_file
from policyeditor.library import roles
from policyeditor.review import roster as rosters
from policyeditor.review.verify import verify
from policyeditor.review.workflow import Workflow
from policyeditor.store import library_copy, reviews
from policyeditor.store.policyfile import PolicyFile


def _save(path, label, words, **identity):
    edit_section(path, 1, words)
    with PolicyFile.open(path) as pf:
        Workflow(pf).save_version(pf.load_draft(), label, author=identity.pop("author", ""), **identity)
        return pf.version(label).content_hash


def _walk(library, tmp_path, alice_copy, pid, people, **signed_by):
    """Bruno and Rita pull; Alice and Bruno save a 1.1 each and sync; Alice submits hers, Rita
    approves it, everyone syncs. Bruno's copy, and the label Alice's 1.1 has there."""
    copies = {"bruno": "author", "rita": "reviewer"}
    with library.connect("alice") as conn:
        for user, role in copies.items():
            roles.share(conn, pid, user, role)
    for user in copies:
        pull(library.url(user), pid, tmp_path / f"{user}.policy")
    bruno, rita = tmp_path / "bruno.policy", tmp_path / "rita.policy"
    alices = _save(alice_copy, "1.1", "Alice honours the privacy.", **signed_by)
    _save(bruno, "1.1", "Bruno keeps it fast.", **signed_by)
    for path, user in ((alice_copy, "alice"), (bruno, "bruno"), (rita, "rita")):
        assert sync_file(path, library.url(user)).refused == []
    with PolicyFile.open(alice_copy) as pf:
        Workflow(pf).submit_for_review("1.1", "", identity=signed_by.get("identity") or people["Ada Author"])
    sync_file(alice_copy, library.url("alice"))
    sync_file(rita, library.url("rita"))
    with PolicyFile.open(rita) as pf:
        Workflow(pf).approve("1.1", "", identity=people["Abe Approver"])
    for path, user in ((rita, "rita"), (bruno, "bruno"), (alice_copy, "alice")):
        assert sync_file(path, library.url(user)).refused == []
    renamed = library_copy.renamed_label("1.1", alices)
    for path in (rita, alice_copy):
        with PolicyFile.open(path, readonly=True) as pf:
            assert verify(pf, [people["Abe Approver"].public]) == []
            assert pf.version("1.1").status.value == "approved"
    return bruno, renamed


def _moved_onto_bruno_s_own(bruno):
    conn = sqlite3.connect(bruno)
    conn.execute("DROP TRIGGER IF EXISTS approvals_immutable")
    conn.execute("UPDATE approvals SET version = '1.1'")
    conn.commit()
    conn.close()


def test_an_approval_of_a_renamed_version_verifies_in_the_copy_that_renamed_it(library, tmp_path,
                                                                               people):
    alice = new_copy(tmp_path / "alice.policy")
    with PolicyFile.open(alice) as pf:
        pid = reviews.policy_id(pf)
    sync_file(alice, library.url("alice"))
    bruno, renamed = _walk(library, tmp_path, alice, pid, people, author="alice")
    with PolicyFile.open(bruno, readonly=True) as pf:
        assert {v.label for v in pf.versions()} == {"1.0", "1.1", renamed}
        assert pf.version(renamed).status.value == "approved"
        assert verify(pf) == []
        assert verify(pf, [people["Abe Approver"].public]) == []
        assert Workflow(pf).approvers(renamed) == {people["Abe Approver"].public.key_b64}
    _moved_onto_bruno_s_own(bruno)
    with PolicyFile.open(bruno, readonly=True) as pf:
        found = verify(pf)
    assert any("version 1.1 is not the text Abe Approver" in p for p in found), found


def test_signed_versions_of_one_label_verify_in_each_copy_under_a_roster(library, tmp_path, people,
                                                                        signed_copy):
    alice, pid = signed_copy  # versions signed by Ada (an author on the roster), Abe an approver
    with PolicyFile.open(alice, readonly=True) as pf:
        assert rosters.current(pf).exists
    bruno, renamed = _walk(library, tmp_path, alice, pid, people, identity=people["Ada Author"])
    with PolicyFile.open(bruno, readonly=True) as pf:
        assert pf.version(renamed).status.value == "approved"
        assert verify(pf, [people["Abe Approver"].public]) == []
    _moved_onto_bruno_s_own(bruno)
    with PolicyFile.open(bruno, readonly=True) as pf:
        found = verify(pf)
    assert any("version 1.1 is not the text Abe Approver" in p for p in found), found
