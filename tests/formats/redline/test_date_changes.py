"""A change of the policy's dates ("Effective date: 1 January 2024" → "1 March 2025") is a change.

Date lines are the policy's properties, printed in its title block, not sections: the compare
left them out, so a new effective date was "0 changes" in every redline, and the tracked
DOCX's cover showed the new date alone, so Reject All gave the new date back. They are now
tracked as the title is (`Redline.dates_ops`, changes of part "dates"): in the text, HTML,
JSON and DOCX redlines, in accept and reject, and credited as the title's words are.
"""

from __future__ import annotations

import json

from policyeditor.app.export import write_redline
from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.formats.importers import import_document
from policyeditor.formats.redline.text import render_text
from tests.conftest import CORPUS
from tests.diff.redline_helpers import html_words


def _policy(dates: dict[str, str]) -> Policy:
    policy = Policy("Privacy Policy", [Section("Scope", "We collect data.", id="s")])
    policy.dates = dict(dates)
    return policy


OLD = _policy({"Effective date": "1 January 2024", "Version": "1"})
NEW = _policy({"Effective date": "1 March 2025", "Version": "2"})


def test_a_new_date_is_a_change_that_accept_and_reject_resolve():
    redline = compare(OLD, NEW)
    assert [c.part for c in redline.changes] == ["dates", "dates"]
    assert redline.stats.changes == 2 and redline.stats.substantive == 2
    assert redline.accept_all().dates == NEW.dates and redline.reject_all().dates == OLD.dates
    first = redline.changes[0]
    assert (first.old_text, first.new_text) == ("January 2024", "March 2025")
    assert redline.apply([first.id]).dates == {"Effective date": "1 March 2025", "Version": "1"}
    assert compare(OLD, OLD).changes == () and compare(OLD, OLD.copy()).dates_ops


def test_every_redline_shows_the_dates_and_their_changes(tmp_path):
    redline = compare(OLD, NEW)
    shown = "Dates: Effective date: 1 [-January 2024-]{+March 2025+} · Version: [-1-]{+2+}"
    assert shown in render_text(redline)
    write_redline(redline, tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [(op["op"], op["text"]) for op in data["dates_ops"]] == [
        ("equal", "Effective date: 1 "), ("delete", "January 2024"), ("insert", "March 2025"),
        ("equal", " · Version: "), ("delete", "1"), ("insert", "2")]
    write_redline(redline, tmp_path / "r.html")
    accepted, rejected = (" ".join(html_words(tmp_path / "r.html", mode)) for mode in ("accept", "reject"))
    assert "Effective date: 1 March 2025 · Version: 2 Scope" in accepted
    assert "Effective date: 1 January 2024 · Version: 1 Scope" in rejected


def test_the_tracked_docx_resolves_to_each_texts_dates(tmp_path):
    for old, new in ((OLD, NEW), (NEW, OLD), (_policy({}), NEW), (OLD, _policy({}))):
        out = tmp_path / "r.docx"
        write_redline(compare(old, new), out)
        result = import_document(out)
        assert result.policy.dates == new.dates and result.original.dates == old.dates


def test_a_corpus_pair_whose_date_changed():
    """Quora's privacy policy: "Effective date: June 15, 2022" → "July 24, 2023", nothing else dated."""
    pair = CORPUS / "pairs" / "quora-privacy-policy"
    old, new = (import_document(pair / name).policy for name in ("v1.md", "v2.md"))
    assert old.dates != new.dates
    redline = compare(old, new)
    dated = [c for c in redline.changes if c.part == "dates"]
    assert dated and redline.accept_all().dates == new.dates and redline.reject_all().dates == old.dates
