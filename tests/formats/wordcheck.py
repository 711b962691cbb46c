"""How many of a source's words an imported policy keeps, in order: the corpus yardstick in one place.

The source side follows `tests/data/tools/words_kept.py` (its `source_text` rules);
the policy side is the title, then every heading and body's plain text in document
order. Words are `[^\\W_]+` runs, compared case-sensitively with difflib.
"""

from __future__ import annotations

import difflib
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

from policyeditor.core import body
from policyeditor.core.dates import date_lines
from policyeditor.core.model import Policy
from policyeditor.core.numbering import numbers

TOOLS = Path(__file__).resolve().parents[1] / "data" / "tools"
WORD = re.compile(r"[^\W_]+")


def _words_kept_module():
    spec = importlib.util.spec_from_file_location("words_kept", TOOLS / "words_kept.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_WORDS_KEPT = _words_kept_module()


def policy_text(policy: Policy, typed_numbers: bool = True) -> str:
    """Title and dates, then each section's number, heading and plain body, in document order.

    As exports show it; `typed_numbers` False leaves out the section numbers, as a DOCX
    holds them (Word's own numbering, not text).
    """
    parts = [" ".join([policy.title, *date_lines(policy)])]
    number = numbers(policy)
    for section, _ in policy.walk():
        parts.append(f"{number[section.id] if typed_numbers else ''} {section.heading}")
        parts.append(body.plain_text(section.body))
    return "\n".join(parts)


@dataclass
class Kept:
    share: float  # percent of source words found in order
    source_words: int
    lost: list[str]  # a few lost stretches, for the failure message

    def __str__(self) -> str:
        lost = f"; lost e.g. {' | '.join(self.lost[:3])}" if self.lost else ""
        return f"{self.share:.2f}% of {self.source_words} words kept{lost}"


def words_kept(source: Path, policy: Policy) -> Kept:
    """The share of the source's words the policy keeps in order."""
    src = WORD.findall(_WORDS_KEPT.source_text(str(source)))
    out = WORD.findall(policy_text(policy))
    matcher = difflib.SequenceMatcher(None, src, out, autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    lost = [" ".join(src[i1:i2])[:60] for tag, i1, i2, _, _ in matcher.get_opcodes()
            if tag in ("delete", "replace")]
    return Kept(100.0 * kept / max(1, len(src)), len(src), lost)
