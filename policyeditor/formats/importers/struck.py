"""Struck-through words, as the HTML, Markdown and Word importers read them.

A policy's text has no strikethrough (in a redline struck words are deleted ones, so a kept
strike would read as a deletion): the words are kept plain, and each struck passage is named
by its words and the heading it is under, in the import report and in `policy.unkept`, so
compare and export name it too (core.unkept): a strike added or removed is never "no changes"
in silence, nor a note that says no more than "1 strikethrough".
"""

from __future__ import annotations

from policyeditor.core.body import plain_text
from policyeditor.core.model import Policy
from policyeditor.core.unkept import STRIKETHROUGH, passage, struck_passage
from policyeditor.formats.importers.result import Note

NAMED = 10  # passages named one by one; any beyond are counted as "strikethrough"


class Struck:
    """An import's struck-through passages: each one's words and the heading before it."""

    def __init__(self) -> None:
        self.passages: list[list[str]] = []  # [words, heading]

    def begin(self, heading: str) -> None:
        """A struck passage begins, under `heading` (the last one read; '' before any)."""
        self.passages.append(["", heading])

    def words(self, text: str) -> None:
        """Words of the passage begun last."""
        if self.passages:
            self.passages[-1][0] += text

    def kept(self) -> list[tuple[str, str]]:
        """The passages with words (an empty <s></s> strikes nothing)."""
        return [(words, heading) for words, heading in self.passages if words.strip()]

    def unkept(self) -> dict[str, int]:
        """For `policy.unkept`: the first `NAMED` passages by name, the rest counted together."""
        out: dict[str, int] = {}
        for k, (words, heading) in enumerate(self.kept()):
            name = struck_passage(words, heading) if k < NAMED else STRIKETHROUGH
            out[name] = out.get(name, 0) + 1
        return out

    def line(self) -> str:
        """The report's line, naming the passages; '' when there were none."""
        kept = self.kept()
        if not kept:
            return ""
        named = [passage(words, heading) for words, heading in kept[:NAMED]]
        more = f" and {len(kept) - NAMED} more" if len(kept) > NAMED else ""
        return (f"{len(kept)} struck-through passage{'s' if len(kept) != 1 else ''} kept as plain text "
                f"(a policy cannot strike words through): {'; '.join(named)}{more}")

    def place(self, policy: Policy, report: list[str]) -> None:
        """The report's line (`line`, in `report` already) placed on the first struck passage, so
        the window's import notes go to it: the first section, in reading order, under the
        passage's heading if one is, whose text holds the passage's words."""
        line = self.line()
        if not line or line not in report:
            return
        words, heading = self.kept()[0]
        words = " ".join(words.split())
        sections = [section for section, _ in policy.walk()]
        under = [s for s in sections if heading and s.heading.strip().endswith(" ".join(heading.split()))]
        for section in [*under, *sections]:  # the heading may have lost its typed number
            at = plain_text(section.body).find(words)
            if at >= 0:
                report[report.index(line)] = Note(line, section.id, at, len(words))
                return
