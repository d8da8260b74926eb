"""Whatever user.sqlite holds, the catalog's local resources come in line with it.

Issue 16: a kill between the two writes of ``local add`` (user data, then the catalog), a
row added to user data outside the application, or a restored backup left user data ahead
of the catalog, and the merge that should catch up failed with ``UNIQUE constraint failed:
resource.id`` at every start, while ``check`` said ok.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from cli_helpers import LOCAL_LINE_TOML, assert_one_sentence, run
from csec_desktop import paths
from csec_desktop.catalog.index import indexing
from csec_desktop.catalog.storage import store
from csec_desktop.catalog.user import local

FIRST = "local/quillon-county-youth-line"
SECOND = "local/brannoch-county-youth-line"
DIRECT = "local/zephyrine-night-line"

DROP_IN = {
    "kind": "program",
    "title": "Zephyrine House Youth Drop-in",
    "summary": "A drop-in center where young people can rest, eat and talk to an advocate.",
    "status": "active",
    "last_verified": "2026-11-02",
    "topics": ["trafficking"],
    "sites": [{"city": "Albany", "state": "NY"}],
}


def add(capsys: pytest.CaptureFixture[str], tmp_path: Path, title: str = "Quillon") -> str:
    """``csec-catalog local add`` of the youth line titled ``<title> County …``; its id."""
    entry = tmp_path / f"{title}.toml"
    entry.write_text(LOCAL_LINE_TOML.replace("Quillon", title), encoding="utf-8")
    code, out, err = run(capsys, "local", "add", str(entry), "--json")
    assert code == 0, err
    return str(json.loads(out)["record"]["id"])


def insert_directly(
    data_dir: Path, slug: str = DIRECT, title: str = "Zephyrine Night Line"
) -> None:
    """Copy the first stored local resource under a new id and title, with plain SQL, as
    another program (or a process killed after its first write) would leave it."""
    with closing(sqlite3.connect(paths.user_db_path(data_dir))) as db:
        created, updated, text = db.execute(
            "SELECT created_at, updated_at, record FROM local_resource ORDER BY slug LIMIT 1"
        ).fetchone()
        record = {**json.loads(text), "id": slug, "title": title}
        db.execute(
            "INSERT INTO local_resource (slug, record, created_at, updated_at) VALUES (?, ?, ?, ?)",
            (slug, json.dumps(record, sort_keys=True), created, updated),
        )
        db.commit()


def snapshot(path: Path) -> dict[str, Any]:
    """What the catalog at ``path`` holds that a merge writes: rows, links, search index."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:

        def rows(sql: str) -> list[tuple[Any, ...]]:
            return sorted(db.execute(sql).fetchall(), key=repr)

        return {
            "resources": rows("SELECT id, slug, title, is_local FROM resource"),
            "relations": rows("SELECT * FROM relation"),
            "tags": rows("SELECT * FROM resource_tag"),
            "full_text": rows("SELECT rowid, * FROM resource_fts"),
            "terms": rows("SELECT * FROM search_term"),
            "arrays": rows("SELECT name, dtype, data FROM search_array"),
            "meta": rows("SELECT key, value FROM meta"),
        }


def curated_ids(path: Path) -> list[tuple[int, str]]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return db.execute("SELECT id, slug FROM resource WHERE NOT is_local ORDER BY id").fetchall()


def search_ids(capsys: pytest.CaptureFixture[str], query: str) -> list[str]:
    code, out, err = run(capsys, "search", query, "--json")
    assert code == 0, err
    return [hit["id"] for hit in json.loads(out)["results"]]


def listed(capsys: pytest.CaptureFixture[str]) -> list[tuple[str, bool]]:
    code, out, err = run(capsys, "local", "list", "--json")
    assert code == 0, err
    return [(entry["id"], entry["valid"]) for entry in json.loads(out)]


def resource_count(capsys: pytest.CaptureFixture[str]) -> int:
    code, out, err = run(capsys, "stats", "--json")
    assert code == 0, err
    return int(json.loads(out)["resources"])


def test_a_resource_added_to_user_data_directly_is_merged(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    """The reproduction of the issue: one local resource, a second inserted with SQL."""
    add(capsys, tmp_path)
    before = resource_count(capsys)
    curated = curated_ids(paths.catalog_db_path(data_dir))
    insert_directly(data_dir)

    assert resource_count(capsys) == before + 1
    assert search_ids(capsys, "zephyrine") == [DIRECT]
    assert search_ids(capsys, "quillon") == [FIRST]
    assert listed(capsys) == [(FIRST, True), (DIRECT, True)]
    code, out, _ = run(capsys, "favorites", "list")
    assert code == 0 and out.strip() == "No favorites yet."
    assert add(capsys, tmp_path, "Brannoch") == SECOND, "local add works again too"
    assert curated_ids(paths.catalog_db_path(data_dir)) == curated
    code, out, _ = run(capsys, "check")
    assert code == 0 and out == "catalog: ok\nuser: ok\n"


def test_restoring_a_backup_that_holds_more_local_resources(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    add(capsys, tmp_path)
    add(capsys, tmp_path, "Brannoch")
    backup = store.backup_user_db(data_dir)
    code, _, err = run(capsys, "local", "remove", SECOND)
    assert code == 0, err
    assert search_ids(capsys, "brannoch") == []

    store.restore_user_backup(data_dir, backup)  # what the window offers for damaged data

    assert search_ids(capsys, "brannoch") == [SECOND]
    assert search_ids(capsys, "quillon") == [FIRST]
    assert listed(capsys) == [(SECOND, True), (FIRST, True)]


def test_repeated_merges_give_the_same_catalog(dbs: tuple[Engine, Engine]) -> None:
    catalog, user = dbs
    path = Path(str(catalog.url.database))
    curated = curated_ids(path)
    first = local.save(catalog, user, DROP_IN).id
    local.save(catalog, user, {**DROP_IN, "title": "Aardvark Outreach", "related": [{"id": first}]})
    insert_directly(path.parent)

    assert local.merge_into_catalog(catalog, user) == []
    merged = snapshot(path)
    local_slugs = {slug for _, slug, _, is_local in merged["resources"] if is_local}
    assert local_slugs == {first, "local/aardvark-outreach", DIRECT}
    assert merged["relations"], "the link between two local resources is there"
    for _ in range(2):
        # Forget that the catalog is in line, so that the merge writes everything again.
        with catalog.begin() as connection:
            connection.exec_driver_sql("DELETE FROM meta WHERE key = ?", (local.META_LOCAL_HASH,))
        assert local.merge_into_catalog(catalog, user) == []
        assert snapshot(path) == merged
    assert local.merge_into_catalog(catalog, user) == [], "in line: nothing to do"
    assert snapshot(path) == merged
    assert curated_ids(path) == curated, "curated resources keep their ids"

    # The word list and the search arrays, patched by each merge, are what a full build of
    # the search index over the same rows makes.
    rebuilt = path.with_name("rebuilt.sqlite")
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(rebuilt)) as target:
        source.backup(target)
    copy = store.sqlite_engine(rebuilt)
    with copy.begin() as connection:
        synonyms = json.loads(
            connection.exec_driver_sql(
                "SELECT value FROM meta WHERE key = ?", (indexing.META_SYNONYMS,)
            ).scalar_one()
        )
        indexing.build_search_index(connection, synonyms)
    copy.dispose()
    full = snapshot(rebuilt)
    assert merged["terms"] == full["terms"]
    assert merged["arrays"] == full["arrays"]


def test_a_save_does_not_claim_resources_the_catalog_lacks(dbs: tuple[Engine, Engine]) -> None:
    """A window that was open while another process was killed after its first write saves
    a resource of its own: the catalog must not be marked as holding the killed one."""
    catalog, user = dbs
    first = local.save(catalog, user, DROP_IN).id
    insert_directly(Path(str(catalog.url.database)).parent)
    third = local.save(catalog, user, {**DROP_IN, "title": "Aardvark Outreach"}).id
    local.merge_into_catalog(catalog, user)
    with catalog.connect() as connection:
        slugs = connection.exec_driver_sql("SELECT slug FROM resource WHERE is_local").scalars()
        assert sorted(slugs) == sorted([first, DIRECT, third])


def test_a_failed_merge_leaves_the_catalog_untouched_and_says_so(
    dbs: tuple[Engine, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog, user = dbs
    path = Path(str(catalog.url.database))
    local.save(catalog, user, DROP_IN)
    insert_directly(path.parent)
    before = snapshot(path)

    def disk_error(*_args: object, **_options: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    with monkeypatch.context() as patch:
        patch.setattr(local, "insert_resources", disk_error)  # after the old rows went
        with pytest.raises(local.LocalMergeError) as caught:
            local.merge_into_catalog(catalog, user)
    message = str(caught.value)
    assert "disk I/O error" in message and "unchanged" in message
    assert message.endswith(".") and message.count(". ") == 0 and "\n" not in message
    assert snapshot(path) == before
    assert local.merge_into_catalog(catalog, user) == []
    with catalog.connect() as connection:
        assert connection.exec_driver_sql(
            "SELECT count(*) FROM resource WHERE slug = ? AND is_local", (DIRECT,)
        ).scalar_one()


def test_cli_goes_on_without_local_resources_when_the_merge_fails(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add(capsys, tmp_path)
    before = resource_count(capsys)
    insert_directly(data_dir)

    def disk_error(*_args: object, **_options: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    with monkeypatch.context() as patch:
        patch.setattr(local, "insert_resources", disk_error)
        code, out, err = run(capsys, "stats", "--json")
    assert code == 0 and json.loads(out)["resources"] == before
    assert_one_sentence(err)
    assert "local resources" in err and "disk I/O error" in err
    assert resource_count(capsys) == before + 1, "the next command merges"


def cli(data_dir: Path, *args: str, kill_at: str | None = None) -> tuple[int, str, str]:
    """Run ``csec-catalog args`` in a process of its own; return its exit code, stdout and
    stderr. With ``kill_at``, the process dies (``os._exit``, as a kill would: no rollback,
    no clean-up) when it calls ``csec_desktop.catalog.user.local.<kill_at>``.

    Kills need a separate process for the rest as well: a test process that kept its own
    connections to the databases would share SQLite's locks with nothing it runs.
    """
    code = textwrap.dedent(
        f"""
        import os, sys
        from csec_desktop.catalog.user import local
        from csec_desktop.cli import main

        def killed(*args, **options):
            sys.stdout.flush()
            os._exit(9)

        if {kill_at!r}:
            setattr(local, {kill_at!r}, killed)
        sys.exit(main({list(args)!r}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, paths.DATA_DIR_ENV: str(data_dir)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if kill_at:
        assert result.returncode == 9, result.stderr
    return result.returncode, result.stdout, result.stderr


def cli_json(data_dir: Path, *args: str) -> Any:
    code, out, err = cli(data_dir, *args, "--json")
    assert code == 0 and not err, err
    return json.loads(out)


def cli_add(data_dir: Path, tmp_path: Path, title: str) -> str:
    entry = tmp_path / f"{title}.toml"
    entry.write_text(LOCAL_LINE_TOML.replace("Quillon", title), encoding="utf-8")
    return str(cli_json(data_dir, "local", "add", str(entry))["record"]["id"])


def test_a_kill_between_delete_and_insert_of_the_merge(data_dir: Path, tmp_path: Path) -> None:
    assert cli_add(data_dir, tmp_path, "Quillon") == FIRST
    before = cli_json(data_dir, "stats")["resources"]
    insert_directly(data_dir)
    catalog = paths.catalog_db_path(data_dir)
    untouched = snapshot(catalog)

    # The merge has deleted the old local rows and is about to write them again.
    cli(data_dir, "stats", kill_at="insert_resources")

    assert snapshot(catalog) == untouched, "the killed transaction left nothing behind"
    assert cli_json(data_dir, "stats")["resources"] == before + 1
    assert [r["id"] for r in cli_json(data_dir, "search", "zephyrine")["results"]] == [DIRECT]
    assert [e["id"] for e in cli_json(data_dir, "local", "list")] == [FIRST, DIRECT]


def test_a_kill_between_the_two_writes_of_local_add(data_dir: Path, tmp_path: Path) -> None:
    """What happened in 3 of 102 kills: user.sqlite has the new resource, the catalog not."""
    assert cli_add(data_dir, tmp_path, "Quillon") == FIRST
    before = cli_json(data_dir, "stats")["resources"]
    entry = tmp_path / "second.toml"
    entry.write_text(LOCAL_LINE_TOML.replace("Quillon", "Brannoch"), encoding="utf-8")

    cli(data_dir, "local", "add", str(entry), kill_at="_replace")

    assert cli_json(data_dir, "stats")["resources"] == before + 1
    assert [r["id"] for r in cli_json(data_dir, "search", "brannoch")["results"]] == [SECOND]
    assert [r["id"] for r in cli_json(data_dir, "search", "quillon")["results"]] == [FIRST]
    assert [(e["id"], e["valid"]) for e in cli_json(data_dir, "local", "list")] == [
        (SECOND, True),
        (FIRST, True),
    ]
    assert cli_add(data_dir, tmp_path, "Aardvark") == "local/aardvark-county-youth-line"
    assert cli(data_dir, "check") == (0, "catalog: ok\nuser: ok\n", "")


def test_check_says_when_the_local_resources_disagree(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    add(capsys, tmp_path)
    user_db = paths.user_db_path(data_dir)

    def checked() -> tuple[int, str]:
        code, out, _ = run(capsys, "check")
        return code, out

    insert_directly(data_dir)  # in user data, not yet in the catalog
    code, out = checked()
    assert code == 1 and out.startswith("catalog: ") and out.endswith("\nuser: ok\n")
    sentence = out.splitlines()[0].removeprefix("catalog: ")
    assert "local resources" in sentence and sentence.count(". ") == 0
    code, out, _ = run(capsys, "check", "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and report["catalog"] == [sentence]

    resource_count(capsys)  # any command brings the catalog in line
    assert checked() == (0, "catalog: ok\nuser: ok\n")

    with closing(sqlite3.connect(user_db)) as db:  # changed outside the application
        text = db.execute("SELECT record FROM local_resource WHERE slug = ?", (DIRECT,))
        record = {**json.loads(text.fetchone()[0]), "title": "Zephyrine Evening Line"}
        db.execute(
            "UPDATE local_resource SET record = ? WHERE slug = ?",
            (json.dumps(record, sort_keys=True), DIRECT),
        )
        db.commit()
    assert checked()[0] == 1
    resource_count(capsys)
    assert checked()[0] == 0

    with closing(sqlite3.connect(user_db)) as db:  # removed outside the application
        db.execute("DELETE FROM local_resource WHERE slug = ?", (DIRECT,))
        db.commit()
    assert checked()[0] == 1
    resource_count(capsys)
    assert checked() == (0, "catalog: ok\nuser: ok\n")
    assert search_ids(capsys, "zephyrine") == []


@pytest.mark.gui
def test_the_window_starts_with_local_resources_added_outside_it(
    qtbot: Any, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's window: it printed a traceback after its first frame and never attached."""
    from csec_desktop.app import start_window
    from gui_helpers import search

    add(capsys, tmp_path)
    insert_directly(data_dir)
    window = start_window(data_dir)
    assert window is not None and not window.attached, "the first frame, before the merge"
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.attached, timeout=10_000)
    search(qtbot, window, "zephyrine")
    model = window.results_model
    assert [hit.slug for row in range(model.rowCount()) if (hit := model.hit(row))] == [DIRECT]


@pytest.mark.gui
def test_the_window_opens_and_says_why_when_the_merge_fails(
    qtbot: Any,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from csec_desktop.app import start_window
    from csec_desktop.ui.qt import QMessageBox

    add(capsys, tmp_path)
    insert_directly(data_dir)
    before = snapshot(paths.catalog_db_path(data_dir))
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, _t, text, *_a: messages.append(text))

    def disk_error(*_args: object, **_options: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(local, "insert_resources", disk_error)
    window = start_window(data_dir)
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.attached, timeout=10_000)
    assert len(messages) == 1 and "disk I/O error" in messages[0]
    assert snapshot(paths.catalog_db_path(data_dir)) == before


def test_a_fingerprint_patched_change_by_change_is_the_one_a_full_merge_writes(
    dbs: tuple[Engine, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saves, edits, deletes and an agency-style change each update the fingerprint from
    the changed records alone; a merge from scratch must find the same."""
    catalog, user = dbs
    first = local.save(catalog, user, DROP_IN).id
    second = local.save(catalog, user, {**DROP_IN, "title": "Aardvark Outreach"}).id
    local.save(catalog, user, {**DROP_IN, "summary": "Open every night."}, first)
    local.delete(catalog, user, second)
    with user.begin() as connection:
        before = connection.exec_driver_sql(
            "SELECT record FROM local_resource WHERE slug = ?", (first,)
        ).scalar_one()
        text = json.dumps({**DROP_IN, "id": first, "summary": "Closed on Sundays."})
        connection.exec_driver_sql(
            "UPDATE local_resource SET record = ? WHERE slug = ?", (text, first)
        )
    with monkeypatch.context() as patch:
        patch.setattr(local, "merge_into_catalog", None)  # the patch path, not a merge
        assert local.follow_changes(catalog, user, {first: before}) == []

    def fingerprint() -> str:
        with catalog.connect() as connection:
            return str(
                connection.exec_driver_sql(
                    "SELECT value FROM meta WHERE key = ?", (local.META_LOCAL_HASH,)
                ).scalar_one()
            )

    patched = fingerprint()
    with catalog.begin() as connection:
        connection.exec_driver_sql("DELETE FROM meta WHERE key = ?", (local.META_LOCAL_HASH,))
    assert local.merge_into_catalog(catalog, user) == []
    assert fingerprint() == patched
    assert local.disagreement(catalog, user) is None


def test_a_merge_in_batches_keeps_links_across_them_and_leaves_out_the_invalid(
    dbs: tuple[Engine, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild's merge reads, checks and writes the stored resources a batch at a time:
    the catalog it leaves is the one merge of them all, links between the first and the
    last batch kept, an invalid one in the middle reported and left out."""
    catalog, user = dbs
    path = Path(str(catalog.url.database))
    items = [{**DROP_IN, "title": f"Zephyrine House {n:02d}"} for n in range(10)]
    saved, problems = local.save_many(catalog, user, items)
    assert problems == [] and len(saved) == 10
    first, last = saved[0], saved[-1]
    local.save(catalog, user, {**items[0], "related": [{"id": last}]}, first)
    with closing(sqlite3.connect(paths.user_db_path(path.parent))) as db:
        text = db.execute("SELECT record FROM local_resource WHERE slug = ?", (saved[4],))
        bad = {**json.loads(text.fetchone()[0]), "topics": ["no-such-topic"]}
        db.execute(
            "UPDATE local_resource SET record = ? WHERE slug = ?", (json.dumps(bad), saved[4])
        )
        db.commit()
    with catalog.begin() as connection:
        connection.exec_driver_sql("DELETE FROM meta WHERE key = ?", (local.META_LOCAL_HASH,))
    found = local.merge_into_catalog(catalog, user)
    whole = snapshot(path)

    monkeypatch.setattr(local, "BATCH", 3)
    with catalog.begin() as connection:
        connection.exec_driver_sql("DELETE FROM meta WHERE key = ?", (local.META_LOCAL_HASH,))
    assert local.merge_into_catalog(catalog, user) == found
    assert snapshot(path) == whole
    assert [p.entry for p in found] == [saved[4]] and "no-such-topic" in found[0].message
    local_slugs = {slug for _, slug, _, is_local in whole["resources"] if is_local}
    assert local_slugs == set(saved) - {saved[4]}
    ids = {slug: rid for rid, slug, _, _ in whole["resources"]}
    links = {(row[0], row[1]) for row in whole["relations"]}
    assert {(ids[first], ids[last]), (ids[last], ids[first])} <= links, "both ways"
