"""Measure search and facet latency of CSEC Resource Desk on a synthetic catalog.

    python benchmarks/run.py --size 100000          # a table
    python benchmarks/run.py --size 100000 --json   # one JSON object

The catalog comes from ``benchmarks/.cache/<size>/`` (see :mod:`benchmarks.synthetic`); if
it is missing or stale it is built first, in a subprocess, so that this process's peak
memory is the search side's alone. Every query of a fixed mix (one word, two words,
as-you-type prefixes, phrase, rare and very common terms, no match, typo, acronym, with
filters, empty query) runs through :class:`~csec_desktop.catalog.search.SearchEngine` and,
in the same loop, through the *floor*: a bare ``sqlite3`` FTS5 query on the same file,

    SELECT rowid FROM resource_fts WHERE resource_fts MATCH ? LIMIT 50

so that the figures read as ratios on a noisy machine. Facet counts have their own floor:
visiting every match (``count(*)``), which any facet count over the matches must do.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

if __package__ in {None, ""}:  # run as a script: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import (
    REPO,
    BuildInfo,
    cache_dir,
    cached_build,
    peak_rss_mb,
    tail_size,
    tail_word,
)

FLOOR_SQL = "SELECT rowid FROM resource_fts WHERE resource_fts MATCH ? LIMIT 50"
RANKED_FLOOR_SQL = (
    "SELECT rowid FROM resource_fts WHERE resource_fts MATCH ? ORDER BY rank LIMIT 50"
)
#: The floor of facet counts: visit every match (counted in SQLite, so that a million
#: matches do not become a million Python tuples in this process's peak memory).
COUNT_SQL = "SELECT count(*) FROM resource_fts WHERE resource_fts MATCH ?"
LIMIT = 50
#: The quality bars of DESIGN.md, by catalog size (ms, MB, s).
TARGETS: dict[int, dict[str, float]] = {
    100_000: {
        "search_p50_ms": 16,
        "search_p95_ms": 50,
        "facets_p95_ms": 50,
        "peak_rss_mb": 150,
    },
    1_000_000: {
        "search_p50_ms": 33,
        "search_p95_ms": 100,
        "facets_p95_ms": 250,
        "peak_rss_mb": 250,
        "build_s": 90,
    },
}
Filters = Mapping[str, Sequence[str]]


@dataclass(frozen=True, eq=False)
class Query:
    """One query of the mix: its class, its text and filters, and the floor's MATCH."""

    cls: str
    text: str
    filters: Filters = field(default_factory=dict)
    #: The FTS5 expression of the floor (quoted tokens), or None when there is no text.
    floor: str | None = None


def fts(text: str, *, prefix: bool = False, phrase: bool = False) -> str:
    """An FTS5 expression of quoted tokens: ``"a" "b"``, ``"a" "b"*`` or ``"a b"``."""
    tokens = [t.replace('"', "") for t in text.split()]
    if phrase:
        return '"' + " ".join(tokens) + '"'
    expression = " ".join(f'"{t}"' for t in tokens)
    return expression + "*" if prefix else expression


NATURAL_REQUESTS = (
    "teen runaway girls",
    "help for kids sold for sex",
    "human trafficking hotline number",
    "training for cops on trafficking",
    "program for men who buy sex",
    "guide for doctors and nurses",
    "missing kids",
    "foster care trafficking",
    "what to do if my daughter ran away",
    "lgbt youth shelter new york",
    "mentoring program for girls in chicago",
    "how many kids are trafficked",
    "someone is sharing pictures of my son online",
    "native american youth trafficking",
    "judge training sex trafficking",
    "safe place for a boy to stay tonight",
    "counseling for survivors near atlanta",
    "lawyer guide for exploited youth",
    "school program to prevent trafficking",
    "help for parents of a runaway teen",
    "street outreach for homeless teens in ca",
    "research on boys in the sex trade",
    "crisis line for youth call or text",
    "court program for girls in detention",
    "shelter for trafficked youth in texas",
    "victim services curriculum for case managers",
    "mentoring survivors youth shelter court",
    "trafficking prevention education for teachers",
    "hotline for missing children",
    "online safety training for parents",
)


def query_mix(rare_terms: Sequence[str]) -> list[Query]:
    """The fixed query mix; ``rare_terms`` are words that occur in a handful of resources."""
    mix: list[Query] = []
    for word in ("trafficking", "mentoring", "shelter", "court", "outreach", "curriculum"):
        mix.append(Query("one_word", word, floor=fts(word)))
    for words in (
        "youth shelter",
        "law enforcement",
        "trafficking curriculum",
        "survivors mentoring",
    ):
        mix.append(Query("two_words", words, floor=fts(words)))
    # As-you-type: each keystroke of "trafficking", "mentoring", "shelter", "outreach".
    for prefix in ("tra", "traf", "traff", "traffi", "men", "ment", "mento", "she", "shel", "outr"):
        mix.append(Query("prefix", prefix, floor=fts(prefix, prefix=True)))
    mix.append(Query("prefix", "youth traf", floor=fts("youth traf", prefix=True)))
    for prefix in ("t", "tr", "m", "me", "s", "sh"):
        mix.append(Query("prefix_short", prefix, floor=fts(prefix, prefix=True)))
    for phrase in ("law enforcement", "safe harbor", "street outreach", "juvenile court"):
        mix.append(Query("phrase", f'"{phrase}"', floor=fts(phrase, phrase=True)))
    for word in rare_terms:
        mix.append(Query("rare", word, floor=fts(word)))
    for word in ("youth", "services", "children", "program"):
        mix.append(Query("very_common", word, floor=fts(word)))
    for word in ("zzyzx", "qwxqz", "blorfendix"):
        mix.append(Query("no_match", word, floor=fts(word)))
    for word in ("trafficing", "mentorng", "sheltr", "outreech"):
        mix.append(Query("typo", word, floor=fts(word)))
    for word in ("CSEC", "DMST", "ICAC", "LGBTQ"):
        mix.append(Query("acronym", word, floor=fts(word)))
    mix += [
        Query("filtered", "trafficking", {"kind": ["program"]}, fts("trafficking")),
        Query("filtered", "youth", {"state": ["CA"]}, fts("youth")),
        Query("filtered", "training", {"topic": ["trafficking"]}, fts("training")),
        Query("filtered", "shelter", {"kind": ["hotline"], "status": ["active"]}, fts("shelter")),
        Query("filtered", "kind:hotline youth", {}, fts("youth")),
        Query("filtered", "mentoring state:NY", {}, fts("mentoring")),
    ]
    # Requests in caseworkers' words, a third of the mix: filler, intent and place words,
    # and more words than any one resource has, so that most are relaxed. Classed after the
    # warm-up as natural_relaxed or natural_strict by what the engine did.
    for request in NATURAL_REQUESTS:
        mix.append(Query("natural", request, floor=fts(request)))
    mix += [
        Query("browse", ""),
        Query("browse", "", {"kind": ["program"]}),
        Query("browse", "", {"state": ["NY"], "topic": ["mentoring"]}),
    ]
    return mix


def find_rare_terms(db: sqlite3.Connection, size: int, wanted: int = 3) -> list[str]:
    """Generator tail words that occur in at least one and at most a few resources."""
    most = max(3, size // 20_000)
    found: list[str] = []
    for rank in range(tail_size(size) - 1, max(-1, tail_size(size) - 5000), -1):
        word = tail_word(rank)
        count = int(db.execute(COUNT_SQL, (fts(word),)).fetchone()[0])
        if 1 <= count <= most:
            found.append(word)
            if len(found) == wanted:
                break
    return found


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100) by linear interpolation; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _ms(call: Callable[[], object]) -> float:
    """Milliseconds that ``call()`` takes."""
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def current_rss_mb() -> float | None:
    """This process's resident memory now, in MB (Linux only; None elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def load_average() -> list[float] | None:
    """The 1, 5 and 15 minute load averages (other work on the machine skews timings)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


class PeakMemory:
    """The search side's peak resident memory, without the floors' transient peaks.

    The floors run in this process too, and a bare ``"t"*`` prefix scan makes SQLite
    allocate tens of MB for a moment. On Linux the high-water mark (VmHWM) is read after
    the engine's calls and reset (``/proc/self/clear_refs``) after the floor's; elsewhere
    the process's ``ru_maxrss`` is reported, floors included.
    """

    def __init__(self) -> None:
        self.peak = 0.0
        #: The whole process's peak so far (a reset also resets ru_maxrss on Linux).
        self.process_peak = max(peak_rss_mb(), self.high_water_mb() or 0.0)
        self.exact = self.reset()

    @staticmethod
    def reset() -> bool:
        try:
            Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
        except OSError:
            return False
        return True

    @staticmethod
    def high_water_mb() -> float | None:
        try:
            status = Path("/proc/self/status").read_text(encoding="ascii")
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
        return None

    def after_engine(self) -> None:
        """Note the high-water mark the engine's calls reached."""
        if self.exact:
            self.peak = max(self.peak, self.high_water_mb() or 0.0)

    def after_floor(self) -> None:
        """Forget the floor's transient peak."""
        if self.exact:
            self.process_peak = max(self.process_peak, self.high_water_mb() or 0.0)
            self.reset()

    def result(self) -> float:
        """The peak in MB: the engine's (exact) or the whole process's."""
        return self.peak if self.exact else peak_rss_mb()

    def process_result(self) -> float:
        """The whole process's peak in MB, floors included."""
        return max(self.process_peak, peak_rss_mb(), self.high_water_mb() or 0.0)


def drop_query_caches(engine: object) -> None:
    """Empty the engine's per-query caches (attributes named ``*_cache``).

    Each timed search is then a new keystroke, not a repeat the engine remembers; caches
    that live as long as the catalog (term lists, sort ranks) stay warm.
    """
    for name, value in vars(engine).items():
        clear = getattr(value, "clear", None)
        if name.endswith("_cache") and callable(clear):
            clear()


def _fetch(db: sqlite3.Connection, sql: str, argument: str) -> list[Any]:
    return db.execute(sql, (argument,)).fetchall()


def _stats(prefix: str, samples: Sequence[float]) -> dict[str, float]:
    return {
        f"{prefix}_p50_ms": round(percentile(samples, 50), 3),
        f"{prefix}_p95_ms": round(percentile(samples, 95), 3),
        f"{prefix}_max_ms": round(max(samples, default=0.0), 3),
    }


@dataclass
class _Samples:
    search: list[float] = field(default_factory=list)
    #: The search, then its total and every id in order (``result.total``), which a
    #: first page read alone leaves for later.
    search_counted: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    floor_ranked: list[float] = field(default_factory=list)
    facets: list[float] = field(default_factory=list)
    facets_cold: list[float] = field(default_factory=list)
    facets_floor: list[float] = field(default_factory=list)

    def extend(self, other: _Samples) -> None:
        for name in self.__dataclass_fields__:
            getattr(self, name).extend(getattr(other, name))

    def summary(self) -> dict[str, float]:
        result: dict[str, float] = {}
        for name in self.__dataclass_fields__:
            result.update(_stats(name, getattr(self, name)))
        return result


def measure(db_path: Path, size: int, *, repeats: int = 5, seed: int = 7) -> dict[str, Any]:
    """Time the query mix on the catalog at ``db_path``: engine, floors and facets.

    The whole mix runs once untimed (warm-up), then ``repeats`` times in a shuffled order,
    each query back to back through: the engine's search (per-query caches emptied first),
    its facets right after (as the window asks for them, reusing what the search cached),
    its facets again from empty caches ("cold"), and the floors.
    """
    from csec_desktop.catalog.search import SearchEngine

    floor_db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    rare = find_rare_terms(floor_db, size)
    mix = query_mix(rare)
    memory = PeakMemory()

    rss_before_open = current_rss_mb()
    started = time.perf_counter()
    engine = SearchEngine(db_path)
    open_ms = (time.perf_counter() - started) * 1000
    rss_after_open = current_rss_mb()
    first_ms = _ms(partial(engine.search, "trafficking", filters={}, limit=LIMIT))

    errors: list[dict[str, str]] = []
    details: dict[Query, dict[str, Any]] = {}
    for typed in list(mix):  # warm-up; a query that fails is reported and left out
        query = typed
        try:
            result = engine.search(query.text, filters=dict(query.filters), limit=LIMIT)
            engine.facets(query.text, dict(query.filters))
        except Exception as error:  # a benchmark reports a failing query, it does not crash
            errors.append({"query": query.text, "class": query.cls, "error": repr(error)})
            mix.remove(query)
            continue
        if query.cls == "natural":  # reported apart: relaxed or all words matched
            relaxed = getattr(result, "relaxed", False)  # an older engine (before)
            cls = "natural_relaxed" if relaxed else "natural_strict"
            query = Query(cls, typed.text, typed.filters, typed.floor)
            mix[mix.index(typed)] = query
        memory.after_engine()
        floor_matches = (
            int(floor_db.execute(COUNT_SQL, (query.floor,)).fetchone()[0])
            if query.floor is not None
            else None
        )
        if query.floor is not None:
            floor_db.execute(FLOOR_SQL, (query.floor,)).fetchall()
        memory.after_floor()
        details[query] = {
            "class": query.cls,
            "query": query.text,
            "filters": {k: list(v) for k, v in query.filters.items()},
            "total": result.total,
            "shown": len(result.ids),
            "floor_matches": floor_matches,
            "suggestion": result.suggestion,
            "corrected": result.corrected,
            "relaxed": getattr(result, "relaxed", False),
        }

    samples: dict[str, _Samples] = {q.cls: _Samples() for q in mix}
    per_query: dict[Query, list[float]] = {q: [] for q in mix}
    order = list(mix)
    shuffler = random.Random(seed)
    gc.collect()
    for _ in range(repeats):
        shuffler.shuffle(order)
        for query in order:
            bucket = samples[query.cls]
            filters = dict(query.filters)
            drop_query_caches(engine)
            started = time.perf_counter()
            result = engine.search(query.text, filters=filters, limit=LIMIT)
            elapsed = (time.perf_counter() - started) * 1000
            _ = result.total
            bucket.search.append(elapsed)
            bucket.search_counted.append((time.perf_counter() - started) * 1000)
            per_query[query].append(elapsed)
            bucket.facets.append(_ms(partial(engine.facets, query.text, filters)))
            drop_query_caches(engine)
            bucket.facets_cold.append(_ms(partial(engine.facets, query.text, filters)))
            memory.after_engine()
            if query.floor is not None:
                bucket.floor.append(_ms(partial(_fetch, floor_db, FLOOR_SQL, query.floor)))
                bucket.floor_ranked.append(
                    _ms(partial(_fetch, floor_db, RANKED_FLOOR_SQL, query.floor))
                )
                bucket.facets_floor.append(_ms(partial(_fetch, floor_db, COUNT_SQL, query.floor)))
                memory.after_floor()

    overall = _Samples()
    for bucket in samples.values():
        overall.extend(bucket)
    classes = {
        name: {"queries": sum(1 for q in mix if q.cls == name), **bucket.summary()}
        for name, bucket in samples.items()
    }
    queries = [
        {
            **details[q],
            "search_p50_ms": round(percentile(per_query[q], 50), 3),
            "search_max_ms": round(max(per_query[q], default=0.0), 3),
        }
        for q in mix
    ]
    counts = {
        "resources": int(floor_db.execute("SELECT count(*) FROM resource").fetchone()[0]),
        "organizations": int(floor_db.execute("SELECT count(*) FROM organization").fetchone()[0]),
        "queries": len(mix),
        "repeats": repeats,
        "search_samples": len(overall.search),
        "floor_samples": len(overall.floor),
    }
    floor_db.close()
    close = getattr(engine, "close", None)
    if callable(close):
        close()
    return {
        **overall.summary(),
        "peak_rss_mb": memory.result(),
        "process_peak_rss_mb": memory.process_result(),
        "peak_rss_method": "VmHWM after engine calls, floors excluded"
        if memory.exact
        else "ru_maxrss of the process, floors included",
        "engine_open_ms": round(open_ms, 3),
        "rss_before_open_mb": rss_before_open,
        "rss_after_open_mb": rss_after_open,
        "rss_end_mb": current_rss_mb(),
        "first_search_ms": round(first_ms, 3),
        "rare_terms": rare,
        "classes": classes,
        "queries": queries,
        "counts": counts,
        "errors": errors,
    }


def check_targets(report: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Each DESIGN.md bar for the nearest catalog size: the bar, the figure, and pass/fail."""
    size = int(report["size"])
    bars = TARGETS[100_000] if size <= 300_000 else TARGETS[1_000_000]
    result: dict[str, dict[str, Any]] = {}
    for key, bar in bars.items():
        value = float(report[key])
        result[key] = {"target": bar, "value": value, "ok": value <= bar}
    return result


def collect(
    size: int, db_path: Path, build: BuildInfo, *, built: bool, repeats: int
) -> dict[str, Any]:
    """The full report for one catalog: build facts, measurements, memory, targets."""
    report: dict[str, Any] = {
        "size": size,
        "build_s": build.build_s,
        "build_cached": not built,
        "build_code": build.build_code,
        "generate_s": build.generate_s,
        "build_stages": build.stages,
        "build_peak_rss_mb": build.build_peak_rss_mb,
        "build_producer_peak_rss_mb": build.producer_peak_rss_mb,
        "db_bytes": sum(
            p.stat().st_size
            for p in (db_path, db_path.with_name(db_path.name + "-wal"))
            if p.exists()
        ),
    }
    report["load_before"] = load_average()
    report.update(measure(db_path, size, repeats=repeats))
    report["load_after"] = load_average()
    report["cpus"] = os.cpu_count()
    report["targets"] = check_targets(report)
    return report


def build_in_subprocess(size: int, *, rebuild: bool) -> tuple[Path, BuildInfo, bool]:
    """The cached catalog, built by ``python -m benchmarks.synthetic`` when needed."""
    info = None if rebuild else cached_build(size)
    path = cache_dir(size) / "catalog.sqlite"
    if info is not None:
        return path, info, False
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "benchmarks.synthetic", "--size", str(size)]
    if rebuild:
        command.append("--rebuild")
    print(f"Building the synthetic catalog of {size:,} resources …", file=sys.stderr, flush=True)
    completed = subprocess.run(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True, check=True
    )
    raw = json.loads(completed.stdout.strip().splitlines()[-1])
    info = BuildInfo(**{k: v for k, v in raw.items() if k in BuildInfo.__dataclass_fields__})
    return Path(raw["path"]), info, bool(raw["built"])


def render(report: Mapping[str, Any]) -> str:
    """The report as a human-readable table."""
    lines = [
        f"Catalog: {report['size']:,} resources, {report['db_bytes'] / 1e6:.1f} MB; "
        f"build {report['build_s']:.1f} s"
        + (" (cached)" if report["build_cached"] else "")
        + f", of which generating records {report['generate_s']:.1f} s; "
        f"build peak RSS {report['build_peak_rss_mb']:.0f} MB "
        f"(its producer process {report['build_producer_peak_rss_mb']:.0f} MB)",
        f"Engine open {report['engine_open_ms']:.1f} ms (RSS {report['rss_before_open_mb']} → "
        f"{report['rss_after_open_mb']} MB), first search {report['first_search_ms']:.1f} ms, "
        f"search peak RSS {report['peak_rss_mb']:.0f} MB "
        f"(process, floors included: {report['process_peak_rss_mb']:.0f} MB)",
        f"Load average before/after: {report['load_before']} / {report['load_after']} "
        f"on {report['cpus']} CPUs",
        "",
        f"{'class':<13}{'n':>3}  {'search p50/p95':>16}  {'+ count':>16}  {'floor p50/p95':>15}  "
        f"{'ranked floor':>15}  {'facets p50/p95':>16}  {'facets cold':>16}  {'fac.floor':>15}",
    ]

    def pair(row: Mapping[str, Any], name: str) -> str:
        return f"{row[name + '_p50_ms']:7.2f}/{row[name + '_p95_ms']:<7.2f}"

    rows = [*report["classes"].items(), ("ALL", {**report, "queries": len(report["queries"])})]
    for name, row in rows:
        lines.append(
            f"{name:<13}{row['queries']:>3}  {pair(row, 'search'):>16}  "
            f"{pair(row, 'search_counted'):>16}  {pair(row, 'floor'):>15}  "
            f"{pair(row, 'floor_ranked'):>15}  {pair(row, 'facets'):>16}  "
            f"{pair(row, 'facets_cold'):>16}  {pair(row, 'facets_floor'):>15}"
        )
    lines += ["", f"{'query':<24}{'class':<13}{'total':>9}{'fts matches':>12}  p50 ms   suggestion"]
    for q in report["queries"]:
        text = q["query"] + (f" {q['filters']}" if q["filters"] else "")
        matches = "" if q["floor_matches"] is None else f"{q['floor_matches']:,}"
        lines.append(
            f"{text[:23]:<24}{q['class']:<13}{q['total']:>9,}{matches:>12}  "
            f"{q['search_p50_ms']:7.2f}  {q['suggestion'] or ''}"
        )
    if report["targets"]:
        lines.append("")
        for key, target in report["targets"].items():
            mark = "ok" if target["ok"] else "MISSED"
            lines.append(f"target {key:<15} {target['value']:>9.1f} ≤ {target['target']:<6} {mark}")
    for error in report["errors"]:
        lines.append(f"ERROR {error['class']} {error['query']!r}: {error['error']}")
    return "\n".join(lines)


def emit(
    report: Mapping[str, Any],
    output: Path | None,
    *,
    as_json: bool,
    render: Callable[[Mapping[str, Any]], str],
) -> None:
    """Print the report (one JSON object, or ``render``'s table); also write it to ``output``."""
    if output is not None:
        output.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1) if as_json else render(report))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=10_000, help="resources (default 10000)")
    parser.add_argument("--repeats", type=int, default=5, help="timed passes over the mix")
    parser.add_argument("--rebuild", action="store_true", help="build the catalog even if cached")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--output", type=Path, help="also write the JSON report to this file")
    args = parser.parse_args(argv)
    path, info, built = build_in_subprocess(args.size, rebuild=args.rebuild)
    report = collect(args.size, path, info, built=built, repeats=args.repeats)
    emit(report, args.output, as_json=args.json, render=render)
    return 0


if __name__ == "__main__":
    sys.exit(main())
