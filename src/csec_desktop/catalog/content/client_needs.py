"""Who the client in front of the caseworker is, as the search takes it: age, gender,
language and the yes/no facts asked for (:class:`ClientNeeds`), and how many results fit
each need (:class:`NeedCount`).

Plain data without numpy, so that the window's "For this client" box can be made before
the search engine has loaded (docs/startup.md); the masks and counts over a catalog are
:mod:`csec_desktop.catalog.search.client`'s. What is typed here describes a client:
callers never store it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from csec_desktop.catalog.content.eligibility import FACTS
from csec_desktop.catalog.content.sentence import (
    QT_TRANSLATE_NOOP,
    SentenceError,
)

# What :class:`NeedsError` says (``content/sentence.py``).
CONTEXT = "ClientNeeds"
AGE_RANGE = QT_TRANSLATE_NOOP("ClientNeeds", "An age must be a whole number from 0 to {most}.")
UNKNOWN_NEED = QT_TRANSLATE_NOOP("ClientNeeds", "Unknown need: {unknown} (one of {known}).")
# The language code that means "any language, through interpreters".
INTERPRETERS = "interpreters"
# The oldest age the age filter takes (an age typed past it is a typing error).
MAX_AGE_TYPED = 120


class NeedsError(SentenceError):
    """A need typed so it cannot be used (the message is one sentence, its parts in
    ``sentence``)."""

    context = CONTEXT


@dataclass(frozen=True)
class ClientNeeds:
    """What the client needs: each None (or empty) when not given."""

    age: int | None = None
    # A ``gender`` vocabulary code: girls, boys or transgender_nonbinary.
    gender: str | None = None
    # A ``language`` vocabulary code, such as "es".
    language: str | None = None
    # Yes/no facts (:data:`FACTS`) the resource must state.
    facts: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.age is not None and not 0 <= self.age <= MAX_AGE_TYPED:
            raise NeedsError.of(AGE_RANGE, most=MAX_AGE_TYPED)
        unknown = sorted(set(self.facts) - set(FACTS))
        if unknown:
            raise NeedsError.of(UNKNOWN_NEED, unknown=unknown, known=list(FACTS))

    def is_empty(self) -> bool:
        """True when nothing about the client is given."""
        return self.age is None and not self.gender and not self.language and not self.facts


@dataclass(frozen=True)
class NeedCount:
    """How many of the results fit a need as stated, and how many do not say."""

    fits: int
    not_stated: int
