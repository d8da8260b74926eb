"""HSDS 3.0 (Open Referral) tabular data packages: export the catalog, read a partner's.

:func:`export_hsds` writes ``datapackage.json`` and one CSV per HSDS table. Programs,
trainings, hotlines, publications and websites become services of their organization;
sites become locations (city and state only); phone, text and TTY contacts become phones;
hours become schedules; every CSEC fact HSDS has no column for becomes an attribute under
the package's own taxonomy (``taxonomies.csv`` + ``taxonomy_terms.csv``). The mapping
table is in ``docs/hsds.md``.

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
import re
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cache
from importlib import resources as package_files
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from csec_desktop.catalog import reader
from csec_desktop.catalog.interchange.exchange import (
    ExchangeRecords,
    Keys,
    slugify,
    validate_raw,
    with_known,
)
from csec_desktop.catalog.interchange.export import neutralise_formula, restore_formula
from csec_desktop.catalog.presentation import contact_text, site_text
from csec_desktop.catalog.records import (
    EMAIL_PATTERN,
    PHONE_PATTERN,
    STATE_PATTERN,
    OrganizationRecord,
    PartialDate,
    Problem,
    ResourceRecord,
    SiteRecord,
    SourceRecord,
    VocabularyEntry,
    is_safe_url,
    record_to_dict,
)
from csec_desktop.catalog.sources import CatalogContent

NAMESPACE = uuid.UUID("45fb8352-cc97-408f-ad61-b898eb75e46c")
DESCRIPTOR = "datapackage.json"
#: The tables an export writes; programs and contacts stay empty (only a header) but are
#: there because services and phones refer to them by foreign key.
EXPORT_TABLES = (
    "organization", "program", "service", "location", "service_at_location", "contact",
    "phone", "schedule", "taxonomy", "taxonomy_term", "attribute",
)  # fmt: skip
#: The tables a reader uses; services and organizations must be there, the rest may not.
READ_TABLES = (
    "organization", "service", "location", "address", "service_at_location", "phone",
    "schedule", "language", "taxonomy", "taxonomy_term", "attribute",
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
PHONE_TYPES = {"phone": "voice", "tty": "textphone", "text": "text"}
HSDS_PHONE_KINDS = {"voice": "phone", "cell": "phone", "textphone": "tty", "text": "text"}
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
ALWAYS_OPEN = {"24/7", "24 hours, 7 days a week", "24 hours a day, 7 days a week"}
UNRECORDED_ORGANIZATION = "Organization not recorded"
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
    "survivor_led": ("Survivor-led", "true or false."),
    "lgbtq_affirming": ("LGBTQ-affirming", "true or false."),
    "immigrant_friendly": ("Immigrant-friendly", "true or false."),
    "award": (
        "Award",
        "A grant or cooperative agreement as JSON: amount (whole dollars), label, "
        "fiscal_year, start, end, period_text.",
    ),
    "related": ("Related resource", "The relation and the related resource's id."),
    "contact": ("Contact", "A chat, online report or email contact as JSON."),
    "contact_label": ("Phone label", "How the phone is offered: Call, Text, TTY …"),
    "contact_hours": ("Phone hours", "When the phone is answered."),
    "contact_display": ("Phone display", "The vanity form of the number (1-800-THE-LOST)."),
}
ELIGIBILITY_FLAGS = ("minors_without_consent", "survivor_led", "lgbtq_affirming", "immigrant_friendly")
TEXT_TERMS = ("overview", "highlights", "format", "series", "source_locator")


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
                term(f"{entry.facet}:{entry.code}", entry.label, f"{label}: {entry.label}.", entry.facet)
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
            if record.website:
                self.attribute(entity, link, "website", record.website)
            if record.hours:
                self.attribute(entity, link, "hours", record.hours)
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
        add(f"source:{record.source}")
        add("last_verified", record.last_verified)

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
        words = {"organization": "grantee or operator", "funder": "funder", "publisher": "publisher"}
        parts = [f"{words[role]} of {n} resource{'s' if n > 1 else ''}" for role, n in counts.items()]
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
