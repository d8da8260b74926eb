"""Spelling: which words the catalog knows, and the closest one to a word it does not.

A catalog's words (``search_term``: every word with its document frequency, or a sample of
a large catalog's) are read on first need. A word typed that is neither there nor in the
index is corrected to the catalog word within one edit (two for long words), preferring
the same first letter and then the most frequent; that is the "did you mean".
"""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Callable, Iterable

from csec_desktop.catalog.index.indexing import words
from csec_desktop.catalog.search.query import WORD, ParsedQuery

#: Words up to this long are corrected only to words with the same first letter.
SHORT_WORD = 4
#: Words beginning with a prefix looked at to tell whether the catalog uses one (uses).
PREFIX_LOOKS = 64


class Speller:
    """Known words and corrections of one catalog.

    ``db`` gives the catalog's connection, ``stem`` the token FTS5 indexes for a word;
    ``extra_words`` are known though the catalog may not use them (synonyms, concepts);
    ``complete`` says the word list holds every word of the catalog (not a sample);
    ``never_suggested`` are words no correction turns into (filler: "dogs" is not "does").
    """

    def __init__(
        self,
        db: Callable[[], sqlite3.Connection],
        stem: Callable[[str], str],
        extra_words: Iterable[str],
        complete: bool,
        never_suggested: Iterable[str] = (),
    ) -> None:
        self._db = db
        self._never = frozenset(never_suggested)
        self._stem = stem
        self._extra_words = list(extra_words)
        self._complete = complete
        self._terms: list[str] | None = None
        self._term_df: dict[str, int] = {}
        self._terms_by_length: dict[int, list[str]] = {}
        self._stems: set[str] = set()
        self._stem_df: dict[str, int] = {}

    def document_frequency(self, word: str) -> int:
        """How many resources use ``word`` by the catalog's word list (0: unknown)."""
        self._load_terms()
        return self._term_df.get(word, 0)

    def stem_frequency(self, word: str) -> int:
        """At most how many resources use a form of ``word`` (its stem's doclist, which
        FTS5 reads for it): the word list's counts of the words with its stem, summed."""
        self._load_terms()
        return max(self._stem_df.get(self._stem(word), 0), self._term_df.get(word, 0))

    def uses(self, word: str, prefix: bool = False) -> bool:
        """True when the word list shows that the catalog uses ``word`` (for a prefix, a
        word that begins so) in two resources or more; False is no proof of the contrary
        (a large catalog's list is a sample, and synonyms count as used once)."""
        self._load_terms()
        if self._term_df.get(word, 0) >= 2:
            return True
        if not prefix:
            return False
        terms = self._terms or []
        at = bisect.bisect_left(terms, word)
        for term in terms[at : at + PREFIX_LOOKS]:
            if not term.startswith(word):
                return False
            if self._term_df[term] >= 2:
                return True
        return False

    def _load_terms(self) -> None:
        if self._terms is not None:
            return
        try:
            rows = self._db().execute("SELECT term, stem, df FROM search_term").fetchall()
        except sqlite3.Error:
            rows = []
        self._term_df = {term: df for term, _, df in rows}
        self._stems = {stem for _, stem, _ in rows}
        self._stem_df = {}
        for _, stem, df in rows:
            self._stem_df[stem] = self._stem_df.get(stem, 0) + df
        for word in self._extra_words:
            self._term_df.setdefault(word, 1)
        self._terms = sorted(self._term_df)
        self._terms_by_length = {}
        for term in self._terms:
            self._terms_by_length.setdefault(len(term), []).append(term)

    def _known(self, word: str, prefix: bool) -> bool:
        """True when ``word`` is in the catalog (or, being typed, begins a catalog word)."""
        if word in self._term_df or word.isdigit() or len(word) < 3:
            return True
        if prefix:
            terms = self._terms or []
            at = bisect.bisect_left(terms, word)
            if at < len(terms) and terms[at].startswith(word):
                return True
        # Another form of a catalog word ("survivors" where the catalog says "survivor").
        if self._stem(word) in self._stems:
            return True
        if self._complete:
            return False
        # A large catalog's word list is a sample: ask the index (its words are stems; a
        # word being typed must begin one as typed, not as stemmed).
        try:
            if prefix:
                found = (
                    self._db()
                    .execute(
                        "SELECT 1 FROM temp.search_vocab WHERE term >= ? AND term < ? LIMIT 1",
                        (word, word + "\U0010ffff"),
                    )
                    .fetchone()
                )
            else:
                found = (
                    self._db()
                    .execute("SELECT 1 FROM temp.search_vocab WHERE term = ?", (self._stem(word),))
                    .fetchone()
                )
        except sqlite3.Error:
            return True
        return found is not None

    def _best_correction(self, word: str) -> str | None:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        limit = 1 if len(word) < 7 else 2
        candidates = [
            term
            for length in range(len(word) - limit, len(word) + limit + 1)
            for term in self._terms_by_length.get(length, [])
            if term not in self._never
        ]
        if not candidates:
            return None
        found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=limit, limit=50)
        if not found:
            return None
        if len(word) <= SHORT_WORD:
            # A short word is one edit from many others ("teen" → "been"): only a
            # correction that keeps its first letter is likely what was meant ("gril").
            found = [item for item in found if item[0][:1] == word[:1]]
            if not found:
                return None
        best = min(
            found,
            key=lambda item: (item[1], item[0][:1] != word[:1], -self._term_df.get(item[0], 0)),
        )
        return str(best[0])

    def correct(self, parsed: ParsedQuery) -> str | None:
        """The query text with its unknown words replaced by the closest catalog words."""
        self._load_terms()
        replacements: list[tuple[int, int, str]] = []
        for term in (*parsed.terms, *parsed.excluded):
            matches = list(WORD.finditer(term.text))
            for index, match in enumerate(matches):
                word = " ".join(words(match.group()))
                if not word or " " in word or not word.isalpha():
                    continue
                prefix = term.prefix and index == len(matches) - 1
                if self._known(word, prefix):
                    continue
                better = self._best_correction(word)
                if better and better != word:
                    start = term.start + match.start()
                    replacements.append((start, start + len(match.group()), better))
        if not replacements:
            return None
        text = parsed.text
        for start, end, better in sorted(replacements, reverse=True):
            text = text[:start] + better + text[end:]
        return text
