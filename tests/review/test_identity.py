"""Identities: Ed25519 key pairs kept in a keyring or a passphrase-encrypted file."""

from __future__ import annotations

import json

import keyring
import pytest
from trust_helpers import PASS, MemoryKeyring, make

from policyeditor.review import identity as ids
from policyeditor.review.identity import IdentityError, load_identity, new_identity, public_of, read_pub


@pytest.fixture(autouse=True)
def _file_keys(monkeypatch):
    monkeypatch.setenv("POLICYEDITOR_NO_KEYRING", "1")


def test_a_new_identity_signs_and_its_public_key_verifies(tmp_path):
    ana = make(tmp_path, "Ana Ruiz")
    pub = read_pub(tmp_path / "ana.pub")
    assert pub == ana.public and pub.name == "Ana Ruiz" and len(pub.key) == 32
    signature = ana.sign(b"approved 1.0")
    assert pub.verify(signature, b"approved 1.0")
    assert not pub.verify(signature, b"approved 2.0")


def test_the_key_file_is_encrypted_with_the_passphrase(tmp_path):
    make(tmp_path, "Ana Ruiz")
    stored = json.loads((tmp_path / "ana").read_text())
    assert "ENCRYPTED PRIVATE KEY" in stored["private_pem"]
    assert (tmp_path / "ana").stat().st_mode & 0o077 == 0
    again = load_identity(tmp_path / "ana", PASS)
    assert again.public == public_of(tmp_path / "ana")


def test_a_wrong_passphrase_is_one_sentence(tmp_path):
    make(tmp_path, "Ana Ruiz")
    with pytest.raises(IdentityError, match=r"^wrong passphrase for ana$"):
        load_identity(tmp_path / "ana", "guess")
    with pytest.raises(IdentityError, match="protected by a passphrase"):
        load_identity(tmp_path / "ana", None)


def test_a_name_already_taken_gets_a_different_fingerprint(tmp_path):
    first, second = make(tmp_path, "Ana Ruiz", "a1"), make(tmp_path, "Ana Ruiz", "a2")
    assert first.name == second.name
    assert first.public.fingerprint != second.public.fingerprint
    assert first.public.display() != second.public.display()
    assert first.public.display().startswith("Ana Ruiz (") and len(first.public.display().split()) == 10


def test_fingerprint_is_sha256_of_the_raw_key_in_groups(tmp_path):
    import hashlib

    ana = make(tmp_path, "Ana Ruiz")
    assert ana.public.fingerprint == hashlib.sha256(ana.public.key).hexdigest()
    assert ids.grouped("ab12cd34ef56") == "ab12 cd34 ef56"


def test_existing_files_are_never_overwritten(tmp_path):
    make(tmp_path, "Ana Ruiz")
    with pytest.raises(IdentityError, match="already exists"):
        make(tmp_path, "Ana Ruiz")


def test_bad_key_files_are_one_sentence(tmp_path):
    (tmp_path / "junk").write_text("not json")
    (tmp_path / "junk.pub").write_text("ssh-rsa AAAA x")
    with pytest.raises(IdentityError, match="is not a policyeditor identity"):
        load_identity(tmp_path / "junk", PASS)
    with pytest.raises(IdentityError, match="is not a policyeditor public key"):
        read_pub(tmp_path / "junk.pub")
    with pytest.raises(IdentityError, match="no such key file"):
        load_identity(tmp_path / "missing", PASS)


def test_with_a_keyring_the_private_key_stays_out_of_the_file(tmp_path, monkeypatch):
    monkeypatch.delenv("POLICYEDITOR_NO_KEYRING")
    ring = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(ring)
    try:
        ana = new_identity("Ana Ruiz", tmp_path / "ana", None)
        stored = json.loads((tmp_path / "ana").read_text())
        assert "private_pem" not in stored and stored["keyring"]["entry"] == ana.public.fingerprint
        assert (ids.KEYRING_SERVICE, ana.public.fingerprint) in ring.secrets
        assert load_identity(tmp_path / "ana", None).public == ana.public
        ring.secrets.clear()
        with pytest.raises(IdentityError, match="is not in this computer's keyring"):
            load_identity(tmp_path / "ana", None)
    finally:
        keyring.set_keyring(previous)


def test_without_keyring_or_passphrase_nothing_is_made(tmp_path):
    with pytest.raises(IdentityError, match="a passphrase is needed"):
        new_identity("Ana Ruiz", tmp_path / "ana", None)
    assert not (tmp_path / "ana").exists() and not (tmp_path / "ana.pub").exists()
