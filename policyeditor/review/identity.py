"""Identities: a person's name and Ed25519 key pair, which sign what they do to a policy.

An identity is two files. `KEY.pub` holds the name and the raw public key, one
line (`policyeditor-ed25519 BASE64 NAME`), to hand to others. `KEY` says who it
is and where the private key lives: in the operating system's keyring when a
usable backend exists (the file then names the keyring entry), otherwise in the
file itself as PKCS#8 PEM encrypted with a passphrase (cryptography's
BestAvailableEncryption). Names are not unique; fingerprints are: the SHA-256
of the raw public key, shown in groups of four hex digits.

No user interface here: the caller supplies the passphrase.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from policyeditor.core.errors import PolicyError
from policyeditor.core.people import person_name

PUB_PREFIX = "policyeditor-ed25519"
KEY_FORMAT = "policyeditor-identity"
KEYRING_SERVICE = "policyeditor"
NO_KEYRING_ENV = "POLICYEDITOR_NO_KEYRING"  # set to 1 to keep keys in passphrase-protected files


class IdentityError(PolicyError):
    """An identity or key file cannot be made, read or unlocked."""


def fingerprint(raw_public: bytes) -> str:
    """The SHA-256 of a raw Ed25519 public key, as 64 hex digits."""
    return hashlib.sha256(raw_public).hexdigest()


def grouped(digest: str, groups: int = 8) -> str:
    """`ab12cd34…` → `ab12 cd34 …`: the first `groups` groups of four, enough to tell people apart."""
    return " ".join(digest[i:i + 4] for i in range(0, min(len(digest), 4 * groups), 4))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise IdentityError(f"{what} is not valid base64") from None


@dataclass(frozen=True)
class PublicIdentity:
    """Someone's name and public key: what a signature names and a reader may trust."""

    name: str
    key: bytes  # 32 raw bytes

    @property
    def key_b64(self) -> str:
        return b64(self.key)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key)

    def display(self) -> str:
        """`Ana Ruiz (ab12 cd34 …)`: a name always shown with its fingerprint."""
        return f"{self.name} ({grouped(self.fingerprint)})"

    def verify(self, signature: bytes, data: bytes) -> bool:
        """Whether `signature` is this key's Ed25519 signature of `data`."""
        try:
            Ed25519PublicKey.from_public_bytes(self.key).verify(signature, data)
        except (InvalidSignature, ValueError):
            return False
        return True

    def pub_line(self) -> str:
        return f"{PUB_PREFIX} {self.key_b64} {self.name}\n"

    @classmethod
    def from_b64(cls, name: str, key_b64: str) -> PublicIdentity:
        key = unb64(key_b64, f"the key of {name!r}")
        if len(key) != 32:
            raise IdentityError(f"the key of {name!r} is not an Ed25519 public key")
        return cls(name, key)


@dataclass(frozen=True)
class Identity:
    """An unlocked identity: it can sign."""

    name: str
    private: Ed25519PrivateKey

    @property
    def public(self) -> PublicIdentity:
        raw = self.private.public_key().public_bytes(serialization.Encoding.Raw,
                                                     serialization.PublicFormat.Raw)
        return PublicIdentity(self.name, raw)

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)


# -- key storage ------------------------------------------------------------------

def _keyring():
    """The keyring module when a usable backend exists (not the 'fail' one), else None."""
    if os.environ.get(NO_KEYRING_ENV) == "1":
        return None
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
            return None
        return keyring
    except Exception:  # a broken backend (no D-Bus, a locked store) is no backend
        return None


def keyring_available() -> bool:
    return _keyring() is not None


def pub_path(key_path: Path) -> Path:
    return key_path.with_name(key_path.name + ".pub")


def new_identity(name: str, key_path: Path, passphrase: str | None) -> Identity:
    """Make an identity: a fresh key pair, `key_path` and `key_path.pub`; never overwrites.

    The private key goes to the keyring when one is usable, else into `key_path`
    encrypted with `passphrase` (IdentityError when there is none).
    """
    if "\n" in name.strip() or "\r" in name.strip():
        raise IdentityError("a name is one line")
    name = person_name(name)  # as a name typed without a key is recorded, so the two compare alike
    if not name:
        raise IdentityError("an identity needs a name")
    key_path = Path(key_path)
    for path in (key_path, pub_path(key_path)):
        if path.exists():
            raise IdentityError(f"{path.name} already exists; choose another name")
    identity = Identity(name, Ed25519PrivateKey.generate())
    public = identity.public
    stored: dict[str, object] = {"format": KEY_FORMAT, "version": 1, "name": name, "public": public.key_b64}
    ring = _keyring()
    if ring is not None:
        raw = identity.private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                             serialization.NoEncryption())
        try:
            ring.set_password(KEYRING_SERVICE, public.fingerprint, b64(raw))
            stored["keyring"] = {"service": KEYRING_SERVICE, "entry": public.fingerprint}
        except Exception:  # the keyring refused: fall back to the file
            ring = None
    if ring is None:
        if not passphrase:
            raise IdentityError("no keyring here, so the key is kept in a file: a passphrase is needed")
        stored["private_pem"] = identity.private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(passphrase.encode("utf-8"))).decode("ascii")
    try:
        with open(key_path, "x", encoding="utf-8") as file:
            os.chmod(key_path, 0o600)
            json.dump(stored, file, indent=1)
        with open(pub_path(key_path), "x", encoding="utf-8") as file:
            file.write(public.pub_line())
    except OSError as exc:
        raise IdentityError(f"cannot write {key_path.name}: {exc.strerror or exc}") from exc
    return identity


def _read_key_file(key_path: Path) -> dict:
    try:
        stored = json.loads(Path(key_path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IdentityError(f"{Path(key_path).name}: no such key file") from None
    except (OSError, UnicodeDecodeError, ValueError):
        raise IdentityError(f"{Path(key_path).name} is not a policyeditor identity") from None
    if not isinstance(stored, dict) or stored.get("format") != KEY_FORMAT:
        raise IdentityError(f"{Path(key_path).name} is not a policyeditor identity")
    if not isinstance(stored.get("name"), str) or not isinstance(stored.get("public"), str):
        raise IdentityError(f"{Path(key_path).name} is damaged: it names no key")
    return stored


def needs_passphrase(key_path: Path) -> bool:
    """Whether unlocking `key_path` asks for a passphrase (its key is in the file, not a keyring)."""
    return "private_pem" in _read_key_file(key_path)


def public_of(key_path: Path) -> PublicIdentity:
    """The public identity a key file (KEY or KEY.pub) names, without unlocking anything."""
    key_path = Path(key_path)
    if key_path.suffix == ".pub":
        return read_pub(key_path)
    stored = _read_key_file(key_path)
    return PublicIdentity.from_b64(stored["name"], stored["public"])


def load_identity(key_path: Path, passphrase: str | None) -> Identity:
    """Unlock the identity in `key_path`; a wrong passphrase is IdentityError in one sentence."""
    key_path = Path(key_path)
    stored = _read_key_file(key_path)
    public = PublicIdentity.from_b64(stored["name"], stored["public"])
    if "keyring" in stored:
        ring = _keyring()
        entry = stored["keyring"]
        secret = None
        if ring is not None:
            try:
                secret = ring.get_password(entry.get("service", KEYRING_SERVICE), entry.get("entry", ""))
            except Exception:
                secret = None
        if secret is None:
            raise IdentityError(f"the private key of {public.display()} is not in this computer's keyring")
        private = Ed25519PrivateKey.from_private_bytes(unb64(secret, "the keyring entry"))
    elif "private_pem" in stored:
        if not passphrase:
            raise IdentityError(f"{key_path.name} is protected by a passphrase; none was given")
        try:
            private = serialization.load_pem_private_key(stored["private_pem"].encode("ascii"),
                                                         password=passphrase.encode("utf-8"))
        except (ValueError, TypeError, UnicodeEncodeError):
            raise IdentityError(f"wrong passphrase for {key_path.name}") from None
        if not isinstance(private, Ed25519PrivateKey):
            raise IdentityError(f"{key_path.name} does not hold an Ed25519 key")
    else:
        raise IdentityError(f"{key_path.name} is damaged: it holds no private key")
    identity = Identity(public.name, private)
    if identity.public.key != public.key:
        raise IdentityError(f"{key_path.name} is damaged: its private and public keys do not match")
    return identity


def read_pub(path: Path) -> PublicIdentity:
    """The public identity in a `KEY.pub` file."""
    path = Path(path)
    try:
        line = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise IdentityError(f"{path.name}: no such public key file") from None
    except (OSError, UnicodeDecodeError):
        raise IdentityError(f"{path.name} is not a policyeditor public key") from None
    prefix, _, rest = line.partition(" ")
    key_b64, _, name = rest.partition(" ")
    if prefix != PUB_PREFIX or not key_b64 or not name.strip():
        raise IdentityError(f"{path.name} is not a policyeditor public key")
    try:
        return PublicIdentity.from_b64(name.strip(), key_b64)
    except IdentityError:
        raise IdentityError(f"{path.name} is not a policyeditor public key") from None
