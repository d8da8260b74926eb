"""The desk: one door into a data folder (catalog, user data, search, backups, updates),
and ``csec-catalog check`` / ``rebuild`` as a caseworker or a data steward meets them."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest

from bundle_helpers import bundle_of, edited_source, make_keys
from cli_helpers import LOCAL_LINE_TOML, run
from csec_desktop import paths
from csec_desktop.catalog.curated.sources import read_catalog_source
from csec_desktop.catalog.desk import Desk
from csec_desktop.catalog.search import SearchIndexError
from csec_desktop.catalog.user import local, userstore


def test_a_fresh_folder_is_built_searched_and_closed(data_dir: Path, data_source: Path) -> None:
    hotlines = Counter(r.kind for r in read_catalog_source(data_source).resources)["hotline"]
    with Desk(data_dir) as desk:
        assert desk.prepare() == []
        assert desk.search.search("kind:hotline").total == hotlines
        assert not paths.user_db_path(data_dir).exists()  # searching creates no user data
        userstore.add_favorite(desk.user, "hotline/cybertipline")
        search = desk.search
    # Closed: the engines let go of their files, and open again on use.
    with pytest.raises(SearchIndexError):
        search.search("kind:hotline")
    assert userstore.favorites(desk.user) == ["hotline/cybertipline"]
    desk.close()


def test_prepare_brings_in_local_resources_added_elsewhere(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    entry = tmp_path / "line.toml"
    entry.write_text(LOCAL_LINE_TOML, encoding="utf-8")
    assert run(capsys, "local", "add", str(entry))[0] == 0
    with Desk(data_dir) as desk:
        (slug,) = [e.slug for e in local.entries(desk.catalog, desk.user)]
    # Another program (or a restored backup) leaves user data ahead of the catalog.
    with closing(sqlite3.connect(paths.user_db_path(data_dir))) as db:
        created, updated, text = db.execute(
            "SELECT created_at, updated_at, record FROM local_resource"
        ).fetchone()
        record = {**json.loads(text), "id": "local/orrin-line", "title": "Orrin Youth Line"}
        db.execute(
            "INSERT INTO local_resource VALUES (?, ?, ?, ?)",
            ("local/orrin-line", json.dumps(record, sort_keys=True), created, updated),
        )
        db.commit()
    with Desk(data_dir) as desk:
        assert desk.prepare() == []
        found = {hit.slug for hit in desk.search.search("orrin youth line").hits}
        assert "local/orrin-line" in found
        assert desk.check() == {"catalog": [], "user": []}
        assert slug != "local/orrin-line"


# --------------------------------------------------------------------------- rebuild


@pytest.fixture
def imported(
    capsys: pytest.CaptureFixture[str], data_dir: Path, data_source: Path, tmp_path: Path
) -> tuple[Path, Path]:
    """A data folder whose catalog came from a signed bundle (version 2026.12.1); the public
    key, and an older bundle (2026.11.30) of the same publisher."""
    private, public = make_keys(tmp_path)
    source, _ = edited_source(data_source, tmp_path / "edited")
    newer, older = tmp_path / "newer.zip", tmp_path / "older.zip"
    bundle_of(source, newer, private, version="2026.12.1")
    bundle_of(data_source, older, private, version="2026.11.30")
    assert run(capsys, "stats")[0] == 0
    code, _, err = run(capsys, "import", str(newer), "--public-key", str(public))
    assert code == 0, err
    return public, older


def test_rebuild_keeps_an_imported_bundle_for_undo_and_says_so(
    capsys: pytest.CaptureFixture[str], imported: tuple[Path, Path]
) -> None:
    code, _, err = run(capsys, "rebuild")
    assert code == 0, err
    assert "2026.12.1" in err and "import --undo" in err
    assert json.loads(run(capsys, "stats", "--json")[1])["origin"] == "data"
    code, _, err = run(capsys, "import", "--undo")
    assert code == 0, err
    stats = json.loads(run(capsys, "stats", "--json")[1])
    assert stats["origin"] == "bundle"


def test_rebuild_does_not_reopen_the_door_to_an_older_bundle(
    capsys: pytest.CaptureFixture[str], imported: tuple[Path, Path]
) -> None:
    public, older = imported
    assert run(capsys, "rebuild")[0] == 0
    code, _, err = run(capsys, "import", str(older), "--public-key", str(public))
    assert code == 1
    assert "2026.11.30" in err and "roll the catalog back" in err


# --------------------------------------------------------------------------- check


def _damage_user(data_dir: Path, *statements: str) -> None:
    with closing(sqlite3.connect(paths.user_db_path(data_dir))) as db:
        for statement in statements:
            db.execute(statement)
        db.commit()


@pytest.mark.parametrize(
    ("statements", "said"),
    [
        (("PRAGMA user_version = 99",), "newer than this application"),
        (("DROP TABLE favorite",), "favorite is missing"),
        (("ALTER TABLE note DROP COLUMN updated_at",), "note lacks updated_at"),
        (
            (
                "PRAGMA foreign_keys = OFF",
                "INSERT INTO saved_sheet_item VALUES (4242, 0, 'hotline/cybertipline')",
            ),
            "refer to rows that do not exist",
        ),
    ],
)
def test_check_finds_user_data_every_command_would_trip_on(
    capsys: pytest.CaptureFixture[str], data_dir: Path, statements: tuple[str, ...], said: str
) -> None:
    assert run(capsys, "favorites", "add", "hotline/cybertipline")[0] == 0
    assert run(capsys, "check")[:2] == (0, "catalog: ok\nuser: ok\n")
    _damage_user(data_dir, *statements)
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert out.startswith("catalog: ok\nuser: ") and said in out


def test_check_finds_a_catalog_that_cannot_be_searched(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert run(capsys, "stats")[0] == 0
    with closing(sqlite3.connect(paths.catalog_db_path(data_dir))) as db:
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        db.commit()
    code, out, _ = run(capsys, "check")
    assert code == 1 and "schema version 1" in out and "rebuild" in out
    assert run(capsys, "rebuild")[0] == 0
    with closing(sqlite3.connect(paths.catalog_db_path(data_dir))) as db:
        db.execute("DROP TABLE resource_fts")
        db.commit()
    code, out, _ = run(capsys, "check")
    assert code == 1 and out.startswith("catalog: ") and "ok" not in out.splitlines()[0]
