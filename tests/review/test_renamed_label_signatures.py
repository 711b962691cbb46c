"""A signed record names the label its author gave; a library sync may rename that version in a copy.

Two people saved a different version 1.1 offline; the sync keeps the copy's own 1.1 and brings the
other as `1.1 [d2639051]` (store/library_copy.renamed_label). The approval and the version record
signed for 1.1 must verify on the renamed version, and only on it: copied onto the copy's own 1.1
(other text), or onto a version under a renamed label whose suffix is not its text's hash, they are
still tampering. Written here as a sync writes it (`library_copy.apply_pull`), no server needed (the
walk through a real library is tests/library/test_renamed_label_sync.py).
"""

from __future__ import annotations

import dataclasses
import shutil

import pytest
from trust_helpers import make

from policyeditor.core.model import Status
from policyeditor.review.verify import verify
from policyeditor.review.workflow import Workflow
from policyeditor.store import library_copy, reviews, signatures
from policyeditor.store.policyfile import PolicyFile
from tests.review.conftest import small_policy


@pytest.fixture
def people(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYEDITOR_NO_KEYRING", "1")
    keys = tmp_path / "keys"
    keys.mkdir()
    return {n: make(keys, n) for n in ("Alice Author", "Bob Author", "Rita Reviewer")}


def _edited(words: str):
    policy = small_policy()
    policy.sections[0].body = words
    return policy


@pytest.fixture
def copies(tmp_path, people):
    """Alice's and Bob's copies of one policy (1.0 shared); each saved its own 1.1, both signed;
    Alice's 1.1 submitted and approved by Rita with her key, in Alice's copy."""
    alice, bob = tmp_path / "alice.policy", tmp_path / "bob.policy"
    with PolicyFile.create(alice, small_policy(), author="Alice Author") as pf:
        pf.save_version(small_policy(), "1.0", author="Alice Author")
    shutil.copy(alice, bob)
    with PolicyFile.open(alice) as pf:
        flow = Workflow(pf)
        flow.save_version(_edited("We honour your data."), "1.1", author="", parent="1.0",
                          identity=people["Alice Author"])
        flow.submit_for_review("1.1", "", identity=people["Alice Author"])
        flow.approve("1.1", "", identity=people["Rita Reviewer"])
    with PolicyFile.open(bob) as pf:
        Workflow(pf).save_version(_edited("We keep your data fast."), "1.1", author="", parent="1.0",
                                  identity=people["Bob Author"])
    return alice, bob


def _bring(alice, bob, label: str, text_of: str | None = None) -> str:
    """Write Alice's 1.1 with its signed records and Rita's approval into Bob's copy as a sync does,
    under `label`; with `text_of`, the approval is put on Bob's version of that label instead. The
    approval's version label in Bob's copy."""
    with PolicyFile.open(alice, readonly=True) as pf:
        version = dataclasses.replace(pf.version("1.1"), label=label)
        records = [r for r in signatures.rows(pf) if r.kind in ("version", "status")
                   and r.subject == "1.1"]
        approval = dict(reviews.approval_rows(pf, "1.1")[0])
        signed = signatures.rows(pf, "approval")[0]
    approval["version"] = text_of or label
    approval["signature"] = {"record": signed.record, "signer_key": signed.signer,
                             "signer_name": signed.signer_name, "signature": signed.signature}
    with PolicyFile.open(bob) as pf:
        library_copy.apply_pull(pf, library_copy.Pulled(versions=[version], signatures=records,
                                                        approvals=[approval]))
    return str(approval["version"])


def _hash(path, label: str) -> str:
    with PolicyFile.open(path, readonly=True) as pf:
        return pf.version(label).policy.content_hash()


def test_an_approval_of_a_version_the_sync_renamed_verifies(copies, people):
    alice, bob = copies
    renamed = library_copy.renamed_label("1.1", _hash(alice, "1.1"))
    _bring(alice, bob, renamed)
    with PolicyFile.open(bob, readonly=True) as pf:
        assert verify(pf) == []
        assert verify(pf, [people["Rita Reviewer"].public]) == []
        flow = Workflow(pf)
        assert flow.approvers(renamed) == {people["Rita Reviewer"].public.key_b64}
        assert flow.approvers("1.1") == set()  # Bob's own 1.1 is not approved by it


def test_the_approval_copied_onto_the_copys_own_version_of_that_label_is_tampering(copies):
    alice, bob = copies
    renamed = library_copy.renamed_label("1.1", _hash(alice, "1.1"))
    _bring(alice, bob, renamed, text_of="1.1")  # Rita's approval stored for Bob's 1.1 (other text)
    with PolicyFile.open(bob, readonly=True) as pf:
        found = verify(pf)
    assert any("version 1.1 is not the text Rita Reviewer" in p and "approved" in p for p in found), found


def test_a_renamed_label_whose_suffix_is_not_the_texts_hash_names_no_signed_version(copies):
    alice, bob = copies
    wrong = library_copy.renamed_label("1.1", _hash(bob, "1.1"))  # Bob's text's hash, Alice's text
    _bring(alice, bob, wrong)
    with PolicyFile.open(bob, readonly=True) as pf:
        found = verify(pf)
    assert any(f"the approval of version {wrong} by Rita Reviewer" in p and "was signed for version 1.1"
               in p for p in found), found


def test_merge_review_brings_an_approval_in_onto_the_version_the_sync_renamed(copies, people):
    # Rita approved Alice's 1.1 in Alice's file; Bob's copy holds that text as `1.1 [hash]` beside his
    # own 1.1. Merge Review of Alice's file into Bob's looked the signed label up as it is: it found
    # Bob's 1.1, "signed for different text", and left a genuine approval out.
    from policyeditor.review.merge import merge_review

    alice, bob = copies
    renamed = library_copy.renamed_label("1.1", _hash(alice, "1.1"))
    with PolicyFile.open(alice, readonly=True) as pf:  # the sync brought Alice's 1.1 before Rita approved
        version = dataclasses.replace(pf.version("1.1"), label=renamed)
        records = [r for r in signatures.rows(pf) if r.kind in ("version", "status") and r.subject == "1.1"]
    version = dataclasses.replace(version, status=Status.IN_REVIEW)
    with PolicyFile.open(bob) as pf:
        library_copy.apply_pull(pf, library_copy.Pulled(versions=[version], signatures=records))
        report = merge_review(pf, alice, actor="Bob Author")
        assert report.approvals == 1, report.skipped
        assert f"approval of version {renamed} by Rita Reviewer" in " ".join(report.lines)
        assert Workflow(pf).approvers(renamed) == {people["Rita Reviewer"].public.key_b64}
        assert Workflow(pf).approvers("1.1") == set()
        assert pf.version(renamed).status == Status.APPROVED and pf.version("1.1").status == Status.DRAFT
        assert verify(pf, [people["Rita Reviewer"].public]) == []
        # nothing said about Alice's 1.1 "existing only in" her file: it is the renamed one here
        assert not [line for line in report.skipped if "exists only in" in line], report.skipped
