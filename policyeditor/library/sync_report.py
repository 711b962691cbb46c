"""What one sync did, as the window and the command line show it."""

from __future__ import annotations

from dataclasses import dataclass, field

from policyeditor.library import merge3


@dataclass
class SyncReport:
    """What one sync did: rows sent to and received from the library, the draft, conflicts."""

    policy_id: str
    title: str
    role: str
    revision: int = 0
    sent: dict[str, int] = field(default_factory=dict)
    received: dict[str, int] = field(default_factory=dict)
    draft: str = "same"  # same | sent | received | merged | conflict | kept (not sent: read only)
    conflicts: list[merge3.Conflict] = field(default_factory=list)
    conflict_names: dict[tuple[str, str], str] = field(default_factory=dict)  # key -> "§5 USE OF COOKIES"
    not_sent: list[str] = field(default_factory=list)  # kinds of change the user may not send
    refused: list[str] = field(default_factory=list)  # what the library holds that the copy refused
    kept: list[str] = field(default_factory=list)  # what the copy holds that the library would refuse
    unsigned: bool = False  # the policy has no roster, here or in the library: its approvals carry no key

    def unsigned_note(self) -> str:
        """Why a policy shared with no roster should have one ('' when it has one)."""
        if not self.unsigned:
            return ""
        return ("this policy has no roster, so its approvals are not signed and nobody can check who "
                "made them; its owner sets one up: policyeditor roster add FILE KEY.pub --role approver "
                "--identity OWNER_KEY")

    def conflict_lines(self) -> list[str]:
        """One line per conflict: the section by number and heading, and what each side did."""
        return [f"{self.conflict_names.get(c.key) or merge3.name_of(c)}: {merge3.what_clashed(c)}"
                for c in self.conflicts]

    @property
    def rows_sent(self) -> int:
        return sum(self.sent.values())

    def summary(self) -> str:
        def part(counts: dict[str, int]) -> str:
            return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "nothing"

        text = f"'{self.title}': sent {part(self.sent)}; received {part(self.received)}; draft {self.draft}"
        if self.conflicts:
            text += f"; {len(self.conflicts)} conflict(s) to settle: the draft is not sent until they are"
        for problem in self.refused:
            text += f"; refused: {problem}"
        for problem in self.kept:
            text += f"; kept back: {problem}"
        return text
