"""A w:pPr's children in the schema's order (CT_PPr's sequence): where a property goes in it."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

# CT_PPr's sequence; Word refuses a document whose w:pPr has them in another order
PPR_ORDER = tuple(f"w:{name}" for name in (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"))
_PLACE = {qn(tag): k for k, tag in enumerate(PPR_ORDER)}


def put_in_place(ppr: Any, element: Any) -> Any:
    """Insert `element` into the w:pPr `ppr` before every child the schema puts after it."""
    return ppr.insert_element_before(element, *PPR_ORDER[_PLACE[element.tag] + 1:])
