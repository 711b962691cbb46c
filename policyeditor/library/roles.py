"""Who may do what in the library: users in group roles, and policies shared with them.

Two things decide what a user can do with a policy. Their group role
(`library_owner`, `library_author`, `library_reviewer`, `library_reader`,
granted by an administrator with `add_user`) gives the table privileges: a
reader can only SELECT. Their membership of the policy (`share`, done by the
policy's owner) gives row-level security access: a policy not shared with a
user is invisible to them, and their member role says what they may write in
it (see `schema.WRITERS`). Whoever first sends a policy becomes its owner.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from policyeditor.core.errors import LibraryError
from policyeditor.library.connection import library_errors
from policyeditor.library.schema import GROUP_ROLES, ROLES


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise LibraryError(f"'{role}' is not a library role; use one of {', '.join(ROLES)}")


def add_user(conn: psycopg.Connection, name: str, role: str, *, password: str | None = None) -> None:
    """Make `name` a login role in the group role of `role`, in one transaction (administrators only).

    An existing role is only added to the group. The password, when given, is
    sent over the connection (never a command line) and stored hashed by the server.
    """
    _check_role(role)
    with library_errors():
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
        if password is not None:
            conn.execute(
                sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(name), sql.Literal(password))
            )
        conn.execute(
            sql.SQL("GRANT {} TO {}").format(sql.Identifier(GROUP_ROLES[role]), sql.Identifier(name))
        )
        conn.commit()


def share(conn: psycopg.Connection, policy_id: str, member: str, role: str) -> None:
    """Give `member` the role `role` in the policy `policy_id` (its owner only), in one transaction."""
    _check_role(role)
    with library_errors():
        conn.execute(
            "INSERT INTO members (policy_id, member, role) VALUES (%s, %s, %s) "
            "ON CONFLICT (policy_id, member) DO UPDATE SET role = excluded.role",
            (policy_id, member, role),
        )
        conn.commit()


def unshare(conn: psycopg.Connection, policy_id: str, member: str) -> bool:
    """Take the policy away from `member` (its owner only); whether it was theirs to lose."""
    with library_errors():
        gone = conn.execute("DELETE FROM members WHERE policy_id = %s AND member = %s",
                            (policy_id, member)).rowcount
        conn.commit()
    return bool(gone)


def role_in(conn: psycopg.Connection, policy_id: str) -> str | None:
    """The connected user's role in the policy, or None when it is not shared with them."""
    with library_errors():
        return conn.execute("SELECT library_role_of(%s)", (policy_id,)).fetchone()[0]
