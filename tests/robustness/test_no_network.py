"""Nothing the program reads ever opens a network connection.

Two proofs. A loopback HTTP server's URL is put into every remote reference of the
hostile corpus (images, stylesheets, @import, iframes, linked templates, OLE objects,
external DTDs and entities); the corpus is imported by the command line and exported,
and the server must see no connection at all. Then the same corpus is imported and
exported in this process with `socket.socket.connect` (and name lookups) replaced by a
recorder that fails, which must record nothing.
"""

from __future__ import annotations

import io
import socket
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from policyeditor.core.errors import PolicyError
from policyeditor.formats.importers import import_document
from tests.robustness.checks import export_both, run_cli
from tests.robustness.hostile import OK, hostile_cases


class _Recorder(ThreadingHTTPServer):
    """A loopback server that counts every connection, whether or not it speaks HTTP."""

    daemon_threads = True

    def __init__(self) -> None:
        self.connections: list[tuple[str, int]] = []
        self.requests: list[str] = []
        super().__init__(("127.0.0.1", 0), _Handler)

    def verify_request(self, request, client_address) -> bool:  # type: ignore[override]
        self.connections.append(client_address)
        return True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"FETCHEDWORD")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[_Recorder]:
    recorder = _Recorder()
    thread = threading.Thread(target=recorder.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        recorder.shutdown()
        recorder.server_close()
        thread.join(timeout=5)


def test_the_recorder_sees_a_real_fetch(server):
    """The server counts what reaches it, so zero means zero."""
    import urllib.request

    before = len(server.connections)
    with urllib.request.urlopen(server.url + "probe", timeout=5) as answer:
        assert answer.read() == b"FETCHEDWORD"
    assert len(server.connections) == before + 1
    server.connections.clear()
    server.requests.clear()


def _names(data: bytes, url: str) -> bool:
    """Whether a source's bytes, or a member of it when it is a zip, hold `url`."""
    if url.encode() in data:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(url.encode() in archive.read(item) for item in archive.infolist()
                       if item.file_size < 10_000_000)
    except (zipfile.BadZipFile, ValueError, EOFError):
        return False


def _remote_cases(url: str):
    """The cases that name `url` somewhere (the large ones hold no remote reference)."""
    return [case for case in hostile_cases(url) if not case.large and _names(case.data, url)]


def test_import_and_export_by_the_command_line_fetch_nothing(server, tmp_path):
    cases = _remote_cases(server.url)
    assert {case.name for case in cases} >= {"docx-xxe-document", "docx-xxe-styles", "docx-external-dtd",
                                            "docx-external-relationships", "html-active-content",
                                            "md-active-content"}
    for case in cases:
        source = case.write(tmp_path)
        out = tmp_path / f"{case.name}.policy"
        result = run_cli("import", str(source), "-o", str(out), timeout=60)
        assert result.returncode in (0, 2), result.stderr[-2000:]
        if case.expect == OK:
            assert result.returncode == 0, (case.name, result.stderr)
            for suffix in (".docx", ".html"):
                target = tmp_path / f"{case.name}{suffix}"
                exported = run_cli("export", str(out), "-o", str(target), timeout=60)
                assert exported.returncode == 0, exported.stderr[-2000:]
    assert server.connections == [] and server.requests == [], server.requests


@pytest.fixture
def no_sockets(monkeypatch):
    """Every connect and name lookup in this process is recorded and fails."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object):
        attempts.append(args[1:] if len(args) > 1 else args)
        raise OSError("network access is forbidden in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


def test_in_process_imports_and_exports_touch_no_socket(server, no_sockets, tmp_path):
    for case in hostile_cases(server.url):
        if case.large:
            continue
        source = case.write(tmp_path)
        try:
            policy = import_document(source).policy
        except PolicyError:
            assert case.expect != OK, case.name
            continue
        assert case.expect == OK, case.name
        export_both(policy, tmp_path, case.name)
    assert no_sockets == []
    assert server.connections == []


def test_the_socket_guard_catches_a_connection(no_sockets):
    with pytest.raises(OSError, match="forbidden"):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    with pytest.raises(OSError, match="forbidden"):
        socket.socket().connect(("127.0.0.1", 9))
    assert len(no_sockets) == 2
