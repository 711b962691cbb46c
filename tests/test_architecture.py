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
