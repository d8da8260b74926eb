"""The fault campaign's short version (``benchmarks/faults.py --quick``): a few kills and a
power cut during real operations, damaged files at start-up, flipped bundle bytes and
fuzzed reader input, each checked as the long run checks them, with no failure allowed.
The long run's figures are in ``benchmarks/README.md``."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from benchmarks import faults


@pytest.mark.slow
def test_quick_campaign_finds_no_failure(tmp_path: Path) -> None:
    report = faults.campaign(
        tmp_path, quick=True, seconds=120, seed=7,
        parts=("flips", "fuzz", "damaged", "kills", "power"),
    )  # fmt: skip
    found = {
        part: report[part]["failures"] for part in ("flips", "fuzz", "damaged", "kills", "power")
    }
    assert report["failures"] == 0, found
    # Each part did its work (a campaign that ran nothing would prove nothing).
    assert (
        report["kills"]["kills"] + report["kills"]["finished_before_kill"] == faults.QUICK["kills"]
    )
    assert report["power"]["runs"] == faults.QUICK["power"]
    assert report["damaged"]["fixtures"] == faults.QUICK["damaged"]
    assert (
        report["flips"]["refused"] + report["flips"]["accepted_identical_catalog"]
        == (faults.QUICK["flips"])
    )
    assert set(report["fuzz"]["inputs"].values()) == {faults.QUICK["fuzz"]}


def test_the_campaign_check_finds_a_lost_row_and_a_foreign_catalog(tmp_path: Path) -> None:
    """The check after each fault can fail: a favorite deleted behind the desk's back, and a
    catalog title changed in place, are both found."""
    world = faults.World(tmp_path, random.Random(1))
    directory = world.fresh("probe")
    before = faults._rows(directory / "user.sqlite")
    assert faults.check_folder(world, directory, before, ()) == []
    with sqlite3.connect(directory / "user.sqlite") as connection:
        connection.execute("DELETE FROM favorite WHERE slug = 'hotline/cybertipline'")
    with sqlite3.connect(directory / "catalog.sqlite") as connection:
        connection.execute("UPDATE resource SET title = 'Changed' WHERE slug = 'program/gems-2006'")
    found = faults.check_folder(world, directory, before, ())
    assert any("catalog is none of the known ones" in line for line in found), found
    assert any("1 committed user row(s) lost" in line and "cybertipline" in line for line in found)
    # The operation's own target may change: a favorite it removes is not a loss.
    found = faults.check_folder(world, directory, before, ("hotline/cybertipline",))
    assert not any("lost" in line for line in found)
