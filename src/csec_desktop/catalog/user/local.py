"""An agency's own resources: added and edited by the agency, kept in ``user.sqlite``.

A local resource is stored as its JSON export record (:func:`records.record_to_dict`) with
an id ``local/<words>``, so it survives any catalog rebuild, update or schema change. It is
validated by :func:`records.parse_resource` against the installed catalog's vocabularies,
and shown by writing it into ``catalog.sqlite`` (``is_local`` set), where search, facets,
the detail view and the exports see it like any other resource:

- :func:`save` and :func:`delete` update ``user.sqlite`` and then the catalog, incrementally
  (its rows, the full-text index, the word list and the search arrays);
- :func:`merge_into_catalog` writes every local resource into a catalog that was rebuilt or
  replaced. It does nothing when the catalog already holds them, so it is also called on
  every start.

``user.sqlite`` is the truth and the catalog follows it. The two files cannot change in one
transaction, so a process killed between them, a row added by another program or a
restored backup leaves user data ahead of the catalog; the next merge catches up. Every
catalog write is one transaction, taken with the write lock at once (``BEGIN IMMEDIATE``)
and decided under it, that writes the local rows together with the fingerprint of the user
data they were made from (meta ``local.hash``): a kill leaves the catalog as it was, and a
fingerprint never says more than the catalog holds. :func:`disagreement` compares the
records themselves, for ``csec-catalog check``.

After either, a :class:`~csec_desktop.catalog.search.SearchEngine` on the catalog must be
reloaded.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import re
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, select
from sqlalchemy import delete as sa_delete
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from csec_desktop.catalog.content.records import (
    LOCAL_PREFIX,
    OrganizationRecord,
    Problem,
    ResourceRecord,
    SourceRecord,
    Vocabularies,
    parse_resource,
    record_to_dict,
)
from csec_desktop.catalog.content.sentence import QT_TRANSLATE_NOOP, Sentence
from csec_desktop.catalog.index.indexing import index_resources, unindex_resources, words
from csec_desktop.catalog.progress import Progress
from csec_desktop.catalog.storage.reader import local_records
from csec_desktop.catalog.storage.store import StoreError, write_transaction
from csec_desktop.catalog.storage.userdata import LocalResource, utcnow
from csec_desktop.catalog.storage.writer import insert_resources, link_resources
from csec_desktop.catalog.user.userstore import user_writes

# What the form says of a problem, as sentences (``content/sentence.py``) of this context.
CONTEXT = "LocalResourceForm"
# What a field accepts, in plain words, said when its value is not accepted.
ALLOWED = {
    "phone": QT_TRANSLATE_NOOP(
        "LocalResourceForm",
        "Use a US phone number, such as 518-555-0101, or a three-digit line such as 988.",
    ),
    "text": QT_TRANSLATE_NOOP(
        "LocalResourceForm",
        "Use a short code of 3 to 6 digits, or a US phone number such as 518-555-0101.",
    ),
    "tty": QT_TRANSLATE_NOOP(
        "LocalResourceForm",
        "Use a US phone number, such as 518-555-0101, or a three-digit line such as 711.",
    ),
    "website": QT_TRANSLATE_NOOP(
        "LocalResourceForm",
        "Use a web address that starts with https://, such as https://example.org.",
    ),
    "email": QT_TRANSLATE_NOOP(
        "LocalResourceForm", "Use an email address, such as help@example.org."
    ),
    "sites": QT_TRANSLATE_NOOP(
        "LocalResourceForm",
        "Use a city and a two-letter state, such as Albany, NY; separate places with “;”.",
    ),
    "last_verified": QT_TRANSLATE_NOOP(
        "LocalResourceForm",
        "Use a date such as 2026-11-23, or a month (2026-11) or a year (2026).",
    ),
}
# What to enter in a required field left empty.
NEEDED = {
    "title": QT_TRANSLATE_NOOP(
        "LocalResourceForm", "Enter a title: the name people know the service by."
    ),
    "summary": QT_TRANSLATE_NOOP(
        "LocalResourceForm", "Enter a short summary of what the service offers."
    ),
    "last_verified": QT_TRANSLATE_NOOP(
        "LocalResourceForm", "Enter when these facts were last confirmed, such as 2026-11-23."
    ),
}
NEEDED_ELSEWHERE = QT_TRANSLATE_NOOP("LocalResourceForm", "Enter a value here.")
HIDDEN_CHARACTERS = QT_TRANSLATE_NOOP(
    "LocalResourceForm",
    "Remove the invisible control or text-direction characters (type it again).",
)
ONE_LINE = QT_TRANSLATE_NOOP("LocalResourceForm", "Keep this on one line.")
TOO_LONG = QT_TRANSLATE_NOOP(
    "LocalResourceForm", "This is {length} characters long; keep it to {limit} or fewer."
)
# Where problems with a local resource are said to be (Problem.where).
WHERE = "local resource"
# The catalog meta key holding the fingerprint of the local resources written into it.
META_LOCAL_HASH = "local.hash"
# Fingerprints are sums of 128-bit record hashes, kept to 128 bits.
_PRINT_MASK = (1 << 128) - 1
# Local resources rewritten per step of :func:`follow_changes`.
FOLLOW_SLICE = 5000
# Local resources written (user data, then the catalog) per step of :func:`save_many`,
# and ids per SQL statement: SQLite takes at most 32,766 parameters in one.
BATCH = 2000
# Words of a title kept in a generated id.
ID_WORDS = 8
# Fields nested in a table of the record, and the record field that holds the table.
_NESTED = {
    "city": "sites",
    "state": "sites",
    "role": "sites",
    "value": "contacts",
    "display": "contacts",
    "label": "contacts",
    "ages_min": "eligibility",
    "ages_max": "eligibility",
    "note": "eligibility",
}
_FIELD = re.compile(r"^'([a-z_]+)( contact)?'")
# The form's contact fields, named by their contact kind.
FORM_CONTACTS = ("phone", "text", "tty")
# A rare problem, in the rule's own words: not one of the form's sentences, so the same
# in every language.
_AS_THE_RULE_SAYS = "{rule}"
_T = TypeVar("_T")
_TOO_LONG = re.compile(r"is (\d+) characters long; the limit is (\d+)")


def plain_problem(problem: Problem) -> tuple[str, Sentence]:
    """Where the form shows a problem and what it says there, in plain words that say
    what is allowed: ``(field, sentence)``.

    The field is a record field (``title``, ``sites``…), a contact kind of
    :data:`FORM_CONTACTS` for a contact's number, ``hours`` for its hours, or ``""`` for a
    problem of the whole resource.
    """
    message = problem.message
    field = problem_field(problem)
    first = message.split(maxsplit=1)[0].strip("'") if message else ""
    if field == "contacts" and first in FORM_CONTACTS:
        field = first
    too_long = _TOO_LONG.search(message)
    if "is required" in message or "must not be empty" in message:
        return field, Sentence(CONTEXT, NEEDED.get(field, NEEDED_ELSEWHERE))
    if too_long:
        values = {"length": int(too_long[1]), "limit": int(too_long[2])}
        return field, Sentence(CONTEXT, TOO_LONG, values)
    if "text-direction characters" in message:
        return field, Sentence(CONTEXT, HIDDEN_CHARACTERS)
    if "single line" in message:
        return field, Sentence(CONTEXT, ONE_LINE)
    if field in ALLOWED:
        return field, Sentence(CONTEXT, ALLOWED[field])
    text = re.sub(r"'([a-z_]+)'", lambda name: name[1].replace("_", " "), message)
    rule = text[:1].upper() + text[1:].rstrip(".") + "."
    return field, Sentence(CONTEXT, _AS_THE_RULE_SAYS, {"rule": rule})


class LocalResourceError(ValueError):
    """A local resource that cannot be saved; ``problems`` says each field's problem."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


# (SQLite's own words as the reason: what a helper would ask for.)
MERGE_FAILED = QT_TRANSLATE_NOOP(
    "Storage",
    "Your agency's local resources could not be brought into the catalog ({reason}), so "
    "the catalog is unchanged; they are safe in your saved data.",
)


class LocalMergeError(StoreError):
    """The catalog could not be brought in line with the local resources in user data.

    The catalog is as it was (its write was one transaction), and user data holds every
    local resource: the next start, or the next command, tries again.
    """


@dataclass(frozen=True)
class LocalEntry:
    """A stored local resource: its record as stored, and the record it validates to."""

    slug: str
    data: dict[str, Any]
    record: ResourceRecord | None
    problems: list[Problem]


def problem_field(problem: Problem) -> str:
    """The record field a problem is about (``title``, ``contacts``, ``sites``…), or ``""``.

    The form shows a message next to that field.
    """
    message = problem.message
    found = _FIELD.match(message)
    if found:
        name = found.group(1)
        return "contacts" if found.group(2) else _NESTED.get(name, name)
    for word, name in (("contact", "contacts"), ("site", "sites"), ("related", "related")):
        if word in message.split()[:3]:
            return name
    return ""


def catalog_vocabularies(catalog: Engine) -> Vocabularies:
    """The codes, organization keys and source keys of the installed catalog."""
    # Plain SQL: the ORM's organization objects cost 80 ms in a 100k-resource catalog.
    with catalog.connect() as connection:
        codes: dict[str, set[str]] = {}
        for facet, code in connection.exec_driver_sql("SELECT facet, code FROM vocabulary"):
            codes.setdefault(facet, set()).add(code)
        organizations = connection.exec_driver_sql("SELECT key FROM organization").scalars()
        sources = connection.exec_driver_sql("SELECT key FROM source").scalars()
        return Vocabularies(
            codes={facet: frozenset(values) for facet, values in codes.items()},
            organizations=frozenset(organizations),
            sources=frozenset(sources),
        )


def import_exchange(
    catalog: Engine,
    user: Engine,
    resources: Iterable[Mapping[str, Any]],
    organizations: Sequence[OrganizationRecord] = (),
    sources: Sequence[SourceRecord] = (),
    *,
    total: int | None = None,
    progress: Progress | None = None,
) -> tuple[list[str], list[Problem]]:
    """Save resources read from a partner's file (HSDS, CSV), each as its dictionary
    (:func:`record_to_dict`), as local resources.

    Each gets the id :func:`imported_id`, so that importing the same file again updates
    what the first import added. Local resources name no organization or source of their
    own, so one the catalog does not have is named in the summary instead ("Offered by …",
    "From …"); related ids the catalog lacks are dropped. They are taken one at a time and
    saved in one step (:func:`save_many`, which ``progress`` hears from; ``total`` is how
    many there are). Returns the ids saved and, for those that could not be, their problems.
    """
    vocab = catalog_vocabularies(catalog)
    names = {o.key: o.name for o in organizations}
    titles = {s.key: s.title for s in sources}

    def items() -> Iterator[dict[str, Any]]:
        for resource in resources:
            data = dict(resource)
            data["id"] = imported_id(str(data.get("id")))
            notes: list[str] = []
            organization = data.get("organization")
            if organization and organization not in vocab.organizations:
                notes.append(f"Offered by {names.get(organization, organization)}.")
                data.pop("organization", None)
            source = data.get("source")
            if source and source not in vocab.sources:
                notes.append(f"From {titles.get(source, source)}.")
                data.pop("source", None)
            if notes:
                data["summary"] = " ".join([str(data.get("summary", "")), *notes]).strip()
            data["related"] = [
                link
                for link in data.get("related", [])
                if _catalog_slugs(catalog, [str(link.get("id"))])
                or is_local_id(str(link.get("id")))
            ]
            yield data

    return save_many(catalog, user, items(), total=total, progress=progress)


def imported_id(record_id: str) -> str:
    """The local id a resource read from a partner's file is saved under (``program/x`` →
    ``local/program-x``)."""
    return f"{LOCAL_PREFIX}/{record_id.replace('/', '-')}"


def is_local_id(slug: str) -> bool:
    """True when ``slug`` names a resource the agency added (``local/…``)."""
    return slug.startswith(f"{LOCAL_PREFIX}/")


def new_slug(title: str, taken: Iterable[str]) -> str:
    """A fresh ``local/<words>`` id from a title (``local/resource`` if it has no words)."""
    base = "-".join(
        w for w in words(title.encode("ascii", "ignore").decode()) if w.isalnum()
    ).split("-")
    stem = "-".join(base[:ID_WORDS]) or "resource"
    used = set(taken)
    slug, number = f"{LOCAL_PREFIX}/{stem}", 2
    while slug in used:
        slug, number = f"{LOCAL_PREFIX}/{stem}-{number}", number + 1
    return slug


def stored_slugs(user: Engine) -> set[str]:
    """The ids of the stored local resources."""
    table = LocalResource.__table__
    with user.connect() as connection:
        return set(connection.execute(select(table.c.slug)).scalars())


def stored_records(user: Engine, slugs: Iterable[str]) -> dict[str, dict[str, Any] | None]:
    """The stored record of each of ``slugs`` (None: not stored), read in one pass."""
    found: dict[str, dict[str, Any] | None] = dict.fromkeys(slugs)
    if not found:
        return found
    table = LocalResource.__table__
    with user.connect() as connection:
        for slug, text in connection.execute(select(table.c.slug, table.c.record)):
            if slug in found:
                found[slug] = _load(text)
    return found


def _stored(user: Engine) -> dict[str, str]:
    # Core, all rows at once: the ORM took a quarter of a second per 30k local resources.
    table = LocalResource.__table__
    with user.connect() as connection:
        rows = connection.execute(select(table.c.slug, table.c.record)).all()
    return {str(slug): str(record) for slug, record in rows}


def _catalog_slugs(catalog: Engine | Connection, slugs: Iterable[str]) -> set[str]:
    """Which of ``slugs`` the catalog has as its own (not local) resources; ``catalog`` may
    be a connection already open (a merge checks links inside its write)."""
    wanted = list(slugs)
    if not wanted:
        return set()
    with contextlib.ExitStack() as stack:
        connection = (
            stack.enter_context(catalog.connect()) if isinstance(catalog, Engine) else catalog
        )
        marks = ", ".join("?" for _ in wanted)
        return {
            slug
            for (slug,) in connection.exec_driver_sql(
                f"SELECT slug FROM resource WHERE slug IN ({marks}) AND NOT is_local",
                tuple(wanted),
            )
        }


def validate(
    catalog: Engine,
    user: Engine,
    data: Mapping[str, Any],
    slug: str | None = None,
    vocab: Vocabularies | None = None,
) -> tuple[ResourceRecord | None, list[Problem]]:
    """Check a local resource before it is saved; the record is None if anything is wrong.

    ``slug`` is the id of the resource being edited (None for a new one). A new resource
    without an ``id`` gets one from its title. Every problem names its field.
    """
    return _validated(catalog, _stored(user), data, slug, vocab)


def _validated(
    catalog: Engine,
    stored: Collection[str],
    data: Mapping[str, Any],
    slug: str | None,
    vocab: Vocabularies | None,
) -> tuple[ResourceRecord | None, list[Problem]]:
    """:func:`validate` against the ids of the ``stored`` local resources."""
    raw = dict(data)
    problems: list[Problem] = []
    given = raw.get("id")
    if slug is not None:
        if given not in (None, slug):
            problems.append(Problem(WHERE, slug, f"'id' cannot change from {slug!r}"))
        raw["id"] = slug
    elif given is None:
        title = raw.get("title")
        raw["id"] = new_slug(title if isinstance(title, str) else "", stored)
    elif isinstance(given, str) and not is_local_id(given):
        problems.append(
            Problem(WHERE, given, f"'id' of a local resource must start with '{LOCAL_PREFIX}/'")
        )
    elif given in stored or _catalog_slugs(catalog, [str(given)]):
        problems.append(Problem(WHERE, str(given), f"'id' {given!r} is already taken"))
    record, found = parse_resource(raw, WHERE, vocab or catalog_vocabularies(catalog))
    problems += found
    if record is not None:
        problems += _link_problems(catalog, record, stored)
    return (None if problems else record), problems


def _link_problems(
    catalog: Engine | Connection, record: ResourceRecord, stored: Collection[str]
) -> list[Problem]:
    targets = [link.id for link in record.related]
    # Only the targets are looked up: a set of every stored id per record made a merge of
    # 100k local resources quadratic (hours).
    known = _catalog_slugs(catalog, targets) | {target for target in targets if target in stored}
    return [
        Problem(WHERE, record.id, f"'related' id {target!r} does not exist")
        if target != record.id
        else Problem(WHERE, record.id, "'related' links the resource to itself")
        for target in targets
        if target not in known or target == record.id
    ]


def save(
    catalog: Engine, user: Engine, data: Mapping[str, Any], slug: str | None = None
) -> ResourceRecord:
    """Add (``slug`` None) or replace the local resource ``slug``; return the saved record.

    Raises :class:`LocalResourceError` with every problem, storing nothing, if the data is
    not valid. The catalog is updated at once; reload its search engine afterwards.
    """
    vocab = catalog_vocabularies(catalog)
    record, problems = validate(catalog, user, data, slug, vocab)
    if record is None:
        raise LocalResourceError(
            f"The resource has {len(problems)} problem(s): {problems[0].message}.", problems
        )
    before = _stored(user)
    if slug is not None and slug not in before:
        raise LocalResourceError(f"There is no local resource with the id '{slug}'.")
    text = json.dumps(record_to_dict(record), ensure_ascii=False, sort_keys=True)
    with user_writes(), Session(user) as session, session.begin():
        row = session.get(LocalResource, record.id)
        if row is None:
            session.add(LocalResource(slug=record.id, record=text))
        else:
            row.record = text
            row.updated_at = utcnow()
    after = {**before, record.id: text}
    linking = [
        linked
        for other, other_text in after.items()
        # The substring test first: parsing every record made a save of one cost 100k parses.
        if other != record.id and record.id in other_text and record.id in _links(other_text)
        for linked in [parse_resource(_load(other_text), WHERE, vocab)[0]]
        if linked is not None
    ]
    printed = fingerprint(before)
    _follow(
        catalog,
        user,
        (printed, not before, _shifted(printed, before, {record.id: text})),
        lambda connection: _replace(connection, [record.id], [record], linking),
    )
    return record


def save_many(
    catalog: Engine,
    user: Engine,
    items: Iterable[Mapping[str, Any]],
    *,
    total: int | None = None,
    progress: Progress | None = None,
) -> tuple[list[str], list[Problem]]:
    """Add or replace (by their ``id``) the local resources ``items`` in one step: each is
    checked as :func:`save` checks it, then the valid ones are written in one transaction
    of user data and one of the catalog. Returns the ids saved and the problems of those
    refused. ``progress`` hears of each check (of ``total``, by default ``len(items)``) and
    may raise to stop: nothing is written then.

    ``items`` are taken one at a time and the checked records wait on disk, and both
    transactions write them in slices of :data:`BATCH`: an import of 100k resources never
    holds them all in memory.
    """
    vocab = catalog_vocabularies(catalog)
    seen = stored_slugs(user)
    count = total if total is not None else len(items) if isinstance(items, Sequence) else 0
    problems: list[Problem] = []
    checked = _Checked()
    try:
        for number, data in enumerate(items):
            if progress is not None:
                progress(number, count, "checking local resources")
            given = data.get("id")
            slug = given if isinstance(given, str) and given in seen else None
            record, found = _validated(catalog, seen, data, slug, vocab)
            problems += found
            if record is not None:
                # A second entry with the same id replaces the first.
                checked.add(record.id, record_to_dict(record))
                seen.add(record.id)
        del seen  # 100k ids: not held while the catalog is written
        if len(checked):
            if progress is not None:
                progress(count, count, "saving local resources")
            _write_checked(catalog, user, checked, vocab)
        saved = checked.slugs()
    finally:
        checked.close()
    return saved, problems


class _Checked:
    """Checked local resources waiting to be written, by id, in the order first given: a
    private temporary SQLite database on disk, which SQLite deletes when it is closed."""

    def __init__(self) -> None:
        self.db = sqlite3.connect("")  # "": a temporary database on disk, private to us
        self.db.execute("PRAGMA cache_size = -8000")  # 8 MB; the rest stays on disk
        self.db.execute("CREATE TABLE checked (slug TEXT PRIMARY KEY, text TEXT)")
        self.db.execute("BEGIN")  # one transaction: no journal written per row

    def close(self) -> None:
        self.db.close()

    def add(self, slug: str, data: Mapping[str, Any]) -> None:
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        self.db.execute(
            "INSERT INTO checked VALUES (?, ?) "
            "ON CONFLICT (slug) DO UPDATE SET text = excluded.text",
            (slug, text),
        )

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM checked").fetchone()[0])

    def __contains__(self, slug: object) -> bool:
        found = self.db.execute("SELECT 1 FROM checked WHERE slug = ?", (slug,)).fetchone()
        return found is not None

    def __iter__(self) -> Iterator[str]:
        """The ids in order (the catalog's rows are looked up by them)."""
        for (slug,) in self.db.execute("SELECT slug FROM checked ORDER BY slug"):
            yield slug

    def slugs(self) -> list[str]:
        """The ids, in the order first given."""
        return [slug for (slug,) in self.db.execute("SELECT slug FROM checked ORDER BY rowid")]

    def batches(self) -> Iterator[list[tuple[str, str]]]:
        """``(id, stored text)`` of every resource, :data:`BATCH` at a time."""
        cursor = self.db.execute("SELECT slug, text FROM checked ORDER BY rowid")
        while batch := cursor.fetchmany(BATCH):
            yield batch


@dataclass
class _Scan:
    """What one pass over the stored local resources found (see :func:`_scan`)."""

    printed: int = 0
    count: int = 0
    # The record hash of each of those asked about that is stored.
    hashes: dict[str, int] = field(default_factory=dict)
    # The stored text of each other local resource that links to one of them.
    linking: dict[str, str] = field(default_factory=dict)


def _scan(connection: Connection, among: Collection[str]) -> _Scan:
    """The fingerprint and count of the stored local resources, with what :class:`_Scan`
    keeps about ``among``, read row by row (never every record at once)."""
    table = LocalResource.__table__
    scan = _Scan()
    for slug, text in connection.execute(select(table.c.slug, table.c.record)):
        hashed = record_hash(slug, text)
        scan.printed += hashed
        scan.count += 1
        if slug in among:
            scan.hashes[slug] = hashed
        # The substring test first: parsing every record is slow.
        elif '"related"' in text and any(target in among for target in _links(text)):
            scan.linking[slug] = text
    scan.printed &= _PRINT_MASK
    return scan


def _write_checked(catalog: Engine, user: Engine, checked: _Checked, vocab: Vocabularies) -> None:
    """Write the ``checked`` records into user data (one transaction), then the catalog
    (one transaction, in slices: see :func:`_replace_many`)."""
    table = LocalResource.__table__
    upsert = sqlite_insert(LocalResource)
    upsert = upsert.on_conflict_do_update(
        index_elements=[table.c.slug],
        set_={"record": upsert.excluded.record, "updated_at": utcnow()},
    )
    with user_writes(), write_transaction(user) as connection:
        scan = _scan(connection, checked)  # under the write lock: what the write changes
        after = scan.printed - sum(scan.hashes.values())
        for batch in checked.batches():
            connection.execute(upsert, [{"slug": slug, "record": text} for slug, text in batch])
            after += sum(record_hash(slug, text) for slug, text in batch)
    linking = [
        record
        for text in scan.linking.values()
        if (record := parse_resource(_load(text), WHERE, vocab)[0]) is not None
    ]

    def records() -> Iterator[list[ResourceRecord]]:
        for batch in checked.batches():
            yield [
                record
                for _, text in batch
                if (record := parse_resource(_load(text), WHERE, vocab)[0]) is not None
            ]

    _follow(
        catalog,
        user,
        (scan.printed, not scan.count, after & _PRINT_MASK),
        lambda connection: _replace_many(connection, checked, records(), linking),
    )


def delete(catalog: Engine, user: Engine, slug: str) -> None:
    """Remove the local resource ``slug`` from user data and from the catalog."""
    if slug not in stored_slugs(user):
        raise LocalResourceError(f"There is no local resource with the id '{slug}'.")
    delete_many(catalog, user, [slug])


def delete_many(catalog: Engine, user: Engine, slugs: Iterable[str]) -> None:
    """Remove the local resources ``slugs`` (those that exist) in one step: one write to
    user data, one to the catalog (an import undone). The stored records are read one at
    a time, never all at once (an import of 100k undone)."""
    wanted = set(slugs)
    if not wanted:
        return
    with user_writes(), write_transaction(user) as connection:
        scan = _scan(connection, wanted)
        gone = sorted(scan.hashes)
        linking = {
            other: targets
            for other, text in scan.linking.items()
            if (targets := scan.hashes.keys() & _links(text))
        }
        if linking:
            linked = sorted(set().union(*linking.values()))
            raise LocalResourceError(
                f"{', '.join(map(repr, linked))} is linked from {', '.join(sorted(linking))}; "
                "remove that link first."
            )
        for part in _slices(gone):
            connection.execute(sa_delete(LocalResource).where(LocalResource.slug.in_(part)))
    if not gone:
        return
    after = (scan.printed - sum(scan.hashes.values())) & _PRINT_MASK
    _follow(
        catalog,
        user,
        (scan.printed, not scan.count, after),
        lambda db: _replace(db, gone, []),
    )


def _follow(
    catalog: Engine,
    user: Engine,
    prints: tuple[int, bool, int],
    patch: Callable[[Connection], None],
) -> None:
    """Bring the catalog along with one change to user data. ``prints`` are the fingerprint
    of the local resources before it, whether there were none, and their fingerprint after.

    ``patch`` writes the change alone, which is right only if the catalog held exactly
    what was there before. Otherwise (another process was killed between its two writes, a
    row was added outside the application, a backup was restored) the fingerprint written
    with the patch would say the catalog holds resources it lacks, and no merge would ever
    add them: everything is merged instead.
    """
    before, empty, after = prints
    try:
        with write_transaction(catalog) as connection:
            if _in_line(connection, before, empty):
                patch(connection)
                _remember(connection, after)
                return
    except (sqlite3.Error, SQLAlchemyError, OSError) as error:
        raise _merge_error(error) from error
    merge_into_catalog(catalog, user)


def entries(catalog: Engine, user: Engine) -> list[LocalEntry]:
    """Every stored local resource by id, each checked against the installed catalog."""
    return _entries(catalog, _stored(user))


def _entries(catalog: Engine, stored: Mapping[str, str]) -> list[LocalEntry]:
    """:func:`entries` of the ``stored`` records (slug → JSON text)."""
    vocab = catalog_vocabularies(catalog)
    result: list[LocalEntry] = []
    for slug, text in sorted(stored.items()):
        data = _load(text)
        record, problems = parse_resource(data, WHERE, vocab)
        if record is not None:
            problems += _link_problems(catalog, record, stored)
        result.append(LocalEntry(slug, data, None if problems else record, problems))
    return result


def stored_data(user: Engine, slug: str) -> dict[str, Any] | None:
    """The stored record of the local resource ``slug`` (for editing), or None."""
    with Session(user) as session:
        row = session.get(LocalResource, slug)
        return _load(row.record) if row else None


def merge_into_catalog(catalog: Engine, user: Engine) -> list[Problem]:
    """Bring the catalog's local resources in line with user data (after a rebuild, an
    import, or at a start), in one transaction; return the problems of those left out.

    Does nothing when the catalog already holds exactly the stored local resources, so it
    costs nothing at a start. Otherwise every local row is written again from user data,
    whatever the catalog held of them. A local resource that the catalog's vocabularies no
    longer accept (a topic that was removed) is left out of the catalog, kept in user data,
    and its problems are returned. A local id that the catalog also has replaces the
    catalog's resource. Raises :class:`LocalMergeError` (one sentence) when the catalog
    cannot be written; it is then unchanged.

    The stored records are read, checked and written :data:`BATCH` at a time (a rebuild
    under 100k local resources never holds them all): user data is read twice, for the
    fingerprint and for the records, in one read transaction.
    """
    table = LocalResource.__table__
    with user.connect() as reading:
        # One read transaction (the driver begins none for a SELECT): the fingerprint and
        # the records written are of one state of user data, however long the write.
        reading.exec_driver_sql("BEGIN")
        scan = _scan(reading, ())
        with catalog.connect() as connection:
            if _in_line(connection, scan.printed, not scan.count):
                return []
        stored = set(reading.execute(select(table.c.slug)).scalars())
        vocab = catalog_vocabularies(catalog)
        problems: list[Problem] = []

        def checked(connection: Connection) -> Iterator[list[ResourceRecord]]:
            rows = reading.execute(select(table.c.slug, table.c.record).order_by(table.c.slug))
            while part := rows.fetchmany(BATCH):
                records = []
                for _slug, text in part:
                    record, found = parse_resource(_load(text), WHERE, vocab)
                    if record is not None:
                        found += _link_problems(connection, record, stored)
                    problems.extend(found)
                    if record is not None and not found:
                        records.append(record)
                yield records

        try:
            with write_transaction(catalog) as connection:
                # Decided again under the write lock: another process (the window, a second
                # command) may have merged the same user data meanwhile.
                if not _in_line(connection, scan.printed, not scan.count):
                    old = connection.exec_driver_sql("SELECT slug FROM resource WHERE is_local")
                    slugs = list(dict.fromkeys([*old.scalars(), *sorted(stored)]))
                    _replace_many(connection, slugs, checked(connection))
                    _remember(connection, scan.printed)
        except (sqlite3.Error, SQLAlchemyError, OSError) as error:
            raise _merge_error(error) from error
    return problems


def follow_changes(
    catalog: Engine, user: Engine, before: Mapping[str, str | None]
) -> list[Problem]:
    """Bring the catalog along after another writer (the agency sync) changed the local
    resources named in ``before`` in user data; ``before`` holds each one's stored text
    before the change (None: it was absent). Returns the problems of those left out.

    Only those rows are rewritten when the catalog held exactly the user data before the
    change, so 100 changes among 100k local resources cost milliseconds, not a merge of
    all; otherwise, or when a resource the catalog left out links to a new one, everything
    is merged (:func:`merge_into_catalog`).
    """
    if not before:
        return []
    after = _stored(user)
    printed = fingerprint(after)
    previous = _shifted(printed, after, before)
    added = {slug for slug, text in before.items() if text is None}
    if added & {
        target
        for slug, text in after.items()
        if slug not in before and '"related"' in text
        for target in _links(text)
    }:
        return merge_into_catalog(catalog, user)  # a link that could not be written before
    vocab = catalog_vocabularies(catalog)
    problems: list[Problem] = []
    changed = list(before)
    try:
        with write_transaction(catalog) as connection:
            if not _in_line(connection, previous, len(after) + _grown(after, before) == 0):
                raise _OutOfLine  # rolled back; merged whole below
            # In slices, so that an agency's first sync never holds 100k records at once.
            for start in range(0, len(changed), FOLLOW_SLICE):
                part = changed[start : start + FOLLOW_SLICE]
                records: list[ResourceRecord] = []
                for slug in part:
                    if slug not in after:
                        continue
                    record, found = parse_resource(_load(after[slug]), WHERE, vocab)
                    if record is not None:
                        found += _link_problems(catalog, record, after)
                    problems += found
                    if not found and record is not None:
                        records.append(record)
                _replace(connection, part, records, _linking(connection, part, after, vocab))
            _remember(connection, printed)
            return problems
    except _OutOfLine:
        return merge_into_catalog(catalog, user)
    except (sqlite3.Error, SQLAlchemyError, OSError) as error:
        raise _merge_error(error) from error


class _OutOfLine(Exception):
    """The catalog does not hold what user data held: patching it would not do."""


def _linking(
    connection: Connection, slugs: Sequence[str], stored: Mapping[str, str], vocab: Vocabularies
) -> list[ResourceRecord]:
    """The other local resources the catalog links with ``slugs`` (links are kept in both
    directions), as records: their links go with the rows being replaced."""
    changed = set(slugs)
    others: set[str] = set()
    for start in range(0, len(slugs), 10_000):
        part = slugs[start : start + 10_000]
        marks = ", ".join("?" for _ in part)
        others.update(
            connection.exec_driver_sql(
                f"SELECT DISTINCT o.slug FROM resource AS t "
                f"JOIN relation AS r ON r.related_id = t.id "
                f"JOIN resource AS o ON o.id = r.resource_id "
                f"WHERE t.slug IN ({marks}) AND o.is_local",
                tuple(part),
            ).scalars()
        )
    linking = []
    for slug in sorted(others - changed):
        if slug in stored:
            record = parse_resource(_load(stored[slug]), WHERE, vocab)[0]
            if record is not None:
                linking.append(record)
    return linking


def disagreement(catalog: Engine, user: Engine) -> str | None:
    """Why the catalog's local resources are not those user data holds, in one sentence,
    or None when they are the same.

    Compares the records themselves, not the fingerprint the merge relies on, so that it
    also finds what the fingerprint cannot vouch for. Read only: it changes nothing.
    """
    expected = {e.slug: e.record for e in entries(catalog, user) if e.record is not None}
    held = {record.id: record for record in local_records(catalog)}
    targets = {link.id for record in expected.values() for link in record.related}
    known = _catalog_slugs(catalog, targets) | set(held)
    missing = expected.keys() - held.keys()
    extra = held.keys() - expected.keys()
    changed = {
        slug
        for slug in expected.keys() & held.keys()
        # A link to a resource the catalog lacks cannot be written (see _resolve_links).
        if _comparable(expected[slug], known) != record_to_dict(held[slug])
    }
    if not (missing or extra or changed):
        return None
    counts = ", ".join(
        f"{len(slugs)} {what}"
        for slugs, what in (
            (missing, "missing"),
            (extra, "not in your saved data"),
            (changed, "different"),
        )
        if slugs
    )
    return (
        f"local resources disagree with your saved data ({counts}); opening the desk "
        f"or running any other csec-catalog command brings them in line"
    )


def _comparable(record: ResourceRecord, known: set[str]) -> dict[str, Any]:
    """The record as the catalog can hold it: links only to resources it has."""
    data = record_to_dict(record)
    if "related" in data:
        data["related"] = [link for link in data["related"] if link.get("id") in known]
        if not data["related"]:
            del data["related"]
    return data


def _merge_error(error: BaseException) -> LocalMergeError:
    """The one sentence to report for a catalog write that failed (and was rolled back)."""
    reason = error.orig if isinstance(error, DBAPIError) else error
    return LocalMergeError.of(MERGE_FAILED, reason=str(reason))


def _links(text: str) -> set[str]:
    """The ids a stored record links to."""
    related = _load(text).get("related", [])
    return {str(link.get("id")) for link in related if isinstance(link, dict)}


def _load(text: str) -> dict[str, Any]:
    data = json.loads(text)
    return data if isinstance(data, dict) else {}


def record_hash(slug: str, text: str) -> int:
    """The fingerprint of one stored local resource (a 128-bit number)."""
    digest = hashlib.blake2b(f"{slug}\0{text}".encode(), digest_size=16).digest()
    return int.from_bytes(digest, "big")


def fingerprint(stored: Mapping[str, str]) -> int:
    """The fingerprint of the ``stored`` local resources: the sum of their record hashes.

    A sum, not a hash of the sorted whole, so that a change of a few records updates it
    from those records alone (:func:`follow_changes`), in any order.
    """
    return sum(record_hash(slug, text) for slug, text in stored.items()) & _PRINT_MASK


def _shifted(printed: int, stored: Mapping[str, str], other: Mapping[str, str | None]) -> int:
    """The fingerprint ``printed`` of ``stored`` with the records named in ``other`` taken
    as ``other`` has them (None: absent), computed from those records alone."""
    for slug, text in other.items():
        if slug in stored:
            printed -= record_hash(slug, stored[slug])
        if text is not None:
            printed += record_hash(slug, text)
    return printed & _PRINT_MASK


def _grown(stored: Mapping[str, str], other: Mapping[str, str | None]) -> int:
    """How many more records ``stored`` holds with ``other``'s records taken as it has them."""
    return sum((text is not None) - (slug in stored) for slug, text in other.items())


def _state(connection: Connection, printed: int) -> str:
    """What the catalog holds of local resources with the fingerprint ``printed``: it and
    how many local rows the catalog has (an import that dropped them changes the count,
    not the meta). Counted on the slug index: local ids all start with the local prefix."""
    present = connection.exec_driver_sql(
        "SELECT count(*) FROM resource WHERE slug >= ? AND slug < ? AND is_local",
        (f"{LOCAL_PREFIX}/", f"{LOCAL_PREFIX}0"),
    ).scalar_one()
    return f"{printed:032x} {present}"


def _in_line(connection: Connection, printed: int, empty: bool) -> bool:
    """True when the catalog holds exactly the local resources with the fingerprint
    ``printed`` (``empty``: there are none): its fingerprint is theirs, and the rows it was
    written with are still there."""
    current = connection.exec_driver_sql(
        "SELECT value FROM meta WHERE key = ?", (META_LOCAL_HASH,)
    ).scalar()
    if current is None:
        # Local rows are only ever written together with this meta row (see _remember), so
        # a catalog without it has none: in line with no local resources, without scanning
        # a million-resource catalog for is_local at every start.
        return empty
    return bool(current == _state(connection, printed))


def _remember(connection: Connection, printed: int) -> None:
    """Record in the catalog's meta which local resources it holds (see merge_into_catalog)."""
    connection.exec_driver_sql(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        (META_LOCAL_HASH, _state(connection, printed)),
    )


def _replace(
    connection: Connection,
    slugs: Sequence[str],
    records: Sequence[ResourceRecord],
    linking: Sequence[ResourceRecord] = (),
) -> None:
    """Delete the resources ``slugs`` from the catalog, write ``records``, update the index.

    ``linking`` are resources already in the catalog whose links to ``records`` went with
    the old rows: they are linked again.
    """
    _replace_many(connection, slugs, [records] if records else [], linking)


def _replace_many(
    connection: Connection,
    slugs: Iterable[str],
    batches: Iterable[Sequence[ResourceRecord]],
    linking: Sequence[ResourceRecord] = (),
) -> None:
    """:func:`_replace` with the records in ``batches``, written one batch at a time (an
    import of 100k never holds them all); their links are stored once all are written,
    so that a link to a record of a later batch is kept."""
    old: dict[str, int] = {}
    for names in _slices(slugs):
        marks = ", ".join("?" for _ in names)
        old.update(
            connection.exec_driver_sql(
                f"SELECT slug, id FROM resource WHERE slug IN ({marks})", names
            ).all()
        )
    ids = tuple(old.values())
    for part in _slices(ids):
        unindex_resources(connection, part)
        id_marks = ", ".join("?" for _ in part)
        # Children go explicitly: the cascade needs foreign keys on, which a plain engine lacks.
        for table in ("award", "site", "contact", "resource_tag"):
            connection.exec_driver_sql(
                f"DELETE FROM {table} WHERE resource_id IN ({id_marks})", part
            )
        connection.exec_driver_sql(
            f"DELETE FROM relation WHERE resource_id IN ({id_marks}) OR related_id IN ({id_marks})",
            part + part,
        )
        connection.exec_driver_sql(f"DELETE FROM resource WHERE id IN ({id_marks})", part)
    written: list[int] = []
    linked: list[ResourceRecord] = []
    for records in batches:
        written += insert_resources(connection, records, reuse_ids=old, local=True).values()
        linked += [_links_of(record) for record in records if record.related]
    if len(written) > BATCH:
        # Each batch stored its links to the batches before it, not to those after:
        # stored again all at once, in the order one batch would have stored them.
        for rows in _slices(written):
            marks = ", ".join("?" for _ in rows)
            connection.exec_driver_sql(
                f"DELETE FROM relation WHERE resource_id IN ({marks}) OR related_id IN ({marks})",
                rows + rows,
            )
        link_resources(connection, linked)
    if linking:
        link_resources(connection, linking)
    index_resources(connection, written, removed=ids)
    count = connection.exec_driver_sql("SELECT count(*) FROM resource").scalar_one()
    connection.exec_driver_sql(
        "UPDATE meta SET value = ? WHERE key = 'resource_count'", (str(count),)
    )


def _links_of(record: ResourceRecord) -> ResourceRecord:
    """``record`` with its links and nothing else that weighs (what storing links reads):
    the records of a large import that link are kept until all are written."""
    return ResourceRecord(
        id=record.id,
        kind=record.kind,
        title="",
        summary="",
        status=record.status,
        source=record.source,
        last_verified=record.last_verified,
        related=record.related,
    )


def _slices(items: Iterable[_T]) -> Iterator[tuple[_T, ...]]:
    """``items`` in slices of :data:`BATCH` (one SQL statement's parameters each)."""
    remaining = iter(items)
    while part := tuple(itertools.islice(remaining, BATCH)):
        yield part
