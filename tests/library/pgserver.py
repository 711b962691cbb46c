"""A real PostgreSQL server of the tests' own: initdb into a temp folder, postgres on a free port.

The server listens on 127.0.0.1 only (its unix socket in the temp folder) and
asks every login for a password (scram-sha-256), which the tests give through
PGPASSWORD as a user would. PostgreSQL refuses to run as root, so as root the
server runs as an unprivileged user (`nobody`) through `runuser`. The binaries
are found on PATH or in Debian's /usr/lib/postgresql/*/bin.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ADMIN = "library_admin"
PASSWORD = "test-password-not-secret"
RUN_AS = "nobody"


def find_bin() -> Path | None:
    """The folder holding initdb and postgres, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return Path(candidates[-1]).parent if candidates else None


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux's /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    """One throwaway cluster; `start()`, `kill()` (SIGKILL the postmaster), `stop()`."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="policyeditor-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log = self.root / "server.log"
        self.as_root = os.geteuid() == 0

    def _run_as(self, argv: list[str]) -> list[str]:
        return ["runuser", "-u", RUN_AS, "--", *argv] if self.as_root else argv

    def init(self) -> None:
        pwfile = self.root / "pw"
        pwfile.write_text(PASSWORD + "\n")
        os.chmod(self.root, 0o755)
        if self.as_root:
            shutil.chown(self.root, RUN_AS)
            shutil.chown(pwfile, RUN_AS)
        subprocess.run(
            self._run_as(
                [
                    str(self.bindir / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    ADMIN,
                    "--auth=scram-sha-256",
                    f"--pwfile={pwfile}",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
        )
        pwfile.unlink()

    def start(self, timeout: float = 60) -> None:
        """Start the postmaster and wait until it takes logins (after a kill, until the old backends left)."""
        deadline = time.monotonic() + timeout
        while True:
            log = open(self.log, "ab")
            self.process = subprocess.Popen(
                self._run_as(
                    [
                        str(self.bindir / "postgres"),
                        "-D",
                        str(self.data),
                        "-p",
                        str(self.port),
                        "-c",
                        "listen_addresses=127.0.0.1",
                        "-c",
                        f"unix_socket_directories={self.root}",
                        "-c",
                        "fsync=off",
                        "-c",
                        "max_connections=40",
                        "-c",
                        "shared_buffers=16MB",
                    ]
                ),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            log.close()
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    break  # e.g. the killed server's backends still hold its shared memory: try again
                if self._accepts():
                    return
                time.sleep(0.1)
            if time.monotonic() >= deadline:
                raise RuntimeError(f"PostgreSQL did not start: {self.log.read_text()[-2000:]}")
            time.sleep(0.3)

    def _accepts(self) -> bool:
        import psycopg

        try:
            psycopg.connect(self.url(ADMIN), password=PASSWORD, connect_timeout=2).close()
            return True
        except psycopg.OperationalError:
            return False

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def kill(self) -> None:
        """SIGKILL the postmaster and its backends at once, as a crash or a pulled plug stops them.

        Killing the postmaster alone leaves a busy backend answering its connection until it
        notices (a race a loaded machine loses: the sync the test cuts off then finishes)."""
        postmaster = self.postmaster_pid()
        for pid in [postmaster, *_children(postmaster)]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass  # gone already
        if self.process is not None:
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.kill(self.postmaster_pid(), signal.SIGINT)  # fast shutdown
            except (OSError, ValueError):
                pass
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, user: str, dbname: str = "postgres") -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{dbname}"


@contextlib.contextmanager
def benchmark_server() -> Iterator[PgServer]:
    """A started server of its own for a benchmark script, stopped after (the password in
    PGPASSWORD); the script exits with one sentence where PostgreSQL is not installed."""
    bindir = find_bin()
    if bindir is None:
        sys.exit("PostgreSQL is not installed (no initdb); install the postgresql package")
    server = PgServer(bindir)
    os.environ["PGPASSWORD"] = PASSWORD
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.stop()
