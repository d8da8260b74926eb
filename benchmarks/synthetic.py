"""Deterministic synthetic catalogs of any size, for the benchmarks.

The text is composed from the CSEC domain (programs, trainings, curricula, trafficking,
exploitation, mentoring, shelter, youth, court, law enforcement, outreach, survivors …)
and from filler words drawn from a Zipf distribution over common English words, domain
words and a long tail of made-up, name-like words. So, as in a real catalog, a few terms
occur in nearly every resource and most occur in a handful. The tail grows with the size
(Heaps' law), so every size has terms that occur in only a few resources.

Organizations (about one per 50 resources) are named after real US cities and states
("Greater Denver Youth Services Coalition"); topics, audiences, kinds, categories and
statuses are the codes of ``data/vocabularies.toml``; awards have amounts and periods,
publications years, hotlines fictional 555-01xx phone numbers, and some resources link
to earlier ones. Records are produced lazily, so a million never sit in memory at once.

``python -m benchmarks.synthetic --size 100000`` builds (or reuses) the cached catalog
``benchmarks/.cache/100000/catalog.sqlite`` and prints its build record as JSON.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import math
import multiprocessing
import random
import re
import resource
import sys
import time
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

import csec_desktop
from csec_desktop.catalog.content.records import (
    AwardRecord,
    ContactRecord,
    EligibilityRecord,
    OrganizationRecord,
    PartialDate,
    RelatedRecord,
    ResourceRecord,
    SiteRecord,
    SourceRecord,
)
from csec_desktop.catalog.content.states import STATE_NAMES
from csec_desktop.catalog.curated.sources import CatalogContent, read_catalog_source
from csec_desktop.catalog.index.index_schema import CATALOG_SCHEMA_VERSION

#: Bump whenever the generated records change, so cached catalogs are rebuilt.
GENERATOR_VERSION = 3
SEED = 20_261_123
BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
DATA = REPO / "data"
CACHE = BENCHMARKS / ".cache"
CATALOG_FILE = "catalog.sqlite"
STAMP_FILE = "stamp.json"
SOURCE_KEY = "synthetic-benchmark"
#: Source files whose change makes a cached catalog stale (its schema or its index).
BUILD_CODE = ("model.py", "writer.py", "indexing.py", "store.py")
#: Catalogs of this many resources or more are built with a producer process (the
#: writer's ``parallel``); smaller ones in-process, where starting it would not pay.
PARALLEL_FROM = 50_000

Progress = Callable[[int, int, str], None]
T = TypeVar("T")

# --------------------------------------------------------------------------- word lists

CITIES: tuple[tuple[str, str], ...] = (
    ("New York", "NY"), ("Buffalo", "NY"), ("Rochester", "NY"), ("Albany", "NY"),
    ("Los Angeles", "CA"), ("San Diego", "CA"), ("San Francisco", "CA"), ("Oakland", "CA"),
    ("Sacramento", "CA"), ("Fresno", "CA"), ("San Jose", "CA"), ("Long Beach", "CA"),
    ("Chicago", "IL"), ("Springfield", "IL"), ("Peoria", "IL"), ("Houston", "TX"),
    ("Dallas", "TX"), ("San Antonio", "TX"), ("Austin", "TX"), ("El Paso", "TX"),
    ("Fort Worth", "TX"), ("Phoenix", "AZ"), ("Tucson", "AZ"), ("Philadelphia", "PA"),
    ("Pittsburgh", "PA"), ("Harrisburg", "PA"), ("Jacksonville", "FL"), ("Miami", "FL"),
    ("Tampa", "FL"), ("Orlando", "FL"), ("Tallahassee", "FL"), ("Columbus", "OH"),
    ("Cleveland", "OH"), ("Cincinnati", "OH"), ("Toledo", "OH"), ("Indianapolis", "IN"),
    ("Fort Wayne", "IN"), ("Charlotte", "NC"), ("Raleigh", "NC"), ("Greensboro", "NC"),
    ("Durham", "NC"), ("Seattle", "WA"), ("Spokane", "WA"), ("Tacoma", "WA"),
    ("Denver", "CO"), ("Colorado Springs", "CO"), ("Boston", "MA"), ("Worcester", "MA"),
    ("Lowell", "MA"), ("Detroit", "MI"), ("Grand Rapids", "MI"), ("Lansing", "MI"),
    ("Nashville", "TN"), ("Memphis", "TN"), ("Knoxville", "TN"), ("Portland", "OR"),
    ("Eugene", "OR"), ("Las Vegas", "NV"), ("Reno", "NV"), ("Louisville", "KY"),
    ("Lexington", "KY"), ("Baltimore", "MD"), ("Milwaukee", "WI"), ("Madison", "WI"),
    ("Albuquerque", "NM"), ("Santa Fe", "NM"), ("Kansas City", "MO"), ("St. Louis", "MO"),
    ("Atlanta", "GA"), ("Savannah", "GA"), ("Augusta", "GA"), ("Omaha", "NE"),
    ("Lincoln", "NE"), ("Minneapolis", "MN"), ("St. Paul", "MN"), ("Duluth", "MN"),
    ("Tulsa", "OK"), ("Oklahoma City", "OK"), ("Wichita", "KS"), ("New Orleans", "LA"),
    ("Baton Rouge", "LA"), ("Honolulu", "HI"), ("Anchorage", "AK"), ("Fairbanks", "AK"),
    ("Newark", "NJ"), ("Atlantic City", "NJ"), ("Trenton", "NJ"), ("Jersey City", "NJ"),
    ("Virginia Beach", "VA"), ("Richmond", "VA"), ("Norfolk", "VA"), ("Boise", "ID"),
    ("Salt Lake City", "UT"), ("Provo", "UT"), ("Birmingham", "AL"), ("Montgomery", "AL"),
    ("Mobile", "AL"), ("Little Rock", "AR"), ("Jackson", "MS"), ("Des Moines", "IA"),
    ("Cedar Rapids", "IA"), ("Hartford", "CT"), ("New Haven", "CT"), ("Bridgeport", "CT"),
    ("Providence", "RI"), ("Manchester", "NH"), ("Burlington", "VT"), ("Portland", "ME"),
    ("Wilmington", "DE"), ("Charleston", "SC"), ("Columbia", "SC"), ("Charleston", "WV"),
    ("Fargo", "ND"), ("Sioux Falls", "SD"), ("Rapid City", "SD"), ("Billings", "MT"),
    ("Cheyenne", "WY"), ("Washington", "DC"), ("Gallup", "NM"), ("Flagstaff", "AZ"),
)  # fmt: skip


#: Area codes for fictional local numbers (NNN-555-01xx is reserved for fiction).
AREA_CODES = ("212", "213", "312", "404", "503", "602", "617", "702", "713", "720", "808")

#: Focus of a resource: a phrase for titles and text, and the topic codes it implies.
#: Earlier entries are drawn more often (Zipf), so "youth" outnumbers "reentry".
FOCUSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Youth Trafficking Prevention", ("trafficking", "prevention")),
    ("Commercial Sexual Exploitation of Children", ("commercial_sexual_exploitation",)),
    ("Mentoring", ("mentoring",)),
    ("Survivor Support", ("victim_services",)),
    ("Street Outreach", ("runaway_youth",)),
    ("Sex Trafficking", ("trafficking",)),
    ("Safe Harbor", ("safe_harbor", "policy")),
    ("Juvenile Court", ("courts",)),
    ("Law Enforcement Response", ("prosecution",)),
    ("Runaway and Homeless Youth", ("runaway_youth",)),
    ("Emergency Shelter", ("residential_care",)),
    ("Online Exploitation", ("online_exploitation", "internet_safety")),
    ("Trauma-Informed Care", ("victim_services", "health_care")),
    ("Victim Services", ("victim_services",)),
    ("Child Welfare", ("child_welfare",)),
    ("Case Management", ("victim_services",)),
    ("Multidisciplinary Team", ("multidisciplinary_response",)),
    ("CSEC", ("commercial_sexual_exploitation",)),
    ("Domestic Minor Sex Trafficking", ("trafficking",)),
    ("DMST", ("trafficking",)),
    ("Prevention Education", ("prevention",)),
    ("Missing Children", ("missing_children",)),
    ("Internet Crimes Against Children", ("online_exploitation", "prosecution")),
    ("ICAC", ("online_exploitation", "prosecution")),
    ("Internet Safety", ("internet_safety",)),
    ("Child Advocacy", ("child_abuse", "multidisciplinary_response")),
    ("Crisis Intervention", ("crisis_support",)),
    ("Health Care Screening", ("health_care",)),
    ("LGBTQ Youth", ("lgbtq_youth",)),
    ("Tribal Youth", ("tribal_communities",)),
    ("Residential Care", ("residential_care",)),
    ("Peer Support", ("victim_services",)),
    ("Prosecution", ("prosecution",)),
    ("Family Support", ("child_welfare",)),
    ("School-Based Prevention", ("prevention",)),
    ("Child Sexual Abuse Material", ("child_sexual_abuse_material",)),
    ("Housing Stability", ("residential_care",)),
    ("Demand Reduction", ("prevention", "policy")),
    ("Diversion", ("courts",)),
    ("Research and Evaluation", ("research",)),
    ("Data Collection", ("research",)),
    ("Reentry", ("courts",)),
)  # fmt: skip

#: An audience phrase for text, and the audience codes it implies.
AUDIENCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Youth", ("youth",)),
    ("Law Enforcement", ("law_enforcement",)),
    ("Service Providers", ("victim_services",)),
    ("Child Welfare Workers", ("child_welfare",)),
    ("Prosecutors", ("prosecutors", "legal")),
    ("Judges and Court Staff", ("judges",)),
    ("Health Care Providers", ("health_care",)),
    ("Educators", ("educators",)),
    ("Parents and Caregivers", ("parents",)),
    ("Victim Advocates", ("victim_services",)),
    ("Outreach Workers", ("victim_services", "community")),
    ("Juvenile Probation Officers", ("law_enforcement", "legal")),
    ("Communities", ("community",)),
    ("Researchers", ("researchers",)),
)  # fmt: skip

PROGRAM_NOUNS = ("Program", "Project", "Initiative", "Partnership", "Collaborative",
                 "Services", "Network", "Response Team", "Demonstration Project")  # fmt: skip
TRAINING_NOUNS = ("Training", "Curriculum", "Workshop", "Webinar Series", "Toolkit",
                  "Institute", "Certification Course", "Training Curriculum")  # fmt: skip
PUBLICATION_NOUNS = ("Report", "Bulletin", "Guide", "Fact Sheet", "Practice Brief",
                     "Evaluation", "Literature Review", "Resource Guide",
                     "Final Report")  # fmt: skip
WEBSITE_NOUNS = ("Resource Directory", "Online Toolkit", "Learning Portal",
                 "Resource Center", "Service Locator")  # fmt: skip
FORMATS = ("PDF report", "Bulletin", "Fact sheet", "Guide", "Video", "Webinar recording")
SERIES = ("Juvenile Justice Bulletin", "Practice Brief Series", "Research in Brief",
          "Training Series")  # fmt: skip
ORG_PATTERNS = (
    "{city} Youth Services Coalition", "{city} Anti-Trafficking Task Force",
    "{city} Children's Advocacy Center", "{state} Coalition Against Sexual Exploitation",
    "{city} Safe Harbor Project", "{city} Runaway and Homeless Youth Network",
    "{city} Street Outreach Collaborative", "{state} Alliance for Youth Safety",
    "{city} Family Justice Center", "{city} Youth Mentoring Partnership",
    "{city} Survivors Network", "{state} Juvenile Court Improvement Project",
    "{city} Center for Girls and Young Women", "{city} Community Shelter Services",
    "{state} Institute for Child Protection", "{city} Legal Aid for Youth",
    "{city} Health and Trafficking Clinic", "{state} Center on Child Exploitation Research",
    "{city} Youth Empowerment Project", "{city} Restorative Justice Collaborative",
)  # fmt: skip
ORG_QUALIFIERS = ("", "Greater ", "North ", "South ", "East ", "West ", "Metro ",
                  "Central ", "Upper ", "Lower ")  # fmt: skip
LOG_AWARD_LOW, LOG_AWARD_HIGH = math.log(50_000), math.log(3_000_000)
FUNDER_KEYS = ("ojjdp", "ovc", "ojp", "hhs", "samhsa", "doj")

#: Sentence openings for overviews and highlights.
OPENERS = (
    "The program serves", "Staff work with", "Partners coordinate", "Services include",
    "The curriculum covers", "Participants learn about", "The evaluation found that",
    "In its first year the project reached", "Youth receive", "The team responds to",
    "Trainers prepare", "The guide describes", "Survivors help design", "Advocates provide",
    "The court refers", "Outreach workers meet", "The shelter offers", "Mentors support",
)  # fmt: skip


def _words(text: str) -> list[str]:
    return text.split()


#: The head of the filler distribution: common English words, most frequent first.
COMMON_WORDS = _words("""
the of and to in for a with on that is by as are from this an or at be their which who
have through has its into will were was more other also can all these it not been they
about such may each among both over than most within how when new these across while
between those many through after during under our them who where help well based first
""")
#: Domain and general content words, roughly by frequency.
CONTENT_WORDS = _words("""
youth services children program community support young people victims survivors law
enforcement agencies local state national trafficking exploitation sexual commercial child
girls boys families providers court juvenile justice prevention care safety shelter housing
outreach partners staff case management mental health education schools risk screening
identification response intervention mentoring advocacy advocates counseling recovery trauma
informed legal prosecution police officers judges prosecutors probation detention placement
foster welfare runaway homeless street online internet abuse violence assessment evaluation
data research practices policy protocol model approach coordination collaboration
multidisciplinary team teams network coalition project initiative technical assistance
curriculum toolkit guide report materials resources hotline crisis referral referrals peer
leadership empowerment employment skills life substance medical clinic emergency
transitional residential stability term access barriers needs gaps awareness public
campaign media social workers nurses physicians educators parents caregivers tribal rural
urban lgbtq immigrant culturally responsive gender specific victim identify training
trainings services county city agency department office federal grant funding award
partnership planning implementation outcomes goals strategies approaches practitioners
professionals frontline systems system reform diversion harbor safe protection protective
investigations investigators cases case exploited missing sexually commercially recruited
recruitment traffickers buyers demand pimps online platforms apps social networking
technology digital images material reporting reports tips tipline webinar workshop
sessions modules participants facilitators students teachers classroom school-based
after-school drop-in center centers housing beds placement placements transitional
independent living aftercare survivor-led lived experience voices leaders advisory board
members coordinators navigator navigators advocates hospital emergency department
screening tool tools indicators signs risk factors vulnerabilities protective runaways
homelessness instability poverty neglect maltreatment abuse history involvement
""")

#: Syllables of the made-up, name-like tail words ("bradelo", "kuvaisto").
_ONSETS = ("b", "br", "d", "dr", "f", "g", "gr", "k", "kl", "l", "m", "n", "p", "pl", "r", "s",
           "st", "t", "tr", "v", "z")  # fmt: skip
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea")
SYLLABLES = tuple(o + v for o in _ONSETS for v in _VOWELS)
TAIL_LIMIT = len(SYLLABLES) ** 3
#: Share of filler words drawn from the made-up tail (the rest: common and domain words).
TAIL_SHARE = 0.15


def tail_size(size: int) -> int:
    """How many made-up words the vocabulary of a catalog of ``size`` resources has."""
    return 20_000 + size // 2


def tail_word(rank: int) -> str:
    """The made-up word of ``rank`` (0-based), unique for every rank below TAIL_LIMIT.

    Ranks are scrambled (an invertible multiplication modulo TAIL_LIMIT) so that words of
    neighbouring ranks start with different syllables.
    """
    n = len(SYLLABLES)
    code = (rank * 2_654_435_761 + 12_345) % TAIL_LIMIT
    return SYLLABLES[code // (n * n) % n] + SYLLABLES[code // n % n] + SYLLABLES[code % n] + "n"


def filler_vocabulary(size: int) -> list[str]:
    """Every filler word, most frequent first: common, then domain, then the tail."""
    head = list(dict.fromkeys(COMMON_WORDS + CONTENT_WORDS))
    return head + [tail_word(rank) for rank in range(tail_size(size))]


def slugify(text: str) -> str:
    """Lowercase words and digits joined by dashes."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --------------------------------------------------------------------------- generator


@dataclass(frozen=True)
class _Org:
    key: str
    name: str
    city: str
    state: str


def _zipf_cum(count: int, exponent: float) -> list[float]:
    total = 0.0
    cumulative: list[float] = []
    for rank in range(1, count + 1):
        total += 1.0 / rank**exponent
        cumulative.append(total)
    return cumulative


class SyntheticCatalog:
    """The synthetic catalog of ``size`` resources; iterate it for the records (lazily).

    Iterating twice yields the same records. ``generate_seconds`` accumulates the time
    spent making records (for telling generator cost from database cost in a build), also
    by a copy that a parallel build's producer process iterates (it is in shared memory).
    """

    FILLER_BLOCK = 1 << 18
    RECORD_BLOCK = 1000

    def __init__(self, size: int, *, seed: int = SEED) -> None:
        started = time.perf_counter()
        self._seconds = multiprocessing.RawValue("d", 0.0)
        self.size = size
        self.seed = seed
        self.base = read_catalog_source(DATA)
        if not any(v.facet == "topic" for v in self.base.vocabulary):
            raise RuntimeError(f"no vocabularies could be read from {DATA}")
        known = {o.key for o in self.base.organizations}
        self.known_funders = [k for k in FUNDER_KEYS if k in known]
        self.organizations = self._make_organizations(max(5, size // 50))
        words = filler_vocabulary(size)
        head = len(words) - tail_size(size)
        # Zipf-Mandelbrot over the head (common, then domain words), and Zipf within the
        # tail, which gets TAIL_SHARE of all draws.
        weights = 1.0 / (np.arange(1, len(words) + 1, dtype=np.float64) + 2.7)
        weights[:head] *= (1 - TAIL_SHARE) / weights[:head].sum()
        tail = 1.0 / np.arange(1, len(words) - head + 1, dtype=np.float64)
        weights[head:] = tail * (TAIL_SHARE / tail.sum())
        self._filler = np.array(words, dtype=object)
        self._filler_cum = np.cumsum(weights)
        self._seconds.value = time.perf_counter() - started

    @property
    def generate_seconds(self) -> float:
        """Seconds spent making records so far (in this process and its producers)."""
        return float(self._seconds.value)

    def __len__(self) -> int:
        return self.size

    # ---- organizations and content

    def _make_organizations(self, count: int) -> list[_Org]:
        rng = random.Random(self.seed + 1)
        taken = {o.key for o in self.base.organizations}
        names: set[str] = set()
        result: list[_Org] = []
        while len(result) < count:
            city, state = rng.choice(CITIES)
            pattern = rng.choice(ORG_PATTERNS)
            qualifier = rng.choice(ORG_QUALIFIERS) if "{city}" in pattern else ""
            name = pattern.format(city=qualifier + city, state=STATE_NAMES[state])
            attempt = 2
            base_name = name
            while name in names:
                name = f"{base_name} {attempt}"
                attempt += 1
            key = slugify(name)
            if key in taken:
                continue
            names.add(name)
            taken.add(key)
            result.append(_Org(key=key, name=name, city=city, state=state))
        return result

    def content(self) -> CatalogContent:
        """The catalog content the records go with: vocabularies, organizations, sources."""
        organizations = list(self.base.organizations) + [
            OrganizationRecord(
                key=o.key,
                name=o.name,
                acronym="".join(w[0] for w in o.name.split() if w[0].isupper())
                if len(o.key) % 3 == 0
                else None,
                website=f"https://{o.key}.example.org",
                city=o.city,
                state=o.state,
            )
            for o in self.organizations
        ]
        source = SourceRecord(
            key=SOURCE_KEY,
            title="Synthetic benchmark catalog (generated; not real resources)",
            as_of=PartialDate(2026),
            note=f"benchmarks/synthetic.py version {GENERATOR_VERSION}, seed {self.seed}",
        )
        return CatalogContent(
            resources=[],
            organizations=organizations,
            sources=[*self.base.sources, source],
            vocabulary=list(self.base.vocabulary),
            synonyms=list(self.base.synonyms),
            content_hash=f"synthetic-v{GENERATOR_VERSION}-{self.size}-{self.seed}",
        )

    # ---- records

    def __iter__(self) -> Iterator[ResourceRecord]:
        state = _GeneratorState(self)
        done = 0
        while done < self.size:
            started = time.perf_counter()
            count = min(self.RECORD_BLOCK, self.size - done)
            # The cyclic GC would otherwise run dozens of times per block over records that
            # are all alive (40 % of the generator's time); records hold no cycles.
            enabled = gc.isenabled()
            gc.disable()
            try:
                block = [state.record(done + offset) for offset in range(count)]
            finally:
                if enabled:
                    gc.enable()
            self._seconds.value += time.perf_counter() - started
            done += count
            yield from block


class _GeneratorState:
    """One pass over the records: the random streams and the recent ids for links."""

    def __init__(self, catalog: SyntheticCatalog) -> None:
        self.catalog = catalog
        self.rng = random.Random(catalog.seed)
        self.rnd = self.rng.random
        self.orgs = catalog.organizations
        self.np_rng = np.random.Generator(np.random.PCG64(catalog.seed))
        self.words: list[str] = []
        self.cursor = 0
        self.recent: list[str] = []
        self.focus_cum = _zipf_cum(len(FOCUSES), 0.9)
        self.audience_cum = _zipf_cum(len(AUDIENCES), 0.8)
        self.org_cum = _zipf_cum(len(catalog.organizations), 0.7)
        self.topic_codes = [v.code for v in catalog.base.vocabulary if v.facet == "topic"]
        self.kinds = ("program", "training", "publication", "website", "hotline", "organization")
        self.kind_cum = (0.36, 0.56, 0.80, 0.87, 0.91, 1.0)
        self.focus_text = {f: (f if f.isupper() else f.lower(), slugify(f)) for f, _ in FOCUSES}

    def filler(self, count: int) -> str:
        """``count`` filler words drawn from the Zipf distribution, as text."""
        if self.cursor + count > len(self.words):
            cum = self.catalog._filler_cum
            draws = self.np_rng.random(SyntheticCatalog.FILLER_BLOCK) * cum[-1]
            indexes = np.searchsorted(cum, draws)
            self.words = self.catalog._filler[indexes].tolist()
            self.cursor = 0
        start = self.cursor
        self.cursor += count
        return " ".join(self.words[start : self.cursor])

    def pick(self, items: Sequence[T]) -> T:
        """One of ``items``, uniformly."""
        return items[int(self.rnd() * len(items))]

    def randint(self, low: int, high: int) -> int:
        """A whole number from ``low`` to ``high`` inclusive, uniformly."""
        return low + int(self.rnd() * (high - low + 1))

    def sentence(self, opener: str, low: int, high: int) -> str:
        return f"{opener} {self.filler(self.randint(low, high))}."

    def record(self, index: int) -> ResourceRecord:
        rnd, pick, randint = self.rnd, self.pick, self.randint
        kind = self.kinds[bisect(self.kind_cum, rnd())]
        focus, topics = FOCUSES[bisect(self.focus_cum, rnd() * self.focus_cum[-1])]
        audience, audience_codes = AUDIENCES[
            bisect(self.audience_cum, rnd() * self.audience_cum[-1])
        ]
        org = self.orgs[bisect(self.org_cum, rnd() * self.org_cum[-1])]
        if rnd() < 0.5:
            city, state = org.city, org.state
        else:
            city, state = pick(CITIES)
        state_name = STATE_NAMES[state]
        focus_l, focus_slug = self.focus_text[focus]
        audience_l = audience.lower()
        year = randint(1996, 2025)

        title = self._title(
            kind,
            focus=focus,
            audience=audience,
            city=city,
            state_name=state_name,
            org=org,
            year=year,
        )
        summary = self._summary(
            kind, org=org, focus_l=focus_l, audience_l=audience_l, city=city, state=state
        )
        overview = (
            " ".join(
                self.sentence(f"{pick(OPENERS)} {audience_l}", 6, 16) for _ in range(randint(2, 5))
            )
            if rnd() < 0.6
            else None
        )
        highlights = (
            f"Served {randint(12, 900)} young people in {year}. "
            + self.sentence(f"Partners in {city} report", 5, 12)
            if rnd() < 0.2
            else None
        )

        topic_list = list(topics)
        if rnd() < 0.6:
            topic_list.append(pick(self.topic_codes))
        if rnd() < 0.3:
            topic_list.append(pick(self.topic_codes))
        audiences = list(audience_codes)
        if rnd() < 0.4:
            audiences.append(pick(AUDIENCES)[1][0])

        record = ResourceRecord(
            id=f"{kind}/{focus_slug}-{index}",
            kind=kind,
            title=title,
            summary=summary,
            status="active",
            source=SOURCE_KEY,
            # Always to the month: the writer's max() over PartialDate raises TypeError when
            # "2016" meets "2016-05" (None < int), a bug reported to the lead engineer.
            last_verified=PartialDate(randint(2008, 2026), randint(1, 12)),
            short_title=self._acronym(title) if rnd() < 0.15 else None,
            overview=overview,
            highlights=highlights,
            organization=org.key,
            funder=pick(self.catalog.known_funders)
            if self.catalog.known_funders and rnd() < 0.55
            else None,
            service_area=("national", "state", "city")[bisect((0.2, 0.5), rnd())],
            website=f"https://{org.key}.example.org/{kind}s/{index}" if rnd() < 0.6 else None,
            email=f"info@{org.key}.example.org" if rnd() < 0.2 else None,
            languages=["en", "es"] if rnd() < 0.2 else ["en"],
            topics=list(dict.fromkeys(topic_list)),
            audiences=list(dict.fromkeys(audiences)),
        )
        self._kind_facts(record, kind, city=city, state=state, year=year)
        if self.recent and rnd() < 0.12:
            target = pick(self.recent)
            record.related.append(
                RelatedRecord(target, pick(("related", "part_of", "site_of", "has_part")))
            )
        if len(self.recent) >= 2000:
            del self.recent[:1000]
        self.recent.append(record.id)
        return record

    def _title(
        self,
        kind: str,
        *,
        focus: str,
        audience: str,
        city: str,
        state_name: str,
        org: _Org,
        year: int,
    ) -> str:
        pick = self.pick
        choice = self.rnd()
        if kind == "program":
            noun = pick(PROGRAM_NOUNS)
            if choice < 0.4:
                return f"{city} {focus} {noun}"
            if choice < 0.9:
                return f"{focus} {noun} for {audience}"
            return f"Project {self.filler(1).capitalize()}: {focus} for {audience}"
        if kind == "training":
            noun = pick(TRAINING_NOUNS)
            if choice < 0.6:
                return f"{focus} {noun} for {audience}"
            return f"{focus}: A {noun} for {audience}"
        if kind == "publication":
            noun = pick(PUBLICATION_NOUNS)
            if choice < 0.5:
                return f"{focus}: A {noun} for {audience}"
            if choice < 0.8:
                return f"{noun} on {focus} in {state_name}"
            return f"{year} {noun}: {focus}"
        if kind == "hotline":
            if choice < 0.5:
                return f"{state_name} {focus} Hotline"
            return f"{city} {focus} Crisis Line"
        if kind == "website":
            noun = pick(WEBSITE_NOUNS)
            return f"{focus} {noun}" if choice < 0.5 else f"{state_name} {focus} {noun}"
        return org.name

    def _summary(
        self, kind: str, *, org: _Org, focus_l: str, audience_l: str, city: str, state: str
    ) -> str:
        if kind == "program":
            lead = f"{org.name} provides {focus_l} services for {audience_l} in {city}, {state}."
        elif kind == "training":
            lead = f"A training that prepares {audience_l} to recognize and respond to {focus_l}."
        elif kind == "publication":
            lead = f"This publication describes {focus_l} practices for {audience_l}."
        elif kind == "hotline":
            lead = f"A confidential hotline for {audience_l} affected by {focus_l}."
        elif kind == "website":
            lead = f"An online resource on {focus_l} for {audience_l}."
        else:
            lead = (
                f"{org.name} is a nonprofit in {city}, {state} serving {audience_l} "
                f"affected by {focus_l}."
            )
        return f"{lead} {self.sentence('It', 8, 20)}"

    @staticmethod
    def _acronym(title: str) -> str:
        letters = "".join(w[0] for w in title.split() if w[:1].isalpha() and w[0].isupper())
        return letters or title[:10]

    def _kind_facts(
        self, record: ResourceRecord, kind: str, *, city: str, state: str, year: int
    ) -> None:
        rnd, pick, randint = self.rnd, self.pick, self.randint
        if kind in ("program", "training") and rnd() < (0.7 if kind == "program" else 0.4):
            for position in range(1 if rnd() < 0.8 else 2):
                start = year + 2 * position
                months = randint(12, 48)
                end_month = (randint(1, 12) + months) % 12 + 1
                log_amount = LOG_AWARD_LOW + rnd() * (LOG_AWARD_HIGH - LOG_AWARD_LOW)
                amount = round(math.exp(log_amount), -3)
                record.awards.append(
                    AwardRecord(
                        amount=int(amount),
                        label="supplemental award" if position else None,
                        fiscal_year=start,
                        start=PartialDate(start, randint(1, 12)),
                        end=PartialDate(start + months // 12 + 1, end_month),
                    )
                )
            ended = max(a.end.year for a in record.awards if a.end) < 2025
            record.status = "completed" if ended else "active"
            record.category = pick(
                ("direct_service", "collaborative_demonstration", "initiative", "research")
                if kind == "program"
                else ("tta",)
            )
        elif kind == "training":
            record.category = "tta"
        if rnd() < 0.07:
            record.status = "defunct"
        if kind == "program":
            record.sites.append(SiteRecord(city=city, state=state, role="project site"))
            for _ in range(randint(0, 2)):
                other_city, other_state = pick(CITIES)
                record.sites.append(
                    SiteRecord(city=other_city, state=other_state, role="pilot site")
                )
            if rnd() < 0.4:
                # Who it serves, stated for a part of the programs only, as in a real
                # directory: most facts stay unknown.
                record.eligibility = EligibilityRecord(
                    ages_min=pick((10, 12, 13, 14)),
                    ages_max=pick((17, 18, 21, 24)),
                    genders=pick(GENDER_CHOICES) if rnd() < 0.3 else [],
                    survivor_led=True if rnd() < 0.3 else None,
                    lgbtq_affirming=True if rnd() < 0.3 else None,
                    no_police_report=(rnd() < 0.7) if rnd() < 0.2 else None,
                    minors_without_consent=(rnd() < 0.5) if rnd() < 0.15 else None,
                    free_of_charge=(rnd() < 0.9) if rnd() < 0.3 else None,
                    foreign_national_minors=True if rnd() < 0.1 else None,
                    immigrant_friendly=True if rnd() < 0.15 else None,
                )
            if rnd() < 0.25:
                record.contacts.append(
                    ContactRecord("phone", f"{pick(AREA_CODES)}-555-01{randint(0, 99):02d}")
                )
                record.hours = "Monday–Friday 9am–5pm"
        elif kind == "publication":
            record.published = (
                PartialDate(year, randint(1, 12)) if rnd() < 0.6 else PartialDate(year)
            )
            record.publisher = record.funder or record.organization
            record.format = pick(FORMATS)
            record.series = pick(SERIES) if rnd() < 0.2 else None
            record.category = "research" if rnd() < 0.3 else None
        elif kind == "hotline":
            record.category = pick(("crisis_line", "reporting"))
            record.hours = "24/7"
            # Many national lines reach any language through interpreters, and say they
            # are free; most local lines state neither.
            if rnd() < 0.3:
                record.languages.append("interpreters")
            if rnd() < 0.4:
                record.eligibility = EligibilityRecord(free_of_charge=True)
            record.contacts.append(
                ContactRecord(
                    "phone",
                    f"1-800-555-01{randint(0, 99):02d}",
                    label="Call",
                    hours="24/7",
                    languages=list(record.languages),
                )
            )
            if rnd() < 0.3:
                record.contacts.append(ContactRecord("tty", f"1-800-555-01{randint(0, 99):02d}"))
            if record.service_area != "national":
                record.sites.append(SiteRecord(state=state))
        elif kind == "website":
            record.category = "directory"
        elif kind == "organization":
            record.sites.append(SiteRecord(city=city, state=state, role="headquarters"))


#: The genders a program states it serves, when it states any.
GENDER_CHOICES = (["girls"], ["boys"], ["girls", "boys"], ["girls", "transgender_nonbinary"])


# --------------------------------------------------------------------------- building


@dataclass
class BuildInfo:
    """What a build of a synthetic catalog took."""

    size: int
    generator_version: int = GENERATOR_VERSION
    schema_version: int = CATALOG_SCHEMA_VERSION
    build_code: str = ""
    build_s: float = 0.0
    #: Seconds of the build spent making the synthetic records (not the database's cost).
    generate_s: float = 0.0
    #: Seconds from the start of the build to the first report of each progress stage.
    stages: dict[str, float] = field(default_factory=dict)
    build_peak_rss_mb: float = 0.0
    #: The peak of a parallel build's producer process (0 for a build without one).
    producer_peak_rss_mb: float = 0.0
    db_bytes: int = 0
    built_at: str = ""


def build_code_hash() -> str:
    """A fingerprint of the code that shapes the catalog file (schema, writer, indexer)."""
    digest = hashlib.sha256()
    folder = Path(csec_desktop.__file__).resolve().parent / "catalog"
    for name in BUILD_CODE:
        path = folder / name
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"(missing)")
    return digest.hexdigest()[:16]


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """The peak resident memory of this process (or, with ``RUSAGE_CHILDREN``, of its
    largest ended child), in MB (Linux reports KB, macOS bytes)."""
    peak = resource.getrusage(who).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def build_with_info(size: int, path: Path, progress: Progress | None = None) -> BuildInfo:
    """Build the synthetic catalog of ``size`` resources at ``path``; report what it took."""
    from csec_desktop.catalog.storage.store import build_catalog

    started = time.perf_counter()
    stages: dict[str, float] = {}

    def report(done: int, total: int, stage: str) -> None:
        if stage not in stages:
            stages[stage] = round(time.perf_counter() - started, 3)
        if progress is not None:
            progress(done, total, stage)

    catalog = SyntheticCatalog(size)
    build_catalog(
        path,
        catalog.content(),
        resources=catalog,
        origin="benchmark",
        progress=report,
        parallel=size >= PARALLEL_FROM,
    )
    build_s = time.perf_counter() - started
    return BuildInfo(
        size=size,
        build_code=build_code_hash(),
        build_s=round(build_s, 3),
        generate_s=round(catalog.generate_seconds, 3),
        stages=stages,
        build_peak_rss_mb=peak_rss_mb(),
        producer_peak_rss_mb=peak_rss_mb(resource.RUSAGE_CHILDREN),
        db_bytes=path.stat().st_size,
        built_at=time.strftime("%Y-%m-%dT%H:%M:%S"),
    )


def cache_dir(size: int) -> Path:
    """Where the cached catalog of ``size`` resources lives."""
    return CACHE / str(size)


def cached_build(size: int) -> BuildInfo | None:
    """The build record of the cached catalog of ``size``, if it is current; else None."""
    folder = cache_dir(size)
    try:
        raw = json.loads((folder / STAMP_FILE).read_text(encoding="utf-8"))
        info = BuildInfo(**raw)
    except (OSError, ValueError, TypeError):
        return None
    current = (
        info.size == size
        and info.generator_version == GENERATOR_VERSION
        and info.schema_version == CATALOG_SCHEMA_VERSION
        and info.build_code == build_code_hash()
        and (folder / CATALOG_FILE).exists()
    )
    return info if current else None


def ensure_cached_catalog(
    size: int, *, rebuild: bool = False, progress: Progress | None = None
) -> tuple[Path, BuildInfo, bool]:
    """The cached catalog of ``size`` (built first if missing, stale or ``rebuild``).

    Returns its path, its build record and whether it was built now.
    """
    folder = cache_dir(size)
    path = folder / CATALOG_FILE
    with _cache_lock(folder):  # another process may be building the same catalog
        info = None if rebuild else cached_build(size)
        if info is not None:
            return path, info, False
        (folder / STAMP_FILE).unlink(missing_ok=True)
        info = build_with_info(size, path, progress)
        stamp = json.dumps(asdict(info), indent=2) + "\n"
        (folder / STAMP_FILE).write_text(stamp, encoding="utf-8")
    return path, info, True


@contextmanager
def _cache_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (POSIX; elsewhere no lock is taken)."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:
        yield
        return
    with (folder / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def print_progress(done: int, total: int, stage: str, *, _last: list[Any] = [None, 0.0]) -> None:  # noqa: B006
    """Progress to stderr: each new stage, and every few seconds within one."""
    now = time.monotonic()
    if stage != _last[0] or now - _last[1] >= 5:
        share = f" {done:,}/{total:,}" if total else (f" {done:,}" if done else "")
        print(f"  [{time.strftime('%H:%M:%S')}] {stage}{share}", file=sys.stderr, flush=True)
        _last[0], _last[1] = stage, now


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build (or reuse) a cached synthetic catalog.")
    parser.add_argument("--size", type=int, required=True, help="number of resources")
    parser.add_argument("--rebuild", action="store_true", help="build even if cached")
    args = parser.parse_args(argv)
    path, info, built = ensure_cached_catalog(
        args.size, rebuild=args.rebuild, progress=print_progress
    )
    print(json.dumps({"path": str(path), "built": built, **asdict(info)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
