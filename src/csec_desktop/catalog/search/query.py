"""The query language: what a person typed, read into terms, exclusions and field filters.

Any text a person can type is a valid query. :func:`parse_query` never raises; it reads

- words, all of which must match (``mentoring boston``); the last word matches as a prefix
  while it is being typed (``mentoring bos``);
- ``"quoted phrases"``, ``-word`` and ``-"a phrase"`` to exclude, ``OR`` between terms
  (``NOT word`` also excludes; ``AND`` is the default and ignored);
- field filters ``kind:hotline state:NY year:2014 year:2010-2014 org:gems topic:mentoring
  audience:judges status:active funder:ojjdp lang:es origin:local``, several values with commas
  (``state:NY,NJ``), excluded with a minus (``-status:defunct``). An unknown field is
  plain text.

Nothing the user typed reaches MATCH unquoted: every term becomes an FTS5 string
(``"…"`` with quotes doubled, ``"…"*`` for a prefix), so ``*``, ``^``, ``:``, parentheses,
``NEAR``, ``AND`` and ``NOT`` are only ever text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from csec_desktop.catalog.index.indexing import words

#: The longest query read, in characters, and the most terms and filters kept from it.
MAX_QUERY_CHARS = 500
MAX_TERMS = 32
MAX_FILTERS = 32
#: Field names a query may use, and the facet each filters.
FIELDS = {
    "kind": "kind",
    "type": "kind",
    "state": "state",
    "year": "year",
    "org": "organization",
    "organization": "organization",
    "funder": "funder",
    "topic": "topic",
    "audience": "audience",
    "status": "status",
    "lang": "language",
    "language": "language",
    "origin": "origin",
}

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SMART_QUOTES = str.maketrans(dict.fromkeys("“”„‟″＂", '"'))
#: A word as the tokenizer sees one (letters and digits).
WORD = re.compile(r"[^\W_]+")


def fts_string(text: str, prefix: bool = False) -> str:
    """``text`` as one FTS5 string token (a phrase), ``*`` appended for a prefix query."""
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


@dataclass(frozen=True)
class Term:
    """A word or quoted phrase of a query.

    ``start``/``end`` locate ``text`` in :attr:`ParsedQuery.text` (for rewriting a query
    with a corrected word).
    """

    text: str
    phrase: bool = False
    prefix: bool = False
    start: int = 0
    end: int = 0

    @property
    def tokens(self) -> list[str]:
        """The words of the term as the index sees them (lowercase, no accents)."""
        return words(self.text)

    def to_match(self) -> str:
        """This term as a safe FTS5 expression."""
        return fts_string(self.text, self.prefix)


@dataclass(frozen=True)
class FieldFilter:
    """A ``field:value`` filter typed in a query (``negated`` for ``-field:value``)."""

    facet: str
    value: str
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """A query as understood: AND of OR-clauses of terms, exclusions, field filters."""

    text: str = ""
    clauses: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    filters: tuple[FieldFilter, ...] = ()

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every term that must (or may, in an OR) match."""
        return tuple(term for clause in self.clauses for term in clause)

    @property
    def is_empty(self) -> bool:
        """True when the query constrains nothing."""
        return not (self.clauses or self.excluded or self.filters)

    def to_match(self) -> str | None:
        """A safe FTS5 expression for the terms, or None when no term must match.

        Exclusions are appended with ``NOT``; a query of exclusions only gives None (see
        :meth:`exclusion_match`), as does a query of filters only.
        """
        positive = " AND ".join(clause_match([[t.to_match()] for t in c]) for c in self.clauses)
        if not positive:
            return None
        negative = self.exclusion_match()
        return f"({positive}) NOT ({negative})" if negative else positive

    def exclusion_match(self) -> str | None:
        """A safe FTS5 expression matching what is excluded, or None."""
        if not self.excluded:
            return None
        return " OR ".join(term.to_match() for term in self.excluded)

    def __str__(self) -> str:
        return self.text


def clause_match(alternatives: Sequence[Sequence[str]]) -> str:
    """FTS5 alternatives (groups of expressions) as one expression, ORed."""
    flat = [expression for group in alternatives for expression in group]
    return flat[0] if len(flat) == 1 else "(" + " OR ".join(flat) + ")"


@dataclass
class _Item:
    term: Term | None = None
    negated: bool = False
    operator: str = ""
    reaches_end: bool = False


def _sanitize(text: object) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text[: MAX_QUERY_CHARS * 2]
    text = _CONTROL.sub(" ", text).translate(_SMART_QUOTES)
    # Lone surrogates cannot be encoded for SQLite.
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text[:MAX_QUERY_CHARS]


def parse_query(text: str) -> ParsedQuery:
    """Read a query as typed; never raises (see the module documentation for the syntax)."""
    s = _sanitize(text)
    n = len(s)
    items: list[_Item] = []
    filters: list[FieldFilter] = []
    i = 0
    while i < n:
        if s[i].isspace():
            i += 1
            continue
        negated = False
        if s[i] == "-" and i + 1 < n and not s[i + 1].isspace():
            negated = True
            i += 1
        if s[i] == '"':
            close = s.find('"', i + 1)
            end = n if close == -1 else close
            items.append(
                _Item(Term(s[i + 1 : end], True, False, i + 1, end), negated, "", close == -1)
            )
            i = n if close == -1 else close + 1
            continue
        j = i
        while j < n and not s[j].isspace() and s[j] != '"':
            j += 1
        word = s[i:j]
        colon = word.find(":")
        if colon > 0 and word[:colon].casefold() in FIELDS:
            value = word[colon + 1 :]
            if not value and j < n and s[j] == '"':
                close = s.find('"', j + 1)
                value = s[j + 1 : n if close == -1 else close]
                j = n if close == -1 else close + 1
            for part in value.split(","):
                if part.strip() and len(filters) < MAX_FILTERS:
                    filters.append(
                        FieldFilter(FIELDS[word[:colon].casefold()], part.strip(), negated)
                    )
            i = j
            continue
        if not negated and word in ("OR", "AND", "NOT", "|", "&&", "||"):
            operator = {"|": "OR", "||": "OR", "&&": "AND"}.get(word, word)
            items.append(_Item(operator=operator))
            i = j
            continue
        items.append(_Item(Term(word, False, False, i, j), negated, "", j == n))
        i = j

    # The last word is still being typed unless a space follows it.
    if items and items[-1].term is not None and items[-1].reaches_end and not s[-1:].isspace():
        items[-1].term = _as_prefix(items[-1].term)

    clauses: list[tuple[Term, ...]] = []
    excluded: list[Term] = []
    pending_or = negate_next = False
    count = 0
    for item in items:
        if item.operator:
            pending_or = item.operator == "OR" and bool(clauses)
            negate_next = item.operator == "NOT"
            continue
        term = item.term
        if term is None or not term.tokens or count >= MAX_TERMS:
            continue
        count += 1
        if item.negated or negate_next:
            excluded.append(term)
        elif pending_or and clauses:
            clauses[-1] = (*clauses[-1], term)
        else:
            clauses.append((term,))
        pending_or = negate_next = False
    return ParsedQuery(s, tuple(clauses), tuple(excluded), tuple(filters))


def _as_prefix(term: Term) -> Term | None:
    """The term being typed as a prefix query; a lone letter is not searched yet."""
    tokens = term.tokens
    if not tokens:
        return term
    if len(tokens[-1]) >= 2:
        return Term(term.text, term.phrase, True, term.start, term.end)
    if tokens[-1].isdigit():  # "24/7", "title 9": a digit is a whole word
        return term
    if len(tokens) == 1:
        return None
    # "new y": search the complete words; the letter is not worth a prefix scan.
    found = list(WORD.finditer(term.text))
    text = term.text[: found[-1].start()] if found else term.text
    return Term(text.rstrip(), term.phrase, False, term.start, term.start + len(text.rstrip()))
