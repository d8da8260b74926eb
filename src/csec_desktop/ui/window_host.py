"""What every controller of the window needs of it (``ui/main_window.py`` is the one).

Each controller states the rest of what it needs in a Protocol of its own that extends this
one, so a controller never imports the window (no circle between ui modules) and the type
checker still holds the window to what its controllers use.
"""

from __future__ import annotations

from typing import Protocol

from csec_desktop.ui.qt import QStatusBar, QWidget


class WindowHost(Protocol):
    """The window a controller serves."""

    # True once the window has its databases (``catalog``, ``user``, ``desk``).
    attached: bool

    def window(self) -> QWidget:
        """The window that dialogs belong to."""
        ...

    def statusBar(self) -> QStatusBar:
        """The window's status bar, where a controller says what it did."""
        ...
