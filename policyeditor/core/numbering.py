"""Outline numbers (1, 1.1, 1.1.a, 1.1.a.i) derived from the section tree, never stored.

A section without a heading (such as the preamble before a document's first
heading) is not numbered and does not count, as in a contract's recitals.
"""

from __future__ import annotations

from policyeditor.core.model import Policy, Section


def _letters(n: int) -> str:
    """1 → a, 26 → z, 27 → aa (as Word numbers lettered clauses)."""
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


def _roman(n: int) -> str:
    values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
              (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, numeral in values:
        while n >= value:
            out += numeral
            n -= value
    return out


def label(depth: int, n: int) -> str:
    """The label of the n-th (1-based) section at a depth: 1/2 digits, 3 letters, 4 roman."""
    if depth <= 2:
        return str(n)
    if depth == 3:
        return _letters(n)
    if depth == 4:
        return _roman(n)
    return str(n)


def numbers(policy: Policy) -> dict[str, str]:
    """Map every section id to its outline number ('' for a section without a heading)."""
    result: dict[str, str] = {}

    def visit(sections: list[Section], prefix: str, depth: int) -> None:
        index = 0
        for section in sections:
            if section.heading.strip():
                index += 1
                number = (prefix + "." if prefix else "") + label(depth, index)
            else:
                number = ""
            result[section.id] = number
            visit(section.children, number or prefix, depth + 1)

    visit(policy.sections, "", 1)
    return result
