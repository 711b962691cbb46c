"""Transactions on a .policy connection: one write is one `BEGIN IMMEDIATE ... COMMIT`.

So a crash leaves the file as it was before or after a save, never between.
Connections are made in autocommit mode (see open.py), so every transaction
is begun here, explicitly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def writing(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: committed on success, rolled back on any exception.

    Inside one already, it joins it (trust, issue 14: a signature is written in the
    transaction of the step it signs, which the store's own method begins).
    """
    if getattr(conn, "writing", False):
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    conn.writing = True  # a GuardedConnection (store/defences.py) takes the mark
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # SQLite has already rolled back after e.g. a full disk
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.writing = False
    conn.execute("COMMIT")


@contextmanager
def reading(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One read transaction, so several SELECTs see the same commit.

    Without it another process could commit between them, e.g. a draft save
    dropping the texts of the draft row just read, and a healthy file would
    read as damaged. Inside a transaction already, it adds nothing.
    """
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")
