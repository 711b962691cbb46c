"""Policies to store (a corpus document split at its headings, a large synthetic one), folder snapshots."""

from __future__ import annotations

import os
import re
from pathlib import Path

from policyeditor.core.model import Policy, Section

ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
SETEXT = re.compile(r"^(=+|-+)\s*$")


def policy_from_markdown(path: Path) -> Policy:
    """A policy from a Markdown file: `#` and setext headings become nested sections.

    Deliberately simple (the importer is formats' job): text before the first
    heading becomes a section headed by the title, bodies are kept verbatim.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    title = path.parent.name.replace("-", " ").title()
    root = Section(heading=title)
    stack: list[tuple[int, Section]] = [(0, root)]
    body: list[str] = []
    current = root
    index = 0

    def flush() -> None:
        current.body = "\n".join(body).strip()
        body.clear()

    while index < len(lines):
        line = lines[index]
        heading, level = None, 0
        match = ATX.match(line)
        if match:
            heading, level = match.group(2), len(match.group(1))
        elif line.strip() and index + 1 < len(lines) and SETEXT.match(lines[index + 1]):
            heading, level = line.strip(), 1 if lines[index + 1].startswith("=") else 2
            index += 1
        if heading is None:
            body.append(line)
        else:
            flush()
            while stack[-1][0] >= level:
                stack.pop()
            current = Section(heading=heading)
            parent = stack[-1][1]
            parent.children.append(current)
            stack.append((level, current))
        index += 1
    flush()
    sections = [Section(heading=root.heading, body=root.body, id=root.id)] + root.children
    return Policy(title=title, sections=sections, metadata={"source": path.parent.name})


def large_policy(count: int = 500, words: int = 120) -> Policy:
    """A policy of `count` sections (10 top-level, the rest nested below them), each with a body."""
    top = [Section(heading=f"Part {n}", body=f"Introduction to part {n}.") for n in range(10)]
    for n in range(count - len(top)):
        text = " ".join(f"clause{n}word{w}" for w in range(words))
        top[n % len(top)].children.append(Section(heading=f"Clause {n}", body=text))
    return Policy(title="Large policy", sections=top, metadata={"owner": "Legal"})


def corpus_policy() -> Policy:
    return policy_from_markdown(CORPUS / "pairs" / "spotify-terms-of-service" / "v1.md")


def snapshot(folder: Path) -> dict[str, object]:
    """Every file in a folder (and below) with its bytes: to prove an operation left it as it was."""
    return {name: snapshot(folder / name) if (folder / name).is_dir() else (folder / name).read_bytes()
            for name in sorted(os.listdir(folder))}
