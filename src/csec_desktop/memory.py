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
import sys

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
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_ARENA_MAX, ARENAS))
