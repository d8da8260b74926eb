"""Signed catalog bundles: one zip file that carries a whole catalog to offline machines.

A bundle holds exactly three members, read in memory and never extracted by name:

- ``catalog.json``: the catalog in the canonical JSON export schema (:mod:`.export`);
- ``manifest.json``: format version, catalog version, date, publisher, resource count,
  the catalog date and the SHA-256 of ``catalog.json``;
- ``manifest.sig``: an Ed25519 signature (base64) over the exact bytes of
  ``manifest.json``. The manifest carries the payload's hash, so the one signature covers
  the whole bundle.

Keys are PEM files (PKCS#8 private key, SubjectPublicKeyInfo public key), readable by
OpenSSL. The application ships the publisher's public key as
``resources/publisher-key.pub``; ``csec-catalog import --public-key`` trusts another one for
one import.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import io
import json
import os
import re
import zipfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from csec_desktop.catalog.content.records import PartialDate, Problem, ResourceRecord, shared
from csec_desktop.catalog.content.sentence import QT_TRANSLATE_NOOP, Sentence
from csec_desktop.catalog.curated.sources import CatalogContent
from csec_desktop.catalog.interchange import archive
from csec_desktop.catalog.interchange.archive import BoundedZip
from csec_desktop.catalog.interchange.export import catalog_document, vocabularies_table
from csec_desktop.catalog.interchange.json_import import parse_catalog_json
from csec_desktop.catalog.storage.store import StoreError, read_valid_source

BUNDLE_FORMAT = "csec-desktop-bundle"
BUNDLE_FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PAYLOAD = "catalog.json"
MEMBERS = (MANIFEST, SIGNATURE, PAYLOAD)
PUBLIC_KEY_FILE = "publisher-key.pub"
# Ceilings on what is read into memory, far above a real catalog's needs (a million
# synthetic resources are about 1 GB of JSON), so that a zip bomb is refused unread.
MAX_MEMBER = {MANIFEST: 64 * 1024, SIGNATURE: 1024, PAYLOAD: 2 * 1024**3}
VERSION_PATTERN = re.compile(r"^\d{1,9}(?:\.\d{1,9}){0,3}$")
SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")
# Fixed member times make a bundle of the same catalog byte-identical, whenever it is built.
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


# What a bundle refused is told with (content/sentence.py), in the context "Bundles".
# (The signing keys' errors are the publisher's, at the command line: said in English.)
CONTEXT = "Bundles"
A_CATALOG_BUNDLE = QT_TRANSLATE_NOOP("Archives", "a catalog bundle")
UNTRUSTED = QT_TRANSLATE_NOOP("Bundles", "The bundle {name} cannot be trusted because {reason}.")
# Why a bundle cannot be trusted (BundleUnverified.reason, in English).
NOT_SIGNED = QT_TRANSLATE_NOOP("Bundles", "it is not signed")
OTHER_KEY = QT_TRANSLATE_NOOP(
    "Bundles", "it is signed by another publisher's key, not the one trusted here"
)
SIGNATURE_CHANGED = QT_TRANSLATE_NOOP(
    "Bundles", "its signature does not match its manifest (it was changed after signing)"
)
CATALOG_CHANGED = QT_TRANSLATE_NOOP(
    "Bundles", "its catalog does not match the signed manifest (it was changed after signing)"
)
INVALID = QT_TRANSLATE_NOOP(
    "Bundles", "The bundle {name} has {count} problem(s) in its catalog, so nothing was imported."
)
MANIFEST_DAMAGED = QT_TRANSLATE_NOOP("Bundles", "The manifest of {name} is damaged: {detail}.")
# What is wrong with a damaged manifest.
NOT_UTF8 = QT_TRANSLATE_NOOP("Bundles", "it is not UTF-8 text")
NOT_JSON = QT_TRANSLATE_NOOP("Bundles", "it is not valid JSON")
NOT_AN_OBJECT = QT_TRANSLATE_NOOP("Bundles", "it is not a JSON object")
NOT_A_NUMBER = QT_TRANSLATE_NOOP("Bundles", "'{field}' must be a whole number")
NOT_TEXT = QT_TRANSLATE_NOOP("Bundles", "'{field}' must be text")
BAD_VERSION = QT_TRANSLATE_NOOP(
    "Bundles", "'catalog_version' must be numbers joined by dots, such as 2026.11.23"
)
BAD_DIGEST = QT_TRANSLATE_NOOP("Bundles", "'payload_sha256' is not a SHA-256 digest")
BAD_DATE = QT_TRANSLATE_NOOP("Bundles", "'date' or 'catalog_date' is not a date")
NOT_A_BUNDLE = QT_TRANSLATE_NOOP("Bundles", "{name} is not a catalog bundle.")
NEWER_FORMAT = QT_TRANSLATE_NOOP(
    "Bundles",
    "{name} has bundle format version {version}, which this version of the application "
    "cannot read; please update the application.",
)
UNEXPECTED_MEMBER = QT_TRANSLATE_NOOP(
    "Bundles",
    "{name} holds an unexpected member {member}; a bundle holds only {members}, once each.",
)
MEMBERS_MISSING = QT_TRANSLATE_NOOP(
    "Bundles", "{name} has no {manifest} or no {payload}, so it is not a bundle."
)


class BundleError(StoreError):
    """A bundle that cannot be used, with one sentence a person can act on as its message."""

    context = CONTEXT


class BundleUnverified(BundleError):
    """The bundle is unsigned, signed by another key, or changed after signing."""

    def __init__(self, path: Path, reason: str) -> None:
        why = Sentence(CONTEXT, reason)  # one of the reasons above
        super().__init__(Sentence(CONTEXT, UNTRUSTED, {"name": path.name, "reason": why}))
        self.reason = reason


class BundleInvalid(BundleError):
    """The bundle's catalog has validation problems; ``problems`` lists each precisely."""

    def __init__(self, sentence: Sentence, problems: list[Problem]) -> None:
        super().__init__(sentence)
        self.problems = problems


@dataclass(frozen=True)
class Manifest:
    """What a bundle says about itself; signed, so every field can be trusted once verified."""

    catalog_version: str
    date: str
    publisher: str
    resource_count: int
    catalog_date: str
    payload_sha256: str
    key_id: str
    format: str = BUNDLE_FORMAT
    format_version: int = BUNDLE_FORMAT_VERSION

    def to_json(self) -> bytes:
        """The manifest as the bytes that are signed."""
        return (json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n").encode()

    @classmethod
    def from_json(cls, data: bytes, bundle: Path) -> Manifest:
        """Read and check a manifest; raise :class:`BundleError` naming the bad field."""

        def damaged(detail: str, **values: str) -> BundleError:
            said = Sentence(CONTEXT, detail, values)
            return BundleError.of(MANIFEST_DAMAGED, name=bundle.name, detail=said)

        try:
            raw = json.loads(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise damaged(NOT_UTF8) from None
        except (json.JSONDecodeError, RecursionError):
            raise damaged(NOT_JSON) from None
        if not isinstance(raw, Mapping):
            raise damaged(NOT_AN_OBJECT)
        if raw.get("format") != BUNDLE_FORMAT:
            raise BundleError.of(NOT_A_BUNDLE, name=bundle.name)
        if raw.get("format_version") != BUNDLE_FORMAT_VERSION:
            version = repr(raw.get("format_version"))
            raise BundleError.of(NEWER_FORMAT, name=bundle.name, version=version)
        fields: dict[str, Any] = {}
        for name, kind in (
            ("catalog_version", str), ("date", str), ("publisher", str),
            ("resource_count", int), ("catalog_date", str), ("payload_sha256", str),
            ("key_id", str),
        ):  # fmt: skip
            value = raw.get(name)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise damaged(NOT_A_NUMBER if kind is int else NOT_TEXT, field=name)
            fields[name] = value
        if not VERSION_PATTERN.match(fields["catalog_version"]):
            raise damaged(BAD_VERSION)
        if not SHA256_PATTERN.match(fields["payload_sha256"]):
            raise damaged(BAD_DIGEST)
        try:
            PartialDate.parse(fields["catalog_date"])
            dt.datetime.fromisoformat(fields["date"])
        except ValueError:
            raise damaged(BAD_DATE) from None
        return cls(**fields)


def version_key(version: str) -> tuple[int, ...]:
    """A catalog version as numbers, for ordering (``2026.11.3`` < ``2026.11.23``)."""
    return tuple(int(part) for part in version.split("."))


@dataclass
class Bundle:
    """A bundle read and checked: its manifest, its validated catalog, and whether the
    signature was verified (``warning`` says why not, when the user allowed that)."""

    path: Path
    manifest: Manifest
    content: CatalogContent
    verified: bool
    warning: str | None = None


# --------------------------------------------------------------------------- keys


def generate_keypair(private_path: Path) -> Path:
    """Write a new Ed25519 private key to ``private_path`` (mode 0600) and its public key to
    ``private_path.pub``; return the public key's path. Existing files are never replaced."""
    public_path = private_path.with_name(private_path.name + ".pub")
    for path in (private_path, public_path):
        if path.exists():
            raise BundleError(f"{path} already exists; keys are never overwritten.")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    # O_EXCL: a file that appeared since the check above is not overwritten either.
    for path, data, mode in ((private_path, private_pem, 0o600), (public_path, public_pem, 0o644)):
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
    return public_path


def _key_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise BundleError(f"The key file {path} cannot be read ({error.strerror}).") from None


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """Read a PEM Ed25519 private key, or raise :class:`BundleError`."""
    try:
        key = serialization.load_pem_private_key(_key_bytes(path), password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise BundleError(f"{path} is not an unencrypted Ed25519 private key file.") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise BundleError(f"{path} is not an Ed25519 private key.")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """Read a PEM Ed25519 public key, or raise :class:`BundleError`."""
    try:
        key = serialization.load_pem_public_key(_key_bytes(path))
    except (ValueError, UnsupportedAlgorithm):
        raise BundleError(f"{path} is not an Ed25519 public key file.") from None
    if not isinstance(key, Ed25519PublicKey):
        raise BundleError(f"{path} is not an Ed25519 public key.")
    return key


def shipped_public_key() -> Path:
    """The publisher's public key that ships with the application."""
    from csec_desktop.paths import bundled_resources

    return bundled_resources() / PUBLIC_KEY_FILE


def key_id(key: Ed25519PublicKey) -> str:
    """A short fingerprint of a public key (the first 16 hex digits of its SHA-256)."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


# --------------------------------------------------------------------------- build


def catalog_date(resources: list[ResourceRecord]) -> str:
    """The date of a catalog: its most recently verified fact (as the writer records it)."""
    if not resources:
        return ""
    return str(max((r.last_verified for r in resources), key=PartialDate.sort_key))


def build_bundle(
    source_dir: Path,
    output: Path,
    private_key: Path,
    *,
    publisher: str,
    catalog_version: str | None = None,
    now: dt.datetime | None = None,
) -> Manifest:
    """Validate the catalog source in ``source_dir`` and write it as a signed bundle (see
    :func:`write_bundle`); a source with problems raises ``store.CatalogSourceInvalid``."""
    key = load_private_key(private_key)
    return write_bundle(
        read_valid_source(source_dir),
        output,
        key,
        publisher=publisher,
        catalog_version=catalog_version,
        now=now,
    )


def write_bundle(
    content: CatalogContent,
    output: Path,
    key: Ed25519PrivateKey,
    *,
    publisher: str,
    catalog_version: str | None = None,
    now: dt.datetime | None = None,
) -> Manifest:
    """Write validated ``content`` as a bundle signed with ``key`` at ``output``.

    ``catalog_version`` defaults to the build date (``2026.11.23``); imports refuse a
    version lower than the installed one. The file appears under ``output`` only complete.
    """
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    version = catalog_version or f"{moment:%Y.%m.%d}"
    if not VERSION_PATTERN.match(version):
        raise BundleError(f"The catalog version {version!r} must be numbers joined by dots.")
    newest = catalog_date(content.resources)
    document = catalog_document(
        {"catalog_version": version, "catalog_date": newest, "publisher": publisher},
        content.organizations,
        content.sources,
        vocabularies_table(content.vocabulary, content.synonyms),
        # The curated source may mark a location confidential too: it never leaves the desk.
        [shared(record) for record in content.resources],
    )
    payload = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    del document  # a large catalog's dicts are not needed once serialised
    manifest = Manifest(
        catalog_version=version,
        date=moment.isoformat(),
        publisher=publisher,
        resource_count=len(content.resources),
        catalog_date=newest,
        payload_sha256=hashlib.sha256(payload).hexdigest(),
        key_id=key_id(key.public_key()),
    )
    manifest_bytes = manifest.to_json()
    signature = base64.b64encode(key.sign(manifest_bytes)) + b"\n"
    partial = output.with_name(output.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in (
                (MANIFEST, manifest_bytes),
                (SIGNATURE, signature),
                (PAYLOAD, payload),
            ):
                info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
        partial.replace(output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


# --------------------------------------------------------------------------- read


def _checked_names(path: Path, archive: zipfile.ZipFile) -> set[str]:
    """The bundle's member names, once each and none but :data:`MEMBERS`."""
    names = [info.filename for info in archive.infolist()]
    for name in names:
        if name not in MEMBERS or names.count(name) > 1:
            raise BundleError.of(
                UNEXPECTED_MEMBER, name=path.name, member=repr(name), members=", ".join(MEMBERS)
            )
    if MANIFEST not in names or PAYLOAD not in names:
        raise BundleError.of(MEMBERS_MISSING, name=path.name, manifest=MANIFEST, payload=PAYLOAD)
    return set(names)


def _read(members: BoundedZip, name: str) -> tuple[bytes, str]:
    """Member ``name``'s bytes and their SHA-256, inflated within bounds."""
    digest = hashlib.sha256()
    data = io.BytesIO()
    for chunk in members.chunks(name):
        digest.update(chunk)
        data.write(chunk)
    # getvalue() hands over the buffer without a copy: a large catalog is held once.
    return data.getvalue(), digest.hexdigest()


def _signature_problem(
    signature_text: bytes | None, manifest_bytes: bytes, manifest: Manifest,
    public_key: Ed25519PublicKey,
) -> str | None:  # fmt: skip
    """Why the manifest cannot be trusted, or None when its signature holds."""
    if signature_text is None:
        return NOT_SIGNED
    try:
        signature = base64.b64decode(signature_text.strip(), validate=True)
        public_key.verify(signature, manifest_bytes)
    except (InvalidSignature, binascii.Error, ValueError):
        if manifest.key_id != key_id(public_key):
            return OTHER_KEY
        return SIGNATURE_CHANGED
    return None


def read_bundle(
    path: Path, *, public_key: Path | None = None, allow_unverified: bool = False
) -> Bundle:
    """Open, verify and validate the bundle at ``path``, reading it only in memory.

    The signature is checked against ``public_key`` (default: the shipped publisher key).
    An unsigned or tampered bundle raises :class:`BundleUnverified` unless
    ``allow_unverified``; then it is returned with ``verified`` False and a ``warning``.
    A catalog with validation problems raises :class:`BundleInvalid` listing every one.
    Nothing on disk changes.
    """
    with archive.opened(path, A_CATALOG_BUNDLE, BundleError) as opened:
        names = _checked_names(path, opened)
        members = BoundedZip(path, opened, MAX_MEMBER.__getitem__, BundleError)
        manifest_bytes = _read(members, MANIFEST)[0]
        manifest = Manifest.from_json(manifest_bytes, path)
        signature = _read(members, SIGNATURE)[0] if SIGNATURE in names else None
        trusted = load_public_key(public_key or shipped_public_key())
        reason = _signature_problem(signature, manifest_bytes, manifest, trusted)
        # An untrusted catalog is refused before a byte of it is inflated.
        if reason is not None and not allow_unverified:
            raise BundleUnverified(path, reason)
        payload, payload_hash = _read(members, PAYLOAD)
    if reason is None and payload_hash != manifest.payload_sha256:
        reason = CATALOG_CHANGED
        if not allow_unverified:
            raise BundleUnverified(path, reason)
    content = parse_catalog_json(payload, PAYLOAD)
    del payload
    content.content_hash = payload_hash
    if content.ok and len(content.resources) != manifest.resource_count:
        content.problems.append(
            Problem(
                MANIFEST,
                "",
                f"says {manifest.resource_count} resources but the catalog holds "
                f"{len(content.resources)}",
            )
        )
    if not content.ok:
        raise BundleInvalid(
            Sentence(CONTEXT, INVALID, {"name": path.name, "count": len(content.problems)}),
            content.problems,
        )
    warning = (
        None
        if reason is None
        else f"This catalog is unverified because {reason}; use it only if you trust its source."
    )
    return Bundle(path, manifest, content, verified=reason is None, warning=warning)
