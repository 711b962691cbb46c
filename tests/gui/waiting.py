"""Waiting for the window: documents open in a worker and large ones are laid out in slices."""


def wait_open(qtbot, window, timeout: int = 10_000) -> None:
    """Wait until what `open_path`/`compare_files` read is shown (read, and every row laid out)."""
    qtbot.waitUntil(lambda: not window.opening() and not window.compare_view.building, timeout=timeout)
