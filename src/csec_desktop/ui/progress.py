"""Long work off the GUI thread, with a progress dialog and an optional Cancel.

:func:`run_with_progress` runs a catalog function (a build, an import, an export) on a
worker thread. The function reports ``(done, total, stage)`` through the callback it is
given, as the catalog's ``Progress`` callbacks do; the dialog shows it, and appears only
when the work takes longer than a moment. The window stays responsive meanwhile.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar, cast

from csec_desktop.catalog.progress import Progress
from csec_desktop.ui.qt import QCoreApplication, QEventLoop, QObject, QProgressDialog, Qt, Signal

T = TypeVar("T")
# What the work is given to report ``(done, total, stage)``: the catalog's own callback.
Report = Progress
# The dialog appears only for work that lasts longer than this (ms).
SHOW_AFTER_MS = 400


class Cancelled(Exception):
    """The user pressed Cancel; the work stopped at its next report."""


class _Relay(QObject):
    """Carries reports and the end of the work from the worker thread to the GUI thread."""

    reported = Signal(int, int, str)
    finished = Signal()


def run_with_progress(
    title: str,
    work: Callable[[Report], T],
    *,
    parent: Any = None,
    cancellable: bool = False,
    quiet: bool = False,
) -> T:
    """Run ``work(report)`` on a worker thread while a progress dialog shows its reports.

    Returns what ``work`` returns and raises what it raises. With ``cancellable``, Cancel
    makes the next ``report`` call raise :class:`Cancelled` in the worker, so the work
    must leave things as they were when it unwinds (the catalog functions do). With
    ``quiet``, only work that reports gets a dialog: opening the catalog at start, which
    reports only when it has to build it, runs behind the window without one.
    """
    relay = _Relay()
    cancelled = False
    running = True
    dialog: QProgressDialog | None = None

    def make_dialog() -> QProgressDialog:
        made = QProgressDialog(
            title,
            QCoreApplication.translate("progress", "Cancel") if cancellable else "",
            0,
            0,
            parent,
        )
        made.setWindowTitle(title)
        made.setWindowModality(Qt.WindowModality.WindowModal)
        made.setMinimumDuration(SHOW_AFTER_MS)
        made.setAutoClose(False)
        made.setAutoReset(False)
        if not cancellable:
            made.setCancelButton(None)
        made.canceled.connect(cancel)
        return made

    def show(done: int, total: int, stage: str) -> None:
        nonlocal dialog
        if not running:  # a report still queued when the work ended
            return
        if dialog is None:
            dialog = make_dialog()
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        dialog.setLabelText(stage[:1].upper() + stage[1:] + "…")

    def cancel() -> None:
        nonlocal cancelled
        cancelled = True

    def report(done: int, total: int, stage: str) -> None:  # runs on the worker thread
        if cancelled:
            raise Cancelled
        relay.reported.emit(done, total, stage)

    if not quiet:
        dialog = make_dialog()
    loop = QEventLoop()
    relay.reported.connect(show)
    relay.finished.connect(loop.quit)
    with ThreadPoolExecutor(1, thread_name_prefix="csec-long-work") as executor:
        future: Future[T] = executor.submit(work, report)
        future.add_done_callback(lambda _future: relay.finished.emit())
        if not future.done():
            loop.exec()
    running = False
    if dialog is not None:
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()
    error = future.exception()
    result = future.result() if error is None else None
    # An exception raised from here takes this frame and the caller's (the window is in
    # them) into its traceback: it must not be part of a cycle, or the cyclic collector
    # frees the window on whatever thread it runs, a worker's too (a crash). The future
    # would be one (it holds the exception), and so would a finished worker frame that
    # kept the exception in a local (SQLAlchemy's do): their locals are let go of.
    del future
    if error is None:
        return cast(T, result)
    forget_locals(error)
    try:
        raise error
    finally:
        del error


def forget_locals(error: BaseException) -> None:
    """Clear the locals of the finished frames in ``error``'s traceback and those of the
    exceptions it was raised from or during: call it on an exception caught in the
    window's code, so that no cycle through a library's frame keeps the window (see
    :func:`run_with_progress`)."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        traceback.clear_frames(current.__traceback__)
        pending += [current.__cause__, current.__context__]
