"""What a source held that a policy cannot (charts, SmartArt, embedded objects…), said one way.

Import, compare and export name it in the same sentence, so a reader of any of
them knows what was left out: "2 charts and 1 SmartArt diagram not compared".
"""

from __future__ import annotations

CELL_LIST_MARKER = "list marker in a table cell"  # a cell holds lines: an item's bullet or number is not kept
HIDDEN_TEXT = "passage of hidden text"  # Word's w:vanish: not shown there, so not imported
_LIST_NUMBERED = "list numbered "  # Word's w:numFmt or w:lvlText a policy's list cannot show (list_numbered)
STRIKETHROUGH = "strikethrough"  # struck-through words, kept plain; beyond the named ones only counted
_STRUCK_ON = STRIKETHROUGH + " on "  # one struck passage, named by its words (struck_passage)
_ADDED_REMOVED = (STRIKETHROUGH + " added on ", STRIKETHROUGH + " removed on ")
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


def not_imported(unkept: dict[str, int]) -> str:
    """An import's note on what it left out: '2 charts not imported (the policy cannot hold them)'."""
    return unkept_sentence(unkept, "imported") + " (the policy cannot hold them)"


def list_numbered(shown: str) -> str:
    """The name of a Word list numbered other than a policy's list can show ("I., II., III.")."""
    return f"{_LIST_NUMBERED}{shown} (as 1., 2., 3. here)"


def struck_passage(words: str, heading: str) -> str:
    """The name of one struck-through passage: 'strikethrough on “some” (under “1. Scope”)'."""
    return _STRUCK_ON + passage(words, heading)


def passage(words: str, heading: str) -> str:
    """A passage as a sentence names it: '“some” (under “1. Scope”)', shortened."""
    under = f" (under {_quoted(heading)})" if heading.strip() else ""
    return f"{_quoted(words)}{under}"


def _quoted(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit - 1].rstrip() + "\u2026"
    return f"\u201c{text}\u201d"


def _plural(name: str) -> str:
    if name.startswith(_LIST_NUMBERED):
        return "lists" + name[len("list"):]
    if name.startswith((_STRUCK_ON, *_ADDED_REMOVED)):
        return STRIKETHROUGH + "s" + name[len(STRIKETHROUGH):]
    return _PLURALS.get(name, name + "s")


def merged(*sides: dict[str, int]) -> dict[str, int]:
    """The larger count of each kind over two versions (what a compare could not see); a struck
    passage only one of two holds is named as the strike added or removed ("strikethrough added
    on “some” (under “Scope”)"), never as though both held it."""
    out: dict[str, int] = {}
    for side in sides:
        for name, count in side.items():
            out[name] = max(out.get(name, 0), count)
    if len(sides) != 2:
        return out
    old, new = sides
    for name in [name for name in out if name.startswith(_STRUCK_ON)]:
        if not old.get(name) or not new.get(name):
            added = _ADDED_REMOVED[0 if new.get(name) else 1]
            out[added + name[len(_STRUCK_ON):]] = out.pop(name)
    return out
