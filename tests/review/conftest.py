"""A small policy in a fresh .policy file, with a version saved by its author."""

from __future__ import annotations

import pytest

from policyeditor.core.model import Policy, Section
from policyeditor.store.policyfile import PolicyFile

AUTHOR, REVIEWER = "Ada Author", "Rita Reviewer"


def small_policy() -> Policy:
    return Policy(title="Privacy policy", sections=[
        Section("About", "We **collect** your data to provide the service.", id="about"),
        Section("Sharing", "We share data with partners.\n\n- advertisers\n- analytics", id="sharing"),
    ])


@pytest.fixture
def pf(tmp_path):
    with PolicyFile.create(tmp_path / "p.policy", small_policy(), author=AUTHOR) as opened:
        opened.save_version(small_policy(), "1.0", author=AUTHOR)
        yield opened
