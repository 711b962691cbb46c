"""One application per user: `policyeditor FILE` while Policy Editor runs hands FILE to it.

The running application then brings forward the window that has FILE open, or
opens it (one window per file: a second process would find the file locked and
could only offer it read-only). The two talk over a QLocalServer named after
the user's settings file, so a test pointing POLICYEDITOR_CONFIG_DIR elsewhere
has an application of its own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from policyeditor.refs import split_ref

CONNECT_MS = 500
REPLY_MS = 5000


def server_name(settings: QSettings) -> str:
    digest = hashlib.sha1(settings.fileName().encode()).hexdigest()[:16]
    return f"policyeditor-{digest}"


def _answers(name: str) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(name)
    up = socket.waitForConnected(CONNECT_MS)
    socket.abort()
    return up


def hand_over(name: str, ref: str) -> bool:
    """Ask the running application, if there is one, to show `ref`; True when it took it."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    path, label = split_ref(ref)
    full = str(path.resolve()) + (f"@{label}" if label else "")
    socket.write((json.dumps({"open": full}) + "\n").encode())
    socket.flush()
    taken = socket.waitForReadyRead(REPLY_MS) and socket.readLine().data().strip() == b"ok"
    socket.disconnectFromServer()
    return taken


class Listener(QObject):
    """The running application's end: each REF handed over is given to `show` (on the UI thread)."""

    def __init__(self, name: str, show: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._show = show
        self.server = QLocalServer(self)
        # no socket options: with them Qt takes the name over even from a live server; the name is the
        # user's own (their settings file's) and the socket file is theirs (the umask keeps others out)
        if not self.server.listen(name) and not _answers(name):
            QLocalServer.removeServer(name)  # left by an application that crashed
            self.server.listen(name)
        # else another application (started without a file) listens: files go to it
        self.server.newConnection.connect(self._on_connection)

    @property
    def listening(self) -> bool:
        return self.server.isListening()

    def _on_connection(self) -> None:
        socket = self.server.nextPendingConnection()
        if socket is None:
            return
        socket.readyRead.connect(lambda: self._read(socket))
        socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        try:
            ref = str(json.loads(socket.readLine().data().decode())["open"])
        except (ValueError, KeyError, TypeError):
            socket.write(b"no\n")
            return
        if not Path(split_ref(ref)[0]).exists():
            socket.write(b"no\n")  # the new process says why, in its own words
            return
        socket.write(b"ok\n")
        socket.flush()
        self._show(ref)
