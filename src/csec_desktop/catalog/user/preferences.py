"""The caseworker's preferences (theme, text size, when facts count as old, the window's
language) and how they are kept: JSON values in the ``setting`` table of ``user.sqlite``,
under PREFERENCE_KEYS.

No SQLAlchemy here: the window reads them with plain ``sqlite3`` to paint its first frame
in the chosen theme (see :mod:`csec_desktop.catalog.first_frame`), and through
:mod:`csec_desktop.catalog.user.userstore` everywhere else.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from csec_desktop.catalog.display.presentation import DEFAULT_STALE_MONTHS

THEME_CHOICES = ("system", "light", "dark")
#: The window's languages: the system's (when it is one of them), English, Spanish.
LANGUAGE_CHOICES = ("system", "en", "es")
STALE_MONTHS_RANGE = (1, 120)
TEXT_SIZE_RANGE = (0, 32)  # points; 0 is the system's size
THEME_KEY = "preferences.theme"
TEXT_SIZE_KEY = "preferences.text_size"
STALE_MONTHS_KEY = "preferences.stale_months"
LANGUAGE_KEY = "preferences.language"
PREFERENCE_KEYS = (THEME_KEY, TEXT_SIZE_KEY, STALE_MONTHS_KEY, LANGUAGE_KEY)


@dataclass(frozen=True)
class Preferences:
    """The caseworker's choices in Settings."""

    theme: str = "system"
    text_size: int = 0
    stale_months: int = DEFAULT_STALE_MONTHS
    #: One of LANGUAGE_CHOICES; any other code read from the settings is kept as it is, so
    #: that the window can say it has no such language (it is then shown in English).
    language: str = "system"


def is_int_in(value: Any, bounds: tuple[int, int]) -> bool:
    """Whether ``value`` is a whole number (not a bool) within ``bounds``, both included."""
    low, high = bounds
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _int_in(value: Any, bounds: tuple[int, int], default: int) -> int:
    return int(value) if is_int_in(value, bounds) else default


def preferences_from(settings: Mapping[str, Any]) -> Preferences:
    """Preferences from stored settings (decoded JSON values by key); a missing or
    out-of-range value falls back to its default."""
    defaults = Preferences()
    theme = settings.get(THEME_KEY)
    language = settings.get(LANGUAGE_KEY)
    return Preferences(
        theme=theme if theme in THEME_CHOICES else defaults.theme,
        text_size=_int_in(settings.get(TEXT_SIZE_KEY), TEXT_SIZE_RANGE, defaults.text_size),
        stale_months=_int_in(
            settings.get(STALE_MONTHS_KEY), STALE_MONTHS_RANGE, defaults.stale_months
        ),
        language=language if isinstance(language, str) and language else defaults.language,
    )


def preferences_to(chosen: Preferences) -> dict[str, Any]:
    """The settings (key → JSON value) that keep ``chosen``."""
    return {
        THEME_KEY: chosen.theme,
        TEXT_SIZE_KEY: chosen.text_size,
        STALE_MONTHS_KEY: chosen.stale_months,
        LANGUAGE_KEY: chosen.language,
    }


def decode_settings(rows: Iterable[tuple[Any, Any]]) -> dict[str, Any]:
    """Stored ``(key, JSON text)`` rows as a dict; a value that is not JSON is left out."""
    found: dict[str, Any] = {}
    for key, value in rows:
        with contextlib.suppress(ValueError, TypeError):
            found[str(key)] = json.loads(value)
    return found
