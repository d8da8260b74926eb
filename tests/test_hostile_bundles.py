"""Hostile and damaged bundle files: zip bombs, lying sizes, a damaged central directory.

Each is refused with one sentence before it can cost much memory or time (the figures are
measured by ``benchmarks/faults.py``), and the catalog and user data stay as they were.
"""

from __future__ import annotations

import copy
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.samples import table_rows
from bundle_helpers import bundle_of, file_digest, make_keys, rewrite_bundle
from cli_helpers import assert_one_sentence, run
from csec_desktop.catalog.interchange import bundle as bundles
from csec_desktop.catalog.interchange.archive import MAX_INFLATION, BoundedZip
from csec_desktop.catalog.storage import store
from csec_desktop.paths import catalog_db_path, user_db_path

#: Enough spaces to inflate past MAX_INFLATION times their deflated size, small to make.
BOMB_BYTES = 60 * 1024**2


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    return make_keys(tmp_path)


@pytest.fixture
def installed(data_dir: Path, data_source: Path) -> Path:
    """A data directory with the curated catalog and a user database."""
    store.ensure_catalog(data_dir, data_source)[0].dispose()
    store.open_user_db(data_dir).dispose()
    return data_dir


@pytest.fixture
def good(tmp_path: Path, data_source: Path, keys: tuple[Path, Path]) -> Path:
    path = tmp_path / "good.zip"
    bundle_of(data_source, path, keys[0], version="2099.1.1")
    return path


def _refused(
    capsys: pytest.CaptureFixture[str], directory: Path, path: Path, public: Path, *extra: str
) -> str:
    """Import ``path``; assert one sentence, a failure, and nothing changed; return it."""
    before = file_digest(catalog_db_path(directory)), table_rows(user_db_path(directory))
    code, out, err = run(capsys, "import", str(path), "--public-key", str(public), *extra)
    assert code == 1 and out == ""
    assert_one_sentence(err)
    assert (file_digest(catalog_db_path(directory)), table_rows(user_db_path(directory))) == before
    return err


@pytest.mark.parametrize("signed", [True, False])
def test_zip_bomb_is_refused_by_its_declared_size(
    capsys: pytest.CaptureFixture[str],
    installed: Path,
    tmp_path: Path,
    good: Path,
    keys: tuple[Path, Path],
    signed: bool,
) -> None:
    bomb = tmp_path / "bomb.zip"
    # Signed with the trusted key: only the size rules stand between it and memory.
    rewrite_bundle(good, bomb, private_key=keys[0] if signed else None, payload=b" " * BOMB_BYTES)
    assert bomb.stat().st_size * MAX_INFLATION < BOMB_BYTES
    err = _refused(capsys, installed, bomb, keys[1], "--allow-unverified")
    assert "zip bomb" in err and "bomb.zip" in err


def test_sizes_that_lie_are_caught_while_inflating(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, good: Path, keys: tuple[Path, Path]
) -> None:
    bomb = tmp_path / "bomb.zip"
    rewrite_bundle(good, bomb, private_key=keys[0], payload=b" " * BOMB_BYTES)
    listed = zipfile.ZipFile.infolist

    def lying(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
        infos = [copy.copy(info) for info in listed(archive)]
        for info in infos:
            info.file_size = info.compress_size  # "stored, not compressed"
        return infos

    monkeypatch.setattr(zipfile.ZipFile, "infolist", lying)
    with pytest.raises(bundles.BundleError, match="zip bomb"):
        bundles.read_bundle(bomb, public_key=keys[1])


def test_lying_sizes_in_the_file_read_as_damaged(
    capsys: pytest.CaptureFixture[str],
    installed: Path,
    tmp_path: Path,
    good: Path,
    keys: tuple[Path, Path],
) -> None:
    bomb = tmp_path / "bomb.zip"
    rewrite_bundle(good, bomb, private_key=keys[0], payload=b" " * BOMB_BYTES)
    data = bytearray(bomb.read_bytes())
    entry = data.find(b"PK\x01\x02")
    while entry != -1:  # every central-directory entry and its local header say 1,000 bytes
        name_length = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46 : entry + 46 + name_length] == bundles.PAYLOAD.encode():
            struct.pack_into("<I", data, entry + 24, 1000)
            struct.pack_into("<I", data, struct.unpack_from("<I", data, entry + 42)[0] + 22, 1000)
        entry = data.find(b"PK\x01\x02", entry + 4)
    bomb.write_bytes(bytes(data))
    err = _refused(capsys, installed, bomb, keys[1])
    assert "is not a catalog bundle" in err and "damaged" in err


def test_unverified_catalog_is_refused_before_it_is_inflated(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, good: Path, keys: tuple[Path, Path]
) -> None:
    unsigned = tmp_path / "unsigned.zip"
    rewrite_bundle(good, unsigned, drop=(bundles.SIGNATURE,))
    read: list[str] = []
    original = BoundedZip.chunks

    def spy(members: BoundedZip, name: str) -> Iterator[bytes]:
        read.append(name)
        return original(members, name)

    monkeypatch.setattr(BoundedZip, "chunks", spy)
    with pytest.raises(bundles.BundleUnverified, match="not signed"):
        bundles.read_bundle(unsigned, public_key=keys[1])
    assert bundles.PAYLOAD not in read and bundles.MANIFEST in read


@pytest.mark.parametrize("offset", [16, 17, 18, 19])
def test_damaged_central_directory_offset_is_one_sentence(
    capsys: pytest.CaptureFixture[str],
    installed: Path,
    tmp_path: Path,
    good: Path,
    keys: tuple[Path, Path],
    offset: int,
) -> None:
    data = bytearray(good.read_bytes())
    data[data.rfind(b"PK\x05\x06") + offset] ^= 0xFF  # a byte of the directory's offset
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    err = _refused(capsys, installed, damaged, keys[1])
    assert "damaged.zip is not a catalog bundle" in err and "damaged" in err


def test_a_flipped_encryption_flag_is_one_sentence(
    capsys: pytest.CaptureFixture[str],
    installed: Path,
    tmp_path: Path,
    good: Path,
    keys: tuple[Path, Path],
) -> None:
    # Found by the campaign's byte flips: zipfile raised RuntimeError (password required).
    data = bytearray(good.read_bytes())
    entry = data.find(b"PK\x01\x02")
    data[entry + 8] |= 0x01  # the central directory's "encrypted" bit of the first member
    damaged = tmp_path / "encrypted.zip"
    damaged.write_bytes(bytes(data))
    err = _refused(capsys, installed, damaged, keys[1])
    assert "encrypted.zip is not a catalog bundle" in err
