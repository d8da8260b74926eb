"""The agency server: first sync, incremental sync, and a steward's edit reaching a desk.

```sh
python -m benchmarks.agency --size 100000          # one JSON object on stdout
CSEC_TEST_PG_URL=postgresql://host/db python -m benchmarks.agency --size 1000
```

Makes a fresh database on the PostgreSQL server named by ``--url`` (default
``$CSEC_TEST_PG_URL`` or ``postgresql://127.0.0.1:5432/test``), runs ``agency init`` in it,
writes N agency resources with ``COPY`` (through the trigger, as stewards' edits would be
logged), and drops it at the end. A desk on a copy of the curated catalog then:

- ``first_sync_s``: pulls all N (batches, cursor, the local-resource merge into the catalog);
  ``first_sync_peak_rss_mb``: the process's high-water mark during it (Linux VmHWM, reset
  just before);
- ``incremental_100_s``: pulls 100 changed resources;
- ``edit_visible_s``: from a steward's push to a listening desk (LISTEN/NOTIFY) having the
  edit in its local copy, median of 5; ``floor_notify_s``: a bare NOTIFY from one
  connection reaching another that LISTENs, median of 5;
- ``edit_visible_window_s``: the same through the window's agency link
  (:class:`csec_desktop.ui.agency_link.AgencyLink`: listener thread, the GUI thread's
  request, the sync worker), until it reports the sync that brought the edit, median of 5.

The floor, on the same server and data in the same run: ``floor_copy_s`` (a bare ``COPY`` of
the same N records into a plain table) and ``floor_select_s`` (streaming them back with a
server-side cursor).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import make_url

from benchmarks.run import PeakMemory
from csec_desktop import paths
from csec_desktop.agency import schema, server, sync
from csec_desktop.catalog.storage import store

WORDS = (
    "shelter", "outreach", "advocate", "drop-in", "counseling", "housing", "legal",
    "mentoring", "survivor", "youth", "family", "medical", "education", "transport",
)  # fmt: skip
STATES = ("GA", "NY", "CA", "TX", "IL", "WA", "FL", "OH")


def record(i: int) -> dict[str, Any]:
    """The i-th synthetic agency resource (deterministic)."""
    words = [WORDS[(i * k + 3) % len(WORDS)] for k in (1, 5, 7)]
    slug = f"local/agency-{i}"
    return {
        "id": slug,
        "kind": "program",
        "title": f"Agency {' '.join(words).title()} Program {i}",
        "summary": f"A {words[0]} and {words[1]} service for young people, number {i}.",
        "status": "active",
        "last_verified": "2026-11",
        "topics": ["trafficking"],
        "sites": [{"city": "Springfield", "state": STATES[i % len(STATES)]}],
    }


def _copy_text(size: int) -> bytes:
    out = io.StringIO()
    for i in range(size):
        text = json.dumps(record(i)).replace("\\", "\\\\")
        out.write(f"local/agency-{i}\t{text}\n")
    return out.getvalue().encode()


def _timed_copy(url: str, table: str, data: bytes) -> float:
    with psycopg.connect(url) as connection:
        started = time.perf_counter()
        with connection.cursor().copy(f"COPY {table} (slug, record) FROM STDIN") as copy:
            copy.write(data)
        connection.commit()
        return time.perf_counter() - started


def measure(url: str, size: int) -> dict[str, Any]:
    name = f"csec_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    db_url = make_url(url).set(database=name).render_as_string(hide_password=False)
    try:
        return _measure(db_url, size)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            for role in ("stewards", "desks"):
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(
                    sql.Identifier(f"{name}_{role}")
                ))  # fmt: skip


def _measure(url: str, size: int) -> dict[str, Any]:
    engine = server.server_engine(url)
    with engine.connect() as session:
        schema.init_server(session)
    engine.dispose()
    data = _copy_text(size)
    result: dict[str, Any] = {"size": size}
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE TABLE floor (slug text PRIMARY KEY, record jsonb NOT NULL)")
    result["floor_copy_s"] = round(_timed_copy(url, "floor", data), 3)
    with psycopg.connect(url) as connection, connection.cursor(name="floor") as cursor:
        started = time.perf_counter()
        cursor.itersize = 5000
        cursor.execute("SELECT slug, record FROM floor")
        rows = sum(1 for _ in cursor)
        result["floor_select_s"] = round(time.perf_counter() - started, 3)
        assert rows == size
    result["server_copy_logged_s"] = round(_timed_copy(url, "csec_agency.resource", data), 3)

    with tempfile.TemporaryDirectory() as folder:
        desks = []
        for desk_name in ("desk", "other"):
            directory = Path(folder) / desk_name
            directory.mkdir()
            catalog, _ = store.ensure_catalog(directory, paths.bundled_catalog_source())
            user = store.open_user_db(directory)
            follow = sync.merge_follower(catalog, user)
            desks.append((directory, catalog, user, follow))
        directory, catalog, user, follow = desks[0]
        sync.connect_desk(directory, user, url, follow)
        memory = PeakMemory()
        started = time.perf_counter()
        report = sync.pull(url, directory, user, follow)
        result["first_sync_s"] = round(time.perf_counter() - started, 2)
        memory.after_engine()
        result["first_sync_peak_rss_mb"] = memory.peak if memory.exact else None
        result["process_peak_rss_mb"] = memory.process_result()
        assert len(report.changed) == size, len(report.changed)

        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(
                "UPDATE csec_agency.resource SET record = jsonb_set(record, '{summary}', "
                "'\"Changed.\"') WHERE slug IN (SELECT slug FROM csec_agency.resource "
                "ORDER BY slug LIMIT 100)"
            )
        started = time.perf_counter()
        report = sync.pull(url, directory, user, follow)
        result["incremental_100_s"] = round(time.perf_counter() - started, 3)
        assert len(report.changed) == 100

        result["edit_visible_s"] = _edit_visible(url, desks[0], desks[1])
        result["edit_visible_window_s"] = _edit_visible_window(url, desks[0], desks[1])
    result["floor_notify_s"] = _notify_floor(url)
    return result


def _edit_visible_window(url: str, steward: Any, desk: Any) -> float:
    """Median seconds from a steward's push to the window's agency link (its listener
    thread, the GUI thread's request, the sync worker, the catalog following) ending the
    sync that brought the edit: the window's own path, less repainting."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from csec_desktop.catalog.desk import Desk
    from csec_desktop.ui.agency_link import AgencyLink, SyncOutcome
    from csec_desktop.ui.qt import QApplication, QEventLoop, QTimer

    app = QApplication.instance() or QApplication([sys.argv[0]])
    d_dir = desk[0]
    edited: list[str] = []
    loop = QEventLoop()
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(loop.quit)
    with Desk(d_dir, source=None) as opened:
        link = AgencyLink(opened)

        def finished(outcome: SyncOutcome) -> None:
            if outcome.report is not None and "local/agency-0" in outcome.report.changed:
                edited.append("local/agency-0")
                loop.quit()

        link.finished.connect(finished)
        link.start()
        while link.busy():  # the catch-up sync of start
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

        def arrived(_n: int) -> None:
            edited.clear()
            give_up.start(10_000)
            loop.exec()
            give_up.stop()
            assert edited, "the edit did not arrive within 10 s"

        try:
            return _timed_edits(url, steward, "Window edit", arrived)
        finally:
            link.close()


def _timed_edits(url: str, steward: Any, words: str, arrived: Callable[[int], None]) -> float:
    """Median seconds of 5 edits by the ``steward`` desk (summary "``words`` n."), each
    from its push until ``arrived(n)`` returns."""
    s_dir, s_catalog, s_user, _s_follow = steward
    times = []
    for n in range(5):
        data = {**record(0), "summary": f"{words} {n}."}
        sync.queue_put(s_catalog, s_user, data, "local/agency-0")
        started = time.perf_counter()
        sync.push(url, s_dir, s_user)
        arrived(n)
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def _notify_floor(url: str) -> float:
    """Median seconds from a bare NOTIFY on one connection to another connection, which
    LISTENs on the same server, receiving it: what no desk can beat."""
    times = []
    with (
        psycopg.connect(url, autocommit=True) as listening,
        psycopg.connect(url, autocommit=True) as sending,
    ):
        listening.execute("LISTEN csec_floor")
        for n in range(5):
            started = time.perf_counter()
            sending.execute(f"NOTIFY csec_floor, '{n}'")
            assert any(True for _ in listening.notifies(timeout=10, stop_after=1))
            times.append(time.perf_counter() - started)
    # Microseconds: on a quiet loopback the round trip is well under 0.1 ms.
    return round(statistics.median(times), 6)


def _edit_visible(url: str, steward: Any, desk: Any) -> float:
    """Median seconds from a steward's push to the listening desk holding the edit."""
    d_dir, _d_catalog, d_user, d_follow = desk
    sync.connect_desk(d_dir, d_user, url, d_follow)
    sync.pull(url, d_dir, d_user, d_follow)
    arrived, stop, ready = threading.Event(), threading.Event(), threading.Event()

    def on_change() -> None:
        sync.pull(url, d_dir, d_user, d_follow)
        arrived.set()

    listener = threading.Thread(
        target=sync.watch, args=(url, d_dir, on_change, stop), kwargs={"ready": ready.set}
    )
    listener.start()
    ready.wait(10)

    def holds(n: int) -> None:
        while True:
            assert arrived.wait(10)
            arrived.clear()
            with d_user.connect() as connection:
                held = connection.exec_driver_sql(
                    "SELECT record FROM local_resource WHERE slug = 'local/agency-0'"
                ).scalar_one()
            if f"Edited {n}." in held:
                return

    try:
        return _timed_edits(url, steward, "Edited", holds)
    finally:
        stop.set()
        listener.join(5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument(
        "--url", default=os.environ.get("CSEC_TEST_PG_URL", "postgresql://127.0.0.1:5432/test")
    )
    args = parser.parse_args(argv)
    json.dump(measure(args.url, args.size), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
