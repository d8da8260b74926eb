"""Small catalogs for the search tests, built through the real writer and indexer.

The records below are test data modelled on the kinds of resources in the curated catalog
(programs with project sites, hotlines, publications, trainings); they are not the curated
catalog and are not facts to rely on. The vocabulary and the synonym groups are the real
ones from ``data/vocabularies.toml``, because acronym handling is product behaviour.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from csec_desktop.catalog.content.records import (
    AwardRecord,
    ContactRecord,
    OrganizationRecord,
    PartialDate,
    ResourceRecord,
    SiteRecord,
    SourceRecord,
    VocabularyEntry,
)
from csec_desktop.catalog.curated.sources import VOCABULARY_FACETS, CatalogContent
from csec_desktop.catalog.storage.store import build_catalog

REPO = Path(__file__).resolve().parent.parent
VOCABULARIES = REPO / "data" / "vocabularies.toml"
SOURCE = "test-source"


def vocabulary() -> tuple[list[VocabularyEntry], list[list[str]]]:
    """The real controlled vocabulary and synonym groups."""
    with VOCABULARIES.open("rb") as handle:
        raw = tomllib.load(handle)
    entries = [
        VocabularyEntry(facet, code, value["label"], value.get("es"), position)
        for facet in VOCABULARY_FACETS
        for position, (code, value) in enumerate(raw.get(facet, {}).items())
    ]
    groups = [[m.strip().lower() for m in group] for group in raw["synonyms"]["groups"]]
    return entries, groups


def record(slug: str, title: str, summary: str, **fields: Any) -> ResourceRecord:
    """A resource with the required fields filled in (kind from the slug)."""
    fields.setdefault("status", "active")
    fields.setdefault("last_verified", PartialDate(2024))
    return ResourceRecord(
        id=slug,
        kind=slug.split("/", 1)[0],
        title=title,
        summary=summary,
        source=SOURCE,
        **fields,
    )


def build(
    path: Path,
    records: Iterable[ResourceRecord],
    organizations: Sequence[OrganizationRecord] = (),
    synonyms: Sequence[Sequence[str]] | None = None,
) -> Path:
    """Build ``catalog.sqlite`` at ``path`` from ``records``; returns ``path``."""
    build_catalog(path, content(records, organizations, synonyms), origin="test")
    return path


def content(
    records: Iterable[ResourceRecord],
    organizations: Sequence[OrganizationRecord] = (),
    synonyms: Sequence[Sequence[str]] | None = None,
) -> CatalogContent:
    """Catalog content of ``records`` with the real vocabulary and a test source."""
    entries, groups = vocabulary()
    return CatalogContent(
        resources=list(records),
        organizations=list(organizations),
        sources=[SourceRecord(key=SOURCE, title="Test source")],
        vocabulary=entries,
        synonyms=[list(g) for g in (groups if synonyms is None else synonyms)],
    )


def org(key: str, name: str, acronym: str | None = None, **fields: Any) -> OrganizationRecord:
    return OrganizationRecord(key=key, name=name, acronym=acronym, **fields)


ORGANIZATIONS = [
    org("ojjdp", "Office of Juvenile Justice and Delinquency Prevention", "OJJDP"),
    org("gems", "Girls Educational and Mentoring Services", "GEMS", city="New York", state="NY"),
    org("sage", "Standing Against Global Exploitation", "SAGE", city="San Francisco", state="CA"),
    org("ncmec", "National Center for Missing & Exploited Children", "NCMEC"),
    org("many", "Mid-Atlantic Network of Youth and Family Services", "MANY"),
    org("ncjfcj", "National Council of Juvenile and Family Court Judges", "NCJFCJ"),
    org("polaris", "Polaris Project"),
    org("wanderers", "The Home for Little Wanderers", city="Boston", state="MA"),
    org("fox-valley", "Fox Valley Technical College"),
    org("nsphp", "National Runaway Safeline operator"),
]

MENTORING_SITES = [
    SiteRecord("Boston", "MA", "project site"),
    SiteRecord("Milwaukee", "WI", "project site"),
    SiteRecord("Miami", "FL", "project site"),
    SiteRecord("Wichita", "KS", "project site"),
    SiteRecord("El Paso", "TX", "project site"),
    SiteRecord("Oakland", "CA", "project site"),
]


def realistic_records() -> list[ResourceRecord]:
    """About thirty resources of every kind, with overlapping words, places and topics."""
    return [
        record(
            "program/gems-girls-program",
            "Girls Educational and Mentoring Services (GEMS)",
            "Direct services for girls and young women who have experienced commercial "
            "sexual exploitation and domestic trafficking in New York City.",
            short_title="GEMS",
            organization="gems",
            funder="ojjdp",
            category="direct_service",
            status="completed",
            service_area="city",
            topics=["commercial_sexual_exploitation", "trafficking", "mentoring"],
            audiences=["youth", "victim_services"],
            sites=[SiteRecord("New York", "NY", "project site")],
            awards=[
                AwardRecord(amount=600000, start=PartialDate(2006, 12), end=PartialDate(2009, 3))
            ],
            last_verified=PartialDate(2008),
        ),
        record(
            "program/sage-san-francisco",
            "Standing Against Global Exploitation Project",
            "Peer counseling, case management and an early intervention program for sexually "
            "exploited youth in San Francisco.",
            short_title="SAGE",
            organization="sage",
            funder="ojjdp",
            category="direct_service",
            status="completed",
            topics=["commercial_sexual_exploitation", "victim_services"],
            audiences=["youth"],
            sites=[SiteRecord("San Francisco", "CA")],
            awards=[AwardRecord(start=PartialDate(2005), end=PartialDate(2008))],
            last_verified=PartialDate(2008),
        ),
        record(
            "program/icac-task-force",
            "Internet Crimes Against Children Task Force Program",
            "A national network of coordinated task forces that help state and local law "
            "enforcement respond to technology-facilitated child sexual exploitation.",
            overview="The program funds forensic and investigative training and peer-to-peer "
            "investigations.",
            funder="ojjdp",
            category="initiative",
            service_area="national",
            topics=["online_exploitation", "prosecution"],
            audiences=["law_enforcement", "prosecutors"],
            last_verified=PartialDate(2016),
        ),
        record(
            "training/icac-training",
            "ICAC Task Force Training Program",
            "Courses for investigators and prosecutors on online child exploitation cases.",
            organization="fox-valley",
            funder="ojjdp",
            category="tta",
            service_area="national",
            topics=["online_exploitation"],
            audiences=["law_enforcement"],
            last_verified=PartialDate(2016),
        ),
        record(
            "hotline/cybertipline",
            "CyberTipline",
            "Report suspected online enticement of children, child sexual abuse material "
            "and child sex trafficking to NCMEC.",
            organization="ncmec",
            category="reporting",
            service_area="national",
            hours="24/7",
            topics=["online_exploitation", "child_sexual_abuse_material"],
            audiences=["community", "parents"],
            contacts=[ContactRecord("phone", "1-800-843-5678", display="1-800-THE-LOST")],
            last_verified=PartialDate(2026, 11),
        ),
        record(
            "hotline/missing-children-hotline",
            "Missing Children Hotline",
            "Call to report a missing child or to get help for a family whose child is "
            "missing; answered around the clock.",
            organization="ncmec",
            category="crisis_line",
            service_area="national",
            hours="24/7",
            topics=["missing_children"],
            audiences=["parents", "law_enforcement"],
            contacts=[ContactRecord("phone", "1-800-843-5678")],
            last_verified=PartialDate(2026, 11),
        ),
        record(
            "hotline/trafficking-hotline",
            "National Human Trafficking Hotline",
            "Confidential help and referrals for victims and survivors of human trafficking, "
            "in English and Spanish, at any hour.",
            organization="polaris",
            category="crisis_line",
            service_area="national",
            hours="24/7",
            languages=["en", "es"],
            topics=["trafficking", "crisis_support"],
            audiences=["youth", "community"],
            contacts=[
                ContactRecord("phone", "1-888-373-7888"),
                ContactRecord("text", "233733", label="Text"),
            ],
            last_verified=PartialDate(2026, 11),
        ),
        record(
            "hotline/runaway-safeline",
            "National Runaway Safeline",
            "Crisis help for youth who are thinking of running away or who have left home, "
            "and for their families.",
            organization="nsphp",
            category="crisis_line",
            service_area="national",
            hours="24/7",
            topics=["runaway_youth", "crisis_support"],
            audiences=["youth", "parents"],
            contacts=[ContactRecord("phone", "1-800-786-2929", display="1-800-RUNAWAY")],
            last_verified=PartialDate(2026, 11),
        ),
        record(
            "program/mentoring-initiative",
            "Mentoring Child Victims of Commercial Sexual Exploitation and Domestic Minor Sex "
            "Trafficking Initiative",
            "Project sites develop mentoring for child victims of commercial sexual "
            "exploitation and domestic sex trafficking.",
            funder="ojjdp",
            category="initiative",
            topics=["mentoring", "commercial_sexual_exploitation", "trafficking"],
            audiences=["youth", "victim_services"],
            sites=MENTORING_SITES,
            last_verified=PartialDate(2016),
        ),
        record(
            "training/mentoring-tta",
            "Training and Technical Assistance for the Mentoring Initiative",
            "Help for the mentoring project sites on outreach and direct services.",
            organization="many",
            funder="ojjdp",
            category="tta",
            topics=["mentoring"],
            audiences=["victim_services"],
            last_verified=PartialDate(2016),
        ),
        record(
            "program/little-wanderers",
            "The Home for Little Wanderers",
            "Residential care and community services for sexually exploited girls in Boston.",
            organization="wanderers",
            funder="ojjdp",
            category="direct_service",
            status="completed",
            topics=["residential_care", "commercial_sexual_exploitation"],
            audiences=["youth"],
            sites=[SiteRecord("Boston", "MA"), SiteRecord("Walpole", "MA")],
            awards=[AwardRecord(start=PartialDate(2006), end=PartialDate(2008))],
            last_verified=PartialDate(2008),
        ),
        record(
            "training/my-life-my-choice",
            "My Life, My Choice",
            "A prevention curriculum for adolescent girls at risk of exploitation, developed "
            "in Boston.",
            category="tta",
            topics=["prevention"],
            audiences=["educators", "youth"],
            sites=[SiteRecord("Boston", "MA")],
            last_verified=PartialDate(2016),
        ),
        record(
            "training/judicial-curriculum",
            "National Judicial Institute on Domestic Child Sex Trafficking",
            "A curriculum for judges who hear cases of trafficked and exploited children.",
            organization="ncjfcj",
            funder="ojjdp",
            category="tta",
            topics=["courts", "trafficking"],
            audiences=["judges"],
            last_verified=PartialDate(2016),
        ),
        record(
            "training/mdt-training",
            "Multi-Disciplinary Team Training for Commercial Sexual Exploitation of Children",
            "Training for law enforcement, prosecutors, child protection and medical providers "
            "who respond together.",
            funder="ojjdp",
            category="tta",
            topics=["multidisciplinary_response", "commercial_sexual_exploitation"],
            audiences=["law_enforcement", "prosecutors", "child_welfare", "health_care"],
            last_verified=PartialDate(2016),
        ),
        record(
            "publication/health-care-guide",
            "Guide for the Health Care Sector",
            "What doctors and nurses can do to identify and help children who are "
            "commercially sexually exploited.",
            publisher="ojjdp",
            published=PartialDate(2014, 9),
            format="guide",
            topics=["health_care", "commercial_sexual_exploitation"],
            audiences=["health_care"],
            last_verified=PartialDate(2016),
        ),
        record(
            "publication/legal-guide",
            "Guide for the Legal Sector",
            "How courts, prosecutors and defenders can respond to commercial sexual "
            "exploitation of minors.",
            publisher="ojjdp",
            published=PartialDate(2014, 9),
            format="guide",
            topics=["courts", "policy"],
            audiences=["legal", "judges", "prosecutors"],
            last_verified=PartialDate(2016),
        ),
        record(
            "publication/p2p-networks",
            "Measurement and Analysis of Child Pornography Trafficking on P2P Networks",
            "A study of how child pornography is shared on peer-to-peer networks.",
            publisher="ojjdp",
            published=PartialDate(2014),
            format="report",
            topics=["child_sexual_abuse_material", "research"],
            audiences=["law_enforcement", "researchers"],
            last_verified=PartialDate(2016),
        ),
        record(
            "publication/literature-review",
            "Commercial Sexual Exploitation of Children and Sex Trafficking: Literature Review",
            "A review of research on the prostitution of children and sex trafficking.",
            publisher="ojjdp",
            published=PartialDate(2014, 8),
            format="literature review",
            topics=["trafficking", "research"],
            audiences=["researchers"],
            last_verified=PartialDate(2016),
        ),
        record(
            "publication/safe-harbor-study",
            "Safe Harbor Laws: Changing the Legal Response to Minors",
            "A study of state Safe Harbor laws that treat sexually exploited minors as "
            "victims rather than offenders.",
            publisher="ojjdp",
            published=PartialDate(2016),
            format="report",
            topics=["safe_harbor", "policy"],
            audiences=["legal", "researchers"],
            last_verified=PartialDate(2016),
        ),
        record(
            "publication/lgbtq-youth-study",
            "Surviving the Streets of New York: LGBTQ Youth in the Sex Trade",
            "Interviews with lesbian, gay, bisexual, transgender and questioning youth who "
            "trade sex to survive.",
            publisher="ojjdp",
            published=PartialDate(2015),
            format="report",
            topics=["lgbtq_youth", "research"],
            audiences=["researchers", "victim_services"],
            sites=[SiteRecord("New York", "NY", "study site")],
            last_verified=PartialDate(2016),
        ),
        record(
            "program/amber-alert",
            "AMBER Alert Training and Technical Assistance Program",
            "Training for law enforcement on recovering abducted children, with resources "
            "for tribal communities.",
            organization="fox-valley",
            funder="ojjdp",
            category="tta",
            service_area="national",
            topics=["missing_children", "tribal_communities"],
            audiences=["law_enforcement"],
            last_verified=PartialDate(2016),
        ),
        record(
            "program/paul-and-lisa",
            "Paul & Lisa Program",
            "Street outreach and prevention education about sexual exploitation for youth "
            "in Connecticut and New York.",
            funder="ojjdp",
            category="direct_service",
            status="defunct",
            topics=["prevention", "commercial_sexual_exploitation"],
            audiences=["youth", "educators"],
            sites=[SiteRecord(state="CT"), SiteRecord("Bronx", "NY")],
            awards=[AwardRecord(start=PartialDate(2005), end=PartialDate(2008))],
            last_verified=PartialDate(2008),
        ),
        record(
            "program/miami-dade-outreach",
            "Miami-Dade Youth Outreach",
            "Street outreach and shelter referrals for runaway youth in Miami.",
            category="direct_service",
            topics=["runaway_youth"],
            audiences=["youth"],
            sites=[SiteRecord("Miami", "FL")],
            last_verified=PartialDate(2020),
        ),
        record(
            "website/victim-services-directory",
            "Online Directory of Crime Victim Services",
            "Find victim service providers by location, type of victimization and service; "
            "from the Office for Victims of Crime.",
            category="directory",
            service_area="national",
            topics=["victim_services"],
            audiences=["victim_services", "community"],
            last_verified=PartialDate(2026, 11),
        ),
        record(
            "organization/polaris",
            "Polaris Project",
            "A nonprofit that operates the National Human Trafficking Hotline.",
            organization="polaris",
            service_area="national",
            topics=["trafficking"],
            audiences=["community"],
            last_verified=PartialDate(2026, 11),
        ),
        record(
            "training/csec-manual",
            "CSEC Training Manual and Community Response Guide",
            "A training manual on recognizing and responding to commercially exploited youth.",
            category="tta",
            topics=["commercial_sexual_exploitation", "prevention"],
            audiences=["community", "child_welfare"],
            last_verified=PartialDate(2012, 5, 14),
        ),
    ]
