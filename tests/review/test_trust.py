"""Signed workflow and forgeries (issue 14): each forgery is caught by verify with trusted keys."""

from __future__ import annotations

import pytest
from trust_helpers import make

from policyeditor.core.errors import WorkflowError
from policyeditor.core.model import Status
from policyeditor.review import roster as rosters
from policyeditor.review.roster import RosterError
from policyeditor.review.verify import verify
from policyeditor.review.workflow import ReviewRules, Workflow, rules, set_roster_rules
from policyeditor.store.policyfile import PolicyFile
from tests.review.conftest import small_policy


@pytest.fixture
def people(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYEDITOR_NO_KEYRING", "1")
    keys = tmp_path / "keys"
    keys.mkdir()
    return {n: make(keys, n) for n in ("Olga Owner", "Ada Author", "Rita Reviewer", "Abe Approver",
                                       "Mal Mallory")}


@pytest.fixture
def signed(tmp_path, people):
    """A policy with a roster, version 1.0 saved and submitted by Ada and approved by Abe."""
    path = tmp_path / "signed.policy"
    with PolicyFile.create(path, small_policy(), author="Ada Author") as pf:
        owner = people["Olga Owner"]
        rosters.change(pf, owner, "add", role="author", member=people["Ada Author"].public)
        rosters.change(pf, owner, "add", role="approver", member=people["Abe Approver"].public)
        flow = Workflow(pf)
        flow.save_version(small_policy(), "1.0", author="", identity=people["Ada Author"])
        flow.submit_for_review("1.0", "", identity=people["Ada Author"])
        flow.approve("1.0", "", identity=people["Abe Approver"])
        assert flow.status("1.0") == Status.APPROVED
    return path


def trusted(people, *names):
    return [people[n].public for n in names]


def test_a_signed_record_verifies_with_the_trusted_keys(signed, people):
    with PolicyFile.open(signed, readonly=True) as pf:
        assert verify(pf, trusted(people, "Abe Approver")) == []
        assert verify(pf) == []


def test_an_untrusted_approver_is_reported(signed, people):
    with PolicyFile.open(signed, readonly=True) as pf:
        found = verify(pf, trusted(people, "Rita Reviewer"))
    assert any("signed by a key you did not trust" in p for p in found), found


def test_the_roster_refuses_what_it_does_not_allow(tmp_path, people):
    with PolicyFile.create(tmp_path / "p.policy", small_policy()) as pf:
        owner = people["Olga Owner"]
        rosters.change(pf, owner, "add", role="author", member=people["Ada Author"].public)
        rosters.change(pf, owner, "add", role="approver", member=people["Abe Approver"].public)
        rosters.change(pf, owner, "add", role="approver", member=people["Ada Author"].public)
        with pytest.raises(RosterError, match="only the roster's owner"):
            rosters.change(pf, people["Mal Mallory"], "add", role="approver", member=people["Mal Mallory"].public)  # noqa: E501
        flow = Workflow(pf)
        with pytest.raises(RosterError, match="is not on the roster"):
            flow.save_version(small_policy(), "1.0", author="", identity=people["Mal Mallory"])
        with pytest.raises(RosterError, match="choose your identity"):
            flow.save_version(small_policy(), "1.0", author="Ada Author")
        flow.save_version(small_policy(), "1.0", author="", identity=people["Ada Author"])
        flow.submit_for_review("1.0", "", identity=people["Ada Author"])
        with pytest.raises(WorkflowError, match="wrote version '1.0' and cannot approve it"):
            flow.approve("1.0", "", identity=people["Ada Author"])
        with pytest.raises(RosterError, match="not on the roster"):
            flow.approve("1.0", "", identity=people["Rita Reviewer"])
        # a plain edit of meta no longer turns the rules off: they come from the signed roster
        pf.conn.execute("INSERT OR REPLACE INTO meta VALUES ('review_rules', '{\"no_self_approval\": false}')")  # noqa: E501
        assert rules(pf).no_self_approval


def test_two_approvals_when_the_rules_say_two(tmp_path, people):
    with PolicyFile.create(tmp_path / "p.policy", small_policy()) as pf:
        owner = people["Olga Owner"]
        set_roster_rules(pf, ReviewRules(approvals_needed=2), owner=owner)
        rosters.change(pf, owner, "add", role="author", member=people["Ada Author"].public)
        for name in ("Abe Approver", "Rita Reviewer"):
            rosters.change(pf, owner, "add", role="approver", member=people[name].public)
        flow = Workflow(pf)
        flow.save_version(small_policy(), "1.0", author="", identity=people["Ada Author"])
        flow.submit_for_review("1.0", "", identity=people["Ada Author"])
        flow.approve("1.0", "", identity=people["Abe Approver"])
        assert flow.status("1.0") == Status.IN_REVIEW
        with pytest.raises(WorkflowError, match="already approved"):
            flow.approve("1.0", "", identity=people["Abe Approver"])
        flow.approve("1.0", "", identity=people["Rita Reviewer"])
        assert flow.status("1.0") == Status.APPROVED
        assert verify(pf, trusted(people, "Abe Approver", "Rita Reviewer")) == []


# -- forgeries ------------------------------------------------------------------------

def test_forgery_chain_rebuilt_with_the_projects_own_code(signed, people):
    """The attacker rewrites 1.0's text, recomputes hashes and the whole chain with our store code."""
    import sqlite3

    from policyeditor.core.model import Section
    from policyeditor.store import audit

    conn = sqlite3.connect(signed)
    for trigger in ("contents_immutable", "versions_immutable", "audit_append_only", "audit_kept"):
        conn.execute(f"DROP TRIGGER {trigger}")
    row_id, heading = conn.execute("SELECT id, heading FROM contents WHERE body LIKE '%collect%'").fetchone()
    body = "We sell your data."
    conn.execute("UPDATE contents SET body = ?, hash = ? WHERE id = ?",
                 (body, Section(heading, body).content_hash(), row_id))
    with PolicyFile.open(signed, readonly=True) as pf:
        pass
    conn.commit()
    with PolicyFile.open(signed, readonly=True) as pf:
        new_hash = pf.version("1.0", checked=False).policy.content_hash()  # reads past the check
    conn.execute("UPDATE versions SET content_hash = ?", (new_hash,))
    conn.execute("UPDATE approvals SET content_hash = ?", (new_hash,))
    entries = audit.entries(conn)
    prev = audit.GENESIS
    for e in entries:
        payload = dict(e.payload)
        if "content_hash" in payload:
            payload["content_hash"] = new_hash
        digest = audit.entry_hash(prev, e.seq, e.time, e.actor, e.action, e.subject, payload)
        conn.execute("UPDATE audit_log SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                     (audit.canonical_json(payload), prev, digest, e.seq))
        prev = digest
    conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (audit.head_mark(entries[-1].seq, prev),))  # noqa: E501
    conn.commit()
    conn.close()
    with PolicyFile.open(signed, readonly=True) as pf:
        found = verify(pf, trusted(people, "Abe Approver"))
    assert any("is not the text" in p for p in found), found


def test_forgery_approval_copied_onto_another_version(signed, people):
    import sqlite3

    with PolicyFile.open(signed) as pf:
        other = small_policy()
        other.sections[0].body = "We collect nothing."
        flow = Workflow(pf)
        flow.save_version(other, "2.0", author="", identity=people["Ada Author"])
        new_hash = pf.version("2.0").policy.content_hash()
    conn = sqlite3.connect(signed)
    conn.execute("DROP TRIGGER versions_immutable")
    conn.execute("INSERT INTO approvals SELECT id || 'x', '2.0', reviewer, created, ? FROM approvals",
                 (new_hash,))
    conn.execute("INSERT INTO signatures (kind, subject, record, signer, signer_name, signature) "
                 "SELECT kind, subject || 'x', replace(record, approval_id_placeholder, ''), signer, signer_name, "  # noqa: E501
                 "signature FROM (SELECT *, '' AS approval_id_placeholder FROM signatures WHERE kind = 'approval')")  # noqa: E501
    conn.execute("UPDATE versions SET status = 'approved' WHERE label = '2.0'")
    conn.commit()
    conn.close()
    with PolicyFile.open(signed, readonly=True) as pf:
        found = verify(pf, trusted(people, "Abe Approver"))
    assert found, "the copied approval went unseen"
    assert any("2.0" in p for p in found), found


def test_forgery_fresh_file_approved_under_a_borrowed_name(tmp_path, people):
    fake_abe = make(tmp_path, "Abe Approver", "fake-abe")
    path = tmp_path / "fresh.policy"
    with PolicyFile.create(path, small_policy()) as pf:
        rosters.change(pf, fake_abe, "add", role="approver", member=fake_abe.public)
        rosters.change(pf, fake_abe, "add", role="author", member=people["Ada Author"].public)
        flow = Workflow(pf)
        flow.save_version(small_policy(), "1.0", author="", identity=people["Ada Author"])
        flow.submit_for_review("1.0", "", identity=people["Ada Author"])
        flow.approve("1.0", "", identity=fake_abe)
    with PolicyFile.open(path, readonly=True) as pf:
        found = verify(pf, trusted(people, "Abe Approver"))
    assert any("did not trust" in p and "Abe Approver" in p for p in found), found


def test_forgery_roster_edited_by_someone_not_the_owner(signed, people):
    """Mallory signs a roster record making herself an approver, with the right seq and prev."""
    from policyeditor.review import signing
    from policyeditor.store import reviews

    mal = people["Mal Mallory"]
    with PolicyFile.open(signed) as pf:
        roster = rosters.current(pf)
        record = {"kind": "roster", "policy": reviews.policy_id(pf), "seq": roster.seq + 1, "prev": roster.head,  # noqa: E501
                  "by": mal.public.key_b64, "by_name": mal.name, "action": "add", "role": "approver",
                  "key": mal.public.key_b64, "name": mal.name}
        with pf.transaction():
            signing.sign(pf, mal, f"roster:{roster.seq + 1}", record)
        assert not rosters.current(pf).has(mal.public.key_b64, "approver")
        found = verify(pf, trusted(people, "Abe Approver"))
    assert any("not the owner" in p for p in found), found
