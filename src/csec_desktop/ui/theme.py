"""Appearance: light, dark or the system's colour scheme, and the text size.

The application uses Qt's Fusion style everywhere, with a palette of our own for each
scheme (ui/colors.py), so that it looks the same on every platform and both schemes reach
WCAG AA contrast. Fusion draws the edges of check boxes, radio buttons and text fields a
shade darker than the window, which on the dark scheme all but hides them; :class:`DeskStyle`
draws those edges in the scheme's control colour.

Widgets whose text is larger or bolder than the rest (the search field, headings, phone
numbers) and labels in a scheme's colour (errors, warnings) are marked by
:func:`relative_font` and :func:`set_tone`, and :func:`apply_appearance` sets them anew
when the text size or the scheme changes, instead of their keeping the size or colour
they were made with.
"""

from __future__ import annotations

from csec_desktop.ui.colors import DARK, DISABLED_TEXT, LIGHT, Colors
from csec_desktop.ui.qt import (
    QT_TRANSLATE_NOOP,
    QApplication,
    QColor,
    QFont,
    QGuiApplication,
    QPainter,
    QPalette,
    QPen,
    QProxyStyle,
    QStyle,
    QStyleOption,
    Qt,
    QWidget,
)

# Appearance choices offered in Settings, as (setting value, label to translate).
THEMES = (
    ("system", QT_TRANSLATE_NOOP("SettingsDialog", "Same as the system")),
    ("light", QT_TRANSLATE_NOOP("SettingsDialog", "Light")),
    ("dark", QT_TRANSLATE_NOOP("SettingsDialog", "Dark")),
)
# Text sizes offered in Settings (points); 0 keeps the system's size.
TEXT_SIZES = (0, 9, 10, 11, 12, 13, 14, 16, 18, 20)
# Tones :func:`set_tone` gives a label, as the :class:`Colors` field each reads.
TONES = ("muted", "warning", "error")

_FONT_SCALE = "deskFontScale"
_FONT_WEIGHT = "deskFontWeight"
_TONE = "deskTone"

_system_font: QFont | None = None
_current: Colors = LIGHT


def system_is_dark() -> bool:
    """True when the platform asks for a dark colour scheme."""
    hints = QGuiApplication.styleHints()
    return bool(hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark)


def colors_for(theme: str) -> Colors:
    """The colours of ``theme`` ("system", "light" or "dark"; anything else is "system")."""
    if theme == "dark" or (theme not in {"light", "dark"} and system_is_dark()):
        return DARK
    return LIGHT


def palette_for(colors: Colors) -> QPalette:
    """The Qt palette of ``colors``'s scheme (disabled text greyed)."""
    palette = QPalette()
    for name, value in colors.palette.items():
        palette.setColor(getattr(QPalette.ColorRole, name), QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    roles = QPalette.ColorRole
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor(DISABLED_TEXT[colors.dark]))
    return palette


class DeskStyle(QProxyStyle):
    """Fusion, with the edges of check boxes, radio buttons and text fields drawn in the
    scheme's control colour (3:1 against the window and the field) rather than Fusion's
    near-invisible shade of the window colour."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        kinds = QStyle.PrimitiveElement
        if element not in (
            kinds.PE_IndicatorCheckBox,
            kinds.PE_IndicatorRadioButton,
            kinds.PE_FrameLineEdit,
        ):
            return
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        color = QColor(_current.control)
        if focused and element == kinds.PE_FrameLineEdit:
            color = option.palette.highlight().color()
        elif not enabled:
            color.setAlpha(110)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(color, 1))
        rect = option.rect.toRectF().adjusted(0.5, 0.5, -0.5, -0.5)
        if element == kinds.PE_IndicatorRadioButton:
            painter.drawEllipse(rect)
        else:
            painter.drawRoundedRect(rect, 2, 2)
        painter.restore()


def _apply_font(widget: QWidget) -> None:
    font = QFont(QApplication.font(widget))
    font.setPointSizeF(font.pointSizeF() * float(widget.property(_FONT_SCALE)))
    weight = widget.property(_FONT_WEIGHT)
    if weight:
        font.setWeight(QFont.Weight(int(weight)))
    widget.setFont(font)


def relative_font(widget: QWidget, scale: float = 1.0, weight: QFont.Weight | None = None) -> None:
    """Show ``widget``'s text ``scale`` times the application's size (and in ``weight``),
    now and after every change of the text size."""
    widget.setProperty(_FONT_SCALE, scale)
    widget.setProperty(_FONT_WEIGHT, int(weight.value) if weight is not None else 0)
    _apply_font(widget)


def _apply_tone(widget: QWidget) -> None:
    color = QColor(getattr(_current, str(widget.property(_TONE))))
    palette = widget.palette()
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(QPalette.ColorGroup.Active, role, color)
        palette.setColor(QPalette.ColorGroup.Inactive, role, color)
    widget.setPalette(palette)


def set_tone(widget: QWidget, tone: str) -> None:
    """Draw ``widget``'s text in the scheme's ``tone`` ("muted", "warning" or "error";
    "" for the ordinary text colour), now and after every change of scheme."""
    if tone not in TONES:
        widget.setProperty(_TONE, "")
        widget.setPalette(QPalette())  # the application's again
        return
    widget.setProperty(_TONE, tone)
    _apply_tone(widget)


def apply_appearance(theme: str, text_size: int) -> Colors:
    """Set the application's style, palette and font; return the colours rich text should
    use. ``text_size`` in points; 0 restores the size the application started with."""
    global _system_font, _current  # noqa: PLW0603 (the application's appearance, kept once)
    app = QApplication.instance()
    colors = colors_for(theme)
    _current = colors
    if not isinstance(app, QApplication):
        return colors
    if not isinstance(app.style(), DeskStyle):
        app.setStyle(DeskStyle(app.style().name()))
    app.setPalette(palette_for(colors))
    if _system_font is None:
        _system_font = QFont(app.font())
    font = QFont(_system_font)
    if text_size > 0:
        font.setPointSize(text_size)
    app.setFont(font)
    # Qt tells only windows of a new application font, and a widget whose font or colour
    # was set keeps it: the registered ones are set anew.
    for widget in app.allWidgets():
        if widget.property(_FONT_SCALE):
            _apply_font(widget)
        if widget.property(_TONE):
            _apply_tone(widget)
    return colors
