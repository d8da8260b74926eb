"""The agency server in the window, against the real PostgreSQL server: connect from the
Agency server dialog or Settings (one sentence on failure, no password in the settings),
syncs on a worker while the window goes on, a steward's edit arriving by NOTIFY, a server
that vanishes mid-sync, the status bar's sentence, and the agency's lists beside the
favorites, put on the sheet."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import make_url

from agency_helpers import Agency, PasswordRefuser
from csec_desktop.agency import status, sync
from csec_desktop.catalog.storage import reader, store
from csec_desktop.catalog.user import userstore
from csec_desktop.ui.agency_link import SyncOutcome
from csec_desktop.ui.agency_panel import AgencyServerDialog, AgencyServerForm, AgencyStatus
from csec_desktop.ui.main_window import MainWindow
from csec_desktop.ui.qt import QDialogButtonBox, QMenu, Qt, QTimer, QWidget
from csec_desktop.ui.settings_dialog import SettingsDialog
from gui_helpers import open_window, search, settle
from test_agency import SHELTER, _seed

pytestmark = pytest.mark.gui
LIST = "Fulton County intake"


def shown_ids(window: MainWindow) -> list[str]:
    model = window.results_model
    return [hit.slug for row in range(model.rowCount()) if (hit := model.hit(row)) is not None]


def press_ok(qtbot: Any, dialog: QWidget) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    button = buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def submenu(menu: QMenu, title: str) -> QMenu:
    menu.aboutToShow.emit()
    for action in menu.actions():
        found = action.menu()
        if isinstance(found, QMenu) and action.text() == title:
            return found
    raise AssertionError(f"no submenu {title!r} in {[a.text() for a in menu.actions()]}")


def synced(
    qtbot: Any, window: MainWindow, check: Callable[[SyncOutcome], bool] | None = None
) -> Any:
    """Wait for the window's next sync to end (the next whose outcome passes ``check``, as
    a steward's NOTIFY may start one meanwhile); its outcome is ``.args[0]``."""
    return qtbot.waitSignal(window.agency.finished, timeout=20_000, check_params_cb=check)


def test_a_desk_connects_syncs_and_puts_an_agency_list_on_its_sheet(
    qtbot: Any, agency: Agency, tmp_path: Path, data_dir: Path
) -> None:
    database = agency.database
    steward = agency.desk("steward", steward=True)
    slug = sync.queue_put(steward.catalog, steward.user, SHELTER)
    steward.sync()
    curated = "hotline/cybertipline"
    database.execute(
        f"INSERT INTO csec_agency.list (name, items) "
        f"VALUES ('{LIST}', ARRAY['{slug}', '{curated}'])"
    )
    window = open_window(qtbot, data_dir)
    window.show()
    assert not window.agency_status.isVisible(), "no agency server: no agency sentence"
    window.agency_lists_menu.aboutToShow.emit()
    assert [a.text() for a in window.agency_lists_menu.actions()] == [
        "No agency lists (connect in Edit → Agency server)"
    ]

    window.agency_sync_action.trigger()
    assert "not connected" in window.statusBar().currentMessage()

    refuser = PasswordRefuser()
    try:
        dialog = AgencyServerDialog(window.agency, window)
        qtbot.addWidget(dialog)
        form = dialog.form
        form.url_edit.setText(f"postgresql://someone@127.0.0.1:{refuser.port}/agency")
        form.password_edit.setText("wrong-secret")
        press_ok(qtbot, dialog)
    finally:
        refuser.close()
    said = form.error_label.text()
    assert dialog.result() != AgencyServerDialog.DialogCode.Accepted
    assert form.error_label.isVisibleTo(dialog)
    assert "refused the password" in said and said.count(". ") == 0, said
    assert sync.server_url(window.user) is None, "nothing kept from a refused connection"
    assert dialog.grab().save(str(tmp_path / "agency-dialog.png"))  # to look at

    url = agency.url("caseworker", password="desk-secret")
    form.url_edit.setText(url)
    form.password_edit.setText("desk-secret")
    with synced(qtbot, window):  # connected, the window syncs at once, on its worker
        press_ok(qtbot, dialog)
    assert dialog.result() == AgencyServerDialog.DialogCode.Accepted, form.error_label.text()
    stored = json.dumps(userstore.settings(window.user))
    assert "desk-secret" not in stored and "desk-secret" not in (sync.server_url(window.user) or "")
    assert window.statusBar().currentMessage().startswith("Synced with the agency server: 1 ")

    sentence = status.status_sentence(window.user)
    assert sentence.startswith("agency: synced")
    assert window.agency_status.isVisible() and window.agency_status.text() == sentence
    search(qtbot, window, "quillmere")
    assert shown_ids(window) == [slug], "the agency's resource is searchable on this desk"

    lists = sync.agency_lists(window.user)
    listed = submenu(window.agency_lists_menu, LIST)
    titles = reader.titles(window.catalog, lists[LIST])
    assert [a.text() for a in listed.actions() if a.text()] == [
        "Put list on sheet",
        *(titles[s] for s in lists[LIST]),
    ]
    listed.actions()[-1].trigger()
    assert window.current_slug == lists[LIST][-1], "choosing a resource of the list shows it"
    listed.actions()[0].trigger()
    assert window.sheet_panel.slugs() == lists[LIST]
    assert window.sheet_dock.isVisible()
    settle(qtbot, window)
    assert window.grab().save(str(tmp_path / "agency-window.png"))  # to look at

    # The server goes away: the status says the desk works from its copy.
    with window.user.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE setting SET value = ? WHERE key = ?",
            (json.dumps(make_url(url).set(port=9).render_as_string()), sync.URL_SETTING),
        )
    with synced(qtbot, window, lambda outcome: outcome.offline):
        window.agency_sync_action.trigger()
    assert "cannot be reached" in window.statusBar().currentMessage()
    assert window.agency_status.text() == status.status_sentence(window.user)
    assert window.agency_status.text().startswith("agency: offline")
    search(qtbot, window, "quillmere")
    assert shown_ids(window) == [slug], "offline, the local copy is still searched"


def test_the_status_hides_when_the_saved_data_cannot_be_read(qtbot: Any, tmp_path: Path) -> None:
    """The timer reads the sentence again after the data folder went away (a test's
    folder removed, a disk unplugged): it hides instead of raising in the event loop."""
    label = AgencyStatus()
    qtbot.addWidget(label)
    label.show()
    label.follow(store.sqlite_engine(tmp_path / "gone" / "user.sqlite"))
    assert label.isHidden()


def connect_in_settings(qtbot: Any, window: MainWindow, url: str) -> SettingsDialog:
    """Settings → Agency server: type ``url`` and press OK (the dialog is returned, open
    if the server could not be used)."""
    dialog = SettingsDialog(window.preferences, window, AgencyServerForm(window.agency))
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.findChild(AgencyServerForm)
    assert form is not None and form.isVisible()
    form.url_edit.setText(url)
    press_ok(qtbot, dialog)
    return dialog


def test_settings_connect_and_a_steward_edit_reaches_the_results_by_notify(
    qtbot: Any, agency: Agency, tmp_path: Path, data_dir: Path, pg_server: str
) -> None:
    window = open_window(qtbot, data_dir)
    window.show()
    search(qtbot, window, "quillmere")
    assert shown_ids(window) == []

    # A database of another application: one sentence, the dialog stays, nothing kept.
    dialog = connect_in_settings(qtbot, window, pg_server)
    error = dialog.findChild(AgencyServerForm).error_label  # type: ignore[union-attr]
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert "is not a CSEC Resource Desk agency server" in error.text()
    assert sync.server_url(window.user) is None
    assert dialog.grab().save(str(tmp_path / "settings-agency.png"))  # to look at

    with synced(qtbot, window) as first:
        dialog = connect_in_settings(qtbot, window, agency.url("caseworker"))
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert first.args[0].error is None
    assert window.agency_status.text() == "agency: synced just now"

    # A steward's edit, made on another connection, wakes the window's listener; the
    # fallback timer is minutes away, so only the NOTIFY can bring it this soon.
    qtbot.waitUntil(lambda: not window.agency.busy() and window.agency.next_sync_ms() > 0)
    assert window.agency.next_sync_ms() > 60_000
    steward = agency.desk("steward", steward=True)
    slug = sync.queue_put(steward.catalog, steward.user, SHELTER)
    steward.sync()
    qtbot.waitUntil(lambda: shown_ids(window) == [slug], timeout=10_000)
    assert window.agency_status.text() == "agency: synced just now"


def test_the_window_syncs_off_the_gui_thread_and_a_vanished_server_leaves_it_offline(
    qtbot: Any, agency: Agency, data_dir: Path
) -> None:
    import psycopg

    seeded = _seed(agency.database, 3)
    relay = agency.relay()
    window = open_window(qtbot, data_dir)
    window.show()
    with synced(qtbot, window):
        window.agency.connect_desk(relay.url(agency.url()))
    search(qtbot, window, "seeded")
    assert set(seeded) <= set(shown_ids(window))

    # The server holds the desk's next sync in the middle (a lock on its change log):
    # the window's timer keeps firing and its search keeps answering meanwhile.
    ticks: list[int] = []
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    with psycopg.connect(agency.url()) as blocker:
        blocker.execute("LOCK TABLE csec_agency.change IN ACCESS EXCLUSIVE MODE")
        window.changes.sync_agency()
        assert window.agency.busy()
        qtbot.waitUntil(lambda: len(ticks) >= 25, timeout=5000)
        assert window.agency.busy(), "still syncing, and the window went on"
        search(qtbot, window, "quillmere")
        search(qtbot, window, "seeded")
        assert set(seeded) <= set(shown_ids(window))

        # Then the server vanishes mid-sync.
        with synced(qtbot, window) as ended:
            relay.cut()
        blocker.rollback()
    timer.stop()
    outcome: SyncOutcome = ended.args[0]
    assert outcome.offline and "cannot be reached" in (outcome.error or "")
    assert "cannot be reached" in window.statusBar().currentMessage()
    assert window.agency_status.text() == "agency: offline — copy from just now"
    search(qtbot, window, "seeded")
    assert set(seeded) <= set(shown_ids(window)), "the local copy is still searched"
    # It tries again by itself, sooner than the usual period.
    qtbot.waitUntil(lambda: not window.agency.busy() and window.agency.next_sync_ms() > 0)
    assert window.agency.next_sync_ms() <= 60_000  # not the usual five minutes

    # The server is back: the listener connects again (within seconds), which syncs.
    relay.restore()
    qtbot.waitUntil(
        lambda: window.agency_status.text() == "agency: synced just now", timeout=30_000
    )


def test_a_long_first_sync_shows_progress_and_cancel_keeps_what_landed(
    qtbot: Any, agency: Agency, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from csec_desktop.ui import agency_panel

    seeded = _seed(agency.database, 6)
    window = open_window(qtbot, data_dir)
    window.show()
    monkeypatch.setattr(agency_panel, "PROGRESS_FROM", 1)  # six changes count as long here
    window.agency.batch = 2
    # A slow network: the worker waits before its second batch until the test lets it on.
    go_on = threading.Event()
    apply = sync._apply
    batches: list[int] = []

    def slow_apply(*args: Any) -> None:
        if batches:
            go_on.wait(10)
        batches.append(1)
        apply(*args)

    monkeypatch.setattr(sync, "_apply", slow_apply)
    progress = window.findChild(agency_panel.AgencyProgress, "agencyProgress")
    assert progress is not None and not progress.isVisible()
    window.agency.connect_desk(agency.url())
    qtbot.waitUntil(lambda: progress.isVisible() and progress.bar.value() == 2, timeout=10_000)
    assert progress.bar.maximum() == 6
    with synced(qtbot, window) as ended:
        qtbot.mouseClick(progress.cancel_button, Qt.MouseButton.LeftButton)
        go_on.set()
    assert ended.args[0].cancelled
    assert not progress.isVisible()
    assert "goes on from there" in window.statusBar().currentMessage()
    search(qtbot, window, "seeded")
    shown = set(shown_ids(window)) & set(seeded)
    # Cancel stops after the batch being written: two whole batches landed, and are searched.
    assert shown == set(seeded[:4])
    assert not window.agency.busy()

    monkeypatch.setattr(sync, "_apply", apply)
    with synced(qtbot, window) as resumed:
        window.changes.sync_agency()
    assert resumed.args[0].report.changed == seeded[4:], "the next sync goes on from there"
    search(qtbot, window, "seeded")
    assert set(seeded) <= set(shown_ids(window))
