"""Shared fixtures: the corpus copied from shared/corpus, and settings kept away from the user's."""

import os
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# CI runs every property test on the same examples (a submission lands or not on its own
# merits, not on a lucky draw); a developer's run explores new ones each time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

_application = None  # the run's QApplication, when it has window tests (see below)


def pytest_collection_finish(session):
    """A run with window tests makes its QApplication before any test: the PDF writers make a bare
    QGuiApplication when none exists (a command-line test that writes a PDF in this process does),
    and no window can be made beside one (Qt aborts the whole run)."""
    global _application
    if any({"qtbot", "qapp"} & set(getattr(item, "fixturenames", ())) for item in session.items):
        from PySide6.QtWidgets import QApplication

        _application = QApplication.instance() or QApplication(["pytest"])


DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus"


def corpus_files(*patterns: str) -> list[Path]:
    """Corpus documents matching glob patterns, sorted, relative to tests/data/corpus."""
    return sorted(p for pattern in patterns for p in CORPUS.glob(pattern))


@pytest.fixture(autouse=True)
def _fresh_settings(tmp_path_factory, monkeypatch):
    """Never touch the user's settings: QSettings and our config go to a temporary folder."""
    home = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.setenv("POLICYEDITOR_CONFIG_DIR", str(home))
    yield


@pytest.fixture
def read_only(tmp_path):
    """A folder marked read-only (0o555): refused to root too, as a folder marked so is kept as it is."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


@pytest.fixture
def refusing(tmp_path, monkeypatch):
    """`tmp_path`, writable, but its file system refuses to make any file in it, as a user's folder may."""
    import errno

    real_open = os.open

    def refuse(path, flags, *args, **kwargs):
        if Path(path).parent == tmp_path and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    return tmp_path
