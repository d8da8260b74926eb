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

STATE_NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "PR": "Puerto Rico",
    "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands", "AA": "Armed Forces Americas",
    "AE": "Armed Forces Europe", "AP": "Armed Forces Pacific",
}  # fmt: skip
