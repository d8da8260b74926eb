"""Start-up of the window in English and in Spanish, and of another checkout for comparison.

    python benchmarks/startup_language.py --size 100000 --starts 15 [--before OTHER/src]

Each round starts ``python -m csec_desktop --time-startup`` (as ``benchmarks/gui.py`` does)
on the cached synthetic catalog: with ``--before``, once with that source tree first on
``PYTHONPATH`` (another branch's ``src``, the "before" of a change); then this tree's code
with the language setting English, then Spanish (Qt's translators loaded before the window
is built); then the floor, a bare PySide6 window (``benchmarks/gui.py``'s FLOOR_SCRIPT). The
rounds interleave the starts, so a busy machine slows all alike; the first round warms the
page cache and is left out. Medians and minimums in ms, as one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

if __package__ in {None, ""}:  # run as a script: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.gui import (
    FLOOR_SCRIPT,
    INTERACTIVE,
    READY,
    SEARCHABLE,
    _time_start,
    prepare_data_dir,
)


def measure(catalog: Path, starts: int, before: Path | None) -> dict[str, Any]:
    """The start-up samples of each setup over ``starts`` rounds after one warm-up round."""
    from csec_desktop.catalog.storage import store
    from csec_desktop.catalog.user import userstore
    from csec_desktop.catalog.user.preferences import Preferences

    setups: dict[str, dict[str, str]] = {}
    base = dict(os.environ)
    folders = []
    for name, language in (("before", "en"), ("english", "en"), ("spanish", "es")):
        if name == "before" and before is None:
            continue
        folder = prepare_data_dir(catalog)
        folders.append(folder)
        user = store.open_user_db(folder)
        userstore.set_preferences(user, Preferences(language=language))
        user.dispose()
        env = dict(base, CSEC_DESKTOP_DATA_DIR=str(folder))
        if name == "before":
            env["PYTHONPATH"] = str(before)
        setups[name] = env
    application = [sys.executable, "-m", "csec_desktop", "--time-startup"]
    floor = [sys.executable, "-c", FLOOR_SCRIPT.replace("{imports}", "")]
    samples: dict[str, list[float]] = {}
    try:
        for round_ in range(starts + 1):
            taken: dict[str, float] = {}
            for name, env in setups.items():
                interactive, searchable, ready = _time_start(
                    application, env, (INTERACTIVE, SEARCHABLE, READY)
                )
                taken[f"{name}_interactive_ms"] = interactive[0]
                taken[f"{name}_interactive_in_process_ms"] = interactive[1]
                taken[f"{name}_searchable_ms"] = searchable[0]
                taken[f"{name}_ready_ms"] = ready[0]
            [(took, _, _)] = _time_start(floor, base, (INTERACTIVE,))
            taken["floor_bare_window_ms"] = took
            if round_:  # the first round warms the page cache
                for key, value in taken.items():
                    samples.setdefault(key, []).append(value)
    finally:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)  # the link only: the cache stays
    report: dict[str, Any] = {k: round(statistics.median(v), 1) for k, v in samples.items()}
    report["min"] = {k: round(min(v), 1) for k, v in samples.items()}
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=10_000, help="resources (default 10000)")
    parser.add_argument("--starts", type=int, default=9, help="timed rounds")
    parser.add_argument("--before", type=Path, help="another checkout's src/ to compare")
    args = parser.parse_args(argv)
    from benchmarks.run import build_in_subprocess, load_average

    catalog, _info, _built = build_in_subprocess(args.size, rebuild=False)
    report: dict[str, Any] = {"size": args.size, "starts": args.starts}
    report["load_before"] = load_average()
    report.update(measure(catalog, args.starts, args.before))
    report["load_after"] = load_average()
    report["cpus"] = os.cpu_count()
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
