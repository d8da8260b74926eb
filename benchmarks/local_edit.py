"""Latency of adding and editing a local resource (``catalog.local.save`` + reload).

```sh
python -m benchmarks.local_edit --size 100000   # a synthetic catalog (cached)
python -m benchmarks.local_edit --size 0        # the curated catalog in data/
```

Each pass adds one resource and edits another; both include the search engine's reload.
The floor, measured on a copy of the same catalog in the same run, is a bare ``sqlite3``
transaction that inserts and deletes one full-text row.
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
from pathlib import Path
from typing import Any

from csec_desktop.catalog.desk import Desk
from csec_desktop.catalog.user import local

RESOURCE: dict[str, Any] = {
    "kind": "program",
    "title": "Benchmark Youth Drop-in",
    "summary": "A drop-in center for young people.",
    "status": "active",
    "last_verified": "2026-11",
    "topics": ["trafficking"],
    "sites": [{"city": "Albany", "state": "NY"}],
    "contacts": [{"kind": "phone", "value": "518-555-0100", "hours": "24/7"}],
}


def _ms(seconds: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(seconds) * 1000, 1),
        "max_ms": round(max(seconds) * 1000, 1),
    }


def measure(catalog_path: Path, passes: int) -> dict[str, Any]:
    """Add/edit latency and the floor on a copy of the catalog at ``catalog_path``."""
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        shutil.copy(catalog_path, directory / "catalog.sqlite")
        desk = Desk(directory, source=None)  # the copy as it is
        catalog, user, engine = desk.catalog, desk.user, desk.search
        adds: list[float] = []
        edits: list[float] = []
        floors: list[float] = []
        slug = local.save(catalog, user, RESOURCE).id
        for number in range(passes):
            start = time.perf_counter()
            local.save(catalog, user, {**RESOURCE, "title": f"Benchmark drop-in {number}"})
            engine.reload()
            adds.append(time.perf_counter() - start)
            start = time.perf_counter()
            local.save(catalog, user, {**RESOURCE, "summary": f"Edited {number}."}, slug)
            engine.reload()
            edits.append(time.perf_counter() - start)
            floors.append(_floor(directory / "catalog.sqlite"))
        desk.close()
    return {"add": _ms(adds), "edit": _ms(edits), "floor_fts_row": _ms(floors)}


def _floor(path: Path) -> float:
    db = sqlite3.connect(path)
    try:
        start = time.perf_counter()
        with db:
            db.execute(
                "INSERT INTO resource_fts (rowid, title, organization, tags, body) "
                "VALUES (-1, 'floor', '', '', 'floor')"
            )
            db.execute("DELETE FROM resource_fts WHERE rowid = -1")
        return time.perf_counter() - start
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    """Print the measurements as one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, required=True, help="synthetic size; 0 = curated")
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args(argv)
    if args.size:
        from benchmarks.synthetic import ensure_cached_catalog, print_progress

        path, _, _ = ensure_cached_catalog(args.size, progress=print_progress)
        result = measure(path, args.passes)
    else:
        with tempfile.TemporaryDirectory() as folder:
            with Desk(Path(folder), source=Path(__file__).resolve().parent.parent / "data") as desk:
                desk.open_catalog()
            result = measure(Path(folder) / "catalog.sqlite", args.passes)
    print(json.dumps({"size": args.size or "curated", **result}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
