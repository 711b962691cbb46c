"""A writer to be killed: saves the draft and versions of a .policy file in a loop, reporting each commit.

    python kill_child.py FILE.policy SEED

Prints "ready" once the file is open, then "draft N" after each draft save returns
and "version LABEL" after each version save returns (flushed at once, so a line
on the pipe means the commit had returned). Runs until it is killed.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from policyeditor.core.model import Section  # noqa: E402
from policyeditor.store.policyfile import PolicyFile  # noqa: E402

COUNTER = re.compile(r"^autosave (\d+)")


def main() -> None:
    path, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    pf = PolicyFile.open(path)
    policy = pf.load_draft()
    n = int(COUNTER.match(policy.sections[0].body).group(1))
    print("ready", flush=True)
    while True:
        n += 1
        # each autosave changes the counter and a few sections, by a random amount of text
        policy.sections[0].body = f"autosave {n}"
        for section in rng.sample(policy.sections[1:], k=rng.randint(1, 5)):
            section.body = f"Revision {n} of {section.heading}. " + "words " * rng.randint(10, 2_000)
        if rng.random() < 0.05:
            policy.sections.append(Section(f"Added {n}", "New text."))
        pf.save_draft(policy)
        print(f"draft {n}", flush=True)
        if rng.random() < 0.3:
            label = f"v{n}"
            pf.save_version(policy, label, author="kill test", note=f"after autosave {n}")
            print(f"version {label}", flush=True)


if __name__ == "__main__":
    main()
