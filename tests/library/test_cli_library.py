"""`policyeditor library init|sync|pull|list|review` against the real server; the password from PGPASSWORD."""

from __future__ import annotations

import json

import psycopg
from helpers import new_copy
from pgserver import ADMIN, PASSWORD

from policyeditor.cli import main
from policyeditor.library.schema import schema_version
from policyeditor.review.verify import verify_report


def test_init_sync_list_pull_from_the_command_line(pg_server, tmp_path, capsys):
    with psycopg.connect(pg_server.url(ADMIN), autocommit=True) as conn:
        conn.execute('CREATE DATABASE "cli_lib"')
    try:
        admin = pg_server.url(ADMIN, "cli_lib")
        assert main(["library", "init", admin]) == 0
        assert f"{schema_version()} migration" in capsys.readouterr().out
        assert main(["library", "init", admin]) == 0
        assert "up to date" in capsys.readouterr().out
        from policyeditor.library import roles
        from policyeditor.library.connection import connect

        with connect(admin) as conn:
            roles.add_user(conn, "alice", "author", password=PASSWORD)
        url = pg_server.url("alice", "cli_lib")
        path = new_copy(tmp_path / "mine.policy")
        assert main(["library", "sync", str(path), url]) == 0
        assert "1 versions" in capsys.readouterr().out
        assert main(["library", "list", url, "--json"]) == 0
        [entry] = json.loads(capsys.readouterr().out)
        assert entry["owner"] == "alice" and entry["versions"] == 1 and entry["status"] == "draft"
        assert main(["library", "list", url]) == 0
        assert entry["title"] in capsys.readouterr().out
        out = tmp_path / "pulled.policy"
        assert main(["library", "pull", url, entry["title"], "-o", str(out)]) == 0
        assert verify_report(out)[0]
        assert main(["info", str(out), "--verify"]) == 0
    finally:
        with psycopg.connect(pg_server.url(ADMIN), autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "cli_lib" WITH (FORCE)')


def test_mistakes_are_one_sentence(pg_server, tmp_path, capsys, monkeypatch):
    path = new_copy(tmp_path / "mine.policy")
    with_password = f"postgresql://alice:secret@127.0.0.1:{pg_server.port}/postgres"
    assert main(["library", "sync", str(path), with_password]) == 2
    assert "must not hold the password" in capsys.readouterr().err
    assert main(["library", "list", "postgresql://nobody@127.0.0.1:1/none"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("policyeditor: cannot reach the library") and err.count("\n") == 1
    # a database that is not a library
    assert main(["library", "list", pg_server.url(ADMIN)]) == 2
    assert "not a policy library yet" in capsys.readouterr().err
    monkeypatch.setenv("PGPASSWORD", "wrong")
    assert main(["library", "list", pg_server.url(ADMIN)]) == 2
    assert "password authentication failed" in capsys.readouterr().err


def test_a_policys_review_date_cycle_and_owner_are_set_from_the_command_line(library, tmp_path, capsys):
    path = new_copy(tmp_path / "mine.policy")
    assert main(["library", "sync", str(path), library.url("alice")]) == 0
    capsys.readouterr()
    url = library.url("alice")
    assert main(["library", "review", url, "privacy policy", "--due", "2027-03-31", "--every", "6"]) == 0
    line = capsys.readouterr().out
    assert "review every 6 month(s), next due 2027-03-31" in line
    assert main(["library", "list", url, "--json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert (entry["review_due"], entry["review_months"]) == ("2027-03-31", 6)
    # mistakes: one sentence each, nothing changed
    assert main(["library", "review", url, entry["id"]]) == 2
    assert "say what to change" in capsys.readouterr().err
    assert main(["library", "review", url, entry["id"], "--every", "0"]) == 2
    assert "is not one" in capsys.readouterr().err
    assert main(["library", "review", url, entry["id"], "--due", "31/03/2027"]) == 2
    assert "write it as YYYY-MM-DD" in capsys.readouterr().err
    # someone it is not shared with sees no such policy
    assert main(["library", "review", library.url("bruno"), entry["id"], "--every", "3"]) == 2
    assert "no policy" in capsys.readouterr().err
    assert main(["library", "list", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["review_months"] == 6


def test_a_policy_shared_without_a_roster_is_told_its_approvals_are_not_signed(library, tmp_path, capsys,
                                                                               people):
    """A probe: a sync with no roster sent the policy unsigned without a word. The report says so, and
    how its owner sets one up; a copy under a roster is told nothing."""
    from policyeditor.review import roster as rosters
    from policyeditor.store.policyfile import PolicyFile

    plain = new_copy(tmp_path / "plain.policy")
    assert main(["library", "sync", str(plain), library.url("alice")]) == 0
    out = capsys.readouterr().out
    assert "note: this policy has no roster, so its approvals are not signed" in out
    assert "policyeditor roster add FILE KEY.pub --role approver --identity OWNER_KEY" in out
    with PolicyFile.open(plain) as pf:
        rosters.change(pf, people["Olga Owner"], "add", role="approver", member=people["Abe Approver"].public)
    assert main(["library", "sync", str(plain), library.url("alice")]) == 0
    assert "no roster" not in capsys.readouterr().out
