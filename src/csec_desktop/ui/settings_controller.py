"""Edit → Settings: the caseworker's preferences (appearance, text size, old facts, language,
and the agency server), stored and followed by the window at once.

The dialog is ``ui/settings_dialog.py``; this controller stores what it chose and has the
window's colours, results and details follow it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from csec_desktop.catalog.user.preferences import Preferences
from csec_desktop.lazy import lazy_module
from csec_desktop.ui.colors import Colors
from csec_desktop.ui.details_controller import DetailsController
from csec_desktop.ui.qt import QListView, QMessageBox, QObject
from csec_desktop.ui.results import ResultDelegate, ResultsModel
from csec_desktop.ui.sentences import told
from csec_desktop.ui.settings_dialog import SettingsDialog
from csec_desktop.ui.theme import apply_appearance
from csec_desktop.ui.window_host import WindowHost

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from csec_desktop.catalog.user import userstore
    from csec_desktop.ui import agency_panel
    from csec_desktop.ui.agency_link import AgencyLink
else:
    # SQLAlchemy loads behind the first frame (csec_desktop.lazy).
    userstore = lazy_module("csec_desktop.catalog.user.userstore")
    agency_panel = lazy_module("csec_desktop.ui.agency_panel")


class SettingsHost(WindowHost, Protocol):
    """What the settings need of the window (the main window is one)."""

    user: Engine
    agency: AgencyLink
    # The preferences the window follows, and the colours rich text uses by them.
    preferences: Preferences
    colors: Colors
    delegate: ResultDelegate
    results_model: ResultsModel
    results_view: QListView


class SettingsController(QObject):
    """Asks for preferences, stores them, and has the window follow them."""

    def __init__(self, window: SettingsHost, details: DetailsController) -> None:
        super().__init__(window.window())
        self._window = window
        self._details = details

    def open_settings(self) -> None:
        """Ask for new preferences (and the agency server) and apply them."""
        window = self._window
        agency = agency_panel.AgencyServerForm(window.agency) if window.attached else None
        dialog = SettingsDialog(window.preferences, window.window(), agency)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            self.apply_preferences(dialog.chosen())

    def apply_preferences(self, chosen: Preferences) -> None:
        """Store ``chosen`` and show the window by it: colours, text size, old facts.

        If they cannot be stored, the window still follows them for this session.
        """
        window = self._window
        try:
            userstore.set_preferences(window.user, chosen)
        except userstore.UserDataError as error:
            QMessageBox.warning(
                window.window(),
                self.tr("Settings"),
                self.tr("{error} They apply until you close the window.").format(error=told(error)),
            )
        if chosen.language != window.preferences.language:
            window.statusBar().showMessage(
                self.tr("The new language takes effect the next time you start the desk."), 10000
            )
        self.follow_preferences(chosen)

    def follow_preferences(self, chosen: Preferences) -> None:
        """Show the window by ``chosen`` (without storing them)."""
        window = self._window
        window.preferences = chosen
        window.colors = apply_appearance(chosen.theme, chosen.text_size)
        window.delegate.colors = window.colors
        window.results_model.stale_months = chosen.stale_months
        self._details.fit_width()
        window.results_view.doItemsLayout()  # row heights follow the text size
        window.results_view.viewport().update()
        self._details.show_again()
