"""A read-only view of a whole policy, section by section, that scrolls to a chosen section."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from policyeditor.core.model import Policy
from policyeditor.core.numbering import numbers
from policyeditor.formats.exporters.body_html import body_html
from policyeditor.gui.style.theme import Roles, roles


def policy_style(colours: Roles) -> str:
    """Headings, muted section numbers and table rules in the theme's colours."""
    return f"""
h1.title {{ font-size: 20pt; margin-bottom: 12px; }}
h2, h3, h4, h5, h6 {{ margin-top: 14px; margin-bottom: 4px; }}
span.num {{ color: {colours.muted.name()}; font-weight: normal; }}
table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid {colours.rule.name()}; padding: 3px; }}
"""


def policy_html(policy: Policy) -> str:
    """The policy as rich text for Qt: title, numbered headings with anchors, bodies."""
    number = numbers(policy)
    parts = [f"<h1 class='title'>{escape(policy.title)}</h1>"]
    for section, depth in policy.walk():
        level = min(depth + 1, 6)
        parts.append(
            f"<a name='{section.id}'></a><h{level}><span class='num'>{number[section.id]}</span>"
            f"&nbsp;&nbsp;{escape(section.heading)}</h{level}>")
        parts.append(body_html(section.body))
    return "\n".join(parts)


class PolicyView(QTextBrowser):
    """Shows a policy; `show_section(id)` scrolls it to the top of the view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policyView")
        self.setOpenLinks(False)  # never follow a link from a document (no fetching)
        self.document().setDefaultStyleSheet(policy_style(roles()))
        self.document().setDocumentMargin(24)
        self.policy: Policy | None = None  # the policy on show (its sections are the headings' order)

    def show_policy(self, policy: Policy) -> None:
        self.policy = policy
        self.setHtml(policy_html(policy))

    def show_section(self, section_id: str) -> None:
        self.scrollToAnchor(section_id)

    def restyle(self) -> None:
        """Take the theme's colours again (after the palette changed)."""
        self.document().setDefaultStyleSheet(policy_style(roles()))
        if self.policy is not None:
            self.show_policy(self.policy)
