"""Helpers for the bundle and update tests: keys, edited catalog sources, hand-made bundles,
and fingerprints of the two databases to prove that nothing changed."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

from csec_desktop.catalog.content.discreet import DISCREET_FILE, read_discreet
from csec_desktop.catalog.curated.sources import read_catalog_source
from csec_desktop.catalog.interchange.bundle import (
    MANIFEST,
    PAYLOAD,
    SIGNATURE,
    Manifest,
    build_bundle,
    generate_keypair,
    key_id,
    load_private_key,
)

EDITED_ID = "program/gems-2006"
EDITED_TITLE = "Girls Educational and Mentoring Services (GEMS), New York"
ADDED_ID = "website/bundle-test-added"


def make_keys(directory: Path) -> tuple[Path, Path]:
    """A throwaway key pair: (private, public)."""
    private = directory / "publisher.key"
    return private, generate_keypair(private)


def unreferenced_resource(source: Path) -> str:
    """The id of a resource no other resource links to and no discreet name is curated for
    (safe to delete from a copy)."""
    content = read_catalog_source(source)
    linked = {link.id for r in content.resources for link in r.related}
    linked |= set(read_discreet(source / DISCREET_FILE)[0].entries)
    return next(r.id for r in sorted(content.resources, key=lambda r: r.id) if r.id not in linked)


def edited_source(data_source: Path, target: Path) -> tuple[Path, str]:
    """A copy of the curated source with one title changed, one resource removed and one
    added; returns the copy and the removed id."""
    shutil.copytree(data_source, target)
    resources = target / "resources"
    gems = resources / f"{EDITED_ID}.toml"
    text = gems.read_text(encoding="utf-8")
    gems.write_text(
        re.sub(r'^title = ".*"$', f'title = "{EDITED_TITLE}"', text, count=1, flags=re.M),
        encoding="utf-8",
    )
    removed = unreferenced_resource(target)
    (resources / f"{removed}.toml").unlink()
    template = (resources / "website" / "doj-human-trafficking.toml").read_text(encoding="utf-8")
    added = re.sub(r'^id = ".*"$', f'id = "{ADDED_ID}"', template, count=1, flags=re.M)
    added = re.sub(r"^\[\[related\]\][^\[]*", "", added, flags=re.M)
    (resources / f"{ADDED_ID}.toml").write_text(added, encoding="utf-8")
    return target, removed


def bundle_of(
    source: Path, output: Path, private_key: Path, version: str = "2026.11.23"
) -> Manifest:
    """A signed bundle of ``source`` at ``output``."""
    return build_bundle(
        source, output, private_key, publisher="Test publisher", catalog_version=version
    )


def rewrite_bundle(
    original: Path,
    output: Path,
    *,
    private_key: Path | None = None,
    payload: bytes | None = None,
    extra: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
) -> None:
    """Copy a bundle with its payload replaced (and re-signed with ``private_key`` when given,
    so that only validation can catch it), members added or dropped."""
    with zipfile.ZipFile(original) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    if payload is not None:
        members[PAYLOAD] = payload
        if private_key is not None:
            key = load_private_key(private_key)
            manifest = replace(
                Manifest(**json.loads(members[MANIFEST])),
                payload_sha256=hashlib.sha256(payload).hexdigest(),
                key_id=key_id(key.public_key()),
            )
            members[MANIFEST] = manifest.to_json()
            members[SIGNATURE] = base64.b64encode(key.sign(members[MANIFEST]))
    members.update(extra or {})
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            if name not in drop:
                archive.writestr(name, data)


def payload_of(bundle: Path) -> dict[str, object]:
    """The catalog document inside a bundle."""
    with zipfile.ZipFile(bundle) as archive:
        document = json.loads(archive.read(PAYLOAD))
    assert isinstance(document, dict)
    return document


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (to prove a database file was not touched)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
