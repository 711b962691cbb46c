"""Import a PDF as a policy: its text and headings; its layout is not kept.

A PDF holds positioned glyphs, not paragraphs. pdf_read reads its lines (with
pdfminer.six: nothing in it is run or fetched) and pdf_paragraphs joins the lines
a writer wrapped back into paragraphs and list items. A PDF policyeditor exported
is read back as the policy it came from (own_pdf: what the export added is left
out, the contents list names the headings). In another PDF a paragraph of one or
two lines set clearly larger than the body text (the size most of the text has)
is a heading, its level by its size; so is a short line at the body's size set
apart by a wider space above it than paragraphs have, and a short bold one, a
level below those (a bold line spaced as a paragraph is a bold paragraph where the
PDF spaces its headings). When the PDF sets fewer than two headings so, the
sections are inferred as for plain text (ALL CAPS lines, short lines, clause
numbers). Lines that are only a page number are left out.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from policyeditor.core.body import Block as BodyBlock
from policyeditor.core.errors import ImportError_
from policyeditor.core.model import Policy
from policyeditor.formats.exporters.pdf_identity import stated_policy
from policyeditor.formats.importers import own_pdf
from policyeditor.formats.importers.line_shape import heading_like
from policyeditor.formats.importers.outline import Outline
from policyeditor.formats.importers.own_numbers import printed_style
from policyeditor.formats.importers.pdf_body import body
from policyeditor.formats.importers.pdf_paragraphs import Block, Metrics, blocks, measure
from policyeditor.formats.importers.pdf_read import Document, Line, read_pdf
from policyeditor.formats.importers.pdf_tables import Grid, table, with_tables
from policyeditor.formats.importers.result import ImportResult, read_bytes, reason
from policyeditor.formats.importers.text import add_paragraphs, take_title

HEADING_RATIO = 1.15   # a line this much larger than the body text is a heading
HEADING_MAX_LINES = 2  # a block of more lines is a paragraph, whatever its size
SPACED_RATIO = 1.6  # a line this much further below the one before than paragraphs are stands apart
SPACED_MAX = 4.0  # further than this, the line before is elsewhere on the page (a table read by columns)
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)
LAYOUT_NOTE = ("a PDF keeps no document structure: its text, headings, lists and bordered tables were "
               "read, but its layout (columns, pictures, page breaks, fonts) is not kept")


def import_pdf(path: Path) -> ImportResult:
    """Read a .pdf file; encrypted, damaged or textless PDFs are told in one sentence."""
    data = read_bytes(path)
    if not data.lstrip()[:5] == b"%PDF-":
        raise ImportError_(f"{path.name} is not a PDF file (it does not start with %PDF-)")
    document = _read(path)
    report = [LAYOUT_NOTE]
    if not any(document.lines()):
        report.append(f"{path.name} has no text to read (a scanned PDF holds pictures of its pages; "
                      "run it through text recognition first)")
    if own_pdf.is_our_pdf(document.info):
        policy = _our_export(document, report, path)
        return ImportResult(policy, report, policy_id=stated_policy(document.metadata))
    return ImportResult(_other_pdf(document, report, path), report)


def _our_export(document: Document, report: list[str], path: Path) -> Policy:
    """Our own export: its headings are the contents list's, what the export added is left out."""
    export = own_pdf.take_apart(document)
    export.lines = with_tables(export.lines, document)
    metrics = measure([x for x in export.lines if isinstance(x, Line)], text_area=True)
    style, headings = printed_style([(e.depth, e.text) for e in export.entries])
    outline = Outline()
    for index, lines in own_pdf.sections(export):
        if index is not None:
            outline.heading(export.entries[index].depth, headings[index], untitled=not headings[index])
        outline.add(_body(_found(lines, metrics), metrics))
    report.append(f"read as a PDF policyeditor exported: {export.left_out} line(s) it added (running "
                  "header and footer, page numbers, title block and contents) left out")
    policy = outline.policy(export.title or path.stem, report)
    policy.numbering = style  # the numbers printed, now derived again: not the headings' words
    policy.page_text = dict(export.page_text)
    return policy


def _other_pdf(document: Document, report: list[str], path: Path) -> Policy:
    """Another program's PDF: headings by size, weight and spacing, else as a plain text's."""
    lines = [line for line in document.lines() if not _PAGE_NUMBER.match(line.text)]
    dropped = sum(1 for _ in document.lines()) - len(lines)
    if dropped:
        report.append(f"{dropped} page number line(s) left out")
    flow = with_tables(lines, document)
    metrics = measure([x for x in flow if isinstance(x, Line)])
    found = _found(flow, metrics)
    size = own_pdf.body_size(lines)
    heads = _headings(found, size)
    outline = Outline()
    if len(heads) >= 2:
        # larger sizes first; a line at the body's size is a heading one level below them
        sizes = sorted({found[i].size for i in heads if _large(found[i].size, size)}, reverse=True)
        chunk: list[Block] = []
        for index, block in enumerate(found):
            if index not in heads:
                chunk.append(block)
                continue
            outline.add(_body(chunk, metrics))
            chunk = []
            level = sizes.index(block.size) + 1 if block.size in sizes else len(sizes) + 1
            outline.heading(level, block.text)
        outline.add(_body(chunk, metrics))
        report.append(f"{len(heads)} heading(s) read from their font size, weight and spacing")
        title = outline.take_title()
    else:
        title = _plain_lines(outline, found, metrics)
    return outline.policy(title or path.stem, report)


def _found(flow: list[Line | Grid], metrics: Metrics) -> list[Block | Grid]:
    """The flow's lines joined into blocks, its tables in their places."""
    out: list[Block | Grid] = []
    run: list[Line] = []
    for item in [*flow, None]:
        if isinstance(item, Line):
            run.append(item)
            continue
        out.extend(blocks(run, metrics))
        run = []
        if item is not None:
            out.append(item)
    return out


def _body(found: list[Block | Grid], metrics: Metrics) -> list[BodyBlock]:
    """Blocks and tables as the body's blocks."""
    out: list[BodyBlock] = []
    chunk: list[Block] = []
    for item in [*found, None]:
        if isinstance(item, Block):
            chunk.append(item)
            continue
        out.extend(body(chunk))
        chunk = []
        if item is not None:
            out.append(table(item, metrics))
    return out


def _plain_lines(outline: Outline, found: list[Block | Grid], metrics: Metrics) -> str:
    """Blocks into `outline` with the sections a plain text would have (its title returned): a line
    of plain words may be a heading, as in a text file; the rest keeps its formatting."""
    plain = [[b.text] if isinstance(b, Block) and _plain_line(b) else None for b in found]
    first = [p for p in plain[:2] if p is not None]
    title = take_title(first) if len(first) == 2 and plain[0] is not None else ""
    start = 1 if title else 0
    chunk: list[Block | Grid] = []
    for block, lines in zip(found[start:], plain[start:], strict=True):
        if lines is None:
            chunk.append(block)
            continue
        outline.add(_body(chunk, metrics))
        chunk = []
        add_paragraphs(outline, [lines], infer=True)
    outline.add(_body(chunk, metrics))
    return title


def _plain_line(block: Block) -> bool:
    return len(block.lines) == 1 and not block.item and all(
        not (r.bold or r.italic or r.underline or r.link) for r in block.runs())


def _headings(found: list[Block | Grid], size: float) -> set[int]:
    """Which blocks are headings: set larger than the body, or short and set apart by space or bold."""
    usual = Counter(round(b.above) for b in found
                    if isinstance(b, Block) and b.above is not None and abs(b.size - size) <= 0.3)
    spacing = usual.most_common(1)[0][0] if usual else 0.0
    large, spaced, bold = set(), set(), set()
    for index, block in enumerate(found):
        if not isinstance(block, Block):
            continue
        text = block.text
        if block.item or len(block.lines) > HEADING_MAX_LINES or text.rstrip().endswith((".", ";", ",")):
            continue
        if _large(block.size, size):
            large.add(index)
        elif heading_like(text) and block.above is not None and spacing and len(block.lines) == 1 \
                and spacing * SPACED_RATIO <= block.above <= spacing * SPACED_MAX \
                and isinstance(found[index - 1], Block) and _below(found[index - 1], block):
            spaced.add(index)
        elif block.bold and heading_like(text):
            bold.add(index)
    return large | spaced | (set() if len(spaced) >= 2 else bold)


def _below(above: Block, block: Block) -> bool:
    """Whether `block` stands under the block read before it (their lines share some width)."""
    upper, lower = above.lines[-1], block.lines[0]
    return upper.x0 < lower.x1 and lower.x0 < upper.x1


def _large(size: float, body_size: float) -> bool:
    return bool(body_size) and size >= body_size * HEADING_RATIO


def _read(path: Path) -> Document:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    try:
        return read_pdf(path)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ImportError_(f"{path.name} is an encrypted PDF; save an unprotected copy and import that") \
            from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError,
            IndexError, AssertionError) as exc:  # a malformed file: pdfminer raises many kinds
        raise ImportError_(f"{path.name} is a damaged PDF ({reason(exc)})") from None
    except Exception as exc:  # noqa: BLE001 — any other failure of the parser is still a bad file
        if type(exc).__name__.startswith(("PDF", "PS")):
            raise ImportError_(f"{path.name} cannot be read as a PDF ({reason(exc)})") from None
        raise
