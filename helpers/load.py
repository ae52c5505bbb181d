"""Load a folder of scraped news articles into a pandas frame, one row per input, with clean story text.

What it does: finds the input files (txt/md, html, json/jsonl, csv), decodes them (UTF-8, UTF-16,
legacy code pages), normalises the text without moving offsets, flags bad inputs with a status and
an actionable error, separates title, photo caption, photo credit and outlet boilerplate (calls to
action, button labels, reader appeals, blocks repeated across the corpus) from the story body, and
records every piece as a span of ``raw_text`` so later results can point back at the source.

What it does not do: parse sentences or find names (see ``helpers.nlp``), or fetch anything.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .boilerplate import Block, classify_blocks, guess_outlet, repeated_keys, split_blocks
from .language import detect_language

DEFAULT_MAX_BYTES = 10_000_000
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABLE_SUFFIXES = {".csv", ".tsv", ".json", ".jsonl", ".ndjson"}
TEXT_COLUMNS = ("text", "body", "content", "article", "story", "full_text", "maintext")
TITLE_COLUMNS = ("title", "headline", "heading")
ID_COLUMNS = ("article_id", "id", "uid", "slug")
REPEATED_BLOCK_MIN_ARTICLES = 3
REPEATED_BLOCK_MIN_SHARE = 0.05

ARTICLE_COLUMNS = [
    "article_id", "path", "format", "encoding", "status", "error", "outlet", "title", "caption",
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
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
SPACES = {ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000"}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
HTML_SNIFF = re.compile(r"<!doctype html|<html[\s>]|<body[\s>]|<head[\s>]|<(?:div|p|article|span|meta)[\s>]", re.I)


@dataclass
class Input:
    """One article-sized input: a file, or one row of a table export."""

    article_id: str
    path: str
    data: bytes | None = None
    text: str | None = None
    title: str = ""
    fmt: str = "txt"
    status: str = "ok"
    error: str = ""
    encoding: str = ""
    outlet_hint: str = ""  # the site name an HTML page declares


def normalize_text(text: str) -> str:
    """Normalise decoded text: LF line ends, NFC, plain spaces for no-break spaces, no zero-width or control characters.

    Curly quotes and dashes are kept: claims need them. Offsets are defined on the result.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = text.translate(ZERO_WIDTH).translate(SPACES)
    return CONTROL.sub("", text)


def _utf16_guess(data: bytes) -> str | None:
    sample = data[:4000]
    even = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str | None, str, str, str]:
    """Decode file bytes; return (text, encoding, status, error)."""
    if not data.strip():
        return None, "", "empty", "The file is empty (or only whitespace): nothing to profile. Remove it or re-export the article."
    for magic, what in MAGIC:
        if data.startswith(magic):
            return None, "", "binary", f"The file is {what}, not text. Export the article as plain text, HTML or CSV and load that."
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encs = ["utf-16"]
    elif data.startswith(b"\xef\xbb\xbf"):
        encs = ["utf-8-sig"]
    elif b"\x00" in data[:8000]:
        guess = _utf16_guess(data)
        if guess is None:
            return None, "", "binary", "The file contains binary data (NUL bytes), not text. Export the article as plain text, HTML or CSV."
        encs = [guess]
    else:
        encs = ["utf-8"]
    for enc in encs:
        try:
            return data.decode(enc), enc.replace("-sig", ""), "ok", ""
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        return None, "", "decode-error", (
            "The text encoding could not be recognised. Re-save the file as UTF-8 (e.g. `iconv -f <encoding> -t utf-8`)."
        )
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None, best.encoding, "decode-error", (
            f"The file looks like {best.encoding} but does not decode cleanly. Re-save it as UTF-8."
        )
    controls = len(CONTROL.findall(text[:20000]))
    if controls > 0.05 * min(len(text), 20000):
        return None, "", "binary", "The file is mostly control characters, not text. Export the article as plain text."
    return text, best.encoding, "ok", ""


def html_to_text(html: str) -> tuple[str, str, str]:
    """Extract (title, story text, site name) from an HTML page with trafilatura."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    meta = trafilatura.extract_metadata(html)
    title = (meta.title or "") if meta else ""
    site = (meta.sitename or "") if meta else ""
    # trafilatura separates paragraphs by single newlines; the profiler's convention is a blank line
    text = re.sub(r"\n+", "\n\n", text.strip())
    return title.strip(), text, site.strip()


def _unique_id(stem: str, seen: Counter) -> str:
    stem = re.sub(r"[^\w.-]+", "_", stem).strip("_") or "article"
    seen[stem] += 1
    return stem if seen[stem] == 1 else f"{stem}-{seen[stem]}"


def _discover(source: str | Path | Sequence[str | Path]) -> list[Path]:
    if isinstance(source, (str, Path)):
        src = Path(source).expanduser()
        if not src.exists():
            raise FileNotFoundError(
                f"No such file or folder: {src}. Pass a folder of articles, one article file, or a list of files."
            )
        if src.is_dir():
            files = sorted(p for p in src.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(src).parts))
            return files
        return [src]
    files = [Path(p).expanduser() for p in source]
    missing = [str(p) for p in files if not p.exists()]
    if missing:
        raise FileNotFoundError(f"No such file(s): {', '.join(missing[:5])}. Check the paths you passed to load_articles.")
    return files


def _table_inputs(path: Path, data: bytes, seen: Counter) -> list[Input]:
    """Split a CSV/TSV/JSON/JSONL export into one Input per row with a text column."""
    text, enc, status, error = decode_bytes(data)
    if text is None:
        return [Input(_unique_id(path.stem, seen), str(path), fmt=path.suffix.lstrip("."), status=status, error=error)]
    suffix = path.suffix.lower()
    try:
        if suffix in {".csv", ".tsv"}:
            sample = text[:5000]
            delim = "\t" if suffix == ".tsv" or sample.count("\t") > sample.count(",") else ","
            rows = list(csv.DictReader(io.StringIO(text), delimiter=delim))
        elif suffix == ".json":
            obj = json.loads(text)
            if isinstance(obj, dict):
                obj = next((v for v in obj.values() if isinstance(v, list)), [obj])
            rows = [r for r in obj if isinstance(r, dict)]
        else:
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    except (ValueError, csv.Error) as exc:
        return [Input(_unique_id(path.stem, seen), str(path), fmt=suffix.lstrip("."), status="decode-error",
                      error=f"Could not read {path.name} as {suffix.lstrip('.').upper()}: {exc}. Check the file is valid.")]
    if not rows:
        return [Input(_unique_id(path.stem, seen), str(path), fmt=suffix.lstrip("."), status="empty",
                      error=f"{path.name} has no rows. Nothing to profile.")]
    cols = {c.lower().strip(): c for c in rows[0].keys() if isinstance(c, str)}
    text_col = next((cols[c] for c in TEXT_COLUMNS if c in cols), None)
    if text_col is None:
        return [Input(_unique_id(path.stem, seen), str(path), fmt=suffix.lstrip("."), status="no-body",
                      error=f"{path.name} has no text column (looked for {', '.join(TEXT_COLUMNS)}). Rename the column holding the article text.")]
    title_col = next((cols[c] for c in TITLE_COLUMNS if c in cols), None)
    id_col = next((cols[c] for c in ID_COLUMNS if c in cols), None)
    width = len(str(len(rows)))
    out = []
    for i, row in enumerate(rows):
        rid = str(row.get(id_col) or "").strip() if id_col else ""
        aid = _unique_id(f"{path.stem}-{rid}" if rid else f"{path.stem}-{i:0{width}d}", seen)
        body = row.get(text_col)
        body = "" if body is None else str(body)
        title = str(row.get(title_col) or "").strip() if title_col else ""
        out.append(Input(aid, f"{path}#row={i}", text=body, title=title, fmt=suffix.lstrip("."), encoding=enc))
    return out


def _read_inputs(files: list[Path], max_bytes: int) -> list[Input]:
    seen: Counter = Counter()
    inputs: list[Input] = []
    for path in files:
        suffix = path.suffix.lower()
        try:
            size = path.stat().st_size
        except OSError as exc:
            inputs.append(Input(_unique_id(path.stem, seen), str(path), status="decode-error",
                                error=f"Could not read the file ({exc.strerror}). Check its permissions."))
            continue
        if size > max_bytes:
            inputs.append(Input(_unique_id(path.stem, seen), str(path), fmt=suffix.lstrip("."), status="too-large",
                                error=f"The file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one article. "
                                      "Split it into articles, or raise max_bytes if it really is one."))
            continue
        data = path.read_bytes()
        if suffix in TABLE_SUFFIXES:
            inputs.extend(_table_inputs(path, data, seen))
            continue
        inp = Input(_unique_id(path.stem, seen), str(path), fmt="html" if suffix in HTML_SUFFIXES else "txt")
        text, inp.encoding, inp.status, inp.error = decode_bytes(data)
        inp.text = text
        inputs.append(inp)
    return inputs


def _prepare(inp: Input) -> None:
    """Normalise the text; extract HTML; set the title from the table column when there is one."""
    if inp.status != "ok" or inp.text is None:
        return
    text = normalize_text(inp.text)
    if inp.fmt == "html" or HTML_SNIFF.search(text[:3000]) and text.count("<") > 20:
        was_txt = inp.fmt != "html"
        title, story, site = html_to_text(text)
        inp.fmt = "html-in-txt" if was_txt else "html"
        inp.title = title
        text = normalize_text(story)
        inp.error = (
            "This file holds an HTML page, not plain text; the story text was extracted with trafilatura. "
            "Save pages as .html so this is expected." if was_txt else ""
        )
        inp.outlet_hint = site
    if inp.title and not text.startswith(inp.title):
        text = f"{inp.title}\n\n{text}" if text.strip() else inp.title
    inp.text = text


def load_articles(
    source: str | Path | Sequence[str | Path] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    english_only: bool = True,
    drop_repeated: bool = True,
) -> pd.DataFrame:
    """Load articles from a folder, a file or a list of files: one row per input, bad ones flagged, nothing dropped."""
    from .paths import SEEDS_DIR

    files = _discover(SEEDS_DIR if source is None else source)
    inputs = _read_inputs(files, max_bytes)
    for inp in inputs:
        _prepare(inp)

    blocks: dict[str, list[Block]] = {}
    for inp in inputs:
        if inp.status == "ok":
            blocks[inp.article_id] = split_blocks(inp.text or "")
    repeated: set[str] = set()
    if drop_repeated:
        repeated = repeated_keys(list(blocks.values()), REPEATED_BLOCK_MIN_ARTICLES, REPEATED_BLOCK_MIN_SHARE)

    rows = []
    first_by_hash: dict[str, str] = {}
    for inp in inputs:
        row = dict.fromkeys(ARTICLE_COLUMNS, "")
        row.update(article_id=inp.article_id, path=inp.path, format=inp.fmt, encoding=inp.encoding,
                   status=inp.status, error=inp.error, raw_text=inp.text or "", n_paragraphs=0, n_words=0,
                   spans=[])
        if inp.status == "ok":
            _structure(inp, blocks[inp.article_id], repeated, row)
            if row["status"] == "ok":
                lang = detect_language(row["body"])
                row["language"] = lang
                if english_only and lang != "en":
                    row["status"] = "not-english"
                    row["error"] = (f"The story text looks like {'an unknown language' if lang == 'und' else repr(lang)}, not English; "
                                    "the English model would misread it. Pass english_only=False to profile it anyway.")
            if row["status"] == "ok":
                h = row["content_hash"]
                if h in first_by_hash:
                    row["status"] = "duplicate"
                    row["error"] = (f"Same story text as {first_by_hash[h]}; counted once. Remove the copy if it is not intended.")
                else:
                    first_by_hash[h] = inp.article_id
        rows.append(row)
    frame = pd.DataFrame(rows, columns=ARTICLE_COLUMNS)
    frame["n_paragraphs"] = frame["n_paragraphs"].astype(int)
    frame["n_words"] = frame["n_words"].astype(int)
    return frame


def _structure(inp: Input, blocks: list[Block], repeated: set[str], row: dict) -> None:
    text = inp.text or ""
    spans = classify_blocks(text, blocks, repeated, has_title=bool(inp.title))
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
        row["error"] = ("No story paragraphs were found: everything in the file looks like a title, caption or "
                        "outlet boilerplate. Check the file holds the article text.")
    elif not row["title"] and not row["error"]:
        row["error"] = "No title line found (the first block reads like story text); profiled without a title."


def paragraphs(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per title, caption, credit, body or boilerplate paragraph, with offsets into raw_text."""
    rows = []
    for aid, raw, spans in zip(articles["article_id"], articles["raw_text"], articles["spans"]):
        counters: Counter = Counter()
        for kind, start, end in spans:
            rows.append((aid, counters[kind], kind, raw[start:end], start, end))
            counters[kind] += 1
    return pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)
