"""Opening ``user.sqlite``: current, new, and of the oldest released version.

```sh
python -m benchmarks.user_db            # one JSON object
python -m benchmarks.user_db --runs 9
```

Each sample is a fresh process (``store`` and ``userstore``, with the ORM, imported first,
as the window has by then) timing one ``store.open_user_db``: on a file already at the current
version (every start but the first: one pragma, no migration), on an empty folder (the
first start: every step), and on a copy of ``tests/fixtures/user-v1.sqlite`` (an upgrade,
with its backup). The floor, in the same run, is a fresh process that opens the current
file with bare ``sqlite3`` and reads ``PRAGMA user_version``. Medians in ms.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "tests/fixtures/user-v1.sqlite"

OPEN = """
import sys, time
from pathlib import Path
from csec_desktop.catalog.storage import store
from csec_desktop.catalog.user import userstore
started = time.perf_counter()
store.open_user_db(Path(sys.argv[1])).dispose()
print((time.perf_counter() - started) * 1000)
"""

FLOOR = """
import sqlite3, sys, time
started = time.perf_counter()
connection = sqlite3.connect(sys.argv[1] + "/user.sqlite")
connection.execute("PRAGMA user_version").fetchone()
connection.close()
print((time.perf_counter() - started) * 1000)
"""


def _sample(code: str, folder: Path) -> float:
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return float(done.stdout.strip().splitlines()[-1])


def measure(runs: int) -> dict[str, float]:
    """Median ms of each case over ``runs`` fresh processes, after one warm-up round."""
    samples: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        current = Path(scratch) / "current"
        current.mkdir()
        _sample(OPEN, current)  # made once; opened again below
        for run in range(runs + 1):
            new = Path(scratch) / f"new-{run}"
            new.mkdir()
            upgraded = Path(scratch) / f"v1-{run}"
            upgraded.mkdir()
            shutil.copy(FIXTURE, upgraded / "user.sqlite")
            taken = {
                "open_current_ms": _sample(OPEN, current),
                "open_new_ms": _sample(OPEN, new),
                "open_v1_ms": _sample(OPEN, upgraded),
                "floor_ms": _sample(FLOOR, current),
            }
            if run:  # the first round warms the page cache
                for name, value in taken.items():
                    samples.setdefault(name, []).append(value)
    return {name: round(statistics.median(values), 1) for name, values in samples.items()}


def main(argv: list[str] | None = None) -> int:
    """Print the medians as one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed rounds (default 7)")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
