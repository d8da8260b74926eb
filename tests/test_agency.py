"""The agency server on a real PostgreSQL: schema and roles, desks syncing offline-first,
stewards' edits and conflicts, and every bad server answered by one sentence."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, make_url

from agency_helpers import Agency, AgencyDatabase, Desk, PasswordRefuser, init, make_desk
from csec_desktop.agency import schema, server, status, sync
from csec_desktop.catalog.search import SearchEngine
from csec_desktop.catalog.user import local

SHELTER = {
    "kind": "program",
    "title": "Quillmere Youth Shelter",
    "summary": "An emergency shelter for young people, with an advocate on call.",
    "status": "active",
    "last_verified": "2026-11-02",
    "topics": ["trafficking"],
    "sites": [{"city": "Atlanta", "state": "GA"}],
}


def found(desk: Desk, query: str) -> list[str]:
    engine = SearchEngine(desk.catalog)
    try:
        return [hit.slug for hit in engine.search(query, limit=50).hits]
    finally:
        engine.close()


def server_slugs(database: AgencyDatabase) -> dict[str, dict[str, Any]]:
    with psycopg.connect(database.url) as connection:
        rows = connection.execute("SELECT slug, record FROM csec_agency.resource").fetchall()
    return dict(rows)


# --------------------------------------------------------------------------- schema, roles


def test_init_creates_the_schema_and_roles_and_can_run_again(agency: Agency) -> None:
    database, first = agency.database, agency.roles
    assert (first.from_version, first.version) == (0, schema.AGENCY_SCHEMA_VERSION)
    assert set(first.roles_created) == {first.steward_role, first.desk_role}
    again = init(database)
    assert (again.from_version, again.roles_created) == (schema.AGENCY_SCHEMA_VERSION, ())
    with psycopg.connect(database.url) as connection:
        meta: dict[str, str] = dict(
            connection.execute("SELECT key, value FROM csec_agency.meta").fetchall()
        )
    assert meta["schema_version"] == str(schema.AGENCY_SCHEMA_VERSION)
    assert meta["steward_role"] == first.steward_role


def test_no_column_of_the_server_can_hold_client_data(agency: Agency) -> None:
    database = agency.database
    with psycopg.connect(database.url) as connection:
        columns = set(
            connection.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'csec_agency'"
            ).fetchall()
        )
    reviewed = {
        ("meta", "key"), ("meta", "value"),
        ("change", "id"), ("change", "at"), ("change", "by_role"), ("change", "entity"),
        ("change", "key"), ("change", "op"),
        ("resource", "slug"), ("resource", "record"), ("resource", "version"),
        ("resource", "updated_at"), ("resource", "updated_by"),
        ("list", "name"), ("list", "items"), ("list", "version"), ("list", "updated_at"),
        ("list", "updated_by"),
        ("edition", "one"), ("edition", "edition_id"), ("edition", "bundle"),
        ("edition", "version"), ("edition", "updated_at"), ("edition", "updated_by"),
    }  # fmt: skip
    assert columns == reviewed, "a new column must be reviewed: can it hold client data?"
    assert not any(
        word in column for _, column in columns for word in ("note", "client", "person", "name_of")
    )
    # A resource record carries only the catalog's fields: no room for a note about a client.
    with pytest.raises(psycopg.errors.CheckViolation):
        database.execute(
            "INSERT INTO csec_agency.resource (slug, record) VALUES ('local/x', "
            '\'{"id": "local/x", "client_note": "Jane, 15, at the bus station"}\')'
        )
    with pytest.raises(psycopg.errors.CheckViolation):
        database.execute(
            "INSERT INTO csec_agency.list (name, items) VALUES ('intake', "
            "ARRAY['Jane Doe is 15 and stays with her aunt'])"
        )


def test_a_desk_account_may_only_read_and_the_log_is_append_only(agency: Agency) -> None:
    database = agency.database
    desk_url = agency.url("caseworker")
    with psycopg.connect(desk_url) as connection:
        assert connection.execute("SELECT count(*) FROM csec_agency.resource").fetchone() == (0,)
    for statement in (
        "INSERT INTO csec_agency.resource (slug, record) "
        "VALUES ('local/x', '{\"id\": \"local/x\"}')",
        "INSERT INTO csec_agency.list (name, items) VALUES ('intake', '{}')",
        "INSERT INTO csec_agency.change (id, entity, key, op) VALUES (99, 'list', 'x', 'put')",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            database.execute(statement, desk_url)
    steward_url = agency.url("steward", steward=True)
    database.execute(
        "INSERT INTO csec_agency.list (name, items) VALUES ('Fulton County intake', "
        "ARRAY['hotline/cybertipline'])",
        steward_url,
    )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        database.execute("DELETE FROM csec_agency.change", steward_url)
    for statement in ("DELETE FROM csec_agency.change", "TRUNCATE csec_agency.change",
                      "UPDATE csec_agency.change SET by_role = 'someone else'"):  # fmt: skip
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            database.execute(statement)  # not even the owner
    with psycopg.connect(database.url) as connection:
        who = connection.execute(
            "SELECT by_role, entity, key, op FROM csec_agency.change"
        ).fetchall()
    assert who == [(f"{database.name}_steward", "list", "Fulton County intake", "put")]


# --------------------------------------------------------------------------- sync


def test_two_desks_and_a_steward_sync(agency: Agency) -> None:
    database = agency.database
    steward = agency.desk("steward", steward=True)
    desks = [agency.desk(f"caseworker{i}") for i in (1, 2)]
    slug = sync.queue_put(steward.catalog, steward.user, SHELTER)
    assert found(steward, "quillmere") == [slug], "searchable on the steward's desk at once"
    assert steward.sync().pushed == 1
    assert set(server_slugs(database)) == {slug}
    database.execute(
        "INSERT INTO csec_agency.list (name, items) VALUES ('Fulton County intake', "
        f"ARRAY['{slug}', 'hotline/cybertipline'])"
    )
    # One desk's catalog no longer matches its user data (a kill between two writes): the
    # sync merges everything there rather than patch a catalog it cannot vouch for.
    own = local.save(desks[1].catalog, desks[1].user, {**SHELTER, "title": "Zephyrine Drop-in"})
    with desks[1].catalog.begin() as connection:
        connection.exec_driver_sql("DELETE FROM meta WHERE key = ?", (local.META_LOCAL_HASH,))
    for desk in desks:
        report = desk.sync()
        assert report.changed == [slug]
        assert found(desk, "quillmere") == [slug]
        assert local.disagreement(desk.catalog, desk.user) is None
        assert sync.agency_lists(desk.user) == {
            "Fulton County intake": [slug, "hotline/cybertipline"]
        }
    assert found(desks[1], "zephyrine") == [own.id], "the desk's own resource stays"
    changed = {**SHELTER, "id": slug, "summary": "An emergency shelter, open all night."}
    sync.queue_put(steward.catalog, steward.user, changed, slug)
    steward.sync()
    for desk in desks:
        desk.sync()
        assert desk.local_records()[slug]["summary"] == changed["summary"]
        assert local.disagreement(desk.catalog, desk.user) is None
    sync.queue_delete(steward.catalog, steward.user, slug)
    steward.sync()
    for desk in desks:
        desk.sync()
        assert slug not in desk.local_records()
        assert found(desk, "quillmere") == []
        assert slug not in desk.catalog_slugs()


def _seed(database: AgencyDatabase, count: int, start: int = 0) -> list[str]:
    """``count`` agency resources written straight on the server."""
    slugs = [f"local/seeded-{i}" for i in range(start, start + count)]
    values = ", ".join(
        "('{}', '{}')".format(
            slug,
            json.dumps({**SHELTER, "id": slug, "title": f"Seeded Shelter {i}"}).replace("'", "''"),
        )
        for i, slug in enumerate(slugs, start)
    )
    database.execute(f"INSERT INTO csec_agency.resource (slug, record) VALUES {values}")
    return slugs


def test_a_connection_cut_mid_sync_keeps_whole_batches_and_resumes(agency: Agency) -> None:
    slugs = _seed(agency.database, 9)
    relay = agency.relay()
    desk = agency.desk("desk", admin=True, relay=relay)
    seen: list[int] = []

    def cut_after_first_batch(done: int, total: int, stage: str) -> None:
        seen.append(done)
        if done:
            relay.cut()

    url = sync.server_url(desk.user)
    assert url is not None
    with pytest.raises(server.ServerUnreachable, match="cannot be reached"):
        sync.pull(url, desk.directory, desk.user, desk.follow, batch=4,
                  progress=cut_after_first_batch)  # fmt: skip
    assert seen == [0, 4], "the total first, then each whole batch"
    assert sync.desk_state(desk.user)["cursor"] == "4"
    assert set(desk.local_records()) == set(slugs[:4])
    assert desk.catalog_slugs() == set(slugs[:4]), "what was applied is searchable"
    assert status.status_sentence(desk.user).startswith("agency: offline")
    relay.restore()  # the server is back (restarted)
    report = sync.pull(url, desk.directory, desk.user, desk.follow, batch=4)
    assert report.changed == slugs[4:]
    assert set(desk.local_records()) == set(slugs) == desk.catalog_slugs()
    assert local.disagreement(desk.catalog, desk.user) is None
    assert status.status_sentence(desk.user) == "agency: synced just now"


def test_a_desk_offline_for_a_month_catches_up(agency: Agency) -> None:
    database = agency.database
    first = _seed(database, 5)
    relay = agency.relay()
    desk = agency.desk("desk", admin=True, relay=relay)
    desk.sync()
    relay.cut()
    later = _seed(database, 5, start=5)
    database.execute(f"DELETE FROM csec_agency.resource WHERE slug = '{first[0]}'")
    database.execute(
        'UPDATE csec_agency.resource SET record = record || \'{"summary": "Moved."}\' '
        f"WHERE slug = '{first[1]}'"
    )
    before = desk.user_rows()
    with pytest.raises(server.ServerUnreachable):
        desk.sync()
    after = desk.user_rows()
    assert after["local_resource"] == before["local_resource"], "local copy untouched"
    assert found(desk, "seeded"), "and still searchable"
    month_later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=30)
    assert status.status_sentence(desk.user, month_later) == (
        "agency: offline — copy from 30 days ago"
    )
    relay.restore()
    desk.sync()
    assert set(desk.local_records()) == set(server_slugs(database)) == set(first[1:] + later)
    assert desk.local_records()[first[1]]["summary"] == "Moved."


def test_two_stewards_editing_one_resource_make_a_conflict_not_a_loss(agency: Agency) -> None:
    database = agency.database
    ann, bob = (agency.desk(name, steward=True) for name in ("ann", "bob"))
    slug = sync.queue_put(ann.catalog, ann.user, SHELTER)
    ann.sync()
    bob.sync()
    sync.queue_put(ann.catalog, ann.user, {**SHELTER, "id": slug, "hours": "9–5"}, slug)
    sync.queue_put(bob.catalog, bob.user, {**SHELTER, "id": slug, "hours": "24/7"}, slug)
    assert status.status_sentence(bob.user).endswith("1 change to send")
    ann.sync()
    report = bob.sync()
    assert (report.pushed, report.conflicts) == (0, 1)
    assert server_slugs(database)[slug]["hours"] == "9–5", "Ann's edit was not overwritten"
    assert bob.local_records()[slug]["hours"] == "24/7", "nor was Bob's"
    [conflict] = sync.conflicts(bob.user)
    assert conflict.mine is not None and conflict.theirs is not None
    assert (conflict.mine["hours"], conflict.theirs["hours"]) == ("24/7", "9–5")
    assert conflict.their_by == f"{database.name}_ann"
    assert status.status_sentence(bob.user).endswith("1 conflict to decide")
    sync.resolve(bob.user, slug, "mine", bob.follow)
    bob.sync()
    ann.sync()
    assert server_slugs(database)[slug]["hours"] == "24/7"
    assert ann.local_records()[slug]["hours"] == "24/7"
    assert sync.conflicts(ann.user) == sync.conflicts(bob.user) == []


def test_a_conflict_resolved_for_the_server_takes_its_version(agency: Agency) -> None:
    ann, bob = (agency.desk(name, steward=True) for name in ("ann", "bob"))
    slug = sync.queue_put(ann.catalog, ann.user, SHELTER)
    ann.sync()
    bob.sync()
    sync.queue_delete(ann.catalog, ann.user, slug)
    ann.sync()
    sync.queue_put(bob.catalog, bob.user, {**SHELTER, "id": slug, "hours": "24/7"}, slug)
    bob.sync()
    [conflict] = sync.conflicts(bob.user)
    assert conflict.theirs is None and conflict.mine is not None
    sync.resolve(bob.user, slug, "theirs", bob.follow)
    assert slug not in bob.local_records() and slug not in bob.catalog_slugs()
    assert server_slugs(agency.database) == {}


def test_a_desk_account_cannot_push_and_keeps_its_edit_queued(agency: Agency) -> None:
    desk = agency.desk("caseworker")
    slug = sync.queue_put(desk.catalog, desk.user, SHELTER)
    with pytest.raises(server.AgencyError, match="may only read"):
        desk.sync()
    assert sync.queued(desk.user) == [slug]
    assert server_slugs(agency.database) == {}


def test_a_steward_edit_reaches_a_listening_desk(agency: Agency) -> None:
    steward = agency.desk("steward", steward=True)
    desk = agency.desk("caseworker")
    url = sync.server_url(desk.user)
    arrived, stop, ready = threading.Event(), threading.Event(), threading.Event()

    def on_change() -> None:
        desk.sync()
        arrived.set()

    listener = threading.Thread(
        target=sync.watch, args=(url, desk.directory, on_change, stop),
        kwargs={"ready": ready.set}, daemon=True,
    )  # fmt: skip
    listener.start()
    try:
        assert ready.wait(10)
        slug = sync.queue_put(steward.catalog, steward.user, SHELTER)
        steward.sync()
        assert arrived.wait(10)
        assert slug in desk.local_records()
    finally:
        stop.set()
        listener.join(5)


# --------------------------------------------------------------------------- bad input


def _one_sentence(error: BaseException) -> str:
    text = str(error)
    assert "\n" not in text and text.endswith((".", ")")) and "Traceback" not in text
    return text


def test_bad_servers_get_one_sentence_and_leave_the_local_copy_alone(
    agency: Agency, pg_server: str
) -> None:
    database = agency.database
    _seed(database, 3)
    desk = agency.desk("desk", admin=True)
    desk.sync()
    before = desk.user_rows()
    refuser = PasswordRefuser()
    other_app = make_url(pg_server).render_as_string(hide_password=False)
    cases = {
        "not a URL": ("http://example.org/agency", "not an agency server address"),
        "nothing listening": ("postgresql://127.0.0.1:9/agency", "cannot be reached"),
        "wrong password": (
            f"postgresql://someone:wrong@127.0.0.1:{refuser.port}/agency",
            "refused the password",
        ),
        "no such database": (
            make_url(database.url).set(database=database.name + "_none").render_as_string(),
            "has no database",
        ),
        "another application": (other_app, "is not a CSEC Resource Desk agency server"),
    }
    try:
        for case, (url, words) in cases.items():
            with pytest.raises(server.AgencyError) as caught:
                desk.connect(url)
            assert words in _one_sentence(caught.value), case
            assert desk.user_rows() == before, case
    finally:
        refuser.close()
    assert found(desk, "seeded")


@pytest.mark.parametrize(
    ("version", "words"), [(schema.AGENCY_SCHEMA_VERSION - 1, "older"), (99, "newer")]
)
def test_an_older_or_newer_schema_is_refused(agency: Agency, version: int, words: str) -> None:
    database = agency.database
    desk = agency.desk("desk", admin=True)
    before = desk.user_rows()
    database.execute(
        f"UPDATE csec_agency.meta SET value = '{version}' WHERE key = 'schema_version'"
    )
    with pytest.raises(server.AgencyError) as caught:
        desk.sync()
    assert words in _one_sentence(caught.value)
    assert desk.user_rows() == before


def test_a_change_log_with_a_gap_is_refused(agency: Agency) -> None:
    database = agency.database
    _seed(database, 2)
    desk = agency.desk("desk", admin=True)
    desk.sync()
    _seed(database, 3, start=2)
    before = desk.user_rows()
    # History lost: the owner bypasses the append-only trigger, as a bad restore would.
    database.execute(
        "BEGIN; SET LOCAL session_replication_role = replica; "
        "DELETE FROM csec_agency.change WHERE id = 4; COMMIT"
    )
    with pytest.raises(server.AgencyError) as caught:
        desk.sync()
    assert "has a gap" in _one_sentence(caught.value)
    assert desk.user_rows() == before
    database.execute(
        "BEGIN; SET LOCAL session_replication_role = replica; "
        "DELETE FROM csec_agency.change WHERE id > 1; COMMIT"
    )
    with pytest.raises(server.AgencyError, match="older backup"):
        desk.sync()
    assert desk.user_rows() == before


def test_the_password_goes_to_the_passfile_never_to_the_settings(tmp_path: Path) -> None:
    url = "postgresql://steward:s3cr:et@db.agency.example:5433/agency?sslmode=verify-full"
    kept = server.remember_password(tmp_path, url)
    assert kept == "postgresql://steward@db.agency.example:5433/agency?sslmode=verify-full"
    passfile = server.passfile_path(tmp_path)
    assert passfile.read_text() == "db.agency.example:5433:agency:steward:s3cr\\:et\n"
    assert passfile.stat().st_mode & 0o077 == 0
    server.remember_password(tmp_path, url.replace("s3cr:et", "new"))
    assert passfile.read_text() == "db.agency.example:5433:agency:steward:new\n"


def test_status_says_how_long_ago_and_what_waits() -> None:
    now = dt.datetime(2026, 12, 4, 12, 0)
    assert str(status.ago(now - dt.timedelta(seconds=30), now)) == "just now"
    assert str(status.ago(now - dt.timedelta(minutes=2, seconds=5), now)) == "2 min ago"
    assert str(status.ago(now - dt.timedelta(hours=3), now)) == "3 h ago"
    assert str(status.ago(now - dt.timedelta(days=1), now)) == "1 day ago"


# --------------------------------------------------------------------------- command line


def test_the_command_line_inits_connects_syncs_and_resolves(
    agency_db: AgencyDatabase,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    catalog_engine: Engine,
) -> None:
    from cli_helpers import assert_one_sentence, run

    code, out, _ = run(capsys, "agency", "init", agency_db.url)
    assert code == 0 and f"{agency_db.name}_desks" in out
    ann = make_desk(tmp_path, "ann", catalog_engine)
    bob = make_desk(tmp_path, "bob", catalog_engine)
    ann_url = agency_db.user_url("ann", f"{agency_db.name}_stewards")
    bob_url = agency_db.user_url("bob", f"{agency_db.name}_stewards")
    entry = tmp_path / "shelter.toml"
    entry.write_text(
        'kind = "program"\ntitle = "Quillmere Youth Shelter"\n'
        'summary = "An emergency shelter for young people."\nstatus = "active"\n'
        'last_verified = "2026-11"\ntopics = ["trafficking"]\n'
    )

    def on(desk: Desk, *args: str) -> tuple[int, str, str]:
        monkeypatch.setenv("CSEC_DESKTOP_DATA_DIR", str(desk.directory))
        return run(capsys, *args)

    assert on(ann, "agency", "status") == (0, "agency: not connected\n", "")
    assert on(ann, "agency", "connect", ann_url)[0] == 0
    assert on(bob, "agency", "connect", bob_url)[0] == 0
    code, out, _ = on(ann, "agency", "put", str(entry))
    assert code == 0 and "sent to the agency server" in out
    slug = "local/quillmere-youth-shelter"
    code, out, _ = on(bob, "agency", "sync", "--json")
    assert json.loads(out)["changed"] == [slug]
    assert on(bob, "agency", "status")[1] == "agency: synced just now\n"
    code, out, _ = on(bob, "search", "quillmere", "--json")
    assert [hit["id"] for hit in json.loads(out)["results"]] == [slug]
    entry.write_text(entry.read_text().replace("young people", "youth aged 12 to 17"))
    on(ann, "agency", "put", str(entry), "--id", slug)
    entry.write_text(entry.read_text().replace("12 to 17", "12 to 20"))
    bob_put = on(bob, "agency", "put", str(entry), "--id", slug)
    assert bob_put[0] == 0
    code, out, _ = on(bob, "agency", "conflicts", "--json")
    [conflict] = json.loads(out)
    assert "12 to 17" in conflict["theirs"]["summary"]
    assert "12 to 20" in conflict["mine"]["summary"]
    assert on(bob, "agency", "resolve", slug, "theirs")[0] == 0
    assert on(bob, "agency", "conflicts", "--json")[1].strip() == "[]"
    code, _, err = on(bob, "agency", "resolve", slug, "mine")
    assert code == 1
    assert_one_sentence(err)
    code, _, err = on(bob, "agency", "connect", "postgresql://127.0.0.1:9/agency")
    assert code == 1 and "cannot be reached" in err
    assert_one_sentence(err)


def test_the_benchmark_runs_on_a_small_agency(pg_server: str) -> None:
    from benchmarks import agency as bench

    report = bench.measure(pg_server, 120)
    assert report["size"] == 120
    for key in ("floor_copy_s", "floor_select_s", "first_sync_s", "incremental_100_s",
                "edit_visible_s", "edit_visible_window_s", "floor_notify_s"):  # fmt: skip
        assert report[key] > 0, key


def test_a_steward_publishes_the_catalog_edition_and_desks_receive_it(
    agency: Agency, tmp_path: Path, data_source: Path
) -> None:
    from bundle_helpers import bundle_of, make_keys
    from csec_desktop.catalog.interchange.bundle import BundleUnverified

    steward = agency.desk("steward", steward=True)
    desk = agency.desk("caseworker")
    private, public = make_keys(tmp_path)
    bundle = tmp_path / "catalog.bundle"
    bundle_of(data_source, bundle, private, version="2026.12.4")
    url = sync.server_url(steward.user)
    assert url is not None
    with pytest.raises(BundleUnverified):  # not signed by the shipped publisher key
        sync.publish_edition(url, steward.directory, bundle)
    assert sync.publish_edition(url, steward.directory, bundle, public) == "2026.12.4"
    desk.sync()
    assert sync.agency_edition(desk.user) == ("2026.12.4", bundle.read_bytes())
