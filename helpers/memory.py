"""Memory: hand the heap memory a worker freed back to the system.

What it does: ``release_free_memory()`` calls glibc's ``malloc_trim`` after a batch of work (the local engine's and
the dataflow's workers), so a long-lived worker stays near its floor instead of its largest batch's size.

What it does not do: measure memory (``benchmarks/corpus.py`` and ``benchmarks/scale.py`` do) or free Python objects.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    """The C library's ``malloc_trim`` (glibc), or None where there is none."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


def release_free_memory() -> bool:
    """Give the heap memory freed by the last work back to the system (glibc ``malloc_trim``); False where unavailable.

    A worker's parse and rules free most of what they allocate, but the C allocator keeps the freed pages, so the
    process stays at its largest batch's size; handing them back after each batch keeps a worker near its floor.
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
