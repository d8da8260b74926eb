"""The sentences the window builds from what the catalog says, in the window's language:
the search notices, each result's "why it fits", the client box's needs, counts and
errors, the details' subtitle and site roles, and the agency status. Each test drives the
real window in Spanish and in English: the same steps give the Spanish sentence in one and
the English one in the other, so a sentence left in English fails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from csec_desktop.agency import sync
from csec_desktop.catalog.storage import store
from csec_desktop.catalog.user import userstore
from csec_desktop.catalog.user.preferences import Preferences
from csec_desktop.ui import i18n
from csec_desktop.ui.main_window import MainWindow
from csec_desktop.ui.qt import QLabel, QLineEdit, Qt
from csec_desktop.ui.results import FIT_ROLE
from gui_helpers import GEMS, child, open_window, search, settle

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parent.parent
SAFELINE = "hotline/national-runaway-safeline"


@pytest.fixture(params=["es", "en"])
def window(request: pytest.FixtureRequest, qtbot: Any, data_dir: Path) -> Iterator[MainWindow]:
    """A window whose settings choose Spanish, then one in English (English again after)."""
    store.ensure_catalog(data_dir, REPO / "data")
    user = store.open_user_db(data_dir)
    userstore.set_preferences(user, Preferences(language=request.param))
    user.dispose()
    try:
        opened = open_window(qtbot, data_dir)
        assert opened.language == request.param
        yield opened
    finally:
        i18n.use_language("en")


def _said(window: MainWindow, spanish: str, english: str) -> str:
    return spanish if window.language == "es" else english


def _type(qtbot: Any, window: MainWindow, name: str, text: str) -> None:
    """Type ``text`` into the client box's field ``name`` and press Enter."""
    window.client_panel.toggle.setChecked(True)
    edit = child(window, QLineEdit, name)
    edit.clear()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    settle(qtbot, window)


def _fits(window: MainWindow) -> dict[str, str]:
    model = window.results_model
    return {
        model.hit(row).slug: model.index(row, 0).data(FIT_ROLE)  # type: ignore[union-attr]
        for row in range(model.rowCount())
    }


def test_the_search_notices_are_in_the_windows_language(qtbot: Any, window: MainWindow) -> None:
    notice = window.notice_label
    search(qtbot, window, "hotlines in georgia for teens")
    assert notice.text() == _said(
        window,
        "Primero se muestran: líneas de ayuda. "
        "No hay nada en <i>Georgia</i>: se muestran los recursos nacionales.",
        "Hotlines first. Nothing in <i>Georgia</i> — national resources shown.",
    )
    search(qtbot, window, "runaway girls hotline chicago")
    assert notice.text().startswith(
        _said(
            window,
            "Solo 2 coinciden con todas las palabras de <i>runaway girls</i>; "
            "los demás coinciden con menos palabras.",
            "Only 2 match all of <i>runaway girls</i>; the others shown match fewer of its words.",
        )
    )
    search(qtbot, window, "teen runaway near 30303")
    assert notice.text() == _said(
        window,
        "Ningún recurso coincide con todas las palabras de <i>teen runaway 30303</i>: "
        "se muestran los que coinciden con <i>teen</i>, <i>runaway</i>.",
        "No resource matches all of <i>teen runaway 30303</i> — showing those that match "
        "<i>teen</i>, <i>runaway</i>.",
    )
    search(qtbot, window, "for the")  # filler words alone
    assert window.empty_state.text().startswith(
        _said(
            window,
            "<p><b>Escriba una palabra que describa la ayuda que necesita.</b></p>",
            "<p><b>Type a word that describes the help you need.</b></p>",
        )
    )


def test_why_each_result_fits_the_client_is_in_the_windows_language(
    qtbot: Any, window: MainWindow
) -> None:
    search(qtbot, window, "runaway")
    _type(qtbot, window, "clientPlace", "30303")
    _type(qtbot, window, "clientAge", "15")
    fits = _fits(window)
    assert fits[SAFELINE] == _said(
        window, "atiende en todo el país · de 12 a 21 años", "serves everywhere · ages 12–21"
    )
    assert set(fits.values()) - {fits[SAFELINE]} == {
        _said(window, "lugar no indicado · edad no indicada", "place not stated · ages not stated")
    }
    assert window.notice_label.text() == _said(
        window,
        "No hay nada a menos de 25 millas de <i>30303 (Atlanta, GA)</i>: se muestran "
        "1 de alcance nacional y 2 sin lugar indicado.",
        "Nothing within 25 miles of <i>30303 (Atlanta, GA)</i> — showing 1 national and 2 "
        "whose place is not stated.",
    )
    search(qtbot, window, "mentoring")
    _type(qtbot, window, "clientPlace", "10001")  # GEMS's site, in Manhattan
    assert window.notice_label.text().startswith(
        _said(window, "Primero los más cercanos a", "Nearest to")
    )
    window.client_panel.toggle.setChecked(False)
    assert window.client_panel.summary.text() == _said(
        window,
        "a menos de 25 millas de 10001 (New York, NY); edad 15",
        "within 25 miles of 10001 (New York, NY); age 15",
    )


def test_the_client_needs_and_their_counts_are_in_the_windows_language(
    qtbot: Any, window: MainWindow
) -> None:
    search(qtbot, window, "runaway")
    window.client_panel.toggle.setChecked(True)
    label = window.client_panel.fact_labels["no_police_report"]
    box = window.client_panel.fact_boxes["no_police_report"]
    assert label.text() == _said(
        window,
        "No exige denuncia policial <b>0</b> <small>(4 no lo indican)</small>",
        "No police report required <b>0</b> <small>(4 not stated)</small>",
    )
    assert box.accessibleName() == _said(
        window,
        "No exige denuncia policial: 0 lo indican, 4 no lo dicen",
        "No police report required: 0 say so, 4 do not say",
    )


def test_what_the_client_box_cannot_use_is_said_in_the_windows_language(
    qtbot: Any, window: MainWindow
) -> None:
    search(qtbot, window, "runaway")
    error = child(window, QLabel, "clientError")
    _type(qtbot, window, "clientAge", "200")
    assert error.text() == _said(
        window,
        "La edad debe ser un número entero de 0 a 120.",
        "An age must be a whole number from 0 to 120.",
    )
    _type(qtbot, window, "clientAge", "30303")
    assert error.text().startswith(_said(window, "30303 parece un código postal", "30303 looks"))
    _type(qtbot, window, "clientAge", "")
    _type(qtbot, window, "clientPlace", "99999")
    assert error.text() == _said(
        window, "No existe el código postal 99999 en EE. UU.", "There is no US ZIP code 99999."
    )
    _type(qtbot, window, "clientPlace", "Springfield")
    assert error.text().startswith(
        _said(window, "Hay una ciudad llamada Springfield en ", "There is a Springfield in ")
    )
    assert _said(window, " y ", " and ") in error.text()


def test_the_details_subtitle_and_site_roles_are_in_the_windows_language(
    qtbot: Any, window: MainWindow
) -> None:
    search(qtbot, window, "runaway")
    assert window.show_resource(SAFELINE)
    lines = window.detail_view.toPlainText().splitlines()
    assert lines[1] == _said(window, "Línea de ayuda · Nacional", "Hotline · National")
    row = window.results_model.row_of(SAFELINE)
    said = window.results_model.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert _said(window, " · Nacional", " · National") in said
    assert window.show_resource(GEMS)
    text = window.detail_view.toPlainText()
    assert _said(window, "Servicios", "Services") in text


def test_the_agency_status_is_in_the_windows_language(qtbot: Any, window: MainWindow) -> None:
    two_minutes_ago = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=2)
    userstore.set_setting(window.user, sync.URL_SETTING, "postgresql://agency.example/desk")
    with window.user.begin() as connection:
        sync._set_state(connection, synced_at=two_minutes_ago.isoformat())
    window.agency_status.refresh()
    assert window.agency_status.text() == _said(
        window, "agencia: sincronizada hace 2 min", "agency: synced 2 min ago"
    )
    with window.user.begin() as connection:
        sync._set_state(connection, offline_since=two_minutes_ago.isoformat())
    window.agency_status.refresh()
    assert window.agency_status.text() == _said(
        window,
        "agencia: sin conexión — copia de hace 2 min",
        "agency: offline — copy from 2 min ago",
    )


def test_the_local_resource_forms_problems_are_in_the_windows_language(
    qtbot: Any, window: MainWindow
) -> None:
    from csec_desktop.ui.local_resource_dialog import LocalResourceDialog
    from csec_desktop.ui.qt import QDialogButtonBox

    dialog = LocalResourceDialog(window.catalog, window.user, None, window)
    qtbot.addWidget(dialog)
    child(dialog, QLineEdit, "phoneContactEdit").setText("call us")
    child(dialog, QLineEdit, "titleEdit").setText("Shelter\u202e")  # a direction mark
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    errors = {
        label.objectName(): label.text()
        for label in dialog.findChildren(QLabel)
        if label.objectName().endswith("Error") and label.text()
    }
    assert errors["phoneError"].startswith(
        _said(window, "Use un número de teléfono de EE. UU.", "Use a US phone number")
    )
    assert errors["titleError"] == _said(
        window,
        "Quite los caracteres invisibles de control o de dirección del texto "
        "(vuelva a escribirlo).",
        "Remove the invisible control or text-direction characters (type it again).",
    )
    assert errors["summaryError"] == _said(
        window,
        "Escriba un breve resumen de lo que ofrece el servicio.",
        "Enter a short summary of what the service offers.",
    )


def test_a_sheet_refused_is_told_in_the_windows_language(qtbot: Any, window: MainWindow) -> None:
    panel = window.sheet_panel
    panel.add_resources([SAFELINE])
    panel.discreet_check.setChecked(True)
    panel.title_edit.setText("Trafficking help")
    assert panel.document() is None
    assert panel.status.text() == _said(
        window,
        "Una hoja discreta nunca imprime «trafficking»: cambie la redacción del título o haga "
        "una hoja común.",
        "A discreet sheet never prints “trafficking”: reword the title, or make the sheet an "
        "ordinary one.",
    )
