"""Saving a sheet as PDF off the GUI thread, with progress.

A :class:`PdfSaveJob` lays the sheet out and writes the file on a thread of a
``QThreadPool``; its signals arrive on the thread that made the job (the window's), queued.
The sheet's ``QTextDocument`` is made, used and dropped on the worker alone: Qt's rich text
classes are reentrant and a ``QPainter`` on a ``QPdfWriter`` paints off the GUI thread (Qt's
"Thread-Support in Qt Modules"), so nothing is shared between the threads but the frozen
:class:`~csec_desktop.catalog.display.sheets.SheetDocument`.
"""

from __future__ import annotations

from pathlib import Path

from csec_desktop.catalog.display.sheets import SheetDocument
from csec_desktop.render.qt import QObject, QRunnable, QThreadPool, Signal
from csec_desktop.render.sheet import save_pdf


def save_error_sentence(error: OSError) -> str:
    """Why a PDF could not be saved, as the end of one sentence ("Permission denied")."""
    return str(error.strerror or error).rstrip(".")


class PdfSaveJob(QObject):
    """Write one sheet to one file on a pool thread.

    ``progress(done, pages)`` follows each page; then exactly one of ``finished(pages)``
    or ``failed(sentence)``, where the sentence says why in words a caseworker reads.
    """

    progress = Signal(int, int)
    finished = Signal(int)
    failed = Signal(str)

    def __init__(self, sheet: SheetDocument, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sheet = sheet
        self.path = Path(path)
        self.pages = 0

    def start(self, pool: QThreadPool | None = None) -> None:
        """Run on ``pool`` (the global pool by default) and return at once."""
        (pool or QThreadPool.globalInstance()).start(_Runner(self))

    def run(self) -> None:
        """Do the work here and now, on the calling thread (what the pool thread calls)."""
        try:
            self.pages = save_pdf(self.sheet, self.path, self.progress.emit)
        except OSError as error:
            self.failed.emit(f"The PDF could not be saved: {save_error_sentence(error)}.")
        except Exception as error:  # a worker must always answer, or the panel waits forever
            self.failed.emit(f"The PDF could not be made: {error}.")
        else:
            self.finished.emit(self.pages)


class _Runner(QRunnable):
    """The pool's handle on a job; the job (a QObject) stays owned by its own thread."""

    def __init__(self, job: PdfSaveJob) -> None:
        super().__init__()
        self.job = job

    def run(self) -> None:
        self.job.run()
