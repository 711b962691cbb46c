"""What a w:drawing, w:pict, w:object or mc:AlternateContent holds, in document order.

A drawing is walked once: of an mc:AlternateContent only the first branch that
holds anything is read (Word writes a text box twice, as a DrawingML shape in
mc:Choice and as VML in mc:Fallback; reading both would duplicate its words).
The walk yields what the importer keeps (text boxes' w:txbxContent, pictures'
relationship ids) and names what it cannot (charts, SmartArt, embedded objects,
shapes without text), so that each is counted rather than silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policyeditor.formats.ooxml.names import W

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
V = "{urn:schemas-microsoft-com:vml}"
OFFICE = "{urn:schemas-microsoft-com:office:office}"
WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"

TAGS = (W + "drawing", W + "pict", W + "object", MC + "AlternateContent")

# graphicData uri → what cannot be kept
_UNKEPT_GRAPHICS = {
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "chart",
    "http://schemas.microsoft.com/office/drawing/2014/chartex": "chart",
    "http://schemas.openxmlformats.org/drawingml/2006/diagram": "SmartArt diagram",
}

# (kind, value): ("textbox", w:txbxContent element), ("picture", relationship id), ("unkept", name)
Item = tuple[str, Any]


def items(element: Any) -> Iterator[Item]:
    """What a drawing-like element holds, in document order."""
    tag = element.tag
    if tag == MC + "AlternateContent":
        for branch in list(element.iterchildren(MC + "Choice")) + list(element.iterchildren(MC + "Fallback")):
            found = [item for child in branch for item in items(child)]
            if found or len(branch):
                yield from found
                return
        return
    if tag == W + "txbxContent":
        yield "textbox", element
        return
    if tag == A + "graphicData":
        name = _UNKEPT_GRAPHICS.get(element.get("uri", ""))
        if name:
            yield "unkept", name
            return
    if tag == OFFICE + "OLEObject":
        yield "unkept", "embedded object"
        return
    if tag == WPS + "wsp" and not _has(element, W + "txbxContent"):
        if not _has(element, A + "blip"):
            yield "unkept", "drawn shape"
        return
    if tag == A + "blip":
        rid = element.get(R + "embed")
        if rid:
            yield "picture", rid
        else:
            yield "unkept", "linked picture"
        return
    if tag == V + "imagedata":
        rid = element.get(R + "id")
        if rid:
            yield "picture", rid
        return
    for child in element:
        yield from items(child)


def _has(element: Any, tag: str) -> bool:
    return next(element.iter(tag), None) is not None
