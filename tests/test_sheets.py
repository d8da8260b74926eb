"""A resource sheet as HTML (no Qt): what it prints from the catalog, escaped, in either
language; options that cannot be honoured; saved sheets in user.sqlite."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest
from sqlalchemy import Engine

from csec_desktop.catalog.display import sheets
from csec_desktop.catalog.display.presentation import contact_text
from csec_desktop.catalog.display.sheets import SheetError, SheetOptions, build_sheet
from csec_desktop.catalog.storage import reader, store
from csec_desktop.catalog.user import userstore

GEMS = "program/gems-2006"


def test_each_resource_prints_its_catalog_facts(catalog_engine: Engine) -> None:
    slugs = [*sheets.hotline_slugs(catalog_engine)[:3], GEMS]
    document = build_sheet(catalog_engine, slugs, SheetOptions(hotlines=False))
    for slug in slugs:
        record = reader.get_record(catalog_engine, slug)
        assert record is not None
        assert html.escape(record.title) in document.html
        for contact in record.contacts:
            if contact.kind in ("phone", "text", "tty"):
                assert html.escape(contact_text(contact)) in document.html
        verified = sheets.format_date(record.last_verified)
        assert f"Information verified: {verified}" in document.html
    assert document.missing == ()


def test_catalog_text_and_typed_text_are_escaped(catalog_engine: Engine) -> None:
    ampersand = [
        s
        for s in sheets.hotline_slugs(catalog_engine)
        if "&" in reader.titles(catalog_engine, [s])[s]
    ]
    assert ampersand, "the catalog has a hotline with & in its title"
    options = SheetOptions(title="<b>x</b>", note="<script>alert(1)</script>")
    document = build_sheet(catalog_engine, ampersand, options)
    title = reader.titles(catalog_engine, ampersand)[ampersand[0]]
    assert html.escape(title) in document.html
    assert "<script>" not in document.html and "<b>x</b>" not in document.html
    assert "&lt;script&gt;" in document.html


def test_spanish_labels_and_dates(catalog_engine: Engine) -> None:
    hotline = sheets.hotline_slugs(catalog_engine)[0]
    record = reader.get_record(catalog_engine, hotline)
    assert record is not None and record.last_verified.month is not None
    document = build_sheet(
        catalog_engine, [hotline], SheetOptions(language="es"), today=dt.date(2026, 11, 23)
    )
    month = sheets.MONTHS_ES[record.last_verified.month - 1]
    assert f"Información verificada: {month} de {record.last_verified.year}" in document.html
    assert "Teléfono:" in document.html
    assert "Líneas de ayuda" in document.html  # the hotlines block (other hotlines)
    assert document.footer(1, 2) == ("Impreso el 23 de noviembre de 2026", "Página 1 de 2")
    assert "Information verified" not in document.html


def test_footer_in_english() -> None:
    document = sheets.SheetDocument("", {}, SheetOptions(), dt.date(2026, 11, 3))
    assert document.footer(2, 3) == ("Printed 3 Nov 2026", "Page 2 of 3")


def test_hotlines_block_lists_the_catalog_hotlines_not_already_on_the_sheet(
    catalog_engine: Engine,
) -> None:
    hotlines = sheets.hotline_slugs(catalog_engine)
    assert len(hotlines) >= 2
    titles = reader.titles(catalog_engine, hotlines)
    document = build_sheet(catalog_engine, [hotlines[0]], SheetOptions())
    block = document.html.split("Hotlines</b>", 1)[1]
    assert html.escape(titles[hotlines[0]]) not in block
    for slug in hotlines[1:]:
        assert html.escape(titles[slug]) in block
    without = build_sheet(catalog_engine, [hotlines[0]], SheetOptions(hotlines=False))
    assert "Hotlines</b>" not in without.html


def test_qr_codes_only_for_web_addresses_and_only_when_asked(catalog_engine: Engine) -> None:
    slugs = sheets.hotline_slugs(catalog_engine)
    with_web = [s for s in slugs if (r := reader.get_record(catalog_engine, s)) and r.website]
    document = build_sheet(catalog_engine, slugs, SheetOptions(hotlines=False))
    assert len(document.images) == len(with_web) > 0
    assert all(png.startswith(b"\x89PNG") for png in document.images.values())
    plain = build_sheet(catalog_engine, slugs, SheetOptions(hotlines=False, qr_codes=False))
    assert plain.images == {} and "<img" not in plain.html


def test_unknown_id_is_marked_missing_not_raised(catalog_engine: Engine) -> None:
    document = build_sheet(catalog_engine, [GEMS, "program/no-such-thing"], SheetOptions())
    assert document.missing == ("program/no-such-thing",)
    assert "This resource is no longer in the catalog" in document.html
    assert "program/no-such-thing" in document.html


def test_empty_sheet_says_so(catalog_engine: Engine) -> None:
    document = build_sheet(catalog_engine, [], SheetOptions(hotlines=False))
    assert "No resources were chosen for this sheet." in document.html
    with_hotlines = build_sheet(catalog_engine, [], SheetOptions())
    assert "Hotlines</b>" in with_hotlines.html


def test_detailed_layout_adds_summaries(catalog_engine: Engine) -> None:
    record = reader.get_record(catalog_engine, GEMS)
    assert record is not None
    compact = build_sheet(catalog_engine, [GEMS], SheetOptions())
    detailed = build_sheet(catalog_engine, [GEMS], SheetOptions(layout="detailed"))
    assert html.escape(record.summary) in detailed.html
    assert html.escape(record.summary) not in compact.html


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (SheetOptions(title="x" * 201), "A sheet title can be at most 200 characters long."),
        (SheetOptions(note="x" * 2001), "The note can be at most 2000 characters long."),
        (SheetOptions(agency_name="x" * 201), "Each agency header field can be at most"),
        (SheetOptions(language="fr"), "The sheet's language must be en or es."),  # type: ignore[arg-type]
        (SheetOptions(paper="legal"), "The sheet's paper must be letter or a4."),  # type: ignore[arg-type]
    ],
)
def test_options_that_cannot_be_honoured(
    catalog_engine: Engine, options: SheetOptions, message: str
) -> None:
    with pytest.raises(SheetError, match=message):
        build_sheet(catalog_engine, [GEMS], options)


def test_saved_options_survive_nonsense() -> None:
    assert sheets.options_from_json("not json", title="T") == SheetOptions(title="T")
    loaded = sheets.options_from_json('{"language": "es", "paper": 4, "layout": "poster"}')
    assert loaded.language == "es" and loaded.paper == "letter" and loaded.layout == "compact"


def test_agency_setting_is_read_tolerantly() -> None:
    options = sheets.with_agency(SheetOptions(), {"name": "Agency", "phone": 5})
    assert options.agency_name == "Agency" and options.agency_phone == ""
    assert sheets.with_agency(SheetOptions(), "nonsense") == SheetOptions()


# --------------------------------------------------------------------------- saved sheets


@pytest.fixture
def user(data_dir: Path) -> Engine:
    return store.open_user_db(data_dir)


def test_saved_sheets_round_trip_replace_and_delete(user: Engine) -> None:
    options = SheetOptions(title="For Miami", note="Open late", language="es", agency_name="A")
    userstore.save_sheet(user, " Miami ", [GEMS, "hotline/x", GEMS], options)
    stored = userstore.load_sheet(user, "Miami")
    assert stored is not None
    assert stored.slugs == [GEMS, "hotline/x"]
    assert stored.options.title == "For Miami" and stored.options.note == "Open late"
    assert stored.options.language == "es"
    assert stored.options.agency_name == "", "the agency header is a setting, not per sheet"

    userstore.save_sheet(user, "Miami", ["hotline/x"], SheetOptions(large_print=True))
    replaced = userstore.load_sheet(user, "Miami")
    assert replaced is not None and replaced.slugs == ["hotline/x"]
    assert replaced.options.large_print and replaced.options.title == ""
    userstore.save_sheet(user, "Atlanta", [], SheetOptions())
    assert [s.name for s in userstore.saved_sheets(user)] == ["Atlanta", "Miami"]

    assert userstore.delete_saved_sheet(user, "Miami")
    assert not userstore.delete_saved_sheet(user, "Miami")
    assert userstore.load_sheet(user, "Miami") is None
    with user.connect() as connection:
        items = connection.exec_driver_sql("SELECT count(*) FROM saved_sheet_item").scalar_one()
    assert items == 0, "the items went with their sheet"


@pytest.mark.parametrize(
    ("name", "options", "message"),
    [
        ("  ", SheetOptions(), "A saved sheet needs a name."),
        ("x" * 201, SheetOptions(), "A name can be at most 200 characters long."),
        ("ok", SheetOptions(title="t" * 500), "A sheet title can be at most 200"),
    ],
)
def test_saving_a_sheet_refuses_bad_input(
    user: Engine, name: str, options: SheetOptions, message: str
) -> None:
    with pytest.raises(userstore.UserDataError, match=message):
        userstore.save_sheet(user, name, [GEMS], options)
    assert userstore.saved_sheets(user) == []


def test_a_saved_sheet_whose_resource_left_the_catalog_still_builds(
    user: Engine, catalog_engine: Engine
) -> None:
    userstore.save_sheet(user, "old", [GEMS, "program/retired-long-ago"], SheetOptions())
    stored = userstore.load_sheet(user, "old")
    assert stored is not None
    document = build_sheet(catalog_engine, stored.slugs, stored.options)
    assert document.missing == ("program/retired-long-ago",)
