"""Zip files read within bounds: catalog bundles and zipped HSDS packages.

A zip states each member's size, and a few kilobytes can state (or hide) gigabytes: a zip
bomb. Every member is checked against its limit and the whole archive against
:data:`MAX_INFLATION` times the file's own size by the sizes the zip declares, before
anything is inflated, and again by the bytes actually inflated while they stream, since
declared sizes can lie. Whatever goes wrong while a damaged file is opened or read becomes
one sentence naming the file.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from csec_desktop.catalog.content.sentence import QT_TRANSLATE_NOOP, Sentence
from csec_desktop.catalog.storage.store import StoreError

# What a refused zip is told with (content/sentence.py), in the context "Archives"; the
# callers name what the zip should have been with a template of the same context.
CONTEXT = "Archives"
NO_FILE = QT_TRANSLATE_NOOP("Archives", "There is no file {path}.")
A_DIRECTORY = QT_TRANSLATE_NOOP("Archives", "{path} is a directory, not a zip file.")
NO_PERMISSION = QT_TRANSLATE_NOOP("Archives", "The file {path} cannot be read (permission denied).")
NOT_A_ZIP = QT_TRANSLATE_NOOP(
    "Archives", "{name} is not {what}: it is not a zip file, or it is truncated or damaged."
)
MEMBER_TOO_LARGE = QT_TRANSLATE_NOOP(
    "Archives", "{name}'s {member} is {size} bytes, more than the {most} it may hold."
)
ZIP_BOMB = QT_TRANSLATE_NOOP(
    "Archives",
    "{name} is refused because its members would inflate to more than {times} times the "
    "size of the file, as a zip bomb does.",
)
LARGER_THAN_SAID = QT_TRANSLATE_NOOP("Archives", "{name}'s {member} is larger than it says.")

# Real catalogs deflate about 5:1 (the curated one and synthetic ones alike); a zip bomb of
# repeated bytes about 1000:1. Members that inflate past this multiple of the zip file's
# own size are refused, by their declared sizes and again by the bytes actually inflated.
MAX_INFLATION = 50
# The room a very small zip gets whatever its size.
MIN_INFLATION_ROOM = 1024**2
# Members are inflated, counted (and hashed or written) this many bytes at a time.
CHUNK = 1024**2


@contextmanager
def opened(path: Path, what: str, error: type[StoreError]) -> Iterator[zipfile.ZipFile]:
    """The zip at ``path``; each way a damaged file fails, while it is opened or while its
    members are read in the ``with`` block, becomes one ``error`` saying it is not ``what``
    (``"a catalog bundle"``, a template of :data:`CONTEXT`)."""
    try:
        with zipfile.ZipFile(path) as archive:
            yield archive
    except FileNotFoundError:
        raise error(_said(NO_FILE, path=str(path))) from None
    except IsADirectoryError:
        raise error(_said(A_DIRECTORY, path=str(path))) from None
    except PermissionError:
        raise error(_said(NO_PERMISSION, path=str(path))) from None
    except (
        zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, struct.error,
        NotImplementedError, ValueError, OverflowError, UnicodeDecodeError,
        # A damaged central-directory offset makes zipfile seek before the file's start;
        # a flipped flag bit makes a member "encrypted" (RuntimeError: password required).
        OSError, RuntimeError,
    ):  # fmt: skip
        raise error(_said(NOT_A_ZIP, name=path.name, what=_said(what))) from None


def _said(template: str, **values: str | int | Sentence) -> Sentence:
    return Sentence(CONTEXT, template, values)


class BoundedZip:
    """The members of an open zip, inflated within bounds (see the module's docstring).

    ``limit(name)`` is the most bytes member ``name`` may hold; ``error`` is the exception
    every refusal raises, with one sentence as its message.
    """

    def __init__(
        self,
        path: Path,
        archive: zipfile.ZipFile,
        limit: Callable[[str], int],
        error: type[StoreError],
    ) -> None:
        self.path = path
        self.archive = archive
        self.limit = limit
        self.error = error
        self.budget = max(MAX_INFLATION * path.stat().st_size, MIN_INFLATION_ROOM)
        infos = archive.infolist()
        for info in infos:
            if info.file_size > limit(info.filename):
                raise error(
                    _said(
                        MEMBER_TOO_LARGE,
                        name=path.name,
                        member=info.filename,
                        size=f"{info.file_size:,}",
                        most=f"{limit(info.filename):,}",
                    )
                )
        if sum(info.file_size for info in infos) > self.budget:
            raise self._bomb()

    def _bomb(self) -> StoreError:
        return self.error(_said(ZIP_BOMB, name=self.path.name, times=MAX_INFLATION))

    def chunks(self, name: str) -> Iterator[bytes]:
        """Member ``name``'s bytes, a chunk at a time, each counted against the bounds."""
        limit = self.limit(name)
        read = 0
        with self.archive.open(name) as handle:
            # zipfile stops at the declared size today; the count does not rely on that.
            while chunk := handle.read(CHUNK):
                read += len(chunk)
                self.budget -= len(chunk)
                if self.budget < 0:
                    raise self._bomb()
                if read > limit:
                    raise self.error(_said(LARGER_THAN_SAID, name=self.path.name, member=name))
                yield chunk
