"""``csec-desktop --self-test``: one line per check, exit 0 only when all pass, and the
caseworker's own data is never touched."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from csec_desktop import __version__, paths, selftest

pytestmark = pytest.mark.gui


def run(checks: tuple[selftest.Check, ...] = selftest.CHECKS) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = selftest.run(checks, out)
    return code, out.getvalue().splitlines()


def test_every_check_passes_on_the_bundled_catalog(qapp: Any, data_dir: Path) -> None:
    code, lines = run()
    assert code == 0, "\n".join(lines)
    names = [check.name for check in selftest.CHECKS]
    assert [line[6:].split(":")[0] for line in lines[1:-1]] == names
    assert all(line.startswith("ok    ") for line in lines[1:-1])
    assert lines[-1].startswith("all checks passed")
    # The self-test works in a temporary folder: the real data folder stays empty.
    assert list(data_dir.iterdir()) == []


def test_failures_are_one_line_each_and_the_exit_is_non_zero(qapp: Any) -> None:
    def fails(_test: selftest.SelfTest) -> str:
        raise selftest.CheckFailed("the answer was 41, not 42")

    def crashes(_test: selftest.SelfTest) -> str:
        raise ValueError("two\nlines")

    checks = (
        selftest.Check("fails", fails),
        selftest.Check("crashes", crashes),
        selftest.Check("catalog builds", selftest.check_catalog_builds),
    )
    code, lines = run(checks)
    assert code == 1
    assert lines[1:3] == [
        "FAIL  fails: the answer was 41, not 42",
        "FAIL  crashes: unexpected ValueError: two lines",
    ]
    assert lines[3].startswith("ok    catalog builds")  # later checks still run
    assert lines[4].startswith("2 of 3 checks failed")


def test_a_broken_catalog_source_is_reported(
    qapp: Any, tmp_path: Path, data_source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "data"
    shutil.copytree(data_source, broken)
    (broken / "resources" / "hotline" / "broken.toml").write_text("id = [", encoding="utf-8")
    monkeypatch.setattr(paths, "bundled_catalog_source", lambda: broken)
    code, lines = run()
    assert code == 1
    failed = {line[6:].split(":")[0] for line in lines if line.startswith("FAIL")}
    assert {"catalog source reads", "catalog builds"} <= failed
    assert all("\n" not in line and "Traceback" not in line for line in lines)


def _without_display() -> dict[str, str]:
    hidden = {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", paths.DATA_DIR_ENV}
    return {k: v for k, v in os.environ.items() if k not in hidden}


def _module(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m csec_desktop ARGS`` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "csec_desktop", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_module_self_test_runs_without_a_display(tmp_path: Path) -> None:
    environment = {**_without_display(), "XDG_DATA_HOME": str(tmp_path / "profile")}
    result = _module("--self-test", env=environment)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("all checks passed")
    assert not (tmp_path / "profile").exists()


@pytest.mark.slow
def test_version_and_time_startup(tmp_path: Path) -> None:
    version = _module("--version")
    assert version.stdout == f"{paths.APP_SLUG} {__version__}\n"

    environment = {
        **_without_display(),
        "QT_QPA_PLATFORM": "offscreen",
        paths.DATA_DIR_ENV: str(tmp_path),
    }
    started = _module("--time-startup", env=environment)
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("interactive after ")
    assert int(started.stdout.split()[2]) > 0
    assert paths.user_db_path(tmp_path).is_file()  # it really started on that folder


def test_unknown_long_option_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    from csec_desktop.app import parse_arguments

    options, qt_arguments = parse_arguments(["-style", "Fusion", "--self-test"])
    assert options.self_test and qt_arguments == ["-style", "Fusion"]
    with pytest.raises(SystemExit) as raised:
        parse_arguments(["--selftest"])
    assert raised.value.code == 2
    assert "unrecognized arguments: --selftest" in capsys.readouterr().err
