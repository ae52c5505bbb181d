"""Load a folder of scraped news articles into a pandas frame, one row per input, with clean story text.

What it does: finds the input files (txt/md, html, json/jsonl, csv/tsv), reading each folder once even
through folder links and never opening what is not a regular file (FIFOs, devices, sockets, broken links);
gives each input an id unique by construction (its path in the corpus folder); decodes the bytes (UTF-8,
UTF-8 with a few invalid bytes replaced, UTF-16 with or without BOM, a legacy code page only when the guess
is confident); streams table exports row by row (one row per record, bad records included); normalises the
text without moving offsets; flags bad inputs with a status and an actionable error; separates title, photo
caption, photo credit and outlet boilerplate (calls to action, button labels, reader appeals, blocks repeated
across the corpus) from the story body; and records every piece as a span of ``raw_text`` so later results can
point back at the source. Text with HTML entities or mojibake (``Pap&#233;``, ``Â£``) is repaired with ftfy,
with a note. Each article's metadata (publication date, author, URL, outlet, section and any other field) is
read from a table's columns, an HTML page's own metadata, front matter at the top of a text file and a sidecar
table (``metadata.csv``/``metadata.tsv`` in the corpus folder, or ``metadata=PATH``); metadata values are
plain text, never HTML. Given a ``memo``, each file's decoding, repair, HTML extraction, front matter and each
body's language are kept under the hash of their bytes, so a warm re-run skips them (the sidecar is read
every run).

What it does not do: parse sentences or find names (see ``helpers.nlp``), or fetch anything.
"""
from __future__ import annotations

import codecs
import csv
import errno
import functools
import hashlib
import io
import itertools
import json
import os
import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath

import pandas as pd

from .boilerplate import Block, classify_blocks, guess_outlet, repeated_keys, split_blocks, split_headline
from .language import MIN_WORDS, detect_language, fits_one_alphabet, too_short_to_tell

DEFAULT_MAX_BYTES = 10_000_000  # one article over this is `too-large`
DEFAULT_MAX_TABLE_BYTES = 2_000_000_000  # one table export over this is `too-large` (rows are limited by max_bytes)
LOAD_MEMO_VERSION = "load-3"  # part of every memo key: change it when decoding, repair, extraction, front matter or language rules change
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABLE_SUFFIXES = {".csv", ".tsv", ".json", ".jsonl", ".ndjson"}
LINE_FORMATS = {"jsonl", "ndjson"}  # tables whose rows are lines: their paths read `file.jsonl#line=N`
TEXT_COLUMNS = ("text", "body", "content", "article", "story", "full_text", "maintext")
TITLE_COLUMNS = ("title", "headline", "heading")
ID_COLUMNS = ("article_id", "id", "uid", "slug")
REPEATED_BLOCK_MIN_ARTICLES = 3
REPEATED_BLOCK_MIN_SHARE = 0.05
READ_CHUNK = 1 << 20  # tables are read in chunks of this many bytes
SAMPLE_BYTES = 200_000  # bytes shown to the legacy code-page guess
FEW_BAD_BYTES = 20  # UTF-8 with fewer invalid bytes than this (or under 1 per BAD_BYTES_PER) has them replaced
BAD_BYTES_PER = 1000
MAX_CHAOS = 0.1  # charset_normalizer's mess ratio above which a code-page guess is not trusted
MIN_COHERENCE = 0.2  # charset_normalizer's language coherence below which an unusual code page is not trusted
CP1252_SLACK = 0.02  # cp1252 wins a Latin text unless it is this much messier than the best guess
MAX_ACCENTED_SHARE = 0.15  # cp1252 text whose letters mix alphabets is still taken when this few letters are accented
CSV_FIELD_CAP = 2**31 - 1  # csv.field_size_limit takes a C long (32 bits on Windows)
COMMON_ENCODINGS = ("cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r", "cp1253",
                    "iso8859_7", "cp1254", "iso8859_9", "cp1257", "mac_roman")
MEMO_FIELDS = ("text", "encoding", "status", "error", "fmt", "title", "outlet_hint", "fields", "meta", "origin", "front",
               "title_span")

# Metadata: each article field and the column, key or front-matter names it is read from (first one present wins;
# the others go to `meta`). Everything else found goes to `meta` under its lower-cased name.
FIELD_NAMES = {
    "published": ("published", "date", "publication_date", "pubdate", "pub_date", "publish_date", "published_at",
                  "date_published", "datetime"),
    "author": ("author", "byline", "authors"),
    "url": ("url", "link", "canonical_url"),
    "outlet": ("outlet", "publisher", "source", "site", "sitename", "site_name"),
    "section": ("section", "category", "desk"),
}
FIELD_LABELS = {"published": "publication date", "author": "author", "url": "URL", "outlet": "outlet", "section": "section"}
FRONT_MATTER_KEYS = ("title", "date", "published", "author", "byline", "url", "source", "outlet", "section", "category", "tags")
FRONT_MATTER_SUFFIXES = {".md", ".markdown", ".txt", ".text"}
MAX_FRONT_MATTER = 20_000  # characters: a longer block at the top of a file is not read as front matter
MAX_VALUE_CHARS = 500  # a metadata value is cut to this many characters (URLs to MAX_URL_CHARS)
MAX_URL_CHARS = 2000
MAX_KEY_CHARS = 80
MAX_META_KEYS = 100  # fields per article kept in `meta`
MISSING = {"", "none", "null", "nan", "nat", "n/a", "na", "-", "--"}  # metadata values that mean "unknown"
SIDECAR_NAMES = ("metadata.csv", "metadata.tsv")
SIDECAR_KEYS = ("filename", "file", "path", "id", "article_id", "stem")
VALUE_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
YEAR = re.compile(r"(?<!\d)(?:1[6-9]|2[0-2])\d\d(?!\d)")
BYLINE_BY = re.compile(r"^by\s+(?=\S)", re.I)
CLOCK = re.compile(r"\d:\d\d")

ARTICLE_COLUMNS = [
    "article_id", "path", "format", "encoding", "status", "error", "outlet", "published", "author", "url", "section",
    "meta", "title", "caption",
    "credit", "body", "boilerplate", "raw_text", "n_paragraphs", "n_words", "language",
    "content_hash", "spans",
]
PARAGRAPH_COLUMNS = ["article_id", "paragraph", "kind", "text", "start", "end"]

MAGIC = [
    (b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
    (b"\x1f\x8b", "a gzip archive"), (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"\x7fELF", "a program"),
]
UTF8_BOM = b"\xef\xbb\xbf"
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
SPACES = {ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000"}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SURROGATES = re.compile("[\ud800-\udfff]")  # invalid bytes kept by surrogateescape, or lone surrogates from JSON escapes
HTML_SNIFF = re.compile(r"<!doctype html|<html[\s>]|<body[\s>]|<head[\s>]|<(?:div|p|article|span|meta)[\s>]", re.I)
NOT_A_FILE = {"fifo": "a named pipe (FIFO)", "socket": "a socket", "device": "a device", "other": "a special file"}

EMPTY_FILE = "The file is empty (or only whitespace): nothing to profile. Remove it or re-export the article."
BLANK_TEXT = ("The file holds no visible text (only whitespace, control, zero-width or no-break space characters): "
              "nothing to profile. Remove it or re-export the article.")
EMPTY_CELL = "The text cell of this row is empty: nothing to profile. Fill it in or remove the row."
UNKNOWN_ENCODING = "Re-save the file as UTF-8 (e.g. `iconv -f <encoding> -t utf-8`) and load it again."


@dataclass
class Found:
    """One path found in the source: a regular file to read, or a path that gets a row without being read."""

    path: Path
    rel: str  # path relative to the corpus folder, "/"-separated (the file name for a single file)
    status: str = ""  # "" for a regular file; not-a-file or unreadable otherwise
    error: str = ""
    kind: str = ""  # the row's format when it is not a file: folder, symlink, fifo, socket, device
    size: int = 0


@dataclass
class Input:
    """One article-sized input: a file, or one row of a table export."""

    path: str
    file_key: int  # index of the Found it comes from
    row_num: int | None = None  # for a table row: its row (0-based) or, for JSONL, line (1-based) number
    row_id: str = ""  # for a table row: the value of its id column
    article_id: str = ""
    text: str | None = None
    title: str = ""
    fmt: str = "txt"
    status: str = "ok"
    error: str = ""
    encoding: str = ""
    outlet_hint: str = ""  # the site name an HTML page declares
    fields: dict = field(default_factory=dict)  # published/author/url/outlet/section found in the input itself (text)
    meta: dict = field(default_factory=dict)  # the other metadata found in the input itself
    origin: str = ""  # where `fields` and `meta` come from: "the table's columns", "the front matter", "the page's metadata"
    front: list = field(default_factory=list)  # [start, end] of the front matter at the top of the text, or []
    title_span: list = field(default_factory=list)  # [start, end] of a title inside the front matter, or []
    headline: list = field(default_factory=list)  # [title end, body start] of a headline run into the text, or []


@dataclass
class Decoding:
    """How to decode a file: codec and error handler, or the status and sentence when it cannot be decoded."""

    encoding: str = ""
    errors: str = "strict"
    status: str = "ok"
    note: str = ""  # a note for an ok decoding (a guess, replaced bytes), else the error sentence


@dataclass
class Record:
    """One record parsed from a table: its text, title and id, or a problem; num < 0 stands for the whole file."""

    num: int
    text: str | None = None
    title: str = ""
    row_id: str = ""
    status: str = "ok"
    error: str = ""
    by_line: bool = False  # numbered by line (JSONL) rather than by row
    fields: dict = field(default_factory=dict)  # the record's other columns or keys (name -> value)


class NotRegularFile(OSError):
    """Raised when a path that was a regular file when found is something else when opened."""


def _join(*parts: str) -> str:
    """Join the non-empty sentences of an error column."""
    return " ".join(p for p in parts if p)


def normalize_text(text: str) -> str:
    """Normalise decoded text: LF line ends, NFC, plain spaces for no-break spaces, no zero-width or control characters.

    Curly quotes and dashes are kept: claims need them. Lone surrogates become U+FFFD. Offsets are defined on the result.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = SURROGATES.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    text = text.translate(ZERO_WIDTH).translate(SPACES)
    return CONTROL.sub("", text)


# --- finding the inputs ------------------------------------------------------------------------------------------

def _discover(source: str | Path | Sequence[str | Path]) -> list[Found]:
    """Find the inputs of a folder, one file or a list of them; raise FileNotFoundError for a missing one."""
    if isinstance(source, (str, Path)):
        src = Path(source).expanduser()
        if not os.path.lexists(src):
            raise FileNotFoundError(
                f"No such file or folder: {src}. Pass a folder of articles, one article file, or a list of files."
            )
        return _walk(src, src.name) if src.is_dir() else [_found(src, src.name)]
    paths = [Path(p).expanduser() for p in source]
    missing = [str(p) for p in paths if not os.path.lexists(p)]
    if missing:
        raise FileNotFoundError(f"No such file(s): {', '.join(missing[:5])}. Check the paths you passed to load_articles.")
    rels = _relative_names(paths)
    found: list[Found] = []
    for path, rel in zip(paths, rels):
        found.extend(_walk(path, rel, prefix=True) if path.is_dir() else [_found(path, rel)])
    return found


def _relative_names(paths: list[Path]) -> list[str]:
    """Name each listed path by its path relative to the folder they all share (their file names when in one folder)."""
    try:
        root = os.path.commonpath([os.path.dirname(os.path.abspath(p)) for p in paths]) if paths else ""
    except ValueError:  # paths on different drives share no folder
        return [p.name for p in paths]
    return [Path(os.path.relpath(os.path.abspath(p), root)).as_posix() for p in paths]


def _stat(path: Path, rel: str) -> os.stat_result | Found:
    """Stat a path, following links; a Found row instead when that fails (broken link, link loop, permission)."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return Found(path, rel, "not-a-file", f"This is a broken link: it points at {os.readlink(path)}, which does "
                                                  "not exist. Fix or remove the link.", "symlink")
        return Found(path, rel, "unreadable", "The file disappeared while the folder was being read. Load the folder again.")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Found(path, rel, "not-a-file", "This link leads back to itself (a symlink loop), so there is no file "
                                                  "to read. Fix or remove the link.", "symlink")
        return Found(path, rel, "unreadable", f"Could not look at the file ({exc.strerror}). Check its permissions.")


def _found(path: Path, rel: str) -> Found:
    """Classify one path by ``os.stat`` without opening it: a regular file to read, or a row saying why not."""
    st = _stat(path, rel)
    if isinstance(st, Found):
        return st
    if stat.S_ISREG(st.st_mode):
        return Found(path, rel, size=st.st_size)
    kind = ("fifo" if stat.S_ISFIFO(st.st_mode) else "socket" if stat.S_ISSOCK(st.st_mode)
            else "device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "other")
    return Found(path, rel, "not-a-file", f"This is {NOT_A_FILE[kind]}, not a file, so it was not opened. Remove it "
                                          "from the folder, or save the article to a regular file.", kind)


def _walk(root: Path, rel_root: str, prefix: bool = False) -> list[Found]:
    """List a folder recursively (hidden entries skipped), sorted; each folder is read once, even through links."""
    # Real folders are listed before folder links are followed, so a link to a folder already read (or to one of
    # its own parents: a loop) gets a row instead of a second reading, whatever the names sort like.
    base = rel_root if prefix else ""
    st = _stat(root, rel_root)
    if isinstance(st, Found):
        st.kind = st.kind or "folder"
        return [st]
    seen = {(st.st_dev, st.st_ino)}
    found: list[Found] = []
    folders: list[tuple[Path, str]] = [(root, base)]
    links: list[tuple[Path, str, tuple[int, int]]] = []
    while folders or links:
        if not folders:
            link, rel, key = links.pop(0)
            if key in seen:
                found.append(Found(link, rel, "not-a-file", "This folder link leads to a folder that is already read (a "
                                   "loop, or a second way into the same folder), so it was not followed again. Nothing "
                                   "is missing; remove the link if it is not needed.", "folder"))
            else:
                seen.add(key)
                folders.append((link, rel))
            continue
        folder, rel = folders.pop()
        found.extend(_list_folder(folder, rel or rel_root, rel, seen, folders, links))
    return sorted(found, key=lambda f: f.rel.split("/"))


def _list_folder(folder: Path, name: str, rel: str, seen: set, folders: list, links: list) -> list[Found]:
    """Rows for one folder's files; its subfolders go to ``folders``, its folder links to ``links``."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        return [Found(folder, name, "unreadable", f"Could not list the folder ({exc.strerror}): its files were not loaded. "
                                                  "Check its permissions (e.g. `chmod a+rx`).", "folder")]
    found = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path, erel = Path(entry.path), f"{rel}/{entry.name}" if rel else entry.name
        st = _stat(path, erel)
        if isinstance(st, Found):
            found.append(st)
        elif not stat.S_ISDIR(st.st_mode):
            found.append(_found(path, erel))
        elif entry.is_symlink():
            links.append((path, erel, (st.st_dev, st.st_ino)))
        elif (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            folders.append((path, erel))
    return found


# --- ids --------------------------------------------------------------------------------------------------------

def _safe(text: str, slash: bool = True) -> str:
    """Make an id part safe: keep letters, digits, `_`, `.`, `-` (and `/` between folders), the rest becomes `_`."""
    return re.sub(r"[^\w./-]+" if slash else r"[^\w.-]+", "_", text).strip("_") or "article"


def _unique_ids(items: list[tuple[tuple, str, str]]) -> list[str]:
    """Ids for (sort key, base, fallback) items: the base when no other item claims it, else the fallback, numbered."""
    # A fallback is checked against every base (not only earlier ones) and every id given so far, so no generated id
    # can equal another input's id; collisions are settled in sort-key order, so input order does not matter.
    counts = Counter(base for _, base, _ in items)
    taken = set(counts)
    ids = [base if counts[base] == 1 else "" for _, base, _ in items]
    for i in sorted((i for i, aid in enumerate(ids) if not aid), key=lambda i: items[i][0]):
        fallback = candidate = items[i][2]
        n = 1
        while candidate in taken:
            n += 1
            candidate = f"{fallback}-{n}"
        taken.add(candidate)
        ids[i] = candidate
    return ids


def _assign_ids(found: list[Found], inputs: list[Input]) -> None:
    """Give every input an id unique by construction: its corpus path without suffix; table rows `<file id>-<row>`."""
    file_ids = _unique_ids([
        ((f.rel,), _safe(f.rel if f.kind == "folder" else str(PurePosixPath(f.rel).with_suffix(""))), _safe(f.rel))
        for f in found
    ])
    widths: dict[int, int] = {}  # row numbers are zero-padded to the width of the file's row count
    for inp in inputs:
        if inp.row_num is not None:
            widths[inp.file_key] = max(widths.get(inp.file_key, 1), len(str(inp.row_num + 1)))
    items = []
    for inp in inputs:
        fid, rel = file_ids[inp.file_key], found[inp.file_key].rel
        if inp.row_num is None:
            items.append(((rel, -1), fid, fid))
            continue
        num = f"{fid}-{inp.row_num:0{widths[inp.file_key]}d}"
        items.append(((rel, inp.row_num), f"{fid}-{_safe(inp.row_id, slash=False)}" if inp.row_id else num, num))
    for inp, aid in zip(inputs, _unique_ids(items)):
        inp.article_id = aid


# --- reading and decoding -----------------------------------------------------------------------------------------

def _open_file(path: Path) -> io.BufferedReader:
    """Open a regular file for reading without blocking; a FIFO or device put in its place is refused, not read."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(errno.EINVAL, "not a regular file", str(path))
    except OSError:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _read_file(path: Path, limit: int) -> bytes:
    """Read at most ``limit + 1`` bytes of a regular file (one more than the limit tells a file that grew)."""
    with _open_file(path) as fh:
        return fh.read(limit + 1)


def _utf16_guess(data: bytes) -> str | None:
    """Tell UTF-16 without a byte-order mark by where its NUL bytes fall; None when it does not look like UTF-16."""
    sample = data[:4000]
    even = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _sniff(head: bytes) -> Decoding | None:
    """Decide from the first bytes alone (magic numbers, UTF-16 marks, NUL bytes); None when the text may be UTF-8."""
    for magic, what in MAGIC:
        if head.startswith(magic):
            return Decoding(status="binary", note=f"The file is {what}, not text. Export the article as plain text, HTML or CSV and load that.")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoding("utf-16", "replace")
    if b"\x00" in head[:8000]:
        guess = _utf16_guess(head)
        if guess is None:
            return Decoding(status="binary", note="The file contains binary data (NUL bytes), not text. Export the article as plain text, HTML or CSV.")
        return Decoding(guess, "replace")
    return None


def _non_ascii(text: str) -> int:
    """Count the characters of a text that are not ASCII."""
    return len(text) - len(text.encode("ascii", "ignore"))


def _non_ascii_lines(data: bytes, limit: int = SAMPLE_BYTES) -> bytes:
    """The lines of ``data`` holding non-ASCII bytes, up to ``limit`` bytes: what a code-page guess needs to see."""
    return b"\n".join(line for line in data.splitlines() if not line.isascii())[:limit]


def _judge_utf8(codec: str, bad: int, good: int, size: int, sample: bytes) -> Decoding:
    """Decide a file that is not clean UTF-8: a few invalid bytes replaced, mixed encodings refused, or a code page."""
    # bad counts the invalid bytes, good the valid non-ASCII characters: a UTF-8 article with a stray byte has at least
    # as many good as bad; a legacy code page has (almost) no good ones.
    few = bad < FEW_BAD_BYTES or bad * BAD_BYTES_PER < size
    if few and good >= bad:
        what = f"{bad} invalid byte was" if bad == 1 else f"{bad} invalid bytes were"
        return Decoding(codec, "surrogateescape", note=f"{what} replaced with \ufffd: the file is UTF-8 apart from "
                        f"{'it' if bad == 1 else 'them'}. Re-export the article as UTF-8 if the missing characters matter.")
    if good >= bad:
        return Decoding(status="decode-error", note=f"The file mixes UTF-8 ({good} characters) with another encoding ({bad} "
                        "bytes that are not UTF-8). Convert the whole article to UTF-8 (e.g. re-export it) and load it again.")
    return _guess_code_page(sample)


def _decode_sample(sample: bytes, encoding: str) -> str | None:
    """Decode a sample with a code page (a character cut at the sample's end is dropped); None when it does not decode."""
    try:
        return sample.decode(encoding)
    except UnicodeDecodeError as exc:
        return sample[:exc.start].decode(encoding, "ignore") if exc.start >= len(sample) - 4 else None
    except LookupError:
        return None


def _common_name(match) -> str:
    """The most common name among the code pages that decode a charset_normalizer match to the same text."""
    names = [match.encoding, *match.could_be_from_charset]
    return next((name for name in COMMON_ENCODINGS if name in names), match.encoding)


def _accented_share(text: str) -> float:
    """The share of a text's letters that are accented Latin letters (most of them in another script read as cp1252)."""
    letters = sum(ch.isalpha() for ch in text)
    return sum(ch.isalpha() and "\u00c0" <= ch <= "\u024f" for ch in text) / max(1, letters)


def _guessed(encoding: str) -> Decoding:
    """A decoding by a guessed code page, with the note that says so."""
    return Decoding(encoding, "replace", note=f"Decoded as {encoding}, a guess: the file is not UTF-8. Check its letters "
                    "and quotes, and re-save the file as UTF-8 to be sure.")


def _guess_code_page(sample: bytes) -> Decoding:
    """Guess a legacy code page (cp1252 for Latin text unless another page alone explains its letters), or refuse."""
    # cp1252 (a superset of Latin-1 for text) wins unless it is messier than charset_normalizer's best guess, or its
    # accented letters mix alphabets while a confident guess's letters fit one language (Czech "řekl" read as cp1252
    # is "øekl"); other code pages are taken only when charset_normalizer is confident (low chaos, some coherence).
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    matches = [m for m in from_bytes(sample) if m.encoding and m.encoding not in {"utf_8", "ascii"} and m.chaos <= MAX_CHAOS]
    latin = _decode_sample(sample, "cp1252")
    latin_ok = latin is not None and mess_ratio(latin) <= min(MAX_CHAOS, min((m.chaos for m in matches), default=0.0) + CP1252_SLACK)
    if latin_ok and fits_one_alphabet(latin):
        return _guessed("cp1252")
    for match in matches:
        text = _decode_sample(sample, match.encoding)
        if match.coherence >= MIN_COHERENCE and text is not None and fits_one_alphabet(text):
            return _guessed(_common_name(match))
    if latin_ok and _accented_share(latin) < MAX_ACCENTED_SHARE:  # English with names from several alphabets
        return _guessed("cp1252")
    guess = f" (the best guess, {_common_name(matches[0])}, is too weak to trust)" if matches else ""
    return Decoding(status="decode-error", note=f"The text encoding could not be recognised{guess}. {UNKNOWN_ENCODING}")


def _decode_with(data: bytes, dec: Decoding) -> tuple[str | None, str, str, str]:
    """Decode whole file bytes as decided; bytes the code page cannot decode are replaced (a few) or refused (many)."""
    label = "utf-8" if dec.encoding == "utf-8-sig" else dec.encoding
    try:
        text, note = data.decode(dec.encoding), dec.note
    except UnicodeDecodeError:
        text = data.decode(dec.encoding, "replace")
        bad = text.count("\ufffd")
        if bad >= FEW_BAD_BYTES and bad * BAD_BYTES_PER >= len(data):
            return None, label, "decode-error", f"The file looks like {label} but does not decode cleanly. {UNKNOWN_ENCODING}"
        note = _join(dec.note, f"{bad} byte sequence(s) that are not valid {label} were replaced with \ufffd.")
    if not label.startswith("utf") and len(CONTROL.findall(text[:20000])) > 0.05 * min(len(text), 20000):
        return None, "", "binary", "The file is mostly control characters, not text. Export the article as plain text."
    return text, label, "ok", note


def decode_bytes(data: bytes) -> tuple[str | None, str, str, str]:
    """Decode file bytes; return (text, encoding, status, error); with status ok the error may hold a note."""
    if not data.strip():
        return None, "", "empty", EMPTY_FILE
    dec = _sniff(data[:8000])
    if dec is None:
        codec = "utf-8-sig" if data.startswith(UTF8_BOM) else "utf-8"
        try:
            return data.decode(codec), "utf-8", "ok", ""
        except UnicodeDecodeError:
            text = data.decode(codec, "surrogateescape")
        bad = len(SURROGATES.findall(text))
        dec = _judge_utf8(codec, bad, _non_ascii(text) - bad, len(data),
                          data if len(data) <= SAMPLE_BYTES else _non_ascii_lines(data))
        if dec.errors == "surrogateescape":
            return SURROGATES.sub("\ufffd", text), "utf-8", "ok", dec.note
    if dec.status != "ok":
        return None, dec.encoding, dec.status, dec.note
    return _decode_with(data, dec)


def _table_decoding(path: Path, size: int) -> Decoding:
    """Choose how to decode a table export, reading it in chunks (it may be far larger than one article)."""
    with _open_file(path) as fh:
        head = fh.read(READ_CHUNK)
        if size <= len(head) and not head.strip():
            return Decoding(status="empty", note=EMPTY_FILE)
        dec = _sniff(head)
        if dec is not None:
            return dec
        decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        bad = good = total = 0
        small = size <= SAMPLE_BYTES
        sample = bytearray(head if small else b"")
        chunk = head
        while True:
            text = decoder.decode(chunk, final=not chunk)
            total += len(chunk)
            if not text.isascii():
                n_bad = len(SURROGATES.findall(text))
                bad, good = bad + n_bad, good + _non_ascii(text) - n_bad
                if not small and len(sample) < SAMPLE_BYTES:
                    sample += _non_ascii_lines(chunk)
            if not chunk:
                break
            chunk = fh.read(READ_CHUNK)
    codec = "utf-8-sig" if head.startswith(UTF8_BOM) else "utf-8"
    return Decoding(codec) if bad == 0 else _judge_utf8(codec, bad, good, total, bytes(sample[:SAMPLE_BYTES]))


def _open_text(path: Path, dec: Decoding) -> io.TextIOWrapper:
    """Open a table export as text with its decoding (line ends kept, as the csv module wants)."""
    return io.TextIOWrapper(_open_file(path), encoding=dec.encoding, errors=dec.errors, newline="")


@dataclass
class HtmlPage:
    """What trafilatura finds in an HTML page: title, story text, site name, and the page's own metadata."""

    title: str
    text: str
    site: str
    fields: dict
    meta: dict


HTML_META = ("date", "author", "url", "hostname", "description", "categories", "tags", "license", "image", "pagetype")


def extract_html(html: str) -> HtmlPage:
    """Extract the story and the page's own metadata (date, author, canonical URL, categories, tags) with trafilatura."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    meta = trafilatura.extract_metadata(html, extensive=False)  # only what the page declares: no date guessed from its text
    title = (meta.title or "") if meta else ""
    site = clean_value(meta.sitename or "") if meta else ""
    fields, extra = split_fields({name: getattr(meta, name, None) for name in HTML_META} if meta else {})
    # trafilatura separates paragraphs by single newlines; the profiler's convention is a blank line
    text = re.sub(r"\n+", "\n\n", text.strip())
    return HtmlPage(title.strip(), text, site, fields, extra)


def html_to_text(html: str) -> tuple[str, str, str]:
    """Extract (title, story text, site name) from an HTML page with trafilatura."""
    page = extract_html(html)
    return page.title, page.text, page.site


# --- table exports ------------------------------------------------------------------------------------------------

def _pick(names: dict[str, object], wanted: Sequence[str]) -> object | None:
    """The first of ``wanted`` among lower-cased column names (mapped to their column), or None."""
    return next((names[w] for w in wanted if w in names), None)


def _unquote(cell: str) -> str:
    """Undo an exporter's quoting of one TSV cell (`"a ""b"" c"` -> `a "b" c`); quotes that are text stay."""
    if len(cell) >= 2 and cell[0] == cell[-1] == '"' and '"' not in cell[1:-1].replace('""', ""):
        return cell[1:-1].replace('""', '"')
    return cell


def _csv_lines(path: Path, dec: Decoding, tab: bool) -> Iterator[tuple[int, list[str] | str]]:
    """Yield (line, fields) per CSV/TSV record, or (line, error) for one that cannot be parsed."""
    # A bad record that ran over several lines (a quote never closed swallows the rows after it) is reported, and the
    # lines after its first one are read again as rows. TSV is read without quoting: a stray quote there is text.
    dialect = {"delimiter": "\t", "quoting": csv.QUOTE_NONE} if tab else {"delimiter": ",", "strict": True}
    skip: int | None = 0
    while skip is not None:
        start, skip = skip, None
        with _open_text(path, dec) as fh:
            reader = csv.reader(itertools.islice(fh, start, None), **dialect)
            while True:
                line = start + reader.line_num + 1
                try:
                    fields = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    yield line, str(exc)
                    if start + reader.line_num > line:
                        skip = line
                        break
                    continue
                yield line, fields


def _csv_records(path: Path, dec: Decoding, fmt: str) -> Iterator[Record]:
    """One Record per CSV/TSV row; a row that cannot be read, or has no text cell, gets a problem Record."""
    with _open_text(path, dec) as fh:
        sample = fh.read(5000)
    tab = fmt == "tsv" or sample.count("\t") > sample.count(",")
    lines = _csv_lines(path, dec, tab)
    _, header = next(lines, (0, []))
    if isinstance(header, str):
        yield Record(-1, status="decode-error", error=f"Could not read the header line of {path.name}: {header}. Check the file is valid CSV.")
        return
    cols = {str(c).lower().strip(): i for i, c in reversed(list(enumerate(header)))}
    text_i, title_i, id_i = (_pick(cols, names) for names in (TEXT_COLUMNS, TITLE_COLUMNS, ID_COLUMNS))
    if text_i is None:
        yield Record(-1, status="no-body" if header else "empty", error=(
            f"{path.name} has no text column (looked for {', '.join(TEXT_COLUMNS)}). Rename the column holding the article text."
            if header else f"{path.name} has no rows. Nothing to profile."))
        return
    num = 0
    for line, fields in lines:
        if fields == []:
            continue
        yield _csv_record(num, line, fields, header, (text_i, title_i, id_i), tab)
        num += 1
    if num == 0:
        yield Record(-1, status="empty", error=f"{path.name} has a header but no rows. Nothing to profile.")


def _field(fields: list[str], i: int | None) -> str:
    """The stripped cell ``i`` of a row, or "" when there is no such column or cell."""
    return fields[i].strip() if i is not None and i < len(fields) else ""


def _csv_record(num: int, line: int, fields: list[str] | str, header: list[str], cols: tuple, tab: bool) -> Record:
    """The Record of one parsed CSV/TSV row (fields), or of one that could not be parsed (an error message)."""
    text_i, title_i, id_i = cols
    if isinstance(fields, str):
        return Record(num, status="decode-error", error=f"Row {num} (line {line}) could not be read: {fields}. Fix the "
                      "quoting on that line; the other rows were read.")
    if len(fields) <= text_i:
        return Record(num, status="decode-error", error=f"Row {num} (line {line}) has {len(fields)} of the {len(header)} "
                      f"columns, so no text: a line break{' or tab' if tab else ''} inside a cell? Fix that line; the other rows were read.")
    if tab:
        fields = [_unquote(cell) for cell in fields]
    rec = Record(num, fields[text_i], _field(fields, title_i), _field(fields, id_i))
    rec.fields = {str(name): cell for i, (name, cell) in enumerate(zip(header, fields)) if i not in cols}
    if len(fields) > len(header):
        rec.error = (f"Row {num} (line {line}) has {len(fields)} cells for {len(header)} columns: a "
                     f"{'tab' if tab else 'comma'} inside a cell may have cut the text. Check that line.")
    return rec


def _describe(value: object) -> str:
    """Say what kind of JSON value this is, for an error sentence."""
    if isinstance(value, bool) or value is None:
        return f"`{json.dumps(value)}`"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    return "a string" if isinstance(value, str) else "a list" if isinstance(value, list) else "an object"


def _cell_text(value: object) -> str | None:
    """The text of a JSON field: strings as they are, lists of strings as paragraphs, numbers as text; None otherwise."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n\n".join(value)
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _object_record(num: int, obj: object, where: str, by_line: bool = False) -> Record:
    """The Record of one JSON item (an object with a text field), or a problem Record saying what is wrong with it."""
    if not isinstance(obj, dict):
        return Record(num, status="decode-error", by_line=by_line, error=f"{where} is {_describe(obj)}, not an object "
                      "with a text field, so it was skipped (the others were read). Export one object per article.")
    names = {k.lower().strip(): k for k in reversed(list(obj)) if isinstance(k, str)}
    key = _pick(names, TEXT_COLUMNS)
    if key is None:
        return Record(num, status="no-body", by_line=by_line, error=f"{where} has no text field (looked for "
                      f"{', '.join(TEXT_COLUMNS)}). Rename the field holding the article text.")
    text = _cell_text(obj[key])
    if text is None:
        return Record(num, status="decode-error", by_line=by_line, error=f"The `{key}` field of {where.lower()} is "
                      f"{_describe(obj[key])}, not text. Export the article text as a string.")
    title_key, id_key = _pick(names, TITLE_COLUMNS), _pick(names, ID_COLUMNS)
    title = _cell_text(obj[title_key]) if title_key is not None else ""
    row_id = obj[id_key] if id_key is not None else None
    rec = Record(num, text, (title or "").strip(), "" if row_id is None else str(row_id).strip(), by_line=by_line)
    rec.fields = {k: v for k, v in obj.items() if k not in (key, title_key, id_key) and isinstance(k, str)}
    return rec


def _json_items(obj: object) -> list | None:
    """The article items of a JSON document: a list, the first list of objects inside an object, or the object itself."""
    if isinstance(obj, list):
        return obj
    if not isinstance(obj, dict):
        return None
    names = {k.lower().strip() for k in obj if isinstance(k, str)}
    if names & set(TEXT_COLUMNS):
        return [obj]
    return next((v for v in obj.values() if isinstance(v, list) and any(isinstance(x, dict) for x in v)), [obj])


def _json_records(path: Path, dec: Decoding, fmt: str) -> Iterator[Record]:
    """One Record per item of a JSON export; a JSON Lines file mislabelled .json is read line by line."""
    with _open_text(path, dec) as fh:
        try:
            obj = json.load(fh)
        except json.JSONDecodeError as exc:
            if exc.msg == "Extra data":
                yield from _jsonl_records(path, dec, fmt)
                return
            yield Record(-1, status="decode-error", error=f"Could not read {path.name} as JSON: {exc}. Check the file is valid JSON.")
            return
    items = _json_items(obj)
    if items is None:
        yield Record(-1, status="decode-error", error=f"{path.name} holds {_describe(obj)}, not an article object or a "
                     "list of them. Export one object per article, with a text field.")
        return
    if not items:
        yield Record(-1, status="empty", error=f"{path.name} has no rows. Nothing to profile.")
        return
    for i, item in enumerate(items):
        yield _object_record(i, item, f"Item {i}")


def _jsonl_records(path: Path, dec: Decoding, fmt: str) -> Iterator[Record]:
    """One Record per non-blank line of a JSON Lines export; a line that is not a JSON object gets a problem Record."""
    seen = False
    with _open_text(path, dec) as fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            seen = True
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Record(line_no, status="decode-error", by_line=True, error=f"Line {line_no} is not valid JSON "
                             f"({exc.msg}, column {exc.colno}), so it was skipped (the other lines were read). Fix or remove that line.")
                continue
            yield _object_record(line_no, obj, f"Line {line_no}", by_line=True)
    if not seen:
        yield Record(-1, status="empty", error=f"{path.name} has no rows. Nothing to profile.")


TABLE_READERS = {"csv": _csv_records, "tsv": _csv_records, "json": _json_records}


def _table_inputs(f: Found, key: int, fmt: str, max_bytes: int, max_table_bytes: int) -> list[Input]:
    """Stream a CSV/TSV/JSON/JSONL export: one Input per row (problem rows included), or one for the whole file."""
    if f.size > max_table_bytes:
        return [Input(str(f.path), key, fmt=fmt, status="too-large", error=(
            f"The table is {f.size / 1e9:.2f} GB, over the {max_table_bytes / 1e9:.2f} GB limit for one table export. "
            "Split it, or raise max_table_bytes."))]
    dec = _table_decoding(f.path, f.size)
    if dec.status != "ok":
        return [Input(str(f.path), key, fmt=fmt, encoding=dec.encoding, status=dec.status, error=dec.note)]
    csv.field_size_limit(max(csv.field_size_limit(), min(CSV_FIELD_CAP, max(max_bytes, max_table_bytes))))
    records: list[Record] = []
    try:
        records.extend(TABLE_READERS.get(fmt, _jsonl_records)(f.path, dec, fmt))
    except (OSError, UnicodeDecodeError) as exc:
        status = "unreadable" if isinstance(exc, OSError) else "decode-error"
        records.append(Record(-1, status=status, error=f"Reading {f.path.name} stopped after {len(records)} rows: {exc}. "
                              "Check the file (and its permissions) and load it again."))
    if records and all(r.status == "no-body" and r.num >= 0 for r in records):
        records = [Record(-1, status="no-body", error=f"{f.path.name} has no text field in any record (looked for "
                          f"{', '.join(TEXT_COLUMNS)}). Rename the field holding the article text.")]
    label = "utf-8" if dec.encoding == "utf-8-sig" else dec.encoding
    note = "" if dec.errors == "surrogateescape" else dec.note  # replaced bytes are noted on the rows that hold them
    return [_record_input(f, key, fmt, label, note, rec, max_bytes) for rec in records]


def _record_input(f: Found, key: int, fmt: str, encoding: str, note: str, rec: Record, max_bytes: int) -> Input:
    """Turn a table Record into an Input: its path, invalid bytes replaced (with a note), size checked, text prepared."""
    where = "line" if rec.by_line or fmt in LINE_FORMATS else "row"
    path = str(f.path) if rec.num < 0 else f"{f.path}#{where}={rec.num}"
    inp = Input(path, key, None if rec.num < 0 else rec.num, rec.row_id, fmt=fmt, encoding=encoding,
                status=rec.status, error=rec.error)
    if rec.fields:
        inp.fields, inp.meta = split_fields(rec.fields)
        inp.origin = "the table's columns"
    if rec.status != "ok" or rec.text is None:
        return inp
    bad = len(SURROGATES.findall(rec.text))
    replaced = f"{bad} invalid byte(s) in this row were replaced with \ufffd." if bad else ""
    inp.error = _join(rec.error, replaced, note)
    inp.text, inp.title = SURROGATES.sub("\ufffd", rec.text), SURROGATES.sub("\ufffd", rec.title)
    size = len(inp.text) if len(inp.text) * 4 <= max_bytes else len(inp.text.encode("utf-8"))
    if size > max_bytes:
        inp.text, inp.status = None, "too-large"
        inp.error = (f"The text of this row is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one "
                     "article. Split it into articles, or raise max_bytes if it really is one.")
        return inp
    _prepare(inp)
    return inp


# --- metadata: values, dates, front matter, the sidecar table ------------------------------------------------------

def clean_value(value: str, cap: int = MAX_VALUE_CHARS) -> str:
    """Make one metadata value safe plain text: mojibake repaired, control and bidi characters and line breaks removed,
    spaces collapsed, cut to ``cap`` characters; "" for values that mean unknown ("None", "null", "NaN", "-")."""
    text = repair_text(value, html=False)[0] if not value.isascii() else value
    text = " ".join(normalize_text(VALUE_CONTROL.sub(" ", text)).split())
    if text.casefold() in MISSING:
        return ""
    return text if len(text) <= cap else text[:cap - 1].rstrip() + "…"


def _text_value(value: object, cap: int = MAX_VALUE_CHARS) -> str:
    """A metadata value of any type (string, number, date, list of names, ``{"name": ...}`` object) as clean text."""
    if value is None or isinstance(value, float) and value != value:
        return ""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        parts = [_text_value(v, cap) for v in value[:MAX_META_KEYS]]
        return clean_value("; ".join(p for p in parts if p), cap)
    if isinstance(value, dict):
        if isinstance(value.get("name"), str):
            return clean_value(value["name"], cap)
        return clean_value(json.dumps(value, ensure_ascii=False, default=str)[:cap * 2], cap)
    return clean_value(str(value), cap)


def _meta_value(value: object) -> object | None:
    """A value for `meta`: numbers and booleans as they are, everything else as clean text; None when empty."""
    if isinstance(value, bool) or isinstance(value, int) and abs(value) < 2**53:
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    return _text_value(value) or None


def _meta_key(name: object) -> str:
    """A metadata key: the field name lower-cased, as clean text."""
    return clean_value(str(name), MAX_KEY_CHARS).lower()


def split_fields(raw: Mapping, skip: Sequence[str] = ()) -> tuple[dict[str, str], dict[str, object]]:
    """Sort named values into the article fields (published/author/url/outlet/section, by FIELD_NAMES) and `meta`."""
    names: dict[str, object] = {}
    for name in raw:
        key = _meta_key(name)
        if key and key not in names and key not in skip:
            names[key] = name
    fields: dict[str, str] = {}
    used: set[str] = set()
    for fld, aliases in FIELD_NAMES.items():
        for alias in aliases:
            if alias in names and fld not in fields:
                used.add(alias)
                value = _text_value(raw[names[alias]], MAX_URL_CHARS if fld == "url" else MAX_VALUE_CHARS)
                if fld == "author":
                    value = BYLINE_BY.sub("", value)
                if value:
                    fields[fld] = value
    meta: dict[str, object] = {}
    for key, name in names.items():
        if key in used or len(meta) >= MAX_META_KEYS:
            continue
        value = _meta_value(raw[name])
        if value is not None:
            meta[key] = value
    return fields, meta


def parse_date(value: str) -> pd.Timestamp | None:
    """Read a publication date (ISO 8601, "2016-09-12", "Sep 12, 2016", RFC 2822, ...) as a timezone-naive Timestamp.

    The time is kept as written (a time zone or offset is dropped, not converted). A value without a four-digit year,
    or that no parser reads, gives None: nothing is guessed from today's date.
    """
    import email.utils

    from dateutil import parser as dateparser

    text = value.strip()
    if not YEAR.search(text) or len(text) > 100:
        return None
    stamp: datetime | None = None
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        try:
            stamp = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            try:
                stamp = dateparser.parse(text, default=datetime(2000, 1, 1))
            except (ValueError, OverflowError, TypeError):
                return None
    try:
        return pd.Timestamp(stamp.replace(tzinfo=None)).as_unit("ns")
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        return None


@functools.lru_cache(maxsize=2)
def _ftfy_config(html: bool):
    """ftfy's settings for a conservative repair: entities (when asked) and mojibake only; quotes, widths, ligatures,
    line breaks and normalisation are left alone (the loader normalises text itself)."""
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html="auto" if html else False, remove_terminal_escapes=False, fix_latin_ligatures=False,
        fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False, fix_surrogates=False,
        remove_control_chars=False, normalization=None, explain=True,
    )


def repair_text(text: str, html: bool = True) -> tuple[str, list[str]]:
    """Repair HTML entities (``Pap&#233;``, when ``html``) and mojibake (``Â£``) with ftfy; correct text is unchanged.

    Returns the text and what was repaired ("HTML entities", "mojibake"). Lines are fixed one at a time, as
    ``ftfy.fix_text`` does; a line that is plain ASCII without ``&`` is never touched.
    """
    if text.isascii() and (not html or "&" not in text):
        return text, []
    import ftfy

    config = _ftfy_config(html)
    kinds: list[str] = []
    out = []
    for line in text.splitlines(keepends=True):
        if line.isascii() and (not html or "&" not in line):
            out.append(line)
            continue
        fixed = ftfy.fix_and_explain(line, config=config)
        out.append(fixed.text)
        for step, name in fixed.explanation or []:
            kind = "HTML entities" if (step, name) == ("apply", "unescape_html") else "mojibake"
            if kind not in kinds:
                kinds.append(kind)
    return ("".join(out), sorted(kinds)) if kinds else (text, [])


@dataclass
class FrontMatter:
    """Metadata at the top of a text file: where it is, its values, where its title is (if inside), a note."""

    start: int
    end: int
    values: dict
    title: tuple[int, int] | None = None
    note: str = ""


FRONT_YAML = re.compile(r"---[ \t]*\n((?:.*?\n)??)(?:---|\.\.\.)[ \t]*(?=\n|\Z)", re.S)
KEY_LINE = re.compile(r"[ \t]*(" + "|".join(FRONT_MATTER_KEYS) + r")[ \t]*:[ \t]*(\S.*?)[ \t]*", re.I)
KEYISH_LINE = re.compile(r"\s*[\w-]+\s*:(?:\s|$)|\s*-\s|\s*#")
YAML_TITLE = re.compile(r"^title[ \t]*:[ \t]*([\"']?)(.+?)\1[ \t]*$", re.M | re.I)


def _read_yaml(block: str) -> tuple[dict | None, str]:
    """Read a YAML front matter block with the safe loader (no aliases); (values, "") or (None, what is wrong)."""
    import yaml

    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(block, Loader=yaml.SafeLoader)):
            return None, "it uses YAML aliases (`*name`), which are not read"
        data = yaml.load(block, Loader=yaml.SafeLoader)  # noqa: S506 - the safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" on line {mark.line + 2}" if mark is not None else ""
        return None, f"it is not valid YAML ({getattr(exc, 'problem', None) or 'syntax error'}{where})"
    except RecursionError:
        return None, "it is nested too deeply"
    if data is None:
        return {}, ""
    if not isinstance(data, dict):
        return None, "it is not a list of `key: value` lines"
    return data, ""


def find_front_matter(text: str) -> FrontMatter | None:
    """Find front matter at the top of a text: a ``---`` YAML block, or ``Key: value`` lines (known keys) before the title."""
    lead = len(text) - len(text.lstrip("\n \t"))
    lead = text.rfind("\n", 0, lead) + 1  # the start of the first non-blank line
    if text.startswith("---", lead):
        m = FRONT_YAML.match(text, lead)
        if m is None or m.end() - lead > MAX_FRONT_MATTER:
            return None
        block = m.group(1) or ""
        values, problem = _read_yaml(block)
        if values is None:
            lines = [line for line in block.split("\n") if line.strip()]
            if not lines or sum(bool(KEYISH_LINE.match(line)) for line in lines) * 2 < len(lines):
                return None  # a block between two rules that is not metadata: it stays text
            return FrontMatter(lead, m.end(), {}, None, f"The front matter at the top of the file was not read: "
                               f"{problem}. It was set aside as metadata; fix it to use its values.")
        title = None
        t = YAML_TITLE.search(block)
        if t is not None and isinstance(values.get("title"), str) and t.group(2) == values["title"].strip():
            title = (m.start(1) + t.start(2), m.start(1) + t.end(2))
        return FrontMatter(lead, m.end(), values, title)
    values: dict[str, str] = {}
    spans: dict[str, tuple[int, int]] = {}
    pos, end = lead, -1
    while pos < len(text) and pos - lead < MAX_FRONT_MATTER:
        nl = text.find("\n", pos)
        line_end = len(text) if nl < 0 else nl
        km = KEY_LINE.fullmatch(text, pos, line_end)
        if km is None:
            break
        key = km.group(1).lower()
        if key not in values:
            values[key], spans[key] = km.group(2), km.span(2)
        end, pos = line_end, line_end + 1
    if not values or not text[end:].strip():
        return None  # no header lines, or nothing after them: the text is its own story
    return FrontMatter(lead, end, values, spans.get("title"))


@dataclass
class Sidecar:
    """A metadata table read for a corpus: its rows' fields and meta, an index of their keys, or why it is not used."""

    name: str
    rows: list[tuple[dict, dict]] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    columns: tuple[str, ...] = ()
    problem: str = ""


def _key(value: str) -> str:
    """Normalise a file name, path or id for matching a sidecar row: slashes, no leading ./, case folded."""
    return value.strip().replace("\\", "/").removeprefix("./").casefold()


def read_sidecar(path: Path, max_bytes: int = DEFAULT_MAX_TABLE_BYTES) -> Sidecar:
    """Read a metadata table (CSV or TSV) keyed by file name, stem, path or id; a problem sentence when it cannot be used."""
    side = Sidecar(path.name)
    try:
        data = _read_file(path, max_bytes)
    except OSError as exc:
        side.problem = f"it could not be read ({exc.strerror or exc})"
        return side
    if len(data) > max_bytes:
        side.problem = f"it is over the {max_bytes / 1e9:.2f} GB table limit"
        return side
    text, _, status, note = decode_bytes(data)
    if status != "ok" or text is None:
        side.problem = f"it could not be decoded ({note})"
        return side
    text = normalize_text(text)
    first = text.split("\n", 1)[0]
    tab = path.suffix.lower() == ".tsv" or first.count("\t") > first.count(",")
    dialect = {"delimiter": "\t", "quoting": csv.QUOTE_NONE} if tab else {"delimiter": ","}
    try:
        table = [row for row in csv.reader(io.StringIO(text), **dialect) if row]
    except csv.Error as exc:
        side.problem = f"it is not a valid {'TSV' if tab else 'CSV'} table ({exc})"
        return side
    header = [_meta_key(c) for c in table[0]] if table else []
    keys = tuple(k for k in SIDECAR_KEYS if k in header)
    if not keys:
        side.problem = f"it has no key column (one of {', '.join(SIDECAR_KEYS)})"
        return side
    side.columns = keys
    for row in table[1:]:
        cells = [_unquote(c) for c in row] if tab else row
        raw = {name: cell for name, cell in zip(header, cells)}
        for k in keys:
            value = _key(raw.get(k, ""))
            if value:
                side.index.setdefault(value, len(side.rows))
        side.rows.append(split_fields(raw, skip=keys))
    return side


def _sidecar_keys(inp: Input, f: Found) -> list[str]:
    """What an input may be listed under in a sidecar: its id, row id, then its file's path, name and stem."""
    rel = PurePosixPath(f.rel)
    keys = [inp.article_id, inp.row_id] if inp.row_num is not None else [inp.article_id]
    keys += [f.rel, str(rel.with_suffix("")), rel.name, rel.stem]
    return [_key(k) for k in keys if k]


def _differ(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) != " ".join(b.casefold().split())


def _quote(value: str, cap: int = 80) -> str:
    return f"“{value if len(value) <= cap else value[:cap - 1] + '…'}”"


def _dates_differ(a: pd.Timestamp, b: pd.Timestamp, a_raw: str, b_raw: str) -> bool:
    """Two dates conflict when their days differ, or both give a time of day and the times differ."""
    if a.normalize() != b.normalize():
        return True
    return bool(CLOCK.search(a_raw) and CLOCK.search(b_raw)) and a != b


def _metadata(inp: Input, side: Sidecar | None, found: Found) -> tuple[dict, list[str]]:
    """The metadata columns of one input (its own fields, the sidecar's row winning) and the notes for its error column."""
    notes: list[str] = []
    own, own_meta, other, other_meta = inp.fields, inp.meta, {}, {}
    where = inp.origin or "the file"
    if side is not None and side.problem:
        notes.append(f"The metadata table {side.name} was not used: {side.problem}. Fix it to add its fields.")
    elif side is not None:
        hit = next((side.index[k] for k in _sidecar_keys(inp, found) if k in side.index), None)
        if hit is None:
            if inp.status == "ok":
                notes.append(f"No row for this article in the metadata table {side.name} (looked up by id, file name, "
                             f"stem and path in its column{'s' * (len(side.columns) > 1)} {', '.join(side.columns)}).")
        else:
            other, other_meta = side.rows[hit]
    there = f"the metadata table {side.name}" if side is not None else ""
    out: dict[str, object] = {}
    for fld in ("outlet", "author", "url", "section"):
        mine, theirs = own.get(fld, ""), other.get(fld, "")
        if mine and theirs and _differ(mine, theirs):
            notes.append(f"The {FIELD_LABELS[fld]} in {where} ({_quote(mine)}) differs from {there} "
                         f"({_quote(theirs)}); the table's value is used.")
        out[fld] = theirs or mine
    dates = []
    for raw, source in ((other.get("published", ""), there), (own.get("published", ""), where)):
        stamp = parse_date(raw) if raw else None
        if raw and stamp is None:
            notes.append(f"The publication date {_quote(raw)} in {source} could not be read as a date; write it as "
                         "YYYY-MM-DD (or ISO 8601).")
        dates.append((stamp, raw))
    (theirs_d, theirs_raw), (mine_d, mine_raw) = dates
    published = theirs_d if theirs_d is not None else mine_d
    if theirs_d is not None and mine_d is not None:
        if _dates_differ(theirs_d, mine_d, theirs_raw, mine_raw):
            notes.append(f"The publication date in {where} ({_quote(mine_raw)}) differs from {there} "
                         f"({_quote(theirs_raw)}); the table's date is used.")
        elif CLOCK.search(mine_raw) and not CLOCK.search(theirs_raw):
            published = mine_d  # the same day, with its time of day
    out["published"] = pd.NaT if published is None else published
    out["meta"] = {**own_meta, **other_meta}
    return out, notes


# --- preparing the text, with the memo ----------------------------------------------------------------------------

def _memo_key(kind: str, payload: bytes) -> str:
    """The memo key of one piece of work: sha256 of the memo version, the kind of work and the bytes it works on."""
    return hashlib.sha256(f"{LOAD_MEMO_VERSION}\0{kind}\0".encode() + payload).hexdigest()


def _prepare(inp: Input, front_matter: bool = False) -> None:
    """Normalise the text; flag a blank one as empty; extract HTML; repair entities and mojibake; find front matter
    (when ``front_matter``) or a headline run into a table row's text; put the table's title column above the text."""
    if inp.status != "ok" or inp.text is None:
        return
    text = normalize_text(inp.text)
    if not text.strip():
        inp.text, inp.status = text, "empty"
        inp.error = _join(EMPTY_CELL if inp.row_num is not None else BLANK_TEXT, inp.error)
        return
    if inp.fmt == "html" or HTML_SNIFF.search(text[:3000]) and text.count("<") > 20:
        was_txt = inp.fmt != "html"
        page = extract_html(text)
        inp.fmt = "html-in-txt" if was_txt else "html"
        inp.title = page.title
        text = normalize_text(page.text)
        inp.error = _join(inp.error, "This file holds an HTML page, not plain text; the story text was extracted with "
                                     "trafilatura. Save pages as .html so this is expected." if was_txt else "")
        inp.outlet_hint = page.site
        inp.fields = {**page.fields, **inp.fields}
        inp.meta = {**page.meta, **inp.meta}
        inp.origin = inp.origin or "the page's metadata"
    text, kinds = repair_text(text)
    title, title_kinds = repair_text(inp.title)
    kinds = sorted(set(kinds) | set(title_kinds))
    if kinds:
        text, inp.title = normalize_text(text), " ".join(normalize_text(title).split())
        inp.error = _join(inp.error, f"Text repaired: {', '.join(kinds)}.")
    if front_matter and inp.fmt == "txt":
        _read_front_matter(inp, text)
    elif inp.row_num is not None and not inp.title and "\n" not in text.strip():
        cut = split_headline(text)
        inp.headline = list(cut) if cut else []
    if inp.title and not text.startswith(inp.title):
        text = f"{inp.title}\n\n{text}" if text.strip() else inp.title
    inp.text = text


def _read_front_matter(inp: Input, text: str) -> None:
    """Take the front matter at the top of a text file: its span, its fields and meta, a title inside it."""
    fm = find_front_matter(text)
    if fm is None:
        return
    inp.front = [fm.start, fm.end]
    inp.error = _join(inp.error, fm.note)
    values = dict(fm.values)
    title = values.get("title")
    if fm.title is not None:
        after = text[fm.end:].lstrip()
        if not after.startswith(text[fm.title[0]:fm.title[1]]):
            inp.title_span = list(fm.title)  # no title line after the front matter: its title is the title
        values.pop("title")
    elif isinstance(title, str) and text[fm.end:].lstrip().startswith(title.strip()):
        values.pop("title")
    fields, meta = split_fields(values)
    inp.fields, inp.meta = {**fields, **inp.fields}, {**meta, **inp.meta}
    inp.origin = "the front matter"


def _file_input(f: Found, key: int, fmt: str, data: bytes, memo: MutableMapping[str, str] | None) -> Input:
    """Decode and prepare one article file, or take the result from ``memo`` by the hash of its bytes."""
    inp = Input(str(f.path), key, fmt=fmt)
    front = fmt == "txt" and f.path.suffix.lower() in FRONT_MATTER_SUFFIXES
    mkey = _memo_key(f"file\0{fmt}\0{int(front)}", data) if memo is not None else ""
    cached = memo.get(mkey) if memo is not None else None
    if cached is not None:
        for name, value in json.loads(cached).items():
            setattr(inp, name, value)
        return inp
    inp.text, inp.encoding, inp.status, inp.error = decode_bytes(data)
    _prepare(inp, front_matter=front)
    if memo is not None:
        memo[mkey] = json.dumps({name: getattr(inp, name) for name in MEMO_FIELDS})
    return inp


def _read_found(f: Found, key: int, max_bytes: int, max_table_bytes: int,
                memo: MutableMapping[str, str] | None) -> list[Input]:
    """The input(s) of one found path: one per file, one per row of a table, one row for a path that cannot be read."""
    suffix = "" if f.kind else f.path.suffix.lower()
    fmt = f.kind or ("html" if suffix in HTML_SUFFIXES else suffix.lstrip(".") if suffix in TABLE_SUFFIXES else "txt")
    if f.status:
        return [Input(str(f.path), key, fmt=fmt, status=f.status, error=f.error)]
    try:
        if suffix in TABLE_SUFFIXES:
            return _table_inputs(f, key, fmt, max_bytes, max_table_bytes)
        data = b"" if f.size > max_bytes else _read_file(f.path, max_bytes)
    except NotRegularFile:
        return [Input(str(f.path), key, fmt=fmt, status="not-a-file", error="This path stopped being a regular file while "
                      "the folder was read (now a pipe, device or folder), so it was not read. Load the folder again.")]
    except OSError as exc:
        return [Input(str(f.path), key, fmt=fmt, status="unreadable", error=f"Could not read the file "
                      f"({exc.strerror or exc}). Check its permissions (e.g. `chmod a+r`) and load it again.")]
    size = max(f.size, len(data))
    if size > max_bytes:
        return [Input(str(f.path), key, fmt=fmt, status="too-large", error=(
            f"The file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one article. "
            "Split it into articles, or raise max_bytes if it really is one."))]
    return [_file_input(f, key, fmt, data, memo)]


def _language(body: str, memo: MutableMapping[str, str] | None) -> str:
    """The body's language (``detect_language``), taken from ``memo`` by the body's hash when it is there."""
    if memo is None:
        return detect_language(body)
    mkey = _memo_key("language", body.encode("utf-8", "surrogatepass"))
    cached = memo.get(mkey)
    if cached is not None:
        return json.loads(cached)
    lang = detect_language(body)
    memo[mkey] = json.dumps(lang)
    return lang


def _check_language(row: dict, english_only: bool, memo: MutableMapping[str, str] | None) -> None:
    """Set the body's language: note a body too short to tell, flag a non-English one (when english_only)."""
    if too_short_to_tell(row["body"]):
        row["language"] = "und"
        row["error"] = _join(row["error"], f"The story is too short to tell its language (under {MIN_WORDS} words); "
                                           "it is profiled as if it were English.")
        return
    lang = row["language"] = _language(row["body"], memo)
    if english_only and lang != "en":
        row["status"] = "not-english"
        row["error"] = _join(f"The story text looks like {'an unknown language' if lang == 'und' else repr(lang)}, not "
                             "English; the English model would misread it. Pass english_only=False to profile it anyway.",
                             row["error"])


def load_articles(
    source: str | Path | Sequence[str | Path] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    english_only: bool = True,
    drop_repeated: bool = True,
    *,
    max_table_bytes: int = DEFAULT_MAX_TABLE_BYTES,
    memo: MutableMapping[str, str] | None = None,
    metadata: str | Path | None = None,
) -> pd.DataFrame:
    """Load articles from a folder, a file or a list of files: one row per input, bad ones flagged, nothing dropped.

    ``metadata`` names a sidecar table (CSV/TSV keyed by file name, stem, path or id); without it a folder's own
    ``metadata.csv`` or ``metadata.tsv`` is used. Either way that file is metadata, not articles.
    """
    from .paths import SEEDS_DIR

    src = SEEDS_DIR if source is None else source
    found = _discover(src)
    found, sidecar = _take_sidecar(found, src, metadata, max_table_bytes)
    inputs = [inp for key, f in enumerate(found) for inp in _read_found(f, key, max_bytes, max_table_bytes, memo)]
    _assign_ids(found, inputs)

    blocks = {inp.article_id: _blocks(inp) for inp in inputs if inp.status == "ok"}
    repeated: set[str] = set()
    if drop_repeated:
        repeated = repeated_keys(list(blocks.values()), REPEATED_BLOCK_MIN_ARTICLES, REPEATED_BLOCK_MIN_SHARE)

    first_by_hash: dict[str, str] = {}
    rows = [_row(inp, blocks, repeated, english_only, memo, first_by_hash, sidecar, found[inp.file_key]) for inp in inputs]
    return rows_to_frame(rows)


def rows_to_frame(rows: list[dict]) -> pd.DataFrame:
    """Return article rows (from ``load_articles`` or ``article_row``) as the articles frame, with its dtypes."""
    frame = pd.DataFrame(rows, columns=ARTICLE_COLUMNS)
    frame["n_paragraphs"] = frame["n_paragraphs"].astype(int)
    frame["n_words"] = frame["n_words"].astype(int)
    frame["published"] = frame["published"].astype("datetime64[ns]")
    return frame


# --- loading in pieces: the steps of load_articles, for a dataflow whose workers load their own files --------------
# ``helpers.dataflow`` lists the inputs in the client (``discover_inputs``), has workers read and decode them
# (``read_inputs``) and return only block keys, settles ids and repeated blocks for the whole corpus, and has the
# workers build the rows (``article_row``): the same frame as ``load_articles``, without the texts passing the client.

def discover_inputs(source: str | Path | Sequence[str | Path], metadata: str | Path | None = None,
                    max_table_bytes: int = DEFAULT_MAX_TABLE_BYTES) -> tuple[list[Found], Sidecar | None]:
    """List the inputs of a local source without reading them, and read its sidecar metadata table (if any)."""
    return _take_sidecar(_discover(source), source, metadata, max_table_bytes)


def read_inputs(f: Found, key: int, max_bytes: int = DEFAULT_MAX_BYTES, max_table_bytes: int = DEFAULT_MAX_TABLE_BYTES,
                memo: MutableMapping[str, str] | None = None) -> list[Input]:
    """Read, decode and prepare one found path: one Input per file, per table row, or one saying why it was not read."""
    return _read_found(f, key, max_bytes, max_table_bytes, memo)


def assign_ids(found: list[Found], inputs: list[Input]) -> None:
    """Give the inputs of a corpus their article ids (needs every found path and every input's row number and id)."""
    _assign_ids(found, inputs)


def text_blocks(inp: Input) -> list[Block]:
    """Return an ok input's blocks (the pieces whose keys find boilerplate repeated across the corpus)."""
    return _blocks(inp)


def article_row(inp: Input, repeated: set[str], english_only: bool, memo: MutableMapping[str, str] | None,
                first_by_hash: dict[str, str], sidecar: Sidecar | None, found: Found) -> dict:
    """Return one input's articles row, given the corpus's repeated blocks and the first article of each story text."""
    blocks = {inp.article_id: _blocks(inp)} if inp.status == "ok" else {}
    return _row(inp, blocks, repeated, english_only, memo, first_by_hash, sidecar, found)


def _take_sidecar(found: list[Found], source: object, metadata: str | Path | None,
                  max_table_bytes: int) -> tuple[list[Found], Sidecar | None]:
    """Set the metadata table(s) apart from the articles and read the one to use: ``metadata``, else the folder's own."""
    named = None
    if metadata is not None:
        named = Path(metadata).expanduser()
        if not os.path.lexists(named):
            raise FileNotFoundError(f"No such metadata table: {named}. Pass a CSV or TSV file with a filename, id or "
                                    "path column (or leave metadata out).")
    in_folder = isinstance(source, (str, Path)) and Path(source).expanduser().is_dir()
    own = [f for f in found if in_folder and f.rel in SIDECAR_NAMES and not f.status]
    real = os.path.realpath(named) if named is not None else None
    rest = [f for f in found if f not in own and (real is None or f.status or os.path.realpath(f.path) != real)]
    path = named if named is not None else own[0].path if own else None
    if path is None:
        return rest, None
    if not os.path.isfile(path):
        return rest, Sidecar(path.name, problem="it is not a regular file")
    return rest, read_sidecar(path, max_table_bytes)


def _blocks(inp: Input) -> list[Block]:
    """The text's blocks, after the front matter; a headline run into a table row's text is a block of its own."""
    text = inp.text or ""
    if inp.front:
        start = inp.front[1]
        return [Block(b.start + start, b.end + start, b.text) for b in split_blocks(text[start:])]
    blocks = split_blocks(text)
    if inp.headline and blocks:
        first, (cut, body) = blocks[0], inp.headline
        if first.start < cut < body < first.end:
            blocks[0:1] = [Block(first.start, cut, text[first.start:cut]), Block(body, first.end, text[body:first.end])]
    return blocks


def _row(inp: Input, blocks: dict[str, list[Block]], repeated: set[str], english_only: bool,
         memo: MutableMapping[str, str] | None, first_by_hash: dict[str, str], sidecar: Sidecar | None = None,
         found: Found | None = None) -> dict:
    """The frame row of one input: structure, language and duplicate checks for an ok one, its status for the rest."""
    row = dict.fromkeys(ARTICLE_COLUMNS, "")
    row.update(article_id=inp.article_id, path=inp.path, format=inp.fmt, encoding=inp.encoding, status=inp.status,
               error=inp.error, raw_text=inp.text or "", n_paragraphs=0, n_words=0, spans=[])
    values, notes = _metadata(inp, sidecar, found or Found(Path(inp.path), Path(inp.path).name))
    row.update(values)
    explicit = row["outlet"]
    if inp.status == "ok":
        _structure(inp, blocks[inp.article_id], repeated, row, memo)
        row["outlet"] = explicit or row["outlet"]
    if row["status"] == "ok":
        _check_language(row, english_only, memo)
    if row["status"] == "ok":
        first = first_by_hash.setdefault(row["content_hash"], inp.article_id)
        if first != inp.article_id:
            row["status"] = "duplicate"
            row["error"] = _join(f"Same story text as {first}; counted once. Remove the copy if it is not intended.", row["error"])
    row["error"] = _join(row["error"], *notes)
    return row


def _classify(text: str, blocks: list[Block], repeated: set[str], has_title: bool, find_title: bool,
              memo: MutableMapping[str, str] | None) -> list[tuple[str, int, int]]:
    """``classify_blocks``, taken from ``memo`` by the text, the title flags and which of its blocks repeat in the corpus."""
    if memo is None:
        return classify_blocks(text, blocks, repeated, has_title=has_title, find_title=find_title)
    shared = sorted(b.key for b in blocks if b.key in repeated)
    mkey = _memo_key(f"classify\0{int(has_title)}{int(find_title)}\0{json.dumps(shared)}", text.encode("utf-8", "surrogatepass"))
    cached = memo.get(mkey)
    if cached is not None:
        return [tuple(span) for span in json.loads(cached)]
    spans = classify_blocks(text, blocks, repeated, has_title=has_title, find_title=find_title)
    memo[mkey] = json.dumps(spans)
    return spans


def _structure(inp: Input, blocks: list[Block], repeated: set[str], row: dict,
               memo: MutableMapping[str, str] | None = None) -> None:
    """Split an ok input into title, caption, credit, body and boilerplate spans; flag one with no story paragraph."""
    text = inp.text or ""
    spans = _classify(text, blocks, repeated, bool(inp.title or inp.headline), not inp.title_span, memo)
    if inp.front:
        spans = _front_spans(text, inp.front, inp.title_span) + spans
    row["spans"] = spans
    pieces = {k: [text[s:e] for kk, s, e in spans if kk == k] for k in ("title", "caption", "credit", "body", "boilerplate")}
    row["title"] = pieces["title"][0] if pieces["title"] else ""
    row["caption"] = " ".join(pieces["caption"])
    row["credit"] = "; ".join(pieces["credit"])
    row["body"] = "\n\n".join(pieces["body"])
    row["boilerplate"] = "\n\n".join(pieces["boilerplate"])
    row["outlet"] = inp.outlet_hint or guess_outlet(pieces["boilerplate"])
    row["n_paragraphs"] = len(pieces["body"])
    row["n_words"] = len(row["body"].split())
    row["content_hash"] = hashlib.sha1(" ".join(row["body"].split()).lower().encode()).hexdigest()[:16]
    if not pieces["body"]:
        row["status"] = "no-body"
        row["error"] = _join("No story paragraphs were found: everything in the file looks like a title, caption or "
                             "outlet boilerplate. Check the file holds the article text.", row["error"])
    elif not row["title"]:
        row["error"] = _join(row["error"], "No title line found (the first block reads like story text); profiled without a title.")


def _front_spans(text: str, front: list, title: list) -> list[tuple[str, int, int]]:
    """The front matter as `metadata` spans (whitespace at their edges left out), around a title span inside it."""
    cuts = [("metadata", front[0], title[0]), ("title", title[0], title[1]), ("metadata", title[1], front[1])] if title \
        else [("metadata", front[0], front[1])]
    spans = []
    for kind, start, end in cuts:
        piece = text[start:end]
        if piece.strip():
            start += len(piece) - len(piece.lstrip())
            spans.append((kind, start, start + len(piece.strip())))
    return spans


def paragraphs(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per title, caption, credit, body, boilerplate or metadata (front matter) paragraph, with offsets into raw_text."""
    rows = []
    for aid, raw, spans in zip(articles["article_id"], articles["raw_text"], articles["spans"]):
        counters: Counter = Counter()
        for kind, start, end in spans:
            rows.append((aid, counters[kind], kind, raw[start:end], start, end))
            counters[kind] += 1
    return pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)
