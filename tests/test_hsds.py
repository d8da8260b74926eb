"""HSDS 3.0 exchange: the export validates against the published HSDS descriptor, reads back
to the same resources, a partner's package maps into our kinds, and bad input is reported."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from frictionless import Package

from cli_helpers import LOCAL_LINE_TOML, run
from csec_desktop.catalog.content.records import (
    PartialDate,
    Problem,
    ResourceRecord,
    Vocabularies,
    parse_resource,
)
from csec_desktop.catalog.curated.sources import CatalogContent, read_catalog_source
from csec_desktop.catalog.display.presentation import contact_text
from csec_desktop.catalog.interchange.hsds import hsds_descriptor, table_resource
from csec_desktop.catalog.interchange.hsds_export import export_hsds
from csec_desktop.catalog.interchange.hsds_import import (
    check_hsds_package,
    read_hsds_package,
    streamed_hsds_package,
)
from csec_desktop.catalog.storage.store import ensure_catalog

FIXTURE = Path(__file__).parent / "fixtures" / "hsds-partner"


@pytest.fixture(scope="module")
def curated() -> CatalogContent:
    return read_catalog_source(Path(__file__).resolve().parent.parent / "data")


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hsds")
    data = Path(__file__).resolve().parent.parent / "data"
    (root / "data-dir").mkdir()
    engine, _ = ensure_catalog(root / "data-dir", data)
    export_hsds(engine, root / "package")
    engine.dispose()
    return root / "package"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_is_a_valid_hsds_package(package: Path) -> None:
    report = Package(str(package / "datapackage.json")).validate()
    errors = [(task.name, e.type, e.note) for task in report.tasks for e in task.errors]
    assert report.valid, errors[:10]
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:  # the published table schemas, unchanged
        assert resource["schema"] == table_resource(resource["name"])["schema"]
    assert {r["name"] for r in descriptor["resources"]} >= {
        "organization", "service", "location", "phone", "service_at_location", "schedule",
        "attribute", "taxonomy", "taxonomy_term",
    }  # fmt: skip


def test_frictionless_sees_a_broken_foreign_key(package: Path, tmp_path: Path) -> None:
    """The validator the export test relies on does check links between tables."""
    broken = tmp_path / "broken"
    shutil.copytree(package, broken)
    services = (broken / "services.csv").read_text(encoding="utf-8").splitlines()
    first = services[1].split(",")
    first[1] = "00000000-0000-4000-8000-000000000000"
    services[1] = ",".join(first)
    (broken / "services.csv").write_text("\n".join(services) + "\n", encoding="utf-8")
    report = Package(str(broken / "datapackage.json")).validate()
    assert not report.valid
    assert "foreign-key" in {e.type for task in report.tasks for e in task.errors}


def test_export_maps_kinds_sites_phones_and_hours(package: Path, curated: CatalogContent) -> None:
    services = rows(package / "services.csv")
    not_organizations = [r for r in curated.resources if r.kind != "organization"]
    assert sorted(s["name"] for s in services) == sorted(r.title for r in not_organizations)
    numbers = {p["number"] for p in rows(package / "phones.csv")}
    assert "1-888-373-7888" in numbers  # the trafficking hotline, as curated
    names = {loc["name"] for loc in rows(package / "locations.csv")}
    every_site = {
        ", ".join(p for p in (s.city, s.state) if p) for r in curated.resources for s in r.sites
    }
    assert every_site <= names
    addresses = package / "addresses.csv"
    assert not addresses.exists()  # no street address is ever made up
    schedules = rows(package / "schedules.csv")
    always = [s for s in schedules if s["description"] == "24/7"]
    assert always and all(s["byday"] == "MO,TU,WE,TH,FR,SA,SU" for s in always)
    terms = {t["code"] for t in rows(package / "taxonomy_terms.csv")}
    assert {"kind:hotline", "topic:trafficking", "award", "last_verified"} <= terms


def _without_contact_order(record: ResourceRecord) -> ResourceRecord:
    record.contacts.sort(key=lambda c: (c.kind, c.value))
    return record


def test_round_trip_gives_back_the_catalog(package: Path, curated: CatalogContent) -> None:
    records, problems = read_hsds_package(package, curated)
    assert problems == []
    original = {r.id: _without_contact_order(r) for r in curated.resources}
    assert {r.id for r in records.resources} == set(original)
    for record in records.resources:
        assert _without_contact_order(record) == original[record.id], record.id
    assert sorted(records.organizations, key=lambda o: o.key) == sorted(
        curated.organizations, key=lambda o: o.key
    )


def test_partner_package_maps_into_our_kinds(curated: CatalogContent) -> None:
    records, problems = read_hsds_package(FIXTURE, curated)
    by_title = {r.title: r for r in records.resources}
    assert set(by_title) == {"Community Counselling", "MyCity Youth Crisis Line"}
    counselling, crisis = by_title["Community Counselling"], by_title["MyCity Youth Crisis Line"]
    assert counselling.kind == "program" and crisis.kind == "hotline"
    assert counselling.last_verified == PartialDate(2005, 1, 1)  # assured_date
    assert crisis.last_verified == PartialDate(2024, 5, 1)  # last_modified
    assert (counselling.eligibility.ages_min, counselling.eligibility.ages_max) == (12, 100)
    assert [(c.kind, c.value) for c in crisis.contacts] == [("phone", "312-555-0100")]
    assert [(s.city, s.state) for s in crisis.sites] == [("Chicago", "IL")]
    assert crisis.hours == "24/7" and crisis.topics == ["trafficking"]
    # The spec's one cost option (35 an hour) says the counselling is not free; the line
    # has none, so whether it is free is not stated.
    assert counselling.eligibility.free_of_charge is False
    assert crisis.eligibility.free_of_charge is None
    [organization] = records.organizations
    assert organization.name == "Example Organization Inc."
    assert {r.organization for r in records.resources} == {organization.key}
    assert records.sources[0].title == "HSDS package: MyCity 211 directory (test fixture)"
    text = "\n".join(map(str, problems))
    # the spec's own dangling references, and what cannot be carried over, each said once
    assert "locations.csv [row 2]: column 'organization_id' points to organization" in text
    assert "taxonomy_terms.csv [row 2]: column 'taxonomy_id'" in text
    assert "phone '\"+44 1234 234567\"' is not a US number; left out" in text
    assert "language 'Urdu' is not one of the catalog's languages" in text


def test_check_alone_reports_the_table_problems(package: Path, curated: CatalogContent) -> None:
    assert check_hsds_package(package) == []
    _, problems = read_hsds_package(FIXTURE, curated)
    checked = check_hsds_package(FIXTURE)
    tables = {"locations.csv", "taxonomy_terms.csv"}  # the spec example's dangling references
    assert {p.where for p in checked} == tables
    assert checked == [p for p in problems if p.where in tables]


def test_partner_ids_are_stable_across_imports(curated: CatalogContent) -> None:
    first, _ = read_hsds_package(FIXTURE, curated)
    second, _ = read_hsds_package(FIXTURE, curated)
    assert [r.id for r in first.resources] == [r.id for r in second.resources]


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "partner"
    shutil.copytree(FIXTURE, target)
    return target


def _problems_for(package: Path, curated: CatalogContent, file: str) -> list[Problem]:
    _, problems = read_hsds_package(package, curated)
    found = [p for p in problems if p.where == file]
    assert all("\n" not in str(p) for p in problems)
    return found


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_missing_services_file(tmp_path: Path, curated: CatalogContent) -> None:
    package = _copy(tmp_path)
    (package / "services.csv").unlink()
    records, problems = read_hsds_package(package, curated)
    assert records.resources == []
    assert [str(p) for p in problems if p.where == "services.csv"] == [
        "services.csv: is missing from the package"
    ]


def test_wrong_column_type_drops_the_cell_only(tmp_path: Path, curated: CatalogContent) -> None:
    package = _copy(tmp_path)
    _edit(package / "services.csv", "MyCity area,12,100", "MyCity area,twelve,100")
    [problem] = _problems_for(package, curated, "services.csv")
    assert problem.entry == "row 2"
    assert problem.message == "column 'minimum_age': 'twelve' is not a number; the cell was ignored"
    records, _ = read_hsds_package(package, curated)
    counselling = next(r for r in records.resources if r.title == "Community Counselling")
    assert counselling.eligibility.ages_min is None and counselling.eligibility.ages_max == 100


def test_bad_enumeration_and_missing_required_cell_drop_the_row(
    tmp_path: Path, curated: CatalogContent
) -> None:
    package = _copy(tmp_path)
    _edit(
        package / "services.csv",
        "http://example.com/counselling,email@example.com,active,",
        "http://example.com/counselling,email@example.com,open,",
    )
    _edit(package / "services.csv", "MyCity Youth Crisis Line,", ",")
    records, problems = read_hsds_package(package, curated)
    assert records.resources == []
    messages = [str(p) for p in problems if p.where == "services.csv"]
    assert messages == [
        "services.csv [row 2]: column 'status': 'open' is not one of active, inactive, "
        "defunct, temporarily closed; the row was left out",
        "services.csv [row 3]: column 'name' is empty but HSDS requires it; the row was left out",
    ]


def test_foreign_key_to_nowhere(tmp_path: Path, curated: CatalogContent) -> None:
    package = _copy(tmp_path)
    _edit(
        package / "services.csv",
        "5d1e2c3b-7a8f-4e6d-9c0b-1a2b3c4d5e6f,d9d5e0f5",
        "5d1e2c3b-7a8f-4e6d-9c0b-1a2b3c4d5e6f,aaaaaaaa",
    )
    [problem] = _problems_for(package, curated, "services.csv")
    assert problem.entry == "row 3"
    assert problem.message.startswith("column 'organization_id' points to organization aaaaaaaa")
    assert problem.message.endswith("which the package does not have; the row was left out")
    records, _ = read_hsds_package(package, curated)
    assert [r.title for r in records.resources] == ["Community Counselling"]  # the rest kept


def test_latin1_bytes(tmp_path: Path, curated: CatalogContent) -> None:
    package = _copy(tmp_path)
    path = package / "services.csv"
    path.write_bytes(path.read_bytes().replace(b"Crisis Line", "Crisis Líne".encode("latin-1")))
    [problem] = _problems_for(package, curated, "services.csv")
    assert str(problem) == (
        "services.csv: byte 0xed on line 3 is not UTF-8 text, so the rows from line 3 on "
        "were left out"
    )
    records, _ = read_hsds_package(package, curated)
    assert [r.title for r in records.resources] == ["Community Counselling"]


def test_huge_field(tmp_path: Path, curated: CatalogContent) -> None:
    package = _copy(tmp_path)
    _edit(package / "services.csv", "answered day and night.", "x" * 200_000)
    [problem] = _problems_for(package, curated, "services.csv")
    assert problem.entry == "row 3"
    assert problem.message == (
        "column 'description' is 200070 characters long; the limit is 100000; the row was left out"
    )


def test_long_description_is_refused_by_the_record_checks(
    tmp_path: Path, curated: CatalogContent
) -> None:
    package = _copy(tmp_path)
    _edit(package / "services.csv", "answered day and night.", "y" * 30_000)
    records, problems = read_hsds_package(package, curated)
    assert [r.title for r in records.resources] == ["Community Counselling"]
    assert any("'summary' is 30070 characters long; the limit is 20000" in str(p) for p in problems)


@pytest.mark.parametrize(
    ("file", "content", "expected"),
    [
        ("services.csv", "", "services.csv: is empty: it has no header row"),
        (
            "organizations.csv",
            "id,description\n",
            "organizations.csv: has no column name, which HSDS requires",
        ),
    ],
)
def test_empty_file_and_missing_column(
    tmp_path: Path, curated: CatalogContent, file: str, content: str, expected: str
) -> None:
    package = _copy(tmp_path)
    (package / file).write_text(content, encoding="utf-8")
    _, problems = read_hsds_package(package, curated)
    assert expected in [str(p) for p in problems]


def test_descriptor_is_shipped_not_read_from_shared() -> None:
    assert hsds_descriptor()["version"] == "3.0.0"
    assert table_resource("service")["path"] == "services.csv"


# --------------------------------------------------------------------------- the CLI


@pytest.mark.usefixtures("data_dir")
def test_cli_export_and_import_chain(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, curated: CatalogContent
) -> None:
    target = tmp_path / "hsds"
    code, _, err = run(capsys, "export", "--format", "hsds", "-o", str(target))
    assert code == 0, err
    assert (target / "datapackage.json").is_file()
    assert not (tmp_path / "hsds.partial").exists()
    code, _, err = run(capsys, "export", "--format", "hsds", "-o", str(target))
    assert code == 1 and err.count("\n") == 1 and "not an empty folder" in err

    code, out, err = run(capsys, "import-hsds", str(target), "--dry-run")
    assert code == 0, err
    assert "change  program/gems-2006" in out  # already in the installed catalog

    output = tmp_path / "records.json"
    code, _, err = run(capsys, "import-hsds", str(FIXTURE), "-o", str(output))
    assert code == 0, err
    document = json.loads(output.read_text(encoding="utf-8"))
    assert document["format"] == "csec-desktop-catalog"
    vocab = Vocabularies(
        codes=curated.vocabularies().codes,
        organizations=frozenset(o["key"] for o in document["organizations"]),
        sources=frozenset(s["key"] for s in document["sources"]),
    )
    for raw in document["resources"]:
        assert parse_resource(raw, "records.json", vocab)[1] == []


@pytest.mark.usefixtures("data_dir")
@pytest.mark.parametrize(
    "args",
    [
        ["import-hsds", "/nonexistent/package", "--dry-run"],
        ["import-hsds", str(FIXTURE)],
        ["import-hsds", str(FIXTURE), "--dry-run", "--verified", "2026-13"],
        ["export", "--format", "hsds"],
    ],
)
def test_cli_mistakes_are_one_sentence(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, _, err = run(capsys, *args)
    assert code == 1
    assert err.startswith("csec-catalog: ") and err.count("\n") == 1


def test_partner_package_imports_as_local_resources_and_again_updates_them(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    from csec_desktop.catalog.search import SearchEngine
    from csec_desktop.catalog.storage import store
    from csec_desktop.catalog.user import local

    code, _out, err = run(capsys, "import-hsds", str(FIXTURE), "--as-local")
    assert code == 0, err
    assert "2 resource(s) added or updated as local resources" in err
    catalog, _ = store.ensure_catalog(data_dir, None)
    user = store.open_user_db(data_dir)
    entries = local.entries(catalog, user)
    assert len(entries) == 2 and all(e.record is not None for e in entries)
    crisis = next(e.record for e in entries if e.record and e.record.kind == "hotline")
    assert crisis is not None and "Offered by" in crisis.summary
    engine = SearchEngine(catalog)
    assert crisis.id in [h.slug for h in engine.search("youth crisis line").hits]
    engine.close()

    code, _out, err = run(capsys, "import-hsds", str(FIXTURE), "--as-local")
    assert code == 0, err
    assert len(local.entries(catalog, user)) == 2, "the second import updates, not duplicates"


CRISIS_SERVICE = "5d1e2c3b-7a8f-4e6d-9c0b-1a2b3c4d5e6f"
PARTNER_ORG = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


def _append(path: Path, *lines: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.writelines(line + "\n" for line in lines)


def _crisis_line(package: Path, curated: CatalogContent) -> tuple[ResourceRecord, list[str]]:
    records, problems = read_hsds_package(package, curated)
    crisis = next(r for r in records.resources if r.title == "MyCity Youth Crisis Line")
    return crisis, [str(p) for p in problems]


def test_a_place_abroad_is_reported_never_made_a_us_site(
    tmp_path: Path, curated: CatalogContent
) -> None:
    package = _copy(tmp_path)
    abroad, named = "0000000a-0000-4000-8000-000000000001", "0000000a-0000-4000-8000-000000000002"
    _append(
        package / "locations.csv",
        f"{abroad},physical,,{PARTNER_ORG},Casa Tijuana,,,,,,,",
        f'{named},physical,,{PARTNER_ORG},"Tijuana, BC",,,,,,,',
    )
    _append(
        package / "addresses.csv",
        f"0000000a-0000-4000-8000-000000000003,{abroad},,Av. Revolución 1,,Tijuana,,BC,22000,MX,"
        "physical",
    )
    _append(
        package / "service_at_location.csv",
        f"0000000a-0000-4000-8000-000000000004,{CRISIS_SERVICE},{abroad},",
        f"0000000a-0000-4000-8000-000000000005,{CRISIS_SERVICE},{named},",
    )
    crisis, problems = _crisis_line(package, curated)
    assert [(s.city, s.state) for s in crisis.sites] == [("Chicago", "IL")]
    where = f"services.csv row 3 [{crisis.id}]: "
    assert (
        f"{where}location 'Casa Tijuana' is in 'Tijuana, BC', country 'MX', outside the United "
        "States, where all the catalog's places are; left out"
    ) in problems
    assert f"{where}location 'Tijuana, BC' has no US city and state; left out" in problems


def test_misspelt_and_unknown_columns_are_named_with_a_suggestion(
    tmp_path: Path, curated: CatalogContent
) -> None:
    package = _copy(tmp_path)
    path = package / "phones.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].replace(",service_id,", ",servce_id,") + ",fax_colour"
    path.write_text("\n".join([header] + [line + "," for line in lines[1:]]) + "\n")
    problems = [str(p) for p in _problems_for(package, curated, "phones.csv")]
    assert problems == [
        "phones.csv: column 'servce_id' is not an HSDS phone column, so it was not read "
        "(did you mean 'service_id'?)",
        "phones.csv: column 'fax_colour' is not an HSDS phone column, so it was not read",
    ]
    crisis, _ = _crisis_line(package, curated)
    assert crisis.contacts == []  # the phone lost its service with the column; said above


@pytest.mark.parametrize(
    ("number", "extension"), [("(312) 555-0100", "204"), ("312-555-0100 x 204", ""),
                              ("(312) 555-0100 ext. 204", "")]
)  # fmt: skip
def test_phone_extensions_are_kept(
    tmp_path: Path, curated: CatalogContent, number: str, extension: str
) -> None:
    package = _copy(tmp_path)
    _edit(package / "phones.csv", ",(312) 555-0100,,voice,", f",{number},{extension},voice,")
    crisis, problems = _crisis_line(package, curated)
    [phone] = crisis.contacts
    assert (phone.value, phone.display) == ("312-555-0100", "312-555-0100 ext. 204")
    assert contact_text(phone) == "312-555-0100 ext. 204"
    assert not any("312" in p for p in problems)


def _zipped(target: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def _fixture_members(folder: str = "") -> dict[str, bytes]:
    return {f"{folder}{path.name}": path.read_bytes() for path in sorted(FIXTURE.iterdir())}


@pytest.mark.usefixtures("data_dir")
def test_a_zipped_package_reads_as_its_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, from_folder, err = run(capsys, "import-hsds", str(FIXTURE), "--dry-run", "--json")
    assert code == 0, err
    # Under a folder, as a partner's zip often is, with a member that tries to leave it.
    members = _fixture_members("mycity-211/") | {"../../escaped.csv": b"id\n1\n"}
    package = _zipped(tmp_path / "mycity.zip", members)
    code, from_zip, err = run(capsys, "import-hsds", str(package), "--dry-run", "--json")
    assert code == 0, err
    assert json.loads(from_zip) == json.loads(from_folder)
    assert not (tmp_path.parent / "escaped.csv").exists()


@pytest.mark.usefixtures("data_dir")
def test_a_zipped_package_bomb_or_damage_is_one_sentence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bomb = _zipped(
        tmp_path / "bomb.zip", _fixture_members() | {"services.csv": b" " * 60 * 1024**2}
    )
    code, out, err = run(capsys, "import-hsds", str(bomb), "--dry-run")
    assert (code, out) == (1, "") and err.count("\n") == 1
    assert "bomb.zip is refused because its members would inflate" in err
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bomb.read_bytes()[:5000])
    code, out, err = run(capsys, "import-hsds", str(damaged), "--dry-run")
    assert (code, out) == (1, "") and err.count("\n") == 1
    assert "damaged.zip is not a zipped HSDS package" in err


@pytest.mark.usefixtures("data_dir")
def test_export_with_a_local_resource_reads_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A local resource cites no source; the export failed with KeyError 'source:'.
    entry = tmp_path / "line.toml"
    entry.write_text(LOCAL_LINE_TOML, encoding="utf-8")
    code, _, err = run(capsys, "local", "add", str(entry))
    assert code == 0, err
    code, _, err = run(capsys, "export", "--format", "hsds", "-o", str(tmp_path / "hsds"))
    assert code == 0, err
    code, out, err = run(capsys, "import-hsds", str(tmp_path / "hsds"), "--dry-run", "--json")
    assert code == 0, err
    assert "local/quillon-county-youth-line" in {r["id"] for r in json.loads(out)["resources"]}


@pytest.mark.parametrize(
    ("code", "value", "expected"),
    [
        ("award", "{not json", "the award attribute '{not json' is not valid JSON; left out"),
        ("contact", "[1, 2]", "'contacts' must be a list of tables"),
        ("contact", '{"kind": 5}', "'kind' must be text, not int"),
    ],
)
def test_our_json_attributes_damaged_are_problems(
    package: Path, tmp_path: Path, curated: CatalogContent, code: str, value: str, expected: str
) -> None:
    copy = tmp_path / "package"
    shutil.copytree(package, copy)
    table = rows(copy / "attributes.csv")
    term = next(r["id"] for r in rows(copy / "taxonomy_terms.csv") if r["code"] == code)
    changed = next(r for r in table if r["taxonomy_term_id"] == term)
    changed["value"] = value
    with (copy / "attributes.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    records, problems = read_hsds_package(copy, curated)
    assert any(expected in str(p) for p in problems), problems
    assert len(records.resources) == len(curated.resources) - (code == "contact")


def test_free_of_charge_is_a_cost_option_and_reads_back(
    tmp_path: Path, curated: CatalogContent
) -> None:
    from csec_desktop.catalog.content.records import EligibilityRecord
    from csec_desktop.catalog.storage.store import sqlite_engine
    from search_fixtures import build, record

    free = record("program/free", "Free shelter", "A shelter.",
                  eligibility=EligibilityRecord(free_of_charge=True))  # fmt: skip
    paid = record("program/paid", "Paid shelter", "A shelter.",
                  eligibility=EligibilityRecord(free_of_charge=False))  # fmt: skip
    engine = sqlite_engine(build(tmp_path / "catalog.sqlite", [free, paid]))
    export_hsds(engine, tmp_path / "package")
    engine.dispose()
    package = tmp_path / "package"
    report = Package(str(package / "datapackage.json")).validate()
    assert report.valid, [e.note for task in report.tasks for e in task.errors][:5]
    services = {s["id"]: s["name"] for s in rows(package / "services.csv")}
    costs = rows(package / "cost_options.csv")
    assert [(services[c["service_id"]], c["amount"]) for c in costs] == [("Free shelter", "0")]
    # Without our own attribute (as a partner's package would be), the cost option alone
    # says it is free; "not free" has no amount to write, so it is not stated then.
    attributes = package / "attributes.csv"
    terms = {t["id"]: t["code"] for t in rows(package / "taxonomy_terms.csv")}
    kept = [a for a in rows(attributes) if terms.get(a["taxonomy_term_id"]) != "free_of_charge"]
    assert len(kept) == len(rows(attributes)) - 2
    with attributes.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(kept[0]))
        writer.writeheader()
        writer.writerows(kept)
    records, problems = read_hsds_package(package, curated)
    assert problems == []
    read = {r.id: r.eligibility.free_of_charge for r in records.resources}
    assert read == {"program/free": True, "program/paid": None}


def test_a_streamed_read_gives_the_records_one_at_a_time(
    package: Path, curated: CatalogContent
) -> None:
    """The resources come one at a time (none held in the records' list), the same as
    the whole read; the sources they cite are there once they have all come."""
    whole, _ = read_hsds_package(package, curated)
    with streamed_hsds_package(package, curated) as (records, resources):
        first = next(resources)
        assert records.resources == [] and records.sources == []
        assert records.organizations == whole.organizations
        rest = list(resources)
    assert [first, *rest] == whole.resources and records.resources == []
    assert records.sources == whole.sources and records.problems == []


def test_an_attribute_id_used_twice_is_refused(
    tmp_path: Path, package: Path, curated: CatalogContent
) -> None:
    copy = tmp_path / "package"
    shutil.copytree(package, copy)
    path = copy / "attributes.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first_id = lines[1].split(",", 1)[0]
    second_id = lines[2].split(",", 1)[0]
    lines[2] = lines[2].replace(second_id, first_id, 1)
    path.write_text("".join(lines), encoding="utf-8")
    for problems in (_problems_for(copy, curated, "attributes.csv"), check_hsds_package(copy)):
        [problem] = problems
        assert problem.entry == "row 3" and f"the id {first_id} is used by an earlier row" in str(
            problem
        )
