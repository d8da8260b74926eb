"""The one door to Qt: every ui module imports the binding through here.

Keeping the binding behind one module makes it the single place to adapt to a binding
change (qutebrowser's ``qutebrowser/qt/``, Anki's ``aqt/qt/``).
"""

from __future__ import annotations

import sys
from types import ModuleType

from PySide6.QtCore import (
    QAbstractListModel,
    QBuffer,
    QByteArray,
    QEvent,
    QEventLoop,
    QIODevice,
    QMarginsF,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    QTimer,
    QUrl,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtGui import (
    QAccessible,
    QAccessibleInterface,
    QAction,
    QCloseEvent,
    QColor,
    QDesktopServices,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QShortcut,
    QTextDocument,
    QTextFormat,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QProxyStyle,
    QPushButton,
    QScrollArea,
    QScrollBar,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOption,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
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

__all__ = [
    "QAbstractButton",
    "QAbstractItemView",
    "QAbstractListModel",
    "QAbstractScrollArea",
    "QAbstractSpinBox",
    "QAccessible",
    "QAccessibleInterface",
    "QAction",
    "QApplication",
    "QBuffer",
    "QByteArray",
    "QCheckBox",
    "QCloseEvent",
    "QColor",
    "QComboBox",
    "QDesktopServices",
    "QDialog",
    "QDialogButtonBox",
    "QDockWidget",
    "QEvent",
    "QEventLoop",
    "QFileDialog",
    "QFont",
    "QFontMetrics",
    "QFormLayout",
    "QFrame",
    "QGroupBox",
    "QGuiApplication",
    "QHBoxLayout",
    "QIODevice",
    "QIcon",
    "QImage",
    "QInputDialog",
    "QKeyEvent",
    "QKeySequence",
    "QLabel",
    "QLayout",
    "QLayoutItem",
    "QLineEdit",
    "QListView",
    "QListWidget",
    "QListWidgetItem",
    "QMainWindow",
    "QMarginsF",
    "QMenu",
    "QMessageBox",
    "QModelIndex",
    "QMouseEvent",
    "QObject",
    "QPageLayout",
    "QPageSize",
    "QPagedPaintDevice",
    "QPainter",
    "QPalette",
    "QPdfWriter",
    "QPen",
    "QPersistentModelIndex",
    "QPlainTextEdit",
    "QPoint",
    "QProgressDialog",
    "QProxyStyle",
    "QPushButton",
    "QRect",
    "QRectF",
    "QScrollArea",
    "QScrollBar",
    "QShortcut",
    "QSize",
    "QSizeF",
    "QSizePolicy",
    "QSpinBox",
    "QSplitter",
    "QStyle",
    "QStyleOption",
    "QStyleOptionComboBox",
    "QStyleOptionViewItem",
    "QStyledItemDelegate",
    "QTextBrowser",
    "QTextDocument",
    "QTextEdit",
    "QTextFormat",
    "QTextOption",
    "QTimer",
    "QToolButton",
    "QUrl",
    "QVBoxLayout",
    "QWidget",
    "Qt",
    "Signal",
    "qInstallMessageHandler",
]
