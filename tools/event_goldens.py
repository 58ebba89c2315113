"""Rewrite the golden event payloads (tests/contract/events/v<N>/<subject>.json) from the
producers' real mappers and the fixed inputs of tests/contract/events/cases.py.

    python tools/event_goldens.py               # every subject
    python tools/event_goldens.py -k waitlist   # extra arguments go to pytest

It runs the producer half of tests/contract/test_event_contracts.py (real PostgreSQL through the
test plugin, as the tests do) with RR_EVENT_GOLDENS=write. Review the diff before committing it: a
changed golden is a changed contract, and consumers must accept the new one too. Goldens of
subjects nobody produces any more are listed, not deleted (an older version's goldens stay).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCER_TEST = "tests/contract/test_event_contracts.py::test_producer_emits_the_golden"


def stale_goldens() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from tests.contract.events import cases

    produced = {c.subject for c in cases.CASES}
    return [g.id for g in cases.goldens() if g.subject not in produced]


def main(argv: list[str]) -> int:
    env = {**os.environ, "RR_EVENT_GOLDENS": "write"}
    code = subprocess.run([sys.executable, "-m", "pytest", PRODUCER_TEST, "-q", *argv], cwd=ROOT, env=env).returncode
    if code == 0:
        for name in stale_goldens():
            print(f"stale golden (no producer case): {name}")
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
