"""A new .policy file in a folder that refuses it (Save As, recover): told why, and nothing left."""

from __future__ import annotations

import pytest

from policyeditor.core.errors import PolicyFileError
from policyeditor.core.model import Policy
from policyeditor.store import PolicyFile


def test_create_in_a_read_only_folder_is_permission_denied(read_only):
    """As a user SQLite said "unable to open database file"; as root the file was made, then refused
    as read-only ("open it read-only") and left behind."""
    with pytest.raises(PolicyFileError, match="^cannot create q.policy: permission denied$"):
        PolicyFile.create(read_only / "q.policy", Policy(title="Q"))
    assert list(read_only.iterdir()) == []


def test_create_where_no_file_can_be_made_says_why(refusing):
    with pytest.raises(PolicyFileError, match="^cannot create q.policy: permission denied$"):
        PolicyFile.create(refusing / "q.policy", Policy(title="Q"))
    assert list(refusing.iterdir()) == []
