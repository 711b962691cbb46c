"""Identities for the trust tests: real Ed25519 keys in passphrase files, and an in-memory keyring."""

from __future__ import annotations

import keyring
import keyring.backend
import pytest

from policyeditor.review.identity import Identity, new_identity

PASS = "correct horse battery staple"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend that keeps its secrets in a dict (the OS keyring stays untouched)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


@pytest.fixture
def no_keyring(monkeypatch):
    monkeypatch.setenv("POLICYEDITOR_NO_KEYRING", "1")


def make(tmp_path, name: str, file: str | None = None) -> Identity:
    """An identity kept in a passphrase-protected file (tests run with POLICYEDITOR_NO_KEYRING=1)."""
    return new_identity(name, tmp_path / (file or name.split()[0].lower()), PASS)
