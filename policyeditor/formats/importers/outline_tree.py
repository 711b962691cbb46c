"""A node of the heading tree an import builds before it becomes sections."""

from __future__ import annotations

from dataclasses import dataclass, field

from policyeditor.core.body import Block


@dataclass
class Node:
    level: int
    heading: str
    blocks: list[Block] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    source: str = ""  # the heading as the source spelled it, for the report
