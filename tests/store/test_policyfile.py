"""PolicyFile: create/open round trips, the draft, versions and content addressing."""

from __future__ import annotations

import dataclasses
import re
import sqlite3

import pytest
from store_helpers import corpus_policy, large_policy, snapshot

from policyeditor.core.errors import LockedVersionError, PolicyFileError, VersionNotFoundError
from policyeditor.core.model import Policy, Section, Status
from policyeditor.review.verify import verify
from policyeditor.store import PolicyFile, VersionInfo
from policyeditor.store.schema import APPLICATION_ID, schema_version


def contents_rows(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM contents").fetchone()[0]


def test_corpus_document_round_trips(tmp_path):
    policy = corpus_policy()
    assert policy.section_count() > 30 and any(s.children for s in policy.sections)
    PolicyFile.create(tmp_path / "tos.policy", policy, author="Ann").close()

    with PolicyFile.open(tmp_path / "tos.policy") as pf:
        loaded = pf.load_draft()

    assert loaded == policy  # title, metadata, ids, headings, bodies, order and nesting
    assert [(s.id, d) for s, d in loaded.walk()] == [(s.id, d) for s, d in policy.walk()]
    assert loaded.content_hash() == policy.content_hash()


def test_file_is_stamped_as_ours(tmp_path):
    PolicyFile.create(tmp_path / "a.policy", Policy()).close()
    with sqlite3.connect(tmp_path / "a.policy") as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_create_refuses_to_overwrite(tmp_path):
    target = tmp_path / "a.policy"
    target.write_text("someone's notes")
    before = snapshot(tmp_path)
    with pytest.raises(PolicyFileError, match="a.policy already exists"):
        PolicyFile.create(target, Policy())
    assert snapshot(tmp_path) == before


def test_create_leaves_only_the_file(tmp_path):
    PolicyFile.create(tmp_path / "a.policy", Policy()).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.policy"]


def test_draft_autosave_round_trip(tmp_path, clock):
    policy = corpus_policy()
    with PolicyFile.create(tmp_path / "a.policy", policy) as pf:
        created_at = pf.draft_saved_at()
        edited = policy.copy()
        edited.title = "Terms (draft)"
        edited.metadata["owner"] = "Legal"
        sections = [section for section, _ in edited.walk()]
        sections[5].body += "\n\nA new paragraph."
        edited.sections.append(Section("Annex", "Added at the end."))
        parent, index = edited.locate(sections[10].id)
        edited.sections.insert(0, parent.children.pop(index))  # a move to the top level
        pf.save_draft(edited)
        assert pf.draft_saved_at() > created_at
    with PolicyFile.open(tmp_path / "a.policy") as pf:
        assert pf.load_draft() == edited


def test_unchanged_draft_is_not_written(tmp_path, clock):
    policy = corpus_policy()
    with PolicyFile.create(tmp_path / "a.policy", policy) as pf:
        revision, saved_at = pf.draft_revision(), pf.draft_saved_at()
        before = (tmp_path / "a.policy").read_bytes()
        pf.save_draft(policy.copy())
        assert (pf.draft_revision(), pf.draft_saved_at()) == (revision, saved_at)
        assert (tmp_path / "a.policy").read_bytes() == before
        changed = policy.copy()
        changed.sections[0].heading = "Preface"
        pf.save_draft(changed)
        assert pf.draft_revision() == revision + 1


def test_autosaving_edits_does_not_pile_up_contents(tmp_path):
    policy = large_policy(50)
    path = tmp_path / "a.policy"
    with PolicyFile.create(path, policy) as pf:
        rows = contents_rows(path)
        for n in range(20):  # twenty keystrokes in one section
            policy.sections[0].children[0].body += f" w{n}"
            pf.save_draft(policy)
        assert contents_rows(path) == rows
        assert pf.load_draft() == policy


def test_versions_are_listed_oldest_first_and_read_back(tmp_path, clock):
    policy = corpus_policy()
    with PolicyFile.create(tmp_path / "a.policy", policy) as pf:
        first = pf.save_version(policy, "1.0", author="Ann", note="first cut")
        second_text = policy.copy()
        second_text.sections[1].body = "Rewritten."
        second = pf.save_version(second_text, "1.1", author="Bob", parent="1.0", status=Status.IN_REVIEW)
    with PolicyFile.open(tmp_path / "a.policy", readonly=True) as pf:
        infos = pf.versions()
        assert [v.label for v in infos] == ["1.0", "1.1"]
        assert infos[1] == VersionInfo("1.1", "Bob", second.created, "", Status.IN_REVIEW, "1.0",
                                       second_text.content_hash())
        assert pf.version("1.0") == first
        assert pf.version("1.1").policy == second_text
        assert pf.version("1.0").content_hash == policy.content_hash()
        assert pf.latest().label == "1.1"
        assert pf.latest(Status.DRAFT).label == "1.0"
        assert pf.latest(Status.APPROVED) is None


def test_saved_version_is_a_snapshot(tmp_path):
    policy = corpus_policy()
    with PolicyFile.create(tmp_path / "a.policy", policy) as pf:
        version = pf.save_version(policy, "1.0", author="Ann")
        policy.sections[0].body = "changed after saving"
        assert version.policy.sections[0].body != "changed after saving"
        assert pf.version("1.0").policy.sections[0].body != "changed after saving"
        with pytest.raises(dataclasses.FrozenInstanceError):
            version.label = "2.0"  # type: ignore[misc]


def test_label_must_be_unique(tmp_path):
    with PolicyFile.create(tmp_path / "a.policy", Policy()) as pf:
        pf.save_version(Policy(), "1.0", author="Ann")
        with pytest.raises(PolicyFileError, match="a.policy already has a version labelled '1.0'"):
            pf.save_version(Policy(title="other"), "1.0", author="Bob")
        assert len(pf.versions()) == 1


def test_unknown_label(tmp_path):
    with PolicyFile.create(tmp_path / "a.policy", Policy()) as pf:
        with pytest.raises(VersionNotFoundError) as error:
            pf.version("x")
        assert str(error.value) == "no version labelled 'x' in a.policy"
        with pytest.raises(VersionNotFoundError):
            pf.save_version(Policy(), "1.0", author="Ann", parent="0.9")
        with pytest.raises(VersionNotFoundError):
            pf.set_status("x", Status.APPROVED, actor="Ann")


def test_one_changed_section_of_500_adds_one_contents_row(tmp_path):
    policy = large_policy(500)
    path = tmp_path / "big.policy"
    with PolicyFile.create(path, policy) as pf:
        pf.save_version(policy, "1", author="Ann")
        rows, size = contents_rows(path), path.stat().st_size
        assert rows == 500

        clauses = [section for section, depth in policy.walk() if depth == 2]
        for n in range(10):
            clauses[n * 7].body += " One more sentence."
            pf.save_version(policy, f"2.{n}", author="Ann")
            assert contents_rows(path) == rows + n + 1
        pf.save_version(policy, "same", author="Ann")  # same text: nothing new to store
        assert contents_rows(path) == rows + 10
        # A version lists its 500 row ids (~5 bytes each) and shares the outline: with the
        # changed section (~1.9 KB) it adds ~6 KB (pages are 4 KB), 0.5% of the first version.
        assert (path.stat().st_size - size) / 11 < 0.01 * size


def test_status_changes_are_recorded_and_locked_versions_stay_locked(tmp_path):
    with PolicyFile.create(tmp_path / "a.policy", Policy()) as pf:
        pf.save_version(Policy(), "1.0", author="Ann")
        pf.set_status("1.0", Status.IN_REVIEW, actor="Ann")
        pf.set_status("1.0", Status.APPROVED, actor="Rita")
        assert pf.latest_approved().label == "1.0"
        with pytest.raises(LockedVersionError):
            pf.set_status("1.0", Status.DRAFT, actor="Ann")
        pf.set_status("1.0", Status.PUBLISHED, actor="Paul")
        assert pf.version("1.0").status is Status.PUBLISHED
        changes = [(e.actor, e.payload) for e in pf.audit_log() if e.action == "version.status"]
        assert changes == [("Ann", {"from": "draft", "to": "in_review"}),
                           ("Rita", {"from": "in_review", "to": "approved"}),
                           ("Paul", {"from": "approved", "to": "published"})]


def test_latest_approved_is_the_newest_approved_or_published(tmp_path):
    with PolicyFile.create(tmp_path / "a.policy", Policy()) as pf:
        assert pf.latest_approved() is None
        for label in ("1", "2", "3"):
            pf.save_version(Policy(title=label), label, author="Ann")
        pf.set_status("1", Status.PUBLISHED, actor="Paul")
        pf.set_status("2", Status.APPROVED, actor="Rita")
        assert pf.latest_approved().label == "2"
        pf.set_status("1", Status.SUPERSEDED, actor="Paul")
        pf.set_status("2", Status.PUBLISHED, actor="Paul")
        assert pf.latest_approved().label == "2"
        assert pf.latest(Status.SUPERSEDED).label == "1"


def test_saved_versions_cannot_be_rewritten_through_sql(tmp_path):
    with PolicyFile.create(tmp_path / "a.policy", Policy(sections=[Section("A", "a")])) as pf:
        pf.save_version(pf.load_draft(), "1.0", author="Ann")
        for statement in ("UPDATE versions SET section_rows = '[]'", "DELETE FROM versions",
                          "UPDATE shapes SET tree = '[]'",
                          "UPDATE contents SET body = 'forged'", "DELETE FROM audit_log",
                          "UPDATE audit_log SET actor = 'Eve'"):
            with pytest.raises(sqlite3.IntegrityError):
                with pf.transaction() as conn:
                    conn.execute(statement)
        assert verify(pf) == []


def test_info_summarises_without_loading_sections(tmp_path, clock):
    policy = corpus_policy()
    with PolicyFile.create(tmp_path / "a.policy", policy, author="Ann") as pf:
        pf.save_version(policy, "1.0", author="Ann", note="first")
        info = pf.info()
    assert info["title"] == policy.title
    assert info["sections"] == policy.section_count()
    assert info["versions"] == [{"label": "1.0", "status": "draft", "author": "Ann",
                                 "created": info["versions"][0]["created"], "note": "first",
                                 "hash": policy.content_hash()}]
    assert info["open_comments"] == 0
    assert info["draft_updated"].startswith("2024-01-01T00:")


def test_time_stamps_are_iso_utc_seconds():
    from policyeditor.store.clock import now

    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", now())


def test_read_only_file_refuses_writes(tmp_path):
    PolicyFile.create(tmp_path / "a.policy", Policy()).close()
    before = snapshot(tmp_path)
    with PolicyFile.open(tmp_path / "a.policy", readonly=True) as pf:
        assert pf.readonly
        with pytest.raises(PolicyFileError, match="read-only"):
            pf.save_draft(Policy(title="changed"))
        with pytest.raises(PolicyFileError, match="read-only"):
            pf.save_version(Policy(), "1", author="Ann")
    assert snapshot(tmp_path) == before


def test_outline_edits_of_the_draft_do_not_pile_up_shapes(tmp_path):
    policy = large_policy(30)
    path = tmp_path / "a.policy"
    with PolicyFile.create(path, policy) as pf:
        pf.save_version(policy, "1.0", author="Ann")
        for n in range(5):  # five structural edits of the draft
            policy.sections.append(Section(f"Annex {n}", "text"))
            pf.save_draft(policy)
        assert pf.load_draft() == policy
        with sqlite3.connect(path) as conn:
            shapes = conn.execute("SELECT count(*) FROM shapes").fetchone()[0]
        assert shapes == 2  # version 1.0's outline and the draft's; the ones between are gone
