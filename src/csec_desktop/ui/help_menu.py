"""The Help menu: the keyboard shortcuts and About."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Protocol

from csec_desktop import __version__, paths
from csec_desktop.lazy import lazy_module
from csec_desktop.ui.qt import QT_TRANSLATE_NOOP, QMessageBox, QObject
from csec_desktop.ui.window_host import WindowHost

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from csec_desktop.catalog.storage import reader
else:
    reader = lazy_module("csec_desktop.catalog.storage.reader")  # SQLAlchemy, loaded later

# Keys (as a person reads them) and what they do, both translated where shown.
SHORTCUTS = (
    (
        QT_TRANSLATE_NOOP("HelpMenu", "Ctrl+F, Ctrl+K or /"),
        QT_TRANSLATE_NOOP("HelpMenu", "Go to the search field"),
    ),
    (
        QT_TRANSLATE_NOOP("HelpMenu", "Esc"),
        QT_TRANSLATE_NOOP("HelpMenu", "Clear the search field"),
    ),
    (
        QT_TRANSLATE_NOOP("HelpMenu", "Enter"),
        QT_TRANSLATE_NOOP("HelpMenu", "Run the search now and remember it"),
    ),
    (
        QT_TRANSLATE_NOOP("HelpMenu", "Alt+Left / Alt+Right"),
        QT_TRANSLATE_NOOP("HelpMenu", "Back / forward through the resources viewed"),
    ),
    (QT_TRANSLATE_NOOP("HelpMenu", "Ctrl+S"), QT_TRANSLATE_NOOP("HelpMenu", "Save the search")),
    (
        QT_TRANSLATE_NOOP("HelpMenu", "↓"),
        QT_TRANSLATE_NOOP("HelpMenu", "From the search field into the results"),
    ),
    (
        QT_TRANSLATE_NOOP("HelpMenu", "F2"),
        QT_TRANSLATE_NOOP("HelpMenu", "Show or hide the hotlines"),
    ),
    (
        QT_TRANSLATE_NOOP("HelpMenu", "F3"),
        QT_TRANSLATE_NOOP("HelpMenu", "Show or hide the resource sheet"),
    ),
    (
        QT_TRANSLATE_NOOP("HelpMenu", "Ctrl+Shift+A"),
        QT_TRANSLATE_NOOP(
            "HelpMenu", "Add the selected results (or the resource shown) to the sheet"
        ),
    ),
    (
        QT_TRANSLATE_NOOP("HelpMenu", "Ctrl+P / Ctrl+Shift+P"),
        QT_TRANSLATE_NOOP("HelpMenu", "Print the sheet / print preview"),
    ),
    (
        QT_TRANSLATE_NOOP("HelpMenu", "Ctrl+N / Ctrl+E"),
        QT_TRANSLATE_NOOP("HelpMenu", "New local resource / edit the local resource shown"),
    ),
    (
        QT_TRANSLATE_NOOP("HelpMenu", "Ctrl+I"),
        QT_TRANSLATE_NOOP("HelpMenu", "Import a catalog update"),
    ),
    (
        QT_TRANSLATE_NOOP("HelpMenu", "Ctrl+Shift+C"),
        QT_TRANSLATE_NOOP("HelpMenu", "Copy the details as text"),
    ),
    (
        QT_TRANSLATE_NOOP("HelpMenu", "Ctrl+D"),
        QT_TRANSLATE_NOOP("HelpMenu", "Star or unstar the resource shown"),
    ),
    (
        QT_TRANSLATE_NOOP("HelpMenu", "Ctrl+,"),
        QT_TRANSLATE_NOOP("HelpMenu", "Settings: appearance, text size, old facts, language"),
    ),
    (QT_TRANSLATE_NOOP("HelpMenu", "Ctrl+Q"), QT_TRANSLATE_NOOP("HelpMenu", "Quit")),
)


class HelpHost(WindowHost, Protocol):
    """What the Help menu needs of the window (the main window is one)."""

    catalog: Engine
    # The catalog's facts (its date, its count of resources).
    meta: dict[str, str]


class HelpMenu(QObject):
    """Shows the Help menu's boxes."""

    def __init__(self, window: HelpHost) -> None:
        super().__init__(window.window())
        self._window = window

    def show_about(self) -> None:
        """Help → About: the version, the catalog's date and sources, the privacy promise."""
        sources = ", ".join(s.title for s in reader.sources(self._window.catalog))
        QMessageBox.about(
            self._window.window(),
            self.tr("About {name}").format(name=paths.APP_NAME),
            f"<b>{paths.APP_NAME}</b> {__version__}<br>"
            + self.tr("Catalog of {date}, {count} resources.").format(
                date=self._window.meta.get("catalog_date", "?"),
                count=self._window.meta.get("resource_count", "?"),
            )
            + "<br><br>"
            + self.tr("Sources: {sources}").format(sources=html.escape(sources))
            + "<br><br>"
            + self.tr(
                "Everything stays on this computer: no account, no telemetry, and a link "
                "opens only when you click it."
            ),
        )

    def show_shortcuts(self) -> None:
        """Help → Keyboard shortcuts: every key the window answers, in a table."""
        rows = "".join(
            f"<tr><td><b>{html.escape(self.tr(keys))}</b>&nbsp;&nbsp;</td>"
            f"<td>{html.escape(self.tr(what))}</td></tr>"
            for keys, what in SHORTCUTS
        )
        QMessageBox.information(
            self._window.window(), self.tr("Keyboard shortcuts"), f"<table>{rows}</table>"
        )
