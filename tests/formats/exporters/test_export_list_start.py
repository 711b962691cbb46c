"""A list a source starts at 3 keeps "3." through every export and back (clauses are cited by
number): Markdown → policy → HTML (<ol start>) and DOCX (w:startOverride) → policy."""

from pathlib import Path

from policyeditor.core.model import Status
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.exporters.html import export_html, render_html
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.formats.importers import import_document

SOURCE = ("# Policy\n\nIntro.\n\n## Retention\n\n3. We keep records.\n4. We delete them.\n"
          "   1. sub one\n\n## Rights\n\n1. You may ask.\n2. We answer.\n")
RETENTION = "3. We keep records.\n4. We delete them.\n  1. sub one"


def _imported(tmp_path: Path):
    path = tmp_path / "p.md"
    path.write_text(SOURCE, encoding="utf-8")
    result = import_document(path)
    assert [line for line in result.report if "numbered list" in line] == []
    return result.policy


def _body(policy, heading: str) -> str:
    return next(s.body for s in policy.sections if s.heading.endswith(heading))  # "1 Retention" in HTML


def _retention(policy) -> str:
    return _body(policy, "Retention")


def test_markdown_keeps_the_first_number(tmp_path: Path) -> None:
    policy = _imported(tmp_path)
    assert _retention(policy) == RETENTION
    assert _body(policy, "Rights") == "1. You may ask.\n2. We answer."


def test_html_export_writes_ol_start_and_reads_it_back(tmp_path: Path) -> None:
    policy = _imported(tmp_path)
    html = render_html(policy, ExportInfo("1", Status.APPROVED))
    assert '<ol start="3">' in html and html.count("<ol start=") == 1
    path = tmp_path / "p.html"
    export_html(policy, path, ExportInfo("1", Status.APPROVED))
    assert _retention(import_document(path).policy) == RETENTION


def test_docx_export_restarts_at_the_first_number_and_reads_it_back(tmp_path: Path) -> None:
    policy = _imported(tmp_path)
    path = tmp_path / "p.docx"
    export_docx(policy, path, ExportInfo("1", Status.APPROVED))
    back = import_document(path).policy
    assert _retention(back) == RETENTION
    assert _body(back, "Rights") == "1. You may ask.\n2. We answer."


def test_nested_lists_come_back_from_docx_at_their_levels(tmp_path: Path) -> None:
    """The DOCX export writes a nested item in Word's List Bullet 2 / List Number 2 styles; reading
    it back takes the level from the style (it came back one level up)."""
    from policyeditor.core.model import Policy, Section

    body = ("Intro.\n\n1. first clause\n  1. nested a\n  2. nested b\n    - deeper\n2. second clause\n\n"
            "Between.\n\n- bullet\n  - nested bullet\n- last")
    policy = Policy("Policy", [Section("Clauses", body)])
    path = tmp_path / "p.docx"
    export_docx(policy, path, ExportInfo("1", Status.APPROVED))
    assert _body(import_document(path).policy, "Clauses") == body


ADJACENT = [
    "1. first clause\n2. second clause\n\n- a bullet\n- another",  # bullets right after numbers
    "- a bullet\n\n1. first clause\n2. second clause",  # numbers right after bullets
    "1. first clause\n  - nested bullet\n\n- a bullet",  # the first list ends nested
    "1. first clause\n2. second clause\n\n1. a list of its own",  # a numbered list restarted
    "1. first clause\n\n5. a list from 5",
]


def test_lists_one_right_after_another_come_back_from_docx_as_they_were(tmp_path: Path) -> None:
    """Two lists side by side in a body are two lists in Word (another w:num, another kind), and
    read back as two: export → import gives the same body."""
    from policyeditor.core.model import Policy, Section

    policy = Policy("Policy", [Section(f"Clauses {i}", f"Intro.\n\n{body}\n\nAfter.")
                               for i, body in enumerate(ADJACENT)])
    path = tmp_path / "p.docx"
    export_docx(policy, path, ExportInfo("1", Status.APPROVED))
    back = import_document(path)
    assert [line for line in back.report if "numbered list" in line] == []
    assert [_body(back.policy, s.heading) for s in policy.sections] == [s.body for s in policy.sections]


def test_html_export_numbers_a_list_begun_nested_as_the_body_does() -> None:
    """A list whose first item is nested (the items after a paragraph typed between nested items) is
    written a level up, as HTML nests a level at a time; its next item keeps its number by `value`."""
    from policyeditor.core.body import parse
    from policyeditor.formats.exporters.body_html import blocks_html

    html = blocks_html(parse("1. a\n  1. x\n\nBetween.\n\n  2. y\n2. b"))
    assert html.endswith('<ol start="2"><li>y</li><li value="2">b</li></ol>')
