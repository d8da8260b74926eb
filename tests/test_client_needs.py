"""Filtering for the client in front of the caseworker: what a source does not state is
unknown, not "no"; facts asked for must be stated; counts say how much is unknown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import assert_one_sentence
from cli_helpers import run as run_cli
from csec_desktop.catalog.content import eligibility
from csec_desktop.catalog.content.client_needs import ClientNeeds, NeedsError
from csec_desktop.catalog.content.records import ContactRecord, EligibilityRecord, parse_resource
from csec_desktop.catalog.curated.sources import read_catalog_source
from csec_desktop.catalog.search import SearchEngine
from search_fixtures import build, record

SHELTER = "Emergency shelter for young people."


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    """Five shelters that state different things about whom they serve."""
    records = [
        record(
            "program/teen-girls", "Teen girls shelter", SHELTER, hours="24/7",
            languages=["en", "es"],
            eligibility=EligibilityRecord(
                ages_min=12, ages_max=17, genders=["girls"], no_police_report=True,
                free_of_charge=True,
            ),
        ),
        record(
            "program/boys", "Boys shelter", SHELTER, hours="Mon-Fri 9-5", languages=["en"],
            eligibility=EligibilityRecord(
                ages_min=10, ages_max=18, genders=["boys"], no_police_report=False
            ),
        ),
        record(
            "program/young-adults", "Young adults shelter", SHELTER,
            eligibility=EligibilityRecord(ages_min=18, ages_max=24),
        ),
        record("program/unknown", "A shelter that says little", SHELTER),
        record(
            "hotline/interpreted", "Shelter line", SHELTER, languages=["interpreters"],
            contacts=[ContactRecord("phone", "518-555-0101", hours="24/7")],
        ),
    ]  # fmt: skip
    return SearchEngine(build(tmp_path_factory.mktemp("client") / "catalog.sqlite", records))


def _found(engine: SearchEngine, needs: ClientNeeds) -> set[str]:
    result = engine.search("shelter", client=needs, limit=50)
    assert result.total == len(result.hits)
    return {hit.slug.split("/", 1)[1] for hit in result.hits}


def test_an_age_leaves_out_only_what_is_known_not_to_serve_it(engine: SearchEngine) -> None:
    assert _found(engine, ClientNeeds(age=15)) == {"teen-girls", "boys", "unknown", "interpreted"}
    assert _found(engine, ClientNeeds(age=20)) == {"young-adults", "unknown", "interpreted"}


def test_a_gender_and_a_language_keep_what_does_not_say(engine: SearchEngine) -> None:
    assert "boys" not in _found(engine, ClientNeeds(gender="girls"))
    assert _found(engine, ClientNeeds(gender="boys")) == {
        "boys",
        "young-adults",
        "unknown",
        "interpreted",
    }
    # English only is stated for the boys' shelter; interpreters serve any language.
    assert _found(engine, ClientNeeds(language="es")) == {
        "teen-girls",
        "young-adults",
        "unknown",
        "interpreted",
    }


def test_a_fact_asked_for_must_be_stated(engine: SearchEngine) -> None:
    assert _found(engine, ClientNeeds(facts=frozenset({"no_police_report"}))) == {"teen-girls"}
    assert _found(engine, ClientNeeds(facts=frozenset({"open_24_7"}))) == {
        "teen-girls",
        "interpreted",
    }
    both = ClientNeeds(age=15, facts=frozenset({"open_24_7", "free_of_charge"}))
    assert _found(engine, both) == {"teen-girls"}


def test_counts_say_how_much_is_not_stated(engine: SearchEngine) -> None:
    counts = engine.client_counts("shelter", client=ClientNeeds(age=15))
    assert counts["age"].fits == 2  # teen girls and boys state it
    assert counts["age"].not_stated == 2  # the little-said shelter and the line
    police = counts["no_police_report"]  # among those the age keeps
    assert (police.fits, police.not_stated) == (1, 2)  # the boys' shelter states "no"
    all_day = counts["open_24_7"]
    assert (all_day.fits, all_day.not_stated) == (2, 1)  # the boys' hours say otherwise


def test_facet_counts_agree_with_the_client_filter(engine: SearchEngine) -> None:
    needs = ClientNeeds(facts=frozenset({"open_24_7"}))
    kinds = engine.facets("shelter", client=needs)["kind"]
    assert sum(value.count for value in kinds) == engine.search("shelter", client=needs).total


@pytest.mark.parametrize(
    ("needs", "says"),
    [
        ({"age": 200}, "An age must be a whole number from 0 to 120."),
        ({"age": -1}, "An age must be"),
        ({"facts": frozenset({"cheap"})}, "Unknown need: cheap"),
    ],
)
def test_an_absurd_need_is_one_sentence(needs: dict[str, object], says: str) -> None:
    with pytest.raises(NeedsError, match=says):
        ClientNeeds(**needs)  # type: ignore[arg-type]


def test_eligibility_is_read_and_checked_from_a_file(data_source: Path) -> None:
    content = read_catalog_source(data_source)
    raw = {
        "id": "program/x", "kind": "program", "title": "X", "summary": "A program.",
        "status": "active", "source": "local", "last_verified": "2026-11",
        "eligibility": {"ages_max": 200, "genders": ["girls", "martians"],
                        "no_police_report": "yes"},
    }  # fmt: skip
    _record, problems = parse_resource(raw, "x.toml", content.vocabularies())
    said = " ".join(problem.message for problem in problems)
    assert "ages_max must be an age from 0 to 120" in said
    assert "'martians'" in said
    assert "'no_police_report' must be true or false" in said


def test_24_7_comes_from_the_hours_a_source_states() -> None:
    def line(hours: str | None, contact_hours: str | None = None) -> bool | None:
        contacts = [ContactRecord("phone", "518-555-0101", hours=contact_hours)]
        return eligibility.open_24_7(record("hotline/x", "X", "A line.", hours=hours,
                                            contacts=contacts))  # fmt: skip

    assert line("24/7") is True
    assert line("24 hours a day, 7 days a week") is True
    assert line("Mon-Fri 9-5") is False
    assert line(None, "24/7") is True
    assert line(None) is None


def test_search_for_a_client_from_the_command_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(
        capsys, "search", "hotline", "--age", "15", "--need", "open_24_7", "--json"
    )
    assert code == 0
    found = json.loads(out)
    assert found["results"] and found["client"]["open_24_7"]["fits"] == found["total"]
    for hit in found["results"]:  # each one, read back, fits as its source states
        code, shown, _ = run_cli(capsys, "show", hit["id"], "--json")
        resource = json.loads(shown)
        ages = resource.get("eligibility", {})
        assert ages.get("ages_min", 0) <= 15 <= ages.get("ages_max", 120)
        assert resource.get("hours") == "24/7" or any(
            contact.get("hours") == "24/7" for contact in resource.get("contacts", [])
        )
    code, out, _ = run_cli(capsys, "search", "hotline", "--age", "15")
    assert code == 0 and "For this client — Age 15:" in out


def test_an_absurd_age_on_the_command_line_is_one_sentence(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_cli(capsys, "search", "hotline", "--age", "200")
    assert code != 0 and "An age must be a whole number from 0 to 120." in err
    assert_one_sentence(err)


def test_each_result_says_why_it_fits(engine: SearchEngine) -> None:
    needs = ClientNeeds(age=15, language="es", facts=frozenset({"no_police_report"}))
    result = engine.search("shelter", client=needs)
    assert [result.fit(hit) for hit in result.hits] == [
        "ages 12–17 · English, Spanish · no police report required"
    ]
    result = engine.search("shelter", client=ClientNeeds(age=15, gender="girls"))
    fits = {hit.slug: result.fit(hit) for hit in result.hits}
    assert fits["program/teen-girls"] == "ages 12–17 · girls and young women"
    assert fits["program/unknown"] == "ages not stated · gender not stated"
    assert engine.search("shelter").fit(result.hits[0]) == ""


def test_why_a_result_fits_in_spanish(engine: SearchEngine) -> None:
    """The same facts in Spanish words and the vocabulary's Spanish labels; any other
    language code is English."""
    needs = ClientNeeds(age=15, language="es", facts=frozenset({"no_police_report"}))
    result = engine.search("shelter", client=needs)
    assert [result.fit(hit, "es") for hit in result.hits] == [
        "de 12 a 17 años · Inglés, Español · no exige denuncia policial"
    ]
    result = engine.search("shelter", client=ClientNeeds(age=15, gender="girls"))
    fits = {hit.slug: result.fit(hit, "es") for hit in result.hits}
    assert fits["program/teen-girls"] == "de 12 a 17 años · niñas y mujeres jóvenes"
    assert fits["program/unknown"] == "edad no indicada · género no indicado"
    assert {hit.slug: result.fit(hit, "fr") for hit in result.hits} == {
        hit.slug: result.fit(hit) for hit in result.hits
    }


def test_facet_counts_for_a_client_are_those_of_the_resources_kept(engine: SearchEngine) -> None:
    # Age 15 keeps four of the five shelters: counted as the whole catalog less the one
    # left out (the young adults'), which must give the same as counting the four.
    needs = ClientNeeds(age=15)
    facets = engine.facets("shelter", client=needs)
    assert {v.code: v.count for v in facets["kind"]} == {"program": 3, "hotline": 1}
    assert {v.code: v.count for v in facets["language"]} == {"en": 2, "es": 1, "interpreters": 1}
    # A value chosen keeps its own count when the list is cut to the largest.
    cut = engine.facets("shelter", {"kind": ["hotline"]}, limit=1, client=needs)["kind"]
    assert [(v.code, v.count) for v in cut] == [("program", 3), ("hotline", 1)]
