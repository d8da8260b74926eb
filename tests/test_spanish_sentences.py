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
from csec_desktop.ui.qt import QDialog, QLabel, QLineEdit, Qt
from csec_desktop.ui.results import FIT_ROLE
from gui_helpers import GEMS, child, open_window, search, settle
from storage_helpers import allow_writes, refuse_writes

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parent.parent
SAFELINE = "hotline/national-runaway-safeline"
PAUL_AND_LISA = "program/paul-and-lisa-project-case-2005"


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


# ------------------------------------------------- what storage and user data refuse (issue 18)


def _refuse_writes(window: MainWindow, message: str) -> None:
    """From here on, every write of user data fails as SQLite fails it with ``message``
    (a read-only file, a full disk), inside the guard that turns it into a sentence."""
    import sqlite3

    def refused(*_args: Any, **_kwargs: Any) -> None:
        with userstore.user_writes():
            raise sqlite3.OperationalError(message)

    for name in ("add_favorite", "remove_favorite", "set_note", "set_preferences"):
        setattr(userstore, name, refused)


def test_saved_data_that_cannot_be_written_is_told_in_the_windows_language(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """user.sqlite turned read-only under the window, then a full disk: the status bar
    says each in the window's language."""
    assert window.show_resource(GEMS)
    refuse_writes(window.user)
    window.favorite_button.click()
    assert window.statusBar().currentMessage() == _said(
        window,
        "Sus datos guardados son de solo lectura (no se puede escribir en la carpeta de datos "
        "o en user.sqlite), así que no se puede guardar ni cambiar nada; todo lo guardado "
        "antes sigue igual.",
        "Your saved data is read-only (the data folder or user.sqlite cannot be written), so "
        "nothing can be saved or changed; everything saved before is unchanged.",
    )
    allow_writes(window.user)
    for name in ("add_favorite", "remove_favorite", "set_note", "set_preferences"):
        monkeypatch.setattr(userstore, name, getattr(userstore, name))  # put back after
    _refuse_writes(window, "database or disk is full")
    window.favorite_button.click()
    assert window.statusBar().currentMessage() == _said(
        window,
        "No se pudieron escribir sus datos guardados (puede que el disco esté lleno o que "
        "user.sqlite esté bloqueado o sea de solo lectura); no se cambió nada.",
        "Your saved data could not be written (the disk may be full, or user.sqlite locked "
        "or read-only); nothing was changed.",
    )


def test_preferences_refused_are_told_in_the_windows_language(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A preference out of range (as a damaged setting or a future dialog could give)."""
    from csec_desktop.ui import settings_controller

    said: list[str] = []

    class Boxes:
        @staticmethod
        def warning(_parent: Any, title: str, text: str) -> None:
            said.extend([title, text])

    monkeypatch.setattr(settings_controller, "QMessageBox", Boxes)
    window.settings.apply_preferences(Preferences(language=window.language, text_size=99))
    assert said == [
        _said(window, "Configuración", "Settings"),
        _said(
            window,
            "El valor de «tamaño del texto» debe ser un número entero entre 0 y 32. Se "
            "aplican hasta que cierre la ventana.",
            "The text size must be a whole number from 0 to 32. They apply until you close "
            "the window.",
        ),
    ]
    said.clear()
    window.settings.apply_preferences(Preferences(language=window.language, stale_months=0))
    assert said[1].startswith(
        _said(
            window,
            "El valor de «meses hasta que los datos se consideran antiguos» debe ser",
            "The months before facts count as old must be",
        )
    )


def test_damaged_saved_data_and_an_unexpected_error_are_told_in_the_windows_language(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    """What the start says of a damaged user.sqlite, and the window's last resort for a
    bug (its details logged), in the window's language."""
    from csec_desktop import app
    from csec_desktop.ui.qt import QMessageBox
    from csec_desktop.ui.sentences import told

    damaged = store.UserDataDamaged(data_dir / "user.damaged-1.sqlite", None)
    assert told(damaged) == _said(
        window,
        "No se pudieron leer sus favoritos, notas y búsquedas guardados, así que el archivo "
        "dañado se guardó como user.damaged-1.sqlite. No hay ninguna copia de seguridad que "
        "restaurar.",
        "Your saved favorites, notes and searches could not be read, so the damaged file was "
        "kept as user.damaged-1.sqlite. There is no backup to restore.",
    )
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, _t, text, *_a: said.append(text))
    app.error_handler(data_dir)(KeyError, KeyError("x"), None)
    assert said[0].startswith(
        _said(window, "Error inesperado (KeyError); los detalles están en ", "Unexpected error")
    )


def test_a_read_only_data_folder_is_told_in_the_windows_language(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    """The start on a data folder that cannot be written says so once, in the language
    its settings choose."""
    from csec_desktop.catalog import readonly
    from gui_helpers import start_telling

    language = window.language
    window.close()
    for sidecar in data_dir.glob("*.sqlite-*"):
        sidecar.unlink()
    folder = data_dir.resolve()
    monkeypatch.setattr(
        readonly, "folder_is_read_only", lambda directory: Path(directory).resolve() == folder
    )
    started, told = start_telling(qtbot, data_dir, monkeypatch)
    assert started.language == language
    assert told == [
        _said(
            started,
            f"La carpeta de datos {data_dir} es de solo lectura, así que el escritorio se "
            f"abre solo para consulta: puede buscar e imprimir, pero no se puede guardar ni "
            f"cambiar nada.",
            f"The data folder {data_dir} is read-only, so the desk opens for reading only: you "
            f"can search and print, but nothing can be saved or changed.",
        )
    ]


# --------------------------------------------------------------- site roles and states


def test_a_site_role_outside_the_curated_ones_is_labelled_in_the_windows_language(
    qtbot: Any, window: MainWindow
) -> None:
    """A role the curated list lacks stays the catalog's words; in Spanish the label
    names it a site ("Sede") and keeps them, so no label is left in English alone."""
    assert window.show_resource("program/juvenile-justice-fund-fulton-county-2003")
    lines = window.detail_view.toPlainText().splitlines()
    cells = [cell for line in lines for cell in line.split("\t")]
    assert _said(window, "Sede (Fulton County initiative)", "Fulton County initiative") in cells


def test_states_are_named_in_the_windows_language(qtbot: Any, window: MainWindow) -> None:
    """The state facet, a result row whose site is a state, the client's state in a row's
    "serves …" and the search notices name states in Spanish where Spanish names them
    otherwise (Nueva York, Pensilvania)."""
    search(qtbot, window, "")
    names = [
        box.accessibleName()
        for box in window.facet_panel.check_boxes()
        if box.property("facet") == "state"
    ]
    assert _said(window, "Estado: Nueva York, 4 resultados", "State: New York, 4 results") in names
    # A row whose first site is a state alone (the curated catalog's first such sites are
    # named alike in both languages: Connecticut, Georgia), as the row says it.
    import dataclasses

    from csec_desktop.ui.results import meta_line

    search(qtbot, window, "paul and lisa")
    hit = window.results_model.hit(window.results_model.row_of(PAUL_AND_LISA))
    assert hit is not None and hit.place == "Connecticut +1"
    said = meta_line(dataclasses.replace(hit, place="New York"))
    assert _said(window, " · Nueva York · ", " · New York · ") in said
    _type(qtbot, window, "clientPlace", "10001")  # Manhattan: Paul & Lisa serve the state
    fits = _fits(window)
    assert fits[PAUL_AND_LISA] == _said(window, "atiende en Nueva York", "serves New York")
    assert _said(window, "para todo Nueva York", "for all of New York") in (
        window.notice_label.text()
    )
    window.client_panel.toggle.setChecked(True)
    child(window, QLineEdit, "clientPlace").clear()
    _type(qtbot, window, "clientPlace", "")
    search(qtbot, window, "hotlines in pennsylvania")
    assert _said(window, "<i>Pensilvania</i>", "<i>Pennsylvania</i>") in window.notice_label.text()


def test_a_refused_catalog_update_or_partner_file_is_told_in_the_windows_language(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """File → Update catalog with a damaged file, and File → Import partner directory with
    a web page saved instead of HSDS JSON and with a CSV file that cannot be imported."""
    from csec_desktop.catalog.interchange.exchange import installed_catalog
    from csec_desktop.ui import catalog_update, partner_import
    from csec_desktop.ui.qt import QMessageBox

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, _t, text, *_a: said.append(text))
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert not catalog_update.import_update(window, broken)
    page = tmp_path / "services.json"
    page.write_bytes(b"<!DOCTYPE html><html>Sign in</html>")
    assert partner_import.import_directory(window, page) is None
    assert said == [
        _said(
            window,
            "broken.zip no es un paquete de catálogo: no es un archivo zip, o está incompleto "
            "o dañado.",
            "broken.zip is not a catalog bundle: it is not a zip file, or it is truncated or "
            "damaged.",
        ),
        _said(
            window,
            "services.json es una página web, no HSDS JSON (quizá se guardó una página de "
            "inicio de sesión o de error en lugar de la respuesta de la API).",
            "services.json is a web page, not HSDS JSON (perhaps a login or error page saved "
            "instead of the API's answer).",
        ),
    ]
    source = installed_catalog(window.catalog).sources[0].key
    bad = tmp_path / "partner.csv"
    bad.write_text(
        "id,kind,title,summary,status,source,last_verified\n"
        f"program/y,prgram,Y line,A program.,active,{source},2026-11\n",
        encoding="utf-8",
    )
    shown: list[str] = []

    def refuse(dialog: Any) -> QDialog.DialogCode:
        shown.append(dialog.heading.text())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(partner_import.PreviewDialog, "exec", refuse)
    assert partner_import.import_directory(window, bad) is None
    assert shown[0].startswith(
        _said(window, "partner.csv (archivo CSV): ", "partner.csv (CSV file): ")
    )
    assert shown[0].endswith(
        _said(
            window,
            "No se pudo leer ningún recurso.",
            "No resource could be read from it.",
        )
    )
