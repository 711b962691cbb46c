"""A hand-built policy that uses every body feature, for the export tests."""

from __future__ import annotations

from policyeditor.core.model import Policy, Section, Status
from policyeditor.formats.exporters.info import ExportInfo

FEATURE_BODY = (
    "This policy explains **how we collect** _personal data_ and <u>why we keep it</u>. "
    "See [our website](https://example.com/privacy) or [write to us](mailto:dpo@example.com); "
    "never [this](<javascript:alert(1)>).<br>A second line after a break.\n"
    "\n"
    "- First bullet with **bold words**\n"
    "- Second bullet\n"
    "  - Nested bullet\n"
    "    - Third level bullet\n"
    "      - Fourth level bullet\n"
    "1. First step\n"
    "2. Second step\n"
    "  1. Sub-step one\n"
    "  2. Sub-step two\n"
    "\n"
    "| Category | Purpose | Retention |\n"
    "| --- | --- | --- |\n"
    "| Contact data | Service delivery | 2 years |\n"
    "| Usage data | _Analytics_ | 14 months |\n"
    "\n"
    "Closing paragraph with a forbidden\x00control\x0bcharacter."
)


def feature_policy(title: str = "Privacy Policy of Example Ltd") -> Policy:
    return Policy(title=title, sections=[
        Section("Introduction", FEATURE_BODY, [
            Section("Who we are", "Example Ltd is registered in England.", [
                Section("Our contact details", "Write to the Data Protection Officer.", [
                    Section("Postal address", "1 Example Street, London.")])]),
            Section("Scope", "This policy applies to all users.\n\n1. Website\n2. App"),
        ], id="intro"),
        Section("Data we collect", "We collect the following.\n\n1. Name\n2. Email", id="data"),
        Section("Your rights", "You may ask for access, correction or deletion.", id="rights"),
    ])


def approved_info() -> ExportInfo:
    return ExportInfo(label="2.1", status=Status.APPROVED, author="Jane Counsel",
                      created="2024-03-12T10:00:00+00:00", content_hash="ab" * 32)


def draft_info() -> ExportInfo:
    return ExportInfo(label=None, status=Status.DRAFT, author="Jane Counsel",
                      created="2024-03-14T09:30:00+00:00")
