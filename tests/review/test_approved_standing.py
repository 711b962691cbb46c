"""A version marked approved in the file but not by its record is never shown or exported as approved.

The fault (a probe): `sqlite3 p.policy "update versions set status='approved' where label='2.0'"`, on
a version nobody approved, made `info p.policy@approved`, `export p.policy@approved` (a PDF saying
"Version 2.0 · Approved", no DRAFT mark), `compare` and the window treat it as the approved version;
only `info --verify` said its status was edited. Deleting 1.0's approval rows likewise left 1.0
exported as Approved.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from policyeditor.cli import main
from policyeditor.core.errors import PolicyFileError
from policyeditor.refs import load_ref
from policyeditor.review.workflow import Workflow
from policyeditor.store.policyfile import PolicyFile
from tests.review.conftest import AUTHOR, REVIEWER, small_policy


@pytest.fixture
def two_versions(tmp_path):
    """1.0 approved by the reviewer; 2.0, another text, a draft nobody approved."""
    path = tmp_path / "p.policy"
    with PolicyFile.create(path, small_policy(), author=AUTHOR) as pf:
        pf.save_version(small_policy(), "1.0", author=AUTHOR)
        flow = Workflow(pf)
        flow.submit_for_review("1.0", AUTHOR)
        flow.approve("1.0", REVIEWER)
        sold = small_policy()
        sold.find("sharing").body = "We SELL data to partners."
        pf.save_version(sold, "2.0", author=AUTHOR)
    return path


def _sql(path, statement: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(statement)
    conn.close()


def test_a_genuine_approval_reads_as_approved(two_versions):
    assert load_ref(f"{two_versions}@approved").label == "1.0"


@pytest.mark.parametrize("statement, named", [
    ("UPDATE versions SET status = 'approved' WHERE label = '2.0'", "p.policy@2.0 is marked approved"),
    ("UPDATE versions SET status = 'published' WHERE label = '2.0'", "p.policy@2.0 is marked published"),
    ("DELETE FROM approvals", "p.policy@1.0 is marked approved"),
])
def test_a_status_or_approval_edited_outside_is_refused_in_one_line(two_versions, tmp_path, capsys,
                                                                     statement, named):
    _sql(two_versions, statement)
    kept = two_versions.read_bytes()
    with pytest.raises(PolicyFileError, match=named):
        load_ref(f"{two_versions}@approved")
    out = tmp_path / "out.html"
    assert main(["export", f"{two_versions}@approved", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and named in err and "--verify" in err, err
    assert not out.exists() and two_versions.read_bytes() == kept


def test_a_skipped_review_step_is_not_written_over_by_the_next_approval(two_versions, capsys):
    """A probe: 2.0 moved to in review with sqlite3 (no submit) was then approved, and afterwards
    `info --verify` said "verified": the approval's audited move covered the skipped step."""
    _sql(two_versions, "UPDATE versions SET status = 'in_review' WHERE label = '2.0'")
    kept = two_versions.read_bytes()
    assert main(["approve", f"{two_versions}@2.0", "--actor", REVIEWER]) == 2
    err = capsys.readouterr().err
    assert "version 2.0 cannot move on: version 2.0 is marked in review but the audit log says draft" in err
    assert two_versions.read_bytes() == kept


@pytest.mark.parametrize("statement, label, problem", [
    ("UPDATE versions SET status = 'approved' WHERE label = '2.0'", "2.0", "the audit log says draft"),
    ("DELETE FROM approvals", "1.0", "was removed from the file"),
])
def test_info_does_not_list_a_status_edited_outside_as_the_versions_standing(two_versions, capsys, statement,
                                                                            label, problem):
    """A probe: `info p.policy` listed 2.0 (status set with sqlite3) as approved in its version table."""
    _sql(two_versions, statement)
    assert main(["info", str(two_versions)]) == 0
    out = capsys.readouterr().out
    rows = {v: line for line in out.splitlines() for v in ("1.0", "2.0") if line.startswith(f"  {v:<10} ")}
    assert "approved (not verified: run info --verify)" in rows[label]
    other = "1.0" if label == "2.0" else "2.0"
    assert "not verified" not in rows[other]
    assert f"  {label} not verified: " in out and problem in out
    assert f"in the draft since version {label} (its status not verified)" in out  # the base it counts from
    assert main(["info", str(two_versions), "--json"]) == 0
    listed = {v["label"]: v for v in json.loads(capsys.readouterr().out)["versions"]}
    assert listed[label]["status"] == "approved" and problem in listed[label]["status_problem"]
    assert listed[other]["status_problem"] is None


def test_info_of_an_untouched_file_lists_its_statuses_as_they_are(two_versions, capsys):
    assert main(["info", str(two_versions)]) == 0
    out = capsys.readouterr().out
    assert "not verified" not in out and "  1.0        approved " in out
