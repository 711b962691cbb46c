"""What every export must be, whatever went into it: parseable, inert and self-contained.

Shared by the hostile-corpus, no-network and safe-export tests.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from lxml import etree

from policyeditor.core.model import Policy, Status
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.exporters.html import export_html
from policyeditor.formats.exporters.info import ExportInfo

REPO = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 2 * 1024 ** 3  # address space of a child process, bytes
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# elements html.parser may see closed implicitly; every other one must be closed, in order
OPTIONAL_END = {"p", "li", "td", "th", "tr", "thead", "tbody", "option"}


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`policyeditor ARGS` in a child process limited to MEMORY_LIMIT bytes and `timeout` seconds."""
    return subprocess.run([sys.executable, "-m", "policyeditor", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout, preexec_fn=_limit_memory)


def assert_one_line_error(result: subprocess.CompletedProcess) -> str:
    """The command failed as a user's mistake: exit 2, one line on stderr, no traceback."""
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and lines[0].startswith("policyeditor: ")
    return lines[0]


def parse_docx_parts(path: Path) -> dict[str, etree._Element]:
    """Every XML part of a DOCX, parsed strictly (no entities resolved, no network)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    parts = {}
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                parts[name] = etree.fromstring(archive.read(name), parser)
    return parts


def external_relationships(parts: dict[str, etree._Element]) -> list[tuple[str, str, str]]:
    """(part, type, target) of every relationship with TargetMode="External"."""
    found = []
    for name, root in parts.items():
        if name.endswith(".rels"):
            for rel in root:
                if rel.get("TargetMode") == "External":
                    found.append((name, rel.get("Type", ""), rel.get("Target", "")))
    return found


def assert_safe_docx(path: Path) -> None:
    """Every part parses; the only external relationships are http/https/mailto hyperlinks."""
    parts = parse_docx_parts(path)
    assert "word/document.xml" in parts
    for part, kind, target in external_relationships(parts):
        assert kind == HYPERLINK, (part, kind, target)
        assert target.lower().startswith(("http://", "https://", "mailto:")), (part, target)
    for name, root in parts.items():
        assert root.getroottree().docinfo.internalDTD is None, name


class _Checker(HTMLParser):
    """Tag balance and inertness of an exported page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.csp = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            if name in ("href", "src", "action", "formaction", "srcset", "poster", "data") and value \
                    and not value.strip().lower().startswith(("http://", "https://", "mailto:", "#")):
                self.problems.append(f"{name}={value!r} on <{tag}>")
            if name in ("src", "srcset", "poster", "data", "action"):
                self.problems.append(f"fetching attribute {name} on <{tag}>")
        if tag in ("script", "iframe", "object", "embed", "form", "base", "link", "img", "frame"):
            self.problems.append(f"<{tag}> element")
        attributes = dict(attrs)
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = attributes.get("content") or ""
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack[-1] != tag and self.stack[-1] in OPTIONAL_END:
            self.stack.pop()
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
            return
        self.stack.pop()


def assert_safe_html(path: Path) -> None:
    """Balanced tags, a CSP that forbids scripts, and nothing that runs or fetches."""
    text = path.read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert "javascript:" not in text.lower()
    checker = _Checker()
    checker.feed(text)
    checker.close()
    assert not checker.problems, checker.problems[:5]
    assert checker.stack == [], checker.stack[-5:]
    csp = checker.csp.replace(" ", "")
    assert "default-src'none'" in csp and "script-src" not in csp.replace("default-src", ""), checker.csp


def export_both(policy: Policy, folder: Path, stem: str = "export") -> tuple[Path, Path]:
    """The policy exported to DOCX and HTML (as a draft), both checked."""
    info = ExportInfo(None, Status.DRAFT)
    docx_path, html_path = folder / f"{stem}.docx", folder / f"{stem}.html"
    export_docx(policy, docx_path, info)
    export_html(policy, html_path, info)
    assert_safe_docx(docx_path)
    assert_safe_html(html_path)
    return docx_path, html_path


def html_only(policy: Policy, folder: Path) -> Path:
    """The policy exported to HTML only (checked): for inputs whose DOCX export takes long."""
    path = folder / "export.html"
    export_html(policy, path, ExportInfo(None, Status.DRAFT))
    assert_safe_html(path)
    return path


def policy_text(policy: Policy) -> str:
    """Title, headings and bodies of a policy as one string, to look words up in."""
    return policy.title + "\n" + "\n".join(f"{s.heading}\n{s.body}" for s, _ in policy.walk())
