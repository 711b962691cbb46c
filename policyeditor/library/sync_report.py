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
    not_sent: list[str] = field(default_factory=list)  # kinds of change the user may not send
    refused: list[str] = field(default_factory=list)  # what the library holds that the copy refused
    kept: list[str] = field(default_factory=list)  # what the copy holds that the library would refuse

    @property
    def rows_sent(self) -> int:
        return sum(self.sent.values())

    def summary(self) -> str:
        def part(counts: dict[str, int]) -> str:
            return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "nothing"

        text = f"'{self.title}': sent {part(self.sent)}; received {part(self.received)}; draft {self.draft}"
        if self.conflicts:
            text += f"; {len(self.conflicts)} conflict(s) to settle in the window"
        for problem in self.refused:
            text += f"; refused: {problem}"
        for problem in self.kept:
            text += f"; kept back: {problem}"
        return text
