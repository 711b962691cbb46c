"""A sync's report counts what the copy received, not what it read again (a probe: one section
edited elsewhere was "received 20 contents", every section of the pulled draft)."""

from __future__ import annotations

from helpers import edit_section, new_copy, synced_and_shared

from policyeditor.app.library import pull, sync_file


def test_one_section_edited_elsewhere_is_one_content_received(library, tmp_path):
    alice = new_copy(tmp_path / "alice.policy")
    pid = synced_and_shared(library, alice, ("bruno", "author"))
    bruno = tmp_path / "bruno.policy"
    pulled = pull(library.url("bruno"), pid, bruno)[1]
    assert pulled.received["contents"] > 1  # a new copy receives every section
    edit_section(alice, 2, "One more line.")
    assert sync_file(alice, library.url("alice")).sent["contents"] == 1
    report = sync_file(bruno, library.url("bruno"))
    assert report.draft == "received"
    assert report.received["contents"] == 1
    assert "received 1 contents, 1 draft" in report.summary()
    assert sync_file(bruno, library.url("bruno")).received.get("contents", 0) == 0
