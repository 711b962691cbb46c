"""store.open.connect is the one door to SQLite: every connection of the package is made there."""

from __future__ import annotations

import ast
from pathlib import Path

from store_helpers import large_policy, snapshot

from policyeditor.store import PolicyFile
from policyeditor.store.open import connect

PACKAGE = Path(__file__).resolve().parents[2] / "policyeditor"


def test_no_module_but_store_open_connects_to_sqlite():
    """So the defences against hostile files (in connect) cover every file the program opens."""
    callers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "connect" and \
                    isinstance(node.value, ast.Name) and node.value.id == "sqlite3":
                callers.append(str(path.relative_to(PACKAGE)))
    assert callers == ["store/open.py"]


def test_connect_reads_immutable_and_in_memory(tmp_path):
    path = tmp_path / "a.policy"
    PolicyFile.create(path, large_policy(5)).close()
    before = snapshot(tmp_path)
    conn = connect(path, readonly=True, immutable=True)
    try:
        assert conn.execute("SELECT title FROM draft").fetchone() == ("Large policy",)
        assert conn.isolation_level is None  # the store begins its transactions itself
    finally:
        conn.close()
    assert snapshot(tmp_path) == before
    memory = connect(None, readonly=False)
    try:
        memory.execute("CREATE TABLE t (x)")
        assert memory.execute("SELECT count(*) FROM t").fetchone() == (0,)
    finally:
        memory.close()
    assert snapshot(tmp_path) == before
