"""Export the catalog as an HSDS 3.0 (Open Referral) tabular data package.

:func:`export_hsds` writes ``datapackage.json`` and one CSV per HSDS table. Programs,
trainings, hotlines, publications and websites become services of their organization;
sites become locations (city and state only); phone, text and TTY contacts become phones;
hours become schedules; "free of charge" becomes a cost option of no cost; every CSEC fact
HSDS has no column for becomes an attribute under the package's own taxonomy
(``taxonomies.csv`` + ``taxonomy_terms.csv``). The mapping table is in ``docs/hsds.md``.
"""

from __future__ import annotations

import copy
import csv
import json
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import Engine

from csec_desktop.catalog.content.records import (
    ELIGIBILITY_FLAGS,
    OrganizationRecord,
    ResourceRecord,
    SiteRecord,
    SourceRecord,
    VocabularyEntry,
    is_safe_url,
    record_to_dict,
    shared,
)
from csec_desktop.catalog.display.presentation import contact_text, site_text
from csec_desktop.catalog.interchange.export import neutralise_formula
from csec_desktop.catalog.interchange.hsds import (
    ALWAYS_OPEN,
    CODED_FACETS,
    DESCRIPTOR,
    EVERY_DAY,
    EXPORT_TABLES,
    FREE_OF_CHARGE,
    PHONE_TYPES,
    STATUS_TO_HSDS,
    TAXONOMY_NAME,
    TEXT_TERMS,
    UNRECORDED_ORGANIZATION,
    VALUE_TERMS,
    hsds_id,
    table_resource,
)
from csec_desktop.catalog.storage import reader


def _field_names(name: str) -> list[str]:
    return [f["name"] for f in table_resource(name)["schema"]["fields"]]


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
