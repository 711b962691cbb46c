"""A redline as JSON, schema "policyeditor.redline/1" (also in docs/redline-json.md).

    {
      "schema": "policyeditor.redline/1",
      "old": {"title": str, "label": str},
      "new": {"title": str, "label": str},
      "options": {"granularity": "word"|"char", "ignore_whitespace": bool,
                  "ignore_case": bool, "normalize_quotes": bool},
      "title_ops": [op, ...],
      "dates_ops": [op, ...],           # the date lines ("Effective date: 1 March 2025 · Version: 2")
      "stats": {"words_inserted": int, "words_deleted": int, "words_moved": int,
                "changes": int, "substantive": int,
                "sections": {"unchanged": int, "edited": int, "renamed": int,
                             "moved": int, "added": int, "deleted": int}},
      "sections": [section, ...],       # reading order: new order, deleted ones at their old place
      "changes": [change, ...],         # by id, which is reading order
      "left_out": str,                  # only when some: "2 charts not compared"
      "page_text_changed": str,         # only when so: "page footer changed: “A” → “B”"
      "source_notes": [str, ...]        # only when some: "Word comment changed on “x”: “a” → “b”"
    }

    section = {"index": int, "kind": [flags...], "old_id": str|null, "new_id": str|null,
               "old_number": str|null, "new_number": str|null,
               "old_depth": int|null, "new_depth": int|null,
               "old_heading": str|null, "new_heading": str|null,
               "heading_ops": [op, ...], "ops": [op, ...], "changes": [int, ...]}
    op = {"op": "equal"|"insert"|"delete"|"move_from"|"move_to", "text": str,
          "change": int|null, "editorial": bool, "ignored": bool, "formatting": str}
    change = {"id": int, "kind": "insert"|"delete"|"replace"|"move"|"section_added"|
              "section_deleted"|"section_moved"|"section_promoted"|"section_demoted",
              "part": "title"|"dates"|"heading"|"body"|"structure",
              "section": int|null, "old_id", "new_id", "old_start", "old_end", "new_start",
              "new_end", "old_text", "new_text", "editorial": bool, "ignored": bool,
              "credits": [{"author": str, "date": str, "version": str|null}, ...],
              "formatting": str,  # what a change of formatting alone changed ("link added"), else ""
              "table": str,       # "cells merged", "cells split", "cells merged and split",
                                  # "made a table row", "table row made a paragraph"..., else ""
              "reformats": str}   # what a change of words did to the kept words between its
                                  # parts' format ("link removed": quotes put round them), else ""

`kind` flags are a set: unchanged, or any of edited (body), renamed (heading),
moved, added, deleted, promoted (paragraphs that became this section), demoted
(a section that became paragraphs of the one before it). Ops are over the
canonical body text (and heading): the texts of equal+delete+move_from ops
concatenate to the old text, those of equal+insert+move_to ops to the new
text. A change may be paragraph breaks alone, also between two characters the
other text writes together ("identifiers.Some" → "identifiers.\n\nSome"):
dropping it joins the two paragraphs with nothing between, as Word does with a
rejected paragraph mark. A section moved out of order is listed once, at its new place. Numbers
are outline numbers (1, 1.2, 1.2.a), structure not text. A change's offsets
are into the old and new text of its part. A change's `credits` are whoever
made it (blame through the versions between), oldest first; empty when not
known (two texts from different files).
New fields may be added within version 1; a field is never removed or renamed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from policyeditor.core.records import asdict
from policyeditor.diff.redline import Redline, SectionDiff
from policyeditor.diff.text import Op

TYPE_CHECKING = False  # not typing's: importing typing costs the command line's start-up time
if TYPE_CHECKING:  # only named: a compare to JSON need not load blame
    from policyeditor.diff.blame import ChangeCredit

SCHEMA = "policyeditor.redline/1"


def _ops(ops: tuple[Op, ...], editorial: dict[int, bool]) -> list[dict]:
    return [{"op": op.kind, "text": op.text, "change": op.change or None,
             "editorial": editorial.get(op.change, False), "ignored": op.ignored,
             "formatting": op.formatting} for op in ops]


def _section(d: SectionDiff, editorial: dict[int, bool]) -> dict:
    return {
        "index": d.index,
        "kind": sorted(d.kinds),
        "old_id": d.old_id, "new_id": d.new_id,
        "old_number": d.old_number, "new_number": d.new_number,
        "old_depth": d.old_depth, "new_depth": d.new_depth,
        "old_heading": d.old.heading if d.old else None,
        "new_heading": d.new.heading if d.new else None,
        "heading_ops": _ops(d.heading_ops, editorial),
        "ops": _ops(d.body_ops, editorial),
        "changes": list(d.change_ids),
    }


def redline_data(redline: Redline, credits: Mapping[int, ChangeCredit] | None = None) -> dict:
    """The redline as plain JSON-ready data; `credits` name who made each change (diff.blame)."""
    editorial = {c.id: c.editorial for c in redline.changes}
    listed = [i for i, role in redline.slots if role != "old" or redline.sections[i].new is None]
    stats = asdict(redline.stats)
    # what the compare could not see or compared whole, only when there is some (never a bare "0 changes")
    notes = {key: text for key, text in (("left_out", redline.left_out),
                                         ("page_text_changed", redline.page_text_changed),
                                         ("source_notes", list(redline.source_notes))) if text}
    return {
        "schema": SCHEMA,
        "old": {"title": redline.old.title, "label": redline.old_label},
        "new": {"title": redline.new.title, "label": redline.new_label},
        "options": asdict(redline.options),
        "title_ops": _ops(redline.title_ops, editorial),
        "dates_ops": _ops(redline.dates_ops, editorial),
        "stats": stats,
        "sections": [_section(redline.sections[i], editorial) for i in listed],
        "changes": [{**asdict(c), "credits": _credits(c.id, credits)} for c in redline.changes],
        **notes,
    }


def _credits(change_id: int, credits: Mapping[int, ChangeCredit] | None) -> list[dict]:
    found = (credits or {}).get(change_id)
    return [{"author": c.author, "date": c.date, "version": c.label}
            for c in (found.credits if found else ())]


def render_json(redline: Redline, credits: Mapping[int, ChangeCredit] | None = None) -> str:
    return _dumps(redline_data(redline, credits)) + "\n"


try:  # the json package's own string encoder, without importing the package (its decoder costs start-up time)
    from _json import encode_basestring as _string
except ImportError:  # not CPython
    from json.encoder import py_encode_basestring as _string


# a dict's plain values written where they stand, without a call of `_dumps` each (an op holds
# six): each gives a non-empty text
_SCALARS = {str: _string, bool: {True: "true", False: "false"}.__getitem__, type(None): lambda _: "null",
            int: int.__repr__}


def _dumps(value: object, indent: str = "\n") -> str:
    """`json.dumps(value, ensure_ascii=False, indent=1)`, the same text in about half the time: with
    an indent the standard library encodes in pure Python, piece by piece (a large redline: 6 ms).
    Types other than these data's (a float, say) are left to json.dumps."""
    if value.__class__ is str:
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value.__class__ is int:
        return int.__repr__(value)
    inner = indent + " "
    if value.__class__ is dict and all(key.__class__ is str for key in value):
        if not value:
            return "{}"
        items = ("," + inner).join([_string(k) + ": " + ((scalar := _SCALARS.get(v.__class__)) and scalar(v)
                                                          or _dumps(v, inner)) for k, v in value.items()])
        return "{" + inner + items + indent + "}"
    if value.__class__ in (list, tuple):
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join([_dumps(v, inner) for v in value]) + indent + "]"
    import json

    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", indent)


def write_redline_json(redline: Redline, path: Path,
                       credits: Mapping[int, ChangeCredit] | None = None) -> None:
    Path(path).write_text(render_json(redline, credits), encoding="utf-8")
