"""How long the library's server takes to verify one Ed25519 signature (PL/pgSQL, library/ed25519.py).

Run: `.venv/bin/python tests/perf/bench_ed25519_sql.py [COUNT]` (default 50). Starts a PostgreSQL
server of its own (tests/library/pgserver.py), makes the library's schema, then verifies COUNT
fresh signatures of 300-byte messages (about an approval record's size) one statement each, and
COUNT in one statement, and prints the median and mean milliseconds a signature. Asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "library"))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat  # noqa: E402
from pgserver import ADMIN, benchmark_server  # noqa: E402

from policyeditor.library import schema  # noqa: E402
from policyeditor.library.connection import connect  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    with benchmark_server() as server:
        with connect(server.url(ADMIN)) as conn:
            schema.init_library(conn)
            cases = []
            for _ in range(count):
                key = Ed25519PrivateKey.generate()
                msg = os.urandom(300)
                pub = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
                cases.append((pub, msg, key.sign(msg)))
            query = "SELECT library_ed25519_verify(%s, %s, %s)"
            conn.execute(query, cases[0])  # the session's first call plans the base point's table
            times = []
            for case in cases:
                start = time.perf_counter()
                assert conn.execute(query, case).fetchone()[0] is True
                times.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            conn.execute("CREATE TEMP TABLE s (pub bytea, msg bytea, sig bytea)")
            with conn.cursor() as cur:
                cur.executemany("INSERT INTO s VALUES (%s, %s, %s)", cases)
            start = time.perf_counter()
            ok = conn.execute("SELECT count(*) FILTER (WHERE library_ed25519_verify(pub, msg, sig)) FROM s")
            assert ok.fetchone()[0] == count
            batch = (time.perf_counter() - start) * 1000 / count
            print(f"one statement a signature: median {statistics.median(times):.1f} ms, "
                  f"mean {statistics.mean(times):.1f} ms, min {min(times):.1f} ms ({count} signatures)")
            print(f"{count} in one statement: {batch:.1f} ms a signature; "
                  f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
