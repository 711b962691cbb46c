"""A section tree from headings with a level and the blocks under them: `Outline`.

Every importer hands its headings and body blocks here; the tree leaves as the
policy's sections, with the policy's own numbering learned from the typed heading
numbers and its date lines lifted into properties.
"""

from __future__ import annotations

from collections.abc import Iterable

from policyeditor.core import body
from policyeditor.core.body import Block, ListBlock, Paragraph, Run, normalize_runs
from policyeditor.core.dates import date_line, lift_dates
from policyeditor.core.model import Policy, Section, new_id
from policyeditor.core.numbering import apply_learned
from policyeditor.formats.importers.inferred_headings import infer_headings
from policyeditor.formats.importers.line_shape import collapse, heading_like
from policyeditor.formats.importers.outline_tree import Node
from policyeditor.formats.importers.result import Note


class Outline:
    """Headings with a level (1 = top) and the blocks under them, made into a section tree.

    Blocks before the first heading go to a first section with an empty heading.
    A heading deeper than the one before it by more than a level (H2 then H4) nests
    under the nearest shallower heading; the shallowest level used becomes the top.
    """

    def __init__(self) -> None:
        self._root = Node(0, "")
        self._stack: list[Node] = [self._root]
        self._preface = Node(1, "")
        self.adopted = 0  # empty headings that took the short line after them
        self._inferred = False  # inference runs once, on the finished tree
        self._anchors: dict[str, Node] = {}  # a source's anchor (a Word bookmark) -> the node holding it
        self.anchors: dict[str, str] = {}  # once sections are made: each anchor -> its section's id
        self._heading_notes = {"fn": 0, "en": 0}  # notes on headings, by kind (`notes`)

    def heading(self, level: int, text: str, *, untitled: bool = False,
                notes: Iterable[tuple[Run, ...]] = ()) -> None:
        """A heading at `level`; `untitled` when an empty one is meant so (an untitled section's);
        `notes` the notes it held (see `notes`)."""
        text = collapse(text).strip()
        node = Node(level, text, source=text, untitled=untitled and not text)
        while len(self._stack) > 1 and self._stack[-1].level >= level:
            self._stack.pop()
        self._stack[-1].children.append(node)
        self._stack.append(node)
        self.notes(notes)

    @property
    def last_heading(self) -> str:
        """The words of the heading given last ('' before any): where the text read now stands."""
        return self._stack[-1].source if len(self._stack) > 1 else ""

    def notes(self, notes: Iterable[tuple[Run, ...]]) -> None:
        """The notes of the heading or title just given, each its runs. A heading is plain text, so
        they open its section's text: before the first paragraph's first word, or a paragraph of
        their own (the report names them)."""
        target = self._stack[-1] if len(self._stack) > 1 else self._preface
        for note in notes:
            if not note:
                continue
            if target.notes:
                target.notes.append(Run(" "))  # two notes side by side stay two
            target.notes.extend(note)
            self._heading_notes[note[0].note] += 1

    def anchor(self, names: list[str]) -> None:
        """The source's anchors `names` are in the heading or text just given: a link to one goes
        to the section they end up in."""
        target = self._stack[-1] if len(self._stack) > 1 else self._preface
        for name in names:
            self._anchors.setdefault(name, target)

    def take_title(self) -> str:
        """When exactly one heading is at level 1, make it the title and return its text ('' otherwise).

        Its body joins the first (untitled) section and its sub-sections move up a level. After
        text, one without sub-sections is a section ("This agreement is made ...", then
        "# Definitions"): as the title it would print above that text. One with sub-sections
        heads the document still after one paragraph (a web page's notice above its title), not
        after more (a contract's clauses, then "List of abbreviations" with its parts).
        """
        tops = [n for n in self._root.children if n.level == 1]
        before = sum(map(_is_text, self._preface.blocks))
        if len(tops) != 1 or any(n.level < 1 for n in self._root.children) \
                or before > (1 if tops[0].children else 0):
            return ""
        node = tops[0]
        index = self._root.children.index(node)
        self._root.children[index:index + 1] = node.children
        self._preface.blocks.extend(_with_notes(node))
        for name, held in self._anchors.items():
            if held is node:
                self._anchors[name] = self._preface
        return node.heading

    def add(self, blocks: list[Block]) -> None:
        if not blocks:
            return
        target = self._stack[-1] if len(self._stack) > 1 else self._preface
        if target is not self._preface and not target.heading and not target.untitled \
                and not target.blocks and not target.children and isinstance(blocks[0], Paragraph):
            # an empty heading (a picture or blank line in the source) followed by a short
            # line: that line is what the reader takes for the heading
            line = "".join(r.text for r in blocks[0].runs)
            if line.strip() and heading_like(line):
                target.heading = target.source = collapse(line).strip()
                self.adopted += 1
                blocks = blocks[1:]
        target.blocks.extend(blocks)

    def sections(self, report: list[str]) -> list[Section]:
        """The section tree; empty sections are kept and reported.

        When fewer than `INFER_BELOW` real headings stand below the title, the lines
        that read as headings are made headings first (see `infer_headings`).
        """
        if not self._inferred:
            self._inferred = True
            infer_headings(self._root, self._preface, report)
        if self.adopted:
            report.append(f"{self.adopted} empty heading(s) took the short line that follows them "
                          "as their text")
        if line := _notes_line(self._heading_notes):
            report.append(line)
        tops = list(self._root.children)
        if self._preface.blocks or self._preface.notes:
            tops.insert(0, self._preface)
        ids, self.anchors = self._placed(tops)
        return [_section(node, report, ids) for node in tops]

    def _placed(self, tops: list[Node]) -> tuple[dict[int, str], dict[str, str]]:
        """Section ids chosen for the nodes that hold anchors, and each anchor's section id; an
        anchor in a node that becomes no section is left out (a link to it goes nowhere)."""
        if not self._anchors:
            return {}, {}
        kept = {id(n) for n in tops}
        work = list(tops)
        while work:
            node = work.pop()
            kept.update(id(c) for c in node.children)
            work.extend(node.children)
        ids: dict[int, str] = {}
        placed: dict[str, str] = {}
        for name, node in self._anchors.items():
            if id(node) in kept:
                placed[name] = ids.setdefault(id(node), new_id())
        return ids, placed

    def policy(self, title: str, report: list[str]) -> Policy:
        policy = Policy(title=collapse(title).strip(), sections=self.sections(report))
        policy.anchors = dict(self.anchors)
        _strip_derived_numbers(policy, report)
        return policy


def _is_text(block: Block) -> bool:
    """A block a reader reads as the document's text: not a picture alone, nor a date line (which
    becomes a property of the policy and prints in its title block)."""
    plain = " ".join(body.blocks_plain([block])).strip()
    return any(map(str.isalnum, plain)) and date_line(plain) is None


def _with_notes(node: Node) -> list[Block]:
    """The node's blocks with its heading's notes opening them (`Outline.notes`)."""
    notes, node.notes = node.notes, []
    if not notes:
        return node.blocks
    first = node.blocks[0] if node.blocks else None
    if not isinstance(first, Paragraph):  # no text, or a list or table first: a paragraph of their own
        return [Paragraph(normalize_runs(notes)), *node.blocks]
    apart = [Run(" ")] if first.runs and first.runs[0].note else []
    return [Paragraph(normalize_runs([*notes, *apart, *first.runs])), *node.blocks[1:]]


def _notes_line(counts: dict[str, int]) -> str:
    """"1 footnote on a heading kept at the start of its section's text"; '' when none."""
    parts = [f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in (("footnote", counts["fn"]),
                                                                 ("endnote", counts["en"])) if n]
    if not parts:
        return ""
    if counts["fn"] + counts["en"] == 1:
        return f"{parts[0]} on a heading kept at the start of its section's text"
    return f"{' and '.join(parts)} on headings kept at the start of their sections' text"


def _strip_derived_numbers(policy: Policy, report: list[str]) -> None:
    """Learn the policy's own numbering from its typed heading numbers, and its date lines.

    A date or status line ("Last Updated: May 22, 2024") becomes a property of the
    policy (core.dates). A typed number that follows the learned style is absorbed
    ("3. Sharing" becomes "Sharing", printed as "3."), and where markup levels and
    numbers disagree the numbers place the section (core.numbering.learn). Numbers
    that follow no scheme stay in the headings, and their levels print none.
    """
    lifted = lift_dates(policy)
    if lifted:
        report.append(f"{len(lifted)} date or status line(s) became properties of the policy, shown in "
                      f"its title block (such as \"{lifted[0]}\")")
    learned = apply_learned(policy)
    if learned.kept:
        report.append(f"{len(learned.kept)} headings keep their typed numbers as written, which follow "
                      f"no numbering scheme (such as \"{learned.kept[0]}\")")


def _section(top: Node, report: list[str], ids: dict[int, str]) -> Section:
    """Nodes to sections without recursion (a source may nest headings deeply); a node in `ids`
    gets that id (an anchor is placed in it)."""
    root = _new_section(top, ids)
    work = [(top, root)]
    while work:
        node, section = work.pop()
        if not node.blocks and not node.children and node.source:
            report.append(Note(f"section {node.source} is empty", section.id, where="section"))
        report.extend(_unkept_starts(node, section))
        pairs = []
        for child in node.children:
            sub = _new_section(child, ids)
            section.children.append(sub)
            pairs.append((child, sub))
        work.extend(reversed(pairs))  # popped in document order, so the report reads in order
    return root



def _unkept_starts(node: Node, section: Section) -> list[Note]:
    """A note for each numbered item whose number the section's body does not show as
    the source did (legal clauses are cited by number), placed on the item."""
    lists = [b.items for b in node.blocks if isinstance(b, ListBlock)]
    if all(item.start is None or item.start == number
           for items in lists for item, number in zip(items, body.item_numbers(items), strict=True)):
        return []  # the body counts every item as its source numbers it (reading the body back is slow)
    written = body.parse(section.body)
    sources = iter(lists)
    name = f"section \"{node.source}\"" if node.source else "the text before the first heading"
    notes: list[Note] = []
    offset = 0
    for block in written:
        if not isinstance(block, ListBlock):
            offset += sum(len(t) + 1 for t in body.blocks_plain([block]))
            continue
        source = next(sources, ())
        # strict=False: a list the body could not keep item for item is compared as far as it goes
        pairs = zip(source, body.opens_count(list(source)), body.item_numbers(block.items), block.items,
                    strict=False)
        for item, opening, now, shown in pairs:
            words = body.runs_plain(shown.runs)
            if item.start is not None and item.start != now:
                text = (f"a numbered list starting at {item.start} now starts at {now}" if opening
                        else f"a numbered list's item {item.start} is now numbered {now}")
                notes.append(Note(f"{text} ({name})", section.id, offset, len(words)))
            offset += len(words) + 1
    return notes


def _new_section(node: Node, ids: dict[int, str]) -> Section:
    node.blocks = _with_notes(node)
    section = Section(heading=node.heading, body=body.write(node.blocks))
    if id(node) in ids:
        section.id = ids[id(node)]
    return section
