"""Modules imported on first use, so that the window paints before the heavy ones load.

SQLAlchemy and numpy take longer to import than the window takes to appear (see
app.py); the window's module names the catalog modules it calls through
:func:`lazy_module` and they are imported the first time one of their attributes is read,
normally on the loader thread that opens the catalog behind the first frame.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class _LazyModule(ModuleType):
    def __getattr__(self, name: str) -> Any:
        # importlib's own locks make a first use from two threads import the module once.
        return getattr(importlib.import_module(self.__name__), name)


def lazy_module(name: str) -> ModuleType:
    """A stand-in for the module ``name`` that imports it when an attribute is first read."""
    return _LazyModule(name)
