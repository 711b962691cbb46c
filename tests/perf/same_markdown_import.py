"""Does this tree import Markdown exactly as another does? For changes meant to be faster only.

    .venv/bin/python tests/perf/same_markdown_import.py BEFORE_DIR

BEFORE_DIR is an export of the tree before (`git archive main | tar -x -C DIR`). Every
Markdown file under tests/data, docs/ and the README, and 1,500 random documents made of
the pieces tests/formats/importers/test_md_fast.py tokenizes and a few more (some md_fast
reads, some it leaves to markdown-it), are imported by both trees, each in its own process,
and the results compared whole: title, sections (headings, bodies, tree), properties
(numbering, dates, unkept, anchors) and the report, with each Note's place. Section ids
are random, so each is replaced by its section's place in document order. Prints the
files that differ and exits 1 if any does.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RANDOM_DOCUMENTS = 1500
# besides test_md_fast's pieces: what only the importer reads (notes, HTML blocks, code, dates,
# typed heading numbers, a title)
MORE_PIECES = ["[^1]", "[^2]", "\n[^1]: the *note*\n", "\n\n<div>html <br> block</div>\n\n",
               "\n```\ncode\n```\n", "<i>", "</i>", "</b>", "<strong>", "&amp;", "\t",
               "\n\nLast updated: May 1, 2024\n\n", "\n\n# The Title\n\n", "\n## 2. Sharing\n",
               "\n### 2.1 Partners\n", "\n\n3. An item\n"]


def sources(scratch: Path) -> list[Path]:
    files = sorted((ROOT / "tests" / "data").rglob("*.md")) + sorted((ROOT / "docs").rglob("*.md"))
    files.append(ROOT / "README.md")
    sys.path.insert(0, str(ROOT))
    from tests.formats.importers.test_md_fast import PIECES

    pieces = PIECES + MORE_PIECES
    rng = random.Random(5)
    for n in range(RANDOM_DOCUMENTS):
        path = scratch / f"random-{n}.md"
        path.write_text("".join(rng.choice(pieces) for _ in range(rng.randint(1, 80))), encoding="utf-8")
        files.append(path)
    return files


def dump(paths: list[str]) -> dict:
    """Each file's import as plain data, section ids replaced by the sections' order (run in a child)."""
    from policyeditor.formats.importers.markdown import import_markdown

    out = {}
    for path in paths:
        try:
            result = import_markdown(Path(path))
        except Exception as exc:  # noqa: BLE001 (the failure is part of what must not change)
            out[path] = f"raised {type(exc).__name__}: {exc}"
            continue
        places = {section.id: f"section {n}" for n, (section, _) in enumerate(result.policy.walk())}
        data = result.policy.to_data()
        data["anchors"] = {name: places[sid] for name, sid in data.get("anchors", {}).items()}
        data["sections"] = _placed(data["sections"], places)
        data["report"] = [[str(line), places.get(getattr(line, "section_id", None)),
                           getattr(line, "start", None), getattr(line, "length", None),
                           getattr(line, "where", None)] for line in result.report]
        out[path] = data
    return out


def _placed(sections: list[dict], places: dict[str, str]) -> list[dict]:
    return [{**s, "id": places[s["id"]], "children": _placed(s["children"], places)} for s in sections]


def imported_by(tree: Path, paths: list[Path], scratch: Path) -> dict:
    listing, result = scratch / "paths.json", scratch / f"{tree.name}.json"
    listing.write_text(json.dumps([str(p) for p in paths]))
    code = ("import json, sys; sys.path.insert(0, sys.argv[1]); sys.path.insert(1, sys.argv[2]);"
            "from same_markdown_import import dump;"
            "json.dump(dump(json.load(open(sys.argv[3]))), open(sys.argv[4], 'w'))")
    here = str(Path(__file__).parent)
    subprocess.run([sys.executable, "-c", code, str(tree), here, str(listing), str(result)],
                   check=True, cwd=scratch)
    return json.loads(result.read_text())


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    before = Path(argv[0]).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        paths = sources(scratch)
        old, new = imported_by(before, paths, scratch), imported_by(ROOT, paths, scratch)
    differ = [p for p in old if old[p] != new[p]]
    for path in differ:
        print(f"differs: {path}")
    named = len(paths) - RANDOM_DOCUMENTS
    print(f"{len(paths)} Markdown documents ({named} files, {RANDOM_DOCUMENTS} random) imported by "
          f"{before} and by {ROOT}: {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
