"""Start CSEC Resource Desk: build the catalog if needed, then show the main window.

``csec-desktop --self-test`` checks the installation instead (see selftest.py), and
``--time-startup`` prints the time to interactive and quits, for measurements.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from csec_desktop import __version__, paths

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


def parse_arguments(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options, and the rest for Qt (its own options start with one dash: ``-style``)."""
    parser = argparse.ArgumentParser(prog=paths.APP_SLUG, description=f"Start {paths.APP_NAME}.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation in a temporary folder (your data is not touched), "
        "print one line per check and exit non-zero if any failed",
    )
    parser.add_argument(
        "--time-startup",
        action="store_true",
        help="start as usual, print the milliseconds until the window is interactive, and quit",
    )
    options, rest = parser.parse_known_args(argv)
    unknown = [arg for arg in rest if arg.startswith("--")]
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    return options, rest


def quit_when_interactive(window: MainWindow, started: float) -> None:
    """Once the results list has been painted (window shown, catalog searched), print the
    time since ``started`` (a ``time.perf_counter()`` value) and close the application."""
    from csec_desktop.ui.qt import QApplication, QEvent, QObject, QTimer

    class _FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = True
                elapsed = (time.perf_counter() - started) * 1000
                print(f"interactive after {elapsed:.0f} ms", flush=True)
                QTimer.singleShot(0, window.close)
                QTimer.singleShot(0, QApplication.quit)
            return False

    viewport = window.results_view.viewport()
    viewport.installEventFilter(_FirstPaint(viewport))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the desktop application (or its self-test); return its exit code."""
    started = time.perf_counter()
    options, qt_arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    if options.self_test:
        from csec_desktop import selftest

        return selftest.run()

    from csec_desktop.catalog.store import StoreError
    from csec_desktop.ui.qt import QApplication, QIcon, QMessageBox

    app = QApplication([sys.argv[0] if sys.argv else paths.APP_SLUG, *qt_arguments])
    app.setApplicationName(paths.APP_NAME)
    app.setDesktopFileName(paths.APP_SLUG)
    app.setStyle("Fusion")
    app.setWindowIcon(QIcon(str(app_icon_path())))
    try:
        window = build_main_window()
    except (StoreError, paths.PortableDataUnwritable) as error:
        QMessageBox.critical(None, paths.APP_NAME, str(error))
        return 1
    if options.time_startup:
        quit_when_interactive(window, started)
    window.show()
    return app.exec()
