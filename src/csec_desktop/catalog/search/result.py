"""What a search returns: the matching ids in order, the first page's rows, and why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from csec_desktop.catalog.hits import Hit
from csec_desktop.catalog.search.query import ParsedQuery


@dataclass(eq=False)
class SearchResult:
    """Every matching resource id in order, and display rows for the first of them.

    ``hits`` (the first page) are there at once. ``ids`` and ``total`` may be counted on
    first use: a query with very many matches has its first page read without them (see
    :meth:`SearchEngine.search`), so a caller can show it before the count is known.
    Counting needs the engine that made the result still open on the same catalog; after
    :meth:`SearchEngine.reload` it raises :class:`SearchIndexError`.
    """

    query: ParsedQuery
    suggestion: str | None = None
    corrected: bool = False
    hits: list[Hit] = field(default_factory=list)
    counted: np.ndarray | None = field(default=None, repr=False)
    count: Callable[[], np.ndarray] | None = field(default=None, repr=False)

    @property
    def ids(self) -> np.ndarray:
        """Every matching id, in the result's order (int64)."""
        if self.counted is None:
            if self.count is None:
                raise ValueError("a search result needs its ids or a way to count them")
            self.counted = self.count()
            self.count = None
        return self.counted

    @property
    def total(self) -> int:
        """How many resources match."""
        return len(self.ids)


class SearchIndexError(Exception):
    """The catalog has no (or an unreadable) search index; rebuild the catalog."""
