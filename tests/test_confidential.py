"""Confidential locations: a shelter's or safe house's place stays on the desk. Not on a
sheet, not in the JSON, CSV or HSDS exports, not in a signed bundle, not in "Copy" or
``show``: only "call for the location". Imports keep the mark (our own JSON, CSV and HSDS,
and the markers partners' HSDS packages use)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from bundle_helpers import make_keys
from cli_helpers import run
from csec_desktop.catalog.content.records import ResourceRecord, SiteRecord
from csec_desktop.catalog.curated.sources import CatalogContent, read_catalog_source
from csec_desktop.catalog.display import sheets
from csec_desktop.catalog.display.presentation import (
    CALL_FOR_LOCATION,
    CONFIDENTIAL_ON_DESK,
    detail_sections,
    detail_text,
)
from csec_desktop.catalog.interchange.bundle import (
    PAYLOAD,
    load_private_key,
    read_bundle,
    write_bundle,
)
from csec_desktop.catalog.interchange.csv_import import read_csv
from csec_desktop.catalog.interchange.export import CSV_COLUMNS, export_csv, export_json
from csec_desktop.catalog.interchange.hsds_export import export_hsds
from csec_desktop.catalog.interchange.hsds_import import read_hsds_package
from csec_desktop.catalog.storage import reader
from csec_desktop.catalog.user import local

DATA = Path(__file__).resolve().parent.parent / "data"
PARTNER = Path(__file__).parent / "fixtures" / "hsds-partner"
#: A city no curated resource names, so that finding it anywhere is this shelter's leak.
CITY = "Cohoes"
TITLE = "Quillfeather Safe House"
SHELTER: dict[str, Any] = {
    "kind": "program",
    "title": TITLE,
    "summary": "An emergency safe house for young people, with an advocate on call.",
    "status": "active",
    "last_verified": "2026-11-02",
    "topics": ["trafficking"],
    "sites": [{"city": CITY, "state": "NY", "role": "safe house"}],
    "contacts": [{"kind": "phone", "value": "518-555-0199", "hours": "24/7"}],
    "location_confidential": True,
}


@pytest.fixture
def shelter(dbs: tuple[Engine, Engine]) -> str:
    catalog, user = dbs
    return local.save(catalog, user, SHELTER).id


@pytest.fixture(scope="module")
def curated() -> CatalogContent:
    return read_catalog_source(DATA)


def test_the_curated_catalog_does_not_name_the_test_city(curated: CatalogContent) -> None:
    assert not any(CITY in json.dumps(r.__dict__, default=str) for r in curated.resources)


def test_the_desk_keeps_and_shows_the_location(dbs: tuple[Engine, Engine], shelter: str) -> None:
    catalog, user = dbs
    stored = local.stored_data(user, shelter)
    assert stored is not None and stored["sites"][0]["city"] == CITY
    record = reader.get_record(catalog, shelter)
    assert record is not None and record.location_confidential
    assert [site.city for site in record.sites] == [CITY]
    detail = reader.resource_detail(catalog, shelter)
    assert detail is not None
    places = next(s for s in detail_sections(detail, on_desk=True) if s.title == "Places")
    values = [field.value for field in places.fields]
    assert f"{CITY}, NY" in values and CONFIDENTIAL_ON_DESK in values


def test_copy_and_show_say_call_for_the_location(
    dbs: tuple[Engine, Engine], shelter: str, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog, _ = dbs
    detail = reader.resource_detail(catalog, shelter)
    assert detail is not None
    text = detail_text(detail)
    assert CITY not in text and CALL_FOR_LOCATION in text
    code, out, err = run(capsys, "show", shelter)
    assert code == 0, err
    assert CITY not in out and CALL_FOR_LOCATION in out
    code, out, err = run(capsys, "show", shelter, "--json")
    assert code == 0, err
    assert CITY not in out and json.loads(out)["location_confidential"] is True


def test_json_and_csv_exports_leave_the_location_out(
    dbs: tuple[Engine, Engine], shelter: str, curated: CatalogContent, tmp_path: Path
) -> None:
    catalog, _ = dbs
    out = io.StringIO()
    export_json(catalog, out)
    assert CITY not in out.getvalue()
    exported = {r["id"]: r for r in json.loads(out.getvalue())["resources"]}[shelter]
    assert exported["location_confidential"] is True and "sites" not in exported
    # Others' places are exported as before.
    assert sum("sites" in r for r in json.loads(out.getvalue())["resources"]) == sum(
        bool(r.sites) for r in curated.resources
    )

    out = io.StringIO()
    export_csv(catalog, out)
    assert CITY not in out.getvalue()
    row = {r["id"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}[shelter]
    assert (row["places"], row["location_confidential"]) == ("", "yes")
    # Read back, the mark stays.
    path = tmp_path / "export.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    records, problems = read_csv(path, curated)
    assert not [p for p in problems if p.entry == shelter]
    [back] = [r for r in records.resources if r.title == TITLE]
    assert back.location_confidential and back.sites == []


def test_csv_import_reads_the_mark_and_refuses_other_values(
    curated: CatalogContent, tmp_path: Path
) -> None:
    rows = {"yes": "yes", "YES": "yes", "maybe": None}
    path = tmp_path / "partner.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for index, cell in enumerate(rows):
            writer.writerow(
                {
                    "id": f"program/shelter-{index}",
                    "kind": "program",
                    "title": f"Shelter {index}",
                    "summary": "A shelter.",
                    "status": "active",
                    "places": f"{CITY}, NY",
                    "source": curated.sources[0].key,
                    "last_verified": "2026-11",
                    "location_confidential": cell,
                }
            )
    records, problems = read_csv(path, curated)
    read = {r.title: r for r in records.resources}
    for index, (cell, expected) in enumerate(rows.items()):
        if expected is None:
            assert f"Shelter {index}" not in read
            assert any("must be 'yes' or empty, not 'maybe'" in p.message for p in problems)
        else:
            record = read[f"Shelter {index}"]
            assert record.location_confidential, cell
            assert [s.city for s in record.sites] == [CITY], "kept on the desk it comes to"


def test_hsds_export_has_no_location_and_reads_back_marked(
    dbs: tuple[Engine, Engine], shelter: str, curated: CatalogContent, tmp_path: Path
) -> None:
    catalog, _ = dbs
    package = tmp_path / "hsds"
    export_hsds(catalog, package)
    for table in package.iterdir():
        assert CITY not in table.read_text(encoding="utf-8"), table.name
    records, _ = read_hsds_package(package, curated)
    [back] = [r for r in records.resources if r.id == shelter]
    assert back.location_confidential and back.sites == []


def _partner_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "partner"
    shutil.copytree(PARTNER, copy)
    return copy


def _crisis_line(package: Path, curated: CatalogContent) -> ResourceRecord:
    records, _ = read_hsds_package(package, curated)
    return next(r for r in records.resources if r.title == "MyCity Youth Crisis Line")


def test_partner_hsds_markers_are_honoured(curated: CatalogContent, tmp_path: Path) -> None:
    plain = _crisis_line(PARTNER, curated)
    assert not plain.location_confidential and [s.city for s in plain.sites] == ["Chicago"]

    # An address line that says so, as 211 exports write it in place of the street.
    by_address = _partner_copy(tmp_path / "address")
    addresses = by_address / "addresses.csv"
    text = addresses.read_text(encoding="utf-8")
    addresses.write_text(text.replace(",1-30 Main Street,,Chicago", ",Confidential,,Chicago"))
    marked = _crisis_line(by_address, curated)
    assert marked.location_confidential and [s.city for s in marked.sites] == ["Chicago"]

    # A term of the partner's own taxonomy on the location.
    by_term = _partner_copy(tmp_path / "term")
    with (by_term / "taxonomy_terms.csv").open("a", encoding="utf-8") as out:
        out.write(
            "7d0b8a52-0d43-4c59-9a51-6a3c3d0e9f11,conf-loc,Confidential location,"
            "Where it is is not published,,,eng,,\n"
        )
    with (by_term / "attributes.csv").open("a", encoding="utf-8") as out:
        out.write(
            "2b7c0f1e-5a4d-4c3b-9e8f-7a6b5c4d3e2f,9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d,"
            "7d0b8a52-0d43-4c59-9a51-6a3c3d0e9f11,,location,\n"
        )
    assert _crisis_line(by_term, curated).location_confidential


def test_signed_bundles_leave_the_location_out(curated: CatalogContent, tmp_path: Path) -> None:
    first = curated.resources[0]
    marked = replace(first, sites=[SiteRecord(CITY, "NY")], location_confidential=True)
    content = replace(curated, resources=[marked, *curated.resources[1:]])
    private, public = make_keys(tmp_path)
    path = tmp_path / "catalog.bundle"
    write_bundle(content, path, load_private_key(private), publisher="Test")
    with zipfile.ZipFile(path) as archive:
        assert CITY.encode() not in archive.read(PAYLOAD)
    bundle = read_bundle(path, public_key=public)
    [back] = [r for r in bundle.content.resources if r.id == first.id]
    assert back.location_confidential and back.sites == []


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Call for the location"), ("es", "Llame para saber la ubicación")],
)
def test_sheets_say_call_for_the_location(
    qapp: Any, dbs: tuple[Engine, Engine], shelter: str, language: sheets.Language, words: str
) -> None:
    from csec_desktop.render.sheet import pdf_bytes
    from sheet_helpers import pdf_text

    catalog, _ = dbs
    options = sheets.SheetOptions(language=language, layout="detailed")
    text = pdf_text(pdf_bytes(sheets.build_sheet(catalog, [shelter], options)))
    assert TITLE in text and words in text and CITY not in text


def test_the_form_marks_the_location_confidential(qtbot: Any, dbs: tuple[Engine, Engine]) -> None:
    from csec_desktop.ui.local_resource_dialog import LocalResourceDialog

    catalog, user = dbs
    data = {key: value for key, value in SHELTER.items() if key != "location_confidential"}
    slug = local.save(catalog, user, data).id
    dialog = LocalResourceDialog(catalog, user, slug)
    qtbot.addWidget(dialog)
    assert not dialog.confidential_check.isChecked()
    assert "location_confidential" not in dialog.data()
    dialog.confidential_check.setChecked(True)
    dialog.accept()
    record = reader.get_record(catalog, slug)
    assert record is not None and record.location_confidential
    again = LocalResourceDialog(catalog, user, slug)
    qtbot.addWidget(again)
    assert again.confidential_check.isChecked()
    again.confidential_check.setChecked(False)
    assert "location_confidential" not in again.data()


def test_the_window_copies_without_the_location(
    qtbot: Any, data_dir: Path, dbs: tuple[Engine, Engine], shelter: str
) -> None:
    from csec_desktop.ui.qt import QGuiApplication
    from gui_helpers import open_window

    window = open_window(qtbot, data_dir)
    assert window.show_resource(shelter)
    shown = window.detail_view.toPlainText()
    assert CITY in shown and CONFIDENTIAL_ON_DESK in shown
    window.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert TITLE in copied and CALL_FOR_LOCATION in copied and CITY not in copied
