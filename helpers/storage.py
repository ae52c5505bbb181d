"""Files by URL: a local path or any fsspec URL (``file://``, ``s3://``, ``gcs://``, ...), listed, read and written.

What it does: ``open_fs`` turns a path or URL into an fsspec file system and a path on it (local paths stay local
paths, absolute); ``list_files`` lists a folder recursively as ``Listed`` entries (path relative to the folder,
size, and a version: mtime or ETag) without reading a byte, hidden names skipped, in the loader's order;
``write_atomic`` writes one file so a reader never sees half of it (local: a temporary name in the same folder
then a rename; object stores: one PUT, which is atomic per object); ``fetch_local`` gives a local path for a
remote file (copied to a temporary file) so the loader's readers can stream it. The remote file systems come
from optional extras (``pip install 'article-profiler[s3]'`` for S3); a missing one is reported as what to install.

What it does not do: decide what is written (``helpers.dataflow``) or decode text (``helpers.load``).
"""
from __future__ import annotations

import os
import posixpath
import tempfile
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .settings import ProfilerError

EXTRAS = {"s3": "s3", "s3a": "s3", "gs": "gcs", "gcs": "gcs", "az": "azure", "abfs": "azure"}


class StorageError(ProfilerError):
    """A URL cannot be used: a missing extra, a missing bucket or folder; the message says what to do."""


@dataclass(frozen=True)
class Listed:
    """One file under a listed folder: its path relative to the folder ("/"-separated), full path, size and version."""

    rel: str
    path: str
    size: int
    version: str


def is_url(value: object) -> bool:
    """True for a string holding a URL with a protocol other than a local file (``s3://``, ``memory://``, ...)."""
    return isinstance(value, str) and "://" in value and not value.startswith("file://")


def open_fs(url: str | Path, storage_options: Mapping | None = None):
    """Return (file system, path on it) for a local path or fsspec URL; local paths are made absolute."""
    import fsspec

    text = str(url)
    if text.startswith("file://"):
        text = text[len("file://"):]
    if not is_url(text):
        return fsspec.filesystem("file"), str(Path(text).expanduser().resolve())
    try:
        return fsspec.core.url_to_fs(text, **dict(storage_options or {}))
    except ImportError as exc:
        protocol = text.split("://", 1)[0]
        extra = EXTRAS.get(protocol, protocol)
        raise StorageError(f"Reading {protocol}:// URLs needs an optional package ({exc.name or exc}). Install it with "
                           f"pip install 'article-profiler[{extra}]'.") from None


def full_url(fs, path: str) -> str:
    """Return the URL of a path on a file system (the path itself when local)."""
    return path if _is_local(fs) else fs.unstrip_protocol(path)


def _is_local(fs) -> bool:
    return "file" in (fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,))


def list_files(fs, root: str) -> list[Listed]:
    """List the files under ``root`` recursively (hidden files and folders skipped), sorted as the loader sorts them."""
    if not fs.exists(root):
        raise FileNotFoundError(f"No such file or folder: {full_url(fs, root)}. Pass a folder of articles or one file.")
    if fs.isfile(root):
        info = fs.info(root)
        return [Listed(posixpath.basename(root.rstrip("/")), root, int(info.get("size") or 0), _version(info))]
    out = []
    base = root.rstrip("/") + "/"
    for path, info in fs.find(root, detail=True).items():
        if info.get("type") == "directory":
            continue
        rel = path[len(base):] if path.startswith(base) else posixpath.basename(path)
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        out.append(Listed(rel, path, int(info.get("size") or 0), _version(info)))
    return sorted(out, key=lambda item: item.rel.split("/"))


def _version(info: Mapping) -> str:
    for key in ("ETag", "etag", "mtime", "LastModified", "last_modified", "created"):
        if info.get(key) is not None:
            return str(info[key]).strip('"')
    return ""


def read_bytes(fs, path: str) -> bytes:
    """Return a file's bytes."""
    return fs.cat_file(path)


def write_atomic(fs, path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` so no reader sees a partial file (temporary name and rename; one PUT on stores)."""
    if _is_local(fs):
        folder = os.path.dirname(path)
        os.makedirs(folder, exist_ok=True)
        tmp = os.path.join(folder, f".tmp-{uuid.uuid4().hex}-{os.path.basename(path)}")
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return
    fs.pipe_file(path, data)


def fetch_local(fs, path: str, folder: str) -> Path:
    """Return a local path holding the file: the path itself when local, else a copy in ``folder``."""
    if _is_local(fs):
        return Path(path)
    target = Path(folder) / f"{uuid.uuid4().hex}-{posixpath.basename(path)}"
    fs.get_file(path, str(target))
    return target


def temp_folder() -> str:
    """Return a new local temporary folder for copies of remote files."""
    return tempfile.mkdtemp(prefix="article-profiler-")
