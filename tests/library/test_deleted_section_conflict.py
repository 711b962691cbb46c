"""A section one side deleted and the other edited, against the real server: the deleter's copy
keeps its deletion, the conflict is named by number and heading, `info` lists it, and the command
line settles it (keep mine, take theirs, or the answer written in a file) so the draft is sent."""

from __future__ import annotations

import json

from helpers import new_copy, synced_and_shared

from policyeditor.app.library import pull, sync_file
from policyeditor.cli import main
from policyeditor.core.numbering import numbers
from policyeditor.store import library_copy, reviews
from policyeditor.store.policyfile import PolicyFile


def _two_copies(library, tmp_path):
    """Alice's copy and Bruno's (an author), synced; Bruno edited section 5 and synced first,
    Alice deleted it; the section's id, number and heading."""
    mine = new_copy(tmp_path / "mine.policy")
    pid = synced_and_shared(library, mine, ("bruno", "author"))
    theirs = tmp_path / "theirs.policy"
    pull(library.url("bruno"), pid, theirs)
    with PolicyFile.open(mine) as pf:
        draft = pf.load_draft()
        gone = draft.sections[4]
        number = numbers(draft)[gone.id]
        draft.sections.pop(4)
        pf.save_draft(draft)
    with PolicyFile.open(theirs) as pf:
        draft = pf.load_draft()
        draft.find(gone.id).body += "\n\nTheirs: cookies last a day."
        pf.save_draft(draft)
    assert sync_file(theirs, library.url("bruno")).draft == "sent"
    return mine, theirs, gone.id, number, gone.heading


def _library_has(library, path, section_id):
    """Whether the library's draft has the section (read as the sync reads it)."""
    from policyeditor.library.library_side import LibrarySide
    from policyeditor.library.sync_report import SyncReport

    with PolicyFile.open(path, readonly=True) as pf:
        pid = reviews.policy_id(pf)
    with library.connect("alice") as conn:
        row = conn.execute(
            "SELECT title, metadata, shape, section_ids, properties FROM drafts WHERE policy_id = %s", (pid,)
        ).fetchone()
        policy = LibrarySide(conn, pid, SyncReport(pid, "", "owner")).load_policies([row])[0]
        conn.rollback()
    return policy.find(section_id) is not None


def test_the_deleters_copy_keeps_its_deletion_and_names_the_conflict(library, tmp_path, capsys):
    mine, _theirs, gone, number, heading = _two_copies(library, tmp_path)
    assert main(["library", "sync", str(mine), library.url("alice")]) == 0
    out = capsys.readouterr().out
    assert f"conflict: §{number} {heading}: deleted here, edited in the library" in out
    with PolicyFile.open(mine, readonly=True) as pf:
        assert pf.load_draft().find(gone) is None  # the copy keeps my text: deleted
        [record] = library_copy.conflict_records(pf)
        assert record["mine"] is None and "a day" in record["theirs"]["body"]
    assert _library_has(library, mine, gone)  # the library keeps theirs
    assert main(["info", str(mine)]) == 0
    out = capsys.readouterr().out
    assert "1 library conflict(s) to settle" in out and f"§{number} {heading}: deleted here" in out
    assert main(["info", str(mine), "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)["library_conflicts"]
    assert listed == {"section_id": gone, "kind": "text", "number": number, "name": f"§{number} {heading}",
                      "what": "deleted here, edited in the library"}
    # unsettled, a second sync sends nothing and brings nothing back
    assert sync_file(mine, library.url("alice")).draft == "conflict"
    # settled from the command line, keeping mine: the next sync sends the deletion
    assert main(["library", "settle", str(mine), "99", "--mine"]) != 0
    assert f"its conflicts: §{number} {heading}" in capsys.readouterr().err
    assert main(["library", "settle", str(mine), f"§{number}", "--mine", "--author", "alice"]) == 0
    assert f"settled §{number} {heading} (deleted here, edited in the library): kept mine" in \
        capsys.readouterr().out
    with PolicyFile.open(mine, readonly=True) as pf:
        assert library_copy.conflict_records(pf) == []
        assert pf.audit_log()[-1].action == "library.conflict_settled"
    assert main(["info", str(mine), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["library_conflicts"] == []
    assert sync_file(mine, library.url("alice")).draft == "sent"
    assert not _library_has(library, mine, gone)


def test_taking_theirs_from_the_command_line_puts_the_section_back_in_its_place(library, tmp_path, capsys):
    mine, theirs, gone, number, _heading = _two_copies(library, tmp_path)
    with PolicyFile.open(theirs, readonly=True) as pf:
        their_order = [s.id for s, _ in pf.load_draft().walk()]
    sync_file(mine, library.url("alice"))
    assert main(["library", "settle", str(mine), gone, "--theirs"]) == 0
    assert "took theirs" in capsys.readouterr().out
    with PolicyFile.open(mine, readonly=True) as pf:
        draft = pf.load_draft()
        assert "a day" in draft.find(gone).body and numbers(draft)[gone] == number
        assert [s.id for s, _ in draft.walk()] == their_order
    assert sync_file(mine, library.url("alice")).draft == "same"


def test_writing_the_answer_from_the_command_line(library, tmp_path, capsys):
    # the window's third choice (Use My Edit) had no command-line form
    mine, _theirs, gone, number, heading = _two_copies(library, tmp_path)
    sync_file(mine, library.url("alice"))
    answer = tmp_path / "answer.md"
    answer.write_text("# Cookies, briefly\n\nWe keep **one** cookie, for an hour.\n", encoding="utf-8")
    assert main(["library", "settle", str(mine), f"§{number}", "--edited", str(answer)]) == 0
    assert f"settled §{number} {heading} (deleted here, edited in the library): wrote answer.md's text" in \
        capsys.readouterr().out
    with PolicyFile.open(mine, readonly=True) as pf:
        section = pf.load_draft().find(gone)
        assert (section.heading, section.body) == ("Cookies, briefly", "We keep **one** cookie, for an hour.")
        assert library_copy.conflict_records(pf) == []
    assert sync_file(mine, library.url("alice")).draft == "sent"
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["library", "settle", str(mine), f"§{number}", "--edited", str(empty)]) == 2
    assert "empty.txt is empty: write the section's heading on its first line" in capsys.readouterr().err
