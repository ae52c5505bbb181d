"""Profile a corpus as a dataflow over shared storage: workers read the inputs and write a partitioned Parquet dataset.

What it does: ``run_dataflow(source, settings)`` profiles a local folder or an fsspec URL (``s3://bucket/articles``)
into a dataset under ``settings.dataset`` (a local folder or URL), with the client holding only the list of inputs
and a few hashes per article, never a text or a result row:

1. The client lists the inputs (paths, sizes). Workers read and decode their files (``helpers.load``'s own
   functions) and return each article's block keys (16-hex hashes of its paragraphs), so the client settles what
   needs the whole corpus exactly as ``load_articles`` does: article ids, blocks repeated across stories
   (boilerplate) and duplicate stories. Workers then build each article's row and return a hash of it.
2. Each article's key is the hash of its finished row and of every step's key (code, data, settings, model). A task
   (up to ``TASK_ARTICLES`` articles, a table export whole) is named by the hash of its articles' keys. Its worker
   writes one part per frame, ``<dataset>/<frame>/part-<task>.parquet`` (articles, paragraphs, and each registered
   step's rows before the corpus merge), each atomically, then commits the task by writing
   ``<dataset>/_manifest/<task>.json`` last: the articles it holds, by key. The manifests are the cache: a re-run
   skips every article already in a committed task, an interrupted run resumes, a changed article is redone alone
   (in a new task), and a part without a manifest (a crash between the two writes) is never read and is rewritten.
   Two runs on one dataset only ever write the same bytes under the same name.
3. The run's view, ``<dataset>/_view.json``, lists (task, article) in corpus order. The corpus-level work is
   map/reduce over the parts (``build_corpus``; no task holds every mention): each part's merge statistics
   (``actor_merge.merge_statistics``: mentions per name, id, type and rule flags) are added up in a tree of reduce
   tasks into one merge table (what the rules decide; it grows with the names that change), which each part then
   applies, writing ``<dataset>/corpus/<view key>/mentions/part-<task>.parquet``, joining its claims for the
   speakers and returning the actors summary's and co-occurrence's partial aggregates (sums, counts, first
   positions); those are reduced the same way and written as ``<dataset>/corpus/<view key>/<table>.parquet``.
4. ``DatasetProfile`` is the handle: a frame is read (and built by its step's own ``frame`` function, so the frames
   equal the local engine's) when it is first asked for; nothing loads everything at once.

Parquet columns hold plain values (text, integers, floats, booleans, timestamps); list, dict and mixed-type columns
are JSON text, named in the file's metadata (``article_profiler.json``) and decoded when read back.

What it does not do: the default local run (``helpers.corpus`` keeps it in memory; it is faster on one machine),
per-step re-runs (a changed step re-parses the articles; the local cache re-runs only that step), or split one table
export over several tasks. A registered corpus table other than the actors summary and co-occurrence is built on
request from the loaded frames.
"""
from __future__ import annotations

import hashlib
import io
import json
import posixpath
import shutil
import tempfile
import time
from collections import Counter, OrderedDict
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import profiles  # noqa: F401  (registers the built-in steps)
from .load import (ARTICLE_COLUMNS, PARAGRAPH_COLUMNS, REPEATED_BLOCK_MIN_ARTICLES, REPEATED_BLOCK_MIN_SHARE,
                   SIDECAR_NAMES, Found, Input, Sidecar, article_row, assign_ids, discover_inputs, paragraphs,
                   read_inputs, read_sidecar, rows_to_frame, text_blocks)
from .settings import ProfilerError, Settings
from .nlp import Task, load_nlp, parse_tasks, renew_pipeline_when_due
from .steps import Step, StepInput, registered_steps, registered_tables, step_keys
from .storage import full_url, is_url, list_files, open_fs, read_bytes, temp_folder, write_atomic

FORMAT = "article-profiler-dataset/1"
TASK_ARTICLES = 32  # articles per task: one part file per frame each; a table export is one task whatever its size
MANIFEST = "_manifest"
VIEW = "_view.json"
CORPUS = "corpus"
JSON_META = b"article_profiler.json"
MERGED_STEP = "mentions"  # the step whose rows the corpus merge rewrites (actor ids, names and types across articles)
MERGE_COLUMNS = ["article_id", "actor_id", "actor", "type", "typed_by", "gender", "gender_evidence", "link", "syntax"]
TABLE_COLUMNS = ["article_id", "actor_id", "actor", "type", "text", "start", "end", "paragraph", "sentence", "role",
                 "kind", "gender", "gender_evidence"]  # what the actors summary and co-occurrence read
SPEAKER_COLUMNS = ["article_id", "speaker_mention_start", "speaker_mention_end", "speaker_actor_id"]
LOAD_MEMO_CHARS = 150_000_000  # per worker process: decoded texts kept between the passes over the same files
# Dask configuration of the workers of a cluster started here (set the same on your own cluster's workers, see the
# README): Dask's statistical profiler samples the running task's stack every 10 ms and keeps the last 1,000
# one-second profiles in each worker: measured on one worker profiling 3,000 articles, 3.6% of the task's CPU and
# about 32 MB more worker memory per 1,000 articles (46 against 14) until that history is full.
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


def local_cluster(n_workers: int, dashboard_address: str | None = ":0"):
    """A ``LocalCluster`` of single-thread worker processes with ``WORKER_CONFIG``, given to each nanny so that a
    worker it restarts gets it too."""
    from dask.distributed import LocalCluster

    return LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                        dashboard_address=dashboard_address, config=dict(WORKER_CONFIG))


class DataflowError(ProfilerError):
    """The dataset cannot be written or read; the message says what to do."""


# ---------------------------------------------------------------------------------------------- Parquet columns

def _kind(values: list) -> str:
    kinds = {type(v) for v in values if v is not None and v is not pd.NaT}
    if not kinds:
        return "timestamp" if any(v is pd.NaT for v in values) else "null"
    if kinds <= {pd.Timestamp}:
        return "timestamp"
    if len(kinds) == 1:
        return {str: "str", int: "int", float: "float", bool: "bool"}.get(kinds.pop(), "json")
    return "json"


def _json_default(value):
    if value is pd.NaT:
        return None
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot store a value of type {type(value).__name__}")


def encode_columns(columns: Mapping[str, list]) -> pa.Table:
    """Return columns (name -> Python values) as an Arrow table: plain values as such, the rest as JSON text."""
    arrays, names, as_json = [], [], []
    for name, values in columns.items():
        kind = _kind(values)
        array = None
        if kind == "timestamp":
            array = pa.array(pd.Series(values, dtype="datetime64[ns]"), type=pa.timestamp("ns"))
        elif kind != "json":
            try:
                array = pa.array(values, type={"str": pa.string(), "int": pa.int64(), "float": pa.float64(),
                                               "bool": pa.bool_(), "null": pa.null()}[kind])
            except (pa.ArrowException, OverflowError):
                array = None
        if array is None:
            as_json.append(name)
            array = pa.array([None if v is None else json.dumps(v, ensure_ascii=False, default=_json_default)
                              for v in values], type=pa.string())
        arrays.append(array)
        names.append(name)
    table = pa.Table.from_arrays(arrays, names=names) if names else pa.table({})
    return table.replace_schema_metadata({JSON_META: json.dumps(as_json).encode()})


def decode_table(table: pa.Table) -> dict[str, list]:
    """Return an Arrow table written by ``encode_columns`` as columns of Python values (JSON text decoded)."""
    meta = table.schema.metadata or {}
    as_json = set(json.loads(meta.get(JSON_META, b"[]")))
    out: dict[str, list] = {}
    for name in table.column_names:
        column = table.column(name)
        if pa.types.is_timestamp(column.type):
            out[name] = list(column.to_pandas())
        elif name in as_json:
            out[name] = [None if v is None else json.loads(v) for v in column.to_pylist()]
        else:
            out[name] = column.to_pylist()
    return out


def _frame_bytes(columns: Mapping[str, list]) -> bytes:
    sink = io.BytesIO()
    pq.write_table(encode_columns(columns), sink, compression="zstd")
    return sink.getvalue()


def _table_bytes(frame: pd.DataFrame) -> bytes:
    """A finished frame (a corpus table) as Parquet bytes: its dtypes kept, nested cells as JSON text."""
    flat = frame.copy()
    as_json = []
    for column in flat.columns:
        if flat[column].dtype == object and flat[column].map(lambda v: isinstance(v, (list, tuple, dict, set))).any():
            as_json.append(column)
            flat[column] = flat[column].map(lambda v: v if v is None else json.dumps(v, ensure_ascii=False,
                                                                                     default=_json_default))
    table = pa.Table.from_pandas(flat, preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), JSON_META: json.dumps(as_json).encode()})
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def _read_table_frame(data: bytes) -> pd.DataFrame:
    table = pq.read_table(io.BytesIO(data))
    as_json = json.loads((table.schema.metadata or {}).get(JSON_META, b"[]"))
    frame = table.to_pandas()
    for column in as_json:
        frame[column] = frame[column].map(lambda v: v if v is None else json.loads(v))
    return frame


# ---------------------------------------------------------------------------------------------- one batch of articles
# (the worker step of every engine: helpers.corpus's process pool and Dask, and this module's tasks)

ID_COLUMNS = ("article_id",)


def _columnar(rows: list[dict], drop: Sequence[str] = ()) -> dict[str, list]:
    """Turn one article's rows into columns (the cached and transported form), leaving out id columns."""
    cols: dict[str, list] = {}
    for k, row in enumerate(rows):
        for col, value in row.items():
            if col in drop:
                continue
            cols.setdefault(col, [None] * k).append(value)
        for values in cols.values():
            if len(values) < k + 1:
                values.append(None)
    return cols


def _payload_default(value):
    """Make numpy scalars and sets JSON-serialisable."""
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"cannot cache a value of type {type(value).__name__}")


def _decode_rows(columns: dict[str, list]) -> list[dict]:
    size = len(next(iter(columns.values()))) if columns else 0
    return [{c: v[i] for c, v in columns.items()} for i in range(size)]


WorkItem = tuple[Task, tuple[str, ...], dict[str, dict[str, list]]]  # task, steps to run, cached rows of needed steps


def process_items(items: Sequence[WorkItem], settings: Settings, steps: Sequence[Step | str] | None = None,
                  batch_size: int = 64) -> list[tuple[str, dict[str, str]]]:
    """Parse and profile a batch of articles in this process (the worker step of both engines).

    Each item names the steps to run and carries the cached rows of the steps they need. Returns
    (article_id, {step: JSON columns}) pairs, the form that is cached, without id columns.
    """
    by_name = {s.name: s for s in registered_steps()}
    by_name.update({s.name: s for s in steps or () if isinstance(s, Step)})
    tasks = [item[0] for item in items]
    out = []
    for parsed, (task, todo, cached) in zip(parse_tasks(tasks, load_nlp(settings.model), batch_size), items):
        article = {"raw_text": task[1], "spans": task[2]}
        rows_by_step = {name: _decode_rows(cols) for name, cols in cached.items()}
        payloads = {}
        for name in todo:
            step = by_name[name]
            rows = step.run(StepInput(parsed, article, settings, {n: rows_by_step[n] for n in step.needs}))
            rows_by_step[name] = rows
            drop = ID_COLUMNS + ((step.row_id,) if step.row_id else ())
            payloads[name] = json.dumps(_columnar(rows, drop), default=_payload_default)
        out.append((parsed.article_id, payloads))
    renew_pipeline_when_due(settings.model, len(tasks))  # a long-lived worker's vocabulary stays bounded
    return out


class Columns:
    """Rows of one frame gathered column by column (far smaller than a list of dicts)."""

    def __init__(self, row_id: str | None = None):
        self.columns: dict[str, list] = {}
        self.n = 0
        self.row_id = row_id

    def extend(self, block: dict[str, list], article_id: str) -> None:
        """Append one article's block (column -> values), attaching its article_id (and row ids)."""
        size = len(next(iter(block.values()))) if block else 0
        if not size:
            return
        block = {"article_id": [article_id] * size, **block}
        if self.row_id:
            block[self.row_id] = [f"{article_id}:{n:03d}" for n in range(size)]
        for col, values in block.items():
            if col not in self.columns:
                self.columns[col] = [None] * self.n
            self.columns[col].extend(values)
        for col, values in self.columns.items():
            if col not in block:
                values.extend([None] * size)
        self.n += size


# ---------------------------------------------------------------------------------------------- the worker side

class LoadMemo(MutableMapping):
    """The loader's memo in one worker process, bounded by characters (oldest entries dropped first).

    The passes over a file (scan, rows, profile) reuse its decoded text; the profile task is the last, so it drops
    the entries it used (``last_use``) and the memo does not keep a worker's share of the corpus to the end.
    """

    def __init__(self, max_chars: int = LOAD_MEMO_CHARS):
        self.data: OrderedDict[str, str] = OrderedDict()
        self.chars = 0
        self.max_chars = max_chars
        self.touched: set[str] | None = None

    def __getitem__(self, key: str) -> str:
        value = self.data[key]
        self.data.move_to_end(key)
        if self.touched is not None:
            self.touched.add(key)
        return value

    @contextmanager
    def last_use(self) -> Iterator[None]:
        """Drop every entry read or written inside the block when it ends (the last pass over those files)."""
        self.touched = set()
        try:
            yield
        finally:
            touched, self.touched = self.touched, None
            for key in touched:
                if key in self.data:
                    del self[key]

    def __setitem__(self, key: str, value: str) -> None:
        if self.touched is not None:
            self.touched.add(key)
        if key in self.data:
            self.chars -= len(self.data.pop(key))
        self.data[key] = value
        self.chars += len(value)
        while self.chars > self.max_chars and self.data:
            self.chars -= len(self.data.popitem(last=False)[1])

    def __delitem__(self, key: str) -> None:
        self.chars -= len(self.data.pop(key))

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


_MEMO = LoadMemo()


@dataclass(frozen=True)
class FileRef:
    """One listed input file: its index in the corpus, what the loader knows of it, and its URL when remote."""

    key: int
    found: Found
    url: str | None = None


@dataclass(frozen=True)
class LoadOptions:
    """The loader settings a worker needs, and how to reach remote files."""

    max_bytes: int
    max_table_bytes: int
    english_only: bool
    storage_options: Mapping | None = None


def _load_options(settings: Settings) -> LoadOptions:
    return LoadOptions(settings.max_bytes, settings.max_table_bytes, settings.english_only,
                       dict(settings.storage_options) if settings.storage_options else None)


def _read_files(files: Sequence[FileRef], opts: LoadOptions) -> list[tuple[FileRef, list[Input]]]:
    """Read and decode each file (a remote one through a local copy), with this process's memo."""
    out = []
    tmp = None
    try:
        for ref in files:
            if ref.url is None or ref.found.status:
                out.append((ref, read_inputs(ref.found, ref.key, opts.max_bytes, opts.max_table_bytes, _MEMO)))
                continue
            fs, path = open_fs(ref.url, opts.storage_options)
            tmp = tmp or temp_folder()
            local = Path(tmp) / f"{ref.key}-{posixpath.basename(path)}"
            if ref.found.size <= max(opts.max_bytes, opts.max_table_bytes):
                local.write_bytes(read_bytes(fs, path))
            else:
                local.write_bytes(b"")
            inputs = read_inputs(Found(local, ref.found.rel, size=ref.found.size), ref.key, opts.max_bytes,
                                 opts.max_table_bytes, _MEMO)
            for inp in inputs:
                inp.path = inp.path.replace(str(local), ref.url, 1)
            out.append((ref, inputs))
            local.unlink(missing_ok=True)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return out


def _key_array(inp: Input) -> np.ndarray:
    keys = {b.key for b in text_blocks(inp) if b.key}
    return np.array(sorted(int(k, 16) for k in keys), dtype=np.uint64)


def scan_files(files: Sequence[FileRef], opts: LoadOptions) -> list[tuple]:
    """Pass 1 (worker): each input's file, row number, row id, status and, for ok ones, its block keys (no text)."""
    out = []
    for ref, inputs in _read_files(files, opts):
        for inp in inputs:
            keys = _key_array(inp) if inp.status == "ok" else None
            out.append((ref.key, inp.row_num, inp.row_id, inp.status, keys))
    return out


def _rows(files: Sequence[FileRef], ids: Sequence[str], repeated: set[str], sidecar: Sidecar | None,
          opts: LoadOptions, first_by_hash: dict[str, str] | None,
          keep: set[int] | None = None) -> list[dict]:
    """The articles rows of the inputs of these files (only positions in ``keep`` when given), ids as settled."""
    rows, k = [], 0
    for ref, inputs in _read_files(files, opts):
        for inp in inputs:
            if keep is None or k in keep:
                inp.article_id = ids[k]
                seen = {} if first_by_hash is None else first_by_hash
                rows.append(article_row(inp, repeated, opts.english_only, _MEMO, seen, sidecar, ref.found))
            k += 1
    return rows


def _row_hash(row: dict) -> str:
    text = json.dumps(row, sort_keys=True, ensure_ascii=False, default=_json_default)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def row_files(files: Sequence[FileRef], ids: Sequence[str], repeated: set[str], sidecar: Sidecar | None,
              opts: LoadOptions) -> list[tuple[str, str]]:
    """Pass 2 (worker): each input's story hash (ok rows only, for duplicates) and a hash of its finished row."""
    return [(row["content_hash"] if row["status"] == "ok" else "", _row_hash(row))
            for row in _rows(files, ids, repeated, sidecar, opts, None)]


def worker_address() -> str:
    """The address of the Dask worker running this code, "" outside one."""
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return ""


def located(fn: Callable, *args) -> tuple[Any, str]:
    """fn(*args) and the worker it ran on: the next pass over the same files goes there, to its loader memo."""
    return fn(*args), worker_address()


def _preferred(where_of_group: Sequence[str], group_of_file: dict[int, int], fkeys: Sequence[int],
               weight: dict[int, int]) -> str:
    """The worker that read most of these files' articles in the last pass ("" when none is known)."""
    votes: Counter = Counter()
    for f in fkeys:
        w = where_of_group[group_of_file[f]] if f in group_of_file else ""
        if w:
            votes[w] += weight.get(f, 1)
    return min(votes, key=lambda w: (-votes[w], w)) if votes else ""


def profile_task(task: str, files: Sequence[FileRef], keep: Sequence[int], ids: Sequence[str], keys: Sequence[str],
                 repeated: set[str], sidecar: Sidecar | None, first_by_hash: dict[str, str], opts: LoadOptions,
                 settings: Settings, steps: Sequence[Step], out: str) -> dict:
    """Pass 3 (worker): build the rows of one task, run every step, write one part per frame, then the manifest.

    The loader memo's entries of the task's files are dropped (their last pass), and the memory the parse and the
    steps freed is handed back to the system (``memory.release_free_memory``), so a worker stays near its floor
    however many tasks it runs."""
    from .memory import relax_eager_trimming, release_free_memory
    from .nlp import article_tasks

    relax_eager_trimming()  # a Dask worker's eager trim threshold costs ~15% of the parse; trimmed below instead
    with _MEMO.last_use():
        rows = _rows(files, ids, repeated, sidecar, opts, dict(first_by_hash), set(keep))
    articles = rows_to_frame(rows)
    tasks = article_tasks(articles)
    tasks_done = len(tasks)
    names = tuple(s.name for s in steps)
    gathered = {s.name: Columns(s.row_id) for s in steps}
    if tasks:
        for aid, payloads in process_items([(t, names, {}) for t in tasks], settings, steps):
            for name in names:
                gathered[name].extend(json.loads(payloads[name]), aid)
    fs, root = open_fs(out, opts.storage_options)
    frames = {"articles": {c: articles[c].tolist() for c in ARTICLE_COLUMNS},
              "paragraphs": {c: v.tolist() for c, v in paragraphs(articles).items()},
              **{name: acc.columns for name, acc in gathered.items()}}
    for name, columns in frames.items():
        write_atomic(fs, posixpath.join(root, name, f"part-{task}.parquet"), _frame_bytes(columns))
    manifest = {"format": FORMAT, "task": task, "frames": sorted(frames),
                "inputs": [{"article_id": aid, "key": key} for aid, key in zip(articles["article_id"], keys)]}
    write_atomic(fs, posixpath.join(root, MANIFEST, f"{task}.json"), json.dumps(manifest).encode())
    del rows, articles, tasks, gathered, frames
    release_free_memory()
    return {"task": task, "parsed": tasks_done}


# ---------------------------------------------------------------------------------------------- executors

class _LocalExecutor:
    """Runs the dataflow's tasks in this process, one after the other (the local engine on the dataset layout)."""

    def share(self, value):
        return value

    def map(self, fn: Callable, args: Sequence[tuple], where: Sequence[str] | None = None, **kwargs) -> Iterator:
        for a in args:
            yield fn(*a, **kwargs)

    def run(self, fn: Callable, *args, **kwargs):
        return fn(*args, **kwargs)

    def submit(self, fn: Callable, *args, priority: int = 0):
        return fn(*args)

    def result(self, handle):
        return handle

    def wait(self, handle) -> None:
        pass

    def width(self) -> int:
        return 1

    def close(self) -> None:
        pass


def in_submission_order(futures: Sequence) -> Iterator:
    """Yield the results of Dask futures in the order they were submitted, each released as soon as it is taken,
    so results never depend on scheduling and finished work does not wait in the cluster's memory."""
    from dask.distributed import as_completed

    order = {f.key: i for i, f in enumerate(futures)}
    done: dict[int, Any] = {}
    nxt = 0
    for fut in as_completed(futures):
        done[order[fut.key]] = fut.result()
        fut.release()
        while nxt in done:
            yield done.pop(nxt)
            nxt += 1


class _DaskExecutor:
    """Runs the dataflow's tasks on a Dask cluster (a scheduler address, else a local cluster), results in order."""

    def __init__(self, settings: Settings, n_process: int):
        from dask.distributed import Client

        self.cluster = None
        if settings.scheduler:
            self.client = Client(settings.scheduler)
        else:
            self.cluster = local_cluster(n_process)
            self.client = Client(self.cluster)

    def share(self, value):
        return value  # sent with each task (the repeated-block keys and the sidecar are small); see the README

    def map(self, fn: Callable, args: Sequence[tuple], where: Sequence[str] | None = None, **kwargs) -> Iterator:
        """fn(*a) for each a, in order; ``where`` names the worker each task should run on when it can (the one
        whose loader memo holds its files), a loose restriction: any worker takes it when that one is gone."""
        futures = []
        for i, a in enumerate(args):
            worker = where[i] if where is not None and i < len(where) else ""
            placement = {"workers": [worker], "allow_other_workers": True} if worker else {}
            futures.append(self.client.submit(fn, *a, **kwargs, **placement, pure=False))
        yield from in_submission_order(futures)

    def run(self, fn: Callable, *args, **kwargs):
        return self.client.submit(fn, *args, **kwargs, pure=False).result()

    def submit(self, fn: Callable, *args, priority: int = 0):
        """A future of fn(*args) (futures among the args are resolved on the worker: data moves between workers)."""
        return self.client.submit(fn, *args, priority=priority, pure=False)

    def result(self, handle):
        return handle.result()

    def wait(self, handle) -> None:
        """Until the task is done (its result stays on the workers)."""
        from dask.distributed import wait

        wait([handle])

    def width(self) -> int:
        """The cluster's workers now (at least 1)."""
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


# ---------------------------------------------------------------------------------------------- the client side

def list_source(source: str | Path | Sequence[str | Path], settings: Settings) -> tuple[list[FileRef], Sidecar | None]:
    """List the inputs (no byte of an article is read): local paths as the loader finds them, URLs through fsspec."""
    if not is_url(source if isinstance(source, str) else str(source) if isinstance(source, Path) else ""):
        if isinstance(source, str) and source.startswith("file://"):
            source = source[len("file://"):]
        found, sidecar = discover_inputs(source, settings.metadata, settings.max_table_bytes)
        return [FileRef(k, f) for k, f in enumerate(found)], sidecar
    fs, root = open_fs(source, settings.storage_options)
    listed = list_files(fs, root)
    own = [item for item in listed if item.rel in SIDECAR_NAMES] if fs.isdir(root) else []
    sidecar = None
    if settings.metadata is not None:
        sidecar = read_sidecar(Path(settings.metadata), settings.max_table_bytes)
    elif own:
        with tempfile.TemporaryDirectory() as tmp:
            local = Path(tmp) / own[0].rel
            local.write_bytes(read_bytes(fs, own[0].path))
            sidecar = read_sidecar(local, settings.max_table_bytes)
    refs = [FileRef(k, Found(Path(item.rel), item.rel, size=item.size), full_url(fs, item.path))
            for k, item in enumerate(i for i in listed if i not in own)]
    return refs, sidecar


def repeated_block_keys(keysets: Sequence[np.ndarray], min_articles: int = REPEATED_BLOCK_MIN_ARTICLES,
                        min_share: float = REPEATED_BLOCK_MIN_SHARE, near_duplicate: float = 0.5) -> set[str]:
    """``boilerplate.repeated_keys`` on block keys as integers: counted with numpy, the few candidates checked exactly."""
    n = len(keysets)
    if not n:
        return set()
    need = max(min_articles, min_share * n)
    lengths = np.array([len(k) for k in keysets])
    if not lengths.sum():
        return set()
    allkeys = np.concatenate(keysets)
    owners = np.repeat(np.arange(n), lengths)
    uniq, counts = np.unique(allkeys, return_counts=True)
    candidates = uniq[counts >= need]
    out: set[str] = set()
    if not len(candidates):
        return out
    picked = np.isin(allkeys, candidates)
    order = np.lexsort((owners[picked], allkeys[picked]))
    ckeys, cowners = allkeys[picked][order], owners[picked][order]
    bounds = np.flatnonzero(np.diff(ckeys)) + 1
    sets: dict[int, frozenset] = {}
    for key_block, owner_block in zip(np.split(ckeys, bounds), np.split(cowners, bounds)):
        reps: list[frozenset] = []
        for i in owner_block.tolist():
            ks = sets.get(i)
            if ks is None:
                ks = sets[i] = frozenset(keysets[i].tolist())
            if all(len(ks & r) / max(1, min(len(ks), len(r))) < near_duplicate for r in reps):
                reps.append(ks)
                if len(reps) >= need:
                    out.add(f"{int(key_block[0]):016x}")
                    break
    return out


def _groups(refs: Sequence[FileRef], per: int) -> list[list[FileRef]]:
    return [list(refs[i:i + per]) for i in range(0, len(refs), per)]


def _read_manifests(fs, root: str) -> dict[str, tuple[str, str]]:
    """Return {article key: (task, article_id)} from the committed manifests (unreadable ones are skipped: redone)."""
    folder = posixpath.join(root, MANIFEST)
    if not fs.exists(folder):
        return {}
    held: dict[str, tuple[str, str]] = {}
    paths = [p for p in fs.ls(folder, detail=False) if p.endswith(".json") and not posixpath.basename(p).startswith(".")]
    if not paths:
        return held
    for path, data in fs.cat(paths).items() if len(paths) > 1 else [(paths[0], fs.cat_file(paths[0]))]:
        try:
            manifest = json.loads(data)
            task = manifest["task"]
            for entry in manifest["inputs"]:
                held.setdefault(entry["key"], (task, entry["article_id"]))
        except (ValueError, KeyError, TypeError):
            continue
    return held


def default_dataset(source: object, settings: Settings) -> str:
    """Return where a run's dataset goes when ``settings.dataset`` is not set: under the cache folder, or a temp folder."""
    if settings.dataset:
        return settings.dataset if is_url(settings.dataset) else str(Path(settings.dataset).expanduser().resolve())
    if not settings.cache:
        return tempfile.mkdtemp(prefix="article-profiler-dataset-")
    name = hashlib.sha256(repr(source).encode()).hexdigest()[:16]
    return str(settings.cache_root() / "datasets" / name)


def clear_datasets(cache_root: str | Path) -> list[Path]:
    """Remove the default datasets under a cache folder (``<cache>/datasets/<source hash>/``, see ``default_dataset``)
    and return their paths. Only folders named by a source hash holding a dataset's ``_manifest/`` or ``_view.json``
    are removed, and only in a folder carrying the cache's marker; a dataset written with ``--out`` is never touched
    (delete its folder or prefix yourself)."""
    from .cache import MARKER

    root = Path(cache_root).expanduser()
    folder = root / "datasets"
    if not (root / MARKER).exists() or not folder.is_dir():
        return []
    removed = []
    for path in sorted(folder.iterdir()):
        if path.is_dir() and not path.is_symlink() and len(path.name) == 16 and \
                all(c in "0123456789abcdef" for c in path.name) and ((path / MANIFEST).is_dir() or (path / VIEW).is_file()):
            shutil.rmtree(path)
            removed.append(path)
    return removed


def run_dataflow(source: str | Path | Sequence[str | Path] | None, settings: Settings) -> "DatasetProfile":
    """Profile ``source`` into the dataset at ``settings.dataset`` (see the module docstring) and return its handle."""
    from tqdm import tqdm

    from .paths import SEEDS_DIR

    source = SEEDS_DIR if source is None else source
    out = default_dataset(source, settings)
    settings = settings.replace(dataset=out)
    n_process = settings.n_process or 2
    opts = _load_options(settings)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    refs, sidecar = list_source(source, settings)
    timings["list"] = time.perf_counter() - start
    fs, root = open_fs(out, settings.storage_options)
    executor = _DaskExecutor(settings, n_process) if settings.engine == "dask" else _LocalExecutor()
    try:
        groups = _groups(refs, TASK_ARTICLES)
        t = time.perf_counter()
        scan_parts = list(executor.map(located, [(scan_files, g, opts) for g in groups]))
        scanned = [row for part, _w in scan_parts for row in part]
        where = [w for _p, w in scan_parts]
        del scan_parts
        timings["scan"] = time.perf_counter() - t
        stubs = [Input("", fk, row_num, row_id or "") for fk, row_num, row_id, _s, _k in scanned]
        assign_ids([r.found for r in refs], stubs)
        ids = [s.article_id for s in stubs]
        repeated = repeated_block_keys([k for *_x, status, k in scanned if status == "ok"])
        per_file = Counter(fk for fk, *_x in scanned)
        del stubs
        bounds, k = [], 0
        for g in groups:
            n = sum(per_file[r.key] for r in g)
            bounds.append((k, k + n))
            k += n
        shared_repeated, shared_sidecar = executor.share(repeated), executor.share(sidecar)
        t = time.perf_counter()
        row_parts = list(executor.map(located, [(row_files, g, ids[a:b], shared_repeated, shared_sidecar, opts)
                                                for g, (a, b) in zip(groups, bounds)], where=where))
        hashed = [h for part, _w in row_parts for h in part]
        where = [w for _p, w in row_parts]  # each group's loader memo (texts, structure, language) is on that worker
        group_of_file = {r.key: gi for gi, g in enumerate(groups) for r in g}
        del row_parts
        timings["rows"] = time.perf_counter() - t
        ok = np.array([bool(c) for c, _r in hashed])
        story = np.array([int(c, 16) if c else 0 for c, _r in hashed], dtype=np.uint64)
        first = np.full(len(hashed), -1)
        if ok.any():
            positions = np.flatnonzero(ok)
            _u, first_index, inverse = np.unique(story[positions], return_index=True, return_inverse=True)
            first[positions] = positions[first_index[inverse]]
        steps = registered_steps()
        keys_of_steps = step_keys(settings, steps)
        steps_digest = hashlib.sha256(json.dumps(keys_of_steps, sort_keys=True).encode()).hexdigest()[:16]
        art_keys = [hashlib.sha256(f"{rh}|{ids[first[i]] if first[i] not in (-1, i) else ''}|{steps_digest}".encode())
                    .hexdigest()[:24] for i, (_c, rh) in enumerate(hashed)]
        held = _read_manifests(fs, root)
        view: list[tuple[str, str]] = [held.get(key, ("", ids[i])) for i, key in enumerate(art_keys)]
        pending = [i for i, (task, _a) in enumerate(view) if not task]
        file_of = np.repeat([r.key for r in refs], [per_file[r.key] for r in refs]) if refs else np.array([], int)
        start_of = {r.key: s for r, s in zip(refs, np.cumsum([0] + [per_file[r.key] for r in refs])[:-1].tolist())}
        jobs, parsed = _plan_tasks(pending, file_of, art_keys), 0
        args, places = [], []
        for members in jobs:
            task = hashlib.sha256("|".join(art_keys[i] for i in members).encode()).hexdigest()[:20]
            fkeys = sorted({int(file_of[i]) for i in members})
            files = [refs[f] for f in fkeys]
            base = {f: 0 for f in fkeys}
            offset = 0
            for f in fkeys:
                base[f] = offset
                offset += per_file[f]
            keep = [base[int(file_of[i])] + i - start_of[int(file_of[i])] for i in members]
            local_ids = [ids[start_of[f] + j] for f in fkeys for j in range(per_file[f])]
            dup = {format(int(story[i]), "016x"): ids[first[i]] for i in members if first[i] not in (-1, i)}
            args.append((task, files, keep, local_ids, [art_keys[i] for i in members], shared_repeated,
                         shared_sidecar, dup, opts, settings, steps, out))
            places.append(_preferred(where, group_of_file, fkeys, Counter(int(file_of[i]) for i in members)))
            for i in members:
                view[i] = (task, ids[i])
        t = time.perf_counter()
        bar = tqdm(total=len(pending), unit="article", desc="Profiling", disable=not settings.progress or not pending)
        for result, a in zip(executor.map(profile_task, args, where=places), args):
            parsed += result["parsed"]
            bar.update(len(a[2]))
        bar.close()
        timings["profile"] = time.perf_counter() - t
        view_key = hashlib.sha256("|".join(art_keys).encode()).hexdigest()[:20]
        write_atomic(fs, posixpath.join(root, VIEW), json.dumps(
            {"format": FORMAT, "view": view_key, "steps": keys_of_steps, "inputs": view}).encode())
        t = time.perf_counter()
        corpus_done = posixpath.join(root, CORPUS, view_key, "_done.json")
        if not fs.exists(corpus_done):
            build_corpus(executor, out, view, view_key, settings, steps)
        timings["corpus"] = time.perf_counter() - t
    finally:
        executor.close()
    n_ok = int(sum(1 for c, _r in hashed if c)) - int(((first != -1) & (first != np.arange(len(first)))).sum())
    stats = {"articles": len(view), "profiled": n_ok, "parsed": parsed, "from_cache": n_ok - parsed,
             "steps_run": {s.name: parsed for s in steps}, "engine": settings.engine, "n_process": n_process,
             "tasks_run": len(args), "dataset": out, "seconds": {k: round(v, 3) for k, v in timings.items()}}
    return DatasetProfile(out, view, view_key, settings, stats)


def _plan_tasks(pending: Sequence[int], file_of: np.ndarray, art_keys: Sequence[str]) -> list[list[int]]:
    """Group the inputs to profile into tasks of about TASK_ARTICLES, in corpus order, never splitting one file."""
    jobs: list[list[int]] = []
    current: list[int] = []
    for n, i in enumerate(pending):
        current.append(i)
        nxt = pending[n + 1] if n + 1 < len(pending) else None
        if nxt is None or (len(current) >= TASK_ARTICLES and file_of[nxt] != file_of[i]):
            jobs.append(current)
            current = []
    return jobs


# ---------------------------------------------------------------------------------------------- reading the dataset

def _part_path(root: str, frame: str, task: str) -> str:
    return posixpath.join(root, frame, f"part-{task}.parquet")


def gather(fs, root: str, frame: str, view: Sequence[tuple[str, str]], columns: Sequence[str] | None = None,
           folder: str | None = None) -> dict[str, list]:
    """Return one frame's columns for the articles of the view, in view order (parts read one at a time)."""
    wanted: dict[str, dict[str, int]] = {}
    for pos, (task, aid) in enumerate(view):
        wanted.setdefault(task, {})[aid] = pos
    pieces: dict[int, list[tuple[str, int, dict[str, list], list[int]]]] = {}
    names: list[str] = []
    for task, aids in wanted.items():
        path = _part_path(root, folder or frame, task)
        try:
            part = pq.ParquetFile(io.BytesIO(fs.cat_file(path)))
            table = part.read(columns=None if columns is None else [c for c in columns if c in part.schema_arrow.names])
        except FileNotFoundError:
            raise DataflowError(f"The dataset part {full_url(fs, path)} is missing though its task is committed. "
                                f"Delete {MANIFEST}/{task}.json in the dataset and run again to redo it.") from None
        cols = decode_table(table)
        for name in cols:
            if name not in names:
                names.append(name)
        art = cols.get("article_id", [])
        rows_of: dict[str, list[int]] = {}
        for r, aid in enumerate(art):
            if aid in aids:
                rows_of.setdefault(aid, []).append(r)
        for aid, rows in rows_of.items():
            pieces.setdefault(aids[aid], []).append((task, 0, {c: [v[r] for r in rows] for c, v in cols.items()}, rows))
    out: dict[str, list] = {name: [] for name in names}
    n = 0
    for pos in sorted(pieces):
        for task, _z, cols, rows in pieces[pos]:
            size = len(rows)
            for name in names:
                out[name].extend(cols.get(name, [None] * size))
            n += size
    return out


CORPUS_GROUP_PARTS = 16  # parts the corpus step applies and adds up together (one first-level sum)
WINDOW_GROUPS_PER_WORKER = 2  # such groups in flight per worker
COMBINE_FAN_IN = 16  # partial aggregates combined per reduce task (a tree: no task ever gathers every part's)


def _selected_rows(fs, root: str, task: str, aids: set[str], columns: Sequence[str] | None = None,
                   folder: str = MERGED_STEP) -> tuple[dict[str, list], list[int]]:
    """One part's columns (all, or those named) and the row numbers of the articles asked for."""
    try:
        part = pq.ParquetFile(io.BytesIO(fs.cat_file(_part_path(root, folder, task))))
    except FileNotFoundError:
        raise DataflowError(f"The dataset part {full_url(fs, _part_path(root, folder, task))} is missing though its "
                            f"task is committed. Delete {MANIFEST}/{task}.json in the dataset and run again to redo "
                            "it.") from None
    names = part.schema_arrow.names
    cols = decode_table(part.read(columns=None if columns is None else [c for c in columns if c in names]))
    rows = [r for r, aid in enumerate(cols.get("article_id", [])) if aid in aids]
    return cols, rows


def _merge_frame(cols: Mapping[str, list], rows: list[int]) -> pd.DataFrame:
    """The merge's columns of the rows asked for (index: their row numbers in the part)."""
    frame = pd.DataFrame({c: [cols[c][r] for r in rows] if c in cols else [None] * len(rows) for c in MERGE_COLUMNS},
                         index=rows)
    for col in ("gender", "gender_evidence"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


def merge_statistics_task(out: str, task: str, aids: set[str], storage_options: Mapping | None) -> dict:
    """Map (worker): the corpus merge's statistics of one part's mentions (``actor_merge.merge_statistics``)."""
    from .actor_merge import merge_statistics

    fs, root = open_fs(out, storage_options)
    cols, rows = _selected_rows(fs, root, task, aids, MERGE_COLUMNS)
    return merge_statistics(_merge_frame(cols, rows))


def combine_statistics_task(*stats: dict) -> dict:
    """Reduce (worker): add up parts' merge statistics."""
    from .actor_merge import combine_merge_statistics

    return combine_merge_statistics(*stats)


def merge_table_task(stats: dict):
    """Reduce (worker): the merge table (``actor_merge.merge_table``) from every part's statistics."""
    from .actor_merge import merge_table

    return merge_table(stats)


def _partitioned_tables() -> dict[str, str]:
    """The registered corpus tables built from partial aggregates: {table name: "actors" or "cooccurrence"}."""
    from .profiles import build_actors, build_cooccurrence

    kinds = {build_actors: "actors", build_cooccurrence: "cooccurrence"}
    return {t.name: kinds[t.build] for t in registered_tables() if t.build in kinds}


def apply_merge_task(out: str, task: str, aids: set[str], folder: str, table, settings: Settings,
                     kinds: Sequence[str], steps: Sequence[Step], buckets: int = 1) -> list[dict]:
    """Apply (worker): write one part's merged mentions, join its claims for the speakers, and return the corpus
    tables' partial aggregates of the part (``actor_partials``, ``cooccurrence_partials``), split by actor into
    ``buckets`` (``split_actor_partials``, ``split_cooccurrence_partials``)."""
    from .actor_merge import (actor_partials, apply_merge, cooccurrence_partials, split_actor_partials,
                              split_cooccurrence_partials)
    from .actors import to_frame
    from .memory import release_free_memory

    fs, root = open_fs(out, settings.storage_options)
    cols, rows = _selected_rows(fs, root, task, aids)
    merged = apply_merge(_merge_frame(cols, rows), table) if rows else None
    keep = merged.index.tolist() if merged is not None else []
    new = {c: [v[r] for r in keep] for c, v in cols.items()}
    if keep:
        new["actor_id"], new["actor"], new["type"] = (merged[c].tolist() for c in ("actor_id", "actor", "type"))
    write_atomic(fs, _part_path(root, posixpath.join(folder, MERGED_STEP), task), _frame_bytes(new))
    del cols, merged
    mentions = to_frame(new if keep else {c: [] for c in TABLE_COLUMNS}, merge=False)
    claims = None
    claims_step = next((s for s in steps if s.name == "claims"), None)
    if claims_step is not None:
        ccols = gather(fs, root, "claims", [(task, a) for a in sorted(aids)])
        if ccols:
            claims = claims_step.frame(ccols, {"mentions": mentions})
    out_partials: list[dict] = [{} for _ in range(buckets)]
    if "actors" in kinds:
        for b, p in enumerate(split_actor_partials(actor_partials(mentions, claims, by_article=True), buckets)):
            out_partials[b]["actors"] = p
    if "cooccurrence" in kinds:
        for b, p in enumerate(split_cooccurrence_partials(cooccurrence_partials(mentions, by_article=True), buckets)):
            out_partials[b]["cooccurrence"] = p
    del mentions, claims, new
    release_free_memory()
    return out_partials


def combine_buckets_task(*partials: list[dict]) -> list[dict]:
    """Reduce (worker): add up parts' partial aggregates bucket by bucket (the first level of each bucket's tree)."""
    return [combine_tables_task(*(p[b] for p in partials)) for b in range(len(partials[0]) if partials else 0)]


def bucket_task(partials: list[dict], bucket: int) -> dict:
    """One bucket of a list of bucketed partial aggregates, for that bucket's reduce."""
    return partials[bucket]


def combine_tables_task(*partials: dict) -> dict:
    """Reduce (worker): add up parts' corpus-table partial aggregates."""
    from .actor_merge import combine_actor_partials, combine_cooccurrence_partials

    combine = {"actors": combine_actor_partials, "cooccurrence": combine_cooccurrence_partials}
    return {kind: combine[kind](*(p[kind] for p in partials)) for kind in (partials[0] if partials else {})}


def write_tables_task(out: str, folder: str, partial: dict, tables: Mapping[str, str],
                      storage_options: Mapping | None, bucket: int = 0) -> dict:
    """Finish (worker): one bucket of the corpus tables from its combined partial aggregates, each written beside
    the row frames as ``<table>/part-<bucket>.parquet``."""
    from .actor_merge import combine_actor_partials, combine_cooccurrence_partials, finish_actors, finish_cooccurrence

    fs, root = open_fs(out, storage_options)
    finish = {"actors": finish_actors, "cooccurrence": finish_cooccurrence}
    empty = {"actors": combine_actor_partials(), "cooccurrence": combine_cooccurrence_partials()}
    for name, kind in tables.items():
        frame = finish[kind](partial.get(kind, empty[kind]))
        write_atomic(fs, _table_part(root, folder, name, bucket), _table_bytes(frame))
    return {"bucket": bucket}


def _table_part(root: str, folder: str, name: str, bucket: int) -> str:
    return posixpath.join(root, folder, name, f"part-{bucket:03d}.parquet")


def done_task(out: str, folder: str, tables: Sequence[str], buckets: int, storage_options: Mapping | None,
              *written: dict) -> dict:
    """Finish (worker): ``_done.json``, written after every bucket of every table (``written``)."""
    fs, root = open_fs(out, storage_options)
    done = {"tables": list(tables), "buckets": buckets}
    write_atomic(fs, posixpath.join(root, folder, "_done.json"), json.dumps(done).encode())
    return done


CORPUS_BUCKET_PARTS = 64  # parts per bucket of the corpus tables' final reduce (at most MAX_CORPUS_BUCKETS buckets)
MAX_CORPUS_BUCKETS = 16


def corpus_buckets(n_parts: int) -> int:
    """How many buckets the corpus tables are reduced and written in: one per 64 parts, 1 to 16, so the final
    reduce of a bucket holds a share of the actors and pairs, not all of them."""
    return max(1, min(MAX_CORPUS_BUCKETS, -(-n_parts // CORPUS_BUCKET_PARTS)))


def tree_reduce(executor, combine: Callable, handles: list):
    """Combine handles COMBINE_FAN_IN at a time until one is left (the reduce tasks go before further maps)."""
    while len(handles) > 1:
        handles = [executor.submit(combine, *handles[i:i + COMBINE_FAN_IN], priority=1)
                   for i in range(0, len(handles), COMBINE_FAN_IN)]
    return handles[0] if handles else executor.submit(combine, priority=1)


def build_corpus(executor, out: str, view: Sequence[tuple[str, str]], view_key: str, settings: Settings,
                 steps: Sequence[Step]) -> dict:
    """The corpus-level work as map/reduce over the parts (the client only submits tasks; no task holds every
    mention): each part's merge statistics, reduced to one merge table; the table applied part by part, each part
    writing its merged mentions and returning the actors summary's and co-occurrence's partial aggregates; those
    reduced and written as the corpus tables."""
    folder = posixpath.join(CORPUS, view_key)
    selected: dict[str, set[str]] = {}
    for task, aid in view:
        selected.setdefault(task, set()).add(aid)
    if MERGED_STEP not in {s.name for s in steps}:
        return executor.run(done_task, out, folder, [], 1, settings.storage_options)
    tables = _partitioned_tables()
    stats = [executor.submit(merge_statistics_task, out, task, aids, settings.storage_options)
             for task, aids in selected.items()]
    table = executor.submit(merge_table_task, tree_reduce(executor, combine_statistics_task, stats), priority=1)
    del stats
    kinds = sorted(set(tables.values()))
    buckets = corpus_buckets(len(selected))
    # parts are applied CORPUS_GROUP_PARTS at a time; each group's aggregates are added up bucket by bucket (a
    # first-level sum) and folded at once into one running total per bucket of actors (and pairs). The client submits
    # a group only when the group WINDOW_GROUPS_PER_WORKER x workers before it has been added up, so the workers hold
    # the running totals (the corpus's actors, once) and the aggregates of the last few groups, whatever the number of
    # parts (submitting every part at once let finished parts' aggregates wait in the workers' memory: at 12,000
    # articles the corpus step took a worker from 136 to 330 MB, with the window to 240 MB)
    groups = list(selected.items())
    groups = [groups[i:i + CORPUS_GROUP_PARTS] for i in range(0, len(groups), CORPUS_GROUP_PARTS)]
    window = WINDOW_GROUPS_PER_WORKER * executor.width()
    totals: list = [None] * buckets
    sums: list = []
    for g, group in enumerate(groups):
        if g >= window:
            executor.wait(sums[g - window])
            sums[g - window] = None
        partials = [executor.submit(apply_merge_task, out, task, aids, folder, table, settings, kinds, steps, buckets)
                    for task, aids in group]
        first = executor.submit(combine_buckets_task, *partials, priority=1)
        sums.append(first)
        for b in range(buckets):
            picked = executor.submit(bucket_task, first, b, priority=2)
            totals[b] = executor.submit(combine_tables_task, *([] if totals[b] is None else [totals[b]]), picked,
                                        priority=2)
        del partials, first, picked
    del sums
    if totals[0] is None:  # no parts
        totals = [executor.submit(combine_tables_task, priority=1) for _ in range(buckets)]
    written = [executor.submit(write_tables_task, out, folder, totals[b], tables, settings.storage_options, b,
                               priority=2) for b in range(buckets)]
    done = executor.submit(done_task, out, folder, list(tables), buckets, settings.storage_options, *written,
                           priority=2)
    del totals, table, written
    return executor.result(done)


def read_frame(fs, root: str, name: str, view: Sequence[tuple[str, str]], view_key: str, settings: Settings,
               frame: Callable[[str], pd.DataFrame]) -> pd.DataFrame:
    """Read one frame of the articles of ``view`` (the whole view, or one part's articles) as the local engine builds
    it; ``frame(name)`` gives the frames a step needs (of the same articles)."""
    from .actors import to_frame

    folder = posixpath.join(CORPUS, view_key)
    if name == "articles":
        cols = gather(fs, root, "articles", view)
        rows = [dict(zip(cols, values)) for values in zip(*cols.values())] if cols else []
        for row in rows:
            row["spans"] = [tuple(s) for s in row["spans"]]
        return rows_to_frame(rows)
    if name == "paragraphs":
        return pd.DataFrame(gather(fs, root, "paragraphs", view), columns=PARAGRAPH_COLUMNS)
    steps = {s.name: s for s in registered_steps()}
    if name == MERGED_STEP and name in steps:
        cols = gather(fs, root, name, view, folder=posixpath.join(folder, name))
        return steps[name].frame(cols, {}) if not cols else to_frame(cols, merge=False)
    if name in steps:
        step = steps[name]
        built = {n: frame(n) for n in step.needs}
        return step.frame(gather(fs, root, name, view), built)
    kind = _partitioned_tables().get(name)
    done = posixpath.join(root, folder, "_done.json")
    if kind is not None and fs.exists(done):
        buckets = json.loads(fs.cat_file(done)).get("buckets", 0)
        if buckets and fs.exists(_table_part(root, folder, name, 0)):
            return _read_buckets(fs, root, folder, name, kind, buckets)
    table = next(t for t in registered_tables() if t.name == name)
    return table.build({s: frame(s) for s in steps}, settings)


def _read_buckets(fs, root: str, folder: str, name: str, kind: str, buckets: int) -> pd.DataFrame:
    """A corpus table read back from its buckets, in the order the whole table has (``sort_actors``,
    ``sort_cooccurrence``)."""
    from .actor_merge import sort_actors, sort_cooccurrence

    frames = [_read_table_frame(fs.cat_file(_table_part(root, folder, name, b))) for b in range(buckets)]
    full = [f for f in frames if len(f)]
    if not full:
        return frames[0]
    frame = pd.concat(full, ignore_index=True) if len(full) > 1 else full[0]
    for column in frame.columns:  # a bucket without one value of a column ("gender" of organisations only) reads
        if len({str(f[column].dtype) for f in full}) > 1:  # it as object: the values decide, as in one frame
            frame[column] = pd.Series(frame[column].tolist(), index=frame.index)
    return {"actors": sort_actors, "cooccurrence": sort_cooccurrence}[kind](frame)


def open_executor(settings: Settings):
    """The executor of a dataset's tasks: the Dask cluster of ``settings.scheduler`` (else a local one) with the Dask
    engine, else this process. Call ``close()`` when done."""
    return _DaskExecutor(settings, settings.n_process or 2) if settings.engine == "dask" else _LocalExecutor()


class DatasetProfile:
    """A profiled corpus on its dataset: each frame is read (and built) when first asked for, then kept.

    Used like ``CorpusProfile``: ``profile.articles``, ``profile.mentions``, ``profile.tables["actors"]``,
    ``profile.frames()``, ``profile.save(folder)``; ``profile.dataset`` is the dataset's URL.
    """

    def __init__(self, dataset: str, view: Sequence[tuple[str, str]], view_key: str, settings: Settings, stats: dict):
        self.dataset, self.view, self.view_key = dataset, list(view), view_key
        self.settings, self.stats = settings, stats
        self._loaded: dict[str, pd.DataFrame] = {}
        self.tables = _LazyTables(self)

    @classmethod
    def open(cls, dataset: str, settings: Settings | None = None) -> "DatasetProfile":
        """Open the dataset as its last run left it (``_view.json``)."""
        settings = settings or Settings()
        fs, root = open_fs(dataset, settings.storage_options)
        info = json.loads(fs.cat_file(posixpath.join(root, VIEW)))
        return cls(dataset, [tuple(v) for v in info["inputs"]], info["view"], settings.replace(dataset=dataset), {})

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_") or name in {"dataset", "view", "view_key", "settings", "stats", "tables"}:
            raise AttributeError(name)
        if name in self.names():
            return self.frame(name)
        raise AttributeError(name)

    def names(self) -> list[str]:
        """Return the frame names in the order ``frames`` gives them."""
        return ["articles", "paragraphs", *[s.name for s in registered_steps()], *[t.name for t in registered_tables()]]

    def frame(self, name: str) -> pd.DataFrame:
        """Return one frame, reading it from the dataset the first time."""
        if name not in self._loaded:
            self._loaded[name] = self._read(name)
        return self._loaded[name]

    def _read(self, name: str) -> pd.DataFrame:
        fs, root = open_fs(self.dataset, self.settings.storage_options)
        return read_frame(fs, root, name, self.view, self.view_key, self.settings, self.frame)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Return every frame by name (articles without the internal span list), reading those not yet read."""
        out = {name: self.frame(name) for name in self.names()}
        out["articles"] = out["articles"].drop(columns=["spans"], errors="ignore")
        return out

    def save(self, out_dir: str | Path) -> list[Path]:
        """Write every frame as CSV and Parquet into ``out_dir`` (as ``CorpusProfile.save``)."""
        from .tables import write_frames

        return write_frames(self.frames(), out_dir)


class _LazyTables(Mapping):
    """``profile.tables``: the step and corpus-table frames by name, read on request."""

    def __init__(self, profile: DatasetProfile):
        self.profile = profile

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name in ("articles", "paragraphs") or name not in self.profile.names():
            raise KeyError(name)
        return self.profile.frame(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.profile.names()[2:])

    def __len__(self) -> int:
        return len(self.profile.names()) - 2
