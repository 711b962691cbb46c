"""Rejecting (accepting) a pair's changes one at a time in the window ends exactly at v1 (v2).

The window, deciding the current change with Reject Change after each recompute, must end at
v1 on spotify-privacy-policy, and its change list must list every change of the draft against
the base (never 0 while the text still differs). Taking the first change each time, it once
looped (a table's empty cell could not be rejected alone) while the list hid the change the
reject left in place, and an earlier rejection's key, until it said 0 at the wrong text."""

from PySide6.QtWidgets import QListWidget

from policyeditor.core.decisions import REJECTED, decide
from policyeditor.core.model import Policy, Status
from policyeditor.diff.redline import compare
from policyeditor.formats.importers import import_document
from policyeditor.gui.editing.commands import SetDecisions
from policyeditor.store.policyfile import PolicyFile
from tests.conftest import CORPUS
from tests.gui.waiting import wait_open

PAIR = CORPUS / "pairs" / "spotify-privacy-policy"


def texts(policy: Policy) -> list[tuple[str, str]]:
    return [(s.heading, s.body) for s, _ in policy.walk()]


def _opened(qtbot, window, tmp_path) -> tuple[Policy, Policy]:
    approved = import_document(PAIR / "v1.md").policy
    draft = import_document(PAIR / "v2.md").policy
    path = tmp_path / "spotify.policy"
    with PolicyFile.create(path, approved, author="Test") as pf:
        pf.save_version(approved, "1.0", author="Test", note="first", status=Status.APPROVED)
        pf.save_draft(draft)
    window.open_path(str(path))
    wait_open(qtbot, window, timeout=30_000)
    _recomputed(qtbot, window)
    return approved, draft


def _recomputed(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.tracker.pending and window.tracker.redline is not None
                    and not window.busy(), timeout=30_000)


def _one_by_one(qtbot, window, action: str, listed, limit: int = 400) -> list[int]:
    """Decide the first open change with `action` until none is left; the list's counts on the way.
    After each recompute the list shows `listed()` changes: what the draft still differs by."""
    changes = window.findChild(QListWidget, "changeList")
    counts = [changes.count()]
    for _ in range(limit):
        assert changes.count() == listed(), counts
        if changes.count() == 0:
            break
        changes.setCurrentRow(0)
        assert window.current_change() is not None
        window.actions[action].trigger()
        _recomputed(qtbot, window)
        counts.append(changes.count())
    else:
        raise AssertionError(f"still {changes.count()} changes after {limit} decisions")
    return counts


def test_rejecting_each_change_in_turn_in_the_window_gives_v1(qtbot, window, tmp_path):
    approved, _ = _opened(qtbot, window, tmp_path)
    counts = _one_by_one(qtbot, window, "rejectChange",
                         lambda: len(compare(approved, window.session.document.policy).changes))
    assert texts(window.session.document.policy) == texts(approved), counts
    assert window.session.document.policy.title == approved.title
    assert window.session.document.policy.dates == approved.dates


def test_accepting_each_change_in_turn_in_the_window_keeps_v2(qtbot, window, tmp_path):
    _, draft = _opened(qtbot, window, tmp_path)
    counts = _one_by_one(qtbot, window, "acceptChange", lambda: len(window.tracker.open_changes()))
    assert texts(window.session.document.policy) == texts(draft), counts
    assert all(later < earlier for earlier, later in zip(counts, counts[1:], strict=False)), counts


def test_a_rejection_that_changes_no_text_hides_no_change(qtbot, window, tmp_path):
    """A rejected key recorded while the text stays as it is (no redline of another draft to
    come) leaves the change on the list: it is still in the draft."""
    _opened(qtbot, window, tmp_path)
    changes = window.findChild(QListWidget, "changeList")
    listed = changes.count()
    first = window.tracker.open_changes()[0]
    document, base = window.session.document, window.tracker.base_key
    made = decide([window.tracker.keys()[first.id]], REJECTED, "Test", "2026-01-01T00:00:00Z")
    earlier = document.decisions.get(base, ())
    window.changes._push(SetDecisions(document, base, earlier + made, "Reject Change"))
    _recomputed(qtbot, window)
    assert changes.count() == listed
    assert window.tracker.open_changes()[0] == first
