"""Start CSEC Resource Desk: build the catalog if needed, then show the main window.

Until the full window lands (search, filters, details), this opens a minimal window that
shows the catalog is ready, so that the start command works end to end.
"""

from __future__ import annotations

import sys
from pathlib import Path

from csec_desktop import paths


def build_main_window(data_dir: str | Path | None = None) -> object:
    """Return the ready main window without showing it (a QApplication must exist)."""
    from PySide6.QtWidgets import QLabel, QMainWindow

    from csec_desktop.catalog import reader, store

    directory = paths.data_dir(data_dir)
    engine, _ = store.ensure_catalog(directory, paths.bundled_catalog_source())
    meta = reader.catalog_meta(engine)
    window = QMainWindow()
    window.setWindowTitle(paths.APP_NAME)
    label = QLabel(
        f"{meta.get('resource_count', '0')} resources · catalog {meta.get('catalog_date', '')}"
        " · all data local"
    )
    label.setMargin(24)
    window.setCentralWidget(label)
    window.resize(900, 600)
    return window


def main() -> int:
    """Run the desktop application; return its exit code."""
    from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

    from csec_desktop.catalog.store import StoreError

    app = QApplication(sys.argv)
    app.setApplicationName(paths.APP_NAME)
    try:
        window = build_main_window()
    except StoreError as error:
        QMessageBox.critical(None, paths.APP_NAME, str(error))
        return 1
    assert isinstance(window, QMainWindow)
    window.show()
    return app.exec()
