"""`csec-catalog`: data on stdout, one sentence on stderr for every error, never a traceback."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from cli_helpers import assert_one_sentence, run
from csec_desktop.catalog.content.records import parse_resource
from csec_desktop.catalog.curated.sources import read_catalog_source
from csec_desktop.cli import main


@pytest.mark.usefixtures("data_dir")
def test_search_json_finds_gems(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "GEMS", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["total"] >= 1
    assert any(r["id"] == "program/gems-2006" for r in data["results"][:3])


@pytest.mark.usefixtures("data_dir")
def test_search_kind_filter_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "trafficking", "--kind", "hotline")
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("hotline/")]
    assert lines and all(line.split()[1] == "hotline" for line in lines)


def _ids(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    code, out, err = run(capsys, "search", "--json", "--limit", "1000", *args)
    assert code == 0, err
    return [r["id"] for r in json.loads(out)["results"]]


@pytest.mark.usefixtures("data_dir")
def test_a_leading_dash_word_is_an_exclusion_not_an_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    runaway = set(_ids(capsys, "runaway"))
    everything = set(_ids(capsys, ""))
    assert runaway and runaway < everything
    assert set(_ids(capsys, "-runaway")) == everything - runaway
    # "-homeless" is not -h with an argument; options still work around exclusions.
    assert set(_ids(capsys, "-homeless")) == everything - set(_ids(capsys, "homeless"))
    girls = set(_ids(capsys, "girls"))
    assert set(_ids(capsys, "girls", "-runaway", "--kind", "program")) == {
        slug for slug in girls - runaway if slug.startswith("program/")
    }
    assert _ids(capsys, "--", "-runaway") == _ids(capsys, "-runaway")
    for args, words in ((["search", "girls", "--bogus"], "--bogus"), (["stats", "-x"], "-x")):
        with pytest.raises(SystemExit) as usage:
            main(args)
        assert usage.value.code == 2
        assert f"unrecognized arguments: {words}" in capsys.readouterr().err
    with pytest.raises(SystemExit) as help_exit:
        main(["search", "-h"])
    assert help_exit.value.code == 0 and "-exclusions" in capsys.readouterr().out


@pytest.mark.usefixtures("data_dir")
def test_search_misspelling_says_what_it_did(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "trafficing")
    assert code == 0
    assert "trafficking" in out.splitlines()[0]


@pytest.mark.usefixtures("data_dir")
def test_search_json_says_how_a_request_was_understood(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "search", "help for a runaway wheelchair hotline number", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["relaxed"] and data["strict_total"] == 0 and data["total"] > 0
    assert data["matched_terms"] == ["runaway"] and data["dropped_terms"] == ["wheelchair"]
    assert data["ignored_terms"] == ["help for", "a"]
    assert data["intent"] == {"words": ["hotline", "number"], "kinds": ["hotline"]}
    assert data["results"][0]["id"] == "hotline/national-runaway-safeline"
    assert data["notices"] == [
        "No resource matches all of runaway wheelchair — showing those that match runaway.",
        "Hotlines first.",
    ]
    code, out, _ = run(capsys, "search", "help for", "--json")
    data = json.loads(out)
    assert data["total"] == 0 and data["notices"] == [
        "Type a word that describes the help you need."
    ]
    code, out, _ = run(capsys, "search", "shelter in chicago")
    assert "Nothing in “Chicago” — national resources shown." in out


@pytest.mark.usefixtures("data_dir")
@pytest.mark.parametrize(
    "query",
    ['"', "NEAR(", "*", "-", "a" * 5000, "\x00", "kind:", "OR OR", "the of in " * 100, "🙂 ☎"],
)
def test_hostile_queries_never_fail(capsys: pytest.CaptureFixture[str], query: str) -> None:
    code, _, err = run(capsys, "search", query, "--json")
    assert code == 0, err


@pytest.mark.usefixtures("data_dir")
def test_show_json_round_trips_through_the_validator(
    capsys: pytest.CaptureFixture[str], data_source: Path
) -> None:
    code, out, _ = run(capsys, "show", "program/gems-2006", "--json")
    assert code == 0
    content = read_catalog_source(data_source)
    vocab = content.vocabularies()
    record, problems = parse_resource(json.loads(out), "export", vocab)
    assert problems == []
    assert record == next(r for r in content.resources if r.id == "program/gems-2006")


@pytest.mark.usefixtures("data_dir")
def test_show_text_has_the_facts(capsys: pytest.CaptureFixture[str], data_source: Path) -> None:
    record = next(r for r in read_catalog_source(data_source).resources if r.awards)
    code, out, _ = run(capsys, "show", record.id)
    assert code == 0
    assert record.title in out
    amount = record.awards[0].amount
    assert amount is not None and f"${amount:,}" in out
    assert "Information verified" in out


@pytest.mark.usefixtures("data_dir")
def test_unknown_id_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", "program/does-not-exist")
    assert code == 1
    assert_one_sentence(err)


@pytest.mark.usefixtures("data_dir")
def test_stats_counts_every_kind(capsys: pytest.CaptureFixture[str], data_source: Path) -> None:
    code, out, _ = run(capsys, "stats", "--json")
    assert code == 0
    stats = json.loads(out)
    records = read_catalog_source(data_source).resources
    assert stats["resources"] == len(records)
    for kind in {r.kind for r in records}:
        assert stats["by_kind"][kind] == sum(r.kind == kind for r in records)


@pytest.mark.usefixtures("data_dir")
def test_export_json_has_every_resource(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_source: Path
) -> None:
    target = tmp_path / "catalog.json"
    code, _, err = run(capsys, "export", "--format", "json", "-o", str(target))
    assert code == 0, err
    document = json.loads(target.read_text(encoding="utf-8"))
    content = read_catalog_source(data_source)
    curated = {r.id: r for r in content.resources}
    assert {r["id"] for r in document["resources"]} == set(curated)
    vocab = content.vocabularies()
    for raw in document["resources"]:
        record, problems = parse_resource(raw, "export", vocab)
        assert problems == [] and record == curated[raw["id"]], raw["id"]
    assert {o["key"] for o in document["organizations"]} == {o.key for o in content.organizations}
    assert not target.with_name("catalog.json.partial").exists()


@pytest.mark.usefixtures("data_dir")
def test_export_csv_one_row_per_resource(
    capsys: pytest.CaptureFixture[str], data_source: Path
) -> None:
    code, out, _ = run(capsys, "export", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(read_catalog_source(data_source).resources)
    hotline = next(r for r in rows if r["kind"] == "hotline" and r["phone"])
    assert hotline["phone"][0].isdigit()


def test_csv_neutralises_formulas(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_source: Path, data_dir: Path
) -> None:
    source = tmp_path / "source"
    shutil.copytree(data_source, source)
    path = next((source / "resources" / "hotline").glob("*.toml"))
    text = path.read_text(encoding="utf-8")
    start = text.index('summary = "')
    end = text.index('"\n', start)
    path.write_text(
        text[:start] + 'summary = "=HYPERLINK(\\"http://evil.example\\")' + text[end:],
        encoding="utf-8",
    )
    assert run(capsys, "rebuild", "--source", str(source))[0] == 0
    code, out, _ = run(capsys, "export", "--format", "csv")
    assert code == 0
    row = next(r for r in csv.DictReader(io.StringIO(out)) if r["id"] == f"hotline/{path.stem}")
    assert row["summary"].startswith("'=HYPERLINK")


@pytest.mark.usefixtures("data_dir")
def test_export_to_unwritable_place_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", "-o", "/nonexistent-dir/x/catalog.json")
    assert code == 1
    assert_one_sentence(err)


def test_a_catalog_that_is_a_folder_is_named_in_one_sentence(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    folder = data_dir / "catalog.sqlite"
    folder.mkdir()
    code, _, err = run(capsys, "stats")
    assert code == 1
    assert_one_sentence(err)
    assert f"{folder} is a folder" in err and ".building" not in err
    assert folder.is_dir() and not list(folder.iterdir()), "nothing written into it"


def test_validate_good_and_bad(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_source: Path
) -> None:
    code, out, _ = run(capsys, "validate", str(data_source))
    assert code == 0 and "valid" in out

    source = tmp_path / "source"
    shutil.copytree(data_source, source)
    (source / "resources" / "hotline" / "bad-phone.toml").write_text(
        "\n".join(
            [
                'id = "hotline/bad-phone"',
                'kind = "hotline"',
                'title = "Bad"',
                'summary = "Bad."',
                'status = "active"',
                'source = "nowhere"',
                'last_verified = "2026-13"',
                'website = "javascript:alert(1)"',
                "[[contacts]]",
                'kind = "phone"',
                'value = "call me maybe"',
            ]
        ),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "validate", str(source), "--json")
    assert code == 1
    problems = json.loads(out)["problems"]
    assert {p["file"] for p in problems} == {"resources/hotline/bad-phone.toml"}
    assert all(p["entry"] == "hotline/bad-phone" for p in problems)
    text = " ".join(p["message"] for p in problems)
    for expected in ("source", "last_verified", "website", "phone contact"):
        assert expected in text

    (source / "resources" / "hotline" / "bad-phone.toml").unlink()
    gems = source / "resources" / "program" / "gems-2006.toml"
    gems.write_text(
        gems.read_text(encoding="utf-8") + '\n[[related]]\nid = "program/missing"\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "validate", str(source), "--json")
    assert code == 1
    (problem,) = json.loads(out)["problems"]
    assert problem["file"] == "resources/program/gems-2006.toml"
    assert "'program/missing' does not exist" in problem["message"]


def test_validate_missing_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path / "nope"))
    assert code == 1
    assert_one_sentence(err)


@pytest.mark.usefixtures("data_dir")
def test_check_and_rebuild(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "rebuild")[0] == 0
    code, out, _ = run(capsys, "check", "--json")
    assert code == 0 and json.loads(out)["ok"] is True


def test_check_reports_damage(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    run(capsys, "stats")
    (data_dir / "catalog.sqlite").write_bytes(b"broken" * 100)
    code, out, _ = run(capsys, "check")
    assert code == 1 and "catalog:" in out and "ok" not in out.split("catalog:")[1].split("\n")[0]


def test_usage_error_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["search"])
    assert caught.value.code == 2
    assert_one_sentence(capsys.readouterr().err)
