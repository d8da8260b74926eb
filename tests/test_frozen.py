"""The frozen application: packaging/build.py builds it with PyInstaller, and it passes its
own self-test offscreen, its command line serves the catalog, and portable mode keeps the
data beside it."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from csec_desktop import __version__, paths, selftest
from csec_desktop.catalog.curated.sources import read_catalog_source
from csec_desktop.catalog.storage.migrations import USER_SCHEMA_VERSION

REPO = Path(__file__).resolve().parent.parent
EXE = ".exe" if os.name == "nt" else ""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/csec-desktop built once for this module (about a minute); the build's log and
    exit status are kept beside it."""
    root = tmp_path_factory.mktemp("frozen")
    built = subprocess.run(
        [
            sys.executable,
            str(REPO / "packaging" / "build.py"),
            "--python",
            sys.executable,
            "--dist",
            str(root / "dist"),
            "--work",
            str(root / "work"),
        ],
        check=False,  # a build that is not quiet still makes the folder the others test
        timeout=1200,
        capture_output=True,
        text=True,
    )
    (root / "build.log").write_text(built.stdout + built.stderr, encoding="utf-8")
    (root / "build.status").write_text(str(built.returncode), encoding="ascii")
    return root / "dist" / "csec-desktop"


def _build_script() -> Any:
    spec = importlib.util.spec_from_file_location("build", REPO / "packaging" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_release_build_is_quiet(app_dir: Path) -> None:
    root = app_dir.parent.parent
    log = (root / "build.log").read_text(encoding="utf-8")
    # Every WARNING or ERROR line is fixed or on build.py's reviewed list, e.g. not
    # "Hidden import 'csec_desktop.catalog_data' not found", nor psycopg2, nor ole32.
    assert _build_script().unreviewed(log) == []
    assert (root / "build.status").read_text(encoding="ascii") == "0", log[-2000:]


def test_the_quiet_check_catches_a_new_warning() -> None:
    build = _build_script()
    log = (
        '27300 WARNING: Hidden import "psycopg2" not found!\n'
        "Built dist/csec-desktop in 69 s.\n"
        "31695 ERROR: Hidden import 'csec_desktop.catalog_data' not found\n"
    )
    assert [line.split(":")[0] for line in build.unreviewed(log)] == [
        "27300 WARNING",
        "31695 ERROR",
    ]


@pytest.fixture
def environment(tmp_path: Path) -> Iterator[dict[str, str]]:
    """No display, no data-dir override, and a profile of its own."""
    hidden = {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", paths.DATA_DIR_ENV}
    yield {
        **{k: v for k, v in os.environ.items() if k not in hidden},
        "XDG_DATA_HOME": str(tmp_path / "profile"),
    }


def run(app_dir: Path, program: str, *args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(app_dir / f"{program}{EXE}"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_frozen_self_test_passes_offscreen(app_dir: Path, environment: dict[str, str]) -> None:
    lines = run(app_dir, "csec-desktop", "--self-test", env=environment).splitlines()
    assert [line.split(":")[0] for line in lines[1:-1]] == [
        f"ok    {check.name}" for check in selftest.CHECKS
    ]
    assert run(app_dir, "csec-desktop", "--version", env=environment) == (
        f"csec-desktop {__version__}\n"
    )


def test_frozen_command_line_serves_the_bundled_catalog(
    app_dir: Path, environment: dict[str, str], tmp_path: Path, data_source: Path
) -> None:
    environment[paths.DATA_DIR_ENV] = str(tmp_path / "chosen")
    stats = json.loads(run(app_dir, "csec-catalog", "stats", "--json", env=environment))
    assert stats["resources"] == len(read_catalog_source(data_source).resources)
    assert stats["data_dir"] == str(tmp_path / "chosen")


def test_frozen_command_line_upgrades_saved_data_of_the_first_release(
    app_dir: Path, environment: dict[str, str], tmp_path: Path
) -> None:
    """The steps, and Alembic that runs them, are in the frozen build."""
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(REPO / "tests" / "fixtures" / "user-v1.sqlite", folder / "user.sqlite")
    environment[paths.DATA_DIR_ENV] = str(folder)
    listed = json.loads(
        run(app_dir, "csec-catalog", "favorites", "list", "--json", env=environment)
    )
    assert "program/gems-2006" in [favorite["id"] for favorite in listed]
    with closing(sqlite3.connect(folder / "user.sqlite")) as upgraded:
        assert upgraded.execute("PRAGMA user_version").fetchone() == (USER_SCHEMA_VERSION,)


def test_frozen_portable_mode_keeps_data_beside_the_application(
    app_dir: Path, environment: dict[str, str], tmp_path: Path
) -> None:
    marker = app_dir / paths.PORTABLE_MARKER
    portable = app_dir / paths.PORTABLE_DATA_DIR
    profile = tmp_path / "profile" / paths.APP_SLUG
    marker.touch()
    try:
        stats = json.loads(run(app_dir, "csec-catalog", "stats", "--json", env=environment))
        assert stats["data_dir"] == str(portable)
        environment["QT_QPA_PLATFORM"] = "offscreen"
        assert run(app_dir, "csec-desktop", "--time-startup", env=environment).startswith(
            "interactive after "
        )
        assert paths.catalog_db_path(portable).is_file()
        assert paths.user_db_path(portable).is_file()
        assert not profile.exists()
        chosen = {**environment, paths.DATA_DIR_ENV: str(tmp_path / "chosen")}
        stats = json.loads(run(app_dir, "csec-catalog", "stats", "--json", env=chosen))
        assert stats["data_dir"] == str(tmp_path / "chosen")  # the setting still wins
    finally:
        marker.unlink()
    stats = json.loads(run(app_dir, "csec-catalog", "stats", "--json", env=environment))
    assert stats["data_dir"] == str(profile)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux menu entry")
def test_linux_menu_entry_points_at_the_application(
    app_dir: Path, environment: dict[str, str], tmp_path: Path
) -> None:
    subprocess.run(
        [str(app_dir / "install-desktop-entry.sh")], env=environment, check=True, timeout=60
    )
    share = tmp_path / "profile"
    entry = (share / "applications" / "csec-desktop.desktop").read_text(encoding="utf-8")
    assert f'Exec="{app_dir}/csec-desktop"' in entry.splitlines()
    assert "Icon=csec-desktop" in entry.splitlines()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / "csec-desktop.svg").is_file()
