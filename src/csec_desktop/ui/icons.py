"""Icons of the resource kinds (``resources/icons/kind-<kind>.svg``), loaded once."""

from __future__ import annotations

from functools import cache

from csec_desktop import paths
from csec_desktop.ui.qt import QIcon

# The icon shown for a kind that has none of its own.
FALLBACK_KIND = "organization"


@cache
def kind_icon(kind: str) -> QIcon:
    """The icon of ``kind``: a white symbol on the kind's colour."""
    folder = paths.bundled_resources() / "icons"
    path = folder / f"kind-{kind}.svg"
    if not path.is_file():
        path = folder / f"kind-{FALLBACK_KIND}.svg"
    return QIcon(str(path))
