"""The relevance benchmark: judged queries in caseworkers' words, and how well search answers.

``queries.toml`` holds the judged set: each query as a caseworker would type it, what they
need, and grades per resource id (2: exactly what they need; 1: useful, on topic;
unlisted: 0). It is reviewed data, written from the curated catalog's content, not from
what the engine returns. :func:`evaluate` runs every query through a search function and
computes, per query and overall:

- **success@5**: a relevant resource (grade 1 or 2) among the first five;
- **nDCG@10**: graded gain (2^grade − 1) discounted by rank, against the ideal order;
- **MRR**: 1 / the rank of the first relevant resource (0 if none in the first ten);
- **zero-result rate**: queries with a relevant resource that got no result at all.

Queries for which the catalog honestly has nothing count only in ``no_answer_shown``
(how many of them showed something anyway).
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "queries.toml"
BASELINE = HERE / "baseline.json"
#: Ranks looked at.
SUCCESS_AT = 5
NDCG_AT = 10


@dataclass(frozen=True)
class Judged:
    """One judged query: the text typed, the need behind it, grades by resource id."""

    text: str
    need: str
    grades: dict[str, int] = field(default_factory=dict)

    @property
    def answerable(self) -> bool:
        """True when the catalog has a relevant resource for it."""
        return any(grade > 0 for grade in self.grades.values())


@dataclass(frozen=True)
class Outcome:
    """How one query fared."""

    query: Judged
    shown: tuple[str, ...]
    total: int
    success: bool
    ndcg: float
    reciprocal_rank: float


def load_judgments(path: Path = QUERIES) -> list[Judged]:
    """The judged queries of ``path``; raises ValueError on a malformed entry."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    judged: list[Judged] = []
    for number, entry in enumerate(raw.get("query", []), start=1):
        text, need, grades = entry.get("text"), entry.get("need", ""), entry.get("relevant", {})
        if not isinstance(text, str) or not text.strip() or not isinstance(grades, dict):
            raise ValueError(f"query {number} needs a 'text' and a 'relevant' table")
        if not all(isinstance(g, int) and g in (1, 2) for g in grades.values()):
            raise ValueError(f"query {number} ({text!r}): grades are 1 or 2")
        judged.append(Judged(text, str(need), {str(k): int(v) for k, v in grades.items()}))
    return judged


def dcg(gains: Sequence[int]) -> float:
    """Discounted cumulative gain of grades in rank order."""
    return float(sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(gains)))


def judge(query: Judged, shown: Sequence[str], total: int) -> Outcome:
    """The metrics of one query, given the ids shown (in order) and how many were found."""
    gains = [query.grades.get(rid, 0) for rid in shown[:NDCG_AT]]
    ideal = dcg(sorted(query.grades.values(), reverse=True)[:NDCG_AT])
    first = next((rank for rank, gain in enumerate(gains, start=1) if gain > 0), None)
    return Outcome(
        query,
        tuple(shown),
        total,
        success=any(gain > 0 for gain in gains[:SUCCESS_AT]),
        ndcg=dcg(gains) / ideal if ideal else 0.0,
        reciprocal_rank=1 / first if first else 0.0,
    )


def evaluate(
    search: Callable[[str], tuple[list[str], int]], judged: Sequence[Judged]
) -> tuple[dict[str, Any], list[Outcome]]:
    """Run every judged query through ``search`` (text → ids shown, total found).

    Returns the summary (rates as fractions) and each query's outcome.
    """
    outcomes = [judge(q, *search(q.text)) for q in judged]
    answerable = [o for o in outcomes if o.query.answerable]
    unanswerable = [o for o in outcomes if not o.query.answerable]
    count = len(answerable) or 1
    summary = {
        "queries": len(outcomes),
        "answerable": len(answerable),
        "success_at_5": sum(o.success for o in answerable) / count,
        "ndcg_at_10": sum(o.ndcg for o in answerable) / count,
        "mrr": sum(o.reciprocal_rank for o in answerable) / count,
        "zero_result_rate": sum(o.total == 0 for o in answerable) / count,
        "no_answer_queries": len(unanswerable),
        "no_answer_shown": sum(o.total > 0 for o in unanswerable),
    }
    return summary, outcomes
