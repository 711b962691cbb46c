"""A node of the heading tree an import builds before it becomes sections."""

from __future__ import annotations

from policyeditor.core.body import Block, Run
from policyeditor.core.records import dataclass, field


@dataclass
class Node:
    level: int
    heading: str
    blocks: list[Block] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    source: str = ""  # the heading as the source spelled it, for the report
    untitled: bool = False  # an empty heading that is the source's own (never takes the next line)
    notes: list[Run] = field(default_factory=list)  # its heading's notes, to open its text (`Outline.notes`)
