"""``csec-catalog``: the command-line face of the catalog.

Every subcommand calls the same ``catalog/`` functions as the window. Data goes to stdout
(``--json`` for scripts, tables for people); progress and errors go to stderr. An error is
one sentence and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from sqlalchemy import Engine

from csec_desktop import __version__, paths
from csec_desktop.catalog.content.client_needs import ClientNeeds, NeedsError
from csec_desktop.catalog.content.eligibility import FACTS
from csec_desktop.catalog.content.geo import DEFAULT_MILES, Near, PlaceNotFound, parse_near
from csec_desktop.catalog.content.records import (
    CONTROL_CHARS,
    LINE_BREAKS,
    record_to_dict,
    shared,
)
from csec_desktop.catalog.curated.provenance import validate_catalog_source
from csec_desktop.catalog.curated.sources import (
    CatalogContent,
    read_entry_file,
)
from csec_desktop.catalog.desk import BUNDLED, Desk
from csec_desktop.catalog.storage import failures, reader, store
from csec_desktop.catalog.user import local
from csec_desktop.catalog.user.userstore import UserDataError

if TYPE_CHECKING:
    from csec_desktop.catalog.content.sentence import Sentence
    from csec_desktop.catalog.interchange.exchange import RecordSpool
    from csec_desktop.catalog.search import SearchResult

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A failure to report as one sentence on stderr."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see '{self.prog} --help').\n")


def _progress(done: int, total: int, stage: str) -> None:
    if sys.stderr.isatty():
        share = f" {done * 100 // total}%" if total else ""
        print(f"\r{stage}…{share}   ", end="", file=sys.stderr, flush=True)


def _desk(args: argparse.Namespace) -> Desk:
    """The command's desk on the data folder (``main`` closes it when the command ends)."""
    desk: Desk | None = getattr(args, "desk", None)
    if desk is None:
        desk = args.desk = Desk.open(args.data_dir)
    return desk


def _prepared(args: argparse.Namespace) -> Desk:
    """The command's desk with its catalog built if needed and the agency's local resources
    in it. A merge that cannot be written leaves the catalog whole: say why in one
    sentence and go on with it, rather than make every command fail until it can."""
    desk = _desk(args)
    if not getattr(args, "prepared", False):
        warnings = desk.prepare(progress=_progress)
        if desk.read_only:  # said when the command ends, unless its refusal says it
            args.read_only_note = warnings.pop(0)
        _tell(warnings, desk)
        args.prepared = True
    return desk


def _catalog(args: argparse.Namespace) -> Engine:
    """The prepared catalog (see :func:`_prepared`)."""
    return _prepared(args).catalog


def _tell(warnings: Sequence[Sentence], desk: Desk | None = None) -> None:
    """End a progress line and say each warning on one line of stderr (damaged user data
    with what to do about it)."""
    if sys.stderr.isatty():
        print("\r" + " " * 40 + "\r", end="", file=sys.stderr)
    damaged = desk.damaged if desk is not None else None
    for warning in warnings:
        said = _damage_sentence(damaged) if damaged and warning == damaged.sentence else warning
        print(f"csec-catalog: {said}", file=sys.stderr)


def _damage_sentence(damaged: store.UserDataDamaged) -> str:
    """What is wrong with user data, and the commands that act on it."""
    if damaged.backup is None:
        return str(damaged)
    return (
        f"{damaged} Run 'csec-catalog restore' to put it back, or 'csec-catalog restore "
        f"--empty' to start anew ('csec-catalog backups' lists the others)."
    )


def _emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _one_line(cell: str) -> str:
    """``cell`` as one line of a table: a line break (from data stored before such text
    was refused) as a space, a hidden control or direction mark as a visible \ufffd."""
    return CONTROL_CHARS.sub("\ufffd", LINE_BREAKS.sub(" ", cell))


def _table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    rows = [[_one_line(cell) for cell in row] for row in rows]
    widths = [
        min(60, max(len(h), *(len(r[i]) for r in rows))) if rows else len(h)
        for i, h in enumerate(headers)
    ]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            (c if len(c) <= w else c[: w - 1] + "…").ljust(w)
            for c, w in zip(cells, widths, strict=True)
        ).rstrip()

    return "\n".join([line(headers), line(["─" * w for w in widths]), *map(line, rows)])


# --------------------------------------------------------------------------- commands


def cmd_search(args: argparse.Namespace) -> int:
    engine = _prepared(args).search
    filters = {"kind": [args.kind]} if args.kind else {}
    near = _near(args)
    client = _client_needs(args)
    result = engine.search(
        args.query, filters=filters, sort=args.sort, limit=args.limit, near=near, client=client
    )
    counts = engine.client_counts(args.query, filters, near=near, client=client) if client else {}
    if args.json:
        _emit_json(
            {
                "query": args.query,
                "total": result.total,
                "suggestion": result.suggestion,
                "corrected": result.corrected,
                **_understanding_json(result),
                "client": {
                    need: {"fits": count.fits, "not_stated": count.not_stated}
                    for need, count in counts.items()
                    if need in _asked(client)
                },
                "results": [
                    {
                        "id": hit.slug,
                        "kind": hit.kind,
                        "title": hit.title,
                        "organization": hit.organization,
                        "place": hit.place,
                        "summary": hit.summary,
                        "last_verified": str(hit.last_verified),
                        **({"reach": result.reach(hit)} if near else {}),
                        **({"fits": result.fit(hit)} if client else {}),
                    }
                    for hit in result.hits
                ],
            }
        )
        return EXIT_OK
    if result.corrected and result.suggestion:
        print(f"No results for “{args.query}”; showing results for “{result.suggestion}”.")
    elif result.suggestion:
        print(f"Did you mean “{result.suggestion}”?")
    for notice in result.notices(lambda words: f"“{words}”"):
        print(notice)
    for need in _asked(client):
        count, label = counts[need], engine.client_label(need, client)
        print(f"For this client — {label}: {count.fits} say so, {count.not_stated} do not say.")
    if not result.total:
        print("No results")
        return EXIT_OK
    rows = [[h.slug, h.kind, h.title, h.place or ""] for h in result.hits]
    headers = ["id", "kind", "title", "place"]
    if near or client:
        rows = [[*row, result.fit(hit)] for row, hit in zip(rows, result.hits, strict=True)]
        headers.append("for this client")
    print(_table(rows, headers))
    shown = len(result.hits)
    print(
        f"\n{result.total} result(s)" + (f", first {shown} shown" if shown < result.total else "")
    )
    return EXIT_OK


def _near(args: argparse.Namespace) -> Near | None:
    """The client's place and radius of ``search --near PLACE [--within MILES]``."""
    if args.near is None:
        if args.within is not None:
            raise CliError("--within needs --near, the place to measure from.")
        return None
    try:
        return parse_near(args.near, args.within)
    except PlaceNotFound as error:
        raise CliError(str(error)) from None


def _client_needs(args: argparse.Namespace) -> ClientNeeds | None:
    """The client's needs of ``search --age/--gender/--language/--need`` (never stored)."""
    try:
        needs = ClientNeeds(
            age=args.age,
            gender=args.gender,
            language=args.language,
            facts=frozenset(args.need or ()),
        )
    except NeedsError as error:
        raise CliError(str(error)) from None
    return None if needs.is_empty() else needs


def _asked(client: ClientNeeds | None) -> list[str]:
    """The needs of ``client`` that were given, in the order they print."""
    if client is None:
        return []
    return [
        *(["age"] if client.age is not None else []),
        *(["gender"] if client.gender else []),
        *(["language"] if client.language else []),
        *sorted(client.facts),
    ]


def _understanding_json(result: SearchResult) -> dict[str, Any]:
    """How a search understood its query, as the ``search --json`` fields."""
    understood = result.understanding
    return {
        "relaxed": result.relaxed,
        "strict_total": result.strict_total,
        "matched_terms": list(result.matched_terms),
        "dropped_terms": list(result.dropped_terms),
        "ignored_terms": list(understood.filler) if understood else [],
        "intent": {
            "words": list(understood.intent_words) if understood else [],
            "kinds": list(understood.kinds) if understood else [],
        },
        "places": [
            {"name": p.name, "state": p.state, "city": p.city}
            for p in (understood.places if understood else ())
        ],
        "place_found": result.place_found,
        "state_found": result.state_found,
        "near": (
            None
            if result.near is None
            else {
                "place": result.near.origin.label,
                "state": result.near.origin.state,
                "miles": result.near.miles,
            }
        ),
        "notices": result.notices(),
    }


def cmd_show(args: argparse.Namespace) -> int:
    engine = _catalog(args)
    detail = reader.resource_detail(engine, args.id)
    if detail is None:
        raise CliError(f"There is no resource with the id '{args.id}'.")
    if args.json:
        _emit_json(record_to_dict(shared(detail.record)))  # as "show" and "Copy" say it
        return EXIT_OK
    from csec_desktop.catalog.display.presentation import detail_text

    print(detail_text(detail))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    engine = _catalog(args)
    meta = reader.catalog_meta(engine)
    counts, organizations = reader.counts(engine)
    stats = {
        "resources": sum(counts.values()),
        "by_kind": counts,
        "organizations": organizations,
        "catalog_date": meta.get("catalog_date", ""),
        "built_at": meta.get("built_at", ""),
        "origin": meta.get("origin", ""),
        "schema_version": meta.get("schema_version", ""),
        "data_dir": str(_desk(args).directory),
    }
    if args.json:
        _emit_json(stats)
        return EXIT_OK
    print(f"{stats['resources']} resources from {organizations} organizations")
    for kind, count in counts.items():
        print(f"  {kind:<13}{count:>6}")
    print(f"catalog date {stats['catalog_date']} · built {stats['built_at']} · {stats['data_dir']}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from csec_desktop.catalog.interchange import export

    if args.format == "hsds":
        return _export_hsds(args)
    engine = _catalog(args)
    writer: Callable[[Engine, TextIO], int] = (
        export.export_json if args.format == "json" else export.export_csv
    )
    count, output = _write_output(args.output, lambda out: writer(engine, out))
    if output:
        print(f"Exported {count} resources to {output}.", file=sys.stderr)
    return EXIT_OK


def _write_output(path: str | None, write: Callable[[TextIO], int]) -> tuple[int, Path | None]:
    """Run ``write`` on stdout, or on ``path`` through a temporary name that is renamed
    only when it is complete, so a failure never leaves a half-written file behind."""
    if not path or path == "-":
        return write(sys.stdout), None
    output = Path(path)
    partial = output.with_name(output.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            count = write(out)
        partial.replace(output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count, output


def _export_hsds(args: argparse.Namespace) -> int:
    import shutil

    from csec_desktop.catalog.interchange.hsds_export import export_hsds

    if not args.output or args.output == "-":
        raise CliError("An HSDS package is a folder of files: name it with -o DIR.")
    output = Path(args.output)
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise CliError(f"'{output}' already exists and is not an empty folder.")
    engine = _catalog(args)
    partial = output.with_name(output.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        count = export_hsds(engine, partial)
        if output.exists():
            output.rmdir()
        partial.replace(output)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    print(f"Exported {count} resources as an HSDS package to {output}.", file=sys.stderr)
    return EXIT_OK


def _need_dry_run_or_output(args: argparse.Namespace) -> None:
    if not (args.dry_run or args.output or args.as_local):
        raise CliError(
            "Say --dry-run to preview, -o FILE to write the records as JSON, or --as-local "
            "to add them as your agency's local resources."
        )


def _run_import(
    args: argparse.Namespace,
    read: Callable[[CatalogContent], RecordSpool],
    origin: str,
    *,
    all_or_nothing: bool,
) -> int:
    """Read an exchange file against the installed catalog, preview what it would add or
    change, and write it as a JSON export with ``-o``. Nothing is written when no resource
    was read, nor, with ``all_or_nothing``, when any row had a problem. Shared by the
    ``import-hsds`` and ``import-csv`` subcommands. The records wait on disk, never all in
    memory (see :class:`RecordSpool`)."""
    from csec_desktop.catalog.interchange.exchange import installed_catalog

    engine = _catalog(args)
    with contextlib.closing(read(installed_catalog(engine))) as records:
        # Listed only when shown: 100k titles are not held through an import for nothing.
        changes = _changes(engine, records) if args.json or args.dry_run else []
        count = len(records)
        problems = records.problems
        usable = bool(len(records)) and not (all_or_nothing and problems)
        if args.output and usable:
            _write_output(args.output, lambda out: records.write_json(out, origin))
        if args.as_local and usable and not args.dry_run:
            saved, refused = local.import_exchange(
                engine,
                _desk(args).user,
                records.dicts(),
                records.organizations,
                records.sources,
                total=len(records),
            )
            problems = [*problems, *refused]
            print(f"{len(saved)} resource(s) added or updated as local resources.", file=sys.stderr)
        organizations = [o.key for o in records.organizations]
    if args.json:
        _emit_json(
            {
                "resources": [{"action": a, "id": i, "title": t} for a, i, t in changes],
                "organizations": organizations,
                "problems": [
                    {"file": p.where, "entry": p.entry, "message": p.message} for p in problems
                ],
            }
        )
    elif args.dry_run:
        print(_table([list(c) for c in changes], ["action", "id", "title"]))
    for problem in problems if not args.json else []:
        print(problem, file=sys.stderr)
    outcome = "."
    if args.output and not usable:
        outcome = "; nothing was written."
    elif args.output and args.output != "-":
        outcome = f"; written to {args.output}."
    print(
        f"{count} resource(s) read, {len(problems)} problem(s){outcome}",
        file=sys.stderr,
    )
    return EXIT_OK if usable else EXIT_ERROR


def _changes(engine: Engine, records: RecordSpool) -> list[tuple[str, str, str]]:
    """``(action, id, title)`` of each record read: ``change`` when the catalog has its id."""
    existing = reader.slugs(engine)
    return [("change" if i in existing else "add", i, t) for i, t in records.rows()]


def cmd_import_hsds(args: argparse.Namespace) -> int:
    from csec_desktop.catalog.content.records import PartialDate
    from csec_desktop.catalog.interchange.partner import spool_hsds

    _need_dry_run_or_output(args)
    path = Path(args.path)
    if not path.is_dir() and not path.is_file():
        raise CliError(
            f"'{path}' is not a folder or a zip file holding an HSDS package, nor an HSDS "
            "JSON file."
        )
    try:
        verified = PartialDate.parse(args.verified) if args.verified else None
    except ValueError as error:
        raise CliError(f"--verified: {error}.") from None
    return _run_import(
        args,
        lambda catalog: spool_hsds(path, catalog, verified=verified),
        f"hsds:{path.name}",
        all_or_nothing=False,
    )


def cmd_import_csv(args: argparse.Namespace) -> int:
    from csec_desktop.catalog.interchange.csv_import import spool_csv

    _need_dry_run_or_output(args)
    path = Path(args.path)
    if not path.is_file():
        raise CliError(f"'{path}' is not a CSV file.")
    return _run_import(
        args, lambda catalog: spool_csv(path, catalog), f"csv:{path.name}", all_or_nothing=True
    )


def cmd_validate(args: argparse.Namespace) -> int:
    directory = Path(args.path)
    if not directory.is_dir():
        raise CliError(f"'{directory}' is not a directory of catalog files.")
    content = validate_catalog_source(directory)
    if args.json:
        _emit_json(
            {
                "ok": content.ok,
                "resources": len(content.resources),
                "problems": [
                    {"file": p.where, "entry": p.entry, "message": p.message}
                    for p in content.problems
                ],
            }
        )
    else:
        for problem in content.problems:
            print(problem)
        if content.ok:
            print(
                f"{len(content.resources)} resources, {len(content.organizations)} organizations "
                f"and {len(content.sources)} sources are valid."
            )
        else:
            print(f"{len(content.problems)} problem(s) found.", file=sys.stderr)
    return EXIT_OK if content.ok else EXIT_ERROR


def cmd_check(args: argparse.Namespace) -> int:
    results = _desk(args).check()
    ok = not any(results.values())
    if args.json:
        _emit_json({"ok": ok, **{k: v or ["ok"] for k, v in results.items()}})
    else:
        for name, problems in results.items():
            print(f"{name}: {'ok' if not problems else '; '.join(problems[:5])}")
    return EXIT_OK if ok else EXIT_ERROR


def cmd_rebuild(args: argparse.Namespace) -> int:
    source = Path(args.source) if args.source else BUNDLED
    desk = args.desk = Desk.open(args.data_dir, source=source)
    _tell(desk.rebuild(progress=_progress))
    count = reader.catalog_meta(desk.catalog).get("resource_count", "?")
    print(f"Rebuilt the catalog with {count} resources.")
    return EXIT_OK


def cmd_local(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    user = _desk(args).user
    if args.action == "list":
        found = local.entries(catalog, user)
        if args.json:
            _emit_json(
                [
                    {
                        "id": e.slug,
                        "valid": e.record is not None,
                        "problems": [_problem_json(p) for p in e.problems],
                        "record": e.data,
                    }
                    for e in found
                ]
            )
        else:
            rows = [
                [e.slug, str(e.data.get("kind", "")), str(e.data.get("title", "")),
                 "ok" if e.record else "; ".join(p.message for p in e.problems)]
                for e in found
            ]  # fmt: skip
            print(_table(rows, ["id", "kind", "title", "check"]))
            print(f"\n{len(found)} local resource(s)")
        return EXIT_OK
    if args.action == "discreet":
        return _local_discreet(args, catalog, user)
    if args.action == "remove":
        try:
            local.delete(catalog, user, args.id)
        except local.LocalResourceError as error:
            raise CliError(str(error)) from None
        print(f"Removed {args.id}.")
        return EXIT_OK
    data, problems = read_entry_file(Path(args.file))
    if data is None:
        raise CliError(f"'{args.file}' {problems[0].message}")
    try:
        record = local.save(catalog, user, data, args.id if args.action == "edit" else None)
    except local.LocalResourceError as error:
        if args.json:
            _emit_json({"ok": False, "problems": [_problem_json(p) for p in error.problems]})
        else:
            for problem in error.problems:
                print(f"{local.problem_field(problem) or 'resource'}: {problem.message}")
        raise CliError(str(error)) from None
    if args.json:
        _emit_json({"ok": True, "record": record_to_dict(record)})
    else:
        print(f"{'Saved' if args.action == 'edit' else 'Added'} {record.id}.")
    return EXIT_OK


def _local_discreet(args: argparse.Namespace, catalog: Any, user: Any) -> int:
    """``local discreet ID``: give a local resource its discreet name and description in
    one language (or take it back with ``--remove``), for sheets "to give to a young
    person"; checked against the deny-list before it is kept."""
    from csec_desktop.catalog.content import discreet
    from csec_desktop.catalog.display import sheets
    from csec_desktop.catalog.user import userstore

    if reader.get_record(catalog, args.id) is None:
        raise CliError(f"There is no resource with the id '{args.id}'.")
    language, unknown = sheets.sheet_language(args.lang)
    if unknown:
        raise CliError(
            f"A discreet name is kept in English (en) or Spanish (es), not “{args.lang}”."
        )
    if args.remove == bool(args.name or args.description) or not (
        args.remove or (args.name and args.description)
    ):
        raise CliError("Give both --name and --description, or --remove alone.")
    installed, problems = discreet.bundled_texts()
    if problems:
        raise CliError(f"The discreet names cannot be read: {problems[0]}.")
    text = None if args.remove else discreet.DiscreetText(args.name, args.description)
    stored = userstore.setting(user, discreet.LOCAL_SETTING, {})
    try:
        updated = discreet.with_local_text(stored, args.id, language, text, installed.deny)
    except ValueError as error:
        raise CliError(str(error)) from None
    userstore.set_setting(user, discreet.LOCAL_SETTING, updated)
    done = "Removed the" if text is None else "Kept the"
    print(f"{done} discreet name of {args.id} in {'Spanish' if language == 'es' else 'English'}.")
    return EXIT_OK


def _problem_json(problem: Any) -> dict[str, str]:
    return {"field": local.problem_field(problem), "message": problem.message}


def cmd_backups(args: argparse.Namespace) -> int:
    listed = [
        {
            "when": f"{store.backup_time(backup):%Y-%m-%d %H:%M:%S}",
            "file": backup.name,
            "bytes": backup.stat().st_size,
            **store.backup_summary(backup),
        }
        for backup in _desk(args).backups()
    ]
    if args.json:
        _emit_json(listed)
        return EXIT_OK
    if not listed:
        print("No backups of your saved data yet.")
        return EXIT_OK
    rows = [
        [str(b["when"]), str(b["favorites"]), str(b["notes"]), str(b["local_resources"])]
        for b in listed
    ]
    print(_table(rows, ["when", "favorites", "notes", "local resources"]))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    desk = _desk(args)
    if args.empty:
        if args.when:
            raise CliError("Give either a backup's time or --empty, not both.")
        desk.start_anew()
        print("The damaged saved data stays aside; you start anew with empty saved data.")
        return EXIT_OK
    backup = desk.find_backup(args.when)
    desk.restore(backup)
    print(f"Restored your saved data as it was at {store.backup_time(backup):%Y-%m-%d %H:%M:%S}.")
    return EXIT_OK


def cmd_keygen(args: argparse.Namespace) -> int:
    from csec_desktop.catalog.interchange.bundle import generate_keypair, key_id, load_public_key

    private = Path(args.keyfile)
    public = generate_keypair(private)
    print(
        f"Wrote the private key {private} (keep it secret) and the public key {public} "
        f"(key id {key_id(load_public_key(public))})."
    )
    return EXIT_OK


def cmd_bundle_build(args: argparse.Namespace) -> int:
    from csec_desktop.catalog.interchange.bundle import build_bundle

    manifest = build_bundle(
        Path(args.source),
        Path(args.output),
        Path(args.key),
        publisher=args.publisher,
        catalog_version=args.catalog_version,
    )
    print(
        f"Wrote {args.output}: catalog version {manifest.catalog_version}, "
        f"{manifest.resource_count} resources, signed with key {manifest.key_id}."
    )
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from csec_desktop.catalog.interchange import bundle as bundles

    if args.undo:
        if args.file:
            raise CliError("Give either a bundle file or --undo, not both.")
        meta, warnings = _desk(args).undo_update()
        _tell(warnings)
        if args.json:
            _emit_json({"undone": True, "catalog": meta})
            return EXIT_OK
        restored = meta.get("catalog_version") or meta.get("catalog_date", "?")
        print(
            f"Restored the previous catalog ({restored}, {meta.get('resource_count')} resources)."
        )
        return EXIT_OK
    if not args.file:
        raise CliError("Name the bundle file to import, or use --undo.")
    desk = _prepared(args)  # the installed catalog is the baseline of the comparison
    try:
        result = desk.import_bundle(
            Path(args.file),
            public_key=Path(args.public_key) if args.public_key else None,
            allow_unverified=args.allow_unverified,
            dry_run=args.dry_run,
            progress=_progress,
        )
    except bundles.BundleUnverified as error:
        raise CliError(
            f"{str(error).removesuffix('.')}; import it anyway only if you trust where it came "
            f"from, with --allow-unverified."
        ) from None
    except bundles.BundleInvalid as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        raise
    _tell(result.warnings)
    if result.warning:
        print(f"Warning: {result.warning}", file=sys.stderr)
    manifest = result.plan.bundle.manifest
    diff = result.plan.diff
    if args.json:
        _emit_json(
            {
                "bundle": dataclasses.asdict(manifest),
                "verified": result.plan.bundle.verified,
                "dry_run": args.dry_run,
                "applied": result.applied,
                **diff.to_dict(),
            }
        )
        return EXIT_OK
    print(
        f"Catalog version {manifest.catalog_version} by {manifest.publisher}, "
        f"{manifest.resource_count} resources, "
        + ("signature verified." if result.plan.bundle.verified else "NOT verified.")
    )
    for line in diff.lines():
        print(line)
    summary = diff.summary()
    if args.dry_run:
        print(f"{summary}; nothing was changed (dry run).")
    else:
        print(f"{summary}; the update is applied ('csec-catalog import --undo' reverts it).")
    return EXIT_OK


def cmd_favorites(args: argparse.Namespace) -> int:
    from csec_desktop.catalog.user import userstore

    user = _desk(args).user
    if args.action in ("add", "remove"):
        if not args.id:
            raise CliError(f"Name the resource id to {args.action}.")
        if args.action == "add":
            if reader.get_record(_catalog(args), args.id) is None:
                raise CliError(f"There is no resource with the id '{args.id}'.")
            changed = userstore.add_favorite(user, args.id)
        else:
            changed = userstore.remove_favorite(user, args.id)
        if args.json:
            _emit_json({"id": args.id, "action": args.action, "changed": changed})
        else:
            verb = "Added" if args.action == "add" else "Removed"
            state = (
                ""
                if changed
                else " (no change: it already was"
                + (" a favorite)" if args.action == "add" else " not a favorite)")
            )
            print(f"{verb} {args.id}{state}.")
        return EXIT_OK
    if args.id:
        raise CliError("'favorites list' takes no resource id.")
    slugs = userstore.favorites(user)
    engine = _catalog(args)
    titles = {
        slug: (record.title if (record := reader.get_record(engine, slug)) else None)
        for slug in slugs
    }
    if args.json:
        _emit_json([{"id": slug, "title": titles[slug]} for slug in slugs])
        return EXIT_OK
    for slug in slugs:
        print(f"{slug}  {titles[slug] or '(not in the current catalog)'}")
    if not slugs:
        print("No favorites yet.")
    return EXIT_OK


def cmd_sheet(args: argparse.Namespace) -> int:
    from csec_desktop.catalog.content import discreet
    from csec_desktop.catalog.display import sheets

    output = Path(args.output)
    if output.is_dir():
        raise CliError(f"'{output}' is a directory; give a file name such as sheet.pdf.")
    if not output.parent.is_dir():
        raise CliError(f"The folder '{output.parent}' does not exist.")
    engine = _catalog(args)
    unknown = [slug for slug in args.ids if reader.get_record(engine, slug) is None]
    if unknown:
        names = ", ".join(f"'{slug}'" for slug in unknown)
        raise CliError(f"There is no resource with the id {names}.")
    language, unknown_language = sheets.sheet_language(args.lang)
    if unknown_language:
        print(unknown_language, file=sys.stderr)
    options = sheets.SheetOptions(
        title=args.title,
        large_print=args.large_print,
        layout="detailed" if args.detailed else "compact",
        qr_codes=not args.no_qr,
        hotlines=not args.no_hotlines,
        language=language,
        paper=args.paper,
        discreet=args.discreet,
    )
    # The agency header typed once in the window; the user file is never created here.
    options = sheets.with_agency(options, _desk(args).user_setting(sheets.AGENCY_SETTING))
    try:
        document = sheets.build_sheet(
            engine,
            args.ids,
            options,
            local_discreet=_desk(args).user_setting(discreet.LOCAL_SETTING),
        )
    except sheets.SheetError as error:
        raise CliError(str(error)) from None
    from csec_desktop.render.jobs import save_error_sentence
    from csec_desktop.render.qt import ensure_gui_application
    from csec_desktop.render.sheet import save_pdf

    ensure_gui_application("csec-catalog")
    try:
        pages = save_pdf(document, output)
    except OSError as error:
        reason = save_error_sentence(error)
        raise CliError(f"The PDF could not be written to '{output}': {reason}.") from None
    noun = "page" if pages == 1 else "pages"
    printed = len(args.ids) - sum(slug in document.left_off for slug in args.ids)
    print(f"Wrote {printed} resource(s) on {pages} {noun} to {output}.", file=sys.stderr)
    note = sheets.left_off_note(engine, document)
    if note:
        print(note, file=sys.stderr)
    return EXIT_OK


# --------------------------------------------------------------------------- agency server


def cmd_agency(args: argparse.Namespace) -> int:
    """``agency ACTION``: the agency server (see :mod:`csec_desktop.agency`)."""
    from csec_desktop.agency.server import AgencyError

    try:
        return _agency(args)
    except AgencyError as error:
        raise CliError(str(error)) from None


def _agency(args: argparse.Namespace) -> int:
    from csec_desktop.agency import schema, server, status, sync

    if args.action == "init":
        engine = server.server_engine(args.url)
        try:
            with server.connected(engine, args.url) as connection:
                done = schema.init_server(connection, args.role_prefix)
        finally:
            engine.dispose()
        was = f"from version {done.from_version}" if done.from_version else "new"
        print(
            f"The agency schema is at version {done.version} ({was}). Stewards: grant "
            f"{done.steward_role}; desks: grant {done.desk_role} "
            f"(GRANT {done.desk_role} TO caseworker1)."
        )
        return EXIT_OK
    desk = _desk(args)
    directory, user = desk.directory, desk.user
    catalog = (
        _catalog(args) if args.action in ("connect", "sync", "resolve", "put", "remove") else None
    )
    follow = sync.merge_follower(catalog, user) if catalog is not None else (lambda _slugs: None)
    if args.action == "connect":
        info = sync.connect_desk(directory, user, args.url, follow)
        role = "steward" if info.is_steward else "desk (read only)"
        print(f"Connected as {info.user}, a {role}; run 'csec-catalog agency sync' to fetch.")
        return EXIT_OK
    if args.action == "sync":
        report = sync.sync(directory, user, follow, progress=_progress)
        if args.json:
            _emit_json(dataclasses.asdict(report))
        else:
            print(
                f"{report.pushed} change(s) sent, {len(report.changed)} resource(s) updated, "
                f"{report.conflicts} new conflict(s); at change {report.cursor}."
            )
        return EXIT_OK
    if args.action == "status":
        sentence = status.status_sentence(user) or "agency: not connected"
        if args.json:
            _emit_json(
                {"status": sentence, "url": sync.server_url(user), "queued": sync.queued(user),
                 **sync.desk_state(user)}
            )  # fmt: skip
        else:
            print(sentence)
        return EXIT_OK
    if args.action == "conflicts":
        found = sync.conflicts(user)
        if args.json:
            _emit_json([dataclasses.asdict(c) for c in found])
            return EXIT_OK
        for conflict in found:
            print(f"{conflict.slug}: changed on the server by {conflict.their_by} at "
                  f"{conflict.their_at}")  # fmt: skip
            for label, record in (("mine", conflict.mine), ("theirs", conflict.theirs)):
                shown = (
                    json.dumps(record, ensure_ascii=False, sort_keys=True)
                    if record
                    else "(deleted)"
                )
                print(f"  {label}: {shown}")
        print(
            f"{len(found)} conflict(s); keep one with 'csec-catalog agency resolve ID mine|theirs'."
        )
        return EXIT_OK
    if args.action == "publish":
        url = sync.server_url(user)
        if url is None:
            raise CliError(
                "Connect to the agency server first ('csec-catalog agency connect URL')."
            )
        key = Path(args.public_key) if args.public_key else None
        edition = sync.publish_edition(url, directory, Path(args.file), key)
        print(f"The agency's catalog edition is now {edition}.")
        return EXIT_OK
    if args.action == "edition":
        held = sync.agency_edition(user)
        if held is None:
            raise CliError(
                "The agency server holds no catalog edition (or this desk has not synced)."
            )
        if args.output:
            Path(args.output).write_bytes(held[1])
            print(
                f"Wrote edition {held[0]} to {args.output}; "
                f"'csec-catalog import {args.output}' installs it."
            )
        else:
            print(held[0])
        return EXIT_OK
    if args.action == "lists":
        lists = sync.agency_lists(user)
        if args.json:
            _emit_json(lists)
        else:
            for name, items in lists.items():
                print(f"{name} ({len(items)}): {', '.join(items)}")
        return EXIT_OK
    assert catalog is not None
    if args.action == "resolve":
        sync.resolve(user, args.id, args.keep, follow)
        print(f"Kept {args.keep} for {args.id}" + (
            "; it is sent at the next sync." if args.keep == "mine" else "."
        ))  # fmt: skip
        return EXIT_OK
    try:
        if args.action == "remove":
            sync.queue_delete(catalog, user, args.id)
            slug = args.id
        else:
            data, problems = read_entry_file(Path(args.file))
            if data is None:
                raise CliError(f"'{args.file}' {problems[0].message}")
            slug = sync.queue_put(catalog, user, data, args.id)
    except local.LocalResourceError as error:
        raise CliError(str(error)) from None
    url = sync.server_url(user)
    try:
        sent = sync.push(url, directory, user).pushed if url else 0
    except server.ServerUnreachable:
        sent = 0
    print(f"Saved {slug} on this desk; " + (
        "sent to the agency server." if sent else "it is sent when the server is reachable."
    ))  # fmt: skip
    return EXIT_OK


def _add_agency_commands(
    command: Callable[[str, Callable[[argparse.Namespace], int], str], Any],
) -> None:
    """The ``agency`` subcommand and its actions."""
    agency = command("agency", cmd_agency, "Share local resources through an agency server.")
    actions = agency.add_subparsers(dest="action", required=True, metavar="ACTION")
    url_help = "postgresql://user@host:5432/database?sslmode=verify-full"
    for name, help_ in (
        ("init", "Create or upgrade the agency schema and its steward and desk roles (IT)."),
        ("connect", "Connect this desk to an agency server (a password goes to a passfile)."),
        ("sync", "Send queued edits, then fetch the agency's changes."),
        ("status", "Say when this desk last synced and what waits to be sent."),
        ("conflicts", "Show resources changed both here and on the server."),
        ("resolve", "Keep one version of a conflicting resource: mine or theirs."),
        ("lists", "Show the agency's lists."),
        ("put", "Add or change an agency resource from a TOML file (stewards)."),
        ("remove", "Remove an agency resource (stewards)."),
        ("publish", "Put a signed catalog bundle on the server as the agency's edition."),
        ("edition", "Say which catalog edition the agency holds; -o FILE writes its bundle."),
    ):
        action = actions.add_parser(name, help=help_, description=help_)
        if name in ("init", "connect"):
            action.add_argument("url", help=url_help)
        if name == "init":
            action.add_argument("--role-prefix", help="name roles PREFIX_stewards, PREFIX_desks")
        if name in ("resolve", "remove"):
            action.add_argument("id", help="the resource id, such as local/drop-in")
        if name == "resolve":
            action.add_argument("keep", choices=("mine", "theirs"))
        if name == "publish":
            action.add_argument("file", help="the bundle file")
            action.add_argument("--public-key", metavar="KEYFILE.pub", help="the publisher's key")
        if name == "edition":
            action.add_argument("-o", "--output", metavar="FILE", help="write the bundle here")
        if name == "put":
            action.add_argument("file", help="the TOML file")
            action.add_argument("--id", help="the agency resource to change (default: a new one)")
        if name in ("sync", "status", "conflicts", "lists"):
            action.add_argument("--json", action="store_true", help="print JSON")


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``csec-catalog``."""
    parser = _Parser(
        prog="csec-catalog",
        description="Search, show, export and check the CSEC Resource Desk catalog.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"where the databases live (default: ${paths.DATA_DIR_ENV} or the user data folder)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], help_: str, **options: Any
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_, description=help_, **options)
        sub.set_defaults(handler=handler)
        return sub

    # No -h: argparse would read "-homeless" as -h with an argument (see _search_words).
    search = command("search", cmd_search, "Search the catalog.", add_help=False)
    search.add_argument("--help", action="help", help="show this help message and exit")
    search.add_argument(
        "query",
        nargs="*",
        help='words, "phrases", -exclusions, OR, kind:, state:, year:, org:',
    )
    search.add_argument(
        "--kind",
        choices=("program", "training", "hotline", "publication", "website", "organization"),
    )
    search.add_argument(
        "--sort", choices=("relevance", "title", "date", "verified"), default="relevance"
    )
    search.add_argument(
        "--limit", type=int, default=20, help="how many results to print (default 20)"
    )
    search.add_argument(
        "--near",
        metavar="PLACE",
        help="a ZIP code or city and state: nearest first (what you type is not stored)",
    )
    search.add_argument(
        "--within",
        type=float,
        metavar="MILES",
        help=f"the radius for --near in miles (default {DEFAULT_MILES:g})",
    )
    client = search.add_argument_group(
        "for this client", "who the client is; nothing typed here is stored"
    )
    client.add_argument("--age", type=int, help="leave out what is known not to serve this age")
    client.add_argument(
        "--gender",
        choices=("girls", "boys", "transgender_nonbinary"),
        help="leave out what is known not to serve this gender",
    )
    client.add_argument("--language", metavar="CODE", help="a language code such as es (Spanish)")
    client.add_argument(
        "--need",
        action="append",
        choices=FACTS,
        help="a fact the resource must state (repeat for several)",
    )
    search.add_argument("--json", action="store_true", help="print JSON")

    show = command("show", cmd_show, "Show everything known about one resource.")
    show.add_argument("id", help="the resource id, such as program/gems-2006")
    show.add_argument("--json", action="store_true", help="print JSON")

    stats = command("stats", cmd_stats, "Count the catalog's resources.")
    stats.add_argument("--json", action="store_true", help="print JSON")

    export_ = command("export", cmd_export, "Export the whole catalog.")
    export_.add_argument("--format", choices=("json", "csv", "hsds"), default="json")
    export_.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="file to write (default: stdout); for hsds, the folder to create",
    )

    def import_command(
        name: str, handler: Callable[[argparse.Namespace], int], help_: str, path_help: str
    ) -> argparse.ArgumentParser:
        sub = command(name, handler, help_)
        sub.add_argument("path", help=path_help)
        sub.add_argument(
            "--dry-run", action="store_true", help="list what would be added or changed"
        )
        sub.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="write the records as a JSON export (- for stdout)",
        )
        sub.add_argument(
            "--as-local",
            action="store_true",
            help="add (or, imported again, update) them as your agency's local resources",
        )
        sub.add_argument("--json", action="store_true", help="print the preview as JSON")
        return sub

    import_hsds = import_command(
        "import-hsds",
        cmd_import_hsds,
        "Read an HSDS 3.0 package (a folder, or a zip of one) or HSDS JSON (an API's services "
        "page or full service objects) into catalog records: preview or write as JSON.",
        "the folder (or zip file) with datapackage.json and the CSV tables, or a .json file",
    )
    import_hsds.add_argument(
        "--verified",
        metavar="DATE",
        help="YYYY[-MM[-DD]]: when you confirmed the partner's facts (dates undated services)",
    )
    import_command(
        "import-csv",
        cmd_import_csv,
        "Read a CSV file in the columns of 'export --format csv' into catalog records: preview "
        "or write as JSON (written only when every row is read without a problem).",
        "the CSV file (UTF-8, a header row)",
    )

    validate = command("validate", cmd_validate, "Check a catalog source directory such as data/.")
    validate.add_argument("path", help="the directory to check")
    validate.add_argument("--json", action="store_true", help="print JSON")

    check = command("check", cmd_check, "Check both databases' integrity.")
    check.add_argument("--json", action="store_true", help="print JSON")

    sheet = command("sheet", cmd_sheet, "Make a resource sheet as PDF.")
    sheet.add_argument("ids", nargs="+", metavar="ID", help="resource ids, in the order to print")
    sheet.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help="PDF to write")
    sheet.add_argument("--title", default="", help="the sheet's title")
    sheet.add_argument(
        "--lang",
        default="en",
        metavar="CODE",
        help="the sheet's language: en (English, the default) or es (Spanish); any other "
        "code is told and gets English labels",
    )
    sheet.add_argument("--large-print", action="store_true", help="larger type")
    sheet.add_argument("--detailed", action="store_true", help="add each resource's summary")
    sheet.add_argument("--no-qr", action="store_true", help="no QR codes for web addresses")
    sheet.add_argument("--no-hotlines", action="store_true", help="leave out the hotlines block")
    sheet.add_argument("--paper", choices=("letter", "a4"), default="letter")
    sheet.add_argument(
        "--discreet",
        action="store_true",
        help="to give to a young person: neutral title and names; resources without a "
        "discreet name are left off",
    )

    rebuild = command("rebuild", cmd_rebuild, "Rebuild the catalog database from its source.")
    rebuild.add_argument(
        "--source", metavar="DIR", help="catalog source (default: the bundled one)"
    )

    local_ = command("local", cmd_local, "List, add, edit or remove your agency's own resources.")
    actions = local_.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, help_ in (
        ("list", "List the local resources and whether each is valid."),
        ("add", "Add a local resource from a TOML file in the form of data/resources/."),
        ("edit", "Replace a local resource with the contents of a TOML file."),
        ("remove", "Remove a local resource."),
        ("discreet", "Give a local resource its name and one line for discreet sheets."),
    ):
        action = actions.add_parser(name, help=help_, description=help_)
        if name in ("edit", "remove", "discreet"):
            action.add_argument("id", help="the local resource's id, such as local/drop-in")
        else:
            action.set_defaults(id=None)
        if name in ("add", "edit"):
            action.add_argument("file", help="the TOML file")
        if name == "discreet":
            action.add_argument("--name", default="", help="a neutral name, such as Drop-in center")
            action.add_argument("--description", default="", help="one neutral sentence")
            action.add_argument("--lang", default="en", metavar="CODE", help="en or es")
            action.add_argument("--remove", action="store_true", help="take the text back")
        action.add_argument("--json", action="store_true", help="print JSON")

    backups = command(
        "backups", cmd_backups, "List the backups of your saved data (favorites, notes…)."
    )
    backups.add_argument("--json", action="store_true", help="print JSON")

    restore = command(
        "restore",
        cmd_restore,
        "Put a backup of your saved data back (the current data is kept aside), or, after "
        "damage, start anew.",
    )
    restore.add_argument(
        "when", nargs="?", help="the backup's time as 'backups' lists it (default: the newest)"
    )
    restore.add_argument(
        "--empty",
        action="store_true",
        help="do not restore: go on with empty saved data (the damaged file stays aside)",
    )

    keygen = command("keygen", cmd_keygen, "Make an Ed25519 key pair for signing bundles.")
    keygen.add_argument(
        "keyfile", help="private key file to write; the public key goes to KEYFILE.pub"
    )

    bundle = commands.add_parser(
        "bundle", help="Build signed catalog bundles.", description="Build signed catalog bundles."
    )
    bundle_commands = bundle.add_subparsers(dest="bundle_command", required=True, metavar="ACTION")
    build = bundle_commands.add_parser(
        "build", help="Validate a catalog source and write it as a signed bundle."
    )
    build.set_defaults(handler=cmd_bundle_build)
    build.add_argument("source", help="the catalog source directory, such as data/")
    build.add_argument("-o", "--output", required=True, metavar="FILE", help="bundle to write")
    build.add_argument("--key", required=True, metavar="KEYFILE", help="private key to sign with")
    build.add_argument(
        "--publisher", default="CSEC Resource Desk maintainers", help="who publishes the bundle"
    )
    build.add_argument(
        "--catalog-version", metavar="V", help="numbers joined by dots (default: today, 2026.11.23)"
    )

    import_ = command("import", cmd_import, "Import a signed catalog bundle, or undo the last one.")
    import_.add_argument("file", nargs="?", help="the bundle file")
    import_.add_argument("--dry-run", action="store_true", help="show the changes, apply nothing")
    import_.add_argument(
        "--public-key", metavar="KEYFILE.pub", help="trust this publisher key for this import"
    )
    import_.add_argument(
        "--allow-unverified",
        action="store_true",
        help="import an unsigned or tampered bundle anyway (you are warned)",
    )
    import_.add_argument(
        "--undo", action="store_true", help="put back the catalog before the last import"
    )
    import_.add_argument("--json", action="store_true", help="print JSON")

    favorites = command("favorites", cmd_favorites, "List, add or remove favorites.")
    favorites.add_argument("action", choices=("list", "add", "remove"))
    favorites.add_argument("id", nargs="?", help="the resource id (for add and remove)")
    favorites.add_argument("--json", action="store_true", help="print JSON")
    _add_agency_commands(command)
    return parser


def _os_sentence(error: Exception) -> str | None:
    """The sentence for a file that could not be read or written, or None."""
    if isinstance(error, PermissionError):
        return f"Permission denied: {error.filename or error}."
    if isinstance(error, OSError):
        return f"{error.strerror or error}: {error.filename or ''}".rstrip(": ") + "."
    return None


def _bug(error: Exception, args: argparse.Namespace) -> str:
    """Log an unexpected error under the data folder; the sentence that says where."""
    try:
        directory: Path | None = paths.data_dir(args.data_dir)
    except Exception:  # the data folder itself may be what failed
        directory = None
    return str(failures.reported_bug(error, directory, "csec-catalog"))


def _search_words(
    parser: argparse.ArgumentParser, args: argparse.Namespace, extra: list[str]
) -> None:
    """Make ``args.query`` the query text of ``search``: its words, and the words with a
    leading dash (exclusions, ``search teen -runaway``), which argparse leaves over as
    unknown options. Their order does not change what a query finds."""
    if "-h" in extra:
        parser.parse_args(["search", "--help"])  # prints the help and exits
    unknown = [word for word in extra if word.startswith("--")]
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    if not args.query and not extra:
        parser.error("search needs a query (words to look for)")
    args.query = " ".join([*args.query, *extra])


#: Commands that only read, so that they can run again once a damaged catalog is rebuilt.
READING_COMMANDS = frozenset({"search", "show", "stats", "export", "sheet", "favorites"})


def _run_repairing(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run the command; when it failed on a damaged catalog, rebuild that (say so in one
    sentence) and run a reading command once more (any other is to be run again: it may
    have saved part of its work before the catalog failed)."""
    try:
        return handler(args)
    except Exception as error:
        desk: Desk | None = getattr(args, "desk", None)
        told = desk.repair_catalog(error, _progress) if desk is not None else None
        if told is None:
            raise
    if args.command in READING_COMMANDS and getattr(args, "action", "list") == "list":
        print(f"csec-catalog: {told}", file=sys.stderr)
        return handler(args)
    raise CliError(f"{str(told).rstrip('.')}; run the command again.")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``csec-catalog``; return the exit code."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "search":
        _search_words(parser, args, extra)
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if getattr(args, "limit", 1) < 1:
        parser.error("--limit must be at least 1")
    try:
        handler: Callable[[argparse.Namespace], int] = args.handler
        try:
            code = _run_repairing(handler, args)
            if note := getattr(args, "read_only_note", None):
                print(f"csec-catalog: {note}", file=sys.stderr)
            return code
        finally:
            if (desk := getattr(args, "desk", None)) is not None:
                desk.close()
    except store.UserDataDamaged as damaged:
        message = _damage_sentence(damaged)
    except (CliError, store.StoreError, paths.PortableDataUnwritable) as error:  # one sentence
        message = str(error)
    except UserDataError as error:  # a refused write of user data: one sentence, no record
        message = str(error)
    except BrokenPipeError:
        # The reader (`| head`) has gone: stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        message = "Interrupted."
    except Exception as error:  # one sentence, never a traceback, SQL or a record's text
        known = failures.known_failure(error)
        message = str(known) if known else _os_sentence(error) or _bug(error, args)
    if (note := getattr(args, "read_only_note", None)) and "read-only" not in message:
        print(f"csec-catalog: {note}", file=sys.stderr)
    print(f"csec-catalog: {message}", file=sys.stderr)
    return EXIT_ERROR
