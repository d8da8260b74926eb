"""Discreet sheets, "to give to a young person": a neutral title, curated neutral names, and
not one word of the reviewed deny-list (English and Spanish) anywhere in the PDF file: its
text, its metadata, its links and its QR codes. A resource without a discreet name is left
off, with a note to the caseworker, never printed under its real title."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdf
import pytest
from sqlalchemy import Engine

from cli_helpers import run
from csec_desktop.catalog.content import discreet
from csec_desktop.catalog.content.discreet import DiscreetText, DiscreetTexts, read_discreet
from csec_desktop.catalog.content.records import Problem
from csec_desktop.catalog.display import sheets
from csec_desktop.catalog.display.sheets import SheetError, SheetOptions, build_sheet
from csec_desktop.catalog.storage import reader
from sheet_helpers import decode_qr, pdf_everything, pdf_text, qimage_gray, validated_with, websites

pytestmark = pytest.mark.gui

DATA = Path(__file__).resolve().parent.parent / "data"
GEMS = "program/gems-2006"
LANGUAGES = ("en", "es")
TITLES = {"en": "Helpful numbers", "es": "Números útiles"}


@pytest.fixture(scope="module")
def texts() -> DiscreetTexts:
    found, problems = read_discreet(DATA / discreet.DISCREET_FILE)
    assert problems == []
    return found


@pytest.fixture
def render(qapp: Any) -> Any:
    from csec_desktop.render import sheet

    return sheet


def test_the_deny_list_knows_the_subject_in_both_languages(texts: DiscreetTexts) -> None:
    deny = texts.deny
    for words in (
        "National Human Trafficking Hotline",
        "commercial sexual exploitation",
        "Child Abuse Hotline",
        "Early Intervention Prostitution Program",
        "SEX",
        "https://humantraffickinghotline.org",
        "trata de personas",
        "explotación sexual",
        "abuso infantil",
        "Prostitución",
        "victimas de maltrato",
    ):
        assert not deny.is_clean(words), words
    for words in (*TITLES.values(), "National Runaway Safeline", "https://988lifeline.org"):
        assert deny.is_clean(words), words
    assert deny.found("Trafficking and trafficked; explotación") == [
        "trafficking",
        "trafficked",
        "explotacion",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_discreet_sheet_of_the_whole_catalog_has_no_deny_listed_word(
    render: Any, catalog_engine: Engine, texts: DiscreetTexts, language: sheets.Language
) -> None:
    slugs = [record.id for record in reader.iter_records(catalog_engine)]
    options = SheetOptions(
        discreet=True, language=language, layout="detailed", agency_name="Harbor House"
    )
    document = build_sheet(catalog_engine, slugs, options)
    data = render.pdf_bytes(document)
    everything = pdf_everything(data)
    assert texts.deny.found(everything) == []
    # The same resources on an ordinary sheet print such words: the check can fail.
    ordinary = build_sheet(catalog_engine, slugs, replace(options, discreet=False))
    assert texts.deny.found(pdf_everything(render.pdf_bytes(ordinary)))

    curated = [slug for slug in slugs if texts.text(slug, language)]
    assert curated and document.left_off == tuple(s for s in slugs if s not in curated)
    text = pdf_text(data)
    assert TITLES[language] in text
    metadata = pypdf.PdfReader(io.BytesIO(data)).metadata
    assert metadata is not None and metadata.title == TITLES[language]
    for slug in curated:
        entry = texts.text(slug, language)
        assert entry is not None and entry.name in text and entry.description in text
    titles = reader.titles(catalog_engine, slugs)
    for slug in document.left_off:
        assert titles[slug] not in text


def test_qr_codes_and_links_are_only_neutral_addresses(
    render: Any, catalog_engine: Engine, texts: DiscreetTexts
) -> None:
    slugs = list(texts.entries)
    document = build_sheet(catalog_engine, slugs, SheetOptions(discreet=True, hotlines=False))
    renderer = render.SheetRenderer(document)
    decoded = [
        code
        for page in range(renderer.page_count())
        for code in decode_qr(qimage_gray(renderer.page_image(page, 200)))
    ]
    addresses = websites(catalog_engine, slugs)
    neutral = [url for url in addresses.values() if texts.deny.is_clean(url)]
    assert sorted(decoded) == sorted(neutral)
    assert len(neutral) < len(addresses), "one curated hotline's own address names the subject"


def test_the_hotlines_block_prints_discreet_names_and_leaves_the_rest_off(
    render: Any, catalog_engine: Engine, texts: DiscreetTexts
) -> None:
    hotlines = sheets.hotline_slugs(catalog_engine)
    assert all(texts.text(slug, "en") for slug in hotlines), "every listed hotline is curated"
    # A hotline without a discreet name, as a hotline new to the catalog would be.
    partial = DiscreetTexts(
        {s: t for s, t in texts.entries.items() if s != hotlines[0]}, texts.deny
    )
    document = build_sheet(catalog_engine, [], SheetOptions(discreet=True), discreet=partial)
    text = pdf_text(render.pdf_bytes(document))
    titles = reader.titles(catalog_engine, hotlines)
    for slug in hotlines:
        entry = partial.text(slug, "en")
        if entry is not None:
            assert entry.name in text
        else:
            assert slug in document.left_off and titles[slug] not in text
    note = sheets.left_off_note(catalog_engine, document)
    assert note.startswith("Left off the discreet sheet:")
    assert all(titles[slug] in note for slug in document.left_off)


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("title", "Trafficking help"),
        ("note", "Línea contra la trata de personas"),
        ("agency_name", "Anti-Exploitation Unit"),
    ],
)
def test_typed_words_a_discreet_sheet_never_prints_are_refused(
    catalog_engine: Engine, field: str, typed: str
) -> None:
    options: SheetOptions = replace(SheetOptions(discreet=True), **{field: typed})  # type: ignore[arg-type]
    with pytest.raises(SheetError, match="A discreet sheet never prints"):
        build_sheet(catalog_engine, [], options)
    build_sheet(catalog_engine, [], replace(options, discreet=False))  # ordinary: fine


def test_a_discreet_sheet_with_nothing_to_print_is_refused(catalog_engine: Engine) -> None:
    options = SheetOptions(discreet=True, hotlines=False)
    with pytest.raises(SheetError, match="No resource on this discreet sheet has a discreet"):
        build_sheet(catalog_engine, [GEMS], options)


def test_a_leaking_discreet_name_stops_the_sheet(
    catalog_engine: Engine, texts: DiscreetTexts
) -> None:
    hotline = sheets.hotline_slugs(catalog_engine)[0]
    careless = DiscreetTexts({hotline: {"en": DiscreetText("Sex line", "x")}}, texts.deny)
    with pytest.raises(SheetError, match="would print “sex”"):
        build_sheet(catalog_engine, [hotline], SheetOptions(discreet=True), discreet=careless)


def test_unreadable_discreet_names_refuse_the_discreet_sheet(
    catalog_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = (DiscreetTexts(), (Problem("discreet.toml", "", "cannot be read: damaged"),))
    monkeypatch.setattr(discreet, "bundled_texts", lambda: broken)
    with pytest.raises(SheetError, match="The discreet names cannot be read"):
        build_sheet(catalog_engine, [GEMS], SheetOptions(discreet=True))


def test_validate_checks_the_discreet_texts(tmp_path: Path) -> None:
    messages = validated_with(
        tmp_path,
        discreet.DISCREET_FILE,
        f'\n[[resource]]\nid = "{GEMS}"\n'
        'en = { name = "Tips", description = "Report online sexual exploitation." }\n'
        '\n[[resource]]\nid = "program/no-such-thing"\n'
        'en = { name = "A", description = "B." }\nes = { name = "A", description = "B." }\n',
    )
    assert messages == {
        (GEMS, "'en.description' has deny-listed word(s): sexual, exploitation"),
        (GEMS, "'es' must be a table with a name and a description"),
        (GEMS, "the resource has no number and no neutral web address to print"),
        ("program/no-such-thing", "no resource has this id"),
    }


def test_cli_discreet_sheet_notes_what_it_left_off(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    catalog_engine: Engine,
    texts: DiscreetTexts,
    data_dir: Path,
    qapp: Any,
) -> None:
    hotline = next(iter(texts.entries))
    target = tmp_path / "discreet.pdf"
    code, _, err = run(capsys, "sheet", "--discreet", GEMS, hotline, "-o", str(target))
    assert code == 0, err
    gems = reader.titles(catalog_engine, [GEMS])[GEMS]
    assert f"Wrote 1 resource(s) on 1 page to {target}." in err
    assert "Left off the discreet sheet:" in err and f"“{gems}”" in err
    everything = pdf_everything(target.read_bytes())
    assert gems not in everything and texts.deny.found(everything) == []
    assert TITLES["en"] in everything


def test_the_panel_makes_a_discreet_sheet_and_says_what_it_left_off(
    qtbot: Any, catalog_engine: Engine, data_dir: Path, tmp_path: Path, texts: DiscreetTexts
) -> None:
    from csec_desktop.catalog.storage import store
    from csec_desktop.catalog.user import userstore
    from csec_desktop.ui.sheet_panel import SheetPanel

    user = store.open_user_db(data_dir)
    panel = SheetPanel(catalog_engine, user)
    qtbot.addWidget(panel)
    hotline = next(iter(texts.entries))
    panel.add_resources([GEMS, hotline])
    panel.hotlines_check.setChecked(False)
    panel.discreet_check.setChecked(True)
    assert userstore.working_sheet(user).options.discreet, "kept with the working sheet"
    target = tmp_path / "for-you.pdf"
    with qtbot.waitSignal(panel.pdfSaved, timeout=30_000):
        assert panel.save_pdf(target)
    gems = reader.titles(catalog_engine, [GEMS])[GEMS]
    assert panel.status.text() == (
        f"Saved 1 page to for-you.pdf. Left off the discreet sheet: 1 resource has no "
        f"discreet name yet (“{gems}”)."
    )
    everything = pdf_everything(target.read_bytes())
    assert gems not in everything and texts.deny.found(everything) == []
    panel.note_edit.setPlainText("Ask about the trafficking hotline")
    assert not panel.save_pdf(tmp_path / "never.pdf")
    assert panel.status.text().startswith("A discreet sheet never prints “trafficking”")
    assert not (tmp_path / "never.pdf").exists()


def test_printing_a_discreet_sheet_to_pdf_says_nothing_either(
    qapp: Any, catalog_engine: Engine, texts: DiscreetTexts, tmp_path: Path
) -> None:
    """The print dialog's printer (also "print to file") names the sheet and its creator as
    a saved PDF does, even when the application is named for what it is about."""
    from csec_desktop import paths
    from csec_desktop.ui import sheet_print
    from csec_desktop.ui.qt_print import QPrinter

    document = build_sheet(catalog_engine, [], SheetOptions(discreet=True, language="es"))
    name = qapp.applicationName()
    qapp.setApplicationName(paths.APP_NAME)
    try:
        dialog, printer = sheet_print.print_dialog(document)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "printed.pdf"))
        sheet_print.print_to(document, printer)
        dialog.deleteLater()
    finally:
        qapp.setApplicationName(name)
    everything = pdf_everything((tmp_path / "printed.pdf").read_bytes())
    assert texts.deny.found(everything) == []
    assert TITLES["es"] in everything
