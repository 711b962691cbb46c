"""Table fidelity over a folder of Word documents: merged cells, nested tables and table words as
each source holds them and as the import keeps them, and the format changes a compare of the
corpus pairs finds (a plain script printing figures).

    .venv/bin/python tests/perf/measure_tables.py [FOLDER]

FOLDER defaults to tests/data/poi-docx (the POI files the tests use, copied with their licence).
"""

from __future__ import annotations

import sys
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from policyeditor.core import body  # noqa: E402
from policyeditor.core.errors import ImportError_  # noqa: E402
from policyeditor.diff.redline import compare  # noqa: E402
from policyeditor.formats.importers import import_document  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DEFAULT = ROOT / "tests" / "data" / "poi-docx"


def _nested(tbl) -> bool:
    return any(a.tag == W + "tc" for a in tbl.iterancestors())


def _all(table: body.Table) -> list[body.Table]:
    """A table and every table nested in it, at any depth."""
    return [table] + [t for row in table.nested for cell in row for inner in cell for t in _all(inner)]


def tables(folder: Path) -> None:
    total = Counter()
    for path in sorted(folder.glob("*.docx")):
        try:
            root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
            policy = import_document(path).policy
        except (ImportError_, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
            continue
        merges = sum(int(e.get(W + "val", "1")) - 1 for e in root.iter(W + "gridSpan")) + sum(
            1 for e in root.iter(W + "vMerge") if e.get(W + "val", "continue") == "continue")
        nested = sum(1 for t in root.iter(W + "tbl") if _nested(t))
        if not merges and not nested:
            continue
        found = [b for s, _ in policy.walk() for b in body.parse(s.body) if isinstance(b, body.Table)]
        every = [t for table in found for t in _all(table)]
        figures = Counter(
            merges=merges, merges_kept=sum(1 for t in every for row in t.merges for m in row if m),
            nested=nested, nested_kept=len(every) - len(found),
            words=sum(len("".join(x.text or "" for x in p.iter(W + "t")).split())
                      for t in root.iter(W + "tbl") if not _nested(t) for p in t.iter(W + "p")),
            words_kept=sum(len(line.replace(" | ", " ").split())
                           for t in found for line in body.table_plain(t)))
        total.update(figures)
        print(f"{path.name}: merges {figures['merges']} -> {figures['merges_kept']}; nested tables "
              f"{figures['nested']} -> {figures['nested_kept']}; table words {figures['words']} -> "
              f"{figures['words_kept']}")
    print(f"total: merges {total['merges']} -> {total['merges_kept']}; nested tables {total['nested']} -> "
          f"{total['nested_kept']}; table words {total['words']} -> {total['words_kept']}")


def format_changes() -> None:
    found = Counter()
    for pair in sorted((ROOT / "tests" / "data" / "corpus" / "pairs").iterdir()):
        old, new = (import_document(pair / f"{v}.md").policy for v in ("v1", "v2"))
        found.update(c.formatting for c in compare(old, new).changes if c.formatting)
    print("format changes over the corpus pairs:", dict(found.most_common()))


if __name__ == "__main__":
    tables(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
    format_changes()
