"""Run the judged queries on the curated catalog and print the relevance report.

    python -m benchmarks.relevance                 # a table, then the misses
    python -m benchmarks.relevance --json          # one JSON object
    python -m benchmarks.relevance --save-baseline # record today's figures for the test

The catalog is built from ``data/`` into a temporary folder, with the application's own
``store.build_catalog``; every query goes through ``SearchEngine.search`` (ten results),
exactly as the window and ``csec-catalog search`` call it. To measure an older commit
("before"), run this module with that commit's ``src`` first on ``PYTHONPATH``: only the
public ``SearchEngine(path).search(text, limit=...)`` is used.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from benchmarks.relevance import BASELINE, NDCG_AT, QUERIES, evaluate, load_judgments

DATA = Path(__file__).resolve().parents[2] / "data"


def main(argv: list[str] | None = None) -> int:
    """Build the curated catalog, run the judged set, print the report."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--save-baseline", action="store_true", help=f"write {BASELINE.name}")
    parser.add_argument("--label", default="", help="a name for this run in the report")
    args = parser.parse_args(argv)

    from csec_desktop.catalog.curated.sources import read_catalog_source
    from csec_desktop.catalog.search import SearchEngine
    from csec_desktop.catalog.storage.store import build_catalog

    judged = load_judgments(args.queries)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalog.sqlite"
        build_catalog(path, read_catalog_source(DATA))
        engine = SearchEngine(path)
        try:

            def search(text: str) -> tuple[list[str], int]:
                result = engine.search(text, limit=NDCG_AT)
                return [hit.slug for hit in result.hits], result.total

            summary, outcomes = evaluate(search, judged)
        finally:
            engine.close()
    summary["label"] = args.label
    if args.save_baseline:
        BASELINE.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    if args.json:
        misses = [
            {"query": o.query.text, "shown": list(o.shown[:5]), "total": o.total}
            for o in outcomes
            if o.query.answerable and not o.success
        ]
        json.dump({**summary, "misses": misses}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"{summary['queries']} judged queries, {summary['answerable']} with an answer")
    for key in ("success_at_5", "ndcg_at_10", "mrr", "zero_result_rate"):
        print(
            f"  {key:<18} {summary[key]:6.1%}"
            if key != "mrr"
            else f"  {key:<18} {summary[key]:.3f}"
        )
    print(
        f"  no-answer queries  {summary['no_answer_shown']} of "
        f"{summary['no_answer_queries']} showed something"
    )
    missed = [o for o in outcomes if o.query.answerable and not o.success]
    if missed:
        print("\nNo relevant resource in the first five:")
        for outcome in missed:
            shown = ", ".join(outcome.shown[:3]) or "no results"
            print(f"  {outcome.query.text!r} ({outcome.total}) → {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
