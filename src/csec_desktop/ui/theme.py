"""Appearance: light, dark or the system's colour scheme, and the text size.

The application uses Qt's Fusion style everywhere, with a palette of our own for each
scheme, so that it looks the same on every platform and the dark scheme is readable. The
few colours that rich text and the results delegate draw themselves (muted labels,
warnings, the marks of matched words) come with the scheme as :class:`Colors`.
"""

from __future__ import annotations

from csec_desktop.ui.colors import DARK, LIGHT, Colors
from csec_desktop.ui.qt import QApplication, QColor, QFont, QGuiApplication, QPalette, Qt

#: Appearance choices offered in Settings, as (setting value, label).
THEMES = (("system", "Same as the system"), ("light", "Light"), ("dark", "Dark"))
#: Text sizes offered in Settings (points); 0 keeps the system's size.
TEXT_SIZES = (0, 9, 10, 11, 12, 13, 14, 16, 18, 20)


_system_font: QFont | None = None


def system_is_dark() -> bool:
    """True when the platform asks for a dark colour scheme."""
    hints = QGuiApplication.styleHints()
    return bool(hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark)


def colors_for(theme: str) -> Colors:
    """The colours of ``theme`` ("system", "light" or "dark"; anything else is "system")."""
    if theme == "dark" or (theme not in {"light", "dark"} and system_is_dark()):
        return DARK
    return LIGHT


def dark_palette() -> QPalette:
    """A calm dark palette for Fusion: dark grey surfaces, light text, blue selection."""
    palette = QPalette()
    roles = QPalette.ColorRole
    window, base, alternate = QColor("#2b2d31"), QColor("#1f2023"), QColor("#26282c")
    text, muted = QColor("#e6e8eb"), QColor("#9aa3ad")
    for role, color in (
        (roles.Window, window),
        (roles.WindowText, text),
        (roles.Base, base),
        (roles.AlternateBase, alternate),
        (roles.ToolTipBase, window),
        (roles.ToolTipText, text),
        (roles.PlaceholderText, muted),
        (roles.Text, text),
        (roles.Button, QColor("#33363b")),
        (roles.ButtonText, text),
        (roles.BrightText, QColor("#ff6b6b")),
        (roles.Light, QColor("#45484e")),
        (roles.Midlight, QColor("#3a3d42")),
        (roles.Mid, QColor("#4a4d53")),
        (roles.Dark, QColor("#18191b")),
        (roles.Shadow, QColor("#000000")),
        (roles.Highlight, QColor("#3d6fb6")),
        (roles.HighlightedText, QColor("#ffffff")),
        (roles.Link, QColor("#8ab4f8")),
        (roles.LinkVisited, QColor("#c58af9")),
    ):
        palette.setColor(role, color)
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#6d737a"))
    return palette


def apply_appearance(theme: str, text_size: int) -> Colors:
    """Set the application's palette and font; return the colours rich text should use.

    ``text_size`` in points; 0 restores the size the application started with.
    """
    global _system_font  # noqa: PLW0603 (the font the platform gave, kept once)
    app = QApplication.instance()
    colors = colors_for(theme)
    if not isinstance(app, QApplication):
        return colors
    style = app.style()
    app.setPalette(dark_palette() if colors.dark else style.standardPalette())
    if _system_font is None:
        _system_font = QFont(app.font())
    font = QFont(_system_font)
    if text_size > 0:
        font.setPointSize(text_size)
    app.setFont(font)
    return colors
