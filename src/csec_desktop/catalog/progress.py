"""How long catalog work (a build, an import, an export) reports on itself."""

from __future__ import annotations

from collections.abc import Callable

#: ``progress(done, total, stage)``: ``done`` of ``total`` steps of the named stage.
Progress = Callable[[int, int, str], None]
