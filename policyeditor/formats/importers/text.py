"""Import a plain-text policy: the shape of its lines is all the structure it has.

A paragraph is a run of non-blank lines (hard-wrapped lines are joined). A
one-line paragraph is a heading when it looks like one: ALL CAPS, or short
without a final full stop, makes a top-level section; a short line opening with
a clause mark ("a)", "(b)", "1.", "2.3") makes a sub-section under it. Lines
starting "- ", "* " or "• " are bulleted items, longer "1. ..." lines numbered
items. A first ALL-CAPS line followed directly by another heading is the title.
"""

from __future__ import annotations

import re
from pathlib import Path

from policyeditor.core.body import BREAK, ListBlock, ListItem, Paragraph, Run, Table, make_table, plain_text
from policyeditor.core.model import Policy
from policyeditor.formats.importers.body_builder import source_lists
from policyeditor.formats.importers.line_shape import OTHER_STOPS, collapse, split_number
from policyeditor.formats.importers.outline import Outline
from policyeditor.formats.importers.result import ImportResult, Note, read_text

_BULLET = re.compile(r"^( *)[-*•\u2013]\s+(.*)$")
_NUMBERED = re.compile(r"^( *)(?P<number>\d{1,3})[.)]\s+(.*)$")
_WORDS = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(rf"""(?:[.!?:;{OTHER_STOPS}]|\.\.\.|…)["'”’)\]」』]*$""")

HEADING_MAX_WORDS = 10


def import_text(path: Path) -> ImportResult:
    """Read a .txt file (UTF-8, with or without BOM; legacy text as cp1252, reported)."""
    text, report = read_text(path)
    paragraphs = _paragraphs(text)
    title = take_title(paragraphs) or path.stem
    outline = Outline()
    add_paragraphs(outline, paragraphs)
    policy = outline.policy(title, report)
    # a last line that is a heading or a table row ends no sentence
    if paragraphs and not _heading_level(paragraphs[-1]) and "\t" not in "".join(paragraphs[-1]):
        last = collapse(" ".join(paragraphs[-1])).strip()
        if not _SENTENCE_END.search(last) or re.search(r"(?<!\.)\.\.$", last):
            report.append(_cut_off(policy, f"the text ends mid-sentence (\u201c\u2026{last[-40:]}\u201d)"))
    return ImportResult(policy, report)


def _cut_off(policy: Policy, text: str) -> Note:
    """The note on a text that ends mid-sentence, placed on its last sentence (the last section's end)."""
    sections = [section for section, _ in policy.walk()]
    if not sections:
        return Note(text)
    last = sections[-1]
    plain = plain_text(last.body).rstrip()
    line = plain.rfind("\n") + 1
    # the unfinished sentence starts after the last sentence that ended, within the last line
    tail = plain[line:]
    ends = [m.end() for m in re.finditer(r"[.!?;:][\"'”’)\]]*\s+", tail) if m.end() < len(tail)]
    start = line + (ends[-1] if ends else 0)
    return Note(text, last.id, start, len(plain) - start)


def take_title(paragraphs: list[list[str]]) -> str:
    """Remove and return the title: a first ALL-CAPS line followed directly by a heading ('' if none)."""
    if len(paragraphs) > 1 and _is_caps(paragraphs[0]) and _heading_level(paragraphs[1]):
        return paragraphs.pop(0)[0].strip()
    return ""


def add_paragraphs(outline: Outline, paragraphs: list[list[str]], *, infer: bool = True) -> None:
    """Paragraphs (each a list of lines) into `outline`; with `infer`, the lines that read as
    headings (see the module's rules) start sections. Other importers of plain lines (PDF) use it."""
    for lines in paragraphs:
        level = _heading_level(lines) if infer else 0
        if level:
            outline.heading(level, lines[0])
        else:
            outline.add(_blocks(lines))


def _paragraphs(text: str) -> list[list[str]]:
    """Runs of non-blank lines."""
    out: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def _is_caps(lines: list[str]) -> bool:
    """An ALL-CAPS line: capitals, not letters without case (Hebrew, Arabic, Chinese have no
    lower case, so every short sentence of theirs would read as one)."""
    line = lines[0]
    return len(lines) == 1 and line.isupper() and sum(map(str.isupper, line)) >= 2 \
        and len(_WORDS.findall(line)) <= HEADING_MAX_WORDS


def _may_start_heading(char: str) -> bool:
    """A capital, or a letter of a script without case (whose headings cannot be capitalised)."""
    return char.isupper() or (char.isalpha() and char.lower() == char.upper())


def _heading_level(lines: list[str]) -> int:
    """1 for a top heading, 2+ for a clause heading, 0 for body text."""
    if len(lines) != 1 or _BULLET.match(lines[0]):
        return 0
    line = lines[0].strip()
    words = len(_WORDS.findall(line))
    number, rest = split_number(line)
    if number:
        # a clause mark on a short line ("(c) Financial data.") heads a sub-section; "2.3" is deeper
        if words <= HEADING_MAX_WORDS and not rest.rstrip().endswith((",", ";", ":")):
            return 1 + len(number.strip("().").split("."))
        return 0
    if _is_caps(lines):
        return 1
    if words <= 6 and _may_start_heading(line[0]) and not _SENTENCE_END.search(line) \
            and not line.endswith(","):
        return 1
    return 0


def _blocks(lines: list[str]) -> list[Paragraph] | list[ListBlock] | list[Table]:
    """A paragraph, lists when every line is an item (bulleted or numbered), a table when every
    line is cells apart by tabs."""
    if "\t" in "".join(lines):
        return _laid_out(lines)
    items = []
    for line in lines:
        match = _BULLET.match(line) or _NUMBERED.match(line)
        if not match:
            break
        numbered = match.re is _NUMBERED
        words = collapse(match.group(3 if numbered else 2), keep_nbsp=True).strip()
        items.append(ListItem((Run(words),), numbered,
                              len(match.group(1).expandtabs(4)) // 2,
                              int(match.group("number")) if numbered else None))
    if len(items) == len(lines):
        return source_lists(items)
    return [Paragraph((Run(collapse(" ".join(line.strip() for line in lines), keep_nbsp=True).strip()),))]


def _laid_out(lines: list[str]) -> list[Paragraph] | list[Table]:
    """Lines laid out with tabs: a table when each holds two cells or more ("Item\tPrice\tDue"),
    else a paragraph that keeps its lines (a wrapped paragraph has no tabs, so its line ends are
    the author's)."""
    rows = [[collapse(cell, keep_nbsp=True).strip() for cell in _TABS.split(line.strip())] for line in lines]
    if len(rows) > 1 and all(len(row) > 1 for row in rows):
        return [make_table([tuple((Run(cell),) if cell else () for cell in row) for row in rows], header=0)]
    return [Paragraph((Run(BREAK.join(" ".join(row) for row in rows)),))]


_TABS = re.compile(r"\t+")
