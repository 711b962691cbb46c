"""The redline colours a person chooses (Preferences), Qt-free so every job can carry them."""

from __future__ import annotations

from policyeditor.core.patterns import later
from policyeditor.core.records import dataclass

TYPE_CHECKING = False  # not typing's: importing typing costs the command line's start-up time
if TYPE_CHECKING:
    from policyeditor.formats.redline.blackline import BlacklineColors

_HEX6 = later(r"#?([0-9a-fA-F]{6})")


# the roles a person colours, in the order Preferences shows them
ROLES = ("inserted", "deleted", "moved", "reformatted")


@dataclass(frozen=True)
class RedlineColours:
    """The colours of insertions, deletions, moves and changes of formatting alone, as "#rrggbb"
    (a Preferences setting).

    Defaults are the redline convention lawyers expect, and the blackline's:
    insertions blue, deletions red, moves green; words whose formatting alone
    changed (bold removed, a bullet made a number) purple.
    """

    inserted: str = "#1a4fd6"
    deleted: str = "#c0262d"
    moved: str = "#137a2f"
    reformatted: str = "#7a3e9d"

    def blackline(self) -> BlacklineColors:
        """The same colours for `formats.redline.blackline` (the change bar takes the deletion's)."""
        from policyeditor.formats.redline.blackline import BlacklineColors  # loads python-docx

        return BlacklineColors(insert=_hex6(self.inserted), delete=_hex6(self.deleted),
                               move=_hex6(self.moved), bar=_hex6(self.deleted),
                               reformat=_hex6(self.reformatted))


def on_white(colour: str, alpha: int) -> str:
    """`colour` ("#rrggbb") as a translucent tint (`alpha` of 255) laid on white paper, "#rrggbb"
    (the HTML and PDF redlines' backgrounds; Qt's rich text has no rgba())."""
    rgb = bytes.fromhex(_hex6(colour))
    return "#" + "".join(f"{round(alpha / 255 * c + (1 - alpha / 255) * 255):02x}" for c in rgb)


def _hex6(name: str) -> str:
    # Preferences stores QColor.name(), "#rrggbb"; Word wants "RRGGBB"
    match = _HEX6().fullmatch(name.strip())
    if match is None:
        raise ValueError(f"{name!r} is not a colour of the form #rrggbb")
    return match[1].upper()
