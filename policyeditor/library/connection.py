"""Reaching the library: a PostgreSQL connection URL in, a psycopg connection out; errors in one sentence.

The password never travels in the URL (a URL ends up in shell history and
process lists): libpq takes it from PGPASSWORD, a ~/.pgpass file or a service
file by itself, and failing those we ask the system keyring when the `keyring`
package is installed (service "policyeditor-library", user "USER@HOST:PORT/DB").
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import errors as pgerrors
from psycopg.conninfo import conninfo_to_dict

from policyeditor.core.errors import LibraryError

KEYRING_SERVICE = "policyeditor-library"
CONNECT_TIMEOUT_S = 10


def describe(url: str) -> str:
    """The URL as it can be shown: user@host:port/db, without any password."""
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the library"
    host = params.get("host") or "localhost"
    port = params.get("port") or "5432"
    user = f"{params['user']}@" if params.get("user") else ""
    return f"{user}{host}:{port}/{params.get('dbname', '')}"


def _keyring_password(url: str) -> str | None:
    try:
        import keyring  # optional: present on desktops that have a keyring
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, describe(url))
    except Exception:  # a keyring backend that is locked or absent: libpq will say what is missing
        return None


def remember_password(url: str, password: str) -> bool:
    """Keep the password of `url` in the system keyring; False when there is no keyring to keep it."""
    try:
        import keyring
    except ImportError:
        return False
    try:
        keyring.set_password(KEYRING_SERVICE, describe(url), password)
    except Exception:  # no usable backend (a server without a desktop): the caller says so
        return False
    return True


def connect(url: str, *, password: str | None = None) -> psycopg.Connection:
    """Open a connection to the library at `url` (autocommit off); LibraryError in one sentence.

    `password`, when given (typed into the window), goes to libpq beside the URL, never in it.
    """
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        raise LibraryError(
            f"'{url}' is not a PostgreSQL connection URL (postgresql://USER@HOST:PORT/DATABASE)"
        ) from None
    if params.get("password"):
        raise LibraryError(
            "the library URL must not hold the password; set PGPASSWORD, use ~/.pgpass or the keyring instead"
        )
    extra = {}
    if not password and not os.environ.get("PGPASSWORD"):
        password = _keyring_password(url)
    if password:
        extra["password"] = password
    try:
        return psycopg.connect(
            url, connect_timeout=CONNECT_TIMEOUT_S, application_name="policyeditor", **extra
        )
    except psycopg.Error as exc:
        raise LibraryError(f"cannot reach the library at {describe(url)}: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    # libpq prefixes "connection failed: connection to server at ... failed:"; keep its last part
    line = text.splitlines()[0]
    return line.rsplit("failed: ", 1)[-1].strip().rstrip(".")


def sentence(exc: psycopg.Error, where: str = "the library") -> str:
    """What a server error means to the user, in one sentence."""
    diag = getattr(exc, "diag", None)
    primary = (diag.message_primary if diag is not None else None) or _first_line(exc)
    if isinstance(exc, pgerrors.InsufficientPrivilege):
        return (
            f"{where} refused the change: you may only read this policy there "
            f"({primary}); ask its owner to share it with you as author or reviewer"
        )
    if isinstance(exc, pgerrors.UndefinedTable | pgerrors.InvalidSchemaName):
        return f"{where} is not a policy library yet; run `policyeditor library init URL` first"
    if isinstance(exc, pgerrors.RaiseException):
        return f"{where} refused the change: {primary}"
    if isinstance(exc, psycopg.OperationalError):
        return (
            f"the connection to {where} was lost ({_first_line(exc)}); nothing half-done was kept, sync again"
        )
    return f"{where} refused the change: {primary}"


@contextmanager
def library_errors(where: str = "the library") -> Iterator[None]:
    """Turn any psycopg error raised in the block into LibraryError with one sentence."""
    try:
        yield
    except psycopg.Error as exc:
        raise LibraryError(sentence(exc, where)) from exc
