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
from benchmarks.faults_ledger import Ledger


@pytest.mark.slow
def test_quick_campaign_finds_no_failure(tmp_path: Path) -> None:
    # The quick plan ends at its counts; the time budget only caps a machine that is busy
    # (at load 10, 120 s left fuzzing short of its 25 inputs a reader).
    report = faults.campaign(
        tmp_path, quick=True, seconds=900, seed=7,
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


def test_the_ledger_adds_runs_up_and_keeps_a_stopped_run(tmp_path: Path) -> None:
    """Runs add up in the ledger, a run stopped after a part keeps that part's counts, and
    the next run gets the next seed and only the parts still short of their target."""
    path = tmp_path / "ledger.json"
    first = Ledger(path)
    assert first.next_seed(100) == 100
    assert first.parts_to_run() == ["bomb", "kills", "power", "damaged", "flips", "fuzz"]
    first.start(100, ["kills", "flips"], quick=False)
    kills = {"kills": 600, "finished_before_kill": 9, "window_checks": 3, "failures": []}
    first.record("kills", kills, 10.0)
    # Stopped here: no finish. The next run reads what was written.
    second = Ledger(path)
    assert second.totals["kills"] == 600 and second.next_seed(100) == 101
    second.start(101, ["kills", "flips", "bomb"], quick=False)
    second.record("kills", {**kills, "kills": 300}, 5.0)
    second.record("kills", {**kills, "kills": 450, "failures": [{"found": "x"}]}, 7.0)
    second.record("flips", {"flips": 10_000, "failures": []}, 3.0)
    second.record("bomb", {"failures": []}, 1.0)
    second.finish(20.0)
    third = Ledger(path)
    assert third.totals["kills"] == 1050, "a part's later report replaces its earlier one"
    assert third.totals["byte_flips"] == 10_000 and third.totals["failures"] == 1
    assert third.left()["kills"] == 0 and third.left()["power_cuts"] == 200
    assert third.parts_to_run() == ["power", "damaged", "fuzz"]
    assert [run["seed"] for run in third.data["runs"]] == [100, 101]
