#!/usr/bin/env python3
"""Build `reference.docx`, the template every DOCX export opens: styles, page, numbering.

    python resources/templates/make_reference.py [OUT.docx]

A sober law-firm look: A4, Cambria throughout, navy headings whose text hangs at one
indent with the body text under them, grey header and footer, lists and tables indented
with the body. An organisation can replace `reference.docx` with its own branded
document; the exporter uses the same style names (Title, Subtitle, Heading 1-9, Body Text,
List Bullet [2, 3], List Number [2, 3], Table Grid, Hyperlink, TOC Heading, TOC 1-3,
Header, Footer) and falls back to Normal when one is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor, Twips

FONT = "Cambria"
INK = RGBColor(0x1A, 0x1A, 0x1A)
NAVY = RGBColor(0x1F, 0x38, 0x64)
GREY = RGBColor(0x59, 0x59, 0x59)
LINK = RGBColor(0x1F, 0x4E, 0x79)
HANG = Twips(864)  # where heading text and body text start: 0.6 in, room for "1.10.a"


def plain_font(style, size: float, color: RGBColor, bold: bool = False, italic: bool = False) -> None:
    """Set a style's font directly, dropping the theme fonts and colours that would override it."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.color.rgb = color
    color_el = rpr.find(qn("w:color"))
    for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
        color_el.attrib.pop(qn(attr), None)


def paragraph_style(doc, name: str, base: str = "Normal"):
    styles = doc.styles
    if name in [s.name for s in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    return style


def indent_list_numbering(doc, style_name: str, level: int) -> None:
    """Move a list style's bullet or number in line with the body text, one step per level."""
    num_pr = doc.styles[style_name].element.pPr.find(qn("w:numPr"))
    num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
    numbering = doc.part.numbering_part.element
    num = numbering.xpath(f'w:num[@w:numId="{num_id}"]')[0]
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    lvl = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract_id}"]/w:lvl[@w:ilvl="0"]')[0]
    left = str(HANG.twips + 360 * (level + 1))
    lvl.find(qn("w:pPr")).find(qn("w:tabs")).find(qn("w:tab")).set(qn("w:pos"), left)
    ind = lvl.find(qn("w:pPr")).find(qn("w:ind"))
    ind.set(qn("w:left"), left)
    ind.set(qn("w:hanging"), "360")


def build(out: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.7), Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.2)

    styles = doc.styles
    normal = styles["Normal"]
    plain_font(normal, 11, INK)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    normal.paragraph_format.line_spacing = 1.12

    body = styles["Body Text"]
    plain_font(body, 11, INK)
    body.paragraph_format.left_indent = HANG
    body.paragraph_format.space_after = Pt(8)

    title = styles["Title"]
    plain_font(title, 24, NAVY)
    title.paragraph_format.space_after = Pt(4)
    subtitle = styles["Subtitle"]
    plain_font(subtitle, 11.5, GREY)
    letter_spacing = subtitle.element.rPr.find(qn("w:spacing"))
    if letter_spacing is not None:
        subtitle.element.rPr.remove(letter_spacing)
    subtitle.paragraph_format.space_after = Pt(2)

    for level, (size, bold, italic, before) in enumerate(
            [(13, True, False, 18), (11.5, True, False, 12), (11, True, True, 10), (11, False, True, 8)],
            start=1):
        heading = styles[f"Heading {level}"]
        plain_font(heading, size, NAVY if level < 3 else INK, bold=bold, italic=italic)
        fmt = heading.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(6)
        fmt.keep_with_next = True
        fmt.left_indent, fmt.first_line_indent = HANG, -HANG
        fmt.tab_stops.add_tab_stop(HANG)
    for level in range(5, 10):
        heading = styles[f"Heading {level}"]
        plain_font(heading, 11, INK, italic=True)
        heading.paragraph_format.left_indent = HANG
        heading.paragraph_format.first_line_indent = -HANG
        heading.paragraph_format.tab_stops.add_tab_stop(HANG)

    text_width = section.page_width - section.left_margin - section.right_margin
    for name in ("Header", "Footer"):
        plain_font(styles[name], 8.5, GREY)
        fmt = styles[name].paragraph_format
        fmt.space_after = Pt(0)
        # the default template's tabs are set for US Letter; one right tab at the A4 margin
        tabs = styles[name].element.pPr.find(qn("w:tabs"))
        if tabs is not None:
            styles[name].element.pPr.remove(tabs)
        fmt.tab_stops.add_tab_stop(Emu(text_width), WD_TAB_ALIGNMENT.RIGHT)

    for name in ("List Bullet", "List Bullet 2", "List Bullet 3",
                 "List Number", "List Number 2", "List Number 3"):
        plain_font(styles[name], 11, INK)
        styles[name].paragraph_format.space_after = Pt(4)
        level = int(name[-1]) - 1 if name[-1].isdigit() else 0
        indent_list_numbering(doc, name, level)

    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = LINK
    link.font.underline = True

    toc_heading = styles["TOC Heading"]
    plain_font(toc_heading, 13, NAVY, bold=True)
    toc_heading.paragraph_format.left_indent = 0
    toc_heading.paragraph_format.first_line_indent = 0
    for level in (1, 2, 3):
        toc = paragraph_style(doc, f"TOC {level}")
        plain_font(toc, 10.5, INK, bold=level == 1)
        fmt = toc.paragraph_format
        fmt.left_indent = Twips(HANG.twips * level)
        fmt.first_line_indent = -HANG
        fmt.space_after = Pt(2)
        fmt.tab_stops.add_tab_stop(Twips(HANG.twips * level))

    props = doc.core_properties
    props.author = props.last_modified_by = props.comments = props.title = props.subject = ""
    props.keywords = props.category = ""
    props.revision = 1
    doc.save(out)


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("reference.docx"))
