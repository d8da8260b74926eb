"""Colours drawn outside Qt's palette, by colour scheme: no Qt here, so rich text that
uses them is tested as plain text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Colors:
    """Colours drawn outside the palette: muted text, warnings, and marked matches."""

    dark: bool
    muted: str
    warning: str
    mark: str


LIGHT = Colors(dark=False, muted="#5f6b7a", warning="#9a5b00", mark="#fff1a8")
DARK = Colors(dark=True, muted="#a7b1be", warning="#f2b661", mark="#5c4d10")
