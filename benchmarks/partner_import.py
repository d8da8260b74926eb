"""Peak memory and time of the three ways a partner's directory (an HSDS package or a CSV
file) becomes local resources or JSON.

    python benchmarks/partner_import.py --size 100000 --json
    python benchmarks/partner_import.py --size 100000 --before 048d41c --json
    python benchmarks/partner_import.py --format csv --size 100000 --before 317b8eb --json

The package is the HSDS export of the cached synthetic catalog of ``--size`` resources
(made once into ``benchmarks/.cache/<size>/hsds/``); with ``--format csv`` it is the CSV
export of that catalog instead (``export --format csv``, made once into
``benchmarks/.cache/<size>/partner.csv``). Each path runs in a fresh process on a fresh
data folder holding a copy of that catalog (no local resources yet), so that its peak
resident memory is its own:

- ``output``: ``csec-catalog import-hsds PACKAGE -o OUT`` (``import-csv FILE -o OUT`` for
  a CSV file): the JSON export document;
- ``as_local``: ``csec-catalog import-hsds PACKAGE --as-local`` (``import-csv``);
- ``window``: what File → Import partner directory… calls: ``preview_partner`` then
  ``import_partner``, then ``undo_partner_import``;
- ``merge`` (only when asked for with ``--paths``): the merge of every local resource
  after a rebuild (``Desk.merge_local`` on a catalog without them), the user data being
  what ``as_local`` left (made once a run, by this worktree's code, not measured);
- ``preview`` (only when asked for): ``preview_partner`` and the window's preview dialog
  built on it (Qt offscreen), not shown; its floor is taken with Qt loaded, and
  ``read_rss_mb`` / ``dialog_rss_mb`` are the resident memory once the preview was read
  and once the dialog was built.

Each child reports ``peak_rss_mb`` (VmHWM at its end), ``startup_rss_mb`` (its resident
memory as the child starts: Python and this script), ``floor_rss_mb`` (its resident memory
after the modules were imported and the catalog opened, before reading: the floor measured
in the same process) and the seconds it took. With ``--before REV`` every path
also runs on the code of git revision ``REV`` (its ``src/`` unpacked into a temporary
folder and put first on ``PYTHONPATH``), in the same run, for a before/after comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if __package__ in {None, ""}:  # run as a script: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.run import build_in_subprocess, emit, load_average
from benchmarks.synthetic import REPO, cache_dir

PATHS = ("output", "as_local", "window")
#: Paths run only when named (``--paths``): ``merge`` needs an ``as_local`` run first.
MORE_PATHS = ("merge", "preview")


def _rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith(f"{field}:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _child(path: str, package: Path, data_dir: Path) -> dict[str, Any]:
    """Run one path in this (fresh) process; what it did, its time and memory."""
    startup = _rss_mb("VmRSS")
    import csec_desktop
    from csec_desktop.catalog.desk import Desk
    from csec_desktop.catalog.interchange import partner
    from csec_desktop.cli import build_parser

    desk = Desk(data_dir, source=None)  # the copied catalog as it is
    facts: dict[str, Any] = {
        "code": str(Path(str(csec_desktop.__file__)).parent),  # which code ran
        "startup_rss_mb": startup,
        "floor_rss_mb": _rss_mb("VmRSS"),
    }
    start = time.perf_counter()
    if path == "preview":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from csec_desktop.ui.partner_import import PreviewDialog
        from csec_desktop.ui.qt import QApplication

        app = QApplication([sys.argv[0]])
        desk.catalog, desk.user  # noqa: B018  (opened before the floor)
        facts["floor_rss_mb"] = _rss_mb("VmRSS")
        start = time.perf_counter()
        preview = partner.preview_partner(package, desk.catalog, desk.user)
        facts["read_rss_mb"] = _rss_mb("VmRSS")
        dialog = PreviewDialog(preview)
        facts["listed"] = dialog.resources.rowCount()
        facts["dialog_rss_mb"] = _rss_mb("VmRSS")
        dialog.deleteLater()
        preview.records.close()
        app.processEvents()
    elif path == "merge":
        # A rebuilt catalog (the copy holds no local resource) under user data that holds
        # them: what every rebuild, update or undo does next.
        desk.catalog, desk.user  # noqa: B018  (opened before the floor: not the merge's)
        facts["floor_rss_mb"] = _rss_mb("VmRSS")
        start = time.perf_counter()
        facts["warning"] = desk.merge_local()
        facts["merged"] = (
            desk.catalog.connect()
            .exec_driver_sql("SELECT count(*) FROM resource WHERE is_local")
            .scalar_one()
        )
    elif path == "window":
        preview = partner.preview_partner(package, desk.catalog, desk.user)
        done = partner.import_partner(desk.catalog, desk.user, preview)
        facts["saved"] = len(done.saved)
        facts["import_s"] = round(time.perf_counter() - start, 1)
        undo_start = time.perf_counter()
        partner.undo_partner_import(desk.catalog, desk.user, done)
        facts["undo_s"] = round(time.perf_counter() - undo_start, 1)
        facts["after_undo"] = (
            desk.user.connect().exec_driver_sql("SELECT count(*) FROM local_resource").scalar_one()
        )
    else:
        out = data_dir / "out.json"
        args = build_parser().parse_args(
            [
                "import-csv" if package.suffix == ".csv" else "import-hsds",
                str(package),
                *(["-o", str(out)] if path == "output" else ["--as-local"]),
            ]
        )
        args.desk, args.prepared = desk, True
        facts["exit"] = args.handler(args)
        if path == "output":
            facts["out_mb"] = round(out.stat().st_size / 1024**2, 1)
        else:
            facts["saved"] = (
                desk.user.connect()
                .exec_driver_sql("SELECT count(*) FROM local_resource")
                .scalar_one()
            )
    facts["seconds"] = round(time.perf_counter() - start, 1)
    facts["peak_rss_mb"] = _rss_mb("VmHWM")
    desk.close()
    return facts


def _package(size: int, catalog: Path) -> Path:
    """The HSDS export of the synthetic catalog, made once."""
    folder = cache_dir(size) / "hsds"
    if not (folder / "datapackage.json").is_file():
        partial = folder.with_name("hsds.partial")
        shutil.rmtree(partial, ignore_errors=True)
        export_package(catalog, partial)
        partial.replace(folder)
    return folder


def _csv_file(size: int, catalog: Path) -> Path:
    """The CSV export of the synthetic catalog, made once."""
    path = cache_dir(size) / "partner.csv"
    if not path.is_file():
        partial = path.with_name("partner.csv.partial")
        export_csv_file(catalog, partial)
        partial.replace(path)
    return path


def export_csv_file(catalog: Path, path: Path) -> None:
    """The CSV export of the catalog at ``catalog`` (``export --format csv``) into ``path``:
    the benchmark's partner file in the CSV format."""
    from csec_desktop.catalog.interchange.export import export_csv
    from csec_desktop.catalog.storage import store

    engine = store.sqlite_engine(catalog)
    try:
        with path.open("w", encoding="utf-8", newline="") as out:
            export_csv(engine, out)
    finally:
        engine.dispose()


def export_package(catalog: Path, folder: Path) -> None:
    """The HSDS export of the catalog at ``catalog`` into ``folder``: the benchmark's
    partner package."""
    from csec_desktop.catalog.interchange.hsds_export import export_hsds
    from csec_desktop.catalog.storage import store

    engine = store.sqlite_engine(catalog)
    try:
        export_hsds(engine, folder)
    finally:
        engine.dispose()


def _source_tree(revision: str, into: Path) -> Path:
    """``src/`` of git revision ``revision``, unpacked under ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", revision, "src"],
        check=True,
        capture_output=True,
    ).stdout
    tar = into / "src.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as opened:
        opened.extractall(into, filter="data")
    return into / "src"


def _local_user_data(package: Path, catalog: Path, scratch: Path) -> Path:
    """The user data an ``as_local`` import of ``package`` leaves (made once in
    ``scratch`` by this worktree's code): what the ``merge`` path merges."""
    kept = scratch / "merge-user.sqlite"
    if not kept.is_file():
        facts = _run("as_local", package, catalog, None, scratch, keep=kept)
        print("merge setup (as_local)", facts, file=sys.stderr, flush=True)
    return kept


def _run(
    path: str,
    package: Path,
    catalog: Path,
    src: Path | None,
    scratch: Path,
    *,
    keep: Path | None = None,
) -> Any:
    """One path in a fresh process on a fresh data folder; ``keep``: where to copy the
    user data it leaves."""
    data_dir = scratch / f"data-{path}"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir()
    shutil.copy(catalog, data_dir / "catalog.sqlite")
    if path == "merge":
        shutil.copy(_local_user_data(package, catalog, scratch), data_dir / "user.sqlite")
    env = dict(os.environ)
    env["PYTHONPATH"] = (
        os.pathsep.join(str(p) for p in (src, REPO) if p is not None)
        + os.pathsep
        + env.get("PYTHONPATH", "")
    )
    if src is not None:
        # The editable install's finder would import this worktree's package instead.
        env["CSEC_BENCH_SRC"] = str(src)
    done = subprocess.run(
        [sys.executable, __file__, "--child", path, str(package), str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if keep is not None and done.returncode == 0:
        shutil.copy(data_dir / "user.sqlite", keep)
    shutil.rmtree(data_dir, ignore_errors=True)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-3:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(
    catalog: Path, package: Path, paths: Sequence[str], before: Path | None = None
) -> dict[str, Any]:
    """Each of ``paths`` on the catalog at ``catalog`` with ``package``, in fresh processes:
    ``{path: {"after": facts}}``, and ``"before"`` too when ``before`` (an older ``src/``)
    is given."""
    versions: list[tuple[str, Path | None]] = [("after", None)]
    if before is not None:
        versions.insert(0, ("before", before))
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="partner-bench-") as folder:
        for path in paths:
            for name, src in versions:
                report.setdefault(path, {})[name] = _run(path, package, catalog, src, Path(folder))
                print(path, name, report[path][name], file=sys.stderr, flush=True)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=10000, help="synthetic resources")
    parser.add_argument(
        "--format", choices=("hsds", "csv"), default="hsds", help="the partner file's format"
    )
    parser.add_argument("--before", metavar="REV", help="also run the code of this revision")
    parser.add_argument("--paths", default=",".join(PATHS), help="which paths, comma-separated")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--output", type=Path, help="also write the JSON report to this file")
    parser.add_argument(
        "--child", nargs=3, metavar=("PATH", "PACKAGE", "DATA"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child[0], Path(args.child[1]), Path(args.child[2]))))
        return 0
    catalog, _, _ = build_in_subprocess(args.size, rebuild=False)
    make = _csv_file if args.format == "csv" else _package
    package = make(args.size, catalog)
    files = [package] if package.is_file() else list(package.iterdir())
    report: dict[str, Any] = {
        "size": args.size,
        "format": args.format,
        "package_mb": round(sum(p.stat().st_size for p in files) / 1024**2, 1),
        "load_before": load_average(),
    }
    with tempfile.TemporaryDirectory(prefix="partner-bench-src-") as folder:
        before = _source_tree(args.before, Path(folder)) if args.before else None
        report.update(measure(catalog, package, args.paths.split(","), before))
    if args.before:
        report["before_revision"] = args.before
    report["load_after"] = load_average()
    emit(report, args.output, as_json=args.json, render=lambda r: json.dumps(r, indent=1))
    return 0


if __name__ == "__main__":
    if os.environ.get("CSEC_BENCH_SRC"):
        sys.path.insert(0, os.environ["CSEC_BENCH_SRC"])
    sys.exit(main())
