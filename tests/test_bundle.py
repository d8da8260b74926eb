"""Signed bundles and catalog updates: export/import round trip, signatures, the diff shown
before applying, rollback refusal, cancel, undo, and user data that no update touches."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from benchmarks.samples import table_rows
from bundle_helpers import (
    ADDED_ID,
    EDITED_ID,
    EDITED_TITLE,
    bundle_of,
    edited_source,
    file_digest,
    make_keys,
    payload_of,
    rewrite_bundle,
)
from cli_helpers import assert_one_sentence, run
from csec_desktop.catalog.curated.sources import read_catalog_source
from csec_desktop.catalog.desk import Desk
from csec_desktop.catalog.interchange import bundle as bundles
from csec_desktop.catalog.interchange import update
from csec_desktop.catalog.interchange.export import export_json
from csec_desktop.catalog.interchange.json_import import parse_catalog_json
from csec_desktop.catalog.storage import reader, store
from csec_desktop.catalog.user import userstore
from csec_desktop.paths import catalog_db_path, user_db_path


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    return make_keys(tmp_path)


@pytest.fixture
def installed(data_dir: Path, data_source: Path) -> Path:
    """A data directory with the curated catalog and some saved user data."""
    store.ensure_catalog(data_dir, data_source)[0].dispose()
    user = store.open_user_db(data_dir)
    userstore.add_favorite(user, "hotline/cybertipline")
    userstore.add_favorite(user, EDITED_ID)
    userstore.set_note(user, EDITED_ID, "Intake on Mondays.")
    userstore.save_search(user, "NY mentoring", "mentoring", {"state": ["NY"]}, "relevance")
    user.dispose()
    return data_dir


@pytest.fixture
def newer_bundle(tmp_path: Path, data_source: Path, keys: tuple[Path, Path]) -> tuple[Path, str]:
    """A signed bundle of an edited copy of the curated catalog, and the id it removed."""
    source, removed = edited_source(data_source, tmp_path / "edited")
    path = tmp_path / "newer.zip"
    bundle_of(source, path, keys[0], version="2026.12.1")
    return path, removed


def catalog_files(directory: Path) -> list[str]:
    """Catalog files other than SQLite's own sidecars: no scratch or undo copy left behind."""
    return sorted(
        p.name for p in directory.glob("catalog*") if not p.name.endswith(("-wal", "-shm"))
    )


# --------------------------------------------------------------------------- JSON round trip


def test_json_export_reads_back_to_equal_content(installed: Path, data_source: Path) -> None:
    out = io.StringIO()
    export_json(store.sqlite_engine(catalog_db_path(installed)), out)
    content = parse_catalog_json(out.getvalue().encode(), "catalog.json")
    curated = read_catalog_source(data_source)
    assert content.problems == []
    assert sorted(content.resources, key=lambda r: r.id) == sorted(
        curated.resources, key=lambda r: r.id
    )
    assert content.organizations == sorted(curated.organizations, key=lambda o: o.key)
    assert content.sources == sorted(curated.sources, key=lambda s: s.key)
    assert sorted(content.vocabulary, key=lambda v: (v.facet, v.position)) == sorted(
        curated.vocabulary, key=lambda v: (v.facet, v.position)
    )
    assert content.synonyms == curated.synonyms


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xfe{}", "catalog.json: is not UTF-8 text (byte 0 cannot be decoded)"),
        (b'{"format": ', "catalog.json: is not valid JSON (Expecting value at line 1 column 12)"),
        (b"[1, 2]", "catalog.json: must be a JSON object"),
        (b'{"format": "other"}', "catalog.json: is not a catalog document"),
    ],
)
def test_undecodable_json_is_one_precise_problem(data: bytes, expected: str) -> None:
    (problem,) = parse_catalog_json(data, "catalog.json").problems
    assert str(problem).startswith(expected)


def test_wrong_json_types_name_the_entry_and_field(tmp_path: Path, installed: Path) -> None:
    out = io.StringIO()
    export_json(store.sqlite_engine(catalog_db_path(installed)), out)
    document = json.loads(out.getvalue())
    document["resources"][3]["title"] = 42
    document["resources"][5]["topics"] = "trafficking"
    document["organizations"] = {"not": "a list"}
    problems = [
        str(p) for p in parse_catalog_json(json.dumps(document).encode(), "c.json").problems
    ]
    third = document["resources"][3]["id"]
    fifth = document["resources"][5]["id"]
    assert f"c.json resources[3] [{third}]: 'title' must be text, not int" in problems
    assert f"c.json resources[5] [{fifth}]: 'topics' must be a list of text values" in problems
    assert "c.json organizations: must hold a list of tables" in problems


# --------------------------------------------------------------------------- keys and signatures


def test_keygen_writes_a_private_key_only_its_owner_reads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    keyfile = tmp_path / "maintainer.key"
    code, out, _ = run(capsys, "keygen", str(keyfile))
    assert code == 0 and "maintainer.key.pub" in out
    assert stat.S_IMODE(keyfile.stat().st_mode) == 0o600
    assert bundles.load_private_key(keyfile).public_key() == bundles.load_public_key(
        tmp_path / "maintainer.key.pub"
    )


def test_keygen_never_overwrites(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    keyfile = tmp_path / "maintainer.key"
    run(capsys, "keygen", str(keyfile))
    before = keyfile.read_bytes(), (tmp_path / "maintainer.key.pub").read_bytes()
    code, _, err = run(capsys, "keygen", str(keyfile))
    assert code == 1 and "already exists" in err
    assert_one_sentence(err)
    assert (keyfile.read_bytes(), (tmp_path / "maintainer.key.pub").read_bytes()) == before


PRIVATE_PEM = b"-----BEGIN " + b"PRIVATE KEY-----"  # split, so this file does not match


def test_shipped_public_key_is_a_public_key_only() -> None:
    text = bundles.shipped_public_key().read_text(encoding="ascii")
    assert text.startswith("-----BEGIN PUBLIC KEY-----")
    bundles.load_public_key(bundles.shipped_public_key())
    repository = Path(__file__).resolve().parent.parent
    leaked = []
    for folder, subfolders, files in os.walk(repository):
        subfolders[:] = [d for d in subfolders if not d.startswith(".") and d != "build"]
        for name in files:
            path = Path(folder, name)
            if path.stat().st_size < 1_000_000 and PRIVATE_PEM in path.read_bytes():
                leaked.append(path)
    assert leaked == []


def test_bundle_built_from_data_verifies_with_its_key(
    tmp_path: Path, data_source: Path, keys: tuple[Path, Path]
) -> None:
    path = tmp_path / "catalog.zip"
    manifest = bundle_of(data_source, path, keys[0])
    opened = bundles.read_bundle(path, public_key=keys[1])
    assert opened.verified and opened.warning is None
    assert opened.manifest == manifest
    assert manifest.resource_count == len(read_catalog_source(data_source).resources)
    assert {r.id for r in opened.content.resources} == {
        r.id for r in read_catalog_source(data_source).resources
    }


def test_bundle_is_refused_under_another_key(
    tmp_path: Path, data_source: Path, keys: tuple[Path, Path]
) -> None:
    path = tmp_path / "catalog.zip"
    bundle_of(data_source, path, keys[0])
    (tmp_path / "other").mkdir()
    other = make_keys(tmp_path / "other")
    with pytest.raises(bundles.BundleUnverified, match="another publisher's key"):
        bundles.read_bundle(path, public_key=other[1])
    with pytest.raises(bundles.BundleUnverified):
        bundles.read_bundle(path)  # the shipped key did not sign it either


@pytest.mark.parametrize("tampering", ["payload", "unsigned"])
def test_tampered_or_unsigned_bundle_is_refused_unless_allowed(
    tmp_path: Path, data_source: Path, keys: tuple[Path, Path], tampering: str
) -> None:
    original = tmp_path / "catalog.zip"
    bundle_of(data_source, original, keys[0])
    document = payload_of(original)
    resources = document["resources"]
    assert isinstance(resources, list)
    resources[0]["title"] = "A title changed after signing"
    tampered = tmp_path / "tampered.zip"
    if tampering == "payload":
        rewrite_bundle(original, tampered, payload=json.dumps(document).encode())
        reason = "changed after signing"
    else:
        rewrite_bundle(original, tampered, drop=(bundles.SIGNATURE,))
        reason = "it is not signed"
    with pytest.raises(bundles.BundleUnverified, match=reason):
        bundles.read_bundle(tampered, public_key=keys[1])
    opened = bundles.read_bundle(tampered, public_key=keys[1], allow_unverified=True)
    assert not opened.verified
    assert opened.warning is not None and reason in opened.warning


# --------------------------------------------------------------------------- import


def test_dry_run_shows_field_level_changes_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    installed: Path,
    newer_bundle: tuple[Path, str],
    keys: tuple[Path, Path],
) -> None:
    path, removed = newer_bundle
    before = file_digest(catalog_db_path(installed))
    code, out, err = run(
        capsys, "import", str(path), "--dry-run", "--public-key", str(keys[1]), "--json"
    )
    assert code == 0, err
    report = json.loads(out)
    assert report["applied"] is False and report["verified"] is True
    assert [a["id"] for a in report["added"]] == [ADDED_ID]
    assert [r["id"] for r in report["removed"]] == [removed]
    (changed,) = report["changed"]
    assert changed["id"] == EDITED_ID
    (title,) = changed["fields"]
    assert title["field"] == "title" and title["new"] == EDITED_TITLE
    installed_record = reader.get_record(store.sqlite_engine(catalog_db_path(installed)), EDITED_ID)
    assert installed_record is not None and title["old"] == installed_record.title
    assert file_digest(catalog_db_path(installed)) == before
    assert not update.can_undo(installed)


def test_import_applies_keeps_user_data_and_survives_restart(
    capsys: pytest.CaptureFixture[str],
    installed: Path,
    data_source: Path,
    newer_bundle: tuple[Path, str],
    keys: tuple[Path, Path],
) -> None:
    path, removed = newer_bundle
    user_before = table_rows(user_db_path(installed))
    backups_before = store.list_user_backups(installed)
    code, out, err = run(capsys, "import", str(path), "--public-key", str(keys[1]))
    assert code == 0, err
    assert "1 added, 1 removed, 1 changed" in out
    assert f"~ {EDITED_ID}" in out and f'→ "{EDITED_TITLE}"' in out
    assert table_rows(user_db_path(installed)) == user_before
    # A backup before applying (opening user data may also make the day's first one).
    assert len(store.list_user_backups(installed)) > len(backups_before)
    # The next start checks data/ (which differs from the bundle) and must keep the update.
    engine, reason = store.ensure_catalog(installed, data_source)
    assert reason is None
    meta = reader.catalog_meta(engine)
    assert meta["origin"] == "bundle" and meta["catalog_version"] == "2026.12.1"
    assert reader.get_record(engine, EDITED_ID).title == EDITED_TITLE  # type: ignore[union-attr]
    assert reader.get_record(engine, removed) is None
    assert reader.get_record(engine, ADDED_ID) is not None
    assert store.integrity_problems(catalog_db_path(installed)) == []


def test_undo_puts_the_previous_catalog_back(
    capsys: pytest.CaptureFixture[str],
    installed: Path,
    newer_bundle: tuple[Path, str],
    keys: tuple[Path, Path],
) -> None:
    original = table_rows(catalog_db_path(installed))
    run(capsys, "import", str(newer_bundle[0]), "--public-key", str(keys[1]))
    assert table_rows(catalog_db_path(installed)) != original
    code, out, err = run(capsys, "import", "--undo")
    assert code == 0, err and "Restored the previous catalog" in out
    assert table_rows(catalog_db_path(installed)) == original
    code, _, err = run(capsys, "import", "--undo")
    assert code == 1 and "no catalog update to undo" in err
    assert_one_sentence(err)


def test_older_bundle_is_refused_as_a_rollback(
    tmp_path: Path,
    installed: Path,
    data_source: Path,
    newer_bundle: tuple[Path, str],
    keys: tuple[Path, Path],
) -> None:
    with Desk(installed) as desk:
        desk.import_bundle(newer_bundle[0], public_key=keys[1])
    older = tmp_path / "older.zip"
    bundle_of(data_source, older, keys[0], version="2026.11.30")
    before = file_digest(catalog_db_path(installed))
    with (
        pytest.raises(update.RollbackRefused, match=r"2026\.11\.30 .* older than .* 2026\.12\.1"),
        Desk(installed) as desk,
    ):
        desk.import_bundle(older, public_key=keys[1])
    assert file_digest(catalog_db_path(installed)) == before


@pytest.mark.parametrize(
    ("installed_meta", "bundle_version", "bundle_date", "refused"),
    [
        ({"catalog_date": "2026-11"}, "2026.12.1", "2016", True),
        ({"catalog_date": "2026-11"}, "2026.12.1", "2026-11-05", False),
        ({"catalog_date": "2026-11"}, "1", "2026", False),
        (
            {"catalog_date": "2026-11", "catalog_version": "2026.12.1"},
            "2026.12.01",
            "2026-11",
            False,
        ),
        ({"catalog_date": "2026-11", "catalog_version": "2026.12.1"}, "2026.9.30", "2026-11", True),
        ({}, "1", "2001", False),
    ],
)
def test_rollback_rule(
    installed_meta: dict[str, str], bundle_version: str, bundle_date: str, refused: bool
) -> None:
    manifest = bundles.Manifest(
        catalog_version=bundle_version,
        date="2026-12-01T00:00:00+00:00",
        publisher="Test",
        resource_count=1,
        catalog_date=bundle_date,
        payload_sha256="0" * 64,
        key_id="0" * 16,
    )
    assert (update.rollback_problem(installed_meta, manifest) is not None) == refused


def test_progress_is_reported_and_cancel_rolls_back(
    installed: Path, newer_bundle: tuple[Path, str], keys: tuple[Path, Path]
) -> None:
    before = table_rows(catalog_db_path(installed))
    stages: list[str] = []

    def cancel() -> bool:
        return "Writing resources" in stages

    with pytest.raises(update.UpdateCancelled), Desk(installed) as desk:
        desk.import_bundle(
            newer_bundle[0],
            public_key=keys[1],
            progress=lambda done, total, stage: stages.append(stage),
            cancel=cancel,
        )
    assert "Writing resources" in stages
    assert table_rows(catalog_db_path(installed)) == before
    assert not update.can_undo(installed)
    assert catalog_files(installed) == ["catalog.sqlite"]


def test_extra_records_are_chained_into_the_update(
    installed: Path, newer_bundle: tuple[Path, str], keys: tuple[Path, Path]
) -> None:
    from dataclasses import replace

    opened = bundles.read_bundle(newer_bundle[0], public_key=keys[1])
    local = replace(opened.content.resources[0], id="program/local-extra", related=[])
    with Desk(installed) as desk:
        desk.apply_update(desk.plan_update(opened), extra_records=[local])
        assert reader.get_record(desk.catalog, "program/local-extra") is not None


# --------------------------------------------------------------------------- bad input


def _bad_bundles(tmp_path: Path, data_source: Path, keys: tuple[Path, Path]) -> dict[str, Path]:
    good = tmp_path / "good.zip"
    bundle_of(data_source, good, keys[0], version="2026.12.2")
    data = good.read_bytes()
    made = {name: tmp_path / f"{name}.zip" for name in EXPECTED}
    made["truncated"].write_bytes(data[: len(data) // 2])
    made["not-a-zip"].write_bytes(b"%PDF-1.7 this is a document, not a bundle\n")
    made["empty"].write_bytes(b"")
    rewrite_bundle(good, made["traversal"], extra={"../../outside.txt": b"escaped"})
    rewrite_bundle(good, made["absolute"], extra={"/tmp/evil.json": b"{}"})

    def signed(name: str, payload: bytes) -> None:
        # Re-signed with the trusted key: only validation stands between it and the catalog.
        rewrite_bundle(good, made[name], private_key=keys[0], payload=payload)

    huge = payload_of(good)
    huge["resources"][0]["summary"] = "x" * 300_000  # type: ignore[index]
    signed("huge-field", json.dumps(huge).encode())
    # The Spanish labels ("Capacitación") make Latin-1 bytes that are not UTF-8.
    signed("latin-1", json.dumps(payload_of(good), ensure_ascii=False).encode("latin-1", "replace"))
    wrong = payload_of(good)
    wrong["resources"] = {"program/x": {}}
    signed("wrong-types", json.dumps(wrong).encode())
    return made


EXPECTED = {
    "truncated": "it is not a zip file, or it is truncated or damaged",
    "not-a-zip": "it is not a zip file, or it is truncated or damaged",
    "empty": "it is not a zip file, or it is truncated or damaged",
    "traversal": "unexpected member '../../outside.txt'",
    "absolute": "unexpected member '/tmp/evil.json'",
    "huge-field": "problem(s) in its catalog",
    "latin-1": "problem(s) in its catalog",
    "wrong-types": "problem(s) in its catalog",
}
DETAIL = {
    "huge-field": "'summary' is 300000 characters long; the limit is 20000",
    "latin-1": "catalog.json: is not UTF-8 text",
    "wrong-types": "catalog.json [resources]: must be a list of objects",
}


def test_bad_bundles_get_one_sentence_and_change_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    installed: Path,
    data_source: Path,
    keys: tuple[Path, Path],
) -> None:
    catalog_before = file_digest(catalog_db_path(installed))
    user_before = table_rows(user_db_path(installed))
    for name, path in _bad_bundles(tmp_path, data_source, keys).items():
        code, out, err = run(capsys, "import", str(path), "--public-key", str(keys[1]))
        assert code == 1 and out == "", name
        *details, sentence = err.splitlines()
        assert_one_sentence(sentence + "\n")
        assert EXPECTED[name] in sentence, (name, sentence)
        if name in DETAIL:
            assert any(DETAIL[name] in line for line in details), (name, details)
        assert file_digest(catalog_db_path(installed)) == catalog_before, name
        assert table_rows(user_db_path(installed)) == user_before, name
    assert not (tmp_path.parent / "outside.txt").exists()
    assert not Path("/tmp/evil.json").exists()


def test_oversized_member_is_refused_unread(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, data_source: Path, keys: tuple[Path, Path]
) -> None:
    path = tmp_path / "catalog.zip"
    bundle_of(data_source, path, keys[0])
    monkeypatch.setitem(bundles.MAX_MEMBER, bundles.PAYLOAD, 1000)
    with pytest.raises(bundles.BundleError, match=r"catalog\.json is [\d,]+ bytes, more than"):
        bundles.read_bundle(path, public_key=keys[1])


@pytest.mark.parametrize("layer", ["os", "sqlite", "title index"])
def test_full_disk_leaves_the_catalog_unchanged(
    layer: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    installed: Path,
    newer_bundle: tuple[Path, str],
    keys: tuple[Path, Path],
) -> None:
    import errno

    from csec_desktop.catalog.index import indexing

    def no_space(*_args: object, **_kwargs: object) -> None:
        if layer == "os":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        # What SQLite says when a page cannot be written: as SQLAlchemy passes it on, or
        # as it is (the title index is written in a file of its own, with sqlite3).
        full = sqlite3.OperationalError("database or disk is full")
        if layer == "title index":
            raise full
        raise OperationalError("INSERT INTO fts", {}, full)

    def half_written(path: Path, *_args: object) -> None:
        path.write_bytes(b"SQLite format 3\0")
        no_space()

    if layer == "title index":  # the build's last file, beside the scratch file
        monkeypatch.setattr(indexing, "write_title_index", half_written)
    else:  # the last write of a build: all before it is in the scratch file
        monkeypatch.setattr(indexing, "build_search_index", no_space)
        monkeypatch.setattr("csec_desktop.catalog.storage.writer.build_search_index", no_space)
    before = file_digest(catalog_db_path(installed))
    code, _, err = run(capsys, "import", str(newer_bundle[0]), "--public-key", str(keys[1]))
    assert code == 1 and "not enough free disk space" in err
    assert_one_sentence(err)
    assert file_digest(catalog_db_path(installed)) == before
    assert catalog_files(installed) == ["catalog.sqlite"]


def test_read_only_data_directory_is_one_sentence(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    installed: Path,
    newer_bundle: tuple[Path, str],
    keys: tuple[Path, Path],
) -> None:
    before = file_digest(catalog_db_path(installed))
    installed.chmod(0o555)
    if os.geteuid() == 0:
        # root writes anywhere; answer as the kernel does for everyone else.
        real_access = os.access
        monkeypatch.setattr(
            os,
            "access",
            lambda path, mode, **kw: (
                False if Path(path) == installed and mode & os.W_OK else real_access(path, mode)
            ),
        )
    try:
        code, _, err = run(capsys, "import", str(newer_bundle[0]), "--public-key", str(keys[1]))
    finally:
        installed.chmod(0o755)
    assert code == 1 and "is read-only" in err
    assert_one_sentence(err)
    assert file_digest(catalog_db_path(installed)) == before


# --------------------------------------------------------------------------- favorites


@pytest.mark.usefixtures("data_dir")
def test_favorites_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert json.loads(run(capsys, "favorites", "list", "--json")[1]) == []
    code, out, _ = run(capsys, "favorites", "add", "hotline/cybertipline", "--json")
    assert code == 0 and json.loads(out)["changed"] is True
    listed = json.loads(run(capsys, "favorites", "list", "--json")[1])
    assert [f["id"] for f in listed] == ["hotline/cybertipline"]
    assert listed[0]["title"]
    code, out, _ = run(capsys, "favorites", "remove", "hotline/cybertipline")
    assert code == 0 and "Removed hotline/cybertipline." in out
    assert json.loads(run(capsys, "favorites", "list", "--json")[1]) == []


@pytest.mark.usefixtures("data_dir")
def test_adding_an_unknown_favorite_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "favorites", "add", "program/no-such-thing")
    assert code == 1 and "no resource with the id 'program/no-such-thing'" in err
    assert_one_sentence(err)
    assert json.loads(run(capsys, "favorites", "list", "--json")[1]) == []


@pytest.mark.usefixtures("data_dir")
def test_bundle_build_from_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_source: Path
) -> None:
    run(capsys, "keygen", str(tmp_path / "m.key"))
    target = tmp_path / "out.zip"
    code, out, err = run(
        capsys, "bundle", "build", str(data_source), "-o", str(target),
        "--key", str(tmp_path / "m.key"), "--catalog-version", "2027.1",
    )  # fmt: skip
    assert code == 0, err
    assert "catalog version 2027.1" in out
    code, out, err = run(
        capsys, "import", str(target), "--dry-run", "--json",
        "--public-key", str(tmp_path / "m.key.pub"),
    )  # fmt: skip
    assert code == 0, err
    report = json.loads(out)
    assert report["bundle"]["catalog_version"] == "2027.1" and report["verified"] is True
    assert report["added"] == report["removed"] == report["changed"] == []


def test_bundle_build_of_an_invalid_source_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_source: Path, keys: tuple[Path, Path]
) -> None:
    source, _ = edited_source(data_source, tmp_path / "broken")
    (source / "resources" / f"{ADDED_ID}.toml").write_text('id = "website/x"\n', encoding="utf-8")
    target = tmp_path / "out.zip"
    code, _, err = run(
        capsys, "bundle", "build", str(source), "-o", str(target), "--key", str(keys[0])
    )
    assert code == 1 and "problem(s); run 'csec-catalog validate'" in err
    assert_one_sentence(err)
    assert list(tmp_path.glob("out.zip*")) == []


def test_local_resources_survive_an_import_and_its_undo(
    capsys: pytest.CaptureFixture[str],
    installed: Path,
    newer_bundle: tuple[Path, str],
    keys: tuple[Path, Path],
) -> None:
    from csec_desktop.catalog.user import local

    catalog, _ = store.ensure_catalog(installed, None)
    user = store.open_user_db(installed)
    saved = local.save(
        catalog,
        user,
        {
            "kind": "hotline",
            "title": "Quillon County Youth Line",
            "summary": "A county line for young people who need a safe place tonight.",
            "status": "active",
            "last_verified": "2026-11",
        },
    )
    catalog.dispose()
    user.dispose()

    code, out, err = run(capsys, "import", str(newer_bundle[0]), "--public-key", str(keys[1]))
    assert code == 0, err
    assert saved.id not in out, "a local resource is not part of the catalog's changes"
    for _step in ("imported", "undone"):
        engine = store.sqlite_engine(catalog_db_path(installed))
        record = reader.get_record(engine, saved.id)
        engine.dispose()
        assert record is not None and record.title == "Quillon County Youth Line"
        assert run(capsys, "import", "--undo")[0] in (0, 1)
