"""The rendering package's one door to Qt: QtCore and QtGui, never QtWidgets.

Importing this loads no widget library, so the command line renders a sheet without one;
``ui/qt.py`` is the window's door.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QObject,
    QRectF,
    QRunnable,
    QSizeF,
    Qt,
    QThreadPool,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
    QTextFormat,
)


def _scan_only_our_modules() -> None:
    """Stop PySide6 reading every later module's source.

    To learn whether a module opts into ``from __feature__ import …``, PySide6 (6.4 to 6.11
    at least) reads the source of every module imported after it, and linecache keeps it:
    the SQLAlchemy and numpy imports behind the first frame take 100 ms and 24 MB more
    (napari/napari#8584). No library here uses ``__feature__``; this application's own
    modules are still read as before.
    """
    feature = sys.modules.get("PySide6.support.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None:  # a PySide6 without the scan
        return

    def uses_pyside(module: ModuleType) -> bool:
        name = getattr(module, "__name__", "")
        return name.split(".")[0] == "csec_desktop" and bool(original(module))

    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]


_scan_only_our_modules()

#: The QGuiApplication :func:`ensure_gui_application` makes, kept for the process's life.
_application: QGuiApplication | None = None


def ensure_gui_application(name: str) -> None:
    """A QGuiApplication for rendering outside the window; offscreen when there is no display."""
    global _application  # noqa: PLW0603 - one application per process, made on first need
    if QGuiApplication.instance() is not None:
        return
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _application = QGuiApplication([name])


__all__ = [
    "QBuffer",
    "QByteArray",
    "QColor",
    "QFont",
    "QGuiApplication",
    "QIODevice",
    "QImage",
    "QMarginsF",
    "QObject",
    "QPageLayout",
    "QPageSize",
    "QPagedPaintDevice",
    "QPainter",
    "QPdfWriter",
    "QPen",
    "QRectF",
    "QRunnable",
    "QSizeF",
    "QTextDocument",
    "QTextFormat",
    "QThreadPool",
    "QUrl",
    "Qt",
    "Signal",
    "ensure_gui_application",
]
