"""What an import returns, and reading a text source without guessing wrong silently."""

from __future__ import annotations

import codecs
from pathlib import Path

from policyeditor.core.errors import ImportError_
from policyeditor.core.model import Policy
from policyeditor.core.records import dataclass, field

TYPE_CHECKING = False  # not typing's: importing typing costs the command line's start-up time
if TYPE_CHECKING:
    from typing import Any


def macro_refusal(name: str) -> str:
    """The sentence that refuses a macro-enabled Word document.

    Here, not in importers/__init__, so the DOCX importer need not import its own package back.
    """
    return (f"{name} is a macro-enabled Word document, which policyeditor does not import "
            "(its macros would never run anyway); save it as .docx in Word and import that")


class Note(str):
    """One line of an import's report, and the place in the policy it is about, when it has one.

    A `str`, so every reader of a report (the command line, `info --json`, a
    test) reads it as the sentence it is. `section_id` names the section the note
    is about (None: the whole document); `start` and `length` are a range of that
    section's plain text (`core.body.plain_text` of its body, where comments are
    anchored too). `where` is "body", or "section" for a note about the section
    itself, such as one with neither text nor heading (its range is then empty).
    """

    section_id: str | None
    start: int
    length: int
    where: str

    def __new__(cls, text: str, section_id: str | None = None, start: int = 0, length: int = 0,
                where: str = "body") -> Note:
        note = super().__new__(cls, text)
        note.section_id, note.start, note.length, note.where = section_id, start, length, where
        return note

    @property
    def placed(self) -> bool:
        return self.section_id is not None

    def __reduce__(self) -> tuple[Any, ...]:  # copies and pickles keep the place
        return (Note, (str(self), self.section_id, self.start, self.length, self.where))


@dataclass
class ImportResult:
    """The imported policy and one readable line per thing that could not be mapped or looks wrong.

    A Word document with tracked changes or comments also gives `original`, its
    text with every change rejected (sections share ids with `policy`, which has
    them all accepted), and `review`: its revisions and comments, placed on words.
    """

    policy: Policy
    report: list[str] = field(default_factory=list)  # its lines; those about a place are `Note`s
    original: Policy | None = None
    review: Any = None  # a word_review.WordReview (not imported: word_review builds on this module)
    # who saved a Word document last, and when (docProps/core.xml lastModifiedBy, modified; ISO 8601 UTC):
    # a document returned with Track Changes off credits its differences to them
    last_author: str = ""
    last_modified: str = ""
    # the policy our DOCX export came from (its dc:identifier, exporters.info.POLICY_ID_PREFIX), else ''
    policy_id: str = ""


_KEPT = (("footnote", "footnote(s)"), ("endnote", "endnote(s)"), ("textbox", "text box(es)"),
         ("equation", "equation(s)"), ("field", "field(s)"), ("picture", "picture(s)"),
         ("checkbox", "form checkbox(es) (as ☐ or ☒)"))


def kept_line(counts: dict[str, int]) -> str:
    """The report line of what an import kept beside the words ("2 footnote(s), 1 picture(s)
    kept"), '' when nothing."""
    kept = [f"{counts[key]} {label}" for key, label in _KEPT if counts.get(key)]
    return ", ".join(kept) + " kept" if kept else ""


def reason(exc: BaseException, limit: int = 160) -> str:
    """An exception as a short clause for a one-line message: its kind and text, whitespace collapsed.

    Parser messages (lxml's among them) hold newlines and whole paths; a message
    the user reads must stay one line.
    """
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a file that cannot be read raises ImportError_ (the file is only read)."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise ImportError_(f"{path.name} is a folder, not a document") from None
    except OSError as exc:
        raise ImportError_(f"{path.name} cannot be read ({exc.strerror or exc})") from None


def read_text(path: Path) -> tuple[str, list[str]]:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Legacy text that is not UTF-8 is read as cp1252 and that is reported, since a
    wrong guess would change characters rather than drop them.
    """
    data = read_bytes(path)
    report: list[str] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), report
        except UnicodeDecodeError:
            raise ImportError_(f"{path.name} is damaged (its UTF-16 text cannot be decoded)") from None
    if b"\x00" in data:
        raise ImportError_(f"{path.name} is not a text file (it holds binary data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        report.append(f"{path.name} is not UTF-8; it was read as Windows-1252 (cp1252) text")
    return text.replace("\r\n", "\n").replace("\r", "\n"), report
