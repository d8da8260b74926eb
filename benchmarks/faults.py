"""The fault campaign: kill -9, power loss, damaged files, flipped bytes and fuzzed input.

```sh
python -m benchmarks.faults --seconds 2400 --json     # the long run (figures in README.md)
python -m benchmarks.faults --quick --json            # a few seconds; the test suite runs it
# runs that add up (benchmarks/faults_ledger.py): each does what the targets still ask
nice python -m benchmarks.faults --ledger benchmarks/results/faults-ledger.json --seconds 1800
```

Parts, each bounded by its own count and by the run's time budget:

- **kills**: ``csec-catalog`` (or the user-data call the window makes) runs one operation
  (local add/edit/remove, ``import-hsds --as-local``, bundle import and undo, rebuild,
  favorites, notes) in a data folder holding real user data, and is SIGKILLed after a
  random delay of up to 1.2 times what the whole operation takes (measured first, in the
  same run: ``floor_s``). After each: ``check`` is ok, the desk opens and searches, the
  catalog's own resources are exactly one of the known catalogs, and no user row committed
  before the operation is gone (except the rows the operation itself replaces).
- **power_loss**: the same operations stopped (SIGSTOP) at a random moment; the data folder
  is copied as it is on disk, the shared-memory files dropped, and each WAL cut at a random
  point among the frames written since the operation began (what a disk that had not
  synced them loses); the copy must pass the same checks.
- **damaged**: fixtures of both databases at start-up (truncated, a page overwritten, a bad
  header, an orphan WAL, 0 bytes, a directory in place of the file, unreadable to its
  user): ``stats`` and ``search`` end in results or one sentence, never a traceback, and the
  window (offscreen, in a child process) starts and searches.
- **flips**: every byte of a signed bundle flipped in turn: each is refused with a
  :class:`BundleError`, or reads back the identical catalog; nothing is written.
- **fuzz**: Hypothesis drives the bundle, JSON, CSV and HSDS readers: no exception other
  than the documented one, and no write.
- **bomb**: a 2 GB zip bomb and its refusal: seconds and peak RSS of the child process,
  with the floor (the same command on a 1 KB file that is not a zip) in the same run.

Every failure is listed with what was done and what was found; ``failures`` is their count.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import gc
import hashlib
import io
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
from benchmarks.faults_ledger import PART_OF, Ledger  # noqa: E402 - after the path
from benchmarks.samples import local_line_toml, table_rows  # noqa: E402

DATA = REPO / "data"
HSDS_PACKAGE = REPO / "tests" / "fixtures" / "hsds-partner"
CHILD = "import sys; from csec_desktop.cli import main; sys.exit(main(sys.argv[1:]))"
NOTE_CHILD = (
    "import sys; from pathlib import Path; from csec_desktop.catalog.storage import store; "
    "from csec_desktop.catalog.user import userstore; "
    "e = store.open_user_db(Path(sys.argv[1])); userstore.set_note(e, sys.argv[2], sys.argv[3])"
)
OPERATIONS = (
    "local-add",
    "local-edit",
    "local-remove",
    "import-hsds",
    "bundle-import",
    "bundle-undo",
    "rebuild",
    "favorite",
    "note",
)
QUERY = "trafficking"
#: The first run's seed (a ledger's later runs count up from it).
SEED = 20261204
#: Seeds the order in which bytes are flipped: the same in every run (see run_flips).
FLIP_ORDER = 16
#: Stands for the curated catalog's document in fuzzed input (its repr is too long to show).
CURATED = "<the curated catalog>"


def _environment() -> dict[str, str]:
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=path)
    env.pop("CSEC_DESKTOP_DATA_DIR", None)
    return env


def _log(finding: dict[str, Any]) -> None:
    """A failure on stderr as soon as it is found (the report comes at the end)."""
    print(json.dumps(finding, ensure_ascii=False), file=sys.stderr, flush=True)


def _quiet_cli(*args: str) -> tuple[int, str, str]:
    """``csec-catalog args`` in this process; its exit code, stdout and stderr."""
    from csec_desktop.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as leaving:  # argparse
            code = int(leaving.code or 0)
    # The command's engines wait for the collector: close them now. A connection this
    # process kept open while the next operation replaced the catalog would write into the
    # new file's WAL (a second desk open during an import; not what a kill tests).
    gc.collect()
    return code, out.getvalue(), err.getvalue()


def _open_files(directory: Path) -> list[str]:
    """Files under ``directory`` this process holds open (Linux; empty elsewhere)."""
    found = []
    with contextlib.suppress(OSError):
        for descriptor in Path("/proc/self/fd").iterdir():
            with contextlib.suppress(OSError):
                target = str(descriptor.readlink())
                if target.startswith(str(directory)):
                    found.append(target)
    return found


def _rows(path: Path) -> set[tuple[str, str]]:
    """Every row of every table of a SQLite file as (table, repr(row))."""
    return {(table, repr(row)) for table, rows in table_rows(path).items() for row in rows}


def catalog_fingerprint(directory: Path) -> str:
    """A hash of the catalog's own resources (the agency's local ones left out)."""
    from csec_desktop.catalog.content.records import record_to_dict
    from csec_desktop.catalog.storage import reader, store

    engine = store.sqlite_engine(directory / "catalog.sqlite")
    try:
        digest = hashlib.sha256()
        for record in reader.iter_records(engine, include_local=False):
            digest.update(json.dumps(record_to_dict(record), sort_keys=True).encode())
        return digest.hexdigest()[:16]
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- the world


@dataclass
class World:
    """A work folder with a template data folder full of user data, keys, bundles, the
    partner HSDS package and local-resource files."""

    root: Path
    rng: random.Random
    template: Path = field(init=False)
    public_key: Path = field(init=False)
    private_key: Path = field(init=False)
    edited_source: Path = field(init=False)
    states: dict[str, str] = field(default_factory=dict)
    version: int = 0
    number: int = 0

    def __post_init__(self) -> None:
        from csec_desktop.catalog.interchange.bundle import generate_keypair
        from csec_desktop.catalog.storage import store
        from csec_desktop.catalog.user import userstore

        self.template = self.root / "template"
        self.private_key = self.root / "publisher.key"
        self.public_key = generate_keypair(self.private_key)
        self.edited_source = self._edited()
        self.template.mkdir()
        store.ensure_catalog(self.template, DATA)[0].dispose()
        user = store.open_user_db(self.template)
        for slug in ("hotline/cybertipline", "program/gems-2006"):
            userstore.add_favorite(user, slug)
        userstore.set_note(user, "program/gems-2006", "Intake on Mondays.")
        userstore.save_search(user, "NY mentoring", "mentoring", {"state": ["NY"]}, "relevance")
        user.dispose()
        for _ in range(3):
            code, _, err = _quiet_cli(
                "--data-dir", str(self.template), "local", "add", str(self.local_file())
            )
            assert code == 0, err
        code, _, err = _quiet_cli(
            "--data-dir",
            str(self.template),
            "import-hsds",
            str(HSDS_PACKAGE),
            "--as-local",
            "--verified",
            "2024-05",
        )
        assert code == 0, err
        self.states["curated"] = catalog_fingerprint(self.template)
        # The in-process commands leave engines for the collector; close them now, so that
        # the template is at rest (no WAL) before it is copied or compared.
        gc.collect()
        for name in ("catalog.sqlite", "user.sqlite"):
            connection = sqlite3.connect(self.template / name)
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.close()

    def _edited(self) -> Path:
        """The curated source with one resource's title changed (a second catalog)."""
        target = self.root / "edited-source"
        shutil.copytree(DATA, target)
        path = target / "resources" / "program" / "gems-2006.toml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('title = "', 'title = "Edited: ', 1), encoding="utf-8")
        return target

    def local_file(self) -> Path:
        self.number += 1
        path = self.root / f"local-{self.number}.toml"
        path.write_text(local_line_toml(str(self.number)), encoding="utf-8")
        return path

    def next_bundle(self) -> Path:
        """A signed bundle with a higher version than every one before, of the curated and
        the edited catalog in turn."""
        from csec_desktop.catalog.interchange.bundle import build_bundle

        self.version += 1
        path = self.root / f"update-{self.version}.zip"
        source = self.edited_source if self.version % 2 else DATA
        build_bundle(
            source,
            path,
            self.private_key,
            publisher="Fault campaign",
            catalog_version=f"2099.1.{self.version}",
        )
        return path

    def fresh(self, name: str) -> Path:
        """A copy of the template data folder."""
        target = self.root / name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(self.template, target)
        return target


@dataclass
class Operation:
    """One command to start, and the user rows it may replace (by a text they contain)."""

    name: str
    argv: list[str]
    replaces: tuple[str, ...] = ()


def _local_ids(directory: Path) -> list[str]:
    connection = sqlite3.connect(f"file:{directory / 'user.sqlite'}?mode=ro", uri=True)
    try:
        return [slug for (slug,) in connection.execute("SELECT slug FROM local_resource")]
    except sqlite3.Error:
        return []
    finally:
        connection.close()


def make_operation(world: World, name: str, directory: Path) -> Operation:
    """The command for operation ``name`` on ``directory``, with fresh arguments."""
    cli = [sys.executable, "-c", CHILD, "--data-dir", str(directory)]
    rng = world.rng
    if name == "local-add":
        return Operation(name, [*cli, "local", "add", str(world.local_file())])
    if name in ("local-edit", "local-remove"):
        ids = _local_ids(directory) or ["local/none"]
        target = rng.choice(ids)
        if name == "local-edit":
            return Operation(
                name, [*cli, "local", "edit", target, str(world.local_file())], (target,)
            )
        return Operation(name, [*cli, "local", "remove", target], (target,))
    if name == "import-hsds":
        return Operation(
            name,
            [*cli, "import-hsds", str(HSDS_PACKAGE), "--as-local", "--verified", "2024-05"],
            ("local/hotline-mycity", "local/program-community", "local/organization-example"),
        )
    if name == "bundle-import":
        return Operation(
            name, [*cli, "import", str(world.next_bundle()), "--public-key", str(world.public_key)]
        )
    if name == "bundle-undo":
        return Operation(name, [*cli, "import", "--undo"])
    if name == "rebuild":
        return Operation(name, [*cli, "rebuild"])
    if name == "favorite":
        slug = rng.choice(
            ["hotline/cybertipline", "program/gems-2006", "hotline/988-suicide-crisis-lifeline"]
        )
        action = rng.choice(["add", "remove"])
        return Operation(name, [*cli, "favorites", action, slug], (slug,))
    slug = rng.choice(["program/gems-2006", "hotline/cybertipline"])
    return Operation(
        name,
        [sys.executable, "-c", NOTE_CHILD, str(directory), slug, f"Note {rng.random()}"],
        (slug,),
    )


# --------------------------------------------------------------------------- checks


#: What ``check`` says when a kill fell between saving local resources in user data and
#: merging them into the catalog: the next open merges them (see ``notes`` below).
PENDING_MERGE = "brings them in line"


def check_folder(
    world: World,
    directory: Path,
    before: set[tuple[str, str]],
    replaces: tuple[str, ...],
    notes: list[str] | None = None,
) -> list[str]:
    """What is wrong with ``directory`` after a fault (empty when nothing is).

    A ``check`` that fails only because local resources wait to be merged, and passes once
    the desk has opened (the search), is a note in ``notes``, not a failure.
    """
    wrong: list[str] = []
    code, out, err = _quiet_cli("--data-dir", str(directory), "check")
    said = (out + err).strip()
    pending = code != 0 and all(
        PENDING_MERGE in line or line.endswith(": ok") for line in said.splitlines()
    )
    if code != 0 and not pending:
        wrong.append(f"check failed: {said[:300]}")
    code, out, err = _quiet_cli("--data-dir", str(directory), "search", QUERY, "--json")
    if code != 0:
        wrong.append(f"search failed: {err.strip()[:300]}")
    elif not json.loads(out).get("results"):
        wrong.append("search found nothing")
    if pending:
        code, again, err = _quiet_cli("--data-dir", str(directory), "check")
        if code != 0:
            wrong.append(f"check failed after the desk opened: {(again + err).strip()[:300]}")
        elif notes is not None:
            notes.append(said.splitlines()[0][:200])
    try:
        fingerprint = catalog_fingerprint(directory)
        if fingerprint not in world.states.values():
            wrong.append(f"the catalog is none of the known ones ({fingerprint})")
    except Exception as error:
        wrong.append(f"the catalog cannot be read ({type(error).__name__}: {error})")
    after = _rows(directory / "user.sqlite")
    lost = [
        f"{table}: {row[:120]}"
        for table, row in sorted(before - after)
        if table != "setting" and not any(text in row for text in replaces)
    ]
    if lost:
        wrong.append(f"{len(lost)} committed user row(s) lost, first {lost[0]}")
    if held := _open_files(directory):
        # Not a finding about the desk: said, so that a finding after it is read with care.
        _log({"note": "the campaign process keeps files of the folder open", "files": held[:3]})
    return wrong


def window_check(directory: Path, timeout: float = 60) -> dict[str, Any]:
    """Start the window offscreen on ``directory`` in a child process, search, report."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.faults", "--window-check", str(directory)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=_environment(),
            cwd=REPO,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"ok": False, "why": f"the window did not start and search in {timeout:.0f} s"}
    lines = done.stdout.strip().splitlines()
    try:
        report: dict[str, Any] = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        return {"ok": False, "why": f"exit {done.returncode}: {done.stderr.strip()[-400:]}"}
    if "Traceback" in done.stderr or "Unexpected error" in done.stderr:
        report.update(ok=False, why=done.stderr.strip()[-400:])
    return report


def _window_child(directory: Path) -> None:
    """``--window-check``: the window on ``directory`` offscreen; dialogs are answered with
    their default and recorded. Prints one JSON line."""
    from csec_desktop.ui import qt

    app = qt.QApplication.instance() or qt.QApplication([])
    messages: list[str] = []

    def record(kind: str, default: Any) -> Callable[..., Any]:
        def answer(*args: Any, **_kwargs: Any) -> Any:
            texts = [a for a in args if isinstance(a, str)]
            messages.append(f"{kind}: {texts[-1] if texts else ''}")
            return default

        return answer

    button = qt.QMessageBox.StandardButton
    qt.QMessageBox.warning = record("warning", button.Ok)  # type: ignore[method-assign]
    qt.QMessageBox.critical = record("critical", button.Ok)  # type: ignore[method-assign]
    qt.QMessageBox.information = record("information", button.Ok)  # type: ignore[method-assign]
    qt.QMessageBox.question = record("question", button.Yes)  # type: ignore[method-assign]
    from csec_desktop.app import error_handler, start_window

    sys.excepthook = error_handler(directory)  # as the application's main() does
    window = start_window(directory)
    if window is None:
        print(json.dumps({"ok": False, "why": "no window", "messages": messages}))
        return
    window.show()
    deadline = time.monotonic() + 40
    while not window.attached and window.isVisible() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    edit = window.findChild(qt.QLineEdit, "searchEdit")
    if edit is not None:
        edit.setText(QUERY)
    rows = 0
    while time.monotonic() < deadline:
        app.processEvents()
        rows = window.results_model.rowCount()
        if window.attached and window.search_idle() and rows:
            break
        time.sleep(0.01)
    ok = bool(window.attached and rows)
    print(
        json.dumps(
            {
                "ok": ok,
                "rows": rows,
                "messages": messages,
                **({} if ok else {"why": "the window did not attach or found nothing"}),
            }
        )
    )
    window.close()


# --------------------------------------------------------------------------- kills


@dataclass
class Budget:
    """The run's end; each part stops at its own count or at the end, whichever first."""

    end: float

    def left(self) -> float:
        return self.end - time.monotonic()


def known_catalogs(world: World) -> None:
    """Add the catalogs the bundles make to the known states (they alternate between the
    curated and the edited catalog)."""
    from csec_desktop.catalog.desk import Desk

    directory = world.fresh("known")
    for name in ("edited", "curated-bundle"):
        with Desk(directory) as desk:
            desk.import_bundle(world.next_bundle(), public_key=world.public_key)
        world.states[name] = catalog_fingerprint(directory)


def measure_operations(world: World, operations: tuple[str, ...]) -> dict[str, float]:
    """Seconds each operation takes when left alone: the floor of the kill delays."""
    durations: dict[str, float] = {}
    directory = world.fresh("measure")
    for name in operations:
        operation = make_operation(world, name, directory)
        started = time.perf_counter()
        subprocess.run(operation.argv, capture_output=True, env=_environment(), check=False)
        durations[name] = round(time.perf_counter() - started, 3)
    return durations


def _start_and_wait(
    world: World, directory: Path, durations: dict[str, float]
) -> tuple[Operation, subprocess.Popen[bytes], float]:
    """Start a random operation on ``directory`` and wait a random part of its whole time
    (up to 1.2 times it, so that some finish); return it, its process and the delay."""
    name = world.rng.choice(list(durations))
    operation = make_operation(world, name, directory)
    delay = world.rng.uniform(0, durations[name] * 1.2)
    process = subprocess.Popen(
        operation.argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_environment()
    )
    time.sleep(delay)
    return operation, process, delay


#: Called with a part's report as it stands after each of its rounds (the ledger's).
Checkpoint = Callable[[dict[str, Any]], None]


def run_kills(  # noqa: PLR0917 - the part's plan, as campaign() passes it
    world: World,
    count: int,
    budget: Budget,
    durations: dict[str, float],
    window_every: int,
    checkpoint: Checkpoint | None = None,
) -> dict[str, Any]:
    """SIGKILL operations at random moments; check the folder after each."""
    directory = world.fresh("kills")
    failures: list[dict[str, Any]] = []
    pending: list[str] = []
    by_operation: dict[str, int] = {}
    finished = killed = windows = 0

    def report() -> dict[str, Any]:
        return {
            "kills": killed,
            "finished_before_kill": finished,
            "by_operation": by_operation,
            "window_checks": windows,
            "check_pending_merge": len(pending),
            "floor_s": durations,
            "failures": failures,
        }

    for round_ in range(count):
        if budget.left() <= 0:
            break
        before = _rows(directory / "user.sqlite")
        operation, process, delay = _start_and_wait(world, directory, durations)
        name = operation.name
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
            by_operation[name] = by_operation.get(name, 0) + 1
        else:
            finished += 1
        process.wait()
        wrong = check_folder(world, directory, before, operation.replaces, pending)
        if window_every and round_ % window_every == 0:
            windows += 1
            seen = window_check(directory)
            if not seen.get("ok"):
                wrong.append(f"window: {seen.get('why')}")
        if wrong:
            failures.append(
                {"round": round_, "operation": name, "delay_s": round(delay, 3), "found": wrong}
            )
            _log(failures[-1])
            keep = world.root / f"failed-kill-{round_}"
            shutil.copytree(directory, keep, dirs_exist_ok=True)
            directory = world.fresh("kills")  # go on from a sound folder
        if checkpoint is not None:
            checkpoint(report())
    return report()


# --------------------------------------------------------------------------- power loss


def _cut_wal_tails(copy: Path, sizes_before: dict[str, int], rng: random.Random) -> None:
    """What a power cut leaves: no shared memory, and each WAL cut somewhere among the frames
    written since the operation began (those may not have reached the disk)."""
    for shm in copy.glob("*-shm"):
        shm.unlink()
    for wal in copy.glob("*-wal"):
        size = wal.stat().st_size
        start = sizes_before.get(wal.name, 0)
        if size > start:
            with wal.open("r+b") as handle:
                handle.truncate(rng.randint(start, size))


def run_power_loss(
    world: World,
    count: int,
    budget: Budget,
    durations: dict[str, float],
    checkpoint: Checkpoint | None = None,
) -> dict[str, Any]:
    """Freeze operations at random moments, copy the folder as on disk, cut WAL tails."""
    directory = world.fresh("power")
    failures: list[dict[str, Any]] = []
    pending: list[str] = []
    runs = 0
    for round_ in range(count):
        if budget.left() <= 0:
            break
        before = _rows(directory / "user.sqlite")
        wal_sizes = {p.name: p.stat().st_size for p in directory.glob("*-wal")}
        operation, process, delay = _start_and_wait(world, directory, durations)
        name = operation.name
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGSTOP)
        copy = world.root / "power-copy"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(directory, copy)
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGKILL)
            process.send_signal(signal.SIGCONT)
        process.wait()
        _cut_wal_tails(copy, wal_sizes, world.rng)
        runs += 1
        wrong = check_folder(world, copy, before, operation.replaces, pending)
        if wrong:
            failures.append(
                {"round": round_, "operation": name, "delay_s": round(delay, 3), "found": wrong}
            )
            _log(failures[-1])
            shutil.copytree(copy, world.root / f"failed-power-{round_}", dirs_exist_ok=True)
        # The next round starts from the folder the killed process left (not the copy).
        if check_folder(world, directory, before, operation.replaces):
            directory = world.fresh("power")
        if checkpoint is not None:
            checkpoint({"runs": runs, "check_pending_merge": len(pending), "failures": failures})
    return {"runs": runs, "check_pending_merge": len(pending), "failures": failures}


# --------------------------------------------------------------------------- damaged files


def _damage(path: Path, kind: str, rng: random.Random) -> None:
    """Damage the SQLite file ``path`` as ``kind`` says."""
    data = path.read_bytes() if path.is_file() else b""
    page = 4096
    if kind == "zero-bytes":
        path.write_bytes(b"")
    elif kind.startswith("truncated"):
        path.write_bytes(data[: rng.randint(1, max(1, len(data) - 1))])
    elif kind == "bad-header":
        path.write_bytes(b"Not a SQLite file" + data[17:])
    elif kind.startswith("page-overwrite"):
        pages = max(1, len(data) // page)
        number = rng.randrange(pages)
        junk = bytes(rng.randrange(256) for _ in range(page))
        path.write_bytes(data[: number * page] + junk + data[(number + 1) * page :])
    elif kind == "orphan-wal":
        # A WAL of another database beside this one (its salt and checksums are not ours).
        other = path.with_name("other.sqlite")
        connection = sqlite3.connect(other)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE t(x)")
        connection.execute("INSERT INTO t VALUES (1)")
        connection.commit()
        shutil.copy(other.with_name("other.sqlite-wal"), path.with_name(path.name + "-wal"))
        connection.close()
        for leftover in path.parent.glob("other.sqlite*"):
            leftover.unlink()
    elif kind == "garbage-wal":
        wal = path.with_name(path.name + "-wal")
        wal.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randint(1, 20000))))
    elif kind == "directory":
        path.unlink()
        path.mkdir()
        (path / "something").write_text("not a database", encoding="utf-8")
    elif kind == "unreadable":
        path.chmod(0)
    elif kind == "index-overwrite":
        overwrite_index_segments(path)
    else:
        raise ValueError(kind)


def overwrite_index_segments(path: Path) -> int:
    """Overwrite, in the file's pages, the bytes of every segment of the catalog's
    full-text index (the rows of its ``_data`` table but the structure record) with zeros:
    the B-trees around them stay sound, as when a disk writes part of a page wrong, so
    SQLite's own integrity check passes. Returns how many segments were overwritten."""
    from csec_desktop.catalog.index.indexing import FTS_TABLE

    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    blocks = [
        bytes(block)
        for (block,) in connection.execute(f"SELECT block FROM {FTS_TABLE}_data WHERE id > 10")
    ]
    connection.close()
    data = bytearray(path.read_bytes())
    overwritten = 0
    for block in blocks:
        at = data.find(block) if len(block) > 16 else -1  # overflow pages split a long one
        if at >= 0:
            data[at : at + len(block)] = bytes(len(block))
            overwritten += 1
    path.write_bytes(bytes(data))
    return overwritten


DAMAGE_KINDS = (
    "zero-bytes",
    "truncated",
    "truncated-again",
    "bad-header",
    "page-overwrite",
    "page-overwrite-again",
    "orphan-wal",
    "garbage-wal",
    "directory",
    "unreadable",
    "index-overwrite",
)
#: Damage only a catalog can have (user data has no full-text index).
CATALOG_ONLY = ("index-overwrite",)


def _as_nobody() -> None:  # pragma: no cover - runs in the child
    """Run the child as user ``nobody``, so that file permissions apply even under root."""
    if os.getuid() == 0:
        os.setgid(65534)
        os.setuid(65534)


def run_damaged(world: World, count: int, budget: Budget, window: bool) -> dict[str, Any]:
    """Start the CLI and the window on damaged data folders."""
    failures: list[dict[str, Any]] = []
    outcomes: dict[str, int] = {}
    fixtures = 0
    plan = [
        (target, kind)
        for kind in DAMAGE_KINDS
        for target in ("catalog.sqlite", "user.sqlite")
        if target == "catalog.sqlite" or kind not in CATALOG_ONLY
    ]
    world.rng.shuffle(plan)
    for index in range(count):
        if budget.left() <= 0:
            break
        target, kind = plan[index % len(plan)]
        directory = world.fresh("damaged")
        # Checkpoint first, so the damage hits the whole file (no WAL holds the pages).
        for name in ("catalog.sqlite", "user.sqlite"):
            connection = sqlite3.connect(directory / name)
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.close()
        _damage(directory / target, kind, world.rng)
        preexec = None
        if kind == "unreadable":
            directory.chmod(0o777)
            preexec = _as_nobody
        fixtures += 1
        found: list[str] = []
        for args in (["stats"], ["search", QUERY]):
            done = subprocess.run(
                [sys.executable, "-c", CHILD, "--data-dir", str(directory), *args],
                capture_output=True,
                text=True,
                env=_environment(),
                timeout=120,
                preexec_fn=preexec,
                check=False,
            )
            err = done.stderr.strip()
            if "Traceback" in err or "Unexpected error" in err:
                found.append(f"{args[0]}: {err[-300:]}")
            elif done.returncode != 0 and err.count("\n") > 0:
                found.append(f"{args[0]}: more than one sentence: {err[:300]}")
            outcome = "ok" if done.returncode == 0 else "one sentence"
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if window and kind != "unreadable":
            report = window_check(directory)
            said = report.get("messages", [])
            # No catalog can be made in place of a folder: one message naming it, a clean exit.
            refused = (
                target == "catalog.sqlite"
                and kind == "directory"
                and report.get("why") == "no window"
                and len(said) == 1
                and str(directory / target) in said[0]
            )
            if not report.get("ok") and not refused:
                found.append(f"window: {report.get('why')} {said}")
        if found:
            failures.append({"file": target, "damage": kind, "found": found})
            _log(failures[-1])
        with contextlib.suppress(OSError):
            (directory / target).chmod(0o644)
    return {"fixtures": fixtures, "outcomes": outcomes, "failures": failures}


# --------------------------------------------------------------------------- flips


def _contents(directory: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Every row of both databases: what a write would change."""
    return _rows(directory / "catalog.sqlite"), _rows(directory / "user.sqlite")


def run_flips(world: World, count: int, budget: Budget, start: int = 0) -> dict[str, Any]:
    """Flip each byte of a signed bundle in turn (XOR a random non-zero byte), read it;
    ``start``: the flips earlier runs did (in the same order, so that runs add up to every
    byte)."""
    from csec_desktop.catalog.desk import Desk
    from csec_desktop.catalog.interchange import bundle, update

    good = world.root / "flip-good.zip"
    manifest = bundle.build_bundle(
        DATA, good, world.private_key, publisher="Fault campaign", catalog_version="2099.9.9"
    )
    original = good.read_bytes()
    directory = world.fresh("flips")
    before = _contents(directory)
    positions = list(range(len(original)))
    random.Random(FLIP_ORDER).shuffle(positions)
    failures: list[dict[str, Any]] = []
    refused = accepted_same = flips = 0
    path = world.root / "flip.zip"
    for index in range(count):
        if budget.left() <= 0:
            break
        position = positions[(start + index) % len(positions)]
        data = bytearray(original)
        data[position] ^= world.rng.randrange(1, 256)
        path.write_bytes(bytes(data))
        flips += 1
        try:
            read = bundle.read_bundle(path, public_key=world.public_key)
        except bundle.BundleError:
            refused += 1
            if index % 500 == 0:  # through the whole import: still nothing written
                with (
                    contextlib.suppress(bundle.BundleError, update.UpdateError),
                    Desk(directory) as desk,
                ):
                    desk.import_bundle(path, public_key=world.public_key)
            continue
        except Exception as error:
            failures.append({"position": position, "found": f"{type(error).__name__}: {error}"})
            _log(failures[-1])
            continue
        if read.content.content_hash != manifest.payload_sha256:
            failures.append({"position": position, "found": "a changed catalog was accepted"})
            _log(failures[-1])
        else:
            accepted_same += 1  # a byte the zip does not check (a time, an unused field)
    if _contents(directory) != before:
        failures.append({"found": "a refused bundle changed the data folder"})
    return {
        "flips": flips,
        "bundle_bytes": len(original),
        "refused": refused,
        "accepted_identical_catalog": accepted_same,
        "failures": failures,
    }


# --------------------------------------------------------------------------- fuzzing


def run_fuzz(world: World, count: int, budget: Budget) -> dict[str, Any]:
    """Hypothesis-generated input to each reader, ``count`` examples per reader at most."""
    from hypothesis import HealthCheck, given, seed, settings
    from hypothesis import strategies as st

    from csec_desktop.catalog.curated.sources import read_catalog_source
    from csec_desktop.catalog.interchange import bundle
    from csec_desktop.catalog.interchange.csv_import import read_csv
    from csec_desktop.catalog.interchange.export import CSV_COLUMNS
    from csec_desktop.catalog.interchange.hsds import READ_TABLES, table_resource
    from csec_desktop.catalog.interchange.hsds_export import export_hsds
    from csec_desktop.catalog.interchange.hsds_import import read_hsds_package
    from csec_desktop.catalog.interchange.json_import import read_catalog_document
    from csec_desktop.catalog.storage import store

    curated = read_catalog_source(DATA)
    good = world.root / "fuzz-good.zip"
    bundle.build_bundle(DATA, good, world.private_key, publisher="Fuzz", catalog_version="2099.8.8")
    good_bytes = good.read_bytes()
    with zipfile.ZipFile(good) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    document = json.loads(members[bundle.PAYLOAD])
    work = world.root / "fuzz"
    work.mkdir(exist_ok=True)
    before = _contents(world.template)
    counts: dict[str, int] = {}
    failures: list[dict[str, Any]] = []

    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
        ),
        max_leaves=12,
    )
    cell = st.text(max_size=40) | st.sampled_from(
        ["", "=1+1", "'=x", "NY", "2026-11", "program", "active", "trafficking", "312-555-0100"]
    )

    def tally(name: str) -> None:
        counts[name] = counts.get(name, 0) + 1
        if share.left() <= 0:
            raise _OutOfTime

    def bundle_mutation(edits: list[tuple[int, int]], cut: int | None) -> None:
        tally("bundle_bytes")
        data = bytearray(good_bytes)
        for position, value in edits:
            data[position % len(data)] = value
        path = work / "mutated.zip"
        path.write_bytes(bytes(data[:cut] if cut is not None else data))
        with contextlib.suppress(bundle.BundleError):
            bundle.read_bundle(path, public_key=world.public_key, allow_unverified=True)

    def bundle_members(manifest: dict[str, Any], payload: Any, names: list[str]) -> None:
        tally("bundle_members")
        path = work / "members.zip"
        if payload == CURATED:
            payload = document
        # A name twice is one of the cases: zipfile warns, and writes it.
        with warnings.catch_warnings(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            warnings.simplefilter("ignore")
            for name in names:
                if name == bundle.MANIFEST:
                    archive.writestr(name, json.dumps(manifest))
                elif name == bundle.PAYLOAD:
                    archive.writestr(name, json.dumps(payload))
                else:
                    archive.writestr(name, members.get(name, b"x"))
        with contextlib.suppress(bundle.BundleError):
            bundle.read_bundle(path, public_key=world.public_key, allow_unverified=True)

    def catalog_document(field_name: str, value: Any, index: int) -> None:
        tally("catalog_json")
        changed = json.loads(json.dumps(document))
        resources = changed["resources"]
        resources[index % len(resources)][field_name] = value
        read_catalog_document(changed, "fuzz.json")

    def csv_file(header: list[str], rows: list[list[str]], raw: bytes) -> None:
        tally("csv")
        path = work / "fuzz.csv"
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows(rows)
        path.write_bytes(text.getvalue().encode("utf-8") + raw)
        read_csv(path, curated)

    package = work / "package"
    shutil.rmtree(package, ignore_errors=True)
    shutil.copytree(HSDS_PACKAGE, package)
    pristine = {p.name: p.read_bytes() for p in package.iterdir()}
    fixture_ids = sorted(
        {
            line.split(",", 1)[0]
            for data in pristine.values()
            for line in data.decode("utf-8", "replace").splitlines()[1:]
        }
    )

    def hsds_table(table: str, columns: list[str], rows: list[list[str]]) -> None:
        tally("hsds")
        for name, data in pristine.items():
            (package / name).write_bytes(data)
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(columns)
        writer.writerows(rows)
        (package / table_resource(table)["path"]).write_text(text.getvalue(), encoding="utf-8")
        read_hsds_package(package, curated)

    hsds_cell = cell | st.sampled_from(fixture_ids)
    # Our own export (with the template's local resources): its attributes carry JSON values
    # and codes that only a package of ours reaches.
    ours = work / "ours"
    shutil.rmtree(ours, ignore_errors=True)
    engine = store.sqlite_engine(world.fresh("fuzz-export") / "catalog.sqlite")
    export_hsds(engine, ours)
    engine.dispose()
    with (ours / "attributes.csv").open(encoding="utf-8", newline="") as handle:
        attributes = list(csv.reader(handle))  # cells may hold line breaks
    our_pristine = (ours / "attributes.csv").read_bytes()

    def hsds_ours(line: int, cells: list[str]) -> None:
        tally("hsds_ours")
        rows = [list(row) for row in attributes]
        index = 1 + line % (len(rows) - 1)
        kept = rows[index]
        rows[index] = [
            cells[i] if i < len(cells) and cells[i] != "=" else kept[i] for i in range(len(kept))
        ]
        with (ours / "attributes.csv").open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
        try:
            read_hsds_package(ours, curated)
        finally:
            (ours / "attributes.csv").write_bytes(our_pristine)

    targets: list[tuple[str, Callable[..., None], tuple[Any, ...]]] = [
        (
            "bundle_bytes",
            bundle_mutation,
            (
                st.lists(
                    st.tuples(st.integers(0, len(good_bytes) - 1), st.integers(0, 255)), max_size=4
                ),
                st.none() | st.integers(0, len(good_bytes)),
            ),
        ),
        (
            "bundle_members",
            bundle_members,
            (
                st.dictionaries(
                    st.sampled_from(
                        [
                            "format",
                            "format_version",
                            "catalog_version",
                            "date",
                            "publisher",
                            "resource_count",
                            "catalog_date",
                            "payload_sha256",
                            "key_id",
                        ]
                    ),
                    json_values,
                ).map(lambda d: {"format": "csec-desktop-bundle", "format_version": 1, **d}),
                json_values | st.just(CURATED),
                st.lists(st.sampled_from([*bundle.MEMBERS, "../x", "extra.txt"]), max_size=4),
            ),
        ),
        (
            "catalog_json",
            catalog_document,
            (
                st.sampled_from(
                    [
                        "id",
                        "kind",
                        "title",
                        "summary",
                        "sites",
                        "contacts",
                        "awards",
                        "related",
                        "topics",
                        "last_verified",
                        "eligibility",
                        "status",
                    ]
                ),
                json_values,
                st.integers(0, 1000),
            ),
        ),
        (
            "hsds_ours",
            hsds_ours,
            (
                st.integers(0, 10**6),
                st.lists(
                    st.just("=")
                    | cell
                    | json_values.map(json.dumps)
                    | st.sampled_from(fixture_ids),
                    max_size=8,
                ),
            ),
        ),
        (
            "csv",
            csv_file,
            (
                st.lists(st.sampled_from(CSV_COLUMNS) | st.text(max_size=8), max_size=12).map(
                    lambda h: list(
                        dict.fromkeys(
                            [
                                "id",
                                "kind",
                                "title",
                                "summary",
                                "status",
                                "source",
                                "last_verified",
                                *h,
                            ]
                        )
                    )
                ),
                st.lists(st.lists(cell, max_size=14), max_size=5),
                st.binary(max_size=20),
            ),
        ),
        (
            "hsds",
            hsds_table,
            (
                st.sampled_from(READ_TABLES),
                st.lists(
                    st.sampled_from(
                        [
                            "id",
                            "organization_id",
                            "service_id",
                            "location_id",
                            "name",
                            "number",
                            "extension",
                            "type",
                            "status",
                            "country",
                            "state_province",
                            "city",
                            "description",
                            "servce_id",
                            "link_id",
                            "taxonomy_term_id",
                            "code",
                            "assured_date",
                            "byday",
                            "opens_at",
                        ]
                    ),
                    min_size=1,
                    max_size=8,
                ).map(lambda c: list(dict.fromkeys(["id", *c]))),
                st.lists(st.lists(hsds_cell, max_size=9), max_size=5),
            ),
        ),
    ]
    batch = 200
    for place, (name, function, strategies) in enumerate(targets):
        counts[name] = 0
        # Each reader gets an equal share of the time left.
        share = Budget(time.monotonic() + budget.left() / (len(targets) - place))
        while counts[name] < count and share.left() > 0:
            fuzzed: Callable[[], None] = given(*strategies)(function)  # type: ignore[no-untyped-call]
            configured = settings(
                max_examples=min(batch, count),
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            try:
                seed(world.rng.randrange(2**32))(configured(fuzzed))()
            except _OutOfTime:
                break
            except Exception as error:
                frame = traceback.extract_tb(error.__traceback__)[-1]
                where = f"{Path(frame.filename).name}:{frame.lineno}"
                found = f"{type(error).__name__} at {where}: {error}"
                failures.append({"reader": name, "found": found[:600]})
                _log(failures[-1])
                break
    if _contents(world.template) != before:
        failures.append({"found": "fuzzing changed the data folder"})
    return {"inputs": counts, "total_inputs": sum(counts.values()), "failures": failures}


class _OutOfTime(BaseException):
    """The run's time is up (a BaseException, so that no reader swallows it)."""


# --------------------------------------------------------------------------- the bomb


def _spaces_bomb(path: Path, size: int) -> None:
    """An unsigned bundle whose catalog.json is ``size`` spaces, written by streaming."""
    manifest = {
        "format": "csec-desktop-bundle",
        "format_version": 1,
        "catalog_version": "2099.1.1",
        "date": "2026-11-23T00:00:00+00:00",
        "publisher": "x",
        "resource_count": 0,
        "catalog_date": "2026-11",
        "payload_sha256": "0" * 64,
        "key_id": "0" * 16,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        with archive.open("catalog.json", "w") as handle:
            chunk = b" " * (1 << 24)
            left = size
            while left:
                handle.write(chunk[: min(left, len(chunk))])
                left -= min(left, len(chunk))


def _child_cost(argv: list[str]) -> tuple[float, float, str]:
    """Seconds, peak RSS (MB) and stderr of a child process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_environment()
    )
    assert process.stderr is not None
    err = process.stderr.read().decode("utf-8", "replace")
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return time.perf_counter() - started, usage.ru_maxrss / 1024, err


def run_bomb(world: World, size: int) -> dict[str, Any]:
    """Import a zip bomb (allowing unverified bundles, the worst case): time and memory."""
    bomb = world.root / "bomb.zip"
    _spaces_bomb(bomb, size)
    floor_file = world.root / "not-a-zip.zip"
    floor_file.write_bytes(b"x" * 1024)
    directory = world.fresh("bomb")
    cli = [sys.executable, "-c", CHILD, "--data-dir", str(directory), "import"]
    floor_s, floor_mb, _ = _child_cost([*cli, str(floor_file), "--allow-unverified"])
    seconds, peak_mb, err = _child_cost([*cli, str(bomb), "--allow-unverified"])
    failures = []
    if "zip bomb" not in err or err.count("\n") != 1:
        failures.append({"found": f"not refused in one sentence: {err[-300:]}"})
    return {
        "inflated_bytes": size,
        "file_bytes": bomb.stat().st_size,
        "refusal_seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_mb, 1),
        "floor_seconds": round(floor_s, 2),
        "floor_peak_rss_mb": round(floor_mb, 1),
        "message": err.strip(),
        "failures": failures,
    }


# --------------------------------------------------------------------------- the run


QUICK: dict[str, Any] = {
    "operations": ("local-add", "favorite", "bundle-import"),
    "kills": 3,
    "power": 1,
    "damaged": 2,
    "flips": 150,
    "fuzz": 25,
    "bomb": 64 * 1024**2,
    "window_every": 0,
    "damaged_window": False,
}
LONG: dict[str, Any] = {
    "operations": OPERATIONS,
    "kills": 1200,
    "power": 250,
    "damaged": 60,
    "flips": 12000,
    "fuzz": 10**6,
    "bomb": 2 * 10**9,
    "window_every": 40,
    "damaged_window": True,
}


#: Shares of the time budget among the parts run, so that every part runs in a long run.
SHARES = {"bomb": 0.0, "flips": 0.05, "damaged": 0.12, "kills": 0.55, "power": 0.13, "fuzz": 0.15}
ALL_PARTS = ("bomb", "flips", "damaged", "kills", "power", "fuzz")


def _record(ledger: Ledger, part: str, since: float, now: dict[str, Any]) -> None:
    ledger.record(part, now, time.monotonic() - since)


def campaign(
    root: Path,
    *,
    quick: bool,
    seconds: float,
    seed: int,
    parts: tuple[str, ...] = ALL_PARTS,
    ledger: Ledger | None = None,
) -> dict[str, Any]:
    """Run the campaign in the folder ``root``; return the report. With a ``ledger``, each
    part does at most what the targets still ask, starts where earlier runs stopped, and
    its counts are written to the ledger as they grow."""
    plan = QUICK if quick else LONG
    started = time.monotonic()
    world = World(root, random.Random(seed))
    durations: dict[str, float] = {}
    if {"kills", "power"} & set(parts):
        known_catalogs(world)
        durations = measure_operations(world, tuple(plan["operations"]))
    report: dict[str, Any] = {"quick": quick, "seed": seed, "budget_s": seconds}
    left = ledger.left() if ledger is not None else {}
    counts = {
        part: min(int(plan[part]), left.get(kind, int(plan[part])))
        for kind, part in PART_OF.items()
    }
    # Fuzzing's count is per reader (six of them), the target's of all inputs.
    counts["fuzz"] = min(int(plan["fuzz"]), -(-left.get("fuzz_inputs", 6 * plan["fuzz"]) // 6))
    if ledger is not None:
        ledger.start(seed, list(parts), quick=quick)
    timed = sum(SHARES[part] for part in parts) or 1.0
    for part in parts:
        budget = Budget(time.monotonic() + max(1.0, seconds * SHARES[part] / timed))
        part_started = time.monotonic()
        checkpoint: Checkpoint | None = None
        if ledger is not None:
            checkpoint = functools.partial(_record, ledger, part, part_started)

        if part == "bomb":
            report[part] = run_bomb(world, int(plan["bomb"]))
        elif part == "flips":
            done = ledger.totals.get("byte_flips", 0) if ledger is not None else 0
            report[part] = run_flips(world, counts["flips"], budget, start=done)
        elif part == "damaged":
            report[part] = run_damaged(
                world, counts["damaged"], budget, bool(plan["damaged_window"])
            )
        elif part == "kills":
            report[part] = run_kills(
                world, counts["kills"], budget, durations, int(plan["window_every"]), checkpoint
            )
        elif part == "power":
            report[part] = run_power_loss(world, counts["power"], budget, durations, checkpoint)
        elif part == "fuzz":
            report[part] = run_fuzz(world, counts["fuzz"], budget)
        report[part]["seconds"] = round(time.monotonic() - part_started, 1)
        if checkpoint is not None:
            checkpoint(report[part])
    report["failures"] = sum(len(report[part]["failures"]) for part in parts)
    report["seconds"] = round(time.monotonic() - started, 1)
    if ledger is not None:
        ledger.finish(report["seconds"])
        report["ledger"] = {"path": str(ledger.path), **ledger.summary()}
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a few seconds (the test suite's)")
    parser.add_argument("--seconds", type=float, default=1800, help="time budget of the run")
    parser.add_argument(
        "--seed", type=int, help=f"default {SEED}; with --ledger, {SEED} + the runs before"
    )
    parser.add_argument(
        "--parts",
        help=f"default {','.join(ALL_PARTS)}; with --ledger, the parts short of their target",
    )
    parser.add_argument(
        "--ledger", type=Path, help="add this run to the ledger (JSON) of earlier runs"
    )
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--window-check", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.window_check:
        _window_child(args.window_check)
        return 0
    ledger = Ledger(args.ledger) if args.ledger else None
    if args.parts is not None:
        parts = tuple(p for p in args.parts.split(",") if p)
    else:
        parts = tuple(ledger.parts_to_run()) if ledger is not None else ALL_PARTS
    if not parts:
        print(json.dumps({"ledger": ledger.summary() if ledger else None, "parts": []}))
        return 0
    seed = args.seed if args.seed is not None else ledger.next_seed(SEED) if ledger else SEED
    options = {"quick": args.quick, "seconds": args.seconds, "seed": seed, "parts": parts}
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        report = campaign(args.keep, **options, ledger=ledger)
    else:
        with tempfile.TemporaryDirectory(prefix="csec-faults-") as folder:
            report = campaign(Path(folder), **options, ledger=ledger)
    print(json.dumps(report, indent=2 if args.json else None, ensure_ascii=False))
    return 0 if report["failures"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
