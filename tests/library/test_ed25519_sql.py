"""The server's Ed25519 verification (PL/pgSQL, library/ed25519.py) agrees with the `cryptography` library."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from policyeditor.library import ed25519

VECTORS = json.loads((Path(__file__).parents[1] / "data" / "ed25519_vectors.json").read_text())


@pytest.fixture
def sql(library):
    """verify(public key, message, signature) as the library's server answers it."""
    with library.admin() as conn:
        def verify(pub: bytes, msg: bytes, sig: bytes) -> bool:
            return conn.execute("SELECT library_ed25519_verify(%s, %s, %s)", (pub, msg, sig)).fetchone()[0]
        yield verify


def reference(pub: bytes, msg: bytes, sig: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(pub).verify(sig, msg)
    except (InvalidSignature, ValueError):
        return False
    return True


def raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_the_published_vectors(sql, vector):
    """RFC 8032 section 7.1 tests 1, 2, 3 and 1024, and BoringSSL's S just under and just above L."""
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(vector["secret"]))
    pub, msg, sig = (bytes.fromhex(vector[k]) for k in ("public", "message", "signature"))
    assert raw_public(key) == pub  # the vector is copied right: the reference derives the same key
    assert reference(pub, msg, sig) is vector["valid"]
    assert sql(pub, msg, sig) is vector["valid"]
    if vector["valid"]:
        assert key.sign(msg) == sig
        assert sql(pub, msg + b"\0", sig) is False


def _corruptions(rng: random.Random, pub: bytes, msg: bytes, sig: bytes):
    def flip(data: bytes) -> bytes:
        at = rng.randrange(len(data) * 8)
        return data[: at // 8] + bytes([data[at // 8] ^ (1 << (at % 8))]) + data[at // 8 + 1:]

    s = int.from_bytes(sig[32:], "little")
    yield "valid", pub, msg, sig
    yield "one bit of R", pub, msg, flip(sig[:32]) + sig[32:]
    yield "one bit of S", pub, msg, sig[:32] + flip(sig[32:])
    yield "S + L (non-canonical)", pub, msg, sig[:32] + (s + ed25519.L).to_bytes(32, "little")
    yield "one bit of the key", flip(pub), msg, sig
    yield "one bit of the message", pub, flip(msg) if msg else b"\0", sig
    yield "another key", raw_public(Ed25519PrivateKey.generate()), msg, sig
    yield "short signature", pub, msg, sig[:63]
    yield "zeros", pub, msg, bytes(64)


def test_it_agrees_with_cryptography_on_signatures_and_their_corruptions(sql):
    rng = random.Random(8032)
    cases = 0
    for size in (0, 1, 31, 64, 200, 1000):
        key = Ed25519PrivateKey.generate()
        msg = rng.randbytes(size)
        for what, pub, m, sig in _corruptions(rng, raw_public(key), msg, key.sign(msg)):
            expected = reference(pub, m, sig)
            assert sql(pub, m, sig) is expected, f"{what} (message of {size} bytes)"
            assert expected is (what == "valid")
            cases += 1
    assert cases == 54


def test_keys_that_are_not_points_of_the_curve_are_refused(sql):
    """RFC 8032's strict decoding of the key (5.1.3), where OpenSSL is lenient: y at or above p, and
    "-0" (x = 0 with the sign bit set), are refused here though OpenSSL takes them; and a y whose
    x^2 has no square root is refused by both."""
    identity = (1).to_bytes(32, "little")
    trivial = identity + bytes(32)  # R = the identity, S = 0: holds for the identity as key, whatever k
    assert sql(identity, b"m", trivial) is reference(identity, b"m", trivial) is True
    for y in (ed25519.P + 1, 1 | 1 << 255):
        lenient = y.to_bytes(32, "little")
        assert reference(lenient, b"m", trivial) is True and sql(lenient, b"m", trivial) is False
    p, d = ed25519.P, ed25519.D
    y = next(y for y in range(2, 100)
             if pow((y * y - 1) * pow(d * y * y + 1, p - 2, p) % p, (p - 1) // 2, p) == p - 1)
    key = Ed25519PrivateKey.generate()
    sig = key.sign(b"m")
    assert sql(y.to_bytes(32, "little"), b"m", sig) is reference(y.to_bytes(32, "little"), b"m", sig) is False
