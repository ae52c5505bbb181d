"""Write frames as tables: ``NAME.csv`` and ``NAME.parquet`` per frame, list and dict columns as JSON text.

What it does: flattens nested columns to JSON text and writes CSV (pyarrow's writer: fast, UTF-8, a header
row) and Parquet, each to a temporary name then renamed, so a reader never sees half a table. It checks the
output folder is writable before any work starts (``check_writable``). What it does not do: compute frames.
"""
from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .settings import ProfilerError


class OutputError(ProfilerError):
    """The output folder cannot be written; the message says what to do."""


def flatten(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with list, tuple and dict cells as JSON text (tables hold flat values)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object and out[column].map(lambda v: isinstance(v, (list, tuple, dict))).any():
            out[column] = out[column].map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, tuple, dict)) else v)
    return out


def check_writable(out_dir: str | Path) -> Path:
    """Create ``out_dir`` if needed and check a file can be written there; raise OutputError saying what to do."""
    out = Path(out_dir).expanduser()
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-test-{uuid.uuid4().hex}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"Cannot write to the output folder {out} ({exc.strerror or exc}). Choose another with --out "
                          "or make it writable.") from None
    return out


def _atomic(path: Path, write) -> Path:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_frames(frames: dict[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """Write each frame as ``NAME.csv`` and ``NAME.parquet`` (nested columns as JSON text); return the paths."""
    out = check_writable(out_dir)
    written = []
    for name, frame in frames.items():
        flat = flatten(frame)
        table = pa.Table.from_pandas(flat, preserve_index=False)
        written.append(_atomic(out / f"{name}.csv", lambda p, t=table: pacsv.write_csv(t, p)))
        written.append(_atomic(out / f"{name}.parquet", lambda p, t=table: pq.write_table(t, p)))
    return written
