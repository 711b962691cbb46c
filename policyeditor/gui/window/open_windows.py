"""The windows of this process and what each has open: one window per file.

Opening a file that a window already shows brings that window forward (a
second open for writing would find the file locked by ourselves and fall back
to read-only). The windows are looked up weakly; the ones the application made
itself (`keep`) are held until they close.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMainWindow

from policyeditor.refs import POLICY_SUFFIX, split_ref

_windows: weakref.WeakSet[QMainWindow] = weakref.WeakSet()
_kept: list[QMainWindow] = []
new_window: Callable[[], QMainWindow] | None = None  # set by the application: makes and shows one more


def add(window: QMainWindow) -> None:
    _windows.add(window)


def keep(window: QMainWindow) -> None:
    """Hold a window the application made (a top-level window with no Python owner) until it closes."""
    if window not in _kept:
        _kept.append(window)


def closed(window: QMainWindow) -> None:
    _windows.discard(window)
    if window in _kept:
        _kept.remove(window)


def windows() -> list[QMainWindow]:
    return list(_windows)


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


def shows(session: object, ref: str) -> bool:
    """Whether `session` is the editable document `ref` names: the same .policy file, or
    the same document imported and not yet saved as a .policy file. A version or a
    comparison is another thing on show."""
    path, label = split_ref(ref)
    if label is not None or session is None:
        return False
    if getattr(session, "version", None) is not None or getattr(session, "compare_base", None) is not None:
        return False
    own = getattr(session, "path", None)
    if own is None:
        source = getattr(session, "source", "")
        if not source or split_ref(source)[1] is not None:
            return False
        own = split_ref(source)[0]
        if own.suffix.lower() == POLICY_SUFFIX:  # its file let go: nothing of it is open
            return False
    return same_file(Path(own), path)


def window_showing(ref: str) -> QMainWindow | None:
    """The window whose document is what `ref` names, if one has it open (or is opening it)."""
    for window in windows():
        if shows(getattr(window, "session", None), ref):
            return window
        files = getattr(window, "files", None)
        reading = getattr(files, "reading", None)
        if reading and split_ref(ref)[1] is None and split_ref(reading)[1] is None \
                and same_file(split_ref(reading)[0], split_ref(ref)[0]):
            return window
    return None


def bring_forward(window: QMainWindow) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
