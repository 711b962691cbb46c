"""Every hostile input gets a correct import or one clear sentence, in bounded time and memory.

Each case is imported by the command line in a child process (2 GB of address space,
a time limit), as a user would: exit 0 with a .policy file holding the right words
and none of the hostile ones, or exit 2 with one line on stderr, no traceback and no
.policy left behind. The source is never changed. Each import that succeeds is then
exported to DOCX and HTML, which must parse and hold nothing that runs or fetches.
"""

from __future__ import annotations

import hashlib
import os

import pytest

from policyeditor.store.policyfile import PolicyFile
from tests.robustness.checks import assert_one_line_error, export_both, html_only, policy_text, run_cli
from tests.robustness.hostile import ERROR, OK, Case, hostile_cases

CASES = hostile_cases()
TIMEOUT = 90  # seconds for one import; the slowest case takes a few
FULL = os.environ.get("ROBUSTNESS_FULL") == "1"  # also the DOCX export of the large cases (~1 min more)


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return {case.name: case.write(folder) for case in CASES}


def test_the_corpus_covers_the_issue():
    names = {case.name for case in CASES}
    assert len(names) == len(CASES), "case names are unique"
    for wanted in ("docx-not-a-zip", "docx-truncated", "docx-empty", "docx-zip-bomb-ratio",
                   "docx-zip-bomb-total", "docx-xxe-document", "docx-laughs-styles", "docx-laughs-core",
                   "docx-external-relationships", "docm-macro-enabled", "html-active-content",
                   "md-active-content", "html-10000-nested", "md-10000-nested", "html-5000-headings",
                   "md-5000-headings", "txt-empty", "txt-binary", "txt-cp1252", "txt-controls", "txt-rtl",
                   "txt-combining", "txt-emoji", "txt-300000-words"):
        assert wanted in names, wanted
    assert {case.expect for case in CASES} == {OK, ERROR}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_import_is_correct_or_one_clear_line(case: Case, sources, tmp_path):
    source = sources[case.name]
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "out.policy"
    result = run_cli("import", str(source), "-o", str(out), timeout=TIMEOUT)
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before, "the source was changed"
    if case.expect == ERROR:
        line = assert_one_line_error(result)
        for word in case.error_words:
            assert word in line, line
        assert source.name in line, line
        assert not out.exists() and list(tmp_path.iterdir()) == [], "a file was left behind"
        return
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    with PolicyFile.open(out, readonly=True) as pf:
        policy = pf.load_draft()
    text = policy_text(policy)
    for word in case.present:
        assert word in text, word
    for word in case.absent:
        assert word not in text, word
    if case.large and not FULL:
        html_only(policy, tmp_path)
    else:
        export_both(policy, tmp_path)


def test_300000_words_arrive_whole(sources, tmp_path):
    from policyeditor.formats.importers import import_document

    policy = import_document(sources["txt-300000-words"]).policy
    assert policy.word_count() == 300_000


def test_control_characters_survive_import_and_leave_exports_valid(sources, tmp_path):
    """NUL is refused as binary, the other controls are kept in the draft and dropped only in XML."""
    from policyeditor.formats.importers import import_document

    policy = import_document(sources["txt-controls"]).policy
    assert "\x01" in policy_text(policy) or "\x1b" in policy_text(policy)
    docx_path, html_path = export_both(policy, tmp_path)
    assert "CTRLWORD" in html_path.read_text(encoding="utf-8")
