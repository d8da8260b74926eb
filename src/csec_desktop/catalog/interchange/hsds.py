"""HSDS 3.0 (Open Referral) tabular data packages: export the catalog, read a partner's.

:func:`export_hsds` writes ``datapackage.json`` and one CSV per HSDS table. Programs,
trainings, hotlines, publications and websites become services of their organization;
sites become locations (city and state only); phone, text and TTY contacts become phones;
hours become schedules; "free of charge" becomes a cost option of no cost (and a partner's
cost options say whether a service is free); every CSEC fact HSDS has no column for
becomes an attribute under the package's own taxonomy (``taxonomies.csv`` +
``taxonomy_terms.csv``). The mapping table is in ``docs/hsds.md``.

:func:`read_hsds_package` reads such a package back, or one from a 211 partner, into
records validated by :func:`~csec_desktop.catalog.records.parse_resource`, with a
one-sentence problem (file, row, column) for everything it cannot use. It checks every
table it reads against the shipped HSDS descriptor: required columns and cells, types,
enumerations, unique ids and foreign keys.

Ids are UUIDs, as HSDS requires: version 5 UUIDs of our stable ids, so that exporting the
same catalog twice gives the same ids.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
import math
import re
import tempfile
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import resources as package_files
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Engine

from csec_desktop.catalog import reader
from csec_desktop.catalog.index_schema import STATE_NAMES
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
from csec_desktop.catalog.interchange.export import neutralise_formula, restore_formula
from csec_desktop.catalog.presentation import contact_text, site_text
from csec_desktop.catalog.records import (
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
    VocabularyEntry,
    is_safe_url,
    record_to_dict,
    shared,
)
from csec_desktop.catalog.sources import CatalogContent
from csec_desktop.catalog.store import StoreError

NAMESPACE = uuid.UUID("45fb8352-cc97-408f-ad61-b898eb75e46c")
DESCRIPTOR = "datapackage.json"
#: The tables an export writes; programs and contacts stay empty (only a header) but are
#: there because services and phones refer to them by foreign key.
EXPORT_TABLES = (
    "organization", "program", "service", "location", "service_at_location", "contact",
    "phone", "schedule", "cost_option", "taxonomy", "taxonomy_term", "attribute",
)  # fmt: skip
#: The tables a reader uses; services and organizations must be there, the rest may not.
READ_TABLES = (
    "organization", "service", "location", "address", "service_at_location", "phone",
    "schedule", "cost_option", "language", "taxonomy", "taxonomy_term", "attribute",
)  # fmt: skip
REQUIRED_TABLES = ("organization", "service")

TAXONOMY_NAME = "CSEC Resource Desk"
STATUS_TO_HSDS = {"active": "active", "completed": "inactive", "defunct": "defunct"}
HSDS_TO_STATUS = {
    "active": "active",
    "temporarily closed": "active",
    "inactive": "defunct",
    "defunct": "defunct",
}
#: ISO 3166 codes of the United States and of the territories that have USPS codes too.
US_COUNTRIES = {"US", "USA", "PR", "GU", "VI", "AS", "MP", "UM"}
PHONE_TYPES = {"phone": "voice", "tty": "textphone", "text": "text"}
HSDS_PHONE_KINDS = {"voice": "phone", "cell": "phone", "textphone": "tty", "text": "text"}
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
ALWAYS_OPEN = {"24/7", "24 hours, 7 days a week", "24 hours a day, 7 days a week"}
UNRECORDED_ORGANIZATION = "Organization not recorded"
#: What an exported cost option of no cost says.
FREE_OF_CHARGE = "Free of charge"
HOTLINE_WORDS = re.compile(
    r"\b(hotline|helpline|help line|crisis line|lifeline|warmline|crisis text|tipline)\b", re.I
)

#: Facets whose values are terms of their own (child terms ``facet:code``).
CODED_FACETS = {
    "kind": "Kind of resource",
    "category": "Program category",
    "status": "Status",
    "service_area": "Service area",
    "topic": "Topic",
    "audience": "Audience",
    "language": "Language",
    "gender": "Genders served",
    "source": "Source of the facts",
}
#: Terms whose attributes carry a value.
VALUE_TERMS = {
    "resource_id": ("CSEC Resource Desk id", "The resource's stable id in the catalog."),
    "organization_key": ("Organization key", "The organization's key in the catalog."),
    "organization": ("Organization", "Name of the grantee or operator of the resource."),
    "funder": ("Funder", "Name of the organization that funds the resource."),
    "publisher": ("Publisher", "Name of the organization that published the resource."),
    "overview": ("Overview", "A longer description, from the source."),
    "highlights": ("Highlights", "Results and plans, from the source."),
    "title": ("Title", "The resource's title (on an organization's row)."),
    "short_title": ("Short title", "The resource's short title (on an organization's row)."),
    "website": ("Website", "The resource's own website (on an organization's row)."),
    "hours": ("Hours", "When the resource is available (on an organization's row)."),
    "published": ("Published", "Publication date: YYYY or YYYY-MM."),
    "format": ("Format", "Publication format: report, guide, bulletin …"),
    "series": ("Series", "The series a publication belongs to."),
    "source_locator": ("Source locator", "Where in the source document the facts are."),
    "last_verified": (
        "Last verified",
        "When the facts were last confirmed by their source (YYYY, YYYY-MM or YYYY-MM-DD).",
    ),
    "minors_without_consent": ("Serves minors without guardian consent", "true or false."),
    "no_police_report": ("No police report required", "true or false."),
    "foreign_national_minors": ("Serves foreign-national minors", "true or false."),
    "survivor_led": ("Survivor-led", "true or false."),
    "lgbtq_affirming": ("LGBTQ-affirming", "true or false."),
    "immigrant_friendly": ("Immigrant-friendly", "true or false."),
    "free_of_charge": ("Free of charge", "true or false."),
    "award": (
        "Award",
        "A grant or cooperative agreement as JSON: amount (whole dollars), label, "
        "fiscal_year, start, end, period_text.",
    ),
    "related": ("Related resource", "The relation and the related resource's id."),
    "provenance": (
        "Provenance locator",
        "Where some facts are on a source, as JSON: fields, source, section, item.",
    ),
    "title_descriptive": ("Descriptive title", "true: the title describes; no source name."),
    "contact": ("Contact", "A chat, online report or email contact as JSON."),
    "contact_label": ("Phone label", "How the phone is offered: Call, Text, TTY …"),
    "contact_hours": ("Phone hours", "When the phone is answered."),
    "contact_display": ("Phone display", "The vanity form of the number (1-800-THE-LOST)."),
    "location_confidential": (
        "Location confidential",
        "true: where the resource is (a shelter, a safe house) is confidential and is not in "
        "this package; call for the location.",
    ),
}
#: What partners write where a location is confidential (HSDS 3.0 has no field for it):
#: in a location's name or description, an address line, or a taxonomy term's code or name
#: attached to the service, its location, the link between them, or the address.
CONFIDENTIAL_WORDS = re.compile(r"\b(confidential|undisclosed|withheld)\b", re.IGNORECASE)
TEXT_TERMS = ("overview", "highlights", "format", "series", "source_locator")
#: What an organization resource carries as attributes because its row is the organization's.
ORGANIZATION_TERMS = ("title", "short_title", "website", "hours")


def hsds_id(table: str, key: str) -> str:
    """The stable UUID of row ``key`` of ``table`` in an exported package."""
    return str(uuid.uuid5(NAMESPACE, f"{table}:{key}"))


@cache
def hsds_descriptor() -> dict[str, Any]:
    """The HSDS 3.0.0 Tabular Data Package descriptor shipped with the application."""
    text = (
        package_files.files("csec_desktop.catalog.interchange") / "hsds_schema" / DESCRIPTOR
    ).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def table_resource(name: str) -> dict[str, Any]:
    """One table's resource (path and schema) in the HSDS descriptor, by its name."""
    for resource in hsds_descriptor()["resources"]:
        if resource["name"] == name:
            return dict(resource)
    raise KeyError(name)


def _field_names(name: str) -> list[str]:
    return [f["name"] for f in table_resource(name)["schema"]["fields"]]


# --------------------------------------------------------------------------- export


class _PackageWriter:
    """Writes the CSV tables of one package while the records stream past."""

    def __init__(self, directory: Path, stack: ExitStack, organizations: list[OrganizationRecord]):
        self.writers: dict[str, csv.DictWriter[str]] = {}
        for name in EXPORT_TABLES:
            handle = stack.enter_context(
                (directory / table_resource(name)["path"]).open("w", encoding="utf-8", newline="")
            )
            writer = csv.DictWriter(handle, _field_names(name), lineterminator="\n")
            writer.writeheader()
            self.writers[name] = writer
        self.organizations = {o.key: o for o in organizations}
        self.names = {o.key: o.name for o in organizations}
        self.term_ids: dict[str, str] = {}
        self.locations: set[str] = set()
        self.described: dict[str, ResourceRecord] = {}
        self.roles: dict[str, dict[str, int]] = {}
        self.unrecorded_used = False
        self.attribute_count = 0

    def row(self, table: str, **cells: object) -> None:
        self.writers[table].writerow(
            {
                name: neutralise_formula(str(value))
                for name, value in cells.items()
                if value is not None and value != ""
            }
        )

    # ---- taxonomy

    def taxonomy(self, vocabulary: list[VocabularyEntry], sources: list[SourceRecord]) -> None:
        taxonomy_id = hsds_id("taxonomy", TAXONOMY_NAME)
        self.row(
            "taxonomy",
            id=taxonomy_id,
            name=TAXONOMY_NAME,
            description="The facts of the CSEC Resource Desk catalog that HSDS has no column "
            "for (kind, category, topics, audiences, eligibility, awards, provenance), "
            "attached to services, organizations and phones as attributes.",
            version="1",
        )

        def term(code: str, name: str, description: str, parent: str = "", uri: str = "") -> None:
            self.term_ids[code] = term_id = hsds_id("taxonomy_term", code)
            self.row(
                "taxonomy_term",
                id=term_id,
                code=code,
                name=name,
                description=description,
                parent_id=self.term_ids.get(parent, ""),
                taxonomy=TAXONOMY_NAME,
                language="en",
                taxonomy_id=taxonomy_id,
                term_uri=uri,
            )

        for facet, label in CODED_FACETS.items():
            term(facet, label, f"{label}: one child term per value.")
        for entry in vocabulary:
            if entry.facet in CODED_FACETS:
                label = CODED_FACETS[entry.facet]
                term(
                    f"{entry.facet}:{entry.code}",
                    entry.label,
                    f"{label}: {entry.label}.",
                    entry.facet,
                )
        for source in sources:
            uri = source.url if source.url and is_safe_url(source.url) else ""
            term(f"source:{source.key}", source.title, source.note or source.title, "source", uri)
        for code, (name, description) in VALUE_TERMS.items():
            term(code, name, description)

    def attribute(self, entity: str, link_id: str, code: str, value: object = "") -> None:
        facet = code.split(":", 1)[0]
        self.attribute_count += 1
        self.row(
            "attribute",
            id=hsds_id("attribute", str(self.attribute_count)),
            link_id=link_id,
            taxonomy_term_id=self.term_ids[code],
            link_type=facet,
            link_entity=entity,
            value=value if value != "" else code.split(":", 1)[-1],
        )

    # ---- resources

    def _role(self, key: str | None, role: str) -> None:
        if key is not None:
            counts = self.roles.setdefault(key, {})
            counts[role] = counts.get(role, 0) + 1

    def add(self, record: ResourceRecord) -> None:
        record = shared(record)
        for key, role in (
            (record.organization, "organization"),
            (record.funder, "funder"),
            (record.publisher, "publisher"),
        ):
            self._role(key, role)
        if record.kind == "organization":
            key = record.organization
            if key in self.names and key not in self.described:
                self.described[key] = record
                link = hsds_id("organization", key)
            else:
                link = hsds_id("organization", "resource:" + record.id)
                self.row(
                    "organization",
                    id=link,
                    name=record.title,
                    alternate_name=record.short_title,
                    description=record.summary,
                    email=record.email,
                )
            entity = "organization"
            for name in ("title", "short_title", "website", "hours"):
                if value := getattr(record, name):
                    self.attribute(entity, link, name, value)
        else:
            link, entity = hsds_id("service", record.id), "service"
            self._service(record, link)
        self._sites(record, link, entity)
        self._contacts(record, link, entity)
        self._attributes(record, link, entity)

    def _service(self, record: ResourceRecord, link: str) -> None:
        owner = record.organization or record.publisher or record.funder
        if owner is None:
            self.unrecorded_used = True
        eligibility = record.eligibility
        self.row(
            "service",
            id=link,
            organization_id=hsds_id("organization", owner or ""),
            name=record.title,
            alternate_name=record.short_title,
            description=record.summary,
            url=record.website,
            email=record.email,
            status=STATUS_TO_HSDS.get(record.status, "active"),
            eligibility_description=eligibility.note,
            minimum_age=eligibility.ages_min,
            maximum_age=eligibility.ages_max,
            # HSDS wants a whole date; a year or month alone stays in the attribute.
            assured_date=str(record.last_verified)
            if record.last_verified.precision == "day"
            else None,
        )
        if record.hours:
            structured: dict[str, str] = {}
            if record.hours.strip().lower() in ALWAYS_OPEN:
                structured = {
                    "freq": "WEEKLY",
                    "byday": EVERY_DAY,
                    "opens_at": "00:00:00",
                    "closes_at": "23:59:59",
                }
            self.row(
                "schedule",
                id=hsds_id("schedule", record.id),
                service_id=link,
                description=record.hours,
                **structured,
            )

        if eligibility.free_of_charge:
            # What HSDS has for a price: one option at no cost. "Not free" has no amount
            # to give (none is invented), so it stays in the free_of_charge attribute.
            self.row(
                "cost_option",
                id=hsds_id("cost_option", record.id),
                service_id=link,
                amount=0,
                amount_description=FREE_OF_CHARGE,
            )

    def _sites(self, record: ResourceRecord, link: str, entity: str) -> None:
        for index, site in enumerate(record.sites):
            if entity == "organization":
                self.row(
                    "location",
                    id=hsds_id("location", f"{record.id}|{index}"),
                    location_type="physical",
                    organization_id=link,
                    name=site_text(site),
                    description=site.role,
                )
                continue
            location = self.location(site)
            self.row(
                "service_at_location",
                id=hsds_id("service_at_location", f"{record.id}|{index}"),
                service_id=link,
                location_id=location,
                description=site.role,
            )

    def location(self, site: SiteRecord) -> str:
        """The id of the location of a city and state, written the first time it is met."""
        key = f"{site.city or ''}|{site.state or ''}"
        location_id = hsds_id("location", key)
        if key not in self.locations:
            self.locations.add(key)
            self.row(
                "location",
                id=location_id,
                location_type="physical",
                name=site_text(site),
                description="City and state only: no street address is recorded.",
            )
        return location_id

    def _contacts(self, record: ResourceRecord, link: str, entity: str) -> None:
        for index, contact in enumerate(record.contacts):
            if contact.kind not in PHONE_TYPES:
                self.attribute(entity, link, "contact", json.dumps(record_to_dict(contact)))
                continue
            phone_id = hsds_id("phone", f"{record.id}|{index}")
            self.row(
                "phone",
                id=phone_id,
                number=contact.value,
                type=PHONE_TYPES[contact.kind],
                description=", ".join(
                    p for p in (contact.label, contact_text(contact), contact.hours) if p
                ),
                **{f"{entity}_id": link},
            )
            for code, value in (
                ("contact_label", contact.label),
                ("contact_hours", contact.hours),
                ("contact_display", contact.display),
            ):
                if value:
                    self.attribute("phone", phone_id, code, value)
            for language in contact.languages:
                self.attribute("phone", phone_id, f"language:{language}")

    def _attributes(self, record: ResourceRecord, link: str, entity: str) -> None:
        def add(code: str, value: object = "") -> None:
            self.attribute(entity, link, code, value)

        add("resource_id", record.id)
        add(f"kind:{record.kind}")
        add(f"status:{record.status}")
        for facet, code in (("category", record.category), ("service_area", record.service_area)):
            if code:
                add(f"{facet}:{code}")
        for facet, codes in (
            ("topic", record.topics),
            ("audience", record.audiences),
            ("language", record.languages),
            ("gender", record.eligibility.genders),
        ):
            for code in codes:
                add(f"{facet}:{code}")
        for role in ("organization", "funder", "publisher"):
            key = getattr(record, role)
            if key:
                add(role, self.names.get(key, key))
        for name in TEXT_TERMS:
            if value := getattr(record, name):
                add(name, value)
        if record.published:
            add("published", record.published)
        for flag in ELIGIBILITY_FLAGS:
            if (value := getattr(record.eligibility, flag)) is not None:
                add(flag, "true" if value else "false")
        for award in record.awards:
            add("award", json.dumps(record_to_dict(award)))
        for related in record.related:
            add("related", f"{related.relation} {related.id}")
        for locator in record.provenance:
            add("provenance", json.dumps(record_to_dict(locator)))
        if record.title_descriptive:
            add("title_descriptive", "true")
        if record.source:  # an agency's own resource cites no source
            add(f"source:{record.source}")
        add("last_verified", record.last_verified)
        if record.location_confidential:
            add("location_confidential", "true")

    # ---- organizations, written last: their descriptions depend on the resources

    def organizations_table(self) -> None:
        for key, organization in self.organizations.items():
            link = hsds_id("organization", key)
            described = self.described.get(key)
            self.row(
                "organization",
                id=link,
                name=organization.name,
                alternate_name=organization.acronym,
                description=described.summary if described else self._roles_text(key),
                email=described.email if described else None,
                website=organization.website,
            )
            self.attribute("organization", link, "organization_key", key)
            if organization.city or organization.state:
                self.row(
                    "location",
                    id=hsds_id("location", f"organization:{key}"),
                    location_type="physical",
                    organization_id=link,
                    name=site_text(SiteRecord(organization.city, organization.state)),
                )
        if self.unrecorded_used:
            self.row(
                "organization",
                id=hsds_id("organization", ""),
                name=UNRECORDED_ORGANIZATION,
                description="Stands for the organization of the resources for which the "
                "CSEC Resource Desk catalog records none.",
            )

    def _roles_text(self, key: str) -> str:
        counts = self.roles.get(key, {})
        if not counts:
            return "Listed among the organizations of the CSEC Resource Desk catalog."
        words = {
            "organization": "grantee or operator",
            "funder": "funder",
            "publisher": "publisher",
        }
        parts = [
            f"{words[role]} of {n} resource{'s' if n > 1 else ''}" for role, n in counts.items()
        ]
        return "Named in the CSEC Resource Desk catalog as " + ", ".join(parts) + "."


def export_hsds(engine: Engine, directory: Path) -> int:
    """Write the catalog as an HSDS 3.0 Tabular Data Package into ``directory``.

    ``directory`` is created if needed; files of the same names are replaced. Returns the
    number of resources exported.
    """
    directory.mkdir(parents=True, exist_ok=True)
    organizations = reader.organizations(engine)
    count = 0
    with ExitStack() as stack:
        package = _PackageWriter(directory, stack, organizations)
        package.taxonomy(reader.vocabulary(engine), reader.sources(engine))
        for record in reader.iter_records(engine):
            package.add(record)
            count += 1
        package.organizations_table()
    descriptor = {
        "name": "csec-resource-desk",
        "title": "CSEC Resource Desk catalog",
        "description": "Resources for children at risk of or harmed by commercial sexual "
        "exploitation, as Human Services Data Specification (HSDS) 3.0.0 tables. Table "
        "schemas: HSDS, an Open Referral resource (https://openreferral.org/), CC BY-SA 4.0.",
        "profile": "tabular-data-package",
        "resources": [copy.deepcopy(table_resource(name)) for name in EXPORT_TABLES],
    }
    (directory / DESCRIPTOR).write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return count


# --------------------------------------------------------------------------- reading

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


@dataclass
class _Package:
    """The rows of the tables read, checked against the HSDS descriptor."""

    directory: Path
    problems: list[Problem]
    ids: dict[str, set[str]] = field(default_factory=dict)
    #: The ids of the rows left out, by table: what points to them says nothing more (the
    #: row's own problem says why), so one bad service is one sentence, not ten.
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
        seen = self.ids.setdefault(name, set())
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
        seen: set[str],
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
    ours: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    partner_terms: dict[str, list[Cells]] = field(default_factory=dict)
    org_keys: dict[str, str | None] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def problem(self, where: str, entry: str, message: str) -> None:
        self.package.problems.append(Problem(where, entry, message))

    def load(self) -> list[tuple[int, Cells]]:
        """Read every table; return the service rows."""
        read = self.package.read
        self.organizations = {c["id"]: c for _, c in read("organization")}
        services: list[tuple[int, Cells]] = read("service")
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

        def keep(_number: int, cells: Cells) -> None:
            term_id = cells["taxonomy_term_id"]
            if term_id in our_codes:
                value = cells.get("value", "")
                self.ours.setdefault(cells["link_id"], []).append((our_codes[term_id], value))
            else:
                self.partner_terms.setdefault(cells["link_id"], []).append(self.terms[term_id])

        read("attribute", keep)
        return services

    # ---- organizations

    def map_organizations(self, records: ExchangeRecords) -> None:
        installed = {o.name.casefold(): o for o in self.catalog.organizations}
        for org_id, cells in self.organizations.items():
            attributes = dict(self.ours.get(org_id, []))
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
            attributes = self.ours.get(org_id, [])
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
        attributes = self.ours.get(service_id, [])
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
                f"{t.get('code', '')} {t['name']}" for t in self.partner_terms.get(link_id, [])
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
            details = dict(self.ours.get(cells["id"], []))
            languages = [
                c.split(":", 1)[1]
                for c, _ in self.ours.get(cells["id"], [])
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
        terms = self.partner_terms.get(cells["id"], [])
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


class HsdsPackageError(StoreError):
    """A zipped package that cannot be unpacked, with one sentence as its message."""


#: The most bytes one table of a zipped package may hold (far above a real directory's).
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
        with archive.opened(path, "a zipped HSDS package", HsdsPackageError) as opened:
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
    for name in READ_TABLES:  # in the order their foreign keys need
        package.read(name, lambda _number, _cells: None)  # keep only the ids, not the rows
    return problems


def read_hsds_package(
    directory: Path, catalog: CatalogContent, *, verified: PartialDate | None = None
) -> tuple[ExchangeRecords, list[Problem]]:
    """Read an HSDS 3.0 package (ours or a partner's) into validated records.

    ``catalog`` is the installed catalog (its vocabulary, organizations and sources; see
    :func:`~csec_desktop.catalog.interchange.exchange.installed_catalog`): codes are checked
    against it and organizations matched to it by name. ``verified`` is when a person last
    confirmed a partner's facts; it dates the services that carry no date of their own.
    Never raises for bad content: each problem names the file, the row and the column, and
    rows with problems are left out of the records.
    """
    problems: list[Problem] = []
    records = ExchangeRecords()
    if not directory.is_dir():
        return records, [Problem(str(directory), "", "is not a folder")]
    mapper = _Mapper(_Package(directory, problems), catalog, verified, _package_source(directory))
    services = mapper.load()
    mapper.map_organizations(records)
    raws = list(mapper.organization_resources())
    raws += [
        (f"services.csv row {number}", raw)
        for number, cells in services
        if (raw := mapper.service(number, cells)) is not None
    ]
    cited = {raw.get("source") for _, raw in raws}
    known_sources = {s.key: s for s in catalog.sources}
    for term in mapper.terms.values():
        code = term.get("code", "")
        if code.startswith("source:") and code[7:] in cited:
            key = code[7:]
            uri = term.get("term_uri")
            records.sources.append(
                known_sources.get(key)
                or SourceRecord(
                    key=key,
                    title=term["name"],
                    url=uri if uri and is_safe_url(uri) else None,
                    note=term["description"] if term["description"] != term["name"] else None,
                )
            )
    if mapper.source.key in cited:
        records.sources.append(mapper.source)
    vocab = with_known(catalog, records)
    for where, raw in raws:
        clean = {k: v for k, v in raw.items() if v not in (None, "", [], {})}
        if isinstance(clean.get("eligibility"), dict):
            clean["eligibility"] = {k: v for k, v in clean["eligibility"].items() if v is not None}
        for contact in clean.get("contacts", []):
            # A contact attribute's JSON may be anything: parse_resource says what is wrong.
            if isinstance(contact, dict):
                for name in [k for k, v in contact.items() if v in (None, [])]:
                    del contact[name]
        record = validate_raw(clean, where, vocab, problems)
        if record is not None:
            records.resources.append(record)
    return records, problems
