"""Read an HSDS 3.0 (Open Referral) tabular data package, ours or a 211 partner's.

:func:`read_hsds_package` reads a package into records validated by
:func:`~csec_desktop.catalog.content.records.parse_resource`, with a one-sentence problem (file,
row, column) for everything it cannot use; a partner's cost options say whether a service
is free. It checks every table it reads against the
shipped HSDS descriptor: required columns and cells, types, enumerations, unique ids and
foreign keys. :func:`unpacked_package` unpacks a zipped one within bounds.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from csec_desktop.catalog.content.records import (
    ELIGIBILITY_FLAGS,
    EMAIL_PATTERN,
    PHONE_PATTERN,
    SHORT_CODE_PATTERN,
    OrganizationRecord,
    PartialDate,
    Problem,
    ResourceRecord,
    SiteRecord,
    SourceRecord,
    is_safe_url,
    record_to_dict,
)
from csec_desktop.catalog.content.sentence import QT_TRANSLATE_NOOP
from csec_desktop.catalog.content.states import STATE_NAMES
from csec_desktop.catalog.curated.sources import CatalogContent
from csec_desktop.catalog.interchange import archive
from csec_desktop.catalog.interchange.archive import BoundedZip
from csec_desktop.catalog.interchange.exchange import (
    MAX_CELL,
    ExchangeRecords,
    read_csv_table,
    show,
    slugify,
    unknown_column,
    validate_raw,
    with_known,
)
from csec_desktop.catalog.interchange.export import restore_formula
from csec_desktop.catalog.interchange.hsds import (
    CONFIDENTIAL_WORDS,
    DESCRIPTOR,
    EVERY_DAY,
    HOTLINE_WORDS,
    HSDS_PHONE_KINDS,
    HSDS_TO_STATUS,
    ORGANIZATION_TERMS,
    READ_TABLES,
    REQUIRED_TABLES,
    TAXONOMY_NAME,
    TEXT_TERMS,
    US_COUNTRIES,
    hsds_id,
    table_resource,
)
from csec_desktop.catalog.storage.store import StoreError

Cells = dict[str, str]


def _cell_problem(spec: Mapping[str, Any], value: str) -> str | None:
    """Why ``value`` does not fit the HSDS field ``spec`` (type, enumeration), or None."""
    kind = spec.get("type")
    try:
        if kind == "number":
            if not math.isfinite(float(value)):
                raise ValueError
        elif kind == "date":
            dt.date.fromisoformat(value)
        elif kind == "datetime":
            dt.datetime.fromisoformat(value)
        elif kind == "time":
            dt.time.fromisoformat(value)
    except ValueError:
        return f"{show(value)} is not a {kind}"
    allowed = spec.get("constraints", {}).get("enum")
    if allowed and value not in allowed:
        return f"{show(value)} is not one of {', '.join(allowed)}"
    if spec.get("format") == "email" and not EMAIL_PATTERN.match(value):
        return f"{show(value)} is not an email address"
    return None


class _Ids(Protocol):
    """The ids of a table's rows read so far (a set, or :class:`_DiskIds`)."""

    def __contains__(self, item: object) -> bool: ...

    def add(self, item: str) -> None: ...


@dataclass
class _Package:
    """The rows of the tables read, checked against the HSDS descriptor."""

    directory: Path
    problems: list[Problem]
    ids: dict[str, _Ids] = field(default_factory=dict)
    # The ids of the rows left out, by table: what points to them says nothing more (the
    # row's own problem says why), so one bad service is one sentence, not ten.
    left_out: dict[str, set[str]] = field(default_factory=dict)

    def read(self, name: str, keep: Callable[[int, Cells], Any] | None = None) -> list[Any]:
        """Every usable row of table ``name`` (``keep(row_number, cells)`` of each, or
        ``(row_number, cells)``); the header is row 1. Problems go to ``self.problems``."""
        resource = table_resource(name)
        where = resource["path"]
        path = self.directory / where
        if not path.is_file():
            if name in REQUIRED_TABLES:
                self.problems.append(Problem(where, "", "is missing from the package"))
            return []
        schema = resource["schema"]
        specs = {f["name"]: f for f in schema["fields"]}
        required = [n for n, f in specs.items() if f.get("constraints", {}).get("required")]
        references = [
            (fk["fields"], fk["reference"]["resource"])
            for fk in schema.get("foreignKeys", [])
            if fk["reference"]["resource"] in self.ids
        ]
        seen: _Ids = self.ids.setdefault(name, set())
        table = read_csv_table(path, where, self.problems)
        if table is None:
            return []
        header, rows = table
        for column in dict.fromkeys(header):
            if column and column not in specs:
                self.problems.append(
                    Problem(where, "", unknown_column(column, specs, f"an HSDS {name} column"))
                )
        missing = [n for n in required if n not in header]
        if missing:
            self.problems.append(
                Problem(where, "", f"has no column {', '.join(missing)}, which HSDS requires")
            )
            return []
        kept: list[Any] = []
        for number, values in rows:
            cells = {
                column: restore_formula(value.strip())
                for column, value in zip(header, values, strict=False)
                if value.strip() and column in specs
            }
            if not cells:
                continue
            if self._usable(where, number, cells, specs, required, references, seen):
                seen.add(cells["id"])
                kept.append(keep(number, cells) if keep else (number, cells))
            elif "id" in cells:
                self.left_out.setdefault(name, set()).add(cells["id"])
        return kept

    def _usable(  # noqa: PLR0917 - one row's context, used once
        self,
        where: str,
        number: int,
        cells: Cells,
        specs: Mapping[str, Mapping[str, Any]],
        required: list[str],
        references: list[tuple[str, str]],
        seen: _Ids,
    ) -> bool:
        entry = f"row {number}"

        def problem(message: str) -> None:
            self.problems.append(Problem(where, entry, message))

        for column, value in list(cells.items()):
            if len(value) > MAX_CELL:
                problem(
                    f"column '{column}' is {len(value)} characters long; the limit is "
                    f"{MAX_CELL}; the row was left out"
                )
                return False
            if (why := _cell_problem(specs[column], value)) is not None:
                left = "the row was left out" if column in required else "the cell was ignored"
                problem(f"column '{column}': {why}; {left}")
                if column in required:
                    return False
                del cells[column]
        for column in required:
            if column not in cells:
                problem(f"column '{column}' is empty but HSDS requires it; the row was left out")
                return False
        if cells["id"] in seen:
            problem(f"the id {cells['id']} is used by an earlier row; this row was left out")
            return False
        for column, table in references:
            target = cells.get(column)
            if target is not None and target not in self.ids[table]:
                if target in self.left_out.get(table, ()):  # its own problem says why
                    if column in required:
                        return False
                    del cells[column]
                    continue
                if column in required:
                    problem(
                        f"column '{column}' points to {table} {target}, which the package does "
                        "not have; the row was left out"
                    )
                    return False
                problem(
                    f"column '{column}' points to {table} {target}, which the package does not "
                    "have; the link was ignored"
                )
                del cells[column]
        return True


def _us_phone(number: str) -> str | None:
    """A US number in the catalog's form (``1-800-843-5678``, ``312-555-0100``, ``988``)."""
    digits = re.sub(r"\D", "", number)
    if len(digits) == 11 and digits.startswith("1"):
        return f"1-{digits[1:4]}-{digits[4:7]}-{digits[7:]}"
    if len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if len(digits) == 3 and not re.search(r"[^\d\s()-]", number):
        return digits
    return None


def _extension(number: str, extension: str | None) -> tuple[str, str | None]:
    """The number and its extension, from the ``extension`` column or written into the
    number (``312-555-0100 x204``, ``… ext. 204``); an extension is digits only."""
    match = re.fullmatch(r"(.*?\d)\s*(?:x|ext\.?|extension)\s*(\d{1,8})", number.strip(), re.I)
    if match:
        number, extension = match.group(1), extension or match.group(2)
    if extension is not None:
        extension = re.sub(r"\.0+$", "", extension)  # a "number" column may say 204.0
        if not extension.isdigit():
            extension = None
    return number, extension


def _place(name: str) -> SiteRecord | None:
    """City and state from a location name written ``City, ST`` or ``ST`` (a US state)."""
    match = re.fullmatch(r"(?:(.+?),\s*)?([A-Z]{2})", name.strip())
    if match and match.group(2) in STATE_NAMES:
        return SiteRecord(city=match.group(1), state=match.group(2))
    return None


def _whole(value: str | None) -> int | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() and 0 <= number <= 150 else None


def _short_hash(text: str) -> str:
    import hashlib

    return hashlib.sha1(text.encode()).hexdigest()[:8]  # noqa: S324 - a name, not security


class _Scratch:
    """The rows of a package too many to hold in memory (at 100k resources, 1.6 million
    attributes and 90,000 services): a private temporary SQLite database on disk, which
    SQLite deletes when it is closed. Services are kept as checked, in row order; the
    attributes by the row they describe (``link_id``), with their ids, which must be unique.
    """

    def __init__(self) -> None:
        self.db = sqlite3.connect("")  # "": a temporary database on disk, private to us
        self.db.execute("PRAGMA cache_size = -8000")  # 8 MB; the rest stays on disk
        self.db.execute("CREATE TABLE service (number INTEGER PRIMARY KEY, cells TEXT)")
        self.db.execute("CREATE TABLE attribute (link_id TEXT, term_id TEXT, value TEXT)")
        self.db.execute("CREATE TABLE attribute_id (id TEXT PRIMARY KEY) WITHOUT ROWID")
        self.db.execute("BEGIN")  # one transaction: no journal written per row
        self.our_codes: dict[str, str] = {}
        self.terms: dict[str, Cells] = {}

    def close(self) -> None:
        self.db.close()

    def add_service(self, number: int, cells: Cells) -> None:
        self.db.execute("INSERT INTO service VALUES (?, ?)", (number, json.dumps(cells)))

    def services(self) -> Iterator[tuple[int, Cells]]:
        """The checked service rows, in the order of the file."""
        cursor = self.db.execute("SELECT number, cells FROM service ORDER BY number")
        for number, cells in cursor:
            yield number, json.loads(cells)

    def add_attribute(self, cells: Cells) -> None:
        self.db.execute(
            "INSERT INTO attribute VALUES (?, ?, ?)",
            (cells["link_id"], cells["taxonomy_term_id"], cells.get("value", "")),
        )

    def attributes_read(self, our_codes: dict[str, str], terms: dict[str, Cells]) -> None:
        """Every attribute is in: index them by the row they describe."""
        self.our_codes, self.terms = our_codes, terms
        self.db.execute("CREATE INDEX attribute_link ON attribute (link_id)")

    def _attributes(self, link_id: str) -> list[tuple[str, str]]:
        return self.db.execute(
            "SELECT term_id, value FROM attribute WHERE link_id = ? ORDER BY rowid", (link_id,)
        ).fetchall()

    def ours(self, link_id: str) -> list[tuple[str, str]]:
        """(code, value) of the attributes of row ``link_id`` under our own taxonomy."""
        return [
            (self.our_codes[term], value)
            for term, value in self._attributes(link_id)
            if term in self.our_codes
        ]

    def partner_terms(self, link_id: str) -> list[Cells]:
        """The partner's taxonomy terms attached to row ``link_id``."""
        return [
            self.terms[term] for term, _ in self._attributes(link_id) if term not in self.our_codes
        ]


class _DiskIds:
    """The ids of a table seen so far, kept in :class:`_Scratch` (a set of strings would
    hold them all in memory); only ``in`` and ``add``, as :class:`_Package` uses them."""

    def __init__(self, scratch: _Scratch) -> None:
        self.db = scratch.db

    def __contains__(self, item: object) -> bool:
        found = self.db.execute("SELECT 1 FROM attribute_id WHERE id = ?", (item,)).fetchone()
        return found is not None

    def add(self, item: str) -> None:
        self.db.execute("INSERT INTO attribute_id VALUES (?)", (item,))


@dataclass
class _Mapper:
    """Turns the checked tables into raw entries for :func:`parse_resource`."""

    package: _Package
    catalog: CatalogContent
    verified: PartialDate | None
    source: SourceRecord
    organizations: dict[str, Cells] = field(default_factory=dict)
    locations: dict[str, Cells] = field(default_factory=dict)
    addresses: dict[str, list[Cells]] = field(default_factory=dict)
    at_location: dict[str, list[Cells]] = field(default_factory=dict)
    phones: dict[str, list[Cells]] = field(default_factory=dict)
    schedules: dict[str, list[Cells]] = field(default_factory=dict)
    costs: dict[str, list[Cells]] = field(default_factory=dict)
    languages: dict[str, list[Cells]] = field(default_factory=dict)
    terms: dict[str, Cells] = field(default_factory=dict)
    scratch: _Scratch = field(default_factory=_Scratch)
    org_keys: dict[str, str | None] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def problem(self, where: str, entry: str, message: str) -> None:
        self.package.problems.append(Problem(where, entry, message))

    def load(self) -> None:
        """Read every table: the services and attributes into :attr:`scratch`, the rest
        (one row or fewer per service) into memory."""
        read = self.package.read
        self.organizations = {c["id"]: c for _, c in read("organization")}
        read("service", self.scratch.add_service)
        self.locations = {c["id"]: c for _, c in read("location")}
        for _, cells in read("address"):
            if "location_id" in cells:
                self.addresses.setdefault(cells["location_id"], []).append(cells)
        for _, cells in read("service_at_location"):
            self.at_location.setdefault(cells["service_id"], []).append(cells)
        for _, cells in read("phone"):
            owner = cells.get("service_id") or cells.get("organization_id")
            if owner:
                self.phones.setdefault(owner, []).append(cells)
        for _, cells in read("schedule"):
            if "service_id" in cells:
                self.schedules.setdefault(cells["service_id"], []).append(cells)
        for _, cells in read("cost_option"):
            self.costs.setdefault(cells["service_id"], []).append(cells)
        for _, cells in read("language"):
            if "service_id" in cells:
                self.languages.setdefault(cells["service_id"], []).append(cells)
        read("taxonomy")
        self.terms = {c["id"]: c for _, c in read("taxonomy_term")}
        our_taxonomy = hsds_id("taxonomy", TAXONOMY_NAME)
        our_codes = {
            term_id: cells["code"]
            for term_id, cells in self.terms.items()
            if cells.get("taxonomy_id") == our_taxonomy and "code" in cells
        }

        self.package.ids["attribute"] = _DiskIds(self.scratch)
        read("attribute", lambda _number, cells: self.scratch.add_attribute(cells))
        self.scratch.attributes_read(our_codes, self.terms)

    # ---- organizations

    def map_organizations(self, records: ExchangeRecords) -> None:
        installed = {o.name.casefold(): o for o in self.catalog.organizations}
        for org_id, cells in self.organizations.items():
            attributes = dict(self.scratch.ours(org_id))
            if org_id == hsds_id("organization", ""):
                self.org_keys[org_id] = None
                continue
            if "organization_key" in attributes:
                key = attributes["organization_key"]
            elif "resource_id" in attributes:
                continue  # an organization resource without an organization record
            elif (known := installed.get(cells["name"].casefold())) is not None:
                key = known.key
            else:
                key = f"{slugify(cells['name']) or 'organization'}-{_short_hash(org_id)}"
            self.org_keys[org_id] = key
            self.names[cells["name"]] = key
            home = self.locations.get(hsds_id("location", f"organization:{key}"), {})
            place = _place(home.get("name", "")) or SiteRecord()
            website = cells.get("website")
            acronym = cells.get("alternate_name")
            records.organizations.append(
                OrganizationRecord(
                    key=key,
                    name=cells["name"],
                    acronym=acronym if acronym and len(acronym) <= 40 else None,
                    website=website if website and is_safe_url(website) else None,
                    city=place.city,
                    state=place.state,
                )
            )

    def organization_resources(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Raw entries of organization resources: ours, and partners' when dated."""
        for org_id, cells in self.organizations.items():
            attributes = self.scratch.ours(org_id)
            if any(code == "resource_id" for code, _ in attributes):
                raw = self._ours(cells, attributes, org_id)
                raw.setdefault("title", cells["name"])
                raw.update(summary=cells.get("description"), email=cells.get("email"))
                yield f"organizations.csv ({cells['name']})", raw
            elif self.verified is not None and self.org_keys.get(org_id):
                key = self.org_keys[org_id]
                yield (
                    f"organizations.csv ({cells['name']})",
                    {
                        "id": f"organization/{key}",
                        "kind": "organization",
                        "title": cells["name"],
                        "summary": cells.get("description") or cells["name"],
                        "organization": key,
                        "website": cells.get("website"),
                        "status": "active",
                        "source": self.source.key,
                        "last_verified": str(self.verified),
                    },
                )

    # ---- services

    def service(self, number: int, cells: Cells) -> dict[str, Any] | None:
        """The raw entry of one service row, or None (with a problem) if it has no date."""
        service_id = cells["id"]
        attributes = self.scratch.ours(service_id)
        where = f"services.csv row {number}"
        if any(code == "resource_id" for code, _ in attributes):
            found: dict[str, Any] | None = self._ours(cells, attributes, service_id)
        else:
            found = self._partner(cells, where)
        if found is None:
            return None
        raw = found
        raw.update(
            title=cells["name"],
            short_title=cells.get("alternate_name"),
            summary=cells.get("description") or cells["name"],
        )
        website = cells.get("url")
        if website and not is_safe_url(website):
            self.problem(
                where, raw["id"], f"the url {show(website)} is not http or https; left out"
            )
            website = None
        email = cells.get("email")
        eligibility: dict[str, Any] = raw.setdefault("eligibility", {})
        eligibility.update(
            ages_min=_whole(cells.get("minimum_age")),
            ages_max=_whole(cells.get("maximum_age")),
            note=cells.get("eligibility_description"),
        )
        if eligibility.get("free_of_charge") is None:
            eligibility["free_of_charge"] = self._free_of_charge(service_id)
        raw.update(website=website, email=email, hours=self._hours(service_id))
        raw["sites"] = self._sites(service_id, where, raw["id"], ours=bool(attributes))
        if not attributes and self._confidential_location(service_id):
            raw["location_confidential"] = True
        raw["contacts"] = self._phones(service_id, where, raw["id"]) + raw.get("contacts", [])
        return raw

    def _free_of_charge(self, service_id: str) -> bool | None:
        """True when every cost option of ``service_id`` with an amount costs nothing,
        False when every one costs something, None (not stated) otherwise."""
        amounts = [float(c["amount"]) for c in self.costs.get(service_id, []) if "amount" in c]
        if not amounts:
            return None
        if all(amount == 0 for amount in amounts):
            return True
        return False if all(amount > 0 for amount in amounts) else None

    def _hours(self, service_id: str) -> str | None:
        texts = []
        for cells in self.schedules.get(service_id, []):
            if "description" in cells:
                texts.append(cells["description"])
            elif cells.get("byday") == EVERY_DAY and cells.get("opens_at", "").startswith("00:00"):
                texts.append("24/7")
            elif "opens_at" in cells and "closes_at" in cells:
                days = cells.get("byday", "").replace(",", ", ")
                texts.append(f"{days} {cells['opens_at'][:5]}–{cells['closes_at'][:5]}".strip())
        return "; ".join(dict.fromkeys(texts)) or None

    def _sites(self, service_id: str, where: str, rid: str, *, ours: bool) -> list[dict[str, Any]]:
        sites = []
        for link in self.at_location.get(service_id, []):
            location = self.locations.get(link["location_id"], {})
            site = self._location_place(link["location_id"], location)
            if isinstance(site, str):
                name = location.get("name", link["location_id"])
                self.problem(where, rid, f"location {show(name)} {site}; left out")
                continue
            site.role = link.get("description") if ours else None
            sites.append(record_to_dict(site))
        return sites

    def _confidential_location(self, service_id: str) -> bool:
        """True when a partner marks where ``service_id`` is as confidential
        (:data:`CONFIDENTIAL_WORDS`)."""
        texts: list[str] = []
        linked = [service_id]
        for link in self.at_location.get(service_id, []):
            location_id = link["location_id"]
            location = self.locations.get(location_id, {})
            addresses = self.addresses.get(location_id, [])
            texts += [location.get("name", ""), location.get("description", "")]
            texts += [a.get(line, "") for a in addresses for line in ("address_1", "address_2")]
            linked += [location_id, link.get("id", ""), *(a.get("id", "") for a in addresses)]
        for link_id in linked:
            texts += [
                f"{t.get('code', '')} {t['name']}" for t in self.scratch.partner_terms(link_id)
            ]
        return any(CONFIDENTIAL_WORDS.search(text) for text in texts)

    def _location_place(self, location_id: str, location: Cells) -> SiteRecord | str:
        """The US city and state of a location, or why it has none (the catalog's places are
        all in the United States: a place abroad is never made to look like a US one)."""
        addresses = sorted(
            self.addresses.get(location_id, []), key=lambda a: a.get("address_type") != "physical"
        )
        abroad = None
        for address in addresses:
            country = address.get("country", "US").upper()
            state = address.get("state_province", "").upper() or country
            if country in US_COUNTRIES and state in STATE_NAMES:
                return SiteRecord(city=address.get("city"), state=state)
            if country not in US_COUNTRIES and abroad is None:
                place = ", ".join(
                    p for p in (address.get("city"), address.get("state_province")) if p
                )
                abroad = (
                    f"is in {show(place)}, country {show(country)}, outside the United States, "
                    "where all the catalog's places are"
                )
        if abroad is not None:
            return abroad
        if not addresses and (site := _place(location.get("name", ""))) is not None:
            return site
        return "has no US city and state"

    def _phones(self, owner: str, where: str, rid: str) -> list[dict[str, Any]]:
        contacts = []
        for cells in self.phones.get(owner, []):
            kind = HSDS_PHONE_KINDS.get(cells.get("type", "voice"))
            number, extension = _extension(cells["number"], cells.get("extension"))
            exact = PHONE_PATTERN.match(number) or (
                kind == "text" and SHORT_CODE_PATTERN.match(number)
            )
            value = number if exact else _us_phone(number)
            if kind is None or value is None:
                why = f"type {cells.get('type')}" if kind is None else "not a US number"
                self.problem(where, rid, f"phone {show(number)} is {why}; left out")
                continue
            details = dict(self.scratch.ours(cells["id"]))
            languages = [
                c.split(":", 1)[1]
                for c, _ in self.scratch.ours(cells["id"])
                if c.startswith("language:")
            ]
            contacts.append(
                {
                    "kind": kind,
                    "value": value,
                    # The catalog has no extension field: the number as shown carries it.
                    "display": details.get("contact_display")
                    or (f"{value} ext. {extension}" if extension else None),
                    "label": details.get("contact_label"),
                    "hours": details.get("contact_hours"),
                    "languages": languages,
                }
            )
        return contacts

    def _ours(self, cells: Cells, attributes: list[tuple[str, str]], link: str) -> dict[str, Any]:
        """A raw entry from our own attributes (a package this application exported)."""
        raw: dict[str, Any] = {"topics": [], "audiences": [], "languages": [], "eligibility": {}}
        lists = {"topic": "topics", "audience": "audiences", "language": "languages"}
        for code, value in attributes:
            facet, _, item = code.partition(":")
            if facet in lists and item:
                raw[lists[facet]].append(item)
            elif facet == "gender" and item:
                raw["eligibility"].setdefault("genders", []).append(item)
            elif facet == "source" and item:
                raw["source"] = item
            elif item:
                raw[facet] = item
            elif code in ("organization", "funder", "publisher"):
                raw[code] = self.names.get(value, value)
            elif code == "resource_id":
                raw["id"] = value
            elif code in ELIGIBILITY_FLAGS:
                raw["eligibility"][code] = value == "true"
            elif code == "location_confidential":
                raw[code] = value == "true"
            elif code in ("award", "contact", "provenance"):
                if (parsed := self._json_value(code, value, link)) is not None:
                    key = code if code == "provenance" else f"{code}s"
                    raw.setdefault(key, []).append(parsed)
            elif code == "title_descriptive":
                raw[code] = value == "true"
            elif code == "related":
                relation, _, rid = value.partition(" ")
                raw.setdefault("related", []).append({"id": rid, "relation": relation})
            elif code in (*TEXT_TERMS, *ORGANIZATION_TERMS, "published", "last_verified"):
                raw[code] = value
        if raw.get("kind") == "organization":
            raw["contacts"] = self._phones(link, "organizations.csv", raw.get("id", ""))
            raw["sites"] = []
            for index in range(len(self.locations)):
                location = self.locations.get(hsds_id("location", f"{raw.get('id')}|{index}"))
                if location is None:
                    break
                place = _place(location.get("name", "")) or SiteRecord()
                place.role = location.get("description")
                raw["sites"].append(record_to_dict(place))
        return raw

    def _json_value(self, code: str, value: str, link: str) -> Any:
        """An attribute's JSON value, or None (with a problem) when it is not JSON."""
        try:
            return json.loads(value)
        except (ValueError, RecursionError):
            self.problem(
                "attributes.csv",
                link,
                f"the {code} attribute {show(value)} is not valid JSON; left out",
            )
            return None

    def _partner(self, cells: Cells, where: str) -> dict[str, Any] | None:
        """A raw entry from a partner's service: kind by heuristics, codes by name."""
        terms = self.scratch.partner_terms(cells["id"])
        words = " ".join(
            [cells["name"], cells.get("alternate_name", "")]
            + [f"{t.get('code', '')} {t['name']}" for t in terms]
        )
        kind = "hotline" if HOTLINE_WORDS.search(words) else "program"
        rid = f"{kind}/{slugify(cells['name'])[:60] or 'service'}-{_short_hash(cells['id'])}"
        verified = cells.get("assured_date") or cells.get("last_modified", "")[:10]
        if not verified and self.verified is None:
            self.problem(
                where,
                rid,
                "neither assured_date nor last_modified says when its facts were verified, "
                "and no --verified date was given; the service was left out",
            )
            return None
        raw: dict[str, Any] = {
            "id": rid,
            "kind": kind,
            "status": HSDS_TO_STATUS[cells["status"]],
            "organization": self.org_keys.get(cells["organization_id"]),
            "source": self.source.key,
            "last_verified": verified or str(self.verified),
        }
        codes = {
            (entry.facet, key): entry.code
            for entry in self.catalog.vocabulary
            if entry.facet in ("topic", "audience", "category")
            for key in (entry.code, slugify(entry.label), slugify(entry.code))
        }
        for term in terms:
            for facet, name in (("topic", "topics"), ("audience", "audiences")):
                for key in (slugify(term.get("code", "")), slugify(term["name"])):
                    if (code := codes.get((facet, key))) and code not in raw.setdefault(name, []):
                        raw[name].append(code)
        known = {e.code for e in self.catalog.vocabulary if e.facet == "language"}
        for language in self.languages.get(cells["id"], []):
            code = language.get("code", "")
            if code in known:
                raw.setdefault("languages", []).append(code)
            else:
                self.problem(
                    where,
                    rid,
                    f"language {show(language.get('name') or code)} is not one of the "
                    "catalog's languages; left out",
                )
        return raw


def _package_source(directory: Path) -> SourceRecord:
    """The source the records of a partner's package cite: the package itself."""
    title, homepage = directory.name, None
    try:
        meta = json.loads((directory / DESCRIPTOR).read_text(encoding="utf-8"))
        if isinstance(meta, dict):
            title = str(meta.get("title") or meta.get("name") or title)[:200]
            homepage = meta.get("homepage") if isinstance(meta.get("homepage"), str) else None
    except (OSError, ValueError):
        pass
    return SourceRecord(
        key=f"hsds-{slugify(title) or 'package'}",
        title=f"HSDS package: {title}",
        url=homepage if homepage and is_safe_url(homepage) else None,
        note="Imported from an HSDS 3.0 data package.",
    )


A_ZIPPED_PACKAGE = QT_TRANSLATE_NOOP("Archives", "a zipped HSDS package")


class HsdsPackageError(StoreError):
    """A zipped package that cannot be unpacked, with one sentence as its message."""

    context = "Partners"


# The most bytes one table of a zipped package may hold (far above a real directory's).
MAX_TABLE = 2 * 1024**3


@contextmanager
def unpacked_package(path: Path) -> Iterator[Path]:
    """The package zipped at ``path`` as a temporary folder, removed afterwards.

    Only ``datapackage.json`` and the tables the reader reads are written, flat, by their
    file names (a zip may hold them under a folder); every byte is inflated within the bounds
    of :mod:`.archive`, so a zip bomb is refused, and no member name can write outside it.
    """
    wanted = {table_resource(name)["path"] for name in READ_TABLES} | {DESCRIPTOR}
    with tempfile.TemporaryDirectory(prefix="csec-hsds-") as scratch:
        folder = Path(scratch) / (slugify(path.stem) or "package")
        folder.mkdir()
        with archive.opened(path, A_ZIPPED_PACKAGE, HsdsPackageError) as opened:
            members: dict[str, str] = {}
            for info in opened.infolist():
                name = PurePosixPath(info.filename).name
                if name in wanted and not info.is_dir():
                    members.setdefault(name, info.filename)
            bounded = BoundedZip(path, opened, lambda _name: MAX_TABLE, HsdsPackageError)
            for name, member in members.items():
                with (folder / name).open("wb") as out:
                    for chunk in bounded.chunks(member):
                        out.write(chunk)
        yield folder


def check_hsds_package(directory: Path) -> list[Problem]:
    """Check every table of an HSDS package against the shipped descriptor (columns, types,
    enumerations, required cells, unique ids, foreign keys) without mapping it to records."""
    if not directory.is_dir():
        return [Problem(str(directory), "", "is not a folder")]
    problems: list[Problem] = []
    package = _Package(directory, problems)
    scratch = _Scratch()
    package.ids["attribute"] = _DiskIds(scratch)
    try:
        for name in READ_TABLES:  # in the order their foreign keys need
            package.read(name, lambda _number, _cells: None)  # keep only the ids, not the rows
    finally:
        scratch.close()
    return problems


def read_hsds_package(
    directory: Path, catalog: CatalogContent, *, verified: PartialDate | None = None
) -> tuple[ExchangeRecords, list[Problem]]:
    """Read an HSDS 3.0 package (ours or a partner's) into validated records, all in
    memory: :func:`streamed_hsds_package` for a package too large to hold."""
    with streamed_hsds_package(directory, catalog, verified=verified) as (records, resources):
        records.resources.extend(resources)
    return records, records.problems


@dataclass
class HsdsRecords(ExchangeRecords):
    """:class:`ExchangeRecords` of a package, with the problems met reading it."""

    problems: list[Problem] = field(default_factory=list)


@contextmanager
def streamed_hsds_package(
    directory: Path, catalog: CatalogContent, *, verified: PartialDate | None = None
) -> Iterator[tuple[HsdsRecords, Iterator[ResourceRecord]]]:
    """Read an HSDS 3.0 package (ours or a partner's): its records, with the organizations
    at once and the sources its resources cite once they have all come, and the resources
    one at a time (their list stays empty), so that a package of any size is read in
    little memory: the services and attributes wait in a temporary database on disk.

    ``catalog`` is the installed catalog (its vocabulary, organizations and sources; see
    :func:`~csec_desktop.catalog.interchange.exchange.installed_catalog`): codes are checked
    against it and organizations matched to it by name. ``verified`` is when a person last
    confirmed a partner's facts; it dates the services that carry no date of their own.
    Never raises for bad content: each problem names the file, the row and the column, and
    rows with problems are left out of the records.
    """
    records = HsdsRecords()
    if not directory.is_dir():
        records.problems.append(Problem(str(directory), "", "is not a folder"))
        yield records, iter(())
        return
    problems = records.problems
    mapper = _Mapper(_Package(directory, problems), catalog, verified, _package_source(directory))
    try:
        mapper.load()
        mapper.map_organizations(records)
        yield records, _resources(mapper, catalog, records)
    finally:
        mapper.scratch.close()


def _resources(
    mapper: _Mapper, catalog: CatalogContent, records: HsdsRecords
) -> Iterator[ResourceRecord]:
    """The validated resources of a loaded package, one at a time; at the end, the sources
    they cite go into ``records.sources``."""
    known_sources = {s.key: s for s in catalog.sources}
    offered: dict[str, SourceRecord] = {}  # the package's own source terms, by key
    for term in mapper.terms.values():
        code = term.get("code", "")
        if code.startswith("source:"):
            key = code[7:]
            uri = term.get("term_uri")
            offered.setdefault(
                key,
                known_sources.get(key)
                or SourceRecord(
                    key=key,
                    title=term["name"],
                    url=uri if uri and is_safe_url(uri) else None,
                    note=term["description"] if term["description"] != term["name"] else None,
                ),
            )
    # Every source the package offers may be cited; only those cited are returned.
    vocab = with_known(
        catalog, ExchangeRecords([], records.organizations, [*offered.values(), mapper.source])
    )
    raws = itertools.chain(
        mapper.organization_resources(),
        (
            (f"services.csv row {number}", raw)
            for number, cells in mapper.scratch.services()
            if (raw := mapper.service(number, cells)) is not None
        ),
    )
    cited: set[object] = set()
    for where, raw in raws:
        cited.add(raw.get("source"))
        clean = {k: v for k, v in raw.items() if v not in (None, "", [], {})}
        if isinstance(clean.get("eligibility"), dict):
            clean["eligibility"] = {k: v for k, v in clean["eligibility"].items() if v is not None}
        for contact in clean.get("contacts", []):
            # A contact attribute's JSON may be anything: parse_resource says what is wrong.
            if isinstance(contact, dict):
                for name in [k for k, v in contact.items() if v in (None, [])]:
                    del contact[name]
        record = validate_raw(clean, where, vocab, records.problems)
        if record is not None:
            yield record
    records.sources.extend(source for key, source in offered.items() if key in cited)
    if mapper.source.key in cited:
        records.sources.append(mapper.source)
