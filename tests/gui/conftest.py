"""Fixtures for the window tests: a .policy made from the sample, and a shown main window."""

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


@pytest.fixture
def window(qtbot):
    from policyeditor.gui.window.app import settings
    from policyeditor.gui.window.main_window import MainWindow

    win = MainWindow(settings())
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
