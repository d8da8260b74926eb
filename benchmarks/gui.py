"""Measure the window: keystroke to results painted, start to interactive, peak memory.

    python benchmarks/gui.py --size 100000          # a table
    python benchmarks/gui.py --size 100000 --json   # one JSON object

The real main window (``build_main_window``) runs on a data directory whose catalog is the
cached synthetic one (``benchmarks/.cache/<size>/``, built first when missing), shown on
Qt's offscreen platform unless ``QT_QPA_PLATFORM`` says otherwise (``xcb`` under Xvfb).

*Keystroke to results painted*: each character of a few caseworker queries is typed with
``QTest.keyClick``; the clock stops when the search for that keystroke has been shown and
the results list has repainted. Keys are typed one at a time, each after the previous one's
results were painted, as a person typing at a normal pace would see them. Then requests in
caseworkers' words (``NATURAL_TYPED``) are typed the same way and reported apart
(``keystroke_natural_relaxed_*``, ``keystroke_natural_strict_*``, by whether the search of
each keystroke relaxed the query; ``keystroke_mix_p95_ms`` over every keystroke).

*Start to interactive*: a fresh ``python -m csec_desktop --time-startup`` process (the real
application start), timed from its launch to the line it prints when its results list is
first painted: the window shows the first page of the catalog and takes typing
(``startup_ms``); then to the line it prints once typing searches, the search engine
loaded (``startup_searchable_ms``); then to the line it prints once the window is whole,
its databases open too and the first result's details shown (``startup_ready_ms``). Median
of several warm starts (the catalog file is in the page cache after the first); the
interpreter's start included.

The floors, measured in the same run: for keystrokes, the bare FTS5 query of each typed
prefix on the same file (``SELECT rowid … MATCH ? LIMIT 50``), as in ``benchmarks/run.py``;
for start-up, a process that paints a bare window with an empty list, with PySide6 alone
(``startup_floor_ms``, the floor of the first paint) and with the libraries the whole
window is built on, PySide6, SQLAlchemy and numpy (``startup_libraries_floor_ms``, also the
floor of memory). The window process sets up glibc's allocator as ``csec-desktop`` does
(csec_desktop/memory.py). *Peak memory* is the window process's high-water mark while it
opens and answers the keystrokes; the floor queries, which run in the same process, are
left out as in ``benchmarks/run.py`` (``PeakMemory``); ``process_peak_rss_mb`` has them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

if __package__ in {None, ""}:  # run as a script: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent

#: What is typed, one key at a time.
TYPED = ("trafficking", "mentoring new york", "youth shelter", "hotline", "curriculum")
#: Requests in caseworkers' words (from ``run.NATURAL_REQUESTS``), typed after ``TYPED``:
#: each keystroke is reported as relaxed or strict by what the search did for it.
NATURAL_TYPED = (
    "teen runaway girls",
    "shelter for trafficked youth in texas",
    "training for cops on trafficking",
    "someone is sharing pictures of my son online",
)
#: The quality bars of DESIGN.md, by catalog size (ms, MB).
TARGETS: dict[int, dict[str, float]] = {
    100_000: {"keystroke_p50_ms": 16, "keystroke_p95_ms": 50, "startup_ms": 300,
              "peak_rss_mb": 150},
    1_000_000: {"keystroke_p50_ms": 33, "keystroke_p95_ms": 100, "startup_ms": 800,
                "peak_rss_mb": 250},
}  # fmt: skip
#: What ``csec-desktop --time-startup`` (and the floors below) print once interactive, and
#: what the application prints once its window is whole.
INTERACTIVE = re.compile(r"interactive after (\d+) ms")
SEARCHABLE = re.compile(r"searchable after (\d+) ms")
READY = re.compile(r"ready after (\d+) ms")
#: The floors of start-up and memory: a process that imports PySide6 (and {imports}) and
#: paints a bare window with an empty list, nothing of our own.
FLOOR_SCRIPT = """
import resource, sys, time
started = time.perf_counter()
{imports}
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QListView, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
view = QListView()
window.setCentralWidget(view)
class Clock(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            took = (time.perf_counter() - started) * 1000
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"interactive after {took:.0f} ms, peak {peak:.0f} MB", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
clock = Clock()
view.viewport().installEventFilter(clock)
window.show()
app.exec()
"""


def prepare_data_dir(catalog: Path) -> Path:
    """A fresh data directory whose ``catalog.sqlite`` is (a link to) ``catalog``."""
    directory = Path(tempfile.mkdtemp(prefix="csec-gui-bench-"))
    target = directory / "catalog.sqlite"
    try:
        os.link(catalog, target)
    except OSError:  # another file system: a symbolic link serves as well
        target.symlink_to(catalog)
    return directory


def open_window(data_dir: Path) -> tuple[Any, Any, list[float]]:
    """The application, its shown main window, and the times the results list (or the
    empty state in its place) painted."""
    from csec_desktop import memory
    from csec_desktop.app import build_main_window
    from csec_desktop.ui.qt import QApplication, QEvent, QObject

    memory.tune_allocator()  # as csec-desktop's main() does, before Qt starts threads
    app = QApplication.instance() or QApplication([sys.argv[0]])
    window = build_main_window(data_dir)
    paints: list[float] = []

    class PaintClock(QObject):
        def eventFilter(self, _watched: Any, event: Any) -> bool:  # noqa: N802 (Qt override)
            if event.type() == QEvent.Type.Paint:
                paints.append(time.perf_counter())
            return False

    clock = PaintClock(window)
    window.results_view.viewport().installEventFilter(clock)
    window.empty_state.installEventFilter(clock)  # what shows when nothing matches
    window.show()
    return app, window, paints


def wait_until(app: Any, done: Callable[[], bool], timeout_s: float = 30.0) -> None:
    """Process events until ``done()``; raise if it takes longer than ``timeout_s``.

    The wait blocks in Qt's event loop, as the application's own idle time does (a Python
    busy loop here would hold the GIL against the search thread and slow what it measures);
    a 5 ms timer wakes it to look at ``done()`` between events.
    """
    from csec_desktop.ui.qt import QEventLoop, QTimer

    deadline = time.perf_counter() + timeout_s
    tick = QTimer()
    tick.start(5)
    try:
        while not done():
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            if time.perf_counter() > deadline:
                raise TimeoutError("the window did not answer in time")
    finally:
        tick.stop()


def _time_start(
    command: list[str], env: dict[str, str], patterns: Sequence[re.Pattern[str]]
) -> list[tuple[float, float, str]]:
    """Launch ``command``; for each of ``patterns`` in turn, the wall time to the line that
    matches it, the time the line reports, and the line."""
    launched = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    found: list[tuple[float, float, str]] = []
    for pattern in patterns:
        line = process.stdout.readline()
        seen = time.perf_counter()
        match = pattern.match(line)
        if match is None:
            process.kill()
            raise RuntimeError(f"{command[-1]!r} did not start: {line!r}")
        found.append(((seen - launched) * 1000, float(match[1]), line))
    process.wait(timeout=120)
    return found


def measure_startup(data_dir: Path, runs: int) -> dict[str, Any]:
    """Start to interactive and to ready of ``runs`` fresh processes after one warm-up start,
    each followed by the floors' starts (a bare window: PySide6 alone, then with SQLAlchemy
    and numpy) for comparison."""
    env = dict(os.environ, CSEC_DESKTOP_DATA_DIR=str(data_dir))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    application = [sys.executable, "-m", "csec_desktop", "--time-startup"]
    floors = {
        "startup_floor_ms": [sys.executable, "-c", FLOOR_SCRIPT.replace("{imports}", "")],
        "startup_libraries_floor_ms": [
            sys.executable,
            "-c",
            FLOOR_SCRIPT.replace("{imports}", "import numpy, sqlalchemy.orm"),
        ],
    }
    samples: dict[str, list[float]] = {}
    for run in range(runs + 1):
        interactive, searchable, ready = _time_start(
            application, env, (INTERACTIVE, SEARCHABLE, READY)
        )
        taken = {
            "startup_ms": interactive[0],
            "startup_in_process_ms": interactive[1],
            "startup_searchable_ms": searchable[0],
            "startup_ready_ms": ready[0],
        }
        for name, command in floors.items():
            [(took, _, line)] = _time_start(command, env, (INTERACTIVE,))
            taken[name] = took
            if name == "startup_libraries_floor_ms":
                taken["floor_peak_rss_mb"] = float(line.rsplit("peak ", 1)[1].split()[0])
        if run:  # the first round warms the page cache
            for name, value in taken.items():
                samples.setdefault(name, []).append(value)
    report: dict[str, Any] = {
        name: round(statistics.median(values), 1) for name, values in samples.items()
    }
    report["startup_runs_ms"] = [round(v, 1) for v in samples["startup_ms"]]
    report["startup_ready_runs_ms"] = [round(v, 1) for v in samples["startup_ready_ms"]]
    return report


def measure_keystrokes(
    data_dir: Path,
    catalog: Path,
    typed: Sequence[str],
    repeats: int,
    natural: Sequence[str] = (),
) -> dict[str, Any]:
    """Keystroke-to-painted samples for every prefix of ``typed``, and the floor's; then
    of ``natural`` requests, apart, by whether each keystroke's search was relaxed."""
    from PySide6.QtTest import QTest

    from benchmarks.run import FLOOR_SQL, PeakMemory, fts, percentile

    # The window's peak, without the floor queries' (a bare "t"* prefix scan makes SQLite
    # allocate tens of MB for a moment in this process): see PeakMemory.
    memory = PeakMemory()
    app, window, paints = open_window(data_dir)
    wait_until(app, lambda: bool(paints))
    edit = window.search_edit
    # When a search's first rows went into the model (its reset, inside the window's own
    # slot, synchronous): the first paint after it counts.
    shown = [0.0]

    def note_shown() -> None:
        shown[0] = time.perf_counter()

    window.results_model.modelReset.connect(note_shown)
    floor_db = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
    samples: list[float] = []
    to_model: list[float] = []
    floors: list[float] = []
    #: Keystrokes of the natural requests by class (natural_relaxed, natural_strict), and
    #: their floors.
    classed: dict[str, list[float]] = {"natural_relaxed": [], "natural_strict": []}
    natural_floors: list[float] = []
    for _ in range(repeats):
        for text in [*typed, *natural]:
            is_natural = text not in typed
            edit.clear()
            wait_until(app, window.search_idle)
            for end, char in enumerate(text, start=1):
                started = time.perf_counter()
                QTest.keyClicks(edit, char)

                def answered(since: float = started) -> bool:
                    if not (window.search_idle() and shown[0] > since):
                        return False
                    # Nothing matched before either: the tips in the list's place stay as
                    # they were, and there is nothing to repaint.
                    return paints[-1] > shown[0] or window.results_view.isHidden()

                wait_until(app, answered)
                painted = next((t for t in paints if t > shown[0]), shown[0])
                if is_natural:
                    relaxed = (
                        window.search.last_result is not None and window.search.last_result.relaxed
                    )
                    classed["natural_relaxed" if relaxed else "natural_strict"].append(
                        (painted - started) * 1000
                    )
                else:
                    samples.append((painted - started) * 1000)
                    to_model.append((shown[0] - started) * 1000)
                del paints[:-1]
                memory.after_engine()
                prefix = text[:end].strip()
                if prefix:
                    began = time.perf_counter()
                    floor_db.execute(FLOOR_SQL, (fts(prefix, prefix=True),)).fetchall()
                    (natural_floors if is_natural else floors).append(
                        (time.perf_counter() - began) * 1000
                    )
                    memory.after_floor()
    floor_db.close()
    window.close()
    return {
        "keystrokes": len(samples),
        "keystroke_p50_ms": round(percentile(samples, 50), 2),
        "keystroke_p95_ms": round(percentile(samples, 95), 2),
        "keystroke_max_ms": round(max(samples), 2),
        # The part until the first rows were in the model (search, hand-over), the rest
        # being layout and paint; the count and facet counts follow (not timed here).
        "keystroke_to_model_p50_ms": round(percentile(to_model, 50), 2),
        "keystroke_to_model_p95_ms": round(percentile(to_model, 95), 2),
        "floor_p50_ms": round(percentile(floors, 50), 3),
        "floor_p95_ms": round(percentile(floors, 95), 3),
        **{
            f"keystroke_{name}_{stat}": value
            for name, values in classed.items()
            for stat, value in (
                ("count", len(values)),
                ("p50_ms", round(percentile(values, 50), 2)),
                ("p95_ms", round(percentile(values, 95), 2)),
            )
        },
        "keystroke_mix_p95_ms": round(
            percentile([*samples, *classed["natural_relaxed"], *classed["natural_strict"]], 95), 2
        ),
        "natural_floor_p50_ms": round(percentile(natural_floors, 50), 3),
        "natural_floor_p95_ms": round(percentile(natural_floors, 95), 3),
        "peak_rss_mb": memory.result(),
        "peak_rss_method": "VmHWM of the window's work, the floor queries' excluded"
        if memory.exact
        else "ru_maxrss, floor queries included",
        "process_peak_rss_mb": memory.process_result(),
    }


def check_targets(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each DESIGN.md bar for this size with the measured value and whether it is met."""
    return {
        key: {"target": bar, "value": report[key], "ok": report[key] <= bar}
        for key, bar in TARGETS.get(report["size"], {}).items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=10_000, help="resources (default 10000)")
    parser.add_argument("--repeats", type=int, default=2, help="passes over the typed queries")
    parser.add_argument("--starts", type=int, default=5, help="timed warm starts")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    from benchmarks.run import build_in_subprocess, load_average

    catalog, _info, _built = build_in_subprocess(args.size, rebuild=False)
    data_dir = prepare_data_dir(catalog)
    report: dict[str, Any] = {
        "size": args.size,
        "platform": os.environ["QT_QPA_PLATFORM"],
        "load_before": load_average(),
    }
    try:
        report.update(measure_startup(data_dir, args.starts))
        report.update(measure_keystrokes(data_dir, catalog, TYPED, args.repeats, NATURAL_TYPED))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)  # the link only: the cache stays
    report["load_after"] = load_average()
    report["cpus"] = os.cpu_count()
    report["targets"] = check_targets(report)
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        for key, value in report.items():
            print(f"{key:<24} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
