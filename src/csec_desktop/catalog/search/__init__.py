"""Search the catalog: from what a person types to ranked resources, facets and advice.

The rooms, in the order a query passes through them:

- :mod:`.query` reads the query language (words, phrases, ``-word``, ``OR``, ``kind:``…);
  it never raises on any text.
- :mod:`.understanding` sets filler, intent and place words apart from the content words.
- :mod:`.engine` matches and ranks on the catalog's FTS5 index (:class:`SearchEngine`).
- :mod:`.ranking` orders beyond bm25: concepts covered, kind, place, help that answers now.
- :mod:`.facets` turns filters into masks and counts results per facet value.
- :mod:`.spelling` knows the catalog's words and offers "did you mean".
- :mod:`.result` is what a search returns.
"""

from csec_desktop.catalog.search.engine import SORTS, SearchEngine
from csec_desktop.catalog.search.query import (
    FIELDS,
    MAX_QUERY_CHARS,
    MAX_TERMS,
    FieldFilter,
    ParsedQuery,
    Term,
    fts_string,
    parse_query,
)
from csec_desktop.catalog.search.result import TYPE_A_WORD, SearchIndexError, SearchResult

__all__ = [
    "FIELDS",
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "SORTS",
    "TYPE_A_WORD",
    "FieldFilter",
    "ParsedQuery",
    "SearchEngine",
    "SearchIndexError",
    "SearchResult",
    "Term",
    "fts_string",
    "parse_query",
]
