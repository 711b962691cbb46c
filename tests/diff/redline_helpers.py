"""Policies from the corpus, their plain words, and the shape checks every redline test uses."""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
from pathlib import Path

from policyeditor.core import body
from policyeditor.core.body import ListBlock, Paragraph, Table
from policyeditor.core.dates import dates_text
from policyeditor.core.model import Policy, Section

TESTS = Path(__file__).resolve().parents[1]
CORPUS = TESTS / "data" / "corpus"
REDLINE_TEXT = TESTS / "data" / "tools" / "redline_text.py"

PAIRS = sorted(p for p in (CORPUS / "pairs").iterdir() if p.is_dir())
CHAIN = sorted((CORPUS / "chains" / "spotify-privacy-policy").glob("v*.md"),
               key=lambda p: int(p.stem[1:]))

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")


def _split_markdown(text: str, title: str) -> Policy:
    """A tiny Markdown splitter: sections at ATX and setext headings, bodies canonical."""
    lines = text.splitlines()
    heads: list[tuple[int, int, str]] = []  # (line, level, heading)
    k = 0
    while k < len(lines):
        m = _ATX.match(lines[k])
        if m:
            heads.append((k, len(m.group(1)), m.group(2)))
        elif (k + 1 < len(lines) and lines[k].strip() and _SETEXT.match(lines[k + 1])
              and not lines[k].lstrip().startswith(("-", "*", "|"))):
            heads.append((k, 1 if lines[k + 1].startswith("=") else 2, lines[k].strip()))
            k += 1
        k += 1
    sections: list[Section] = []
    stack: list[tuple[int, Section]] = []
    preamble = body.canonical("\n".join(lines[: heads[0][0]] if heads else lines))
    if preamble:
        sections.append(Section("", preamble))
    for n, (line, level, heading) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        start = line + (2 if not _ATX.match(lines[line]) else 1)
        section = Section(body.plain_text(heading).strip(), body.canonical("\n".join(lines[start:end])))
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1].children if stack else sections).append(section)
        stack.append((level, section))
    return Policy(title=title, sections=sections)


def load(path: Path) -> Policy:
    """A corpus Markdown file as a policy: the project's importer when present, else the splitter."""
    try:
        from policyeditor.formats.importers.markdown import import_markdown
    except ImportError:
        return _split_markdown(path.read_text(encoding="utf-8"), path.parent.name)
    return import_markdown(path).policy


def _runs_words(runs) -> list[str]:
    return "".join(r.text for r in runs).split()


def policy_words(policy: Policy) -> list[str]:
    """The words a reader sees: title, dates, then each heading and body in document order."""
    out = policy.title.split() + dates_text(policy).split()
    for section, _ in policy.walk():
        out += section.heading.split()
        for block in body.parse(section.body):
            if isinstance(block, Paragraph):
                out += _runs_words(block.runs)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    out += _runs_words(item.runs)
            elif isinstance(block, Table):
                for row in block.rows:
                    for cell in row:
                        out += _runs_words(cell)
    return out


_WORD = re.compile(r"\w+", re.UNICODE)


def plain_words(policy: Policy) -> list[str]:
    """The words (letters and digits) of a policy's title, headings and bodies as a reader sees them."""
    out: list[str] = _WORD.findall(policy.title)
    for section, _ in policy.walk():
        out += _WORD.findall(section.heading)
        out += _WORD.findall(body.plain_text(section.body))
    return out


def plain_marked(old: Policy, new: Policy) -> int:
    """The words a plain word diff of two policies marks inserted or deleted: difflib's
    SequenceMatcher over their words, without its junk heuristic (issue 13's yardstick)."""
    marked = 0
    matcher = difflib.SequenceMatcher(None, plain_words(old), plain_words(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            marked += (i2 - i1) + (j2 - j1)
    return marked


def html_words(path: Path, mode: str) -> list[str]:
    """The words of a redline HTML with every change accepted or rejected, by the corpus tool."""
    result = subprocess.run([sys.executable, str(REDLINE_TEXT), str(path), f"--{mode}"],
                            capture_output=True, text=True, check=True)
    return result.stdout.split()


def shape(policy: Policy) -> list[tuple[int, str, str]]:
    """Depth, heading and body of every section in order: what exactness compares."""
    return [(depth, s.heading, s.body) for s, depth in policy.walk()]
