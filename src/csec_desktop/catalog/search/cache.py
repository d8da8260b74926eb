"""A small least-recently-used cache bounded in entries and in bytes (for numpy arrays)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import TypeVar

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


class LruCache(OrderedDict[_K, _V]):
    """A small least-recently-used cache, bounded in entries and in bytes (numpy values)."""

    def __init__(self, size: int, budget: int = 1 << 62) -> None:
        super().__init__()
        self.size = size
        self.budget = budget
        self.used = 0

    def get_or(self, key: _K) -> _V | None:
        """The value of ``key`` (now the most recently used), or None."""
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value

    def put(self, key: _K, value: _V) -> _V:
        """Keep ``value`` under ``key``, dropping the least recently used over budget."""
        if key in self:
            self.used -= nbytes(self.pop(key))
        self[key] = value
        self.used += nbytes(value)
        while len(self) > 1 and (len(self) > self.size or self.used > self.budget):
            _, dropped = self.popitem(last=False)
            self.used -= nbytes(dropped)
        return value

    def clear(self) -> None:
        super().clear()
        self.used = 0


def nbytes(value: object) -> int:
    """The memory a cached value holds (an array's bytes; a nominal 64 for others)."""
    return int(getattr(value, "nbytes", 64))
