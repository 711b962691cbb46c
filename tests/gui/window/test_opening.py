"""Opening a large document keeps the window alive: read in a worker, laid out in slices, cancellable."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressBar, QToolButton

from policyeditor.core.model import Policy, Section, Status
from policyeditor.store.policyfile import PolicyFile
from tests.gui.waiting import wait_open

SECTIONS = 1000


def big_policy(path, sections: int = SECTIONS):
    """A .policy of `sections` sections whose approved 1.0 is the draft: both panes are filled."""
    top = [Section(heading=f"Part {n}", body=f"Introduction to part {n}.") for n in range(10)]
    for n in range(sections - len(top)):
        body = " ".join(f"clause{n}word{w}" for w in range(40))
        top[n % len(top)].children.append(Section(heading=f"Clause {n}", body=body))
    policy = Policy(title="Large policy", sections=top)
    with PolicyFile.create(path, policy, author="Test") as pf:
        pf.save_version(policy, "1.0", author="Test", status=Status.APPROVED)
    return path


def test_a_large_policy_opens_with_progress_and_the_window_keeps_responding(qtbot, window, tmp_path,
                                                                           monkeypatch):
    path = big_policy(tmp_path / "large.policy")
    # The worker's read waits until the UI thread has beaten a few times: proof that the
    # window keeps running while a file is read, whatever the machine's speed (on a fast,
    # idle machine a plain read can end before the first 5 ms beat).
    from policyeditor.gui.window import file_actions as file_actions_module

    beaten = threading.Event()
    plain_read = file_actions_module.read

    def read_while_the_window_runs(ref):
        assert beaten.wait(10), "the window froze while the file was read"
        return plain_read(ref)

    monkeypatch.setattr(file_actions_module, "read", read_while_the_window_runs)
    progress = window.findChild(QProgressBar, "openProgress")
    assert progress is not None and not progress.isVisible()
    beats = {"reading": 0, "laying out": 0}
    progress_seen = []

    def beat() -> None:  # a timer on the UI thread fires only while that thread is free
        if window.opening():
            beats["reading"] += 1
            if beats["reading"] >= 3:
                beaten.set()
        elif window.compare_view.building:
            beats["laying out"] += 1
        progress_seen.append(progress.isVisible())

    heartbeat = QTimer()
    heartbeat.timeout.connect(beat)
    heartbeat.start(5)
    assert window.open_path(str(path))
    assert window.opening() and window.busy()
    assert progress.isVisible()  # at once: reading has begun
    wait_open(qtbot, window, timeout=30_000)
    heartbeat.stop()

    assert beats["reading"] > 0, "the window froze while the file was read"
    assert beats["laying out"] > 0, "the window froze while the sections were laid out"
    assert any(progress_seen)
    assert not progress.isVisible()
    assert window.session is not None and window.session.document.policy.section_count() == SECTIONS
    assert len(window.compare_view.rows) == SECTIONS
    assert window.compare_view.rows[-1].right is not None  # the last row made too
    assert window.windowTitle().startswith("Large policy")


def test_cancelling_an_open_leaves_the_window_as_it_was(qtbot, window, sample_policy, tmp_path):
    assert window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    before = window.session
    path = big_policy(tmp_path / "large.policy")
    window.open_path(str(path))
    cancel = window.findChild(QToolButton, "cancelOpen")
    assert cancel.isVisible()
    cancel.click()
    assert not window.opening() and not cancel.isVisible()
    # the read goes on in the worker; its result, when in, is dropped and the file let go
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=10_000)
    qtbot.wait(50)
    assert window.session is before
    assert window.session.document.policy.title != "Large policy"
    with PolicyFile.open(path) as pf:  # no writer's lock left behind
        assert pf.load_draft().section_count() == SECTIONS


def test_a_file_that_cannot_be_opened_is_told_in_one_sentence(qtbot, window, monkeypatch, tmp_path):
    told = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda _parent, title, text: told.append((title, text))))
    assert window.open_path(str(tmp_path / "missing.policy"))
    wait_open(qtbot, window)
    assert window.session is None
    assert len(told) == 1 and told[0][0] == "Cannot open"
    assert "\n" not in told[0][1] and "missing.policy does not exist" in told[0][1]
    assert not window.findChild(QProgressBar, "openProgress").isVisible()


def test_the_base_version_is_read_in_the_worker_not_on_the_ui_thread(qtbot, window, sample_policy,
                                                                    monkeypatch):
    import threading

    from policyeditor.store.policyfile import PolicyFile as File

    readers = []
    real_version = File.version

    def version(self, label):
        readers.append(threading.current_thread() is threading.main_thread())
        return real_version(self, label)

    monkeypatch.setattr(File, "version", version)
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    assert window.base_combo.currentData() == "1.0"
    assert readers == [False]  # read once, by the worker
    # later choices read the file again: a draft version can be saved over
    assert window.session.policy_for("1.0").to_data() == window.compare_view.base.to_data()
    assert readers == [False, True]


def test_highlights_of_many_rows_are_applied_over_several_event_loop_turns(qtbot, window, tmp_path,
                                                                          monkeypatch):
    from policyeditor.gui.editing import compare_view

    path = big_policy(tmp_path / "large.policy", 300)
    with PolicyFile.open(path) as pf:
        draft = pf.load_draft()
        for section, _ in draft.walk():
            section.body += " Added words."
        pf.save_draft(draft)
    monkeypatch.setattr(compare_view, "BUILD_SLICE_MS", 1)
    slices = []
    real_slice = compare_view.CompareView._apply_slice
    monkeypatch.setattr(compare_view.CompareView, "_apply_slice",
                        lambda view, generation: (slices.append(len(view._applying)),
                                                  real_slice(view, generation)))
    window.open_path(str(path))
    wait_open(qtbot, window, timeout=60_000)
    view = window.compare_view
    qtbot.waitUntil(lambda: not view.highlight_pending, timeout=60_000)
    assert len(slices) > 1
    assert view.change_count() == 300  # every row lit, once the last slice is in


def test_a_wider_row_does_not_widen_the_panes(qtbot):
    # a later slice's wider row would make every editor made so far lay its text out again
    from policyeditor.core.draft import Draft
    from policyeditor.gui.editing.compare_view import MIN_CONTENT_WIDTH, CompareView

    sections = [Section(heading="Short", body="Words.") for _ in range(20)]
    sections.append(Section(heading="Very" + "long" * 60, body="Words."))
    policy = Policy(title="Wide", sections=sections)
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(250, 400)
    view.show()
    view.set_sources(policy.copy(), Draft(policy))
    qtbot.waitUntil(lambda: not view.building)
    # the long heading's row wants more (once the layout has taken the last slice in)
    qtbot.waitUntil(lambda: view.widget().minimumSizeHint().width() > MIN_CONTENT_WIDTH, timeout=5000)
    assert view.widget().width() == MIN_CONTENT_WIDTH
