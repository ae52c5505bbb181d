"""Profile a whole corpus in one streaming pass: load, parse each article once, and build every frame.

What it does: loads the articles (``helpers.load``), then for each ok article parses the body once
and runs the per-article steps of readability (article, paragraph and sentence levels), actor
mentions and claims on that parse, keeping only the resulting rows, never the parsed documents.
The work runs in worker processes that each load the spaCy model once (``engine="local"``, one
process per core by default) or on a Dask cluster (``engine="dask"``); results are identical.
A cache keyed by article content + model + package version makes re-runs read rows back from
Parquet instead of parsing; changing one article re-parses only that one.

What it does not do: draw charts or write reports (see ``helpers.reports``).
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import __version__
from .load import load_articles, paragraphs
from .nlp import ParsedArticle, Task, article_tasks, load_nlp, parse_tasks
from .paths import PACKAGE_DIR, PROJECT_ROOT, model_name

ROW_FRAMES = ("readability", "paragraph_readability", "sentence_readability", "mentions", "claims")
CHUNK_ARTICLES = 8  # articles per task sent to a worker: small enough to stream, big enough to batch
DEFAULT_CACHE_DIR = PROJECT_ROOT / ".cache" / "profiles"
CACHE_ENV = "ARTICLE_PROFILER_CACHE"



@dataclass
class CorpusProfile:
    """Every frame the profiler produces for one corpus."""

    articles: pd.DataFrame
    paragraphs: pd.DataFrame
    readability: pd.DataFrame
    paragraph_readability: pd.DataFrame
    sentence_readability: pd.DataFrame
    mentions: pd.DataFrame
    actors: pd.DataFrame
    claims: pd.DataFrame
    stats: dict = field(default_factory=dict)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Return the frames by name, in a fixed order (articles without the internal span list)."""
        names = ["articles", "paragraphs", "readability", "paragraph_readability", "sentence_readability",
                 "mentions", "actors", "claims"]
        out = {n: getattr(self, n) for n in names}
        out["articles"] = out["articles"].drop(columns=["spans"], errors="ignore")
        return out

    def save(self, out_dir: str | Path) -> list[Path]:
        """Write every frame as CSV and Parquet into ``out_dir`` (see ``helpers.reports.write_frames``)."""
        from .reports import write_frames

        return write_frames(self.frames(), out_dir)


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the package's own code and data files, so that any change to a rule invalidates cached rows."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".csv", ".json", ".txt"} and "__pycache__" not in path.parts:
            h.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def task_key(task: Task, model: str | None = None, alias_table: dict | None = None) -> str:
    """Cache key of one article: its raw text and spans, the model, the user's alias table, the package version and code."""
    aid, raw, spans = task
    h = hashlib.sha256()
    h.update(raw.encode("utf-8", "surrogatepass"))
    h.update(json.dumps(spans).encode())
    h.update(f"|{model_name(model)}|{__version__}|{code_fingerprint()}|".encode())
    if alias_table:
        h.update(json.dumps(sorted(alias_table.items())).encode())
    return h.hexdigest()[:24]


def profile_parsed_article(parsed: ParsedArticle, spans: Sequence[tuple[str, int, int]] = (),
                           alias_table: dict | None = None) -> dict[str, list[dict]]:
    """Run every per-article step on one parse (spans give the title, caption and credit); return rows by frame name."""
    from .actors import mentions_for_article
    from .claims import claims_for_article
    from .readability import score_parsed_article

    mentions = mentions_for_article(parsed, alias_table, article={"raw_text": parsed.raw_text, "spans": spans})
    return {
        "readability": score_parsed_article(parsed, "article"),
        "paragraph_readability": score_parsed_article(parsed, "paragraph"),
        "sentence_readability": score_parsed_article(parsed, "sentence"),
        "mentions": mentions,
        "claims": claims_for_article(parsed, mentions),
    }


def process_tasks(tasks: Sequence[Task], model: str | None = None, alias_table: dict | None = None,
                  batch_size: int = 64) -> list[tuple[str, str]]:
    """Parse and profile a batch of articles in this process (the worker step of both engines).

    Returns (article_id, payload) pairs: each article's rows as columns in JSON, the form that is cached,
    so the parent only gathers and the rows cross the process boundary as one compact string.
    """
    parsed = parse_tasks(tasks, load_nlp(model), batch_size)
    return [(pa.article_id, json.dumps(_columnar(profile_parsed_article(pa, task[2], alias_table)), default=_json_default))
            for pa, task in zip(parsed, tasks)]


def _worker_init(model: str | None) -> None:
    load_nlp(model)


def _worker_run(args: tuple[list[Task], str | None, dict | None]) -> list[tuple[str, str]]:
    return process_tasks(*args)


def _chunks(tasks: list[Task], size: int) -> list[list[Task]]:
    return [tasks[i:i + size] for i in range(0, len(tasks), size)]


def _run_local(tasks: list[Task], model: str | None, alias_table: dict | None, n_process: int) -> Iterator[tuple[str, str]]:
    if n_process <= 1 or len(tasks) <= CHUNK_ARTICLES:
        for chunk in _chunks(tasks, CHUNK_ARTICLES):
            yield from process_tasks(chunk, model, alias_table)
        return
    import multiprocessing as mp

    # fork where the platform has it: workers start at once, share the parent's loaded code, and a script that
    # calls profile_corpus without an `if __name__ == "__main__":` guard is not re-executed by every worker
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(n_process, initializer=_worker_init, initargs=(model,)) as pool:
        for result in pool.imap(_worker_run, [(c, model, alias_table) for c in _chunks(tasks, CHUNK_ARTICLES)]):
            yield from result


def _run_dask(tasks: list[Task], model: str | None, alias_table: dict | None, scheduler: str | None,
              n_process: int) -> Iterator[tuple[str, str]]:
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=n_process, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        chunks = _chunks(tasks, CHUNK_ARTICLES)
        futures = client.map(process_tasks, chunks, model=model, alias_table=alias_table, pure=False)
        order = {f.key: i for i, f in enumerate(futures)}
        done: dict[int, list] = {}
        nxt = 0
        for fut in as_completed(futures):
            done[order[fut.key]] = fut.result()
            fut.release()
            while nxt in done:  # yield in corpus order so results do not depend on scheduling
                yield from done.pop(nxt)
                nxt += 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


class RowCache:
    """Per-article results kept as Parquet part files (key, JSON payload) in one folder per model and code version.

    Results are stored as JSON (one object per article: frame -> column -> values) so they come back exactly
    as they were produced, whatever the column types of the frames they end up in. New results are written in
    parts as they arrive, so a long run neither holds every payload in memory nor loses them on interruption.
    Folders of other code versions are stale and removed when new results are written.
    """

    PART_ARTICLES = 256

    def __init__(self, directory: str | Path):
        self.root = Path(directory)
        self.dir = self.root / code_fingerprint()
        self.pending: list[tuple[str, str]] = []

    def load(self, keys: set[str]) -> dict[str, str]:
        """Return the cached payloads (key -> JSON) of the given keys."""
        parts = sorted(self.dir.glob("part-*.parquet")) if self.dir.is_dir() else []
        if not parts or not keys:
            return {}
        frame = pd.read_parquet(parts, filters=[("key", "in", sorted(keys))])
        return dict(zip(frame["key"], frame["payload"]))

    def add(self, key: str, payload: str) -> None:
        """Queue one article's payload; write a part file when enough are queued."""
        self.pending.append((key, payload))
        if len(self.pending) >= self.PART_ARTICLES:
            self.flush()

    def flush(self) -> None:
        """Write the queued payloads as a new part file (atomically) and drop stale code versions."""
        if not self.pending:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        for stale in self.root.iterdir():
            if stale.is_dir() and stale != self.dir:
                shutil.rmtree(stale, ignore_errors=True)
        keys, payloads = zip(*self.pending)
        name = hashlib.sha256("".join(keys).encode()).hexdigest()[:16]
        tmp = self.dir / f".part-{name}.tmp"
        pd.DataFrame({"key": list(keys), "payload": list(payloads)}).to_parquet(tmp, index=False)
        os.replace(tmp, self.dir / f"part-{name}.parquet")
        self.pending = []


class _Columns:
    """Rows of one frame gathered column by column (far smaller than a list of dicts)."""

    def __init__(self):
        self.columns: dict[str, list] = {}
        self.n = 0

    def extend(self, block: dict[str, list], article_id: str) -> None:
        """Append one article's block (column -> values), with its article_id."""
        size = len(next(iter(block.values()))) if block else 0
        if not size:
            return
        block = {**block, "article_id": [article_id] * size}  # cached rows may come from a file of another name
        for col, values in block.items():
            if col not in self.columns:
                self.columns[col] = [None] * self.n
            self.columns[col].extend(values)
        for col, values in self.columns.items():
            if col not in block:
                values.extend([None] * size)
        self.n += size


def _columnar(rows: dict[str, list[dict]]) -> dict[str, dict[str, list]]:
    """Turn one article's rows by frame into columns by frame (the cached and transported form)."""
    out = {}
    for name, frame_rows in rows.items():
        cols: dict[str, list] = {}
        for k, row in enumerate(frame_rows):
            for col, value in row.items():
                cols.setdefault(col, [None] * k).append(value)
            for values in cols.values():
                if len(values) < k + 1:
                    values.append(None)
        out[name] = cols
    return out


def _json_default(value):
    """Make numpy scalars and tuples JSON-serialisable."""
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"cannot cache a value of type {type(value).__name__}")


def profile_corpus(
    source: str | Path | Sequence[str | Path] | pd.DataFrame | None = None,
    model: str | None = None,
    cache: bool = True,
    cache_dir: str | Path | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    n_process: int | None = None,
    progress: bool = True,
    alias_table: str | Path | dict | None = None,
) -> CorpusProfile:
    """Load (or take) the articles and build every frame in one streaming pass, using the cache unless told not to.

    ``alias_table`` (CSV path or dict, see ``helpers.actors.load_alias_table``) overrides the actor merge rules.
    """
    from tqdm import tqdm

    from .actors import load_alias_table, summarize_actors
    from .actors import to_frame as mentions_frame
    from .claims import apply_actor_merge
    from .claims import to_frame as claims_frame
    from .readability import to_frame as readability_frame

    articles = source if isinstance(source, pd.DataFrame) else load_articles(source)
    tasks = article_tasks(articles)
    n_process = n_process or max(1, min(os.cpu_count() or 1, 8))
    aliases = load_alias_table(alias_table) or None
    keys = {t[0]: task_key(t, model, aliases) for t in tasks}
    store = RowCache(Path(cache_dir or os.environ.get(CACHE_ENV) or DEFAULT_CACHE_DIR) / model_name(model))
    cached = store.load(set(keys.values())) if cache else {}
    todo = [t for t in tasks if keys[t[0]] not in cached]
    gathered = {name: _Columns() for name in ROW_FRAMES}

    def gather(aid: str, payload: str) -> None:
        for name, block in json.loads(payload).items():
            gathered[name].extend(block, aid)

    for aid, key in keys.items():
        if key in cached:
            gather(aid, cached.pop(key))
    if todo:
        if engine == "dask":
            stream = _run_dask(todo, model, aliases, scheduler, n_process)
        elif engine == "local":
            stream = _run_local(todo, model, aliases, n_process)
        else:
            raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
        bar = tqdm(total=len(todo), unit="article", desc="Profiling", disable=not progress)
        for aid, payload in stream:
            # fresh rows take the same JSON round trip as cached ones, so both give identical frames
            gather(aid, payload)
            if cache:
                store.add(keys[aid], payload)
            bar.update(1)
        bar.close()
        store.flush()

    cols = {name: acc.columns for name, acc in gathered.items()}
    mentions = mentions_frame(cols["mentions"])
    # claims were resolved per article: carry the corpus-level actor merge over to their speakers and targets
    before = pd.DataFrame({c: cols["mentions"].get(c, []) for c in ["article_id", "start", "end", "actor_id", "actor"]})
    claims = apply_actor_merge(claims_frame(cols["claims"]), before, mentions)
    return CorpusProfile(
        articles=articles,
        paragraphs=paragraphs(articles),
        readability=readability_frame(cols["readability"], "article"),
        paragraph_readability=readability_frame(cols["paragraph_readability"], "paragraph"),
        sentence_readability=readability_frame(cols["sentence_readability"], "sentence"),
        mentions=mentions,
        actors=summarize_actors(mentions, claims),
        claims=claims,
        stats={"articles": len(articles), "profiled": len(tasks), "parsed": len(todo), "from_cache": len(tasks) - len(todo),
               "engine": engine, "n_process": n_process},
    )
