"""`info --verify` judges an approval made without a key by the rules of when the file took it:
before the file had a roster it was valid (told as a fact), after it is `not signed`; the audit
log's order says which, and a version approved before the roster is not held to its rules."""

from __future__ import annotations

import pytest
from trust_helpers import make

from policyeditor.core.errors import LockedVersionError
from policyeditor.review import roster as rosters
from policyeditor.review.verify import verify, verify_report
from policyeditor.review.workflow import ReviewRules, Workflow, set_roster_rules
from policyeditor.store import reviews
from policyeditor.store.policyfile import PolicyFile
from tests.review.conftest import small_policy

FACT = "the approval of version {} by Rita Reviewer is not signed: it was made before the policy had a roster"


@pytest.fixture
def people(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYEDITOR_NO_KEYRING", "1")
    keys = tmp_path / "keys"
    keys.mkdir()
    return {n: make(keys, n) for n in ("Olga Owner", "Rita Reviewer")}


def test_an_unsigned_approval_before_the_roster_is_a_fact_after_it_a_problem(tmp_path, people):
    path = tmp_path / "p.policy"
    with PolicyFile.create(path, small_policy(), author="Ada Author") as pf:
        flow = Workflow(pf)
        for label in ("1.0", "2.0"):
            pf.save_version(small_policy(), label, author="Ada Author")
            flow.submit_for_review(label, "Ada Author")
        flow.approve("1.0", "Rita Reviewer")
        owner = people["Olga Owner"]  # the roster, asking two approvals of each version from now on
        set_roster_rules(pf, ReviewRules(approvals_needed=2), owner=owner)
        rosters.change(pf, owner, "add", role="approver", member=people["Rita Reviewer"].public)
        assert verify(pf) == []
    ok, lines = verify_report(path)
    assert ok and lines[-1] == FACT.format("1.0")
    with PolicyFile.open(path) as pf:
        # Rita signs hers: a second approval of 1.0, signed; 1.0 stays approved
        Workflow(pf).approve("1.0", "", identity=people["Rita Reviewer"])
        with pytest.raises(LockedVersionError):
            Workflow(pf).approve("1.0", "", identity=people["Rita Reviewer"])
        # an approval without a key under the roster (a script, an older policyeditor)
        reviews.record_approval(pf, {"id": "x" * 32, "version": "2.0", "reviewer": "Rita Reviewer",
                                     "created": "2026-01-01T00:00:00Z",
                                     "content_hash": pf.version("2.0").content_hash},
                                status_from=pf.version("2.0").status)
        assert verify(pf) == ["the approval of version 2.0 by Rita Reviewer is not signed",
                              "version 2.0 is approved with 0 valid approval(s); its rules need 2"]
