"""The sheet says why a resource fits as its result row does (ages, languages, 24/7, "no
police report required" …): the facts its source states, nothing of what it does not, and
nothing about the client; a discreet sheet leaves off a fact its deny-list forbids."""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from cli_helpers import run
from csec_desktop.catalog.content import discreet
from csec_desktop.catalog.content.client_needs import ClientNeeds
from csec_desktop.catalog.content.discreet import DenyList, DiscreetText, DiscreetTexts
from csec_desktop.catalog.content.records import ContactRecord, EligibilityRecord
from csec_desktop.catalog.display import sheets
from csec_desktop.catalog.display.sheets import SheetOptions, build_sheet
from csec_desktop.catalog.search import SearchEngine
from csec_desktop.catalog.storage import store
from search_fixtures import build, record
from sheet_helpers import pdf_text

RUNAWAY = "hotline/national-runaway-safeline"
GEMS = "program/gems-2006"
SHELTER = "program/teen-shelter"
SILENT = "program/silent"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A shelter that states whom it serves, and one that states nothing."""
    phone = [ContactRecord("phone", "518-555-0101")]
    records = [
        record(
            SHELTER, "Teen shelter", "Emergency shelter.", hours="24/7", contacts=phone,
            languages=["en", "es"],
            eligibility=EligibilityRecord(
                ages_min=12, ages_max=17, genders=["girls"], survivor_led=True,
                no_police_report=True, free_of_charge=False,
            ),
        ),
        record(SILENT, "Quiet shelter", "Emergency shelter.", contacts=phone),
    ]  # fmt: skip
    return build(tmp_path_factory.mktemp("fit") / "catalog.sqlite", records)


def _line(document: sheets.SheetDocument, label: str) -> list[str]:
    """The texts after ``label:`` on the sheet, one per resource that has one."""
    text = html.unescape(document.html)
    return [part.split("</p>", 1)[0] for part in text.split(f"{label}: ")[1:]]


def test_the_sheet_says_what_the_result_row_says(catalog: Path) -> None:
    every = ClientNeeds(
        age=15,
        gender="girls",
        language="es",
        facts=frozenset({"open_24_7", "survivor_led", "no_police_report"}),
    )
    engine = SearchEngine(catalog)
    result = engine.search("shelter", client=every)
    row = {hit.slug: result.fit(hit) for hit in result.hits}[SHELTER]
    engine.close()
    assert row == (
        "ages 12–17 · girls and young women · English, Spanish · open 24/7 · "
        "no police report required · survivor-led"
    )
    db = store.sqlite_engine(catalog)
    document = build_sheet(db, [SHELTER, SILENT], SheetOptions(hotlines=False))
    # Every fact stated yes, as the row words it; "not free" is no reason it fits, and
    # the shelter that states nothing gets no line at all (unknown stays unstated).
    assert _line(document, "Good to know") == [row]
    spanish = build_sheet(db, [SHELTER], SheetOptions(hotlines=False, language="es"))
    db.dispose()
    assert _line(spanish, "A tener en cuenta") == [
        "de 12 a 17 años · niñas y mujeres jóvenes · Inglés, Español · "
        "abierto las 24 horas, todos los días · "
        "no exige denuncia policial · dirigido por sobrevivientes"
    ]


def test_a_discreet_sheet_leaves_off_a_fact_its_deny_list_forbids(catalog: Path) -> None:
    bundled, problems = discreet.bundled_texts()
    assert not problems
    neutral = DiscreetText("Teen place", "Somewhere to stay.")
    texts = DiscreetTexts({SHELTER: {"en": neutral}}, bundled.deny)
    db = store.sqlite_engine(catalog)
    options = SheetOptions(hotlines=False, discreet=True)
    document = build_sheet(db, [SHELTER], options, discreet=texts)
    assert "survivor-led" in _line(document, "Good to know")[0]
    strict = replace(texts, deny=DenyList((*bundled.deny.words, "survivor*")))
    document = build_sheet(db, [SHELTER], options, discreet=strict)
    db.dispose()
    # Made, not refused: the fact is left off and the others stay.
    assert _line(document, "Good to know") == [
        "ages 12–17 · girls and young women · English, Spanish · open 24/7 · "
        "no police report required"
    ]


@pytest.mark.gui
@pytest.mark.usefixtures("data_dir", "qapp")
def test_the_command_line_sheet_prints_the_facts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "sheet.pdf"
    code, _, err = run(capsys, "sheet", RUNAWAY, GEMS, "--no-hotlines", "-o", str(target))
    assert code == 0, err
    text = " ".join(pdf_text(target.read_bytes()).split())
    assert "Good to know: ages 12–21 · open 24/7" in text
    assert text.count("Good to know") == 1  # the GEMS program states none of them


@pytest.mark.gui
def test_the_window_sheet_prints_the_facts(
    qtbot: Any, catalog_engine: Engine, data_dir: Path, tmp_path: Path
) -> None:
    from csec_desktop.ui.sheet_panel import SheetPanel

    panel = SheetPanel(catalog_engine, store.open_user_db(data_dir))
    qtbot.addWidget(panel)
    panel.add_resources([RUNAWAY])
    panel.language_combo.setCurrentIndex(panel.language_combo.findData("es"))
    target = tmp_path / "hoja.pdf"
    with qtbot.waitSignal(panel.pdfSaved, timeout=30_000):
        assert panel.save_pdf(target)
    text = " ".join(pdf_text(target.read_bytes()).split())
    assert "A tener en cuenta: de 12 a 21 años · abierto las 24 horas, todos los días" in text


def test_an_upper_age_alone_is_printed_as_the_source_states_it(catalog_engine: Engine) -> None:
    mentoring = "program/mentoring-csec-dmst-initiative"  # "17 years old or younger"
    for language, label, said in (
        ("en", "Good to know", "ages up to 17"),
        ("es", "A tener en cuenta", "hasta los 17 años"),
    ):
        options = SheetOptions(hotlines=False, language=language)  # type: ignore[arg-type]
        assert _line(build_sheet(catalog_engine, [mentoring], options), label) == [said]
