"""The profile cache: each article's results per step, and each input file's loaded text, as Parquet part files.

What it does: ``StepCache`` keeps entries (key, step, JSON payload) in ``part-*.parquet`` files inside one
folder that it marks as its own (``.article-profiler-cache``). Keys are content hashes (article text and
spans, or file bytes) combined with a step key (``helpers.steps.step_key``), so two articles can never share
an entry and renaming a file reuses its results; payloads never carry ids. New entries are written in small
parts as results arrive (every ``FLUSH_ARTICLES`` articles, and on interrupt), each to a unique temporary
name then renamed, so two runs can share a cache and a killed run keeps what it finished. A part that cannot
be read is reported by name, removed and its entries recomputed. Old entries stay until the cache passes
its size limit (oldest parts first) or ``clear`` is called; ``info`` gives size and entries per step.

Corpus entries (``get_corpus``/``put_corpus``): the finished frames of one whole corpus, pickled (pandas frames
exactly as built) in ``corpus-<key>.pkl``, keyed by every article's key in order and every step's key, so an
unchanged corpus is read back in one file instead of re-gathering and re-merging its articles. Each corpus entry
names the part files that held its articles' entries; it is used only while they all exist (a part removed as
unreadable, trimmed or merged away means the articles are read again from the parts, and the entry is rewritten),
so the per-article entries stay the ground truth and a changed article is still re-done alone. The pickles are
only ever read from a folder carrying the marker, written by this class.

What it does not do: delete anything it did not create: only ``part-*.parquet``, ``corpus-*.pkl`` and ``.tmp-*`` files inside a
folder carrying the marker, and never a folder placed by a model name or any other user path.
"""
from __future__ import annotations

import json
import os
import pickle
import time
import uuid
import warnings
from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .settings import ProfilerError

MARKER = ".article-profiler-cache"
PART_GLOB = "part-*.parquet"
CORPUS_GLOB = "corpus-*.pkl"
FLUSH_ARTICLES = 32
FLUSH_SECONDS = 10.0
COMPACT_PARTS = 24  # more parts than this are merged into one at the end of a run
SCHEMA = pa.schema([("key", pa.string()), ("step", pa.string()), ("payload", pa.string())])


class CacheWarning(UserWarning):
    """A cache part could not be read; it was removed and its articles are profiled again."""


class CacheError(ProfilerError):
    """The cache folder cannot be used; the message says what to do."""


@dataclass
class CacheInfo:
    """Size and entries of a cache folder."""

    path: Path
    parts: int
    bytes: int
    entries: dict[str, int]


class StepCache:
    """Entries (key -> payload) of several steps in Parquet parts under one marked folder."""

    def __init__(self, root: str | Path, max_bytes: int | None = None):
        self.root = Path(root).expanduser()
        self.max_bytes = max_bytes
        self.pending: list[tuple[str, str, str]] = []
        self.last_flush = time.monotonic()
        self.used_parts: set[Path] = set()
        self.written_parts: set[Path] = set()

    # ------------------------------------------------------------------ folder

    def prepare(self) -> None:
        """Create the folder (or check an existing one is ours and writable); raise CacheError saying what to do."""
        marker = self.root / MARKER
        if self.root.exists() and not self.root.is_dir():
            raise CacheError(f"The cache path {self.root} is a file, not a folder. Choose another --cache-dir.")
        if self.root.is_dir() and not marker.exists() and any(self.root.iterdir()):
            raise CacheError(f"The folder {self.root} is not empty and is not an Article Profiler cache. "
                             "Choose an empty or new folder for the cache (--cache-dir), so nothing of yours is touched.")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            marker.touch()
            probe = self.root / f".tmp-{uuid.uuid4().hex}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise CacheError(f"Cannot write to the cache folder {self.root} ({exc.strerror}). Make it writable, choose "
                             "another with --cache-dir, or run with --no-cache.") from None

    def _parts(self) -> list[Path]:
        if not (self.root / MARKER).exists():
            return []
        return sorted(self.root.glob(PART_GLOB))

    # ------------------------------------------------------------------ reading

    def _read_part(self, part: Path, keys: set[str] | None, step: str | None) -> pa.Table | None:
        filters = []
        if keys is not None:
            filters.append(("key", "in", sorted(keys)))
        if step is not None:
            filters.append(("step", "=", step))
        try:
            return pq.read_table(part, filters=filters or None, schema=SCHEMA)
        except FileNotFoundError:
            return None  # removed by a concurrent run's compaction: its entries are recomputed
        except (OSError, pa.ArrowException) as exc:
            self._drop_bad_part(part, exc)
            return None

    def _drop_bad_part(self, part: Path, exc: Exception) -> None:
        warnings.warn(f"Cache part {part} could not be read ({exc}); it was removed and its articles will be "
                      "profiled again.", CacheWarning, stacklevel=3)
        part.unlink(missing_ok=True)

    def get_many(self, keys: Iterable[str] | None = None, step: str | None = None,
                 decode: bool = True) -> dict[str, object]:
        """Return {key: decoded payload} for the keys present (all entries of ``step`` when keys is None).

        With ``decode=False`` the payloads are returned as their JSON text (still checked to be valid JSON, so a bad
        part is dropped here either way): a caller holding many entries keeps the compact text, not the objects.
        """
        wanted = None if keys is None else set(keys)
        if wanted is not None and not wanted:
            return {}
        out: dict[str, object] = {}
        for part in self._parts():
            table = self._read_part(part, wanted, step)
            if table is None or table.num_rows == 0:
                continue
            try:
                pairs = zip(table.column("key").to_pylist(), table.column("payload").to_pylist())
                if decode:
                    decoded = [(k, json.loads(p)) for k, p in pairs]
                else:
                    decoded = list(pairs)
                    for _key, payload in decoded:
                        json.loads(payload)  # checked, not kept
            except ValueError as exc:
                self._drop_bad_part(part, exc)
                continue
            out.update(decoded)
            self.used_parts.add(part)
        return out

    # ------------------------------------------------------------------ writing

    def put(self, key: str, step: str, payload: str) -> None:
        """Queue one entry; write a part when enough are queued or enough time has passed."""
        self.pending.append((key, step, payload))
        if len(self.pending) >= FLUSH_ARTICLES or time.monotonic() - self.last_flush > FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Write the queued entries as a new part (unique temporary name, then an atomic rename)."""
        self.last_flush = time.monotonic()
        if not self.pending:
            return
        rows, self.pending = self.pending, []
        self.write_part(rows)

    def write_part(self, rows: list[tuple[str, str, str]]) -> Path:
        """Write entries (key, step, payload) as one new part file, atomically."""
        keys, steps, payloads = zip(*rows)
        table = pa.table({"key": list(keys), "step": list(steps), "payload": list(payloads)}, schema=SCHEMA)
        return self._write_tables([table])

    def _write_tables(self, tables: Iterable[pa.Table]) -> Path:
        """Write Arrow tables (SCHEMA) one after another into one new part file, atomically; return its path."""
        name = f"part-{time.time_ns():020d}-{uuid.uuid4().hex[:12]}"
        tmp = self.root / f".tmp-{name}"
        try:
            with pq.ParquetWriter(tmp, SCHEMA, compression="zstd") as writer:
                for table in tables:
                    writer.write_table(table)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        final = self.root / f"{name}.parquet"
        os.replace(tmp, final)
        self.written_parts.add(final)
        return final

    def finish(self) -> None:
        """Flush, mark the parts read this run as recently used, merge many small parts, and apply the size limit."""
        self.flush()
        now = time.time()
        for part in self.used_parts:
            try:
                os.utime(part, (now, now))
            except OSError:
                pass
        self.compact()
        if self.max_bytes:
            self.trim(self.max_bytes)

    def compact(self, min_parts: int = COMPACT_PARTS) -> None:
        """Merge every part into one when there are more than ``min_parts`` (duplicate keys kept once, the first read).

        The parts are streamed into the merged file one at a time as Arrow tables: only one part and the set of keys
        seen are in memory, never every payload as Python text.
        """
        parts = self._parts()
        if len(parts) <= min_parts:
            return
        merged: list[Path] = []
        seen: set[str] = set()

        def deduplicated() -> Iterator[pa.Table]:
            for part in parts:
                table = self._read_part(part, None, None)
                if table is None:
                    continue
                merged.append(part)
                keep = [not (k in seen or seen.add(k)) for k in table.column("key").to_pylist()]
                yield table if all(keep) else table.filter(pa.array(keep, type=pa.bool_()))

        new = self._write_tables(deduplicated())
        if not merged:  # nothing could be read: no merge happened
            new.unlink(missing_ok=True)
            self.written_parts.discard(new)
            return
        ours = bool((self.used_parts | self.written_parts) & set(merged))
        for part in merged:
            part.unlink(missing_ok=True)
        self.used_parts -= set(merged)
        self.written_parts -= set(merged)
        if not ours:  # what this run read or wrote now lives in the merged part, else the merge is not ours to name
            self.written_parts.discard(new)

    def trim(self, max_bytes: int) -> None:
        """Remove the least recently used parts and corpus entries until the folder is under ``max_bytes``."""
        parts = sorted([*self._parts(), *self._corpus_files()], key=lambda p: p.stat().st_mtime if p.exists() else 0)
        total = sum(p.stat().st_size for p in parts if p.exists())
        for part in parts:
            if total <= max_bytes:
                break
            size = part.stat().st_size if part.exists() else 0
            part.unlink(missing_ok=True)
            total -= size

    # ------------------------------------------------------------------ whole-corpus entries

    def _corpus_files(self) -> list[Path]:
        if not (self.root / MARKER).exists():
            return []
        return sorted(self.root.glob(CORPUS_GLOB))

    def get_corpus(self, key: str) -> object | None:
        """Return the value stored by ``put_corpus`` under ``key``, or None when absent, unreadable or stale.

        Stale: one of the part files that held the corpus's articles when it was stored is gone. A hit marks
        those parts and the entry as recently used.
        """
        path = self.root / f"corpus-{key}.pkl"
        if not (self.root / MARKER).exists() or not path.exists():
            return None
        try:
            with open(path, "rb") as fh:
                parts, value = pickle.load(fh)
        except FileNotFoundError:
            return None  # trimmed by a concurrent run
        except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError, IndexError, KeyError,
                pickle.UnpicklingError) as exc:
            warnings.warn(f"Cache entry {path} could not be read ({exc!r}); it was removed and the corpus will be "
                          "read again from its articles' entries.", CacheWarning, stacklevel=2)
            path.unlink(missing_ok=True)
            return None
        held = [self.root / name for name in parts]
        if not all(p.exists() for p in held):
            return None
        self.used_parts.update(held)
        self.used_parts.add(path)
        return value

    def put_corpus(self, key: str, value: object) -> Path:
        """Store ``value`` (picklable) as the corpus entry ``key``, naming the parts this run read from or wrote.

        Call it after ``finish`` (the parts are then final: flushed and compacted).
        """
        parts = sorted(p.name for p in self.used_parts | self.written_parts if p.name.startswith("part-") and p.exists())
        final = self.root / f"corpus-{key}.pkl"
        tmp = self.root / f".tmp-corpus-{uuid.uuid4().hex}"
        with open(tmp, "wb") as fh:
            pickle.dump((parts, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, final)
        if self.max_bytes:
            self.trim(self.max_bytes)
        return final

    # ------------------------------------------------------------------ maintenance

    def info(self) -> CacheInfo:
        """Return the number of parts, bytes and entries per step."""
        entries: dict[str, int] = {}
        size = 0
        parts = self._parts()
        for part in parts:
            size += part.stat().st_size
            table = self._read_part(part, None, None)
            if table is None:
                continue
            for step in table.column("step").to_pylist():
                entries[step] = entries.get(step, 0) + 1
        corpora = self._corpus_files()
        if corpora:
            entries["corpus"] = len(corpora)
            size += sum(p.stat().st_size for p in corpora if p.exists())
        return CacheInfo(self.root, len(parts), size, dict(sorted(entries.items())))

    def clear(self) -> int:
        """Remove every part and temporary file of this cache (only those); return how many files were removed."""
        if not (self.root / MARKER).exists():
            if self.root.exists():
                raise CacheError(f"{self.root} is not an Article Profiler cache (no {MARKER} marker): nothing removed.")
            return 0
        removed = 0
        for path in [*self.root.glob(PART_GLOB), *self.root.glob(CORPUS_GLOB), *self.root.glob(".tmp-*")]:
            path.unlink(missing_ok=True)
            removed += 1
        return removed


class Memo(MutableMapping):
    """A dict-like view of one step's entries (e.g. the loader's per-file results), written to the cache on ``flush``."""

    def __init__(self, cache: StepCache, step: str):
        self.cache, self.step = cache, step
        self.data = {k: v for k, v in cache.get_many(None, step).items()}
        self.new: dict[str, str] = {}

    def __getitem__(self, key: str) -> str:
        if key in self.new:
            return self.new[key]
        value = self.data[key]
        return value if isinstance(value, str) else json.dumps(value)

    def __setitem__(self, key: str, value: str) -> None:
        self.new[key] = value

    def __delitem__(self, key: str) -> None:
        self.new.pop(key, None)
        self.data.pop(key, None)

    def __iter__(self) -> Iterator[str]:
        return iter({**self.data, **self.new})

    def __len__(self) -> int:
        return len({**self.data, **self.new})

    def flush(self) -> None:
        """Write the new entries to the cache as one part."""
        rows = [(key, self.step, json.dumps(value)) for key, value in self.new.items() if key not in self.data]
        if rows:
            self.cache.write_part(rows)
        self.new = {}
