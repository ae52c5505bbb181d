"""Profile a whole corpus in one streaming pass: load, parse each article once, run every registered step.

What it does: loads the articles (``helpers.load``; each file's decoding and language check cached by its
bytes), then for each ok article runs the registered steps (``helpers.steps``; the built-in ones are in
``helpers.profiles``) on one parse, keeping only their rows, never the parsed documents. The work runs in
worker processes that each load the spaCy model once (``engine="local"``) or on a Dask cluster
(``engine="dask"``); results are identical. Each step's rows are cached per article
(``helpers.cache``) under a key made of the article's text and spans and the step's own key (its code,
data, settings and model), so re-runs read rows back instead of parsing, a changed article is parsed
alone, and a changed rule re-runs only the steps made of it. Ids are attached when rows are read back. Until the frames
are built the parent keeps each article's rows as compressed JSON text (``Payloads``), and decodes them one step at a
time while building that step's frame, so its memory grows little with the corpus; workers hand the heap memory a
batch freed back to the system (``release_free_memory``).
The finished frames of the whole corpus are cached too (``corpus_key``: every article's id and key in order, every
step's key, the code that gathers, merges and builds the frames and tables, and the settings), so a warm run on an
unchanged corpus reads one file instead of gathering and merging every article again; any change to an article, a
step, the code or the settings is a new key, and the run goes through the per-article entries as before.

With ``engine="dask"`` (or ``settings.dataset`` set) the whole run is ``helpers.dataflow``'s instead: the client only
lists the inputs, workers load them, run the steps and write a partitioned Parquet dataset (a local folder or an
``s3://`` URL) whose manifests are the cache, and the result is a ``DatasetProfile`` that reads a frame when asked;
the frames are the same. A frame of already-loaded articles (``profile_corpus(frame, engine="dask")``) still goes
through the Dask process pool below.

What it does not do: draw charts, write reports or tables (see ``helpers.reports``, ``helpers.tables``).
"""
from __future__ import annotations

import functools
import hashlib
import inspect
import json
import os
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import pandas as pd

from . import profiles  # noqa: F401  (registers the built-in steps)
from .cache import Memo, StepCache
from .memory import release_free_memory  # noqa: F401  (re-exported: the workers call it)
from .dataflow import (Columns, DatasetProfile, WorkItem, in_submission_order, local_cluster, process_items,
                       run_dataflow)
from .load import load_articles, paragraphs
from .nlp import Task, article_tasks, load_nlp
from .settings import Settings
from .steps import CorpusTable, Step, code_fingerprint, registered_steps, registered_tables, step_keys
from .tables import write_frames

CHUNK_ARTICLES = 8  # articles per task sent to a worker: small enough to stream, big enough to batch
LOAD_STEP = "load"


@dataclass
class CorpusProfile:
    """Every frame the profiler produces for one corpus: ``articles``, ``paragraphs`` and one per registered step/table."""

    articles: pd.DataFrame
    paragraphs: pd.DataFrame
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)
    stats: dict = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Return the frames by name, in a fixed order (articles without the internal span list)."""
        return {"articles": self.articles.drop(columns=["spans"], errors="ignore"), "paragraphs": self.paragraphs,
                **self.tables}

    def save(self, out_dir: str | Path) -> list[Path]:
        """Write every frame as CSV and Parquet into ``out_dir``."""
        return write_frames(self.frames(), out_dir)


def article_key(task: Task) -> str:
    """Content key of one article: its raw text and spans (never its id or path)."""
    _aid, raw, spans = task
    h = hashlib.sha256(raw.encode("utf-8", "surrogatepass"))
    h.update(json.dumps(spans).encode())
    return h.hexdigest()[:24]


def entry_key(step_key: str, art_key: str) -> str:
    """Cache key of one step's rows for one article."""
    return f"{step_key}:{art_key}"


# the settings that only say where or how the work runs: they change no frame
_RUN_SETTINGS = {"cache", "cache_dir", "cache_max_bytes", "engine", "scheduler", "n_process", "progress", "dataset",
                 "storage_options", "max_article_pages"}


def _code_of(func: Any) -> str:
    """Fingerprint of the code of a frame or table builder: its helpers modules (with their imports) or its source file."""
    while isinstance(func, functools.partial):
        func = func.func
    module = getattr(func, "__module__", "") or ""
    if module.startswith("helpers."):
        return code_fingerprint((module,), ())
    try:
        source = inspect.getsourcefile(func)
        text = Path(source).read_bytes() if source else b""
    except (TypeError, OSError):
        text = b""
    return f"{module}.{getattr(func, '__qualname__', repr(func))}:{hashlib.sha256(text).hexdigest()[:16]}"


def corpus_key(tasks: Sequence[Task], akeys: dict[str, str], keys: dict[str, str], settings: Settings,
               steps: Sequence[Step], tables: Sequence[CorpusTable]) -> str:
    """Cache key of a whole corpus's frames: article ids and keys in order, step keys, the building code, the settings."""
    h = hashlib.sha256(f"corpus-v1|pandas={pd.__version__}|{code_fingerprint(('corpus', 'profiles'), ('data/*',))}".encode())
    for step in steps:
        h.update(f"|step {step.name}={keys[step.name]}:{_code_of(step.frame)}:{step.row_id}".encode())
    for table in tables:
        h.update(f"|table {table.name}={_code_of(table.build)}".encode())
    names = sorted({f.name for f in fields(settings)} - _RUN_SETTINGS - {"extra"}) + sorted(dict(settings.extra))
    h.update(settings.key_part(tuple(names)).encode())
    for task in tasks:
        h.update(f"\n{task[0]}\t{akeys[task[0]]}".encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:32]


# ---------------------------------------------------------------------------------------------- the worker side

def _worker_init(model: str) -> None:
    load_nlp(model)


def _worker_run(args) -> list[tuple[str, dict[str, str]]]:
    items, settings = args
    out = process_items(items, settings)
    release_free_memory()
    return out


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _run_local(items: list[WorkItem], settings: Settings, n_process: int) -> Iterator[tuple[str, dict[str, str]]]:
    if n_process <= 1 or len(items) <= CHUNK_ARTICLES:
        for chunk in _chunks(items, CHUNK_ARTICLES):
            yield from process_items(chunk, settings)
        return
    import multiprocessing as mp

    # fork where the platform has it: workers start at once, share the parent's loaded code and registry, and a
    # script that calls profile_corpus without an `if __name__ == "__main__":` guard is not re-executed
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(n_process, initializer=_worker_init, initargs=(settings.model,)) as pool:
        for result in pool.imap(_worker_run, [(c, settings) for c in _chunks(items, CHUNK_ARTICLES)]):
            yield from result


def _run_dask(items: list[WorkItem], settings: Settings, n_process: int) -> Iterator[tuple[str, dict[str, str]]]:
    from dask.distributed import Client

    cluster = None
    if settings.scheduler:
        client = Client(settings.scheduler)
    else:
        cluster = local_cluster(n_process, dashboard_address=None)
        client = Client(cluster)
    try:
        steps = registered_steps()  # sent with the work: a step registered only in this process still runs
        futures = client.map(process_items, _chunks(items, CHUNK_ARTICLES), settings=settings, steps=steps, pure=False)
        for block in in_submission_order(futures):  # corpus order: results do not depend on scheduling
            yield from block
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ---------------------------------------------------------------------------------------------- the parent side

def load_corpus(source: str | Path | Sequence[str | Path] | None = None,
                settings: Settings | dict | str | None = None) -> pd.DataFrame:
    """Load the articles as ``profile_corpus`` does (the settings' limits and metadata, the cache's per-file memo)."""
    settings = Settings.build() if settings is None else Settings.from_value(settings)
    store = StepCache(settings.cache_root(), settings.cache_max_bytes) if settings.cache else None
    if store is not None:
        store.prepare()
    try:
        return _load(source, settings, store)
    finally:
        if store is not None:
            store.finish()


def _load(source, settings: Settings, store: StepCache | None) -> pd.DataFrame:
    if isinstance(source, pd.DataFrame):
        return source
    options = {"max_bytes": settings.max_bytes, "max_table_bytes": settings.max_table_bytes,
               "english_only": settings.english_only, "metadata": settings.metadata}
    if store is None:
        return load_articles(source, **options)
    memo = Memo(store, LOAD_STEP)
    articles = load_articles(source, memo=memo, **options)
    memo.flush()  # the loaded texts are saved before the long part of the run starts
    return articles


class Payloads(Mapping):
    """The JSON payloads of a run's entries (entry key -> one article's columns of one step), held compressed.

    The parent of a run holds every article's results until the frames are built. As decoded Python objects they
    take several times their JSON text (a float is 24 bytes plus its list slot, every row value an object), and the
    text compresses about three times: each payload is kept as zlib level-1 bytes and decoded only when a frame is
    gathered (``__getitem__`` returns the decoded columns), so the parent grows by a few MB per 1,000 articles.
    """

    def __init__(self) -> None:
        self._data: dict[str, bytes] = {}

    def put(self, key: str, payload: str) -> None:
        """Keep one entry's JSON text (compressed)."""
        self._data[key] = zlib.compress(payload.encode("utf-8", "surrogatepass"), 1)

    def __getitem__(self, key: str) -> Any:
        return json.loads(zlib.decompress(self._data[key]).decode("utf-8", "surrogatepass"))

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def nbytes(self) -> int:
        """Compressed bytes held."""
        return sum(len(v) for v in self._data.values())


def _plan(tasks: list[Task], steps: list[Step], keys: dict[str, str], akeys: dict[str, str],
          cached: Mapping[str, Any]) -> tuple[list[WorkItem], dict[str, int]]:
    """Return the work items (articles with at least one step to run) and how many articles each step runs for."""
    items, runs = [], dict.fromkeys(keys, 0)
    for task in tasks:
        ak = akeys[task[0]]
        todo: list[str] = []
        for s in steps:  # registry order: a step whose input re-runs re-runs too (its key holds the input's key)
            if entry_key(keys[s.name], ak) not in cached or any(n in todo for n in s.needs):
                todo.append(s.name)
        if not todo:
            continue
        needed = {n: cached[entry_key(keys[n], ak)] for s in steps if s.name in todo for n in s.needs if n not in todo}
        for name in todo:
            runs[name] += 1
        items.append((task, tuple(todo), needed))
    return items, runs


def gather_columns(step: Step, step_key: str, akeys: Mapping[str, str], payloads: Mapping[str, Any]) -> dict[str, list]:
    """Return one step's columns over the corpus (article ids and row ids attached), in article order."""
    acc = Columns(step.row_id)
    for aid, ak in akeys.items():
        acc.extend(payloads[entry_key(step_key, ak)], aid)
    return acc.columns


class _GatheredColumns(Mapping):
    """``built["_columns"]``: each step's gathered columns, decoded from the payloads when asked (never all at once)."""

    def __init__(self, steps: Sequence[Step], keys: Mapping[str, str], akeys: Mapping[str, str],
                 payloads: Mapping[str, Any]):
        self._steps = {s.name: s for s in steps}
        self._keys, self._akeys, self._payloads = keys, akeys, payloads

    def __getitem__(self, name: str) -> dict[str, list]:
        return gather_columns(self._steps[name], self._keys[name], self._akeys, self._payloads)

    def __iter__(self) -> Iterator[str]:
        return iter(self._steps)

    def __len__(self) -> int:
        return len(self._steps)


def _resolve_settings(settings: Settings | dict | str | None, overrides: dict[str, Any]) -> Settings:
    settings = Settings.build() if settings is None else Settings.from_value(settings)
    changes = {k: (str(v) if k == "cache_dir" and v is not None else v) for k, v in overrides.items()}
    return settings.replace(**changes) if changes else settings


def profile_corpus(source: str | Path | Sequence[str | Path] | pd.DataFrame | None = None,
                   settings: Settings | dict | str | None = None, **overrides: Any) -> CorpusProfile | DatasetProfile:
    """Load (or take) the articles and build every registered frame in one streaming pass, cached unless told not to.

    With ``engine="dask"`` (or a ``dataset`` URL) the run is ``helpers.dataflow``'s: workers read the inputs (a folder
    or an fsspec URL) and write a Parquet dataset, and the returned ``DatasetProfile`` reads each frame on request.

    ``settings`` is a ``Settings`` (or its dict/JSON form; None builds them as the CLI does: defaults, config file,
    environment); keyword arguments override single fields (``profile_corpus(folder, cache=False, n_process=1)``).
    """
    from tqdm import tqdm

    settings = _resolve_settings(settings, overrides)
    if (settings.engine == "dask" or settings.dataset) and not isinstance(source, pd.DataFrame):
        return run_dataflow(source, settings)  # workers read the inputs and write the dataset; frames load on request
    store = StepCache(settings.cache_root(), settings.cache_max_bytes) if settings.cache else None
    if store is not None:
        store.prepare()
    payloads = Payloads()  # every entry of this corpus, cached or fresh, by entry key: the parent's results
    tables: dict[str, pd.DataFrame] | None = None
    n_process = settings.n_process or max(1, min(os.cpu_count() or 1, 8))
    try:
        articles = _load(source, settings, store)
        tasks = article_tasks(articles)
        steps = registered_steps()
        keys = step_keys(settings, steps)
        akeys = {t[0]: article_key(t) for t in tasks}
        ckey = corpus_key(tasks, akeys, keys, settings, steps, registered_tables()) if store is not None else None
        tables = store.get_corpus(ckey) if store is not None else None
        if tables is not None:  # the unchanged corpus: every frame as built last time, nothing re-read or re-merged
            return CorpusProfile(
                articles=articles, paragraphs=paragraphs(articles), tables=tables, settings=settings,
                stats={"articles": len(articles), "profiled": len(tasks), "parsed": 0, "from_cache": len(tasks),
                       "steps_run": dict.fromkeys(keys, 0), "engine": settings.engine, "n_process": n_process},
            )
        wanted = {entry_key(keys[s.name], ak) for ak in akeys.values() for s in steps}
        if store is not None:
            for key, text in store.get_many(wanted, decode=False).items():
                payloads.put(key, text)
        items, runs = _plan(tasks, steps, keys, akeys, payloads)
        if items:
            runner = _run_dask if settings.engine == "dask" else _run_local
            bar = tqdm(total=len(items), unit="article", desc="Profiling", disable=not settings.progress)
            for aid, fresh in runner(items, settings, n_process):
                for name, p in fresh.items():  # a fresh result replaces a cached one of the same key (the same rows)
                    key = entry_key(keys[name], akeys[aid])
                    payloads.put(key, p)
                    if store is not None:
                        store.put(key, name, p)
                bar.update(1)
            bar.close()
    finally:
        if store is not None:
            store.finish()  # also on Ctrl-C: what was finished is kept
    built: dict[str, Any] = {"_columns": _GatheredColumns(steps, keys, akeys, payloads)}
    for s in steps:  # one step's columns decoded at a time, released once its frame is built
        built[s.name] = s.frame(built["_columns"][s.name], built)
    del payloads, built["_columns"]
    tables = {s.name: built[s.name] for s in steps}
    for table in registered_tables():
        tables[table.name] = table.build(tables, settings)
    if store is not None:
        store.put_corpus(ckey, tables)
    return CorpusProfile(
        articles=articles, paragraphs=paragraphs(articles), tables=tables, settings=settings,
        stats={"articles": len(articles), "profiled": len(tasks), "parsed": len(items),
               "from_cache": len(tasks) - len(items), "steps_run": runs, "engine": settings.engine,
               "n_process": n_process},
    )
