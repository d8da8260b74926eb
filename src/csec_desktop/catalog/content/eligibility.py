"""Who a resource serves, as the facts a caseworker filters on for the client in front of
them: ages, genders, languages and yes/no facts (24/7, free, no police report …).

A fact is stated by a source or unknown, never guessed: each yes/no fact is True, False
or None ("not stated"), and a resource that states no ages serves no age we know of.
The index keeps them as tags (:func:`derived_tags`), so that filters and counts need no
SQL: ``fact`` (the facts stated yes), ``fact_stated`` (stated either way), ``gender``, and
``age`` (each age from 0 to :data:`MAX_CLIENT_AGE` served).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from csec_desktop.catalog.content.records import ELIGIBILITY_FLAGS, ResourceRecord

#: The yes/no facts, in the order the window lists them.
FACTS = ("open_24_7", "free_of_charge", *[f for f in ELIGIBILITY_FLAGS if f != "free_of_charge"])
#: Ages past this are one: the desk serves children and young adults.
MAX_CLIENT_AGE = 25
#: Hours that mean always open.
_ALWAYS = re.compile(r"^\s*(24/7|24 hours(,| a day,)? 7 days a week)\s*$", re.IGNORECASE)
#: How :func:`why_it_fits` words ages and what is not stated, and how a result row says
#: how far a resource is (``search/nearby.py``), in English; :func:`fit_words` gives them
#: in a language (a sheet uses the same ages in its label table, ``display/sheets.py``).
FIT_WORDS = {
    "ages": "ages {low}–{high}",
    "ages_from": "ages {low}+",
    "ages_to": "ages up to {high}",
    "age_not_stated": "ages not stated",
    "gender_not_stated": "gender not stated",
    "language_not_stated": "languages not stated",
    "miles": "{miles} mi",
    "serves_state": "serves {state}",
    "serves_everywhere": "serves everywhere",
    "place_not_stated": "place not stated",
}
#: The same in Spanish, as a caseworker reads it in a result row or on a sheet.
FIT_WORDS_ES = {
    "ages": "de {low} a {high} años",
    "ages_from": "desde los {low} años",
    "ages_to": "hasta los {high} años",
    "age_not_stated": "edad no indicada",
    "gender_not_stated": "género no indicado",
    "language_not_stated": "idiomas no indicados",
    "miles": "{miles} mi",
    "serves_state": "atiende en {state}",
    "serves_everywhere": "atiende en todo el país",
    "place_not_stated": "lugar no indicado",
}
_FIT_WORDS = {"en": FIT_WORDS, "es": FIT_WORDS_ES}


def fit_words(language: str) -> Mapping[str, str]:
    """:data:`FIT_WORDS` in ``language`` (a code: "en", "es"); English for any other."""
    return _FIT_WORDS.get(language, FIT_WORDS)


def open_24_7(record: ResourceRecord) -> bool | None:
    """True when the resource's hours (or a contact's) say 24/7, False when its own hours
    say otherwise, None when no hours are stated."""
    if record.hours:
        return bool(_ALWAYS.match(record.hours))
    hours = [contact.hours for contact in record.contacts if contact.hours]
    if any(_ALWAYS.match(h) for h in hours):
        return True
    return None


def stated_facts(record: ResourceRecord) -> dict[str, bool]:
    """The yes/no facts a source states of ``record`` (those not stated are absent)."""
    facts = {"open_24_7": open_24_7(record)}
    facts.update({flag: getattr(record.eligibility, flag) for flag in ELIGIBILITY_FLAGS})
    return {fact: value for fact, value in facts.items() if value is not None}


def ages_served(record: ResourceRecord) -> range:
    """The ages from 0 to :data:`MAX_CLIENT_AGE` the resource states it serves (empty: not
    stated). A bound not stated is open: "up to 21" serves every age to 21."""
    low, high = record.eligibility.ages_min, record.eligibility.ages_max
    if low is None and high is None:
        return range(0)
    first = 0 if low is None else min(low, MAX_CLIENT_AGE + 1)
    last = MAX_CLIENT_AGE if high is None else min(high, MAX_CLIENT_AGE)
    return range(first, last + 1)


def derived_tags(record: ResourceRecord) -> list[tuple[str, str]]:
    """The (facet, code) tags the index keeps for filtering on ``record``'s eligibility."""
    facts = stated_facts(record)
    return [
        *(("gender", code) for code in record.eligibility.genders),
        *(("fact", fact) for fact, value in facts.items() if value),
        *(("fact_stated", fact) for fact in facts),
        *(("age", str(age)) for age in ages_served(record)),
    ]


@dataclass(frozen=True)
class Stated:
    """What a resource states about whom it serves, as the index keeps it: each age served
    (0 to :data:`MAX_CLIENT_AGE`, ascending), gender and language codes, and the yes/no
    facts stated yes."""

    ages: Sequence[int] = ()
    genders: Sequence[str] = ()
    languages: Sequence[str] = ()
    facts: Collection[str] = ()


def stated(record: ResourceRecord) -> Stated:
    """What ``record`` states, as :func:`derived_tags` gives it to the index."""
    return Stated(
        ages=ages_served(record),
        genders=record.eligibility.genders,
        languages=record.languages,
        facts=[fact for fact, value in stated_facts(record).items() if value],
    )


def lower_first(label: str) -> str:
    """A label inside a sentence: "Free of charge" → "free of charge", but
    "LGBTQ-affirming" stays."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def why_it_fits(
    facts: Stated,
    label: Callable[[str, str], str],
    asked: Collection[str] | None = None,
    words: Mapping[str, str] = FIT_WORDS,
) -> list[str]:
    """Why a resource fits, short, as a result row and a sheet say it: "ages 12–17",
    "girls and young women", "Spanish", "open 24/7", "no police report required".

    ``label`` names a (facet, code). ``asked`` (the names of a client's needs: "age",
    "gender", "language" and facts) says only those, and "ages not stated" and the like
    where the resource does not say, so the caseworker knows to ask; None says every fact
    the resource states and nothing of what it does not (a sheet).
    """

    def wanted(name: str) -> bool:
        return asked is None or name in asked

    said: list[str] = []
    if wanted("age"):
        if facts.ages:
            low, high = facts.ages[0], facts.ages[-1]
            # A bound not stated is open (ages_served): "up to 17", never "0–17".
            key = "ages_from" if high >= MAX_CLIENT_AGE else "ages_to" if low == 0 else "ages"
            said.append(words[key].format(low=low, high=high))
        elif asked is not None:
            said.append(words["age_not_stated"])
    for facet, codes in (("gender", facts.genders), ("language", facts.languages)):
        if not wanted(facet):
            continue
        if codes:
            named = [label(facet, code) for code in codes]
            said.append(", ".join(lower_first(n) if facet == "gender" else n for n in named))
        elif asked is not None:
            said.append(words[f"{facet}_not_stated"])
    said += [lower_first(label("fact", f)) for f in FACTS if f in facts.facts and wanted(f)]
    return said
