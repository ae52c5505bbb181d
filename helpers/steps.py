"""The declared profile steps: each per-article result and each corpus-level table is one registry entry.

What it does: a ``Step`` names one per-article result (readability at three levels, mentions, claims):
the function that receives the one parse of an article, how its rows become a frame once gathered,
which other steps' rows it needs, which settings it depends on, and which code and data files it is
made of. A ``CorpusTable`` is a table built from the finished frames (actors, co-occurrence).
``register`` adds an entry; ``profile_corpus``, the cache, both engines and the table writer iterate
``registered_steps()`` and ``registered_tables()``, so adding a profile is one entry plus its module.
``step_key`` is the cache key of a step's results: the step's own code (the helpers modules its function
imports, transitively) and data files, the settings it reads, the model, and the keys of the steps it
needs, so a change to ``reports.py`` or a notebook never invalidates a parse, and a change to a claims
rule file re-runs claims only.

What it does not do: parse, cache or schedule anything (``helpers.corpus`` and ``helpers.cache`` do).
"""
from __future__ import annotations

import re
import functools
import hashlib
import importlib.metadata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .nlp import ParsedArticle
from .paths import PACKAGE_DIR
from .settings import Settings, model_fingerprint


@dataclass
class StepInput:
    """What a step receives for one article: the parse, the loader's row (raw_text, spans), settings, needed rows."""

    parsed: ParsedArticle
    article: Mapping[str, Any]
    settings: Settings
    upstream: Mapping[str, list[dict]] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """One per-article profile: ``run`` gives its rows, ``frame`` turns the corpus's gathered columns into a frame.

    ``frame(columns, built)`` receives this step's columns (article_id added) and the frames of the steps before it
    in registry order, and the raw columns of every step under ``built["_columns"]``. ``row_id`` names a column
    filled with ``<article_id>:<n>`` when rows are read back (ids are never cached). ``modules`` are the helpers
    modules the step is made of (their imports are followed); ``data`` are files under ``helpers/`` (glob patterns);
    ``packages`` are installed distributions whose data or code the step reads (their versions enter the key).
    """

    name: str
    run: Callable[[StepInput], list[dict]]
    frame: Callable[[dict[str, list], dict[str, Any]], pd.DataFrame]
    needs: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    packages: tuple[str, ...] = ()
    row_id: str | None = None


@dataclass(frozen=True)
class CorpusTable:
    """A table built from the finished frames (e.g. the actors summary), written with the others."""

    name: str
    build: Callable[[dict[str, pd.DataFrame], Settings], pd.DataFrame]


_STEPS: dict[str, Step] = {}
_TABLES: dict[str, CorpusTable] = {}


def register(entry: Step | CorpusTable) -> Step | CorpusTable:
    """Add (or replace) a step or a corpus table in the registry; steps must come after the steps they need."""
    if isinstance(entry, Step):
        missing = [n for n in entry.needs if n not in _STEPS]
        if missing:
            raise ValueError(f"step {entry.name!r} needs {', '.join(missing)}: register those first")
        _STEPS[entry.name] = entry
    else:
        _TABLES[entry.name] = entry
    return entry


def unregister(name: str) -> None:
    """Remove a step or corpus table from the registry (used by tests that add a toy step)."""
    _STEPS.pop(name, None)
    _TABLES.pop(name, None)


def registered_steps() -> list[Step]:
    """Return the per-article steps in registry order (the built-in ones are registered by ``helpers.profiles``)."""
    return list(_STEPS.values())


def registered_tables() -> list[CorpusTable]:
    """Return the corpus-level tables in registry order."""
    return list(_TABLES.values())


def get_step(name: str) -> Step:
    """Return a registered step by name."""
    return _STEPS[name]


_RELATIVE_IMPORT = re.compile(r"^[ \t]*from[ \t]+\.(\w*)[ \t]+import[ \t]+\(?([\w, \t]+)", re.M)
_ABSOLUTE_IMPORT = re.compile(r"^[ \t]*from[ \t]+helpers\.(\w+)[ \t]+import", re.M)


@functools.lru_cache(maxsize=None)
def _imports_of(path: Path, mtime_ns: int) -> frozenset[str]:
    text = path.read_text(encoding="utf-8")
    out = set(_ABSOLUTE_IMPORT.findall(text))
    for module, names in _RELATIVE_IMPORT.findall(text):
        out.update([module] if module else [n.split(" as ")[0].strip() for n in names.split(",")])
    return frozenset(m for m in out if m != path.stem and (path.parent / f"{m}.py").exists())


def module_imports(module: str) -> set[str]:
    """Return the helpers modules a helpers module imports (``from .x import``, ``from . import x``, in any function)."""
    path = PACKAGE_DIR / f"{module}.py"
    return set(_imports_of(path, path.stat().st_mtime_ns))


def module_closure(modules: Sequence[str]) -> list[str]:
    """Return the helpers modules reachable by imports from the given ones (names without ``helpers.``), sorted."""
    seen: set[str] = set()
    todo = [m.removeprefix("helpers.") for m in modules]
    while todo:
        m = todo.pop()
        if m in seen or not (PACKAGE_DIR / f"{m}.py").exists():
            continue
        seen.add(m)
        todo.extend(module_imports(m) - seen)
    return sorted(seen)


@functools.lru_cache(maxsize=64)
def code_fingerprint(modules: tuple[str, ...], data: tuple[str, ...]) -> str:
    """Hash of the source of the modules (and their helpers imports) and the data files a step is made of."""
    h = hashlib.sha256()
    for m in module_closure(modules):
        h.update(m.encode())
        h.update((PACKAGE_DIR / f"{m}.py").read_bytes())
    for pattern in data:
        for path in sorted(PACKAGE_DIR.glob(pattern)):
            if path.is_file():
                h.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def step_keys(settings: Settings, steps: Sequence[Step] | None = None) -> dict[str, str]:
    """Return each step's cache key for these settings: code, data, settings read, model, versions and needed keys."""
    steps = registered_steps() if steps is None else list(steps)
    base = f"{model_fingerprint(settings.model)}|spacy={_dist_version('spacy')}|textstat={_dist_version('textstat')}"
    keys: dict[str, str] = {}
    for step in steps:
        h = hashlib.sha256()
        h.update(f"{step.name}|{code_fingerprint(step.modules, step.data)}|{base}|".encode())
        h.update(settings.key_part(step.settings).encode())
        for package in step.packages:
            h.update(f"|{package}={_dist_version(package)}".encode())
        for need in step.needs:
            h.update(f"|{need}={keys[need]}".encode())
        keys[step.name] = h.hexdigest()[:20]
    return keys
