"""One settings object for a whole run: built once, passed everywhere, and part of every cache key.

What it does: ``Settings`` (a frozen dataclass) holds every choice a user can make: the spaCy model,
the alias and metonym tables, the assertion threshold, gender inference, grouping, the loader's size
limits, the cache, the engine. ``Settings.build`` layers, lowest first: the defaults, a TOML config
file (``article-profiler.toml`` in the working folder, or ``--config PATH``), the user's environment
(``ARTICLE_PROFILER_MODEL``, ``ARTICLE_PROFILER_CACHE``), then explicit values (CLI flags, keyword
arguments). The object travels to workers as one argument and to notebooks as one papermill parameter
(``SETTINGS``, a JSON object); ``describe`` gives the settings with the package, spaCy, model and
textstat versions, for the first section of every notebook. ``model_fingerprint`` identifies a model by
its meta version and config, never by its name alone.

What it does not do: read the environment anywhere else (no module passes values to another through
environment variables), load the model, or create folders.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .paths import DEFAULT_MODEL, PROJECT_ROOT

DISTRIBUTION = "article-profiler"
CONFIG_FILE = "article-profiler.toml"
MODEL_ENV = "ARTICLE_PROFILER_MODEL"
CACHE_ENV = "ARTICLE_PROFILER_CACHE"
DEFAULT_CACHE_DIR = PROJECT_ROOT / ".cache" / "article-profiler"
ENGINES = ("local", "dask")
PATH_FIELDS = ("alias_table", "metonyms", "metadata", "cache_dir")


class ProfilerError(RuntimeError):
    """An error the user can act on: the message says what to do (the CLI prints it as one paragraph)."""


class SettingsError(ProfilerError, ValueError):
    """A setting has a value that cannot work; the message says what to do."""


@dataclass(frozen=True)
class Settings:
    """Every user choice of one run (see the README's "Settings" table for each field)."""

    model: str = DEFAULT_MODEL
    alias_table: str | Mapping | None = None  # CSV path (alias,actor[,type]) or a dict; its content enters the cache key
    metonyms: str | Mapping | None = None  # CSV path (name,actor) or a dict: extra "Moscow" -> "Russia" seats of power
    assertion_threshold: float = 0.5  # unattributed sentences at or above this check-worthiness are kept
    gender: bool = True  # infer the gender of person actors from explicit evidence
    group_by: str | None = None  # outlet, month, year, section, author or any metadata key
    metadata: str | None = None  # a sidecar table (CSV/TSV) of article metadata keyed by file name, stem or id
    max_bytes: int = 10_000_000  # one article over this is `too-large`
    max_table_bytes: int = 2_000_000_000  # one table export (CSV, JSONL, ...) over this is `too-large`
    english_only: bool = True
    cache: bool = True
    cache_dir: str | None = None  # default: .cache/article-profiler/ in the project
    cache_max_bytes: int = 2_000_000_000  # oldest cache parts are removed past this size
    engine: str = "local"
    scheduler: str | None = None
    dataset: str | None = None  # output URL of the partitioned dataset (helpers.dataflow); engine dask writes there
    storage_options: Mapping | None = None  # fsspec options for s3:// and other URLs (endpoint, credentials profile)
    n_process: int | None = None  # default: one per core, at most 8
    progress: bool = True
    max_article_pages: int = 5000  # reports write one page per article up to this many (the rest are listed)
    extra: tuple[tuple[str, Any], ...] = field(default=())  # settings of registered add-on steps

    def __post_init__(self):
        if self.engine not in ENGINES:
            raise SettingsError(f"engine must be one of {', '.join(ENGINES)}, not {self.engine!r}.")
        if not 0 <= float(self.assertion_threshold) <= 1:
            raise SettingsError(f"assertion_threshold must lie between 0 and 1, not {self.assertion_threshold!r}.")
        if self.n_process is not None and int(self.n_process) < 1:
            raise SettingsError(f"n_process must be 1 or more, not {self.n_process!r}.")
        if int(self.max_bytes) < 1:
            raise SettingsError(f"max_bytes must be positive, not {self.max_bytes!r}.")

    @classmethod
    def build(cls, config: str | Path | None = None, env: Mapping[str, str] | None = None, **values: Any) -> "Settings":
        """Return settings from the defaults, a TOML config file, the environment and explicit values (None = unset)."""
        env = os.environ if env is None else env
        merged: dict[str, Any] = {}
        path = Path(config) if config else Path.cwd() / CONFIG_FILE
        if config and not path.is_file():
            raise SettingsError(f"Config file {path} does not exist. Pass the path of a TOML file, or leave out --config.")
        if path.is_file():
            merged.update(_read_config(path))
        if env.get(MODEL_ENV):
            merged["model"] = env[MODEL_ENV]
        if env.get(CACHE_ENV):
            merged["cache_dir"] = env[CACHE_ENV]
        merged.update({k: v for k, v in values.items() if v is not None})
        for name in PATH_FIELDS:  # kernels and workers run elsewhere: a relative path is made absolute here, once
            if isinstance(merged.get(name), (str, Path)):
                merged[name] = str(Path(merged[name]).expanduser().resolve())
        return cls.from_value(merged)

    @classmethod
    def from_value(cls, value: "Settings | Mapping | str | None") -> "Settings":
        """Return settings from a Settings, a mapping or a JSON object string (the papermill parameter); None = defaults."""
        if value is None:
            return cls()
        if isinstance(value, Settings):
            return value
        if isinstance(value, str):
            value = json.loads(value) if value.strip() else {}
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(value) - known)
        if unknown:
            raise SettingsError(f"Unknown setting(s): {', '.join(unknown)}. Known: {', '.join(sorted(known))}.")
        clean = dict(value)
        if "extra" in clean:
            clean["extra"] = tuple(sorted((str(k), v) for k, v in dict(clean["extra"]).items()))
        for name in PATH_FIELDS:
            if clean.get(name) is not None and not isinstance(clean[name], Mapping):
                clean[name] = str(clean[name])
        return cls(**clean)

    @classmethod
    def for_notebook(cls, value: "Settings | Mapping | str | None") -> "Settings":
        """Return the settings a notebook runs with: those passed by the report runner, else built as the CLI would."""
        return cls.build() if value is None else cls.from_value(value)

    def replace(self, **values: Any) -> "Settings":
        """Return a copy with some fields changed."""
        return dataclasses.replace(self, **values)

    def to_dict(self) -> dict[str, Any]:
        """Return the settings as a JSON-ready dict (the papermill parameter)."""
        out = dataclasses.asdict(self)
        out["extra"] = dict(self.extra)
        return out

    def to_json(self) -> str:
        """Return the settings as a JSON object string."""
        return json.dumps(self.to_dict(), sort_keys=True)

    def cache_root(self) -> Path:
        """Return the cache folder: the setting, else the project's default."""
        return Path(self.cache_dir).expanduser() if self.cache_dir else DEFAULT_CACHE_DIR

    def key_part(self, names: tuple[str, ...]) -> str:
        """Return the part of a cache key these settings contribute for the named fields (file contents for tables)."""
        parts = []
        for name in names:
            value = dict(self.extra).get(name) if name not in {f.name for f in fields(self)} else getattr(self, name)
            if name in ("alias_table", "metonyms") and value and not isinstance(value, Mapping):
                value = _file_digest(value)
            parts.append(f"{name}={json.dumps(value, sort_keys=True, default=str)}")
        return "|".join(parts)

    def describe(self) -> dict[str, Any]:
        """Return the settings that shape results and the versions that produced them (package, spaCy, model, textstat);
        where the work ran (cache folder, engine, processes, progress bar) is left out: it changes no number."""
        where = {"cache", "cache_dir", "cache_max_bytes", "engine", "scheduler", "n_process", "progress", "dataset",
                 "storage_options"}
        return {**versions(self.model),
                **{k: v for k, v in self.to_dict().items() if k not in where and v not in (None, {}, ())}}


def describe_settings(settings: "Settings") -> list[tuple[str, str]]:
    """Return (setting, value) pairs for a notebook's first section: the versions, then every setting that shapes results."""
    return [(k, json.dumps(v) if isinstance(v, (dict, list)) else str(v)) for k, v in settings.describe().items()]


def _read_config(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"Could not read the config file {path}: {exc}. Fix the TOML or leave out --config.") from None
    section = data.get("article-profiler", data)
    return {k.replace("-", "_"): v for k, v in section.items()}


def _file_digest(path: str) -> str:
    p = Path(path).expanduser()
    try:
        return hashlib.sha256(p.read_bytes()).hexdigest()[:16]
    except OSError as exc:
        raise SettingsError(f"Could not read {p}: {exc.strerror}. Check the path of the table.") from None


def package_version() -> str:
    """Return the installed version of the article-profiler distribution."""
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


def model_dir(model: str) -> Path:
    """Return the folder holding a spaCy model's ``config.cfg`` and ``meta.json`` (a path, or an installed package)."""
    path = Path(model).expanduser()
    if path.is_dir():
        return path
    spec = importlib.util.find_spec(model.replace("-", "_")) if "/" not in model else None
    if spec is None or not spec.submodule_search_locations:
        raise SettingsError(f"spaCy model {model!r} is not installed and is not a folder. Install its package with pip "
                            f"(nothing is downloaded at run time), pass the folder of a saved pipeline, or leave out "
                            f"--model to use {DEFAULT_MODEL}.")
    root = Path(next(iter(spec.submodule_search_locations)))
    inner = sorted(p.parent for p in root.glob("*/config.cfg"))
    return inner[0] if inner else root


@functools.lru_cache(maxsize=8)
def model_fingerprint(model: str) -> str:
    """Return a hash of a model's meta (name, version, components) and config, so a changed model is a new key."""
    folder = model_dir(model)
    h = hashlib.sha256()
    found = False
    for name in ("meta.json", "config.cfg"):
        p = folder / name
        if p.is_file():
            h.update(p.read_bytes())
            found = True
    if not found:
        raise SettingsError(f"{folder} holds no spaCy pipeline (no meta.json or config.cfg). Pass the folder of a "
                            "pipeline saved with nlp.to_disk, or an installed model package.")
    return h.hexdigest()[:16]


def model_meta(model: str) -> dict[str, Any]:
    """Return a model's meta.json as a dict (empty if unreadable)."""
    try:
        return json.loads((model_dir(model) / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, SettingsError):
        return {}


def versions(model: str) -> dict[str, str]:
    """Return the versions that produce a result: this package, spaCy, the model (name and version) and textstat."""
    meta = model_meta(model)
    out = {"article_profiler": package_version()}
    for dist in ("spacy", "textstat"):
        try:
            out[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            out[dist] = "not installed"
    out["model_version"] = f"{meta.get('lang', '?')}_{meta.get('name', '?')} {meta.get('version', '?')}"
    return out
