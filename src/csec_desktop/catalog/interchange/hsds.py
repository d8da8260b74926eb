"""HSDS 3.0 (Open Referral) tabular data packages: what export and import share.

The mapping between the catalog and HSDS (its table is in ``docs/hsds.md``): the tables
each direction uses, the package's own taxonomy and its terms, status and phone kinds, and
the stable ids. :mod:`.hsds_export` writes a package (:func:`~.hsds_export.export_hsds`),
:mod:`.hsds_import` reads one, ours or a partner's (:func:`~.hsds_import.read_hsds_package`).

Ids are UUIDs, as HSDS requires: version 5 UUIDs of our stable ids, so that exporting the
same catalog twice gives the same ids.
"""

from __future__ import annotations

import json
import re
import uuid
from functools import cache
from importlib import resources as package_files
from typing import Any

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
