"""How long a sync to the team library takes, and how many rows it sends.

Run: `.venv/bin/python tests/perf/bench_library.py [SECTIONS] [VERSIONS] [--signed]` (default 2,000
and 200). With --signed every version is signed under a roster, so the first sync sends VERSIONS + 1
signed records, each of which the server verifies (schema 4).
Starts a PostgreSQL server of its own (as the tests do: tests/library/pgserver.py),
builds a policy of SECTIONS sections with VERSIONS versions (each changing ten
sections), then prints: the first sync into an empty library, an incremental
sync after a one-section edit of the draft, and a sync with nothing to send.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "library"))

from pgserver import ADMIN, PASSWORD, PgServer, benchmark_server  # noqa: E402

from policyeditor.core.model import Policy, Section  # noqa: E402
from policyeditor.library import roles, schema  # noqa: E402
from policyeditor.library.connection import connect  # noqa: E402
from policyeditor.library.sync import sync  # noqa: E402
from policyeditor.review.workflow import Workflow  # noqa: E402
from policyeditor.store.policyfile import PolicyFile  # noqa: E402

WORDS = ("personal data controller processor consent lawful basis retention erasure request "
         "transfer safeguard breach notify supervisory authority legitimate interest").split()


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."


def big_policy(sections: int, rng: random.Random) -> Policy:
    tops = []
    per_top = 10
    for t in range(sections // per_top):
        children = [Section(heading=f"Clause {t + 1}.{c + 1}", body=" ".join(sentence(rng) for _ in range(3)))
                    for c in range(per_top - 1)]
        tops.append(Section(heading=f"Part {t + 1}", body=sentence(rng), children=children))
    return Policy(title="Benchmark policy", sections=tops)


def build_file(path: Path, sections: int, versions: int, signed: bool = False) -> None:
    rng = random.Random(15)
    policy = big_policy(sections, rng)
    with PolicyFile.create(path, policy, author="alice") as pf:
        identity = None
        if signed:  # the owner starts a roster and signs every version (the owner holds every role)
            from policyeditor.review import roster as rosters
            from policyeditor.review.identity import new_identity

            os.environ["POLICYEDITOR_NO_KEYRING"] = "1"
            identity = new_identity("Alice Owner", path.with_suffix(".key"), "a long passphrase")
            rosters.change(pf, identity, "add", role="author", member=identity.public)
        flow = Workflow(pf)
        parent = None
        for number in range(versions):
            walked = [s for s, _ in policy.walk()]
            for section in rng.sample(walked, 10):
                section.body += " " + sentence(rng)
            flow.save_version(policy, f"{number // 10}.{number % 10}", author="alice", parent=parent,
                              identity=identity)
            parent = f"{number // 10}.{number % 10}"
        pf.save_draft(policy)


def timed_sync(path: Path, url: str) -> tuple[float, int, dict[str, int]]:
    with PolicyFile.open(path) as pf, connect(url) as conn:
        start = time.perf_counter()
        report = sync(pf, conn)
        return time.perf_counter() - start, report.rows_sent, report.sent


def print_trigger_times(server: PgServer) -> None:
    """The server's time in the signature triggers during the sync (pg_stat_user_functions)."""
    import psycopg

    time.sleep(1.2)  # backends flush their function statistics at most once a second
    with psycopg.connect(server.url(ADMIN, "bench")) as conn:
        rows = conn.execute(
            "SELECT funcname, calls, total_time FROM pg_stat_user_functions "
            "WHERE funcname IN ('library_signature_check', 'library_verified_signature', "
            "'library_signed_approval', 'library_roster_approval', 'library_verified_approval') "
            "AND calls > 0 ORDER BY funcname").fetchall()
    for name, calls, total in rows:
        print(f"  server: {name} {calls} calls, {total / 1000:.2f} s ({total / calls:.1f} ms each)")


def main() -> None:
    signed = "--signed" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--signed"]
    sections = int(args[0]) if args else 2000
    versions = int(args[1]) if len(args) > 1 else 200
    with benchmark_server() as server:
        import psycopg

        with psycopg.connect(server.url(ADMIN), autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench")
            conn.execute("ALTER DATABASE bench SET track_functions = 'pl'")  # time the triggers
        with connect(server.url(ADMIN, "bench")) as conn:
            schema.init_library(conn)
            roles.add_user(conn, "alice", "author", password=PASSWORD)
        url = server.url("alice", "bench")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bench.policy"
            start = time.perf_counter()
            build_file(path, sections, versions, signed)
            kind = "signed versions" if signed else "versions"
            print(f"built {sections} sections x {versions} {kind} in {time.perf_counter() - start:.1f} s "
                  f"({path.stat().st_size / 1e6:.1f} MB)")
            seconds, rows, sent = timed_sync(path, url)
            print(f"first sync into an empty library: {seconds:.2f} s, {rows} rows sent {sent}")
            print_trigger_times(server)
            with PolicyFile.open(path) as pf:
                draft = pf.load_draft()
                draft.sections[0].children[0].body += " One more sentence."
                pf.save_draft(draft)
            seconds, rows, sent = timed_sync(path, url)
            print(f"incremental sync after a one-section edit: {seconds:.2f} s, {rows} rows sent {sent}")
            seconds, rows, sent = timed_sync(path, url)
            print(f"sync with nothing new: {seconds:.2f} s, {rows} rows sent")


if __name__ == "__main__":
    main()
