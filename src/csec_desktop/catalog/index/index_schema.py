"""The catalog database's version and names of its search index that readers without numpy
or SQLAlchemy need too (see model.py and indexing.py).

The window paints its first page of results from these before the search engine, numpy
and SQLAlchemy have loaded (see :mod:`csec_desktop.catalog.first_frame`).
"""

from __future__ import annotations

#: Bump when the catalog tables change; a catalog of another version is rebuilt, not migrated,
#: because it holds nothing that cannot be made again from its source.
CATALOG_SCHEMA_VERSION = 8
#: Beside a catalog file being built: the file its title index is built in, then copied
#: in from (see indexing.write_title_index).
TITLE_INDEX_SUFFIX = "-titles"
#: The meta row with the index's value → code tables and sizes (JSON).
META_CODES = "search.codes"
