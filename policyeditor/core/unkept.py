"""What a source held that a policy cannot (charts, SmartArt, embedded objects…), said one way.

Import, compare and export name it in the same sentence, so a reader of any of
them knows what was left out: "2 charts and 1 SmartArt diagram not compared".
"""

from __future__ import annotations

CELL_LIST_MARKER = "list marker in a table cell"  # a cell holds lines: an item's bullet or number is not kept
HIDDEN_TEXT = "passage of hidden text"  # Word's w:vanish: not shown there, so not imported
_LIST_NUMBERED = "list numbered "  # Word's w:numFmt or w:lvlText a policy's list cannot show (list_numbered)
_PLURALS = {"SmartArt diagram": "SmartArt diagrams", "missing note": "missing notes",
            "embedded object": "embedded objects", "drawn shape": "drawn shapes",
            "linked picture": "linked pictures", "unreadable picture": "unreadable pictures",
            "chart": "charts", CELL_LIST_MARKER: "list markers in table cells",
            HIDDEN_TEXT: "passages of hidden text"}


def unkept_sentence(unkept: dict[str, int], verb: str) -> str:
    """"2 charts and 1 SmartArt diagram not compared"; '' when nothing was left out."""
    parts = [f"{count} {_plural(name) if count != 1 else name}"
             for name, count in sorted(unkept.items(), key=lambda kv: (-kv[1], kv[0].lower())) if count]
    if not parts:
        return ""
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{listed} not {verb}"


def list_numbered(shown: str) -> str:
    """The name of a Word list numbered other than a policy's list can show ("I., II., III.")."""
    return f"{_LIST_NUMBERED}{shown} (as 1., 2., 3. here)"


def _plural(name: str) -> str:
    if name.startswith(_LIST_NUMBERED):
        return "lists" + name[len("list"):]
    return _PLURALS.get(name, name + "s")


def merged(*sides: dict[str, int]) -> dict[str, int]:
    """The larger count of each kind over two versions (what a compare could not see)."""
    out: dict[str, int] = {}
    for side in sides:
        for name, count in side.items():
            out[name] = max(out.get(name, 0), count)
    return out
