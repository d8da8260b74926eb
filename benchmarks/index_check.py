"""What checking the full-text index costs (:mod:`csec_desktop.catalog.index.index_check`).

```sh
python -m benchmarks.index_check --size 100000    # one JSON object
```

On a copy of the cached synthetic catalog of ``--size`` resources: ``index_check_s``, FTS5's
``integrity-check`` of both full-text indexes as ``check`` and a search that first finds
nothing run it; the floors in the same run: ``quick_check_s`` (SQLite's ``PRAGMA
quick_check``, which ``check`` runs anyway) and ``read_index_s`` (reading every row of the
tables FTS5 keeps the index in, in SQL). ``probe_s``: what a search that finds nothing
waits for instead, :func:`~csec_desktop.catalog.index.index_check.index_contradicts` of a
word the catalog lacks (the catalog's most frequent words counted against the word list).
Medians over ``--repeats`` passes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in {None, ""}:  # run as a script: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.run import load_average
from benchmarks.synthetic import ensure_cached_catalog
from csec_desktop.catalog.index.index_check import index_contradicts, index_problems
from csec_desktop.catalog.index.indexing import FTS_TABLE, TITLE_FTS_TABLE


def _seconds(step: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def measure(catalog: Path, repeats: int) -> dict[str, object]:
    """The check and its floors on the catalog at ``catalog``."""

    def quick_check() -> None:
        connection = sqlite3.connect(catalog)
        connection.execute("PRAGMA quick_check").fetchall()
        connection.close()

    def read_index() -> None:
        connection = sqlite3.connect(catalog)
        for table in (FTS_TABLE, TITLE_FTS_TABLE):
            for _ in connection.execute(f"SELECT block FROM {table}_data"):
                pass
        connection.close()

    def probe() -> None:
        connection = sqlite3.connect(catalog)
        assert not index_contradicts(connection, ["qxzvjkw"])
        connection.close()

    problems = index_problems(catalog)
    return {
        "index_check_s": _seconds(lambda: index_problems(catalog), repeats),
        "probe_s": _seconds(probe, repeats),
        "quick_check_s": _seconds(quick_check, repeats),
        "read_index_s": _seconds(read_index, repeats),
        "problems": problems,
        "catalog_mb": round(catalog.stat().st_size / 1e6, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    cached, _info, _built = ensure_cached_catalog(args.size)
    with tempfile.TemporaryDirectory(prefix="csec-index-check-") as folder:
        catalog = Path(folder) / "catalog.sqlite"
        shutil.copy(cached, catalog)
        report = {"size": args.size, "repeats": args.repeats, **measure(catalog, args.repeats)}
    report["load_average"] = load_average()
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
