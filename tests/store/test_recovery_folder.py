"""The recovery folder: a window's entry, kept while it lives, found after a crash, gone on a clean close."""

import json

from policyeditor.core.model import Policy, Section
from policyeditor.store.recovery import Entry, Keeper, forget, orphans


def draft(text: str) -> Policy:
    return Policy(title="Imported", sections=[Section(heading="One", body=text)])


def test_a_live_windows_entry_is_no_orphan_and_a_clean_close_leaves_nothing(tmp_path):
    keeper = Keeper(tmp_path)
    keeper.write(Entry(id="", source="/docs/a.docx", name="a.docx", draft=draft("Typed words.")))
    assert keeper.entry_path.exists()
    assert orphans(tmp_path) == []  # its lock is held: the window still lives
    keeper.clear()
    assert list(tmp_path.iterdir()) == []


def test_an_entry_left_by_a_crash_is_found_with_its_draft_until_forgotten(tmp_path):
    keeper = Keeper(tmp_path)
    keeper.write(Entry(id="", source="/docs/a.docx", name="a.docx", draft=draft("Typed words."),
                       report=["(d) was empty"]))
    second = Keeper(tmp_path)
    second.write(Entry(id="", path="/docs/b.policy", name="b.policy"))
    # the process dies: its locks go with it, the entries stay
    keeper._alive.release()
    second._alive.release()
    found = orphans(tmp_path)
    assert [(e.name, e.path) for e in found] == [("a.docx", None), ("b.policy", "/docs/b.policy")]
    assert found[0].draft.sections[0].body == "Typed words." and found[0].report == ["(d) was empty"]
    assert found[0].saved_at
    assert len(orphans(tmp_path)) == 2  # still there: a crash before they are dealt with loses nothing
    for entry in found:
        forget(tmp_path, entry)
    assert orphans(tmp_path) == [] and list(tmp_path.glob("*.json")) == []


def test_an_unreadable_entry_is_dropped_and_a_rewrite_replaces_the_entry(tmp_path):
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    keeper = Keeper(tmp_path)
    keeper.write(Entry(id="", source="a.txt", name="a.txt", draft=draft("first")))
    keeper.write(Entry(id="", source="a.txt", name="a.txt", draft=draft("second")))
    assert json.loads(keeper.entry_path.read_text())["draft"]["sections"][0]["body"] == "second"
    assert orphans(tmp_path) == []
    assert not (tmp_path / "broken.json").exists()
    assert [p.name for p in tmp_path.glob("*.json")] == [keeper.entry_path.name]
