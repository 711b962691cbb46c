"""Word styles as the importer reads them: by id, their base-style chains, names, and a run's
effective bold, italic and underline (direct formatting, else its character style, else the
paragraph's), and whether it is struck through (which a policy cannot hold: counted, to be named)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from policyeditor.formats.ooxml.names import W

# the style of a header row's cells in our exports: its bold is the row's look, not bold words
TABLE_HEADING = "Table Heading"


def styles_by_id(document: Any) -> dict[str, Any]:
    """The document's styles by w:styleId.

    A w:style without w:type or w:styleId (60329.docx has one) cannot be named by a
    paragraph, and python-docx cannot build it (KeyError: None), so it is passed over.
    """
    from docx.styles.style import StyleFactory

    return {el.styleId: StyleFactory(el) for el in document.styles.element.style_lst
            if el.type is not None and el.styleId}


def paragraph_type() -> Any:
    from docx.enum.style import WD_STYLE_TYPE

    return WD_STYLE_TYPE.PARAGRAPH


def chain(style: Any) -> Iterator[Any]:
    """A style and its base styles (a loop in a damaged file ends the chain)."""
    seen: set[str] = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        yield style
        style = style.base_style


def style_name(style: Any) -> str:
    return (style.name or "") if style is not None else ""


def words_style(paragraph_style: Any) -> Any:
    """The style whose formatting a paragraph's words have: a Table Heading's base (its bold is
    the header row's look, as our exports write it), else the paragraph's own."""
    if style_name(paragraph_style) == TABLE_HEADING:
        return paragraph_style.base_style
    return paragraph_style


def laid_out_right_to_left(p: Any, style: Any, default: bool = False) -> bool:
    """Whether Word lays out a w:p right to left: its own w:bidi, else its style's (or a base's),
    else `default` (the document's, `default_right_to_left`)."""
    for ppr in [p.pPr] + [s.element.pPr for s in chain(style)]:
        bidi = ppr.find(W + "bidi") if ppr is not None else None
        if bidi is not None:
            return _on(bidi)
    return default


def default_right_to_left(document: Any) -> bool:
    """Whether a document's paragraphs are laid out right to left unless they say otherwise."""
    bidi = document.styles.element.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}bidi")
    return bidi is not None and _on(bidi)


def _on(element: Any) -> bool:
    """An on/off property's value (ST_OnOff: on unless its w:val says otherwise)."""
    return element.get(W + "val", "true") not in ("0", "false", "off")


def is_list_style(style: Any) -> bool:
    return any(style_name(s).lower().startswith(("list", "compact")) for s in chain(style))


_LEVELLED_LIST = re.compile(r"list(?: bullet| number| continue| paragraph)? ([2-9])")


def list_style_level(style: Any) -> int:
    """The list level Word's built-in "List Bullet 2" / "List Number 3" styles stand for (1, 2; 0 for
    any other style): their numbering's level 0 is indented as that level, so a paragraph's w:ilvl
    alone reads it a level up or more."""
    for s in chain(style):
        match = _LEVELLED_LIST.fullmatch(style_name(s).lower())
        if match:
            return int(match.group(1)) - 1
    return 0


def effective_format(r: Any, run_style: Any, paragraph_style: Any, *,
                     in_link: bool = False) -> tuple[bool, bool, bool]:
    """Bold, italic, underline of a w:r: direct formatting, else its character style, else the paragraph's.

    In a hyperlink only a direct underline counts: the underline its style (Word's
    Hyperlink) gives is the look of a link, not underlined words.
    """
    from docx.enum.text import WD_UNDERLINE
    from docx.text.font import Font

    font = Font(r)
    underline = font.underline if in_link else _inherited(font, "underline", run_style, paragraph_style)
    values = [_inherited(font, "bold", run_style, paragraph_style),
              _inherited(font, "italic", run_style, paragraph_style), underline]
    bold, italic, underlined = (bool(value) and value != WD_UNDERLINE.NONE for value in values)
    return bold, italic, underlined


def is_struck(r: Any, run_style: Any, paragraph_style: Any) -> bool:
    """Whether a w:r is struck through (single or double), as `effective_format` reads formatting."""
    from docx.text.font import Font

    font = Font(r)
    return any(_inherited(font, attr, run_style, paragraph_style) for attr in ("strike", "double_strike"))


def vertical_align(r: Any, run_style: Any, paragraph_style: Any) -> str:
    """"superscript" or "subscript" when a w:r is set so (w:vertAlign, on the run, else by its
    character style, else by the paragraph's), else ""."""
    from docx.text.font import Font

    font = Font(r)
    if _inherited(font, "superscript", run_style, paragraph_style):
        return "superscript"
    return "subscript" if _inherited(font, "subscript", run_style, paragraph_style) else ""


def is_hidden(r: Any, run_style: Any, paragraph_style: Any) -> bool:
    """Whether a w:r is hidden text (w:vanish, on the run or by its styles): Word does not show it.
    A paragraph mark's own w:pPr/w:rPr/w:vanish is not the run's and is not read."""
    from docx.text.font import Font

    return bool(_inherited(Font(r), "hidden", run_style, paragraph_style))


def _inherited(font: Any, attr: str, run_style: Any, paragraph_style: Any) -> Any:
    """A font attribute set on the run, else by its character style, else by the paragraph's."""
    value = getattr(font, attr)
    if value is None:
        for style in list(chain(run_style)) + list(chain(paragraph_style)):
            value = getattr(style.font, attr)
            if value is not None:
                break
    return value
