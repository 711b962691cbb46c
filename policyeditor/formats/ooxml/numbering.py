"""The policy's outline numbering as Word's own multilevel list on the heading styles.

One `w:abstractNum` with a `w:lvl` per outline level (its `w:numFmt` and
`w:lvlText` from the policy's `NumberingStyle`, each linked to its heading style
by `w:pStyle`), one `w:num` naming it, and `w:numPr` in the styles Heading 1..9,
so Word numbers the headings itself and renumbers them live when a clause is
added; no number is typed into a heading. The number has no suffix: each heading
paragraph opens with a tab run of its own, as when the numbers were typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from copy import deepcopy
from typing import Any, NamedTuple

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from policyeditor.core.numbering import MAX_LEVELS, NumberingStyle
from policyeditor.formats.ooxml.names import W
from policyeditor.formats.ooxml.paragraph_properties import put_in_place

NUM_FORMATS = {"decimal": "decimal", "lower-letter": "lowerLetter", "upper-letter": "upperLetter",
               "lower-roman": "lowerRoman", "upper-roman": "upperRoman", "none": "none"}


def level_texts(style: NumberingStyle) -> list[str]:
    """Each level's `w:lvlText` ('%1.', '%1.%2', '(%3)'; '' for an unnumbered level).

    It spells what `core.numbering.numbers` prints: a joined level builds on its
    parents' numbers without their closing punctuation, an unnumbered level passes
    its parent's number down.
    """
    stems = [""]
    texts = []
    for depth in range(1, MAX_LEVELS + 1):
        level = style.level(depth)
        parent = stems[-1]
        if level.kind == "none":
            stems.append(parent)
            texts.append("")
            continue
        own = f"{level.before}%{depth}"
        stem = parent + ("" if level.before else ".") + own if level.joined and parent else own
        stems.append(stem)
        texts.append(stem + level.after)
    return texts


def _element(tag: str, **attributes: str) -> Any:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def heading_numbering(document: Any, style: NumberingStyle, style_ids: list[str | None]) -> str:
    """Install the multilevel list and link it to the heading styles; returns its w:numId.

    `style_ids[d]` is the w:styleId of "Heading d+1" (None where the template lacks it).
    """
    numbering = document.part.numbering_part.element
    abstract_ids = [int(v) for v in numbering.xpath("./w:abstractNum/@w:abstractNumId")]
    num_ids = [int(v) for v in numbering.xpath("./w:num/@w:numId")]
    abstract_id = str(max(abstract_ids, default=-1) + 1)
    num_id = str(max(num_ids, default=0) + 1)
    abstract = _element("w:abstractNum", abstractNumId=abstract_id)
    abstract.append(_element("w:multiLevelType", val="multilevel"))
    for depth, text in enumerate(level_texts(style), start=1):
        level = style.level(depth)
        lvl = _element("w:lvl", ilvl=str(depth - 1))
        lvl.append(_element("w:start", val="1"))
        lvl.append(_element("w:numFmt", val=NUM_FORMATS[level.kind]))
        style_id = style_ids[depth - 1] if depth - 1 < len(style_ids) else None
        if style_id:
            lvl.append(_element("w:pStyle", val=style_id))
        lvl.append(_element("w:suff", val="nothing"))  # the heading's own first run is the tab
        lvl.append(_element("w:lvlText", val=text))
        lvl.append(_element("w:lvlJc", val="left"))
        abstract.append(lvl)
    existing = numbering.find(qn("w:abstractNum"))
    first_num = numbering.find(qn("w:num"))
    if existing is not None:
        existing.addprevious(abstract)
    elif first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = _element("w:num", numId=num_id)
    num.append(_element("w:abstractNumId", val=abstract_id))
    numbering.append(num)
    styles = document.styles.element
    for depth, style_id in enumerate(style_ids, start=1):
        if not style_id:
            continue
        found = styles.xpath(f'./w:style[@w:styleId="{style_id}"]')
        if not found:
            continue
        p_pr = found[0].get_or_add_pPr()
        for old in p_pr.findall(qn("w:numPr")):
            p_pr.remove(old)
        num_pr = _element("w:numPr")
        num_pr.append(_element("w:ilvl", val=str(depth - 1)))
        num_pr.append(_element("w:numId", val=num_id))
        put_in_place(p_pr, num_pr)
    _switch_off_in_derived_styles(styles, {i for i in style_ids if i})
    return num_id


def _switch_off_in_derived_styles(styles: Any, heading_ids: set[str]) -> None:
    """A style based on a heading style (TOC Heading is, in Word's own template) is not numbered."""
    based_on = {}
    for style in styles.iterchildren(qn("w:style")):
        parent = style.find(qn("w:basedOn"))
        based_on[style.get(qn("w:styleId"))] = parent.get(qn("w:val")) if parent is not None else None
    for style in styles.iterchildren(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        if style_id in heading_ids or style.get(qn("w:type")) != "paragraph":
            continue
        seen, current = set(), based_on.get(style_id)
        while current and current not in heading_ids and current not in seen:
            seen.add(current)
            current = based_on.get(current)
        if current in heading_ids:
            p_pr = style.get_or_add_pPr()
            for old in p_pr.findall(qn("w:numPr")):
                p_pr.remove(old)
            num_pr = _element("w:numPr")
            num_pr.append(_element("w:numId", val="0"))
            put_in_place(p_pr, num_pr)


def unnumbered(paragraph_element: Any) -> None:
    """Switch the style's numbering off for one heading (a preamble, which is not counted)."""
    p_pr = paragraph_element.get_or_add_pPr()
    num_pr = _element("w:numPr")
    num_pr.append(_element("w:ilvl", val="0"))
    num_pr.append(_element("w:numId", val="0"))
    put_in_place(p_pr, num_pr)


def define_levels(numbering: Any, abstract_id: str, deepest: int, left: Callable[[int], int],
                  hanging: int) -> None:
    """Give abstract list `abstract_id` each level down to w:ilvl `deepest` it lacks, drawn as its
    first level is (format, bullet and its font) and indented `left(ilvl)` twips: Word and LibreOffice
    number a paragraph's w:ilvl only by a level its list defines, and a list style's list (Word's
    List Bullet 3) defines one. A level the list has is left as it is (a template's own look)."""
    found = numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract_id}"]')
    levels = {lvl.get(qn("w:ilvl")): lvl for lvl in _children(found[0] if found else None, "lvl")}
    first = levels.get("0")
    if first is None:
        return
    kind = found[0].find(qn("w:multiLevelType"))
    if kind is not None and kind.get(qn("w:val")) == "singleLevel":
        kind.set(qn("w:val"), "hybridMultilevel")  # a hint to Word's interface (ECMA-376 17.9.12)
    last = first
    for ilvl in range(1, deepest + 1):
        if str(ilvl) in levels:
            last = levels[str(ilvl)]
            continue
        lvl = deepcopy(first)
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag in ("pStyle", "lvlRestart", "pPr"):  # its style and place are the first level's
            for old in lvl.findall(qn(f"w:{tag}")):
                lvl.remove(old)
        text = lvl.find(qn("w:lvlText"))
        if text is not None:  # "%1." numbers by the first level's count: this level's own instead
            text.set(qn("w:val"), text.get(qn("w:val"), "").replace("%1", f"%{ilvl + 1}"))
        p_pr = _element("w:pPr")
        tabs = _element("w:tabs")
        tabs.append(_element("w:tab", val="num", pos=str(left(ilvl))))
        p_pr.append(tabs)
        p_pr.append(_element("w:ind", left=str(left(ilvl)), hanging=str(hanging)))
        rpr = lvl.find(qn("w:rPr"))
        if rpr is not None:
            rpr.addprevious(p_pr)
        else:
            lvl.append(p_pr)
        last.addnext(lvl)
        last = lvl


# -- reading


def _val(element: Any, path: str) -> str | None:
    found = element.find(path) if element is not None else None
    return found.get(W + "val") if found is not None else None


def _children(element: Any, tag: str) -> list[Any]:
    return list(element.iterchildren(W + tag)) if element is not None else []


class ListCounts:
    """The kind and number Word shows on each numbered paragraph, counted in document order.

    A level's count begins at its w:startOverride (on the w:num), else its w:start (1 when
    neither is given; a w:lvl the w:num overrides the level with gives its start and format,
    and goes on with the count, as Word and LibreOffice show POI's NumberingWOverrides.docx)
    and goes on across paragraphs between, as Word's does. An item at a level ends the counts
    of the levels below it, unless a level's w:lvlRestart says otherwise (0: never; N: only an
    item of level N or above). Lists (w:num) sharing an abstract list share one count, as in
    Word, unless one restarts it with a w:startOverride; an abstract list defined through a
    numbering style (w:numStyleLink) is the list of the style's w:num (the one whose
    w:styleLink names the style).
    """

    def __init__(self, part: Any) -> None:
        try:
            numbering = part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering = None
        self._nums = {n.get(W + "numId"): n for n in _children(numbering, "num")}
        self._abstracts = {a.get(W + "abstractNumId"): a for a in _children(numbering, "abstractNum")}
        self._styles = _numbering_styles(part) if any(
            a.find(W + "numStyleLink") is not None for a in self._abstracts.values()) else {}
        self._counts: dict[str, dict[int, int]] = {}
        self._levels: dict[tuple[str, str], _Level] = {}

    def _abstract(self, num: Any) -> tuple[str | None, Any]:
        """The abstract list (its id and element) `num` is of, followed through numbering styles."""
        abstract_id = _val(num, W + "abstractNumId")
        for _ in range(len(self._abstracts)):  # a style may link back: each abstract list once at most
            abstract = self._abstracts.get(abstract_id or "")
            link = _val(abstract, W + "numStyleLink")
            linked = self._nums.get(self._styles.get(link or "", ""))
            if linked is None:
                return abstract_id, abstract
            abstract_id = _val(linked, W + "abstractNumId")
        return abstract_id, self._abstracts.get(abstract_id or "")

    def _level(self, num_id: str, ilvl: str) -> _Level:
        """Level `ilvl` of list `num_id` as Word reads it: each value from the w:lvl the w:num's
        override gives, else from the abstract list's."""
        key = (num_id, ilvl)
        if key not in self._levels:
            num = self._nums.get(num_id)
            override = next((o for o in _children(num, "lvlOverride") if o.get(W + "ilvl") == ilvl), None)
            abstract_id, abstract = self._abstract(num)
            own = next((lv for lv in _children(abstract, "lvl") if lv.get(W + "ilvl") == ilvl), None)
            lvls = [lvl for lvl in (override.find(W + "lvl") if override is not None else None, own)
                    if lvl is not None]

            def value(tag: str) -> str | None:
                return next((v for v in (_val(lvl, W + tag) for lvl in lvls) if v is not None), None)

            restart = _val(override, W + "startOverride")
            self._levels[key] = _Level(
                format=(value("numFmt") or "decimal") if lvls else "bullet",
                start=_number(restart if restart is not None else value("start") or "1"),
                # lists sharing an abstract list share its count, unless one restarts it
                count="num " + num_id if restart is not None or num is None else f"abstract {abstract_id}",
                restart_after=value("lvlRestart"), text=value("lvlText"))
        return self._levels[key]

    def format(self, num_id: str, ilvl: str) -> str:
        """The w:numFmt of level `ilvl` of list `num_id` ("bullet" for a list the document lacks)."""
        return self._level(num_id, ilvl).format

    def numbers_unkept(self, num_id: str, ilvl: str) -> str:
        """How Word numbers level `ilvl` of list `num_id` ("I., II., III.", "Clause 1., Clause 2.,
        Clause 3.") when a policy's list cannot show it so (its items are numbered 1., 2., 3.); ''
        when it can. A first level is kept only as decimal "%1."; a deeper one (the policy nests
        its own way) is named only for words of its own ("Article %1.%2")."""
        level = self._level(num_id, ilvl)
        if level.format in ("bullet", "none"):
            return ""
        depth = int(ilvl) + 1 if ilvl.isdigit() else 1
        text = "%1." if level.text is None else level.text
        own = re.sub(r"%[1-9]", "", text)
        if (level.format, text) == ("decimal", "%1.") if depth == 1 else not re.search(r"\w", own):
            return ""
        return ", ".join(_shown(text, depth, level.format, n) for n in (1, 2, 3))

    def list_of(self, num_id: str, ilvl: str) -> str:
        """Which list a paragraph of list `num_id` at level `ilvl` is an item of, as Word counts
        it: lists (w:num) sharing an abstract list are one, unless one restarts it."""
        return self._level(num_id, ilvl).count

    def next(self, num_id: str, ilvl: str) -> int:
        """Count one paragraph of list `num_id` at level `ilvl`: the number it shows."""
        defined = self._level(num_id, ilvl)
        counts = self._counts.setdefault(defined.count, {})
        level = int(ilvl) if ilvl.isdigit() else 0
        counts[level] = counts[level] + 1 if level in counts else defined.start
        for deeper in [lv for lv in counts if lv > level and self._restarts(num_id, lv, level)]:
            del counts[deeper]
        return counts[level]

    def _restarts(self, num_id: str, deeper: int, level: int) -> bool:
        """Whether an item at `level` begins the count of `deeper` again: by default an item of any
        level above; w:lvlRestart 0 never, N after an item of level N (one-based) or above."""
        value = self._level(num_id, str(deeper)).restart_after
        after = int(value) if value is not None and value.strip().isdigit() else deeper
        return level < (after if after <= deeper else deeper)  # a level not above it: as by default


class _Level(NamedTuple):
    format: str         # its w:numFmt
    start: int          # the number its count begins at
    count: str          # whose count it is of: "num N" (a list restarted) or "abstract N"
    restart_after: str | None  # its w:lvlRestart
    text: str | None = None  # its w:lvlText ("%1.", "Clause %1.")


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_WORDS = {"cardinalText": ("One", "Two", "Three"), "ordinalText": ("First", "Second", "Third"),
          "ordinal": ("1st", "2nd", "3rd")}


def _in_format(n: int, fmt: str) -> str:
    """Number `n` (1 to 3 suffice) as w:numFmt `fmt` writes it; an unknown format by its name."""
    if fmt == "decimal":
        return str(n)
    if fmt in ("lowerRoman", "upperRoman"):
        roman, rest = "", n
        for value, letters in _ROMAN:
            while rest >= value:
                roman, rest = roman + letters, rest - value
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt in ("lowerLetter", "upperLetter"):
        letter = "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26] * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in _WORDS and 1 <= n <= 3:
        return _WORDS[fmt][n - 1]
    return f"{n} ({fmt})"


def _shown(text: str, depth: int, fmt: str, n: int) -> str:
    """A w:lvlText with the level's own number `n` in its format, its parents' numbers as 1."""
    return re.sub(r"%([1-9])", lambda m: _in_format(n, fmt) if int(m.group(1)) == depth else "1", text)


def _numbering_styles(part: Any) -> dict[str, str]:
    """Each numbering style's w:styleId -> the w:numId it numbers with."""
    try:
        styles = part.styles.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    out = {}
    for style in styles.iterchildren(W + "style"):
        num_id = _val(style.find(W + "pPr"), f"{W}numPr/{W}numId") if style.get(W + "type") == "numbering" \
            else None
        if num_id is not None:
            out[style.get(W + "styleId") or ""] = num_id
    return out


def _number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 1
