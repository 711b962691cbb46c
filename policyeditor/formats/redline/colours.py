"""The redline colours a person chooses (Preferences), Qt-free so every job can carry them."""

from __future__ import annotations

from policyeditor.core.patterns import later
from policyeditor.core.records import dataclass

TYPE_CHECKING = False  # not typing's: importing typing costs the command line's start-up time
if TYPE_CHECKING:
    from policyeditor.formats.redline.blackline import BlacklineColors

_HEX6 = later(r"#?([0-9a-fA-F]{6})")


@dataclass(frozen=True)
class RedlineColours:
    """The colours of insertions, deletions and moves, as "#rrggbb" (a Preferences setting).

    Defaults are the redline convention lawyers expect, and the blackline's:
    insertions blue, deletions red, moves green.
    """

    inserted: str = "#1a4fd6"
    deleted: str = "#c0262d"
    moved: str = "#137a2f"

    def blackline(self) -> BlacklineColors:
        """The same colours for `formats.redline.blackline` (the change bar takes the deletion's)."""
        from policyeditor.formats.redline.blackline import BlacklineColors  # loads python-docx

        return BlacklineColors(insert=_hex6(self.inserted), delete=_hex6(self.deleted),
                               move=_hex6(self.moved), bar=_hex6(self.deleted))


def _hex6(name: str) -> str:
    # Preferences stores QColor.name(), "#rrggbb"; Word wants "RRGGBB"
    match = _HEX6().fullmatch(name.strip())
    if match is None:
        raise ValueError(f"{name!r} is not a colour of the form #rrggbb")
    return match[1].upper()
