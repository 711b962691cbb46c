"""People's names as the record keeps and compares them.

A name typed on the command line or in the preferences (" Ada", "Ada  Lovelace") is
recorded trimmed, each run of spaces inside it one space; two names are one person
when they are equal but for case ("ada" is Ada), so no rule that keeps a person from
approving their own version is passed by a space or a capital.
"""

from __future__ import annotations

from policyeditor.core.errors import WorkflowError


def person_name(name: str) -> str:
    """`name` as recorded: no spaces around it, one space (never a line break) between its words."""
    return " ".join(name.split())


def same_person(a: str, b: str) -> bool:
    """Whether two names are one person's: equal once recorded (`person_name`) and casefolded."""
    return person_name(a).casefold() == person_name(b).casefold()


def among(name: str, names: set[str] | list[str] | tuple[str, ...]) -> bool:
    """Whether `name` is one person's of `names` (`same_person`)."""
    return any(same_person(name, other) for other in names)


def named(name: str, does: str) -> str:
    """`name` as recorded; WorkflowError when no name is left ("say who `does`: ...")."""
    name = person_name(name)
    if not name:
        raise WorkflowError(f"say who {does}: a name (or your identity) is needed")
    return name
