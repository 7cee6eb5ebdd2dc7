"""Handing the memory a model call freed back to the system.

CTranslate2 allocates its decoding buffers with the C library's malloc. glibc keeps what is
freed in its arenas for reuse, and the buffers of one batch rarely fit the holes another
left: over a long run the resident memory creeps up by the size of those holes, and every
new peak stands on them. ``malloc_trim(0)`` after each call returns the free pages (at an
arena's top and, since glibc 2.8, inside it) at the cost of a few system calls. Where the C
library has no ``malloc_trim`` (musl, macOS) nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from functools import lru_cache


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        trim = ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None
    if trim is not None:
        trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_freed() -> None:
    """Return the C heap's free pages to the system (glibc); elsewhere, nothing."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
