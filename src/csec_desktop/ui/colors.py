"""Colours of each scheme, with no Qt here: the palette roles by name, and the colours drawn
outside the palette (muted labels, warnings, errors, marks of matched words, the edges of
controls), so that rich text that uses them is tested as plain text and the contrast of
every pair is computed without a display."""

from __future__ import annotations

from dataclasses import dataclass, field

# WCAG 2.1 AA: normal text 4.5:1; large text and the edges of controls 3:1.
TEXT_CONTRAST = 4.5
CONTROL_CONTRAST = 3.0


@dataclass(frozen=True)
class Colors:
    """A colour scheme: Qt palette roles by name (``"Window"``: ``"#2b2d31"``) and the
    colours drawn outside the palette."""

    dark: bool
    muted: str
    warning: str
    mark: str
    # Form errors and failed actions.
    error: str
    # The edge of a check box, radio button or text field against the window and field.
    control: str
    palette: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


LIGHT = Colors(
    dark=False,
    muted="#5f6b7a",
    warning="#9a5b00",
    mark="#fff1a8",
    error="#b00020",
    control="#6b7280",
    palette={
        "Window": "#efefef",
        "WindowText": "#1b1d21",
        "Base": "#ffffff",
        "AlternateBase": "#f5f6f8",
        "ToolTipBase": "#ffffdc",
        "ToolTipText": "#1b1d21",
        "PlaceholderText": "#616a75",
        "Text": "#1b1d21",
        "Button": "#efefef",
        "ButtonText": "#1b1d21",
        "BrightText": "#ffffff",
        "Light": "#ffffff",
        "Midlight": "#cacaca",
        "Mid": "#b8b8b8",
        "Dark": "#9f9f9f",
        "Shadow": "#767676",
        "Highlight": "#2a6db5",
        "HighlightedText": "#ffffff",
        "Link": "#0b57d0",
        "LinkVisited": "#7b1fa2",
    },
)
DARK = Colors(
    dark=True,
    muted="#a7b1be",
    warning="#f2b661",
    mark="#5c4d10",
    error="#ff8a80",
    control="#8b939c",
    palette={
        "Window": "#2b2d31",
        "WindowText": "#e6e8eb",
        "Base": "#1f2023",
        "AlternateBase": "#26282c",
        "ToolTipBase": "#2b2d31",
        "ToolTipText": "#e6e8eb",
        "PlaceholderText": "#9aa3ad",
        "Text": "#e6e8eb",
        "Button": "#33363b",
        "ButtonText": "#e6e8eb",
        "BrightText": "#ff6b6b",
        "Light": "#45484e",
        "Midlight": "#3a3d42",
        "Mid": "#4a4d53",
        "Dark": "#18191b",
        "Shadow": "#000000",
        "Highlight": "#3d6fb6",
        "HighlightedText": "#ffffff",
        "Link": "#8ab4f8",
        "LinkVisited": "#c58af9",
    },
)
# Disabled text in both schemes (WCAG exempts inactive controls; it stays legible).
DISABLED_TEXT = {False: "#8a8f96", True: "#6d737a"}


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    """The WCAG relative luminance of ``#rrggbb``."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)
