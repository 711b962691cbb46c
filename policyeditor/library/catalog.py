"""The library's list of policies: title, status, owner, versions and when each is due for review.

Each policy has an owner (who first sent it, or whom the owner named) and a
review date: a year after it was added, and `review_months` (12 unless its
owner chose otherwise) after each version that is approved or published.
Row-level security makes every list show only the policies shared with the user.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

import psycopg

from policyeditor.core.errors import LibraryError
from policyeditor.library.connection import library_errors

DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class Entry:
    """One policy as the library lists it."""

    id: str
    title: str
    status: str  # the status of its newest version ('draft' when it has none)
    owner: str
    versions: int
    latest: str | None  # the newest version's label
    review_due: date
    review_months: int

    def to_data(self) -> dict[str, object]:
        data = asdict(self)
        data["review_due"] = self.review_due.isoformat()
        return data


_LIST = """
    SELECT p.id, p.title, coalesce(latest.status, 'draft'), p.owner,
           (SELECT count(*) FROM versions v WHERE v.policy_id = p.id), latest.label,
           p.review_due, p.review_months
    FROM policies p
    LEFT JOIN LATERAL (SELECT status, label FROM versions v WHERE v.policy_id = p.id
                       ORDER BY seq DESC LIMIT 1) latest ON true
"""


def list_policies(conn: psycopg.Connection, *, search: str = "") -> list[Entry]:
    """The policies the user may see, by title; those whose title contains `search` when given."""
    with library_errors():
        rows = conn.execute(
            _LIST + " WHERE p.title ILIKE %s ORDER BY lower(p.title), p.id", (f"%{search}%",)
        ).fetchall()
        conn.rollback()
    return [Entry(*row) for row in rows]


def due(conn: psycopg.Connection, *, days: int = DUE_SOON_DAYS, today: date | None = None) -> list[Entry]:
    """Policies due for review within `days` (overdue ones included), soonest first."""
    with library_errors():
        rows = conn.execute(
            _LIST + " WHERE p.review_due <= coalesce(%s::date, current_date) + %s::integer "
            "ORDER BY p.review_due, lower(p.title)",
            (today, days),
        ).fetchall()
        conn.rollback()
    return [Entry(*row) for row in rows]


def find(conn: psycopg.Connection, policy: str) -> Entry:
    """The policy whose id or title (ignoring case) is `policy`; LibraryError if none or many."""
    entries = list_policies(conn)
    by_id = [e for e in entries if e.id == policy]
    if by_id:
        return by_id[0]
    by_title = [e for e in entries if e.title.casefold() == policy.strip().casefold()]
    if len(by_title) == 1:
        return by_title[0]
    if by_title:
        raise LibraryError(
            f"{len(by_title)} policies are titled '{policy}'; name one by its id: "
            + ", ".join(e.id for e in by_title)
        )
    raise LibraryError(f"the library has no policy '{policy}' that you may see")


def set_review(
    conn: psycopg.Connection,
    policy_id: str,
    *,
    due_on: date | None = None,
    months: int | None = None,
    owner: str | None = None,
) -> None:
    """Change a policy's review date, review cycle or owner, in one transaction.

    The server decides who may (column privileges and row-level security: owners and
    authors all three, reviewers the date); a row it hides or refuses is one sentence.
    """
    if months is not None and not 1 <= months <= 120:
        raise LibraryError(f"a review cycle of {months} months is not one: give 1 to 120 months")
    with library_errors():
        for column, value in (("review_months", months), ("review_due", due_on), ("owner", owner)):
            if value is None:
                continue
            changed = conn.execute(f"UPDATE policies SET {column} = %s WHERE id = %s",
                                   (value, policy_id)).rowcount
            if not changed:
                conn.rollback()
                raise LibraryError("your library role in this policy may not change its review or owner")
        conn.commit()
