"""Local resources: validated, kept in user data, found by search, kept through rebuilds."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from csec_desktop.catalog.display.presentation import LOCAL_SOURCE, detail_sections
from csec_desktop.catalog.index import indexing
from csec_desktop.catalog.interchange.export import export_csv, export_json
from csec_desktop.catalog.search import SearchEngine
from csec_desktop.catalog.storage import reader, store
from csec_desktop.catalog.user import local

DROP_IN = {
    "kind": "program",
    "title": "Zephyrine House Youth Drop-in",
    "summary": "A drop-in center where young people can rest, eat and talk to an advocate.",
    "status": "active",
    "last_verified": "2026-11-02",
    "topics": ["trafficking"],
    "sites": [{"city": "Albany", "state": "NY"}],
    "contacts": [{"kind": "phone", "value": "518-555-0100", "hours": "24/7"}],
    "website": "https://example.org/zephyrine",
}


def found(catalog: Engine, query: str) -> list[str]:
    engine = SearchEngine(catalog)
    try:
        return [hit.slug for hit in engine.search(query, limit=50).hits]
    finally:
        engine.close()


def test_added_resource_is_found_shown_as_local_and_filtered(dbs: tuple[Engine, Engine]) -> None:
    catalog, user = dbs
    record = local.save(catalog, user, DROP_IN)
    assert record.id == "local/zephyrine-house-youth-drop-in"
    assert found(catalog, "zephyrine") == [record.id]
    assert found(catalog, "zephyri") == [record.id], "found while the word is being typed"
    engine = SearchEngine(catalog)
    facets = engine.facets("zephyrine drop")
    assert [(v.code, v.count) for v in facets["state"]] == [("NY", 1)]
    assert [(v.code, v.label, v.count) for v in facets["origin"]] == [("local", "Local", 1)]
    everything = engine.facets("")["origin"]
    assert {v.code: v.count for v in everything}["local"] == 1
    only_local = engine.search("", filters={"origin": ["local"]})
    assert [h.slug for h in only_local.hits] == [record.id]
    assert [h.slug for h in engine.search("origin:local").hits] == [record.id]
    assert record.id not in {h.slug for h in engine.search("-origin:local", limit=500).hits}
    engine.close()
    with catalog.connect() as connection:
        assert connection.exec_driver_sql(
            "SELECT is_local FROM resource WHERE slug = ?", (record.id,)
        ).scalar_one()
    detail = reader.resource_detail(catalog, record.id)
    assert detail is not None and detail.record.contacts[0].value == "518-555-0100"
    assert detail.is_local
    source = detail_sections(detail)[-1].fields[0]
    assert (source.label, source.value) == ("Source", LOCAL_SOURCE)


def test_edit_replaces_the_old_text_and_delete_removes_it(dbs: tuple[Engine, Engine]) -> None:
    catalog, user = dbs
    engine = SearchEngine(catalog)
    slug = local.save(catalog, user, DROP_IN).id
    edited = {**DROP_IN, "title": "Quillon Youth Center", "website": "https://example.org/q"}
    local.save(catalog, user, edited, slug)
    engine.reload()
    assert engine.search("zephyrine").total == 0
    assert [h.slug for h in engine.search("quillon").hits] == [slug]
    local.delete(catalog, user, slug)
    engine.reload()
    assert engine.search("quillon").total == 0
    engine.close()
    assert local.entries(catalog, user) == []
    assert store.integrity_problems(Path(str(catalog.url.database))) == []


def test_links_between_local_resources_survive_an_edit(dbs: tuple[Engine, Engine]) -> None:
    catalog, user = dbs
    first = local.save(catalog, user, DROP_IN).id
    second = local.save(
        catalog, user, {**DROP_IN, "title": "Quillon Outreach", "related": [{"id": first}]}
    ).id
    local.save(catalog, user, {**DROP_IN, "summary": "A changed summary."}, first)
    detail = reader.resource_detail(catalog, first)
    assert detail is not None and [link.id for link in detail.related] == [second]
    with pytest.raises(local.LocalResourceError, match=f"linked from {second}"):
        local.delete(catalog, user, first)


def test_many_are_written_in_slices_with_links_to_later_slices_kept(
    dbs: tuple[Engine, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog, user = dbs
    monkeypatch.setattr(local, "BATCH", 2)  # five resources: three slices
    items = [{**DROP_IN, "id": f"local/slice-{n}", "title": f"Slice {n} Drop-in"} for n in range(5)]
    saved, problems = local.save_many(catalog, user, items)
    assert problems == [] and saved == [item["id"] for item in items]
    # The first now links to the last, which its slice is written before.
    items[0] = {**items[0], "related": [{"id": "local/slice-4"}]}
    saved, problems = local.save_many(catalog, user, items)
    assert problems == [] and len(saved) == 5
    first = reader.resource_detail(catalog, "local/slice-0")
    last = reader.resource_detail(catalog, "local/slice-4")
    assert first is not None and [link.id for link in first.related] == ["local/slice-4"]
    assert last is not None and [link.id for link in last.related] == ["local/slice-0"]
    assert local.disagreement(catalog, user) is None
    assert set(found(catalog, "slice")) == set(saved)
    local.delete_many(catalog, user, saved[1:4])
    assert [e.slug for e in local.entries(catalog, user)] == ["local/slice-0", "local/slice-4"]
    assert local.disagreement(catalog, user) is None


def test_local_resources_survive_every_rebuild(data_dir: Path, data_source: Path) -> None:
    catalog, _ = store.ensure_catalog(data_dir, data_source)
    user = store.open_user_db(data_dir)
    slug = local.save(catalog, user, DROP_IN).id
    catalog.dispose()

    catalog, reason = store.ensure_catalog(data_dir, data_source, force=True)
    assert reason == "requested" and found(catalog, "zephyrine") == []
    assert local.merge_into_catalog(catalog, user) == []
    assert found(catalog, "zephyrine") == [slug]
    catalog.dispose()

    changed = data_dir.parent / "changed-source"
    shutil.copytree(data_source, changed)
    hotline = changed / "resources" / "hotline" / "cybertipline.toml"
    hotline.write_text(hotline.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    catalog, reason = store.ensure_catalog(data_dir, changed)
    assert reason == "changed"
    local.merge_into_catalog(catalog, user)
    assert found(catalog, "zephyrine") == [slug]
    assert local.merge_into_catalog(catalog, user) == [], "a second merge changes nothing"


def test_exports_include_local_resources(dbs: tuple[Engine, Engine]) -> None:
    catalog, user = dbs
    slug = local.save(catalog, user, DROP_IN).id
    out = io.StringIO()
    count = export_json(catalog, out)
    resources = {r["id"]: r for r in json.loads(out.getvalue())["resources"]}
    assert count == len(resources)
    assert resources[slug] == local.stored_data(user, slug), "lossless, like the rest"
    out = io.StringIO()
    export_csv(catalog, out)
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}
    assert rows[slug]["title"] == DROP_IN["title"]
    assert rows[slug]["phone"] == "518-555-0100"
    assert rows[slug]["places"] == "Albany, NY"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"title": None}, "title", "'title' is required"),
        ({"website": "javascript:alert(1)"}, "website", "http or https"),
        ({"website": "ftp://example.org/x"}, "website", "http or https"),
        ({"kind": "shelter"}, "kind", "unknown kind 'shelter'"),
        ({"topics": ["astrology"]}, "topics", "'astrology'"),
        ({"summary": "x" * 20_001}, "summary", "the limit is 20000"),
        ({"contacts": [{"kind": "phone", "value": "call us"}]}, "contacts", "invalid value"),
        ({"sites": [{"city": "Albany", "state": "New York"}]}, "sites", "two-letter"),
        ({"id": "program/zephyrine"}, "id", "must start with 'local/'"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(
    dbs: tuple[Engine, Engine], change: dict[str, Any], field: str, words: str
) -> None:
    catalog, user = dbs
    data = {k: v for k, v in {**DROP_IN, **change}.items() if v is not None}
    with pytest.raises(local.LocalResourceError) as caught:
        local.save(catalog, user, data)
    problems = caught.value.problems
    assert [local.problem_field(p) for p in problems] == [field]
    assert words in problems[0].message
    assert str(caught.value).count(". ") == 0, "one sentence"
    assert local.entries(catalog, user) == []
    assert found(catalog, "zephyrine") == []


def test_duplicate_id_is_refused(dbs: tuple[Engine, Engine]) -> None:
    catalog, user = dbs
    slug = local.save(catalog, user, DROP_IN).id
    with pytest.raises(local.LocalResourceError, match="already taken"):
        local.save(catalog, user, {**DROP_IN, "id": slug})
    assert [e.slug for e in local.entries(catalog, user)] == [slug]
    # Without an id, the same title gets a fresh one.
    assert local.save(catalog, user, DROP_IN).id == f"{slug}-2"


def test_a_resource_the_new_catalog_rejects_is_kept_and_reported(
    dbs: tuple[Engine, Engine], data_dir: Path
) -> None:
    catalog, user = dbs
    slug = local.save(catalog, user, DROP_IN).id
    with catalog.begin() as connection:  # as if an update dropped the topic
        connection.exec_driver_sql("DELETE FROM vocabulary WHERE code = 'trafficking'")
        connection.exec_driver_sql("DELETE FROM meta WHERE key = ?", (local.META_LOCAL_HASH,))
    problems = local.merge_into_catalog(catalog, user)
    assert [p.entry for p in problems] == [slug] and "trafficking" in problems[0].message
    assert found(catalog, "zephyrine") == []
    assert local.stored_data(user, slug) is not None


def test_patched_search_arrays_equal_a_full_rebuild(
    dbs: tuple[Engine, Engine], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    catalog, user = dbs

    def no_rebuild(*_args: object) -> None:
        raise AssertionError("the arrays were rebuilt, not patched")

    with monkeypatch.context() as patch:
        patch.setattr(indexing, "_build_arrays", no_rebuild)
        first = local.save(catalog, user, DROP_IN).id
        second = local.save(catalog, user, {**DROP_IN, "title": "Aardvark Outreach"}).id
        local.save(
            catalog, user, {**DROP_IN, "title": "Mentoring Zone", "status": "completed"}, first
        )
        local.delete(catalog, user, second)
    path = Path(str(catalog.url.database))
    rebuilt = tmp_path / "rebuilt.sqlite"
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(rebuilt)) as target:
        source.backup(target)  # with what is still in the WAL
    copy = store.sqlite_engine(rebuilt)
    with copy.begin() as connection:
        synonyms = json.loads(
            connection.exec_driver_sql(
                "SELECT value FROM meta WHERE key = ?", (indexing.META_SYNONYMS,)
            ).scalar_one()
        )
        indexing.build_search_index(connection, synonyms)

    def arrays(engine: Engine) -> dict[str, tuple[str, bytes]]:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT name, dtype, data FROM search_array")
            return {name: (dtype, data) for name, dtype, data in rows}

    patched, full = arrays(catalog), arrays(copy)
    assert patched.keys() == full.keys()
    assert [name for name in full if patched[name] != full[name]] == []
    copy.dispose()


def test_merge_restores_local_rows_an_import_overwrote(dbs: tuple[Engine, Engine]) -> None:
    catalog, user = dbs
    slug = local.save(catalog, user, DROP_IN).id
    with catalog.begin() as connection:  # a catalog update that brought the same id
        connection.exec_driver_sql(
            "UPDATE resource SET is_local = 0, title = 'Imported copy' WHERE slug = ?", (slug,)
        )
    assert local.merge_into_catalog(catalog, user) == []
    with catalog.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT title, is_local FROM resource WHERE slug = ?", (slug,)
        ).all()
    assert [tuple(row) for row in rows] == [(DROP_IN["title"], True)]
    assert found(catalog, "zephyrine") == [slug]


def test_many_are_saved_and_deleted_in_one_step_the_invalid_refused(
    dbs: tuple[Engine, Engine],
) -> None:
    catalog, user = dbs
    first = local.save(catalog, user, DROP_IN)
    items = [
        {**DROP_IN, "id": first.id, "summary": "Changed in a batch."},
        {**DROP_IN, "id": "local/quillon-outreach", "title": "Quillon Outreach"},
        {**DROP_IN, "id": "local/bad", "status": "sleeping"},
    ]
    saved, problems = local.save_many(catalog, user, items)
    assert saved == [first.id, "local/quillon-outreach"]
    assert len(problems) == 1 and problems[0].entry == "local/bad"
    assert [e.slug for e in local.entries(catalog, user)] == sorted(saved)
    assert found(catalog, "quillon") == ["local/quillon-outreach"]
    detail = reader.resource_detail(catalog, first.id)
    assert detail is not None and detail.record.summary == "Changed in a batch."
    local.delete_many(catalog, user, saved)
    assert local.entries(catalog, user) == []
    assert found(catalog, "quillon") == found(catalog, "zephyrine") == []
    assert store.integrity_problems(Path(str(catalog.url.database))) == []
