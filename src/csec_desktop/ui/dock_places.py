"""Where the side panels (the hotlines and the resource sheet) dock: beside the three panes
while the window is wide enough for both, else below them, side by side.

On a small screen at a large text size the panes and a panel column beside them need more
width than there is. Qt would then widen the window past the screen; here the panels move
below the panes instead, both stay open, and the window keeps the width it was given. The
window's minimum width is what the panes need with the panels below, so it never widens
itself. A panel the user drags elsewhere (left, top, floating) stays where it was put."""

from __future__ import annotations

from collections.abc import Sequence

from csec_desktop.ui.qt import (
    QDockWidget,
    QEvent,
    QMainWindow,
    QObject,
    QSize,
    QStyle,
    Qt,
    QWidget,
)

RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
BELOW = Qt.DockWidgetArea.BottomDockWidgetArea
# The share of the window's height the panels take when they are below the panes.
BELOW_SHARE = 1 / 3


def _least(widget: QWidget | None) -> QSize:
    """The smallest size ``widget`` can have without cutting anything off."""
    if widget is None:
        return QSize(0, 0)
    return widget.minimumSizeHint().expandedTo(widget.minimumSize())


class DockPlaces(QObject):
    """Keeps ``docks`` of ``window`` beside its central widget when they fit there, else
    below it; re-decided whenever the window is resized or its layout changes (a text size,
    a panel opened or closed)."""

    def __init__(self, window: QMainWindow, docks: Sequence[QDockWidget]) -> None:
        super().__init__(window)
        self._window = window
        self._docks = list(docks)
        self._moving = False
        for dock in self._docks:
            dock.visibilityChanged.connect(self._share)
        window.installEventFilter(self)
        self.place()

    def below(self) -> bool:
        """True while the panels are below the panes (the window is too narrow beside)."""
        return any(self._window.dockWidgetArea(dock) == BELOW for dock in self._placed())

    def _placed(self) -> list[QDockWidget]:
        """The docks this object places: docked on the right or below, not floating."""
        return [
            dock
            for dock in self._docks
            if not dock.isFloating() and self._window.dockWidgetArea(dock) in (RIGHT, BELOW)
        ]

    def _separator(self) -> int:
        style = self._window.style()
        return style.pixelMetric(
            QStyle.PixelMetric.PM_DockWidgetSeparatorExtent, None, self._window
        )

    def _widths(self) -> tuple[int, int]:
        """The least window width with the open panels beside the panes, and below them."""
        panes = _least(self._window.centralWidget()).width()
        open_docks = [_least(dock).width() for dock in self._placed() if not dock.isHidden()]
        if not open_docks:
            return panes, panes
        gap = self._separator()
        beside = panes + gap + max(open_docks)
        below = max(panes, sum(open_docks) + gap * (len(open_docks) - 1))
        return beside, below

    def place(self) -> None:
        """Put the panels beside the panes or below them, whichever the width allows."""
        if self._moving:
            return
        beside, below = self._widths()
        # Explicit, so Qt's layout never raises the window's minimum (and its width) to
        # the width the panels need beside the panes.
        if self._window.minimumWidth() != below:
            self._window.setMinimumWidth(below)
        want_below = beside > self._window.width()
        if want_below != self.below():
            self._move(BELOW if want_below else RIGHT)

    def _move(self, area: Qt.DockWidgetArea) -> None:
        docks = self._placed()
        # Side by side below the panes; one above the other beside them.
        orientation = Qt.Orientation.Horizontal if area == BELOW else Qt.Orientation.Vertical
        self._moving = True
        try:
            for dock in docks:
                hidden = dock.isHidden()
                self._window.addDockWidget(area, dock, orientation)
                dock.setHidden(hidden)
        finally:
            self._moving = False
        self._share()

    def _share(self, shown: bool = True) -> None:
        """Open panels share their column (or row) evenly, and below the panes take a
        part of the height (else the one opened second leaves the other a strip)."""
        if not shown or self._moving:
            return
        docks = [dock for dock in self._placed() if dock.isVisible()]
        if not docks:
            return
        window = self._window
        if self.below():
            window.resizeDocks(
                docks, [window.width() // len(docks)] * len(docks), Qt.Orientation.Horizontal
            )
            height = int(window.height() * BELOW_SHARE)
            window.resizeDocks(docks, [height] * len(docks), Qt.Orientation.Vertical)
        elif len(docks) > 1:
            half = max(1, window.height() // len(docks))
            window.resizeDocks(docks, [half] * len(docks), Qt.Orientation.Vertical)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.LayoutRequest,
        ):
            self.place()
        return super().eventFilter(watched, event)
