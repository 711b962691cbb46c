"""A policy's roster: who owns it, who may write, review and approve it, and its approval rules.

The roster is not a table one can edit: it is the replay of signed roster
records (kind `roster` in the signatures table, each with its audit entry).
The first record makes its signer the owner; every later one must be signed by
the owner, carry the next sequence number and the digest of the record before,
so a record removed, reordered or made by anyone else is found and not applied.
The rules a record sets (`approvals_needed`, `no_self_approval`,
`resolved_before_approval`) are what `workflow.rules` then uses: a plain edit
of the file's meta cannot turn them off.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from policyeditor.core.errors import WorkflowError
from policyeditor.review import signing
from policyeditor.review.identity import Identity, PublicIdentity
from policyeditor.store import reviews
from policyeditor.store.policyfile import PolicyFile

ROLES = ("owner", "author", "reviewer", "approver")
ACTIONS = ("create", "add", "remove", "rules")


class RosterError(WorkflowError):
    """A roster change its signer may not make."""


@dataclass(frozen=True)
class Roster:
    """The roster at one point of the record: members' roles by key, the rules, the head digest."""

    owner: PublicIdentity | None = None
    roles: dict[str, frozenset[str]] = field(default_factory=dict)  # key (base64) -> roles
    names: dict[str, PublicIdentity] = field(default_factory=dict)  # key (base64) -> identity
    rules: dict[str, Any] | None = None
    head: str | None = None  # digest of the last record applied
    seq: int = 0

    @property
    def exists(self) -> bool:
        return self.owner is not None

    def has(self, key_b64: str, *roles: str) -> bool:
        """Whether the key holds any of `roles` (the owner holds every role)."""
        if self.owner is not None and self.owner.key_b64 == key_b64:
            return True
        return bool(self.roles.get(key_b64, frozenset()) & set(roles))

    def members(self) -> list[tuple[PublicIdentity, frozenset[str]]]:
        listed = [(self.owner, frozenset({"owner"}))] if self.owner else []
        return listed + [(self.names[key], roles) for key, roles in self.roles.items() if roles]


@dataclass(frozen=True)
class History:
    """The roster after each valid record, and what was wrong with the records that were not."""

    states: list[tuple[int, Roster]]  # (signature id, roster after it), oldest first
    problems: list[str]

    @property
    def current(self) -> Roster:
        return self.states[-1][1] if self.states else Roster()

    def named(self, head: object) -> Roster | None:
        """The roster whose head is `head` (a record's `roster`), or None when this history has none."""
        for _, state in self.states:
            if state.head == head:
                return state
        return None

    def at(self, signature_id: int) -> Roster:
        """The roster in force when signature `signature_id` was made (records before it)."""
        roster = Roster()
        for sid, state in self.states:
            if sid >= signature_id:
                break
            roster = state
        return roster


def step_role(record: dict[str, Any]) -> str:
    """The role a signed step needs: an author moves a version to draft or into review, an approver
    approves, publishes and supersedes (as Workflow asks)."""
    if record.get("kind") == "status" and record.get("to") in ("draft", "in_review"):
        return "author"
    return "approver"


def with_article(role: str) -> str:
    """'an approver', 'an author': a role as a sentence names it."""
    return f"{'an' if role[0] in 'aeiou' else 'a'} {role}"


def step_problem(signed: signing.Signed, history: History, unnamed: Roster) -> str | None:
    """Why the roster does not let the signed approval or status change `signed` stand, or None.

    The one rule, which the library's triggers hold too (library/schema.py, schemas 6 and 7): its
    signer held the role the step needs on the roster at the head its record names (`roster`),
    wherever the roster went since. A record naming no head (made before status records named one,
    or when the policy had no roster) is held to `unnamed`, the roster when it was taken in: none,
    no rule. Merge review from… (review/merge.py) holds it through `step_refusal`.
    """
    why = step_refusal(signed, history, unnamed)
    return None if why is None else f"{step_name(signed)} {why}"


def step_name(signed: signing.Signed) -> str:
    """'the approval of version 1.0 by NAME (fingerprint)', or 'the move of version 1.0 to draft by …'."""
    record = signed.record
    what = (f"the approval of version {record.get('label')}" if signed.kind == "approval"
            else f"the move of version {record.get('label')} to {record.get('to')}")
    return f"{what} by {signed.signer.display()}"


def step_refusal(signed: signing.Signed, history: History, unnamed: Roster,
                 holder: str = "this copy") -> str | None:
    """`step_problem`'s rule, saying only why ('names a roster `holder` does not hold', ...), or None."""
    head = signed.record.get("roster")
    roster = unnamed if head is None else history.named(head)
    if roster is None:
        return f"names a roster {holder} does not hold"
    role = step_role(signed.record)
    if roster.exists and not roster.has(signed.signer.key_b64, role):
        return f"was signed by someone who was not {with_article(role)} on the roster it was made under"
    return None


def history(pf: PolicyFile) -> History:
    """Replay the file's roster records, checking each one's signature, order and signer."""
    roster, states, problems = Roster(), [], []
    for signed in signing.read(pf, "roster"):
        after = follow(roster, signed)
        if isinstance(after, str):
            problems.append(after)
            continue
        roster = after
        states.append((signed.id, roster))
    return History(states, problems)


def follow(roster: Roster, signed: signing.Signed) -> Roster | str:
    """The roster after the signed record `signed`, or why it cannot follow `roster` (one sentence)."""
    record, who = signed.record, signed.signer.display()
    what = f"roster change {record.get('seq', '?')} by {who}"
    if not signed.valid:
        return signed.problem
    if record.get("seq") != roster.seq + 1 or record.get("prev") != roster.head:
        return f"{what} does not follow the roster change before it: one was removed or reordered"
    action = record.get("action")
    if action == "create":
        if roster.exists:
            return f"{what} tries to start the roster again"
    elif not roster.exists:
        return f"{what} comes before the roster was started"
    elif roster.owner is None or signed.signer.key != roster.owner.key:
        return (f"{what} was signed by someone who is not the owner"
                f"{'' if roster.owner is None else ', ' + roster.owner.display()}")
    try:
        after = _apply(roster, record, signed.signer)
    except (KeyError, TypeError, ValueError, RosterError):
        return f"{what} is damaged: it does not say what it changes"
    return replace(after, head=signed.digest, seq=roster.seq + 1)


def current(pf: PolicyFile) -> Roster:
    """The roster in force now (empty when the policy has none)."""
    return history(pf).current


def _apply(roster: Roster, record: dict[str, Any], signer: PublicIdentity) -> Roster:
    action = record["action"]
    if action == "create":
        if record["key"] != signer.key_b64 or record["role"] != "owner":
            raise RosterError("the first roster record makes its signer the owner")
        return replace(roster, owner=signer)
    if action == "rules":
        rules = dict(record["rules"])
        if not isinstance(rules.get("approvals_needed", 1), int):
            raise ValueError("approvals_needed")
        return replace(roster, rules=rules)
    role, member = record["role"], PublicIdentity.from_b64(record["name"], record["key"])
    if role not in ROLES[1:]:
        raise ValueError(role)
    roles = dict(roster.roles)
    have = roles.get(member.key_b64, frozenset())
    roles[member.key_b64] = have | {role} if action == "add" else have - {role}
    names = {**roster.names, member.key_b64: member}
    return replace(roster, roles=roles, names=names)


def change(pf: PolicyFile, owner: Identity, action: str, *, role: str | None = None,
           member: PublicIdentity | None = None, rules: dict[str, Any] | None = None) -> Roster:
    """Make one signed roster change as `owner`; the first change of a policy makes them its owner.

    RosterError when `owner` is not the roster's owner, or the change makes no sense.
    """
    if action not in ACTIONS[1:]:
        raise RosterError(f"unknown roster change {action!r}")
    if action in ("add", "remove") and (member is None or role not in ROLES[1:]):
        raise RosterError(f"a role is one of {', '.join(ROLES[1:])}")
    with pf.transaction():
        found = history(pf)
        roster = found.current
        if found.problems:
            raise RosterError(f"the roster of {pf.path.name} is damaged ({found.problems[0]}); "
                              "it cannot be changed")
        if not roster.exists:
            roster = _sign(pf, owner, roster, {"action": "create", "role": "owner",
                                              "key": owner.public.key_b64, "name": owner.name})
        elif roster.owner is None or roster.owner.key != owner.public.key:
            raise RosterError(f"only the roster's owner, {roster.owner.display()}, may change it; "
                              f"{owner.public.display()} may not")
        if action == "rules":
            body: dict[str, Any] = {"action": "rules", "rules": dict(rules or {})}
        else:
            assert member is not None
            body = {"action": action, "role": role, "key": member.key_b64, "name": member.name}
        return _sign(pf, owner, roster, body)


def member(roster: Roster, wanted: str) -> PublicIdentity:
    """The member `wanted` names: their name as the roster has it (in any case), or the start of their
    fingerprint (8 characters or more). RosterError when none or several are."""
    text = " ".join(wanted.split())
    digits = "".join(text.split()).lower()
    listed = [who for who, _ in roster.members()]
    found = [m for m in listed if m.name.casefold() == text.casefold()
             or (len(digits) >= 8 and m.fingerprint.startswith(digits))]
    if not found:
        raise RosterError(f"no one on the roster is named {text!r}")
    if len(found) > 1:
        raise RosterError(f"{len(found)} people on the roster are named {text!r}: name the one by their "
                          "KEY.pub or fingerprint")
    return found[0]


def remove(pf: PolicyFile, owner: Identity, member: PublicIdentity, role: str | None = None) -> list[str]:
    """Take `role` (None: every role they hold) from `member`, as `owner`: one signed record a role, in one
    transaction. The roles taken; RosterError when they hold none of them, or are the owner."""
    with pf.transaction():
        roster = current(pf)
        if roster.owner is not None and roster.owner.key == member.key:
            raise RosterError(f"{member.display()} owns the roster of {pf.path.name} and cannot be removed")
        held = roster.roles.get(member.key_b64, frozenset())
        if role is None and not held:
            raise RosterError(f"{member.display()} is not on the roster of {pf.path.name}")
        if role is not None and role not in held:
            raise RosterError(f"{member.display()} is not {with_article(role)} of {pf.path.name}")
        taken = sorted(held) if role is None else [role]
        for each in taken:
            change(pf, owner, "remove", role=each, member=member)
    return taken


def _sign(pf: PolicyFile, owner: Identity, roster: Roster, body: dict[str, Any]) -> Roster:
    record = {"kind": "roster", "policy": reviews.policy_id(pf), "seq": roster.seq + 1, "prev": roster.head,
              "by": owner.public.key_b64, "by_name": owner.name, **body}
    signing.sign(pf, owner, f"roster:{roster.seq + 1}", record)
    return current(pf)
