"""A heading number typed on one side and printed by the numbering on the other is compared as a number.

The fault (a probe): "## 2. Data we keep" retyped "## 3. Data we keep" made the new document's numbers
stop counting (1, 3, 3, 4), so its headings kept them typed while the old one's numbering printed its
own. The compare gave four editorial insertions ("{+1. +}Scope", "{+3. +}Contact", …), three on
sections that did not change, and none substantive: with editorial changes hidden, nothing showed.
"""

from __future__ import annotations

from policyeditor.diff.redline import compare
from policyeditor.formats.importers import import_document

HEADINGS = ["Scope", "Data we keep", "Contact", "Law"]


def _policy(tmp_path, name: str, numbers: list[int]):
    text = "# Acme Privacy Policy\n\n" + "".join(f"## {n}. {heading}\n\nAbout {heading.lower()}.\n\n"
                                                for n, heading in zip(numbers, HEADINGS, strict=True))
    path = tmp_path / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return import_document(path).policy


def test_only_the_retyped_number_is_a_change_and_it_is_substantive(tmp_path):
    old, new = _policy(tmp_path, "old", [1, 2, 3, 4]), _policy(tmp_path, "new", [1, 3, 3, 4])
    redline = compare(old, new)
    shown = [c for c in redline.changes if not c.ignored]
    assert [(c.part, c.old_text, c.new_text.strip(), c.editorial) for c in shown] == [
        ("heading", "", "3.", False)]
    section = redline.sections[shown[0].section]
    assert section.old_number == "2." and section.new.heading == "3. Data we keep"


def test_the_other_way_round_too(tmp_path):
    old, new = _policy(tmp_path, "old", [1, 3, 3, 4]), _policy(tmp_path, "new", [1, 2, 3, 4])
    shown = [c for c in compare(old, new).changes if not c.ignored]
    assert [(c.old_text.strip(), c.new_text, c.editorial) for c in shown] == [("3.", "", False)]
