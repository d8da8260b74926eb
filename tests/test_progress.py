"""Long work runs off the GUI thread with a progress dialog, and Cancel stops it."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

import pytest

from csec_desktop.ui.progress import Cancelled, Report, run_with_progress
from csec_desktop.ui.qt import QApplication, QEvent, QObject, QProgressDialog, QTimer, QWidget


def test_work_runs_on_a_worker_thread_and_returns_its_value(qtbot: Any) -> None:
    seen: list[tuple[int, int, str]] = []

    def work(report: Report) -> str:
        for step in range(3):
            report(step, 3, "counting")
            seen.append((step, 3, "counting"))
        return threading.current_thread().name

    name = run_with_progress("Counting", work)
    assert name != threading.main_thread().name
    assert seen == [(0, 3, "counting"), (1, 3, "counting"), (2, 3, "counting")]


def test_an_error_in_the_work_reaches_the_caller(qtbot: Any) -> None:
    def work(_report: Report) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        run_with_progress("Failing", work)


def test_cancel_stops_the_work_at_its_next_report(qtbot: Any) -> None:
    started = threading.Event()
    reports = 0

    def work(report: Report) -> None:
        nonlocal reports
        started.set()
        for step in range(10_000):
            report(step, 10_000, "waiting")
            reports += 1
            threading.Event().wait(0.001)

    def press_cancel() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        if started.is_set() and dialogs:
            dialogs[0].canceled.emit()  # what its Cancel button sends
        else:
            QTimer.singleShot(20, press_cancel)

    QTimer.singleShot(20, press_cancel)
    with pytest.raises(Cancelled):
        run_with_progress("Waiting", work, cancellable=True)
    assert 0 < reports < 10_000


def progress_dialogs() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]


def test_quiet_work_that_does_not_report_gets_no_dialog(qtbot: Any) -> None:
    """Opening the catalog at start: no dialog over a window that already works."""
    made: list[int] = []

    def work(_report: Report) -> int:
        made.append(len(progress_dialogs()))
        threading.Event().wait(0.6)  # longer than the dialog waits to appear
        made.append(len(progress_dialogs()))
        return 7

    before = len(progress_dialogs())
    assert run_with_progress("Opening", work, quiet=True) == 7
    assert made == [before, before]


class ShowWatcher(QObject):
    """Notes each progress dialog's label as it is shown (on the GUI thread). A class of
    the module, not of a test: a class made per call would be left to the cyclic
    collector."""

    def __init__(self, seen: list[str], shown: threading.Event) -> None:
        super().__init__()
        self.seen = seen
        self.shown = shown

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QProgressDialog):
            self.seen.append(watched.labelText())
            self.shown.set()
        return False


def test_quiet_work_that_reports_gets_its_dialog(qtbot: Any) -> None:
    """Opening the catalog at start when it has to be built: its progress shows."""
    shown = threading.Event()
    seen: list[str] = []

    def work(report: Report) -> None:
        report(0, 4, "building")  # as a catalog build starts
        # Long work: it lasts until the dialog has shown (or, failing, ten seconds).
        shown.wait(10)

    watcher = ShowWatcher(seen, shown)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(watcher)
    try:
        run_with_progress("Building", work, quiet=True)
    finally:
        app.removeEventFilter(watcher)
    assert shown.is_set()
    assert "Building…" in seen


def test_a_failure_leaves_nothing_for_the_cyclic_collector(qtbot: Any) -> None:
    """The work's exception, kept by its future in the frame it passes through, must not
    hold that frame (and the window it was given) in a cycle: the cyclic collector would
    free the window on whatever thread it runs, a worker's too, and crash."""

    def work(_report: Report) -> None:
        try:
            raise OSError("disk full")
        except OSError as error:
            kept = error  # as SQLAlchemy's clean-up keeps it: a cycle through this frame
            raise kept from None

    gc.collect()
    gc.disable()
    try:
        owner = QWidget()
        freed = weakref.ref(owner)
        with pytest.raises(OSError, match="disk full"):
            run_with_progress("Failing", work, parent=owner)
        del owner
        assert freed() is None, "freed at once, not left to the cyclic collector"
    finally:
        gc.enable()
