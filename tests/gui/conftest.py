"""Fixtures for the window tests: a .policy made from the sample, and a shown main window."""

import gc
from pathlib import Path

import pytest

from policyeditor.core.model import Status
from policyeditor.formats.importers import import_document
from policyeditor.store.policyfile import PolicyFile

SAMPLE = Path(__file__).parents[2] / "resources" / "samples" / "privacy-policy.txt"


@pytest.fixture
def sample_policy(tmp_path) -> Path:
    """A .policy from the sample privacy policy: an approved version 1.0 and a draft equal to it."""
    path = tmp_path / "privacy.policy"
    policy = import_document(SAMPLE).policy
    with PolicyFile.create(path, policy, author="Test") as pf:
        pf.save_version(policy, "1.0", author="Test", note="first", status=Status.APPROVED)
    return path


@pytest.fixture(autouse=True)
def _garbage_collected_on_the_ui_thread(qapp):
    """As in the application: no collection from a worker thread while a test's window lives."""
    from policyeditor.gui.ui_thread_gc import collect_on_ui_thread

    collect_on_ui_thread(qapp)
    yield
    gc.unfreeze()  # what the collector froze (see ui_thread_gc) is collected too
    gc.collect()  # here, on the UI thread
    gc.enable()  # for the tests after the window tests, which run no event loop


@pytest.fixture(autouse=True)
def _unanswered_questions_let_go(monkeypatch):
    """A test that does not answer "Save changes?" itself gets Don't Save (as the window did before it
    asked): a question left open would wait for a click forever. Tests of the question patch it again."""
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *args, **kwargs: QMessageBox.StandardButton.Discard))


@pytest.fixture
def window(qtbot):
    from policyeditor.gui.window.app import settings
    from policyeditor.gui.window.main_window import MainWindow

    win = MainWindow(settings())
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
