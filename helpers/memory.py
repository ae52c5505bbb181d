"""Memory: hand the heap memory a worker freed back to the system.

What it does: ``release_free_memory()`` calls glibc's ``malloc_trim`` after a batch of work (the local engine's and
the dataflow's workers), so a long-lived worker stays near its floor instead of its largest batch's size; and
``relax_eager_trimming()`` undoes an eager trim threshold a worker was started with (Dask's nanny starts every worker
with ``MALLOC_TRIM_THRESHOLD_=65536``), which made the parse and the rules about 15% slower: with the explicit trim
after each batch, the memory is handed back at batch ends instead of at every large ``free``.

``forget_word_caches()`` empties the libraries' per-word caches when a worker renews its pipeline.

What it does not do: measure memory (``benchmarks/corpus.py`` and ``benchmarks/scale.py`` do).
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


# glibc's mallopt parameters and the values its dynamic thresholds reach on 64-bit systems (its defaults otherwise)
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
TRIM_THRESHOLD, MMAP_THRESHOLD = 64 * 1024 * 1024, 32 * 1024 * 1024


@functools.lru_cache(maxsize=1)
def relax_eager_trimming() -> bool:
    """Set this process's heap trim and mmap thresholds to glibc's dynamic maxima (64 MB, 32 MB), once per process.

    A process started with a small ``MALLOC_TRIM_THRESHOLD_`` (Dask's nanny sets 65,536 bytes in its workers' environment)
    returns heap pages to the system at almost every large ``free`` and asks for them again at the next allocation;
    on the profiler's parse and rules that cost about 15% of the time (process_items on 224 synthetic articles: 25.5 s
    against 21.6 s without the variable, 22.1 s with it and this call; same output). Only for processes that also call
    ``release_free_memory`` after each batch, which hands the freed pages back at a batch's end. False where
    ``mallopt`` is unavailable.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)) and bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))


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


def forget_word_caches() -> None:
    """Empty the caches that grow with every new word a process reads and that nothing bounds: the per-word memo of
    textstat's syllable and difficult-word functions (``readability.use_word_memo``; cleared with textstat's own
    caches), pyphen's hyphenation of each word (textstat's fallback for words missing from the CMU dictionary) and the
    name-gender look-ups (``actor_gender.nqg_lookup``). Called when a worker renews its pipeline
    (``nlp.renew_pipeline_when_due``); the results are the same, recomputed on demand."""
    import gc
    import sys

    offline = sys.modules.get(__package__ + ".textstat_offline")
    if offline is not None:
        offline.clear_textstat_caches()
    pyphen = sys.modules.get("pyphen")
    for hyph in (getattr(pyphen, "hdcache", {}) or {}).values():
        getattr(hyph, "cache", {}).clear()
    gender = sys.modules.get(__package__ + ".actor_gender")
    if gender is not None:
        gender.nqg_lookup.cache_clear()
    gc.collect()
