"""Keep the process's memory close to what it uses (glibc's allocator, Linux).

A search of a large catalog makes and drops arrays of megabytes (every match of a common
word, facet masks). By default glibc keeps freed blocks of that size in its heaps and gives
each thread its own heap, so the process's resident memory climbs to the sum of its
high-water marks: at a million resources about 50 MB above what is in use. Blocks above
``MMAP_THRESHOLD`` are instead mapped on their own and returned to the system when freed,
and the threads share two heaps. Measured: peak memory at 1M resources 301 → 257 MB with
the smaller search caches; 100k 175 → 167 MB (benchmarks/gui.py).
"""

from __future__ import annotations

import ctypes
import functools
import sys
from typing import Any

#: mallopt() parameters (glibc's malloc.h).
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
#: Blocks this large or larger are mapped alone and unmapped when freed (glibc's default
#: starts at 128 KiB but rises to 32 MiB as large blocks are freed, which is what bloats).
MMAP_THRESHOLD = 128 * 1024
ARENAS = 2


def tune_allocator() -> bool:
    """Set glibc's allocator as described above, before threads start; False where there
    is no glibc (another system, or musl), which changes nothing else."""
    mallopt = _glibc("mallopt", (ctypes.c_int, ctypes.c_int))
    if mallopt is None:
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_ARENA_MAX, ARENAS))


def release() -> bool:
    """Give the pages of freed memory back to the system (glibc's ``malloc_trim``); False
    where there is no glibc.

    Small blocks freed inside a heap (SQLite's pages and scratch buffers, Python's objects,
    Qt's) stay resident until the heap's top is free, however much of it is unused; a
    search that follows adds its own peak on top. Trimming walks the free blocks of every
    heap: about a millisecond.
    """
    trim = _glibc("malloc_trim", (ctypes.c_size_t,))
    return trim is not None and bool(trim(0))


@functools.cache
def _glibc(name: str, argtypes: tuple[Any, ...]) -> Any:
    """glibc's function ``name`` (taking ``argtypes``, returning an int) through ctypes,
    or None where there is no glibc."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):
        return None
    function.argtypes = argtypes
    function.restype = ctypes.c_int
    return function
