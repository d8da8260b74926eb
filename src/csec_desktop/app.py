"""Start CSEC Resource Desk: build the catalog if needed, then show the main window.

``csec-desktop --self-test`` checks the installation instead (see selftest.py), and
``--time-startup`` prints the time to interactive and quits, for measurements.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from csec_desktop import __version__, memory, paths
from csec_desktop.lazy import lazy_module

if TYPE_CHECKING:
    from csec_desktop.catalog import search
    from csec_desktop.catalog.content.sentence import Sentence
    from csec_desktop.catalog.desk import Desk
    from csec_desktop.catalog.storage import store
    from csec_desktop.ui.main_window import MainWindow
    from csec_desktop.ui.progress import Report
else:  # SQLAlchemy and numpy load on a worker thread behind the first frame (start_window)
    search = lazy_module("csec_desktop.catalog.search")
    store = lazy_module("csec_desktop.catalog.storage.store")

T = TypeVar("T")


def _open_user_data(desk: Desk) -> None:
    """Open the user database; when it is damaged, offer to restore the newest backup.

    No puts the choice off: this session works on empty saved data and the next start
    asks again; Discard starts anew for good (the damaged file stays kept aside).
    """
    from csec_desktop.ui.qt import QCoreApplication, QMessageBox
    from csec_desktop.ui.sentences import told

    buttons = QMessageBox.StandardButton
    try:
        desk.open_user()
        return
    except store.UserDataDamaged as damaged:
        if damaged.backup is None:
            QMessageBox.warning(None, paths.APP_NAME, told(damaged))
        else:
            ask = QCoreApplication.translate(
                "app",
                "{damaged} Restore that backup now? (No: ask again at the next start; "
                "Discard: start anew with empty saved data.)",
            )
            answer = QMessageBox.question(
                None,
                paths.APP_NAME,
                ask.format(damaged=told(damaged)),
                buttons.Yes | buttons.No | buttons.Discard,
                buttons.Yes,
            )
            if answer == buttons.Yes:
                desk.restore(damaged.backup)
            elif answer == buttons.Discard:
                desk.start_anew()
    desk.open_user(damaged_ok=True)


def build_main_window(data_dir: str | Path | None = None) -> MainWindow:
    """Return the ready main window without showing it (a QApplication must exist)."""
    from csec_desktop.catalog.desk import Desk
    from csec_desktop.ui.main_window import MainWindow

    desk = Desk(paths.data_dir(data_dir))
    _repairing(desk, lambda: (_open_databases(desk), desk.search), None)
    return MainWindow(desk)


def _repairing(desk: Desk, work: Callable[[], T], parent: Any) -> tuple[T, bool]:
    """Run ``work``; when it failed on a damaged catalog (damage the start's quick look
    cannot see), rebuild the catalog with progress, say so in one sentence and run it once
    more. Return what it returned and whether the catalog was rebuilt."""
    from csec_desktop.ui.progress import run_with_progress
    from csec_desktop.ui.qt import QCoreApplication, QMessageBox
    from csec_desktop.ui.sentences import say

    try:
        return work(), False
    except Exception as error:
        told = run_with_progress(
            QCoreApplication.translate("app", "Rebuilding the damaged catalog"),
            functools.partial(desk.repair_catalog, error),
            parent=parent,
        )
        if told is None:
            raise
    QMessageBox.information(parent, paths.APP_NAME, say(told))
    return work(), True


def start_window(directory: Path) -> MainWindow | None:
    """The window the application shows.

    When the catalog can be read as it is, the window is made at once from its first
    frame (plain sqlite3: no SQLAlchemy, numpy or search engine yet) and, once it has
    painted, opens its databases and search engine on worker threads and attaches them
    (:func:`_open_behind`); otherwise the catalog is built or repaired first, with
    progress, and the whole window made after. None when the catalog cannot be opened,
    after telling the user why.
    """
    from csec_desktop.catalog.desk import Desk
    from csec_desktop.ui.main_window import MainWindow
    from csec_desktop.ui.results import FIRST_PAGE

    desk = Desk(directory)
    frame = desk.first_frame(FIRST_PAGE)
    if frame is None:
        from csec_desktop.ui.qt import QMessageBox
        from csec_desktop.ui.sentences import told

        try:
            return build_main_window(directory)
        except store.StoreError as error:
            QMessageBox.critical(None, paths.APP_NAME, told(error))
            return None
    window = MainWindow(first_frame=frame)
    window.first_painted.connect(lambda: _open_behind(window, desk))
    return window


# Modules the window's attach uses, imported on the loader thread rather than the GUI's.
ATTACH_MODULES = (
    "csec_desktop.catalog.user.local",
    "csec_desktop.catalog.storage.reader",
    "csec_desktop.catalog.search",
    "csec_desktop.catalog.storage.store",
    "csec_desktop.catalog.user.userstore",
    "csec_desktop.ui.search_runner",
    "csec_desktop.ui.sheet_panel",
    # The ZIP table, read at its first import (catalog/content/geo.py).
    "zipcodes",
)


def _open_databases(desk: Desk, parent: Any = None, *, quiet: bool = False) -> bool:
    """Prepare the desk's catalog (built first if needed, with progress), open its user
    data and merge the agency's local resources in; tell whether the catalog file changed
    meanwhile (built, or local resources merged in).

    ``quiet``: no dialog unless the catalog has to be built (see run_with_progress). A
    search engine the desk has open is closed before a build replaces the file (Windows
    cannot replace a file in use); the window reloads it (``catalog_changed``).
    """
    from csec_desktop.ui.progress import run_with_progress
    from csec_desktop.ui.qt import QCoreApplication, QMessageBox
    from csec_desktop.ui.sentences import say

    def prepare(report: Report) -> dict[str, str]:
        # On a worker thread, SQLAlchemy's import too.
        for name in ATTACH_MODULES:
            importlib.import_module(name)
        before = _meta(desk.catalog_path)
        desk.open_catalog(report)
        return before

    # The first start (or a changed catalog source) builds the catalog: a dialog shows
    # its progress if it takes more than a moment, and the window is not frozen meanwhile.
    preparing = QCoreApplication.translate("app", "Preparing the catalog")
    before = run_with_progress(preparing, prepare, parent=parent, quiet=quiet)
    if desk.read_only:
        from csec_desktop.catalog.storage import failures

        told = say(failures.read_only_folder(desk.directory))
        QMessageBox.information(parent, paths.APP_NAME, told)
    _open_user_data(desk)
    # A rebuilt or replaced catalog gets the agency's own resources back (a no-op otherwise);
    # if they cannot be written, the desk opens on the catalog as it was and says why.
    warning = desk.merge_local()
    if warning is not None:
        QMessageBox.warning(parent, paths.APP_NAME, say(warning))
    return _meta(desk.catalog_path) != before


def _meta(path: Path) -> dict[str, str]:
    """The catalog's meta facts, or none if it is missing or cannot be read."""
    try:
        return store.read_catalog_meta(path)
    except (OSError, sqlite3.Error):
        return {}


def _open_behind(window: MainWindow, desk: Desk) -> None:
    """Behind the painted first frame: open the search engine (numpy), give it to the
    window so that typing searches, then open the databases (SQLAlchemy) and give the
    desk too. A failure is one message, and the window closes."""
    from csec_desktop.ui.progress import run_with_progress
    from csec_desktop.ui.qt import QCoreApplication, QMessageBox
    from csec_desktop.ui.sentences import told

    def open_engine(_report: Report) -> search.SearchEngine:
        engine = desk.open_search()
        # The whole catalog's facet counts, which the engine remembers: the window's first
        # search (an empty query, unless something was typed meanwhile) needs them.
        engine.facets("")
        return engine

    def attach_engine() -> bool:
        if not window.searchable:  # (after a repair, the engine it has was reloaded)
            opening = QCoreApplication.translate("app", "Opening the catalog")
            engine = run_with_progress(opening, open_engine, parent=window, quiet=True)
            if window.isVisible():
                window.attach_search(engine)
        return _open_databases(desk, parent=window, quiet=True)

    try:
        changed, repaired = _repairing(desk, attach_engine, window)
        changed = changed or repaired
    except (store.StoreError, search.SearchIndexError) as error:
        QMessageBox.critical(window, paths.APP_NAME, told(error))
        desk.close()
        window.close()
        return
    if not window.isVisible():  # closed while the catalog was opening
        desk.close()
        return
    window.attach(desk)
    if changed:  # rebuilt from a newer source, or local resources merged in
        window.catalog_changed()


def error_handler(directory: Path) -> Callable[[type[BaseException], BaseException, Any], None]:
    """The window's ``sys.excepthook``: an error no code caught (Qt calls it for errors in
    slots and event handlers) is one sentence in a message box, never a traceback, SQL or
    a record's text on a terminal; a bug's details go to the log under ``directory``."""

    def handle(kind: type[BaseException], error: BaseException, trace: Any) -> None:
        if not isinstance(error, Exception):  # KeyboardInterrupt, SystemExit: as Python does
            sys.__excepthook__(kind, error, trace)
            return
        from csec_desktop.catalog.storage import failures
        from csec_desktop.ui.qt import QApplication, QMessageBox
        from csec_desktop.ui.sentences import say

        sentence = (
            _repair_after(error)
            or failures.known_failure(error)
            or failures.reported_bug(error, directory, paths.APP_SLUG)
        )
        print(f"{paths.APP_SLUG}: {sentence}", file=sys.stderr)  # (English: a terminal's)
        if QApplication.instance() is not None:
            QMessageBox.warning(QApplication.activeWindow(), paths.APP_NAME, say(sentence))

    return handle


def _repair_after(error: BaseException) -> Sentence | None:
    """When ``error`` (in a slot: details shown, a search) came from damage in the catalog
    that only this read met, rebuild the open window's catalog and search again; the one
    sentence that says so, or None."""
    from csec_desktop.ui.main_window import MainWindow
    from csec_desktop.ui.qt import QApplication

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.attached:
            told = widget.desk.repair_catalog(error)
            if told is not None:
                widget.catalog_changed()
            return told
    return None


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
    """Print the milliseconds since ``started`` (a ``time.perf_counter()`` value) until the
    results list first painted ("interactive": the window takes typing and shows results),
    until typing searches ("searchable": the search engine loaded, its first search done)
    and until the window was whole ("ready": the databases open as well, the first
    result's details shown), then close the application."""
    from csec_desktop.ui.qt import QApplication, QEvent, QObject, QTimer

    def elapsed() -> float:
        return (time.perf_counter() - started) * 1000

    searchable = False

    def when_ready() -> None:
        nonlocal searchable
        if not searchable and window.searchable and window.search_runner.idle():
            searchable = True
            print(f"searchable after {elapsed():.0f} ms", flush=True)
        if searchable and window.attached and window.search_idle():
            print(f"ready after {elapsed():.0f} ms", flush=True)
            window.close()
            QApplication.quit()
        else:
            QTimer.singleShot(2, when_ready)

    class _FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = True
                print(f"interactive after {elapsed():.0f} ms", flush=True)
                QTimer.singleShot(0, when_ready)
            return False

    viewport = window.results_view.viewport()
    viewport.installEventFilter(_FirstPaint(viewport))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the desktop application (or its self-test); return its exit code."""
    started = time.perf_counter()
    memory.tune_allocator()  # before any thread starts
    options, qt_arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    if options.self_test:
        from csec_desktop import selftest

        return selftest.run()

    from csec_desktop.ui.qt import QApplication, QIcon, QMessageBox

    app = QApplication([sys.argv[0] if sys.argv else paths.APP_SLUG, *qt_arguments])
    app.setApplicationName(paths.APP_NAME)
    app.setDesktopFileName(paths.APP_SLUG)
    app.setStyle("Fusion")
    app.setWindowIcon(QIcon(str(paths.app_icon_path())))
    try:
        directory = paths.data_dir()
    except paths.PortableDataUnwritable as error:
        QMessageBox.critical(None, paths.APP_NAME, str(error))
        return 1
    sys.excepthook = error_handler(directory)
    window = start_window(directory)
    if window is None:
        return 1
    if options.time_startup:
        quit_when_interactive(window, started)
    window.show()
    return app.exec()
