"""A wheel built from the repository carries the curated catalog and works on its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from csec_desktop.catalog.curated.sources import read_catalog_source

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_serves_the_catalog(tmp_path: Path, data_source: Path) -> None:
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--verbose",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    # setuptools' warnings (a data folder missing from `packages`, a deprecated key) show
    # on every install: the configuration gives none.
    said = built.stdout + built.stderr
    for warning in ("BuildBackendWarning", "_Warning", "DeprecationWarning", "absent from"):
        assert warning not in said, said[said.find(warning) - 500 :][:2000]
    (wheel,) = wheels.glob("csec_desktop-*.whl")
    with zipfile.ZipFile(wheel) as archive:  # imports verify bundles with the shipped key
        assert "csec_desktop/resources/publisher-key.pub" in archive.namelist()
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], check=True
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    environment = {**os.environ, "CSEC_DESKTOP_DATA_DIR": str(tmp_path / "user-data")}
    result = subprocess.run(
        [str(bin_dir / "csec-catalog"), "stats", "--json"],
        cwd=elsewhere,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout)["resources"] == len(read_catalog_source(data_source).resources)
