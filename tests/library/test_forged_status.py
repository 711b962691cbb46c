"""A version set to approved in the library with no approval is never taken in as approved.

The fault (a probe): the library's administrator, with its checks switched off, set version 1.0
(in review) to approved and added no approval. Alice's sync took the status in ("received 1
statuses", no refusal), and `export @approved` printed the unapproved text marked Approved; a
reader's fresh pull did the same. Only `info --verify` later said the copy was tampered.
"""

from __future__ import annotations

from policyeditor.app.library import pull, sync_file
from policyeditor.core.model import Status
from policyeditor.review.verify import verify
from policyeditor.store.policyfile import PolicyFile


def _forge_approved(library, pid: str) -> None:
    with library.admin() as conn:
        conn.execute("SET session_replication_role = replica")  # the server's checks off
        conn.execute("UPDATE versions SET status = 'approved', rev = (SELECT revision + 1 FROM policies "
                     "WHERE id = %s) WHERE policy_id = %s AND label = '1.0'", (pid, pid))
        conn.execute("UPDATE policies SET revision = revision + 1 WHERE id = %s", (pid,))
        conn.commit()


def _status(path) -> Status:
    with PolicyFile.open(path, readonly=True) as pf:
        assert verify(pf) == []
        return pf.versions()[0].status


def test_a_status_forged_in_the_library_is_refused_by_the_copy(library, signed_copy):
    path, pid = signed_copy
    _forge_approved(library, pid)
    report = sync_file(path, library.url("alice"))
    assert report.refused == [
        "version 1.0's move to approved with no approval of its text; it stays in review"]
    assert "refused: version 1.0's move to approved" in report.summary()
    assert _status(path) is Status.IN_REVIEW
    again = sync_file(path, library.url("alice"))  # asked again, refused again: nothing is taken later
    assert again.refused == report.refused and _status(path) is Status.IN_REVIEW


def test_a_fresh_pull_takes_a_version_forged_approved_in_review(library, plain_copy, tmp_path):
    _, pid = plain_copy
    _forge_approved(library, pid)
    fresh = tmp_path / "rita.policy"
    pull(library.url("rita"), pid, fresh)
    assert _status(fresh) is Status.IN_REVIEW
