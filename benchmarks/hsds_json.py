"""Time reading (and optionally importing) an HSDS JSON services page of N full services.

    python benchmarks/hsds_json.py --services 10000            # read only
    python benchmarks/hsds_json.py --services 1000 --import    # and add as local resources

The page is made from the test fixture's two services (tests/fixtures/hsds-json), each
copy with its own ids and name, an organization per five services. Printed as JSON:

- ``file_mb``: the page's size; ``parse_floor_ms``: ``json.loads`` of it alone (the floor);
- ``read_ms``: :func:`~csec_desktop.catalog.interchange.hsds_json.read_hsds_json`
  (flattening, the package reader's checks and mapping, ``parse_resource``), and
  ``read_ratio`` its ratio to the floor;
- ``import_s``: with ``--import``, :func:`~csec_desktop.catalog.interchange.partner.import_partner`
  into a fresh data folder built from ``data/``;
- ``peak_rss_mb``: the process's peak resident memory at the end (Linux: ru_maxrss).
"""

from __future__ import annotations

import argparse
import copy
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in {None, ""}:  # run as a script: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from csec_desktop.catalog.interchange.exchange import installed_catalog
from csec_desktop.catalog.interchange.hsds_json import read_hsds_json
from csec_desktop.catalog.interchange.partner import import_partner, preview_partner
from csec_desktop.catalog.storage import store

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "hsds-json" / "services-page.json"


def _renamed(item: Any, suffix: str) -> Any:
    """``item`` with every id made unique by ``suffix``."""
    if isinstance(item, dict):
        return {
            k: (f"{v}-{suffix}" if k.endswith("id") and isinstance(v, str) else _renamed(v, suffix))
            for k, v in item.items()
        }
    if isinstance(item, list):
        return [_renamed(v, suffix) for v in item]
    return item


def make_page(count: int) -> dict[str, Any]:
    """A services page of ``count`` full services."""
    template = json.loads(FIXTURE.read_text(encoding="utf-8"))["contents"]
    services = []
    for number in range(count):
        service = _renamed(copy.deepcopy(template[number % 2]), str(number))
        organization = _renamed(template[0]["organization"], f"org{number // 5}")
        service["organization"] = organization
        service["organization_id"] = organization["id"]
        service["name"] = f"{service['name']} {number}"
        services.append(service)
    return {"total_items": count, "contents": services}


def main(argv: list[str] | None = None) -> int:
    """Measure and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10000)
    parser.add_argument("--import", dest="import_", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        page = folder / "services.json"
        page.write_text(json.dumps(make_page(args.services)), encoding="utf-8")
        (folder / "data-dir").mkdir()
        catalog, _ = store.ensure_catalog(folder / "data-dir", ROOT / "data")
        content = installed_catalog(catalog)
        start = time.perf_counter()
        json.loads(page.read_bytes())
        floor = time.perf_counter() - start
        start = time.perf_counter()
        records, problems = read_hsds_json(page, content)
        read = time.perf_counter() - start
        result: dict[str, Any] = {
            "services": args.services,
            "file_mb": round(page.stat().st_size / 1024**2, 1),
            "parse_floor_ms": round(floor * 1000),
            "read_ms": round(read * 1000),
            "read_ratio": round(read / floor, 1),
            "resources": len(records.resources),
            "problems": len(problems),
        }
        if args.import_:
            user = store.open_user_db(folder / "data-dir")
            start = time.perf_counter()
            done = import_partner(catalog, user, preview_partner(page, catalog, user))
            result["import_s"] = round(time.perf_counter() - start, 1)
            result["imported"] = len(done.saved)
        result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
