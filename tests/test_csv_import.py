"""CSV import: the CSV export reads back to the same values, edits made in a spreadsheet
come through, and every bad input is one sentence naming its row, with nothing written."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_helpers import run
from csec_desktop.catalog.content.records import (
    CONTACT_KINDS,
    Problem,
    ResourceRecord,
    Vocabularies,
    parse_resource,
)
from csec_desktop.catalog.curated.sources import CatalogContent, read_catalog_source
from csec_desktop.catalog.interchange.csv_import import read_csv, streamed_csv
from csec_desktop.catalog.interchange.exchange import MAX_CELL, MAX_LINE, ExchangeRecords
from csec_desktop.catalog.interchange.export import CSV_COLUMNS, export_csv, neutralise_formula
from csec_desktop.catalog.storage.store import ensure_catalog

DATA = Path(__file__).resolve().parent.parent / "data"
#: The fields a CSV row carries as they are.
SCALARS = (
    "id", "kind", "title", "short_title", "summary", "organization", "funder", "publisher",
    "category", "status", "service_area", "website", "hours", "languages", "topics",
    "audiences", "published", "format", "series", "overview", "highlights", "source",
    "last_verified",
)  # fmt: skip

Rows = list[dict[str, str]]


@pytest.fixture(scope="module")
def curated() -> CatalogContent:
    return read_catalog_source(DATA)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("csv")
    (root / "data-dir").mkdir()
    engine, _ = ensure_catalog(root / "data-dir", DATA)
    path = root / "catalog.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        export_csv(engine, out)
    engine.dispose()
    return path


def carried(record: ResourceRecord) -> dict[str, object]:
    """What a CSV row carries of a record, read from the record's own fields."""
    values: dict[str, object] = {name: getattr(record, name) for name in SCALARS}
    for kind in CONTACT_KINDS:
        values[kind] = [
            (c.value, c.display if c.display != c.value else None)
            for c in record.contacts
            if c.kind == kind
        ]
    values["email"] = [record.email] * bool(record.email) + [
        value
        for value, _ in values.pop("email")  # type: ignore[attr-defined]
    ]
    values["sites"] = [(s.city, s.state) for s in record.sites]
    amounts = [a.amount for a in record.awards]
    periods = [a.period_text or (a.start, a.end) for a in record.awards]
    if None not in amounts and (None, None) not in periods:
        # every award has both, so the i-th amount and the i-th period are one award's
        values["awards"] = list(zip(amounts, periods, strict=True))
    else:
        values["award_amounts"] = [a for a in amounts if a is not None]
        values["award_periods"] = [p for p in periods if p != (None, None)]
    values["ages"] = (record.eligibility.ages_min, record.eligibility.ages_max)
    values["related"] = [r.id for r in record.related]
    return values


def read_rows(path: Path) -> Rows:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: Rows, columns: tuple[str, ...] | list[str] = CSV_COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def edited(exported: Path, target: Path, rid: str, **cells: str) -> tuple[Path, int]:
    """A copy of the export with cells of resource ``rid`` changed; and that row's number."""
    rows = read_rows(exported)
    index = next(i for i, row in enumerate(rows) if row["id"] == rid)
    rows[index].update(cells)
    return write_rows(target, rows), index + 2  # the header is row 1


def test_round_trip_gives_every_value_the_csv_carries(
    exported: Path, curated: CatalogContent
) -> None:
    records, problems = read_csv(exported, curated)
    assert problems == []
    original = {r.id: r for r in curated.resources}
    assert [r.id for r in records.resources] == [row["id"] for row in read_rows(exported)]
    assert {r.id for r in records.resources} == set(original)
    for record in records.resources:
        assert carried(record) == carried(original[record.id]), record.id
    cited = {
        key
        for r in curated.resources
        for key in (r.organization, r.funder, r.publisher)
        if key is not None
    }
    assert sorted(records.organizations, key=lambda o: o.key) == sorted(
        (o for o in curated.organizations if o.key in cited), key=lambda o: o.key
    )  # the catalog's own records, matched by name
    assert {s.key for s in records.sources} == {r.source for r in curated.resources}


def test_neutralised_text_comes_back_and_new_organizations_get_keys(
    exported: Path, curated: CatalogContent, tmp_path: Path
) -> None:
    rows = read_rows(exported)
    text = "=1+2 is how a spreadsheet starts a sum"
    rows[0]["summary"] = neutralise_formula(text)
    rows[0]["organization"] = rows[1]["organization"] = "Harbor Light Youth Services"
    rows[1]["funder"] = ""
    records, problems = read_csv(write_rows(tmp_path / "edited.csv", rows), curated)
    assert problems == []
    first, second = records.resources[0], records.resources[1]
    assert first.summary == text
    assert first.organization == second.organization == "harbor-light-youth-services"
    assert second.funder is None
    new = [o for o in records.organizations if o.key == "harbor-light-youth-services"]
    assert [(o.name, o.acronym, o.website) for o in new] == [
        ("Harbor Light Youth Services", None, None)
    ]


def _first(curated: CatalogContent, test: Callable[[ResourceRecord], bool]) -> str:
    return next(r.id for r in curated.resources if test(r))


ROW_CASES: list[tuple[str, Callable[[ResourceRecord], bool], dict[str, str], str]] = [
    (
        "amount",
        lambda r: bool(r.awards),
        {"award_amounts": "abc"},
        "column 'award_amounts': 'abc' is not a whole number of dollars",
    ),
    (
        "date",
        lambda r: True,
        {"last_verified": "2019-13"},
        "'last_verified': month must be in 1..12",
    ),
    ("kind", lambda r: r.kind == "program", {"kind": "programme"}, "'kind' has unknown kind"),
    (
        "topic",
        lambda r: True,
        {"topics": "trafficking; astrology"},
        "'topics' has unknown topic value(s): 'astrology'",
    ),
    ("ages", lambda r: True, {"ages": "twelve–17"}, "column 'ages': 'twelve–17' is not an age"),
    (
        "huge",
        lambda r: True,
        {"overview": "x" * 110_000},
        "column 'overview' is 110000 characters long; the limit is 100000",
    ),
    (
        "long",
        lambda r: True,
        {"summary": "y" * 30_000},
        "'summary' is 30000 characters long; the limit is 20000",
    ),
    (
        "formula",
        lambda r: True,
        {"title": '=HYPERLINK("http://evil.example","Call")'},
        "column 'title' starts with '=' as a spreadsheet formula does",
    ),
    ("phone", lambda r: True, {"phone": "call us"}, "phone contact has an invalid value"),
    (
        "source url",
        lambda r: True,
        {"source_url": "https://elsewhere.example/"},
        "column 'source_url': 'https://elsewhere.example/' is not the address the catalog",
    ),
]


@pytest.mark.parametrize(
    ("pick", "cells", "expected"),
    [case[1:] for case in ROW_CASES],
    ids=[case[0] for case in ROW_CASES],
)
def test_a_bad_cell_is_one_sentence_and_leaves_its_row_out(
    exported: Path,
    curated: CatalogContent,
    tmp_path: Path,
    pick: Callable[[ResourceRecord], bool],
    cells: dict[str, str],
    expected: str,
) -> None:
    rid = _first(curated, pick)
    path, number = edited(exported, tmp_path / "bad.csv", rid, **cells)
    records, problems = read_csv(path, curated)
    [problem] = problems
    assert problem.where == f"bad.csv row {number}" and problem.entry == rid
    assert expected in problem.message and "\n" not in str(problem)
    assert {r.id for r in records.resources} == {r.id for r in curated.resources} - {rid}


def test_a_repeated_id_is_reported_on_the_second_row(
    exported: Path, curated: CatalogContent, tmp_path: Path
) -> None:
    rows = read_rows(exported)
    rows.append(dict(rows[0], title="A second copy"))
    records, problems = read_csv(write_rows(tmp_path / "twice.csv", rows), curated)
    assert [str(p) for p in problems] == [
        f"twice.csv row {len(rows) + 1} [{rows[0]['id']}]: the id is used by row 2 too; "
        "this row was left out"
    ]
    assert len(records.resources) == len(curated.resources)


def _latin1(exported: Path, target: Path) -> None:
    text = exported.read_text(encoding="utf-8")
    row = text.splitlines()[3]
    target.write_bytes(text.replace(row, row + "é", 1).encode("latin-1", "replace"))


def _without_summary(exported: Path, target: Path) -> None:
    write_rows(target, read_rows(exported), [c for c in CSV_COLUMNS if c != "summary"])


def _extra_column(exported: Path, target: Path) -> None:
    rows = [dict(row, client_name="") for row in read_rows(exported)]
    write_rows(target, rows, [*CSV_COLUMNS, "client_name"])


def _misspelt_column(exported: Path, target: Path) -> None:
    rows = [
        {("overveiw" if k == "overview" else k): v for k, v in row.items()}
        for row in read_rows(exported)
    ]
    write_rows(target, rows, [("overveiw" if c == "overview" else c) for c in CSV_COLUMNS])


def _endless_line(exported: Path, target: Path) -> None:
    # A file with no line break after its rows: read no further than MAX_LINE.
    text = exported.read_text(encoding="utf-8").splitlines()
    with target.open("w", encoding="utf-8") as handle:
        handle.write("\n".join(text[:3]) + "\n")
        handle.write("x" * (MAX_LINE + 10))


def _huge_cell(exported: Path, target: Path) -> None:
    # Beyond the csv module's own limit (131,072 characters), where it stops reading.
    rows = read_rows(exported)
    rows[2]["summary"] = "x" * 200_000
    write_rows(target, rows)


def _binary(_exported: Path, target: Path) -> None:
    # A picture saved under a .csv name.
    target.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


FILE_CASES: list[tuple[str, Callable[[Path, Path], object], str]] = [
    (
        "empty",
        lambda _, target: target.write_bytes(b""),
        "file.csv: is empty: it has no header row",
    ),
    (
        "not UTF-8",
        _latin1,
        "file.csv: byte 0xe9 on line 4 is not UTF-8 text, so the rows from line 4 on were left out",
    ),
    (
        "missing column",
        _without_summary,
        "file.csv: has no column summary, which every resource needs",
    ),
    (
        "unknown column",
        _extra_column,
        "file.csv: column 'client_name' is not one the export writes, so it was not read",
    ),
    (
        "misspelt column",
        _misspelt_column,
        "file.csv: column 'overveiw' is not one the export writes, so it was not read "
        "(did you mean 'overview'?)",
    ),
    (
        "huge cell",
        _huge_cell,
        f"file.csv [row 4]: has a cell longer than 131,072 characters (the limit is "
        f"{MAX_CELL:,}), so the rows from there on were left out",
    ),
    (
        "binary",
        _binary,
        "file.csv: byte 0x89 on line 1 is not UTF-8 text, so the rows from line 1 on were left out",
    ),
    (
        "endless line",
        _endless_line,
        f"file.csv: line 4 is longer than {MAX_LINE:,} bytes, so the rows from line 4 on "
        "were left out",
    ),
]


@pytest.mark.parametrize(
    ("make", "expected"), [case[1:] for case in FILE_CASES], ids=[case[0] for case in FILE_CASES]
)
def test_a_bad_file_is_one_sentence(
    exported: Path,
    curated: CatalogContent,
    tmp_path: Path,
    make: Callable[[Path, Path], object],
    expected: str,
) -> None:
    target = tmp_path / "file.csv"
    make(exported, target)
    _, problems = read_csv(target, curated)
    assert [str(p) for p in problems] == [expected]


def test_a_row_longer_than_the_header(
    exported: Path, curated: CatalogContent, tmp_path: Path
) -> None:
    lines = exported.read_text(encoding="utf-8").splitlines()
    lines[2] += ",surplus"
    target = tmp_path / "long.csv"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records, problems = read_csv(target, curated)
    assert problems == [
        Problem(
            "long.csv row 3",
            "",
            f"has {len(CSV_COLUMNS) + 1} cells but the header has {len(CSV_COLUMNS)}; "
            "the row was left out",
        )
    ]
    assert len(records.resources) == len(curated.resources) - 1


# --------------------------------------------------------------------------- the CLI


@pytest.mark.usefixtures("data_dir")
def test_cli_writes_what_it_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, exported: Path, curated: CatalogContent
) -> None:
    output = tmp_path / "records.json"
    code, _, err = run(capsys, "import-csv", str(exported), "-o", str(output))
    assert code == 0, err
    assert err == f"{len(curated.resources)} resource(s) read, 0 problem(s); written to {output}.\n"
    document = json.loads(output.read_text(encoding="utf-8"))
    assert document["catalog"] == {"origin": "csv:catalog.csv"}
    vocab = Vocabularies(
        codes=curated.vocabularies().codes,
        organizations=frozenset(o["key"] for o in document["organizations"]),
        sources=frozenset(s["key"] for s in document["sources"]),
    )
    expected, _ = read_csv(exported, curated)
    assert [parse_resource(raw, "records.json", vocab) for raw in document["resources"]] == [
        (record, []) for record in expected.resources
    ]

    code, out, _ = run(capsys, "import-csv", str(exported), "--dry-run", "--json")
    assert code == 0
    preview = json.loads(out)
    assert {r["action"] for r in preview["resources"]} == {"change"}  # all installed already
    assert len(preview["resources"]) == len(curated.resources) and preview["problems"] == []


@pytest.mark.usefixtures("data_dir")
@pytest.mark.parametrize("make", [_latin1, _without_summary, _extra_column])
def test_cli_writes_nothing_when_a_row_has_a_problem(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    exported: Path,
    make: Callable[[Path, Path], object],
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    source = folder / "file.csv"
    make(exported, source)
    output = folder / "records.json"
    code, out, err = run(capsys, "import-csv", str(source), "-o", str(output))
    assert code == 1 and out == ""
    assert err.endswith("problem(s); nothing was written.\n")
    assert err.count("\n") == 2  # the problem, then the count
    assert list(folder.iterdir()) == [source]  # no output, no partial file


@pytest.mark.usefixtures("data_dir")
@pytest.mark.parametrize(
    "args",
    [
        ["import-csv", "/nonexistent/catalog.csv", "--dry-run"],
        ["import-csv", str(DATA), "--dry-run"],
    ],
)
def test_cli_mistakes_are_one_sentence(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, _, err = run(capsys, *args)
    assert code == 1
    assert err.startswith("csec-catalog: ") and err.count("\n") == 1


# --------------------------------------------------------------------------- a long file


def _long_file(exported: Path, target: Path, copies: int) -> Rows:
    """The export's rows ``copies`` times over, each copy under ids of its own."""
    rows = read_rows(exported)
    long = [
        dict(row, id=f"{row['id']}-c{copy}", related="") for copy in range(copies) for row in rows
    ]
    write_rows(target, long)
    return long


def test_rows_are_given_as_they_are_read(
    exported: Path, curated: CatalogContent, tmp_path: Path
) -> None:
    # The first resource comes before a later row is looked at: the bad row's problem is
    # met only when the reading reaches it, so a file of any length is never held whole.
    rows = read_rows(exported)
    rows[-1]["kind"] = "prgram"
    path = write_rows(tmp_path / "partner.csv", rows)
    records, problems = ExchangeRecords(), list[Problem]()
    resources = streamed_csv(path, curated, records, problems)
    first = next(resources)
    assert first.id == rows[0]["id"] and problems == []
    assert [first.id, *(r.id for r in resources)] == [row["id"] for row in rows[:-1]]
    [problem] = problems
    assert problem.where == f"partner.csv row {len(rows) + 1}"
    assert records.sources and {s.key for s in records.sources} <= {s.key for s in curated.sources}


def test_problems_are_listed_in_the_order_of_their_rows(
    exported: Path, curated: CatalogContent, tmp_path: Path
) -> None:
    # A checked field (the kind) on row 3 and a cell the reader cannot map (the ages) on
    # row 5: the list reads down the file, as the person fixing it does.
    rows = read_rows(exported)
    rows[1]["kind"] = "prgram"
    rows[3]["ages"] = "teens"
    _, problems = read_csv(write_rows(tmp_path / "order.csv", rows), curated)
    assert [p.where for p in problems] == ["order.csv row 3", "order.csv row 5"]


@pytest.mark.usefixtures("data_dir")
@pytest.mark.parametrize("how", ["-o", "--as-local", "window"])
def test_a_bad_row_at_the_end_of_a_long_file_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, exported: Path, how: str
) -> None:
    from csec_desktop.catalog.desk import Desk
    from csec_desktop.catalog.interchange.hsds_import import HsdsPackageError
    from csec_desktop.catalog.interchange.partner import import_partner, preview_partner
    from csec_desktop.catalog.user import local

    folder = tmp_path / "files"
    folder.mkdir()
    source = folder / "partner.csv"
    rows = _long_file(exported, source, 20)
    rows[-1]["last_verified"] = "someday"
    write_rows(source, rows)
    last = f"partner.csv row {len(rows) + 1} [{rows[-1]['id']}]"
    if how == "window":
        with Desk(Path(os.environ["CSEC_DESKTOP_DATA_DIR"])) as desk:
            preview = preview_partner(source, desk.catalog, desk.user)
            assert len(preview.added) == len(rows) - 1
            assert [f"{p.where} [{p.entry}]" for p in preview.problems] == [last]
            assert preview.blocked is not None
            with pytest.raises(HsdsPackageError, match="every row reads without a problem"):
                import_partner(desk.catalog, desk.user, preview)
            assert local.stored_slugs(desk.user) == set()
        return
    output = folder / "records.json"
    args = ["-o", str(output)] if how == "-o" else ["--as-local"]
    code, _, err = run(capsys, "import-csv", str(source), *args)
    assert code == 1
    assert err.startswith(f"{last}: ") and "last_verified" in err.splitlines()[0]
    assert err.endswith(
        f"{len(rows) - 1} resource(s) read, 1 problem(s)"
        + ("; nothing was written.\n" if how == "-o" else ".\n")
    )
    assert list(folder.iterdir()) == [source]
    code, out, _ = run(capsys, "local", "list", "--json")
    assert code == 0 and json.loads(out) == []
