"""Settings: appearance, text size and the age at which facts count as old."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from csec_desktop.catalog.display.presentation import months_between
from csec_desktop.catalog.storage import reader
from csec_desktop.catalog.user.preferences import Preferences
from csec_desktop.ui.colors import DARK, LIGHT
from csec_desktop.ui.main_window import MainWindow
from csec_desktop.ui.qt import QApplication, QComboBox, QPalette, QSpinBox
from csec_desktop.ui.settings_dialog import SettingsDialog
from gui_helpers import child, open_window

pytestmark = pytest.mark.gui


def _window_color(window: MainWindow) -> int:
    return window.palette().color(QPalette.ColorRole.Window).lightness()


def test_dialog_shows_and_returns_the_choices(qtbot: Any) -> None:
    dialog = SettingsDialog(Preferences(theme="light", text_size=12, stale_months=6))
    qtbot.addWidget(dialog)
    theme = child(dialog, QComboBox, "themeCombo")
    size = child(dialog, QComboBox, "textSizeCombo")
    stale = child(dialog, QSpinBox, "staleSpin")
    assert (theme.currentData(), size.currentData(), stale.value()) == ("light", 12, 6)
    theme.setCurrentIndex(theme.findData("dark"))
    size.setCurrentIndex(size.findData(16))
    stale.clear()
    qtbot.keyClicks(stale, "24")
    assert dialog.chosen() == Preferences(theme="dark", text_size=16, stale_months=24)


def test_dark_theme_and_text_size_apply_and_come_back(qtbot: Any, data_dir: Path) -> None:
    window = open_window(qtbot, data_dir)
    base_size = QApplication.font().pointSize()
    window.apply_preferences(Preferences(theme="dark", text_size=base_size + 4))
    assert window.colors is DARK
    qtbot.waitUntil(lambda: _window_color(window) < 100)  # the palette reaches it by event
    assert QApplication.font().pointSize() == base_size + 4
    assert window.show_resource("program/gems-2006")
    assert DARK.muted in window.detail_view.toHtml()
    window.close()

    again = open_window(qtbot, data_dir)
    assert again.preferences.theme == "dark"
    assert again.colors is DARK
    qtbot.waitUntil(lambda: _window_color(again) < 100)
    again.apply_preferences(Preferences(theme="light"))
    assert again.colors is LIGHT
    qtbot.waitUntil(lambda: _window_color(again) > 150)
    assert QApplication.font().pointSize() == base_size


def test_old_facts_warning_follows_the_chosen_age(window: MainWindow) -> None:
    today = dt.date.today()
    # A resource verified between 2 and 120 months ago, as the catalog has for years to come.
    record, age = next(
        (r, months_between(r.last_verified.last_day(), today))
        for r in reader.iter_records(window.catalog)
        if 2 <= months_between(r.last_verified.last_day(), today) <= 120
    )
    window.apply_preferences(Preferences(stale_months=age))
    assert window.show_resource(record.id)
    assert "⚠" not in window.detail_view.toPlainText()
    window.apply_preferences(Preferences(stale_months=age - 1))
    assert "⚠" in window.detail_view.toPlainText(), "shown again at once, with the warning"
