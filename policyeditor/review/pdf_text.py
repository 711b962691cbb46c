"""Whether a PDF shows exactly a version's text: its words read back against the version's.

A PDF export states which version it is in its metadata (formats/exporters/pdf_identity.py),
but metadata is only a claim: anyone can edit a PDF's text and keep it. Before a PDF
is signed as an approval, and when a signed one is verified against its policy file,
its pages are read back (the PDF importer, which knows our own export's header,
footer and title block) and their words held to the version's, word for word.

Compared are the words, not the layout: a line break and a wrap look alike in a PDF.
A table's words are read down each column in turn, because a PDF shows no line
between two rows where one ends and the next begins, nor where a row goes on over
a page: a column's words keep their order whichever rows they are read into.
Left out on both sides are the characters a PDF may not carry when the machine
that wrote it had no font for them (emoji, flags and other symbols, and the
invisible joiners between them); every letter, digit and punctuation mark counts.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from policyeditor.core import body
from policyeditor.core.model import Policy

_UNDRAWN = frozenset(("So", "Cf", "Co", "Cn"))  # symbols, format characters, private and unassigned
_SHOWN = 8  # words shown either side of where the texts part


def words(policy: Policy) -> list[str]:
    """The words a reader sees of a policy: its title, then each heading and body in order."""
    parts = [policy.title]
    for section, _ in policy.walk():
        parts.append(section.heading)
        for block in body.parse(section.body):
            parts += _block_words(block)
    text = "".join(c for c in " ".join(parts) if unicodedata.category(c) not in _UNDRAWN)
    return text.split()


def _block_words(block: body.Block) -> list[str]:
    if isinstance(block, body.Paragraph):
        return [body.runs_plain(block.runs)]
    if isinstance(block, body.ListBlock):
        return [body.runs_plain(item.runs) for item in block.items]
    return [text for column in range(block.width) for row in range(len(block.rows))
            for text in _cell_words(block, row, column)]


def _cell_words(table: body.Table, row: int, column: int) -> list[str]:
    cells = table.rows[row]
    out = [body.runs_plain(cells[column])] if column < len(cells) else []
    for nested in table.nested_at(row, column):
        out += _block_words(nested)
    return out


def parted(shown: list[str], version: list[str]) -> str | None:
    """Where the words a PDF shows part from a version's, one phrase; None when they are the same."""
    at = next((i for i, (a, b) in enumerate(zip(shown, version, strict=False)) if a != b),
              min(len(shown), len(version)))
    if at == len(shown) == len(version):
        return None
    before = " ".join(version[max(0, at - _SHOWN):at])
    lead = f"after \u201c\u2026{before}\u201d " if before else "at its start "
    pdf = " ".join(shown[at:at + _SHOWN]) or "nothing more"
    ours = " ".join(version[at:at + _SHOWN]) or "nothing more"
    return f"{lead}it reads \u201c{pdf}\u201d where the version reads \u201c{ours}\u201d"


def pdf_differs(path: Path, policy: Policy, reference: Path | None = None) -> str | None:
    """Where the PDF at `path` does not show the words of `policy`, one phrase; None when it does.
    With `reference`, the version's own PDF made now, the pages are held to its pages read back
    alike: what our reader cannot rebuild of an export (a note's number where the version holds its
    words, the notes gathered at the end) reads the same on both. A PDF that cannot be read as text
    is said so."""
    from policyeditor.core.errors import PolicyError
    from policyeditor.formats.importers import import_document

    try:
        shown = import_document(Path(path)).policy
    except PolicyError as exc:
        return f"its text cannot be read ({exc})"
    if not shown.sections:
        return "its pages show none of the version's text"
    expected = import_document(reference).policy if reference is not None else policy
    return parted(words(shown), words(expected))
