"""The layering is proven, not just said: the core runs without Qt importable."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NON_GUI = ["policyeditor.core", "policyeditor.diff", "policyeditor.review", "policyeditor.store",
           "policyeditor.formats", "policyeditor.library", "policyeditor.app", "policyeditor.cli",
           "policyeditor.refs"]

BLOCK_QT = """
import importlib, pkgutil, sys
class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6'):
            raise ImportError('Qt is not importable in this run')
sys.meta_path.insert(0, NoQt())
import policyeditor
for package in {packages!r}:
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(getattr(module, '__path__', []), package + '.'):
        importlib.import_module(info.name)
print('ok')
"""


def test_non_gui_code_imports_without_qt():
    code = BLOCK_QT.format(packages=NON_GUI)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_tests_pass_without_qt():
    """The core's own tests, run in a Python where PySide6 cannot be imported."""
    code = ("import sys\n"
            "class NoQt:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.split('.')[0] in ('PySide6', 'shiboken6'): raise ImportError(name)\n"
            "sys.meta_path.insert(0, NoQt())\n"
            "import pytest\n"
            "sys.exit(pytest.main(['-q', '-p', 'no:pytest-qt', '-p', 'no:cacheprovider', 'tests/core']))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def test_code_passes_the_linter():
    """ruff with the project's rules (pyproject.toml [tool.ruff])."""
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run([str(ruff), "check", "policyeditor", "tests"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


DIFF_LIBRARIES = {"diff_match_patch", "fast_diff_match_patch", "difflib"}
# what running a diff looks like: the libraries' entry points and our own wrappers of them
DIFF_CALLS = {"diff_main", "diff_semantic", "diff_xIndex", "diff_levenshtein", "diff_cleanupSemantic",
              "diff_lineMode", "match_main", "patch_make", "patch_apply", "SequenceMatcher",
              "unified_diff", "ndiff", "get_opcodes", "diff_chars", "plain_dmp"}


def test_only_the_diff_package_runs_a_diff():
    """One redline: nothing outside policyeditor/diff/ imports a diff library or calls a diff."""
    import ast

    package = ROOT / "policyeditor"
    found = []
    for path in sorted(package.rglob("*.py")):
        if (package / "diff") in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module.split(".")[0]]
                names += [alias.name for alias in node.names if alias.name in DIFF_CALLS]
            elif isinstance(node, ast.Call):
                func = node.func
                names = [func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")]
            for name in names:
                if name in DIFF_LIBRARIES or name in DIFF_CALLS:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    assert not found, "diffing outside policyeditor/diff/:\n" + "\n".join(found)


def import_cycles(package: str = "policyeditor") -> list[list[str]]:
    """Every group of modules that import one another, directly or round a loop (imports made in
    functions and for type checking count too): Tarjan's strongly connected components."""
    import grimp

    graph = grimp.build_graph(package, cache_dir=None)
    modules = sorted(graph.modules)
    imports = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for imported in imports[module]:
            if imported not in order:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], order[imported])
        if low[module] == order[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in modules:
        if module not in order:
            visit(module)
    return cycles


def test_no_two_modules_import_each_other():
    assert import_cycles() == []


BLOCK_WIDGETS = """
import importlib, pkgutil, sys
class NoWidgets:
    def find_spec(self, name, path=None, target=None):
        if name == 'PySide6.QtWidgets':
            raise ImportError('QtWidgets is not importable in this run')
sys.meta_path.insert(0, NoWidgets())
import policyeditor.pdf
for info in pkgutil.walk_packages(policyeditor.pdf.__path__, 'policyeditor.pdf.'):
    importlib.import_module(info.name)
print('ok')
"""


def test_pdf_draws_without_widgets():
    """pdf/ imports QtGui and QtCore only, so the command line can write PDF without the window."""
    result = subprocess.run([sys.executable, "-c", BLOCK_WIDGETS], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_cli_reaches_into_gui_only_to_open_the_window():
    source = (ROOT / "policyeditor" / "cli.py").read_text()
    gui_imports = [line.strip() for line in source.splitlines() if "policyeditor.gui" in line]
    assert gui_imports == ["from policyeditor.gui.window.app import run"]


def test_a_json_compare_of_two_markdown_files_loads_nothing_heavy(tmp_path):
    """No python-docx, lxml, Qt or the .policy store for `compare A.md B.md -o R.json`."""
    pair = ROOT / "tests" / "data" / "corpus" / "pairs" / "spotify-privacy-policy"
    code = ("import sys\nfrom policyeditor.cli import main\n"
            f"main(['compare', {str(pair / 'v1.md')!r}, {str(pair / 'v2.md')!r},"
            f" '-o', {str(tmp_path / 'r.json')!r}])\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'docx', 'lxml', 'PySide6', 'sqlite3'}))\n"
            "print('policyeditor.store' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["[]", "False"]


def test_a_json_compare_imports_only_what_it_uses(tmp_path):
    """Start-up time (issue 11): `compare A.md B.md -o R.json` loads no module it has no use for:
    not blame, review, the store or other formats' writers, and none of the standard library's
    hashing, randomness, dates or archives (shutil) that other commands need; nor markdown-it
    (md_fast reads the Markdown policies use), argparse (the plain compare is read without it),
    typing (TYPE_CHECKING is a constant), threading, or dataclasses and the inspect it imports
    (core.records makes the compare path's classes), nor the json package (its decoder: the redline's
    JSON is written by formats.redline.json with the C string encoder)."""
    pair = ROOT / "tests" / "data" / "corpus" / "pairs" / "spotify-privacy-policy"
    unused = sorted({"shutil", "bz2", "lzma", "secrets", "random", "hashlib", "uuid", "datetime", "tempfile",
                     "markdown_it", "mdurl", "argparse", "gettext", "typing", "threading", "dataclasses",
                     "inspect", "json",
                     "policyeditor.diff.blame", "policyeditor.review", "policyeditor.store",
                     "policyeditor.formats.exporters.docx", "policyeditor.formats.redline.html",
                     "policyeditor.formats.redline.text"})
    code = ("import sys\nfrom policyeditor.cli import main\n"
            f"main(['compare', {str(pair / 'v1.md')!r}, {str(pair / 'v2.md')!r},"
            f" '-o', {str(tmp_path / 'r.json')!r}])\n"
            f"print(sorted(set(sys.modules) & set({unused!r})))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"
