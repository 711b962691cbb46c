"""Does this tree's compare write exactly what another's does? For changes meant to be faster only.

    .venv/bin/python tests/perf/same_compare_output.py BEFORE_DIR [GENERATED]

BEFORE_DIR is an export of the tree before (`git archive main | tar -x -C DIR`). Both
trees run `policyeditor compare OLD NEW -o OUT` (cli.main, each tree in its own process,
its memos emptied before each pair as in a new process) with OUT a .json, a .txt and an
.html redline, on every corpus pair and chain step (bench_cli's pairs) and on GENERATED
(default 300) pairs made from the corpus documents by random edits: words changed,
inserted and deleted, paragraphs moved, deleted and doubled, table cells and rows edited,
paragraphs made list items and back, list levels and numbers changed, headings renamed,
added and their levels changed, words made bold, italic or a link. The files are
compared byte for byte (section ids, random, are numbered in order instead); prints the
pairs whose outputs differ and exits 1 if any does.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SUFFIXES = (".json", ".txt", ".html")
GENERATED = 300
WORDS = ["data", "we", "may", "share", "your", "information", "with", "partners", "not", "never",
         "personal", "account", "(a)", "$100", "30 days", "“Services”", "e.g.,", "10%", "and/or"]


def _edit_words(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(words))
        what = rng.random()
        if what < 0.4:
            words[at] = rng.choice(WORDS)
        elif what < 0.7:
            words.insert(at, rng.choice(WORDS))
        elif len(words) > 1:
            del words[at]
    return " ".join(words)


def _format_word(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    at = rng.randrange(len(words))
    if words[at].strip():
        shape = rng.choice(["**{}**", "_{}_", "[{}](https://example.com/x)", "<u>{}</u>"])
        words[at] = shape.format(words[at])
    return " ".join(words)


def _edit_line(line: str, rng: random.Random) -> str:
    """One line changed: its words, its kind (list item, paragraph, heading), its cells."""
    if line.lstrip().startswith("|"):
        cells = line.split("|")
        if len(cells) > 2:
            at = rng.randrange(1, len(cells) - 1)
            cells[at] = _edit_words(cells[at], rng) if rng.random() < 0.8 else " "
        return "|".join(cells)
    heading = re.match(r"#{1,6} ", line)
    item = re.match(r" *(?:[-*+]|\d+\.) ", line)
    what = rng.random()
    if heading and what < 0.3:
        return "#" * rng.randint(1, 4) + " " + line[heading.end():]
    if item and what < 0.3:
        rest = line[item.end():]
        return rng.choice(["", "- ", "  - ", "1. ", "3. ", "    - "]) + rest
    if not heading and not item and what < 0.15:
        return rng.choice(["- ", "1. ", "## "]) + line
    if what < 0.45:
        return _format_word(line, rng)
    return _edit_words(line, rng)


def mutated(text: str, rng: random.Random) -> str:
    """`text` with a few random edits, paragraph by paragraph (lines for tables and lists)."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 10)):
        filled = [k for k, line in enumerate(lines) if line.strip()]
        if not filled:
            break
        at = rng.choice(filled)
        what = rng.random()
        if what < 0.5:
            lines[at] = _edit_line(lines[at], rng)
        elif what < 0.62:  # a paragraph (or line) moved elsewhere
            line = lines.pop(at)
            lines.insert(rng.randrange(len(lines) + 1), line)
        elif what < 0.7:
            del lines[at]
        elif what < 0.76:
            lines.insert(at, lines[at])
        elif what < 0.84:  # a new paragraph, list item or heading
            kind = rng.choice(["", "- ", "1. ", "## ", "### "])
            lines[at:at] = [kind + " ".join(rng.choices(WORDS, k=8)), ""]
        elif what < 0.9:  # a table, or a row of one
            row = "| " + " | ".join(rng.choices(WORDS, k=3)) + " |"
            if lines[at].lstrip().startswith("|"):
                lines.insert(at + 1, row)
            else:
                lines[at:at] = ["", "| a | b | c |", "| --- | --- | --- |", row, ""]
        elif what < 0.95:  # two paragraphs joined, or one split
            if at + 2 < len(lines) and not lines[at + 1].strip():
                lines[at:at + 3] = [lines[at] + " " + lines[at + 2]]
            else:
                words = lines[at].split(" ")
                cut = rng.randrange(len(words))
                lines[at:at + 1] = [" ".join(words[:cut]), "", " ".join(words[cut:])]
        else:  # a block of lines moved
            size = rng.randint(2, 12)
            block = lines[at:at + size]
            del lines[at:at + size]
            where = rng.randrange(len(lines) + 1)
            lines[where:where] = block
    return "\n".join(lines)


def pairs(scratch: Path, generated: int) -> list[tuple[str, Path, Path]]:
    sys.path.insert(0, str(HERE))
    from bench_cli import pairs as corpus_pairs

    found = [(name, old, new) for name, old, new in corpus_pairs()]
    documents = sorted({path for _, old, new in found for path in (old, new)})
    rng = random.Random(11)
    for n in range(generated):
        source = rng.choice(documents)
        text = source.read_text(encoding="utf-8")
        if rng.random() < 0.15:  # a shorter piece: more of the edits fall near each other
            lines = text.split("\n")
            start = rng.randrange(len(lines))
            text = "\n".join(lines[start:start + rng.randint(5, 60)])
        old, new = scratch / f"gen-{n}-old.md", scratch / f"gen-{n}-new.md"
        base = mutated(text, rng) if rng.random() < 0.3 else text
        old.write_text(base, encoding="utf-8")
        new.write_text(mutated(base, rng), encoding="utf-8")
        found.append((f"generated {n} (from {source.parent.name}/{source.name})", old, new))
    return found


def run_all(listing: str, out_dir: str) -> None:
    """Each listed pair's redlines into out_dir/N.json, .txt, .html (run in a child per tree)."""
    import contextlib
    import io
    import itertools
    import os

    sys.path.insert(0, str(HERE))
    from bench_compare_work import cold

    from policyeditor.cli import main

    for n, line in enumerate(Path(listing).read_text(encoding="utf-8").splitlines()):
        old, new = line.split("\t")
        for suffix in SUFFIXES:
            cold()
            # section ids are random (core.model.new_id): numbered from 1 in each compare instead
            os.urandom = _counted(itertools.count(1))
            out = Path(out_dir) / f"{n}{suffix}"
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                status = main(["compare", old, new, "-o", str(out)])
            if status:
                out.write_text(f"exit status {status}")


def _counted(count):  # noqa: ANN001, ANN202
    return lambda size: next(count).to_bytes(size, "big")


def written_by(tree: Path, listing: Path, out_dir: Path) -> None:
    out_dir.mkdir()
    code = ("import sys; sys.path.insert(0, sys.argv[1]); sys.path.insert(1, sys.argv[2]);"
            "from same_compare_output import run_all; run_all(sys.argv[3], sys.argv[4])")
    subprocess.run([sys.executable, "-c", code, str(tree), str(HERE), str(listing), str(out_dir)],
                   check=True, cwd=out_dir, env={"PYTHONPATH": str(tree), "PATH": ""})


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__)
        return 2
    before = Path(argv[0]).resolve()
    generated = int(argv[1]) if len(argv) == 2 else GENERATED
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        found = pairs(scratch, generated)
        listing = scratch / "pairs.tsv"
        listing.write_text("".join(f"{old}\t{new}\n" for _, old, new in found), encoding="utf-8")
        written_by(before, listing, scratch / "before")
        written_by(ROOT, listing, scratch / "now")
        differ = []
        for n, (name, _, _) in enumerate(found):
            kinds = [s for s in SUFFIXES if (scratch / "before" / f"{n}{s}").read_bytes()
                     != (scratch / "now" / f"{n}{s}").read_bytes()]
            if kinds:
                differ.append(name)
                print(f"differs ({', '.join(kinds)}): {name}")
    print(f"{len(found)} pairs ({len(found) - generated} corpus, {generated} generated), each to "
          f"{', '.join(SUFFIXES)}, compared by {before} and by {ROOT}: {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
