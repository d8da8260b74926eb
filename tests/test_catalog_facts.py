"""Fact checks of the curated catalog against the verbatim source copies in data/sources/.

The expected facts are parsed from the source text itself (award blocks, material lists,
site lists, the hotline table), never typed here, so a fact that drifts from its source, or
one that no source states, fails a test.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from csec_desktop.catalog.content.records import PartialDate, ResourceRecord
from csec_desktop.catalog.curated.provenance import validate_catalog_source
from csec_desktop.catalog.curated.sources import (
    CatalogContent,
    read_catalog_source,
)

DATA = Path(__file__).parent.parent / "data"
SEEDS = DATA / "sources"
PROGRAM_PAGE = "ojjdp-csec-program-page"
CSEC_PAGE = "ojjdp-csec-page"
SEED_FILES = {
    PROGRAM_PAGE: "ojjdp-csec-program-page-2008.txt",
    CSEC_PAGE: "ojjdp-csec-page-2016.txt",
}
HOTLINE_REFERENCE = "hotlines-verified-2026-11.md"
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
#: Names of the states that sites give without a city, to find them in the source wording.
STATE_NAMES = {
    "CT": "Connecticut",
    "GA": "Georgia",
    "MA": "Massachusetts",
    "NY": "New York",
}
#: "Atlantic City, NJ", "El Paso, TX": capitalised words, a comma, a USPS code.
PLACE = re.compile(r"([A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)*), ([A-Z]{2})\b")
AWARD_BLOCK = re.compile(
    r"•\s*(?P<title>[^\n]+?)\s*\n\s*Project Period:\s*(?P<period>[^\n]+?)\s*\n"
    r"\s*Award Amount:\s*(?P<amounts>[^\n]+)"
)
MATERIAL = re.compile(
    r"^(?P<title>.+), OJJDP-(?P<how>Sponsored|Produced), (?P<month>[A-Z][a-z]+) (?P<year>\d{4})$",
    re.MULTILINE,
)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?: million| billion| percent|%)?")


# --------------------------------------------------------------------------- reading


@cache
def catalog() -> CatalogContent:
    """The curated catalog, read through the application's own loader (the one reader here)."""
    return read_catalog_source(DATA)


def resources() -> list[ResourceRecord]:
    return catalog().resources


@cache
def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def page(key: str) -> str:
    return seed(SEED_FILES[key])


def hotline_reference() -> str:
    return seed(HOTLINE_REFERENCE)


@cache
def all_seed_text() -> str:
    return "\n".join([*(page(key) for key in SEED_FILES), hotline_reference()])


def flat(text: str) -> str:
    """Whitespace collapsed, dashes and apostrophes unified: for comparing wording."""
    text = re.sub(r"[\u2010-\u2015]", "-", text).replace("\u2019", "'")
    return " ".join(text.split())


def squash(text: str) -> str:
    """Lower case without whitespace or dashes ("June 2003June 2009" lost its dash)."""
    return re.sub(r"[\s\-\u2010-\u2015]", "", text).lower()


def organization_name(key: str | None) -> str:
    names = {o.key: o.name for o in catalog().organizations}
    return names.get(key or "", "")


def organization_key(acronym: str) -> str:
    keys = [o.key for o in catalog().organizations if o.acronym == acronym]
    assert len(keys) == 1, f"one organization should have the acronym {acronym}"
    return keys[0]


def source_record_url(key: str) -> str | None:
    return next((s.url for s in catalog().sources if s.key == key), None)


def cites_seed_page(record: ResourceRecord) -> bool:
    return record.source in SEED_FILES


def places(text: str) -> set[tuple[str, str]]:
    return set(PLACE.findall(text))


def site_places(record: ResourceRecord) -> set[tuple[str, str]]:
    return {(s.city, s.state) for s in record.sites if s.city and s.state}


def record_id(record: ResourceRecord) -> str:
    return record.id


def one(found: Iterable[ResourceRecord], what: str) -> ResourceRecord:
    matches = list(found)
    assert len(matches) == 1, f"expected one resource for {what}, found {[r.id for r in matches]}"
    return matches[0]


def linked(a: ResourceRecord, b: ResourceRecord, relation: str, reverse: str) -> bool:
    """True when ``a`` --relation--> ``b`` is stated in either file."""
    forward = any(x.id == b.id and x.relation == relation for x in a.related)
    backward = any(x.id == a.id and x.relation == reverse for x in b.related)
    return forward or backward


def host(url: str) -> str:
    netloc = urlsplit(url).netloc.lower()
    return netloc.removeprefix("www.")


# --------------------------------------------------------------------------- the loader


def test_catalog_reads_without_problems() -> None:
    assert [str(problem) for problem in catalog().problems] == []
    assert resources()


def test_every_cited_source_exists_and_seed_pages_are_present() -> None:
    keys = {s.key for s in catalog().sources}
    assert set(SEED_FILES) <= keys
    for record in resources():
        assert record.source in keys, record.id
    for name in [*SEED_FILES.values(), HOTLINE_REFERENCE]:
        assert (SEEDS / name).is_file(), name


# --------------------------------------------------------------------------- program page awards


@dataclass(frozen=True)
class AwardBlock:
    title: str
    period: str
    amounts: tuple[int, ...]


def award_blocks() -> list[AwardBlock]:
    return [
        AwardBlock(
            title=m["title"].strip(),
            period=m["period"].strip(),
            amounts=tuple(int(a.replace(",", "")) for a in re.findall(r"\$([\d,]+)", m["amounts"])),
        )
        for m in AWARD_BLOCK.finditer(page(PROGRAM_PAGE))
    ]


AWARD_BLOCKS = award_blocks()


def test_every_award_block_of_the_program_page_is_parsed() -> None:
    assert AWARD_BLOCKS
    assert len(AWARD_BLOCKS) == page(PROGRAM_PAGE).count("Project Period:")
    assert all(block.amounts for block in AWARD_BLOCKS)


@pytest.mark.parametrize("block", AWARD_BLOCKS, ids=[b.title for b in AWARD_BLOCKS])
def test_award_resource_matches_program_page(block: AwardBlock) -> None:
    wanted = flat(block.title)
    candidates = [r for r in resources() if r.source == PROGRAM_PAGE and r.awards]
    names = {r.id: {flat(r.title), flat(organization_name(r.organization))} for r in candidates}
    record = one((r for r in candidates if wanted in names[r.id]), block.title)
    assert sorted(a.amount for a in record.awards if a.amount is not None) == sorted(block.amounts)
    periods = [a.period_text for a in record.awards if a.period_text]
    assert periods, record.id
    assert all(squash(text) == squash(block.period) for text in periods), (periods, block.period)
    assert record.funder == organization_key("OJJDP")
    assert record.organization, f"{record.id} names no grantee"
    assert record.status == "completed"


def _period_half(text: str) -> PartialDate | None:
    match = re.fullmatch(r"(?:(?P<word>[A-Z][a-z]+) )?(?P<year>\d{4})", text.strip())
    if match is None:
        return None
    word = match["word"]
    month = MONTHS.index(word) + 1 if word in MONTHS else None
    return PartialDate(int(match["year"]), month)


@pytest.mark.parametrize("record", [r for r in resources() if r.awards], ids=record_id)
def test_award_dates_agree_with_their_period_text(record: ResourceRecord) -> None:
    for award in record.awards:
        if not award.period_text:
            assert award.start is None and award.end is None, record.id
            continue
        halves = re.split(r"\s*[\u2010-\u2015-]\s*", award.period_text)
        assert len(halves) == 2, award.period_text
        start, end = (_period_half(h) for h in halves)
        assert start is not None and end is not None, award.period_text
        assert award.start == start, (record.id, award.start, award.period_text)
        assert award.end == end, (record.id, award.end, award.period_text)


def test_supplemental_award_is_labelled_as_in_the_source() -> None:
    text = page(PROGRAM_PAGE)
    for match in re.finditer(r"supplemental award of \$([\d,]+) in (\d{4})", text):
        amount, year = int(match[1].replace(",", "")), int(match[2])
        awards = [a for r in resources() for a in r.awards if a.amount == amount]
        assert len(awards) == 1
        assert awards[0].label == f"supplemental award in {year}"
        # "in 2007" is not "fiscal year 2007": a fiscal year only where the page says so.
        assert awards[0].fiscal_year is None


def test_pilot_sites_match_the_program_page() -> None:
    text = page(PROGRAM_PAGE)
    match = re.search(r"pilot sites are (?P<list>[^.]+)\.", text)
    assert match is not None
    expected = places(match["list"])
    assert len(expected) == 5
    # The award block the sentence belongs to names the resource.
    block = [b for b in AWARD_BLOCKS if text.find(b.title) < match.start()][-1]
    record = one((r for r in resources() if flat(r.title) == flat(block.title)), block.title)
    assert site_places(record) == expected


# --------------------------------------------------------------------------- the 2016 page


def test_mentoring_initiative_sites_and_ages_match_the_2016_page() -> None:
    text = page(CSEC_PAGE)
    name = re.search(r"OJJDP's (Mentoring [^.]+? Initiative) supports", text)
    located = re.search(r"project sites are located in (?P<list>[^.]+)\.", text)
    ages = re.search(r"\((\d+) years old or younger\)", text)
    assert name and located and ages
    record = one((r for r in resources() if flat(r.title) == flat(name[1])), name[1])
    expected = places(located["list"])
    assert len(expected) == 6
    assert site_places(record) == expected
    assert record.eligibility.ages_max == int(ages[1])
    provider = re.search(r"provided to project sites by the ([^.]+?) \((\w+)\)", text)
    assert provider is not None
    by_provider = [r for r in resources() if organization_name(r.organization) == provider[1]]
    tta = [r for r in by_provider if linked(r, record, "part_of", "has_part")]
    assert tta, "the initiative's training and technical assistance provider is not linked"


def test_six_study_sites_match_the_2016_page() -> None:
    text = page(CSEC_PAGE)
    match = re.search(r"The ([^']+)'s examination of [^(]+ in six sites \((?P<list>[^)]+)\)", text)
    assert match is not None
    expected = places(match["list"])
    assert len(expected) == 6
    studies = [r for r in resources() if organization_name(r.organization) == match[1]]
    record = one((r for r in studies if r.sites), match[1])
    assert site_places(record) == expected


def _materials() -> list[re.Match[str]]:
    text = page(CSEC_PAGE)
    block = text.split("OJJDP Materials:", 1)[1].split("Additional Websites:", 1)[0]
    lines = [line for line in block.splitlines() if line.strip()]
    found = list(MATERIAL.finditer(block))
    assert len(found) == len(lines), "an OJJDP Materials line did not parse"
    return found


MATERIALS = _materials()


def publication(title: str) -> ResourceRecord:
    found = (r for r in resources() if r.kind == "publication" and flat(r.title) == flat(title))
    return one(found, title)


def partial_date(month: str, year: str) -> PartialDate:
    return PartialDate(int(year), MONTHS.index(month) + 1)


@pytest.mark.parametrize("material", MATERIALS, ids=[m["title"][:60] for m in MATERIALS])
def test_ojjdp_material_is_a_publication_with_its_month_and_year(material: re.Match[str]) -> None:
    record = publication(material["title"])
    assert record.published == partial_date(material["month"], material["year"])
    ojjdp = organization_key("OJJDP")
    if material["how"] == "Produced":
        assert record.publisher == ojjdp
    else:
        assert record.funder == ojjdp


def test_confronting_report_and_its_parts() -> None:
    text = page(CSEC_PAGE)
    heading = re.search(r"\n(?P<title>[^\n]+)\nThis OJJDP-sponsored report", text)
    assert heading is not None
    section = text[heading.end() :].split("Additional Resources", 1)[0]
    parts = re.findall(r"^(.+?)(?: \(PDF\))?, (\d{4})$", section, re.MULTILINE)
    assert len(parts) >= 2
    report = publication(heading["title"])
    for title, year in parts:
        if title == "Full Report":
            assert report.published is not None and report.published.year == int(year)
            continue
        part = publication(title)
        assert part.published is not None and part.published.year == int(year), part.id
        assert linked(part, report, "part_of", "has_part"), part.id


def test_urban_institute_report_has_its_month_and_year() -> None:
    pattern = (
        r"(?P<month>[A-Z][a-z]+) (?P<year>\d{4}) Urban Institute report: "
        r"(?P<title>.+?), Urban Institute\."
    )
    match = re.search(pattern, page(CSEC_PAGE))
    assert match is not None
    record = publication(match["title"])
    assert record.published == partial_date(match["month"], match["year"])


def test_every_additional_website_is_in_the_catalog() -> None:
    block = page(CSEC_PAGE).split("Additional Websites:", 1)[1]
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    titles = lines[0::2]
    assert len(titles) == len(lines[1::2])
    cited = [r for r in resources() if r.source == CSEC_PAGE]
    for title in titles:
        one((r for r in cited if flat(r.title) == flat(title)), title)


# --------------------------------------------------------------------------- hotlines


@dataclass(frozen=True)
class HotlineRow:
    name: str
    contact: str
    hours: str
    operator: str
    url: str
    checked: str
    line: str


def hotline_rows() -> list[HotlineRow]:
    rows: list[HotlineRow] = []
    for line in hotline_reference().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not line.startswith("|"):
            continue
        match = re.match(r"(https?://\S+) \(checked (\d{4}-\d{2})\)", cells[4])
        if match is None:
            continue
        name, contact, hours, operator = cells[:4]
        rows.append(HotlineRow(name, contact, hours, operator, match[1], match[2], line))
    return rows


HOTLINE_ROWS = hotline_rows()


def test_every_hotline_row_is_one_hotline_resource() -> None:
    assert HOTLINE_ROWS
    hotlines = [r for r in resources() if r.kind == "hotline"]
    assert len(hotlines) == len(HOTLINE_ROWS)


@pytest.mark.parametrize("row", HOTLINE_ROWS, ids=[row.name for row in HOTLINE_ROWS])
def test_hotline_matches_the_reference_row(row: HotlineRow) -> None:
    keys = [s.key for s in catalog().sources if s.url == row.url]
    assert len(keys) == 1, f"one source should cite {row.url}"
    source = next(s for s in catalog().sources if s.key == keys[0])
    assert str(source.as_of) == row.checked
    hotlines = [r for r in resources() if r.kind == "hotline"]
    record = one((r for r in hotlines if r.source == keys[0]), row.name)
    assert str(record.last_verified) == row.checked
    assert record.status == "active"

    numbers = {c.value for c in record.contacts if c.kind in {"phone", "text", "tty"}}
    displays = {c.display for c in record.contacts if c.display}
    stated = set(re.findall(r"\b\d-\d{3}-\d{3}-\d{4}\b", row.contact))
    stated |= set(re.findall(r"\b(?:text|TTY|call or text)\s+(\d{3,6})\b", row.contact))
    assert stated <= numbers, f"{record.id} lacks {stated - numbers}"
    assert set(re.findall(r"\b1-800-[A-Z][A-Z-]*[A-Z]\b", row.contact)) <= displays
    for value in numbers | displays:
        assert value in row.contact, f"{record.id}: {value} is not in the hotline reference"
    for contact in record.contacts:
        if contact.kind in {"chat", "report"}:
            assert host(contact.value) in row.contact, contact.value
        if contact.hours:
            assert contact.hours in row.hours

    if record.hours:
        assert record.hours in row.hours
    words = {"en": "English", "es": "Spanish", "interpreters": "interpreters"}
    for language in record.languages:
        assert words[language] in row.hours, f"{record.id}: {language} is not stated"
    for key in (record.organization, record.funder):
        if key:
            names = [
                n for o in catalog().organizations if o.key == key for n in (o.name, o.acronym)
            ]
            assert any(name and name in row.operator for name in names), (record.id, key)
    if record.eligibility.ages_min is not None:
        ages = f"{record.eligibility.ages_min}-{record.eligibility.ages_max}"
        assert ages in flat(row.hours)


def test_hotline_phone_numbers_appear_verbatim_in_the_reference() -> None:
    reference = hotline_reference()
    for record in resources():
        for contact in record.contacts:
            if contact.kind in {"phone", "text", "tty"}:
                assert contact.value in reference, (record.id, contact.value)
            if contact.display:
                assert contact.display in reference, (record.id, contact.display)


# --------------------------------------------------------------------------- nothing invented


@pytest.mark.parametrize("record", [r for r in resources() if cites_seed_page(r)], ids=record_id)
def test_amounts_places_and_dates_occur_in_the_cited_page(record: ResourceRecord) -> None:
    text = page(record.source)
    for award in record.awards:
        if award.amount is not None:
            assert f"${award.amount:,}" in text, (record.id, award.amount)
        for date in (award.start, award.end):
            if date is not None:
                assert str(date.year) in text, (record.id, date)
        if award.fiscal_year is not None:
            assert str(award.fiscal_year) in text
    for site in record.sites:
        if site.city:
            assert site.city in text, (record.id, site.city)
        if site.state:
            name = STATE_NAMES.get(site.state, "")
            assert f", {site.state}" in text or (name and name in text), (record.id, site.state)
    if record.published is not None:
        year = str(record.published.year)
        assert year in text, (record.id, year)
        if record.published.month is not None:
            assert f"{MONTHS[record.published.month - 1]} {year}" in text, record.id
    if record.eligibility.ages_max is not None:
        assert str(record.eligibility.ages_max) in text
    assert record.website is None, f"{record.id}: the OJJDP pages give no web addresses"
    assert record.contacts == [], f"{record.id}: the OJJDP pages give no contacts"
    if record.source_locator:
        assert flat(record.source_locator) in flat(text), record.source_locator


COPIED = 12
TEXTS = ("summary", "overview", "highlights")


def word_runs(text: str) -> set[tuple[str, ...]]:
    """Every run of COPIED consecutive words, lower case, punctuation and apostrophes dropped."""
    found = re.findall(r"[a-z0-9]+", flat(text).lower().replace("'", ""))
    return {tuple(found[i : i + COPIED]) for i in range(len(found) - COPIED + 1)}


@cache
def name_runs() -> set[tuple[str, ...]]:
    """Runs inside the names the catalog gives (titles, organizations): quoting is allowed."""
    names = [o.name for o in catalog().organizations]
    names += [n for r in resources() for n in (r.title, r.short_title or "", r.series or "")]
    return set().union(*(word_runs(name) for name in names))


@pytest.mark.parametrize("record", resources(), ids=record_id)
def test_text_is_in_the_catalogs_own_words(record: ResourceRecord) -> None:
    seeds = word_runs(all_seed_text())
    for name in TEXTS:
        copied = (word_runs(getattr(record, name) or "") & seeds) - name_runs()
        assert not copied, (record.id, name, " ".join(sorted(copied)[0]))


@pytest.mark.parametrize("record", resources(), ids=record_id)
def test_text_verified_long_ago_does_not_speak_of_today(record: ResourceRecord) -> None:
    today = dt.date.today()
    verified = record.last_verified.last_day()
    if (today.year - verified.year) * 12 + today.month - verified.month <= 12:
        return
    for name in TEXTS:
        text = getattr(record, name) or ""
        assert not re.search(r"\b(?:currently|is now)\b", text, re.IGNORECASE), (record.id, name)


def test_validate_finds_every_fact_in_the_passage_it_cites() -> None:
    assert [str(problem) for problem in validate_catalog_source(DATA).problems] == []


@pytest.mark.parametrize("record", resources(), ids=record_id)
def test_numbers_in_titles_and_summaries_occur_in_a_source(record: ResourceRecord) -> None:
    sources = flat(all_seed_text())
    for text in (record.title, record.short_title or "", record.summary):
        for found in NUMBER.findall(flat(text)):
            number = found.rstrip(".,")
            pattern = rf"(?<![\d.,]){re.escape(number)}(?!\d|[.,]\d)"
            assert re.search(pattern, sources), (record.id, number)


@pytest.mark.parametrize("record", resources(), ids=record_id)
def test_web_addresses_come_from_the_cited_source(record: ResourceRecord) -> None:
    url = source_record_url(record.source) or ""
    allowed = page(record.source) if cites_seed_page(record) else hotline_reference()
    addresses = [c.value for c in record.contacts if c.kind in {"chat", "report"}]
    if record.website:
        addresses.append(record.website)
    for address in addresses:
        assert host(address) in url or host(address) in allowed, (record.id, address)
    emails = [c.value for c in record.contacts if c.kind == "email"]
    for email in [*emails, record.email]:
        assert email is None or email in allowed, (record.id, email)


def test_organization_details_come_from_a_source() -> None:
    text = all_seed_text()
    urls = " ".join(s.url or "" for s in catalog().sources)
    for organization in catalog().organizations:
        if organization.website:
            assert host(organization.website) in urls or host(organization.website) in text
        if organization.city:
            assert organization.city in text, organization.key


def test_last_verified_is_not_before_the_cited_source() -> None:
    as_of = {s.key: s.as_of for s in catalog().sources}
    for record in resources():
        source_date = as_of[record.source]
        assert source_date is not None, record.source
        assert record.last_verified.last_day() >= source_date.first_day(), record.id


def test_completed_only_when_the_source_shows_the_period_ended() -> None:
    seed_dates = [s.as_of for s in catalog().sources if s.key in SEED_FILES]
    latest = max(date.last_day() for date in seed_dates if date is not None)
    for record in resources():
        ends = [a.end.last_day() for a in record.awards if a.end is not None]
        ended = bool(ends) and all(end < latest for end in ends)
        if record.status == "completed":
            assert ended, f"{record.id} is completed but no source shows its period ended"
        elif ended:
            pytest.fail(f"{record.id}: its award period ended; status should be completed")
