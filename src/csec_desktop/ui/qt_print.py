"""Qt's printing classes: the one door to QtPrintSupport, kept apart from ui/qt.py because
only printing needs it and loading it costs start-up time and memory."""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog

__all__ = ["QPrintDialog", "QPrintPreviewDialog", "QPrinter"]
