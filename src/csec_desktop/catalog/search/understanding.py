"""Query understanding: which words of a request carry its topic, and which say something else.

People type needs, not catalog words: "human trafficking hotline number", "program for
men who buy sex", "mentoring for girls in new york". Before a query is matched, its plain
words (not quoted phrases, not ``OR`` groups, not exclusions or field filters) are read
against a reviewed vocabulary (``data/concepts.toml``) and the places of the US:

- **filler** ("help for", "number", "near", "in") carries no topic and is never required;
- **intent** ("hotline", "call", "training", "guide", "study") says which kind of resource
  to put first, and is not required either;
- **places** (a state's name, an upper-case abbreviation such as ``NY``, a city) say where:
  resources there come first, then national ones;
- everything else is **content**: the words a resource must match. Content words that
  belong to a concept ("kids" / "children" / "minors") are expanded by the engine.

:func:`understand` never raises, and :func:`read_query_vocabulary` validates the
vocabulary file for ``csec-catalog validate``.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csec_desktop.catalog.content.states import STATE_NAMES
from csec_desktop.catalog.index.indexing import words
from csec_desktop.catalog.search.query import ParsedQuery, Term

#: The vocabulary file in a catalog source folder (``data/``).
VOCABULARY_FILE = "concepts.toml"
KINDS = ("program", "training", "hotline", "publication", "website", "organization")
#: The longest filler, intent, concept or place phrase looked for, in words.
LONGEST_PHRASE = 4
#: Upper-case two-letter words that are also everyday English or query operators, never
#: read as a state abbreviation on their own ("IN", "OR", "ME", "OK", "HI", "OH", "AS").
NOT_STATES = frozenset({"IN", "OR", "ME", "OK", "HI", "OH", "AS", "ID", "AL", "DE", "PA"})
#: Words before a place that make a short or ambiguous name a place ("in ca", "near mobile").
LOCATIVES = frozenset({"in", "near", "around", "nearby"})
#: Everyday names of places that the city list spells otherwise.
CITY_ALIASES = {"nyc": ("New York", "NY")}


@dataclass(frozen=True)
class Intent:
    """Words that say which kinds of resource the person wants first."""

    kinds: tuple[str, ...]
    words: tuple[str, ...]
    categories: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Concept:
    """Equivalent ways to say one thing; each finds resources that use any other."""

    name: str
    words: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class QueryVocabulary:
    """The reviewed vocabulary of query understanding (``data/concepts.toml``)."""

    filler: tuple[str, ...] = ()
    intents: tuple[Intent, ...] = ()
    concepts: tuple[Concept, ...] = ()

    @functools.cached_property
    def filler_phrases(self) -> frozenset[tuple[str, ...]]:
        """Filler phrases as tuples of index words."""
        return frozenset(tuple(words(phrase)) for phrase in self.filler if words(phrase))

    @functools.cached_property
    def intent_phrases(self) -> dict[tuple[str, ...], Intent]:
        """Intent phrases as tuples of index words, with the intent each says."""
        found: dict[tuple[str, ...], Intent] = {}
        for intent in self.intents:
            for phrase in intent.words:
                found.setdefault(tuple(words(phrase)), intent)
        found.pop((), None)
        return found

    @functools.cached_property
    def concept_phrases(self) -> frozenset[tuple[str, ...]]:
        """Every concept word or phrase as a tuple of index words."""
        return frozenset(
            tuple(words(phrase)) for c in self.concepts for phrase in c.words if words(phrase)
        )


@dataclass(frozen=True)
class Place:
    """A place named in a query: a state, or a city in a state."""

    name: str
    state: str
    city: str | None = None


@dataclass(frozen=True)
class Understanding:
    """What a query's words say, beyond the words a resource must match.

    ``query`` is the parsed query with only its content words left (filters, phrases, OR
    groups and exclusions untouched). The other fields hold the words set aside, as typed.
    """

    query: ParsedQuery
    filler: tuple[str, ...] = ()
    intent_words: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    #: Categories the intent words ask for besides kinds ("study": research).
    categories: tuple[str, ...] = ()
    place_words: tuple[str, ...] = ()
    places: tuple[Place, ...] = ()
    concept_words: tuple[str, ...] = field(default=())

    @property
    def only_filler(self) -> bool:
        """True when every word typed is filler: there is nothing to search for."""
        return bool(self.filler) and not (
            self.query.clauses
            or self.query.excluded
            or self.query.filters
            or self.kinds
            or self.places
        )

    @property
    def place_name(self) -> str:
        """The places named, for a sentence ("Chicago", "Georgia or Texas")."""
        return " or ".join(dict.fromkeys(place.name for place in self.places))


# --------------------------------------------------------------------------- reading


def read_query_vocabulary(raw: Mapping[str, Any]) -> tuple[QueryVocabulary, list[str]]:
    """The vocabulary in a ``concepts.toml``-shaped mapping, and what is wrong with it."""
    problems: list[str] = []

    def phrases(value: object, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"{where}: 'words' must be a list of text")
            return ()
        kept: list[str] = []
        for phrase in value:
            tokens = words(phrase)
            if not tokens:
                problems.append(f"{where}: {phrase!r} has no word in it")
            elif len(tokens) > LONGEST_PHRASE:
                problems.append(f"{where}: {phrase!r} is longer than {LONGEST_PHRASE} words")
            elif phrase != phrase.strip().lower():
                problems.append(f"{where}: {phrase!r} must be lower case, without outer spaces")
            else:
                kept.append(phrase)
        return tuple(kept)

    def tables(name: str) -> list[Mapping[str, Any]]:
        value = raw.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            problems.append(f"[[{name}]] must be a list of tables")
            return []
        return value

    filler_table = raw.get("filler", {})
    filler = phrases(
        filler_table.get("words", []) if isinstance(filler_table, Mapping) else None, "filler"
    )
    intents: list[Intent] = []
    for number, table in enumerate(tables("intent"), start=1):
        where = f"intent {number}"
        kinds = table.get("kinds", [])
        if not isinstance(kinds, list) or not kinds or any(k not in KINDS for k in kinds):
            problems.append(f"{where}: 'kinds' must list kinds of resource ({', '.join(KINDS)})")
            continue
        categories = table.get("categories", [])
        if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
            problems.append(f"{where}: 'categories' must be a list of category codes")
            categories = []
        intents.append(
            Intent(
                tuple(kinds),
                phrases(table.get("words"), where),
                tuple(categories),
                str(table.get("note", "")),
            )
        )
    concepts: list[Concept] = []
    names: set[str] = set()
    for number, table in enumerate(tables("concept"), start=1):
        name = table.get("name")
        where = f"concept {name!r}" if isinstance(name, str) else f"concept {number}"
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{where}: needs a 'name'")
            continue
        if name in names:
            problems.append(f"{where}: the name is used twice")
        names.add(name)
        found = phrases(table.get("words"), where)
        if len(found) < 2:
            problems.append(f"{where}: must list two or more words")
            continue
        concepts.append(Concept(name, found, str(table.get("note", ""))))
    return QueryVocabulary(filler, tuple(intents), tuple(concepts)), problems


def vocabulary_from_file(path: Path) -> tuple[QueryVocabulary, list[str]]:
    """Read a ``concepts.toml`` file; an unreadable file is one problem, never an exception."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return QueryVocabulary(), [f"{path.name} cannot be read: {error}"]
    return read_query_vocabulary(raw)


def concepts_not_in(vocabulary: QueryVocabulary, text: str) -> list[str]:
    """Names of the concepts none of whose words or phrases occur in ``text`` (a word
    counts in any of its plain English forms: "survivors" occurs where "survivor" does)."""
    present = {_base(token) for token in words(text)}
    missing = []
    for concept in vocabulary.concepts:
        if not any(
            all(_base(token) in present for token in words(phrase)) for phrase in concept.words
        ):
            missing.append(concept.name)
    return missing


def _base(word: str) -> str:
    """A rough stem for telling whether a word occurs: plural and verb endings off."""
    for ending in ("ing", "ies", "es", "ed", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + ("y" if ending == "ies" else "")
    return word


@functools.cache
def bundled_vocabulary() -> QueryVocabulary:
    """The vocabulary installed with the application (empty if it is missing or bad)."""
    from csec_desktop.paths import bundled_catalog_source

    vocabulary, problems = vocabulary_from_file(bundled_catalog_source() / VOCABULARY_FILE)
    return vocabulary if not problems else QueryVocabulary()


# --------------------------------------------------------------------------- places


class Gazetteer:
    """The places a query can name: states (by name or abbreviation) and the US cities
    ``cities`` (name, state)."""

    def __init__(self, cities: Iterable[tuple[str, str]]) -> None:
        self._states = {tuple(words(name)): code for code, name in STATE_NAMES.items()}
        self._cities: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for city, state in cities:
            self._add(tuple(words(city)), city, state)
        for alias, (city, state) in CITY_ALIASES.items():
            self._add((alias,), city, state)

    def _add(self, tokens: tuple[str, ...], city: str, state: str) -> None:
        if tokens and state in STATE_NAMES and (city, state) not in self._cities.get(tokens, []):
            self._cities.setdefault(tokens, []).append((city, state))

    def find(
        self, tokens: Sequence[str], typed: str, after_locative: bool, common: Callable[[str], bool]
    ) -> tuple[Place, ...]:
        """The places ``tokens`` (one phrase of the query, ``typed`` as typed) name, or ().

        A two-letter state code counts in capitals ("NY") or after "in"/"near"; a city
        whose one-word name is also a catalog word (``common``: "mobile") only after
        "in"/"near".
        """
        key = tuple(tokens)
        state = self._states.get(key)
        if state is not None:
            return (Place(STATE_NAMES[state], state),)
        if len(key) == 1 and len(key[0]) == 2:
            code = key[0].upper()
            if code in STATE_NAMES and (
                after_locative or (typed.isupper() and typed not in NOT_STATES)
            ):
                return (Place(STATE_NAMES[code], code),)
            return ()
        cities = self._cities.get(key)
        if not cities:
            return ()
        if len(key) == 1 and not after_locative and common(key[0]):
            return ()
        return tuple(Place(city, state, city) for city, state in cities)


# --------------------------------------------------------------------------- understanding


@dataclass
class _Word:
    """A plain one-term clause of the query, a candidate for understanding."""

    index: int
    term: Term
    tokens: tuple[str, ...]


def understand(
    parsed: ParsedQuery,
    vocabulary: QueryVocabulary,
    gazetteer: Gazetteer | None = None,
    common: Callable[[str], bool] = lambda _word: False,
    phrases: frozenset[tuple[str, ...]] = frozenset(),
) -> Understanding:
    """Set a query's filler, intent and place words apart from its content words.

    Phrases of up to :data:`LONGEST_PHRASE` plain words are read left to right, longest
    first. A concept phrase stays content (it is what the person needs); then a place,
    an intent, filler. A word still being typed counts only once it is a whole word of
    the vocabulary. ``common`` tells whether a word is a catalog word (see
    :meth:`Gazetteer.find`). ``phrases`` are more phrases that stay content, as words
    (the catalog's synonyms: "national center for missing & exploited children" keeps its
    "for").
    """
    clauses = parsed.clauses
    plain = [
        _Word(i, clause[0], tuple(clause[0].tokens))
        for i, clause in enumerate(clauses)
        if len(clause) == 1 and not clause[0].phrase and clause[0].tokens
    ]
    set_aside: set[int] = set()
    reading = _Reading(vocabulary, gazetteer, common, phrases)
    filler, intent_words, kinds = reading.filler, reading.intent_words, reading.kinds
    place_words: list[str] = []
    places: list[Place] = []
    concept_words: list[str] = []
    position = 0
    while position < len(plain):
        taken = reading.phrase(plain, position)
        if taken is None:
            position += 1
            continue
        length, role, found_places = taken
        run = plain[position : position + length]
        typed = " ".join(w.term.text for w in run)
        if role == "concept":
            concept_words.append(typed)
        else:
            set_aside.update(w.index for w in run)
            if role == "place":
                place_words.append(typed)
                places.extend(p for p in found_places if p not in places)
        position += length
    content = tuple(c for i, c in enumerate(clauses) if i not in set_aside)
    query = ParsedQuery(parsed.text, content, parsed.excluded, parsed.filters)
    return Understanding(
        query,
        tuple(filler),
        tuple(intent_words),
        tuple(dict.fromkeys(kinds)),
        tuple(dict.fromkeys(reading.categories)),
        tuple(place_words),
        tuple(places),
        tuple(concept_words),
    )


@dataclass
class _Reading:
    """The vocabulary a query is read with, and the filler and intent words found."""

    vocabulary: QueryVocabulary
    gazetteer: Gazetteer | None
    common: Callable[[str], bool]
    phrases: frozenset[tuple[str, ...]]
    filler: list[str] = field(default_factory=list)
    intent_words: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)

    def phrase(
        self, plain: Sequence[_Word], start: int
    ) -> tuple[int, str, tuple[Place, ...]] | None:
        """The longest known phrase at ``start``: its length in clauses, role and places."""
        vocabulary, gazetteer = self.vocabulary, self.gazetteer
        previous = plain[start - 1] if start else None
        after_locative = (
            previous is not None
            and previous.index == plain[start].index - 1
            and previous.tokens in {(w,) for w in LOCATIVES}
        )
        longest = max(LONGEST_PHRASE, max((len(phrase) for phrase in self.phrases), default=0))
        for length in range(min(longest, len(plain) - start), 0, -1):
            run = plain[start : start + length]
            # Only neighbouring clauses make a phrase ("foster OR group care" is not one).
            if run[-1].index - run[0].index != length - 1:
                continue
            tokens = tuple(t for w in run for t in w.tokens)
            typed = " ".join(w.term.text for w in run)
            whole = tokens in self.phrases or _whole_word(tokens, typed, vocabulary, gazetteer)
            if run[-1].term.prefix and not whole:
                continue
            singular = _singular(tokens)
            concepts = vocabulary.concept_phrases
            if tokens in concepts or singular in concepts or tokens in self.phrases:
                return length, "concept", ()
            if gazetteer is not None:
                found = gazetteer.find(tokens, typed, after_locative, self.common)
                if found:
                    return length, "place", found
            intent = vocabulary.intent_phrases.get(tokens) or vocabulary.intent_phrases.get(
                singular
            )
            if intent is not None:
                self.intent_words.append(typed)
                self.kinds.extend(intent.kinds)
                self.categories.extend(intent.categories)
                return length, "intent", ()
            if tokens in vocabulary.filler_phrases or singular in vocabulary.filler_phrases:
                self.filler.append(typed)
                return length, "filler", ()
        return None


def _whole_word(
    tokens: tuple[str, ...], typed: str, vocabulary: QueryVocabulary, gazetteer: Gazetteer | None
) -> bool:
    """True when a phrase whose last word is being typed is already a whole known phrase."""
    singular = _singular(tokens)
    known = (
        vocabulary.concept_phrases,
        vocabulary.filler_phrases,
        vocabulary.intent_phrases.keys(),
    )
    if any(tokens in phrases or singular in phrases for phrases in known):
        return True
    # A place name is whole once typed: "atlanta" is Atlanta, not a prefix of "atlantic".
    return gazetteer is not None and bool(gazetteer.find(tokens, typed, False, lambda _w: False))


def _singular(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The phrase with a plain English plural on its last word undone ("hotlines")."""
    if not tokens:
        return tokens
    last = tokens[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        return (*tokens[:-1], last[:-1])
    return tokens
