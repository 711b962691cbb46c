"""Waiting for the window: documents open in a worker and large ones are laid out in slices."""


def wait_open(qtbot, window, timeout: int = 10_000) -> None:
    """Wait until what `open_path`/`compare_files` read is shown (read, and every row laid out)."""
    qtbot.waitUntil(lambda: not window.opening() and not window.compare_view.building, timeout=timeout)


def settled(qtbot, window) -> None:
    """Wait until the window is idle: redline in, rows laid out, the user's place brought back."""
    qtbot.waitUntil(lambda: not window.busy(), timeout=10_000)


def open_sample(qtbot, window, sample_policy) -> None:
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    settled(qtbot, window)


def section_named(window, heading: str):
    return next(s for s, _ in window.session.document.policy.walk() if s.heading == heading)


def navigator_text(window, section_id: str) -> str:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTreeView

    navigator = window.findChild(QTreeView, "sectionNavigator")
    model = navigator.model()
    return model.data(model.index_of(section_id), Qt.ItemDataRole.DisplayRole)
