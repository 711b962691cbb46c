"""Equations (Office Math, m:oMath and m:oMathPara) as linear text, and back.

The linear form is what Word's own linear format types: `A=πr^2`, `(a+b)/(c)`,
`x_i`, `√(x)`. It is what a policy stores and compares, so an equation that went
from A=πr² to A=2πr² is a changed word. Written back, an equation is one m:oMath
run of its linear text (Word shows it as is and can rebuild the layout from it).
"""

from __future__ import annotations

from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from policyeditor.formats.ooxml.names import W

M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
TAGS = (M + "oMath", M + "oMathPara")


def linear(element: Any) -> str:
    """The linear text of an m:oMath, m:oMathPara or any part of one."""
    tag = element.tag
    if tag == M + "oMathPara":
        return " ".join(linear(child) for child in element.iterchildren(M + "oMath"))
    if tag in (M + "t", W + "t"):
        return element.text or ""
    if tag == M + "sSup":
        return _group(_arg(element, "e")) + "^" + _group(_arg(element, "sup"))
    if tag == M + "sSub":
        return _group(_arg(element, "e")) + "_" + _group(_arg(element, "sub"))
    if tag == M + "sSubSup":
        return (_group(_arg(element, "e")) + "_" + _group(_arg(element, "sub"))
                + "^" + _group(_arg(element, "sup")))
    if tag == M + "f":
        return f"({_arg(element, 'num')})/({_arg(element, 'den')})"
    if tag == M + "rad":
        degree = _arg(element, "deg")
        return "√(" + (f"{degree}&" if degree else "") + _arg(element, "e") + ")"
    if tag == M + "d":
        begin, end = _chr(element, "begChr", "("), _chr(element, "endChr", ")")
        parts = [linear(e) for e in element.iterchildren(M + "e")]
        return begin + _chr(element, "sepChr", "|").join(parts) + end
    if tag == M + "nary":
        symbol = _chr(element, "chr", "∫")
        sub, sup = _arg(element, "sub"), _arg(element, "sup")
        return (symbol + ("_" + _group(sub) if sub else "") + ("^" + _group(sup) if sup else "")
                + " " + _arg(element, "e"))
    if tag.endswith("Pr") or tag in (M + "ctrlPr",):
        return ""  # properties: no text
    return "".join(linear(child) for child in element)


def _arg(element: Any, name: str) -> str:
    child = element.find(M + name)
    return linear(child) if child is not None else ""


def _group(text: str) -> str:
    """A script or base of more than one character in parentheses, as the linear format needs."""
    return text if len(text) <= 1 else f"({text})"


def _chr(element: Any, name: str, default: str) -> str:
    props = element.find(M + element.tag[len(M):] + "Pr")
    if props is not None:
        node = props.find(M + name)
        if node is not None:
            return node.get(M + "val", "")
    return default


def omath(text: str) -> Any:
    """An m:oMath holding the linear text as one math run."""
    from xml.sax.saxutils import escape

    return parse_xml(f'<m:oMath {nsdecls("m")}><m:r><m:t>{escape(text)}</m:t></m:r></m:oMath>')
