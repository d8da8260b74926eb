"""Start CSEC Resource Desk: build the catalog if needed, then show the main window."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from csec_desktop import paths

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from csec_desktop.ui.main_window import MainWindow

ICON_NAME = "csec-desktop.svg"


def _open_user_data(directory: Path) -> Engine:
    """Open ``user.sqlite``; when it is damaged, offer to restore the newest backup."""
    from csec_desktop.catalog import store
    from csec_desktop.ui.qt import QMessageBox

    try:
        return store.open_user_db(directory)
    except store.UserDataDamaged as damaged:
        if damaged.backup is None:
            QMessageBox.warning(None, paths.APP_NAME, str(damaged))
        else:
            answer = QMessageBox.question(
                None,
                paths.APP_NAME,
                f"{damaged} Restore that backup now?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,
            )
            if answer == QMessageBox.StandardButton.Yes:
                store.restore_user_backup(directory, damaged.backup)
        return store.open_user_db(directory)


def build_main_window(data_dir: str | Path | None = None) -> MainWindow:
    """Return the ready main window without showing it (a QApplication must exist)."""
    from csec_desktop.catalog import local, store
    from csec_desktop.ui.main_window import MainWindow
    from csec_desktop.ui.progress import run_with_progress

    directory = paths.data_dir(data_dir)
    # The first start (or a changed catalog source) builds the catalog: a dialog shows
    # its progress if it takes more than a moment, and the window is not frozen meanwhile.
    catalog, _ = run_with_progress(
        "Preparing the catalog",
        lambda report: store.ensure_catalog(
            directory, paths.bundled_catalog_source(), progress=report
        ),
    )
    user = _open_user_data(directory)
    # A rebuilt or replaced catalog gets the agency's own resources back (a no-op otherwise).
    local.merge_into_catalog(catalog, user)
    return MainWindow(catalog, user)


def app_icon_path() -> Path:
    """The application icon (an SVG in resources/)."""
    return paths.bundled_resources() / ICON_NAME


def main() -> int:
    """Run the desktop application; return its exit code."""
    from csec_desktop.catalog.store import StoreError
    from csec_desktop.ui.qt import QApplication, QIcon, QMessageBox

    app = QApplication(sys.argv)
    app.setApplicationName(paths.APP_NAME)
    app.setDesktopFileName(paths.APP_SLUG)
    app.setStyle("Fusion")
    app.setWindowIcon(QIcon(str(app_icon_path())))
    try:
        window = build_main_window()
    except StoreError as error:
        QMessageBox.critical(None, paths.APP_NAME, str(error))
        return 1
    window.show()
    return app.exec()
