"""The fault campaign's ledger: runs that add up, so the counts issue 16 asks for (1,000
kills, 200 power cuts, 50 damaged fixtures, 10,000 byte flips, 10⁶ fuzz inputs) can be
reached in several shorter runs, on whichever machine is quiet.

The ledger is one JSON file: the targets, the totals (always the sum of the runs), and each
run with its seed, parts, counts and failures. It is written again (whole, then renamed
into place) after every kill or power-cut round and after every part, so a run that is
stopped keeps what it did; the next run takes the next seed and goes on where the byte
flips stopped.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.run import load_average

#: What the issue asks of the campaign, over all its runs.
TARGETS = {
    "kills": 1000,
    "power_cuts": 200,
    "damaged_fixtures": 50,
    "byte_flips": 10_000,
    "fuzz_inputs": 10**6,
}
#: The part of the campaign that counts each kind.
PART_OF = {
    "kills": "kills",
    "power_cuts": "power",
    "damaged_fixtures": "damaged",
    "byte_flips": "flips",
    "fuzz_inputs": "fuzz",
}
#: The failures a run keeps of each part (all are counted).
FAILURES_KEPT = 50


def part_counts(part: str, report: Mapping[str, Any]) -> dict[str, int]:
    """The counts a part's report adds to the ledger."""
    if part == "kills":
        return {
            "kills": int(report["kills"]),
            "finished_before_kill": int(report["finished_before_kill"]),
            "window_checks": int(report["window_checks"]),
        }
    if part == "power":
        return {"power_cuts": int(report["runs"])}
    if part == "damaged":
        return {"damaged_fixtures": int(report["fixtures"])}
    if part == "flips":
        return {"byte_flips": int(report["flips"])}
    if part == "fuzz":
        return {"fuzz_inputs": int(report["total_inputs"])}
    return {f"{part}_runs": 1}


@dataclass
class Ledger:
    """The ledger at ``path`` (a new one when the file does not exist yet)."""

    path: Path
    data: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.path.is_file():
            self.data = json.loads(self.path.read_text(encoding="utf-8"))
        self.data.setdefault("runs", [])
        self.data["targets"] = dict(TARGETS)
        self._add_up()

    @property
    def totals(self) -> dict[str, int]:
        totals: dict[str, int] = self.data["totals"]
        return totals

    def left(self) -> dict[str, int]:
        """How many of each kind the targets still ask for."""
        return {kind: max(0, target - self.totals.get(kind, 0)) for kind, target in TARGETS.items()}

    def parts_to_run(self) -> list[str]:
        """The parts whose kinds are short of their target (the bomb once, if never run)."""
        left = self.left()
        parts = [PART_OF[kind] for kind in TARGETS if left[kind] > 0]
        return (["bomb"] if not self.totals.get("bomb_runs") else []) + parts

    def next_seed(self, base: int) -> int:
        """``base`` for the first run, then one more per run: no two runs alike."""
        return base + len(self.data["runs"])

    def start(self, seed: int, parts: list[str], *, quick: bool) -> None:
        """Open a new run entry."""
        self.data["runs"].append(
            {
                "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "seed": seed,
                "quick": quick,
                "parts": parts,
                "counts": {},
                "failures": [],
                "seconds": 0.0,
                "load_average": load_average(),
            }
        )
        self.save()

    def record(self, part: str, report: Mapping[str, Any], seconds: float) -> None:
        """Put ``part``'s report (as it stands: it may be called again as it goes on) into
        the current run, and write the ledger."""
        run = self.data["runs"][-1]
        run["counts"].update(part_counts(part, report))
        run["failures"] = [f for f in run["failures"] if f.get("part") != part] + [
            {"part": part, **f} for f in report.get("failures", [])[:FAILURES_KEPT]
        ]
        run.setdefault("failure_counts", {})[part] = len(report.get("failures", []))
        run.setdefault("part_seconds", {})[part] = round(seconds, 1)
        self.save()

    def finish(self, seconds: float) -> None:
        """Close the current run."""
        self.data["runs"][-1]["seconds"] = round(seconds, 1)
        self.save()

    def save(self) -> None:
        self._add_up()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        scratch = self.path.with_name(self.path.name + ".writing")
        scratch.write_text(json.dumps(self.data, indent=1) + "\n", encoding="utf-8")
        scratch.replace(self.path)

    def summary(self) -> dict[str, Any]:
        """Totals, what is left, and the number of runs: what a run prints at its end."""
        return {"runs": len(self.data["runs"]), "totals": self.totals, "left": self.left()}

    def _add_up(self) -> None:
        totals: dict[str, int] = {"failures": 0}
        for run in self.data["runs"]:
            for kind, count in run["counts"].items():
                totals[kind] = totals.get(kind, 0) + count
            totals["failures"] += sum(run.get("failure_counts", {}).values())
        self.data["totals"] = totals
