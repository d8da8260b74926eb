"""Time a catalog update through a signed bundle: build, verify, diff and apply.

    python benchmarks/bundle.py --size 0 --json        # the curated catalog
    python benchmarks/bundle.py --size 100000 --json   # a synthetic catalog (synthetic.py)

The installed catalog is the same catalog before an update that changes 1 % of the titles,
removes 0.5 % of the resources and adds 0.5 % new ones, so the diff has work to show.
Floors measured in the same run: ``json_parse_ms`` (decoding the payload alone, the least
any verify can cost) and ``rebuild_ms`` (``store.build_catalog`` of the same records
straight from memory, what a rebuild from ``data/`` costs, the least an apply can cost).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from csec_desktop.catalog.content.records import ResourceRecord
from csec_desktop.catalog.curated.sources import CatalogContent, read_catalog_source
from csec_desktop.catalog.desk import Desk
from csec_desktop.catalog.interchange import bundle
from csec_desktop.catalog.storage import store

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

T = TypeVar("T")


def _timed(call: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = call()
    return result, round((time.perf_counter() - started) * 1000, 1)


def catalogs(size: int) -> tuple[CatalogContent, list[ResourceRecord], list[ResourceRecord]]:
    """The content, the installed records and the updated records for ``size`` (0: curated)."""
    if size == 0:
        content = read_catalog_source(REPO / "data")
        records = list(content.resources)
    else:
        from benchmarks.synthetic import SyntheticCatalog

        synthetic = SyntheticCatalog(size)
        content = synthetic.content()
        records = list(synthetic)
    linked = {link.id for record in records for link in record.related}
    updated: list[ResourceRecord] = []
    for index, record in enumerate(records):
        if index % 200 == 1 and record.id not in linked:
            continue  # removed: 0.5 %, never a link target
        changed = index % 100 == 0  # 1 %
        updated.append(
            dataclasses.replace(record, title=record.title + " (updated)") if changed else record
        )
    updated += [  # added: 0.5 %
        dataclasses.replace(records[i], id=f"{records[i].kind}/bundle-bench-new-{i}", related=[])
        for i in range(0, len(records), 200)
    ]
    return content, records, updated


def measure(size: int) -> dict[str, Any]:
    """Build, verify, diff and apply one update of a catalog of ``size``; times in ms."""
    content, installed, updated = catalogs(size)
    key = Ed25519PrivateKey.generate()
    with tempfile.TemporaryDirectory(prefix="csec-bundle-bench-") as folder:
        directory = Path(folder)
        public_key = directory / "publisher.pub"
        public_key.write_bytes(
            key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        )
        catalog_path = directory / "catalog.sqlite"
        _, rebuild_ms = _timed(
            lambda: store.build_catalog(catalog_path, content, resources=installed)
        )
        path = directory / "update.zip"
        new_content = dataclasses.replace(content, resources=updated)
        manifest, build_ms = _timed(
            lambda: bundle.write_bundle(
                new_content, path, key, publisher="Benchmark", catalog_version="9999.1"
            )
        )
        with zipfile.ZipFile(path) as archive:
            payload = archive.read(bundle.PAYLOAD)
        _, json_parse_ms = _timed(lambda: json.loads(payload))
        payload = b""  # hundreds of MB at 100k: not kept through the rest
        opened, verify_ms = _timed(lambda: bundle.read_bundle(path, public_key=public_key))
        desk = Desk(directory, source=None)
        plan, diff_ms = _timed(lambda: desk.plan_update(opened))
        _, apply_ms = _timed(lambda: desk.apply_update(plan))
        desk.close()
        return {
            "size": len(installed),
            "bundle_bytes": path.stat().st_size,
            "resources_after": manifest.resource_count,
            "added": len(plan.diff.added),
            "removed": len(plan.diff.removed),
            "changed": len(plan.diff.changed),
            "build_ms": build_ms,
            "verify_ms": verify_ms,
            "diff_ms": diff_ms,
            "apply_ms": apply_ms,
            "json_parse_ms": json_parse_ms,
            "rebuild_ms": rebuild_ms,
        }


def main(argv: list[str] | None = None) -> int:
    """Run the measurement and print it (a table, or one JSON object with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=0, help="synthetic size (0: curated)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    report = measure(args.size)
    if args.json:
        print(json.dumps(report))
    else:
        for name, value in report.items():
            print(f"{name:<16}{value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
