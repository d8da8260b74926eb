"""Kill the import process at random points: the catalog is always whole, old or new.

Each round starts ``csec-catalog import`` in a subprocess and SIGKILLs it after a random
delay of up to 1.5 times what a whole import takes (measured first, in the same run). After
every kill both databases pass ``PRAGMA integrity_check``, the catalog is exactly the one
before or the one after the update (every table but the meta facts compared), and the saved
user data is unchanged.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.samples import table_rows
from bundle_helpers import bundle_of, edited_source, make_keys
from csec_desktop.catalog.storage import store
from csec_desktop.catalog.user import userstore
from csec_desktop.paths import catalog_db_path, user_db_path

ROUNDS = 25
SEED = 20261123


def _catalog_state(directory: Path) -> dict[str, list[tuple[object, ...]]]:
    rows = table_rows(catalog_db_path(directory))
    rows.pop("meta")  # import time and version differ on every import of the same content
    return rows


def _import(directory: Path, bundle: Path, public_key: Path) -> subprocess.Popen[bytes]:
    code = "import sys; from csec_desktop.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.Popen(
        [sys.executable, "-c", code, "--data-dir", str(directory), "import", str(bundle),
         "--public-key", str(public_key)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


@pytest.mark.slow
def test_killed_imports_leave_the_old_or_the_new_catalog(
    tmp_path: Path, data_dir: Path, data_source: Path
) -> None:
    private, public = make_keys(tmp_path)
    store.ensure_catalog(data_dir, data_source)[0].dispose()
    user = store.open_user_db(data_dir)
    userstore.add_favorite(user, "hotline/cybertipline")
    userstore.set_note(user, "program/gems-2006", "Intake on Mondays.")
    userstore.save_search(user, "NY", "mentoring", {"state": ["NY"]}, "relevance")
    user.dispose()
    user_rows = table_rows(user_db_path(data_dir))
    edited, _ = edited_source(data_source, tmp_path / "edited")
    states = {"curated": _catalog_state(data_dir)}
    # Every bundle has a higher version than the last, so none is refused as a rollback;
    # they alternate between the two contents, so every completed import changes the catalog.
    sources = [edited, data_source]
    bundles = []
    for round_ in range(ROUNDS + 1):
        path = tmp_path / f"update-{round_}.zip"
        bundle_of(sources[round_ % 2], path, private, version=f"2026.12.{round_ + 1}")
        bundles.append(path)

    started = time.perf_counter()
    assert _import(data_dir, bundles[0], public).wait(timeout=120) == 0
    whole = time.perf_counter() - started
    states["edited"] = _catalog_state(data_dir)
    assert states["edited"] != states["curated"]

    rng = random.Random(SEED)
    outcomes: list[str] = []
    for path in bundles[1:]:
        process = _import(data_dir, path, public)
        # Past the whole time too: a busy machine (2 cores, other tests) runs slower later.
        time.sleep(rng.uniform(0.0, whole * 1.5))
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        assert store.integrity_problems(catalog_db_path(data_dir)) == []
        assert store.integrity_problems(user_db_path(data_dir)) == []
        state = _catalog_state(data_dir)
        matches = [name for name, known in states.items() if known == state]
        assert len(matches) == 1, "the catalog is neither the old nor the new one"
        outcomes.append(matches[0])
        assert table_rows(user_db_path(data_dir)) == user_rows
    # The kills landed both before and after the rename (otherwise the test proved little).
    assert {"curated", "edited"} <= set(outcomes), outcomes
