"""Show one article as the reader sees it, with its actors, claims and check-worthy statements marked in the text.

What it does: ``render_article`` draws an article from the frames alone (``articles.raw_text``, ``paragraphs`` and the
offsets of ``mentions`` and ``claims``): title, caption and credit labelled as such, boilerplate dimmed in a
collapsible block, body paragraphs numbered as in the tables (from 0). Actor mentions are tinted and underlined by type
(person, organisation, place, group: each its own underline pattern and a text label, so colour is never needed); each
claim shows its speaker's words (solid box), its cue (dashed box) and its content (in brackets, with the resolved
speaker's name and the kind as a label); check-worthy assertions are hatched with their score. Every mark takes keyboard
focus (Tab) and shows its details on hover or focus: the row's columns, including any the frames gain later (e.g. a
claim's ``speaker_resolution``, ``rule``, ``target_actor_ids``). The HTML is built from a sorted list of open/close
events, so marks nest (a mention inside a quote); a mark that crosses another, or a paragraph break, is split into
pieces that keep its identity, so the HTML stays well formed. Because the view is drawn from the offsets, a wrong offset
is a visibly wrong highlight, and a span whose ``raw_text[start:end]`` differs from the frame's text is outlined in red
and counted in a note above the text.

``write_article_pages`` writes one small page per article (no Plotly; one shared ``article.css``; a few lines of inline
script that outline every part of the claim under the pointer and let Escape hide the details) and an ``index.html``
listing every article with its status, searchable. ``article_page_name`` gives the page's file name: a slug of the id
plus a hash of it, so any id (spaces, unicode, ``../``) gives a safe, unique name.

What it does not do: compute actors or claims (it reads the frames), fetch anything, or trust the text: every string from
an article or a frame is HTML-escaped; nothing from the data becomes a tag, an attribute name, a link or a script.
"""
from __future__ import annotations

import hashlib
import heapq
import html
import itertools
import json
import logging
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from .gazetteer import slugify
from .paths import PACKAGE_DIR

ASSETS_DIR = PACKAGE_DIR / "templates" / "article_view"
CSS_NAME = "article.css"
INDEX_NAME = "index.html"
MAX_PAGES = 5000
TYPE_LABELS = {"person": "person", "organisation": "org", "place": "place", "group": "group"}
KIND_ORDER = ("direct", "indirect", "mixed", "assertion")
# layers, outermost first when two marks cover exactly the same characters
RANK = {"assert": 0, "content": 1, "speaker": 2, "cue": 3, "mention": 4}
# frame columns that are the offsets or the id of a row (shown by the mark itself, not listed in its details)
_OFFSET_COLUMNS = {"start", "end", "speaker_start", "speaker_end", "cue_start", "cue_end", "content_start", "content_end"}
MENTION_FIELDS = ("actor", "actor_id", "type", "role", "kind", "paragraph", "sentence")
CLAIM_FIELDS = ("claim_id", "kind", "speaker", "speaker_actor_id", "speaker_resolution", "speaker_text", "cue", "cue_text",
                "rule", "targets", "target_actor_ids", "paragraph", "sentence", "check_worthiness", "reasons")
SPEAKER_FIELDS = ("speaker", "speaker_actor_id", "speaker_resolution")  # the rest is in the content's details
CUE_FIELDS = ("cue",)
_KEY_LETTER = {"assert": "q", "content": "q", "speaker": "s", "cue": "v"}  # + claim number; mentions: m + row
_LANG = re.compile(r"^[a-z]{2,3}$")
log = logging.getLogger(__name__)


class ArticleNotFound(KeyError):
    """The article id is not in the frames; the message lists a few ids that are."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "article not found"


# ------------------------------------------------------------------------------------------------ public helpers

def article_page_name(article_id: Any) -> str:
    """Return an article page's file name: ASCII slug of the id (60 characters at most) + 10 hex digits of its SHA-256."""
    text = str(article_id)
    slug = slugify(text, default="article")[:60].strip("-")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug}-{digest}.html"


def claim_link(article_id: Any, claim_id: Any) -> str:
    """Return the link to a claim's content in its article page (``page.html#id``; claim ids of the form ``article_id:NNN``)."""
    match = re.search(r":(\d+)$", str(claim_id))
    anchor = f"#{_prefix(article_id)}-q{int(match.group(1))}" if match else ""
    return article_page_name(article_id) + anchor


def article_css() -> str:
    """Return the view's stylesheet (``helpers/templates/article_view/article.css``)."""
    return _asset(CSS_NAME)


def article_actors(profile_or_frames: Any, article_id: Any) -> pd.DataFrame:
    """Return the actors of one article: mentions, roles and names used there, first body paragraph, claims made and aimed at them."""
    view = _ArticleData.build(_frames(profile_or_frames), article_id)
    return view.actors_table()


def article_claims(profile_or_frames: Any, article_id: Any) -> pd.DataFrame:
    """Return the claims of one article in reading order (targets as text, offsets left out, any extra columns kept)."""
    view = _ArticleData.build(_frames(profile_or_frames), article_id)
    return view.claims_table()


def render_article(profile_or_frames: Any, article_id: Any = None, *, css: str = "inline", tables: bool = False,
                   boilerplate_open: bool = True) -> str:
    """Return safe HTML of one article (default: the first) with its actors, claims and check-worthy statements marked.

    ``profile_or_frames`` is a ``CorpusProfile`` or a dict of frames (``articles`` with ``raw_text``; ``paragraphs``,
    ``mentions``, ``claims`` and ``actors`` when present). ``css="inline"`` puts the stylesheet in a ``<style>`` element
    (notebooks), ``"none"`` leaves it out (pages that link ``article.css``). ``tables=True`` adds the article's claims
    and actors under the text, each linked to its mark. ``boilerplate_open=False`` starts the boilerplate collapsed.
    """
    if css not in ("inline", "none"):
        raise ValueError(f"css must be 'inline' or 'none', not {css!r}")
    frames = _frames(profile_or_frames)
    data = _ArticleData.build(frames, article_id)
    return _render(data, css=css, tables=tables, boilerplate_open=boilerplate_open)


def write_article_pages(frames_or_profile: Any, out_dir: str | Path, max_pages: int | None = MAX_PAGES,
                        reports_index: str | None = "../index.html") -> list[Path]:
    """Write one page per article (at most ``max_pages``, in frame order), ``index.html`` and ``article.css``; return the pages.

    Articles with no text (empty, binary, too large) get no page but are listed in the index with their status; the
    index also says how many pages ``max_pages`` left out (``None`` means no cap) and lists those articles without a
    link. ``reports_index`` is the "All reports" link of the index (relative to ``out_dir``; None leaves it out).
    """
    frames = _frames(frames_or_profile)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / CSS_NAME).write_text(article_css(), encoding="utf-8")
    articles = frames["articles"]
    groups = _GroupedFrames(frames)
    cap = math.inf if max_pages is None else max(0, int(max_pages))
    names: dict[str, Any] = {}
    pages: list[Path] = []
    entries: list[dict] = []
    skipped: list[Any] = []
    for row in articles.to_dict("records"):
        aid = row.get("article_id")
        name = article_page_name(aid)
        if name in names and names[name] != aid:
            raise ValueError(f"Two article ids give the page name {name}: {names[name]!r} and {aid!r}")
        names[name] = aid
        has_text = isinstance(row.get("raw_text"), str) and row["raw_text"] != ""
        entry = {"row": row, "page": None, "n_claims": groups.count("claims", aid),
                 "n_mentions": groups.count("mentions", aid)}
        if has_text and len(pages) < cap:
            data = _ArticleData.from_row(row, groups.frames_for(aid))
            path = out / name
            path.write_text(_page(data), encoding="utf-8")
            pages.append(path)
            entry["page"] = name
        elif has_text:
            skipped.append(aid)
        entries.append(entry)
    if skipped:
        log.warning("write_article_pages: %d article page(s) not written (max_pages=%s)", len(skipped), max_pages)
    (out / INDEX_NAME).write_text(_index_page(entries, skipped, max_pages, reports_index), encoding="utf-8")
    return pages


# ------------------------------------------------------------------------------------------------ reading frames

def _frames(obj: Any) -> dict[str, pd.DataFrame]:
    """Return a dict of frames from a CorpusProfile (``.frames()``, keeping ``articles.spans``) or a mapping of frames."""
    if isinstance(obj, Mapping):
        frames = dict(obj)
    elif hasattr(obj, "frames") and callable(obj.frames):
        frames = dict(obj.frames())
        if isinstance(getattr(obj, "articles", None), pd.DataFrame):
            frames["articles"] = obj.articles
    else:
        raise TypeError(f"Expected a CorpusProfile or a dict of frames, not {type(obj).__name__}")
    if "articles" not in frames or "raw_text" not in frames["articles"].columns:
        raise ValueError("The frames need an `articles` frame with a `raw_text` column (from profile_corpus).")
    return frames


class _GroupedFrames:
    """The per-article frames split once by article id, so writing thousands of pages stays linear."""

    def __init__(self, frames: dict[str, pd.DataFrame]):
        self.frames = frames
        self.groups: dict[str, dict[Any, pd.DataFrame]] = {}
        for name in ("paragraphs", "mentions", "claims"):
            frame = frames.get(name)
            if isinstance(frame, pd.DataFrame) and "article_id" in frame.columns and len(frame):
                self.groups[name] = {k: g for k, g in frame.groupby("article_id", sort=False)}
        self.actor_info = _actor_index(frames.get("actors"))

    def count(self, name: str, aid: Any) -> int:
        group = self.groups.get(name, {}).get(aid)
        return 0 if group is None else len(group)

    def frames_for(self, aid: Any) -> dict[str, Any]:
        out: dict[str, Any] = {name: self.groups.get(name, {}).get(aid) for name in ("paragraphs", "mentions", "claims")}
        out["actor_info"] = self.actor_info
        return out


def _actor_index(actors: Any) -> dict[str, dict]:
    """The corpus-level actors frame as a dict by actor id (empty when there is no such frame)."""
    if not isinstance(actors, pd.DataFrame) or "actor_id" not in actors.columns:
        return {}
    return {str(a["actor_id"]): a for a in actors.to_dict("records")}


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, (str, list, tuple, dict, set)):
        return len(value) == 0
    if hasattr(value, "__len__") and not isinstance(value, (bytes,)):
        return len(value) == 0
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _as_list(value: Any) -> list:
    if _missing(value):
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                parsed = json.loads(text)
                return parsed if isinstance(parsed, list) else [value]
            except ValueError:
                return [value]
        return [value]
    if hasattr(value, "tolist") and not isinstance(value, (int, float)):
        value = value.tolist()
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def _plain(value: Any) -> Any:
    """A list written as JSON text (frames read back from CSV tables) becomes the list again; other values pass."""
    if isinstance(value, str) and value.startswith("[") and value.endswith("]"):
        return _as_list(value)
    return value


def _fmt(value: Any) -> str:
    """Format a frame value for display: lists joined, floats rounded, whole numbers without a decimal point."""
    if isinstance(value, (list, tuple, set)) or (hasattr(value, "tolist") and not isinstance(value, (str, int, float))):
        return ", ".join(_fmt(v) for v in _as_list(value))
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _int(value: Any, default: int = -1) -> int:
    try:
        if _missing(value):
            return default
        return int(value)
    except (TypeError, ValueError):
        return default


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _shown(value: Any) -> str:
    """A frame value formatted and escaped for a table cell; empty when missing."""
    value = _plain(value)
    return "" if _missing(value) else _esc(_fmt(value))


def _truncate(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return (ASSETS_DIR / name).read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------------ one article's data

@dataclass
class _ArticleData:
    """One article's row and its own rows of the other frames."""

    row: dict
    paragraphs: pd.DataFrame | None
    mentions: pd.DataFrame | None
    claims: pd.DataFrame | None
    actor_info: dict[str, dict]

    @classmethod
    def build(cls, frames: dict[str, pd.DataFrame], article_id: Any) -> _ArticleData:
        articles = frames["articles"]
        if articles.empty:
            raise ArticleNotFound("The articles frame is empty: there is no article to render.")
        if article_id is None:
            ok = articles[articles["status"] == "ok"] if "status" in articles.columns else articles
            row = (ok if len(ok) else articles).iloc[0].to_dict()
        else:
            match = articles[articles["article_id"].astype(str) == str(article_id)]
            if match.empty:
                known = ", ".join(repr(str(a)) for a in articles["article_id"].head(5))
                raise ArticleNotFound(f"No article with id {article_id!r}; the first ids are {known} "
                                      f"({len(articles)} in all). Pass the id as text (papermill: -r ARTICLE <id>).")
            row = match.iloc[0].to_dict()
        aid = row["article_id"]
        own: dict[str, pd.DataFrame | None] = {}
        for name in ("paragraphs", "mentions", "claims"):
            frame = frames.get(name)
            usable = isinstance(frame, pd.DataFrame) and "article_id" in frame.columns
            own[name] = frame[frame["article_id"] == aid] if usable else None
        return cls(row, own["paragraphs"], own["mentions"], own["claims"], _actor_index(frames.get("actors")))

    @classmethod
    def from_row(cls, row: dict, own: dict[str, Any]) -> _ArticleData:
        return cls(row, own.get("paragraphs"), own.get("mentions"), own.get("claims"), own.get("actor_info") or {})

    @property
    def aid(self) -> Any:
        return self.row.get("article_id")

    @property
    def raw(self) -> str:
        raw = self.row.get("raw_text")
        return raw if isinstance(raw, str) else ""

    def blocks(self) -> list[tuple[str, int, int, int]]:
        """(kind, number within kind, start, end) of every paragraph, in text order."""
        raw = self.raw
        out: list[tuple[str, int, int, int]] = []
        if self.paragraphs is not None and len(self.paragraphs):
            for kind, number, start, end in zip(self.paragraphs["kind"], self.paragraphs["paragraph"],
                                                self.paragraphs["start"], self.paragraphs["end"]):
                out.append((str(kind), _int(number, 0), _int(start), _int(end)))
        elif not _missing(self.row.get("spans")):
            counters: dict[str, int] = {}
            for kind, start, end in self.row["spans"]:
                out.append((str(kind), counters.get(kind, 0), int(start), int(end)))
                counters[kind] = counters.get(kind, 0) + 1
        elif raw:
            out.append(("body", 0, 0, len(raw)))
        out = [(k, n, max(0, s), min(len(raw), e)) for k, n, s, e in out if e > s and s < len(raw)]
        return sorted(out, key=lambda b: (b[2], b[3]))

    @cached_property
    def mention_rows(self) -> list[dict]:
        """The article's mentions as dicts (converted once)."""
        return [] if self.mentions is None else self.mentions.to_dict("records")

    @cached_property
    def claim_rows(self) -> list[dict]:
        """The article's claims as dicts (converted once)."""
        return [] if self.claims is None else self.claims.to_dict("records")

    def claims_table(self) -> pd.DataFrame:
        if self.claims is None:
            return pd.DataFrame(columns=["claim_id", "paragraph", "kind", "speaker", "speaker_text", "cue", "content",
                                         "targets"])
        frame = self.claims.drop(columns=[c for c in self.claims.columns if c in _OFFSET_COLUMNS or c == "article_id"])
        for column in ("targets", "target_actor_ids", "reasons"):
            if column in frame.columns:
                frame[column] = frame[column].map(lambda v: "" if _missing(_plain(v)) else _fmt(_plain(v)))
        if "check_worthiness" in frame.columns:
            frame["check_worthiness"] = frame["check_worthiness"].round(2)
        first = [c for c in ("claim_id", "paragraph", "kind", "speaker", "speaker_text", "cue", "content", "targets",
                             "check_worthiness", "reasons") if c in frame.columns]
        return frame[first + [c for c in frame.columns if c not in first]].reset_index(drop=True)

    def actors_table(self) -> pd.DataFrame:
        columns = ["actor", "actor_id", "type", "n_mentions", "roles", "names", "first_paragraph", "n_claims", "n_targeted"]
        mentions = self.mention_rows
        if not mentions:
            return pd.DataFrame(columns=columns)
        claims = [c for c in self.claim_rows if c.get("kind") != "assertion"]
        rows: dict[str, dict] = {}
        for m in mentions:
            aid = str(m.get("actor_id"))
            entry = rows.setdefault(aid, {"actor": m.get("actor"), "actor_id": aid, "type": m.get("type"), "n_mentions": 0,
                                          "roles": [], "names": [], "first_paragraph": None})
            entry["n_mentions"] += 1
            for role in str(m.get("role") or "").split("; "):
                if role and role not in entry["roles"]:
                    entry["roles"].append(role)
            if m.get("text") and m["text"] not in entry["names"]:
                entry["names"].append(m["text"])
            paragraph = _int(m.get("paragraph"))
            if m.get("kind", "body") == "body" and paragraph >= 0:
                first = entry["first_paragraph"]
                entry["first_paragraph"] = paragraph if first is None else min(first, paragraph)
        for entry in rows.values():
            entry["n_claims"] = sum(1 for c in claims if str(c.get("speaker_actor_id")) == entry["actor_id"])
            entry["n_targeted"] = sum(1 for c in claims if _targets_actor(c, entry))
            entry["roles"] = "; ".join(entry["roles"])
            entry["names"] = "; ".join(entry["names"])
        frame = pd.DataFrame(list(rows.values()), columns=columns)
        frame["first_paragraph"] = frame["first_paragraph"].astype("Int64")
        return frame.sort_values(["n_mentions", "actor"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _targets_actor(claim: dict, actor: dict) -> bool:
    ids = _as_list(claim.get("target_actor_ids"))
    if ids:
        return actor["actor_id"] in [str(i) for i in ids]
    return actor["actor"] in [str(t) for t in _as_list(claim.get("targets"))]


# ------------------------------------------------------------------------------------------------ marks and nesting

@dataclass
class _Mark:
    """One highlighted span: its layer, classes, label, details and the claims it belongs to."""

    key: str
    layer: str
    start: int
    end: int
    classes: list[str]
    label: str = ""
    label_end: bool = False
    tip: str = ""
    claims: tuple[int, ...] = ()
    bad: bool = False


@dataclass
class _Piece:
    """The part of a mark inside one paragraph and one enclosing mark; ``first``/``last`` say if it holds the mark's ends."""

    mark: _Mark
    start: int
    end: int
    first: bool = True
    last: bool = True

    def left(self, cut: int) -> _Piece:
        return replace(self, end=cut, last=False)

    def right(self, cut: int) -> _Piece:
        return replace(self, start=cut, first=False)


@dataclass
class _Built:
    marks: list[_Mark] = field(default_factory=list)
    content_key: dict[int, str] = field(default_factory=dict)  # claim number -> key of its content mark
    first_mention: dict[str, str] = field(default_factory=dict)  # actor id -> key of its first mention mark
    not_drawn: int = 0
    mismatched: int = 0


def _tip(title: str, pairs: Iterable[tuple[str, Any]]) -> str:
    """The details of a mark: a bold title, then one ``name value`` line per non-empty field (``---`` draws a gap)."""
    rows = [f"<b>{_esc(title)}</b>"]
    for key, value in pairs:
        value = _plain(value)
        if key == "---":
            rows.append('<span class="ap-sep"></span>')
        elif not _missing(value):
            rows.append(f"<i>{_esc(key)}</i> {_esc(_fmt(value))}<br>")
    return "".join(rows)


def _fields(row: dict, order: Iterable[str], skip: Iterable[str] = (), extras: bool = True) -> list[tuple[str, Any]]:
    """Known columns in ``order``, then (``extras``) every other column of the row that is not an offset or id."""
    skip = set(skip) | {"article_id"} | _OFFSET_COLUMNS
    order = [c for c in order if c in row and c not in skip]
    pairs = [(c, row[c]) for c in order]
    if extras:
        pairs += [(c, v) for c, v in row.items() if c not in order and c not in skip and c not in ("text", "content")]
    return pairs


def _claim_number(row: dict, position: int) -> int:
    match = re.search(r":(\d+)$", str(row.get("claim_id", "")))
    return int(match.group(1)) if match else position


def _span_ok(raw: str, start: int, end: int) -> bool:
    return 0 <= start < end <= len(raw)


def _mismatch(raw: str, start: int, end: int, text: Any) -> bool:
    """True when the frame gives the span's text and ``raw[start:end]`` is not it (the offsets are wrong)."""
    return isinstance(text, str) and raw[start:end] != text


def _build_marks(data: _ArticleData) -> _Built:
    raw = data.raw
    built = _Built()
    actor_info = data.actor_info

    for i, m in enumerate(data.mention_rows):
        start, end = _int(m.get("start")), _int(m.get("end"))
        if not _span_ok(raw, start, end):
            built.not_drawn += 1
            continue
        kind = str(m.get("type") or "")
        type_class = f"ap-t-{kind}" if kind in TYPE_LABELS else "ap-t-other"
        label = TYPE_LABELS.get(kind, kind or "actor")
        info = actor_info.get(str(m.get("actor_id")), {})
        pairs = _fields(m, MENTION_FIELDS, skip=("actor", "type"))
        if info:
            pairs += [("---", None), ("roles in corpus", info.get("roles")), ("claims made in corpus", info.get("n_quoted"))]
        bad = _mismatch(raw, start, end, m.get("text"))
        built.mismatched += bad
        key = f"m{i}"
        built.marks.append(_Mark(key, "mention", start, end, ["ap-ent", type_class], label=label, label_end=True,
                                 tip=_tip(f"{m.get('actor') or m.get('text')} · {kind}", pairs), bad=bad))
        built.first_mention.setdefault(str(m.get("actor_id")), key)

    groups: dict[tuple[str, int, int], list[tuple[int, dict]]] = {}
    for position, c in enumerate(data.claim_rows):
        number = _claim_number(c, position)
        layers = [("assert" if c.get("kind") == "assertion" else "content", "content")]
        if c.get("kind") != "assertion":
            layers += [("speaker", "speaker"), ("cue", "cue")]
        for layer, prefix in layers:
            start, end = _int(c.get(f"{prefix}_start")), _int(c.get(f"{prefix}_end"))
            if start < 0 and end < 0 and layer in ("speaker", "cue"):
                continue  # no speaker or cue words: nothing to draw
            if not _span_ok(raw, start, end):
                built.not_drawn += 1
                continue
            groups.setdefault((layer, start, end), []).append((number, c))

    in_text_order = sorted(groups.items(), key=lambda kv: (kv[0][1], -kv[0][2], RANK[kv[0][0]]))
    for (layer, start, end), members in in_text_order:
        numbers = tuple(num for num, _ in members)
        text_column = {"assert": "content", "content": "content", "speaker": "speaker_text", "cue": "cue_text"}[layer]
        bad = any(_mismatch(raw, start, end, c.get(text_column)) for _, c in members)
        built.mismatched += bad
        key = f"{_KEY_LETTER[layer]}{numbers[0]}"  # a claim has one span per layer, so keys are unique
        listed = ", ".join(f"#{num}" for num in numbers)
        if layer in ("content", "assert"):
            for num in numbers:
                built.content_key.setdefault(num, key)
        if layer == "assert":
            c = members[0][1]
            score = c.get("check_worthiness")
            label = f"check-worthy {_fmt(score)}" if not _missing(score) else "check-worthy"
            tip = _tip(f"Check-worthy statement {listed}", _fields(c, CLAIM_FIELDS))
            built.marks.append(_Mark(key, layer, start, end, ["ap-assert"], label=label, tip=tip, claims=numbers, bad=bad))
        elif layer == "content":
            names, tips, classes = [], [], ["ap-claim", "ap-content"]
            for num, c in members:
                speaker = str(c.get("speaker") or "")
                if not speaker:
                    words = str(c.get("speaker_text") or "")
                    speaker = f"unresolved: {_truncate(words, 30)}" if words else "no speaker"
                    classes.append("ap-unresolved")
                names.append(f"{speaker} · {c.get('kind')}")
                classes.append(f"ap-k-{slugify(str(c.get('kind')))}")
                tips.append(_tip(f"Claim #{num}: content", _fields(c, CLAIM_FIELDS)))
            label = "; ".join(dict.fromkeys(names))
            built.marks.append(_Mark(key, layer, start, end, list(dict.fromkeys(classes)), label=label,
                                     tip='<span class="ap-sep"></span>'.join(tips), claims=numbers, bad=bad))
        else:
            order = SPEAKER_FIELDS if layer == "speaker" else CUE_FIELDS
            tips = [_tip(f"{layer.capitalize()} of claim #{num} ({c.get('kind')})", [(k, c[k]) for k in order if k in c])
                    for num, c in members]
            tip = '<span class="ap-sep"></span>'.join(tips)
            built.marks.append(_Mark(key, layer, start, end, ["ap-claim", f"ap-{layer}"], tip=tip, claims=numbers, bad=bad))
    return built


def _open_tag(piece: _Piece, prefix: str) -> str:
    mark = piece.mark
    classes = ["ap-a", *mark.classes]
    if not piece.first:
        classes.append("ap-cl")  # continues from the left
    if not piece.last:
        classes.append("ap-cr")  # continues to the right
    if mark.bad:
        classes.append("ap-bad")
    attrs = [f'class="{" ".join(classes)}"']
    if piece.first:
        attrs.append(f'id="{prefix}-{mark.key}"')
    attrs += ['tabindex="0"', f'aria-describedby="{prefix}-{mark.key}t"']
    if mark.claims:
        attrs.append(f'data-c="{" ".join(str(n) for n in mark.claims)}"')
    out = f"<mark {' '.join(attrs)}>"
    if piece.first and mark.label and not mark.label_end:
        out += f'<span class="ap-lab" aria-hidden="true">{_esc(mark.label)}</span>'
    return out


def _close_tag(piece: _Piece, prefix: str) -> str:
    mark = piece.mark
    out = ""
    if piece.last and mark.label and mark.label_end:
        out += f'<span class="ap-lab" aria-hidden="true">{_esc(mark.label)}</span>'
    tip_id = f' id="{prefix}-{mark.key}t"' if piece.first else ""
    return out + f'<span class="ap-tip" role="tooltip"{tip_id} hidden>{mark.tip}</span></mark>'


def _nest_spans(raw: str, start: int, end: int, pieces: list[_Piece], open_tag, close_tag) -> str:
    """Return ``raw[start:end]`` escaped with every piece wrapped in its tags, from a sorted list of open/close events.

    Pieces are opened in order of start (longer first, then by layer); a piece that would cross the innermost open one
    is cut at that one's end and its remainder queued again, so the result is always well formed.
    """
    seq = itertools.count()
    heap = [(p.start, -p.end, RANK[p.mark.layer], next(seq), p) for p in pieces if p.end > p.start]
    heapq.heapify(heap)
    out: list[str] = []
    stack: list[_Piece] = []
    pos = start

    def text_to(to: int) -> None:
        nonlocal pos
        if to > pos:
            out.append(html.escape(raw[pos:to], quote=True))
            pos = to

    while heap or stack:
        nxt = heap[0][0] if heap else None
        if stack and (nxt is None or stack[-1].end <= nxt):
            top = stack.pop()
            text_to(top.end)
            out.append(close_tag(top))
            continue
        if nxt is None:
            break
        piece = heapq.heappop(heap)[-1]
        text_to(piece.start)
        if stack and piece.end > stack[-1].end:
            cut = stack[-1].end
            heapq.heappush(heap, (cut, -piece.end, RANK[piece.mark.layer], next(seq), piece.right(cut)))
            piece = piece.left(cut)
        out.append(open_tag(piece))
        stack.append(piece)
    text_to(end)
    return "".join(out)


def _pieces_in(marks: list[_Mark], start: int, end: int) -> list[_Piece]:
    pieces = []
    for mark in marks:
        if mark.end <= start or mark.start >= end:
            continue
        s, e = max(mark.start, start), min(mark.end, end)
        pieces.append(_Piece(mark, s, e, first=(s == mark.start), last=(e == mark.end)))
    return pieces


# ------------------------------------------------------------------------------------------------ HTML

def _prefix(aid: Any) -> str:
    return "a" + hashlib.sha256(str(aid).encode("utf-8", "surrogatepass")).hexdigest()[:7]


def _counts_line(data: _ArticleData) -> str:
    claims = data.claim_rows
    kinds = {k: sum(1 for c in claims if c.get("kind") == k) for k in KIND_ORDER}
    attributed = sum(kinds[k] for k in ("direct", "indirect", "mixed"))
    mentions = data.mention_rows
    n_actors = len({m.get("actor_id") for m in mentions})
    resolved = sum(1 for c in claims if c.get("kind") != "assertion" and not _missing(c.get("speaker")))
    return (f"<b>{len(mentions)}</b> actor mention{'s' * (len(mentions) != 1)} of <b>{n_actors}</b> "
            f"actor{'s' * (n_actors != 1)} · "
            f"<b>{attributed}</b> attributed claim{'s' * (attributed != 1)} ({kinds['direct']} direct, {kinds['indirect']} "
            f"indirect, {kinds['mixed']} mixed; {resolved} with a resolved speaker) · <b>{kinds['assertion']}</b> check-worthy "
            f"statement{'s' * (kinds['assertion'] != 1)}")


def _legend() -> str:
    def sample(classes: str, text: str, label: str = "", end: bool = True) -> str:
        lab = f'<span class="ap-lab" aria-hidden="true">{label}</span>' if label else ""
        return f'<mark class="ap-a {classes}">{lab if not end else ""}{text}{lab if end else ""}</mark>'

    actors = " ".join(sample(f"ap-ent ap-t-{t}", {"person": "Person", "organisation": "Organisation", "place": "Place",
                                                   "group": "Group"}[t], TYPE_LABELS[t]) for t in TYPE_LABELS)
    claims = " ".join([
        sample("ap-claim ap-speaker", "speaker's words"), sample("ap-claim ap-cue", "cue"),
        sample("ap-claim ap-content ap-k-direct", "what is claimed", "Speaker · kind", end=False),
        sample("ap-assert", "unattributed statement", "check-worthy 0.75", end=False),
    ])
    return (f'<div class="ap-legend" role="note" aria-label="Legend"><span class="ap-lg-h">Actors</span>{actors}'
            f'<span class="ap-lg-sep"></span><span class="ap-lg-h">Claims</span>{claims}'
            '<span class="ap-lg-help">Actors: underline solid = person, double = organisation, dotted = place, dashed = group. '
            'Claims: speaker in a solid box, cue in a dashed box, content in [brackets] after a label naming the speaker '
            '(filled label: direct quote; outlined: reported speech; dashed: mixed; dotted: speaker not resolved); '
            '{curly brackets}, hatched: unattributed check-worthy statement with its score. '
            'Hover a mark, or Tab to it, for its details (Esc hides them). Paragraph numbers are those of the tables (from 0).</span></div>')


def _block_html(data: _ArticleData, built: _Built, prefix: str, kind: str, number: int, start: int, end: int) -> str:
    inner = _nest_spans(data.raw, start, end, _pieces_in(built.marks, start, end),
                       lambda p: _open_tag(p, prefix), lambda p: _close_tag(p, prefix))
    if kind == "body":
        return (f'<p class="ap-p ap-body" id="{prefix}-p{number}"><span class="ap-pn" title="body paragraph {number}">'
                f'{number}</span>{inner}</p>')
    if kind in ("title", "caption", "credit"):
        return f'<p class="ap-p ap-{kind}"><span class="ap-kind">{kind}</span>{inner}</p>'
    return f'<p class="ap-p ap-bp">{inner}</p>'


def _text_html(data: _ArticleData, built: _Built, prefix: str, boilerplate_open: bool) -> str:
    parts: list[str] = []
    blocks = data.blocks()
    i = 0
    while i < len(blocks):
        kind = blocks[i][0]
        if kind == "boilerplate":
            run = []
            while i < len(blocks) and blocks[i][0] == "boilerplate":
                run.append(blocks[i])
                i += 1
            first_words = _truncate(data.raw[run[0][2]:run[0][3]], 60)
            body = "".join(_block_html(data, built, prefix, *b) for b in run)
            parts.append(f'<details class="ap-boiler"{" open" if boilerplate_open else ""}><summary>Boilerplate set aside '
                         f'({len(run)} paragraph{"s" * (len(run) != 1)}, not read for actors or claims): '
                         f'“{_esc(first_words)}”</summary>{body}</details>')
            continue
        parts.append(_block_html(data, built, prefix, *blocks[i]))
        i += 1
    if not parts:
        parts.append('<p class="ap-p"><i>No text.</i></p>')
    lang = str(data.row.get("language") or "")
    lang_attr = f' lang="{lang}"' if _LANG.match(lang) else ""
    return f'<div class="ap-text"{lang_attr}>{"".join(parts)}</div>'


def _table_html(headers: list[str], rows: list[list[str]], numeric: set[int], caption: str) -> str:
    num = ' class="ap-num"'
    head = "".join(f'<th scope="col"{num if i in numeric else ""}>{_esc(h)}</th>' for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f'<td{num if i in numeric else ""}>{cell}</td>' for i, cell in enumerate(r)) + "</tr>"
                   for r in rows)
    return (f'<table class="ap-table"><caption class="ap-sr">{_esc(caption)}</caption><thead><tr>{head}</tr></thead>'
            f'<tbody>{body}</tbody></table>')


def _tables_html(data: _ArticleData, built: _Built, prefix: str) -> str:
    rows = []
    for position, c in enumerate(data.claim_rows):
        number = _claim_number(c, position)
        key = built.content_key.get(number)
        content = _esc(_truncate(str(c.get("content", "")), 220))
        if key:
            content = f'<a href="#{prefix}-{key}">{content}</a>'
        score = c.get("check_worthiness")
        speaker = c.get("speaker") or (f"({c.get('speaker_text')})" if not _missing(c.get("speaker_text")) else "")
        rows.append([f"#{number}", _esc(_fmt(c.get("paragraph"))), _esc(c.get("kind", "")), _esc(speaker),
                     _esc(c.get("cue_text") or ""), content, _shown(c.get("targets")), _shown(score)])
    claims = (_table_html(["#", "¶", "kind", "speaker", "cue", "content", "targets", "check-worthiness"], rows, {0, 1, 7},
                          "Claims of this article") if rows else "<p>No claims.</p>")
    actors = data.actors_table()
    arows = []
    for a in actors.to_dict("records"):
        key = built.first_mention.get(str(a["actor_id"]))
        name = _esc(a["actor"])
        if key:
            name = f'<a href="#{prefix}-{key}">{name}</a>'
        arows.append([name, _esc(a["type"]), _esc(a["n_mentions"]), _esc(a["roles"]), _shown(a["first_paragraph"]),
                      _esc(a["n_claims"]), _esc(a["n_targeted"])])
    actor_table = (_table_html(["actor", "type", "mentions", "roles here", "first ¶", "claims made", "named in claims"], arows,
                               {2, 4, 5, 6}, "Actors of this article") if arows else "<p>No actors.</p>")
    return (f'<div class="ap-tables"><h2>Claims ({len(rows)})</h2>{claims}'
            f'<h2>Actors ({len(arows)})</h2>{actor_table}</div>')


def _render(data: _ArticleData, css: str = "inline", tables: bool = False, boilerplate_open: bool = True) -> str:
    prefix = _prefix(data.aid)
    built = _build_marks(data)
    row = data.row
    meta = [f"Article <code>{_esc(data.aid)}</code>"]
    if not _missing(row.get("outlet")):
        meta.append(_esc(row["outlet"]))
    if not _missing(row.get("status")):
        meta.append(f"status {_esc(row['status'])}")
    if not _missing(row.get("n_words")):
        meta.append(f"{_int(row['n_words']):,} words")
    if not _missing(row.get("n_paragraphs")):
        meta.append(f"{_int(row['n_paragraphs'])} body paragraphs")
    notes = []
    if not _missing(row.get("error")):
        notes.append(_esc(row["error"]))
    if built.mismatched:
        notes.append(f"{built.mismatched} highlighted span(s) do not match their frame text (outlined in red dashes): the "
                     "offsets are wrong.")
    if built.not_drawn:
        notes.append(f"{built.not_drawn} span(s) have offsets outside the text and are not drawn.")
    note_html = "".join(f'<p class="ap-note">{n}</p>' for n in notes)
    style = f"<style>{article_css()}</style>" if css == "inline" else ""
    return (f'<div class="ap-article" id="{prefix}">{style}'
            f'<p class="ap-meta">{" · ".join(meta)}</p><p class="ap-counts">{_counts_line(data)}</p>{note_html}{_legend()}'
            f'{_text_html(data, built, prefix, boilerplate_open)}'
            f'{_tables_html(data, built, prefix) if tables else ""}</div>')


def _page(data: _ArticleData) -> str:
    title = str(data.row.get("title") or "") or str(data.aid)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{_esc(_truncate(title, 90))} · Article Profiler</title>\n"
            f"<link rel=\"stylesheet\" href=\"{CSS_NAME}\">\n</head>\n<body class=\"ap-page\">\n"
            f"<p class=\"ap-back\"><a href=\"{INDEX_NAME}\">&larr; All articles</a></p>\n"
            f"<h1 class=\"ap-h1\">{_esc(title)}</h1>\n"
            f"{_render(data, css='none', tables=True)}\n"
            f"<script>{_asset('article.js')}</script>\n</body>\n</html>\n")


def _index_page(entries: list[dict], skipped: list[Any], max_pages: int | None, reports_index: str | None) -> str:
    rows = []
    for i, e in enumerate(entries, 1):
        r = e["row"]
        status = str(r.get("status") or "")
        title = _esc(str(r.get("title") or "") or "(no title)")
        if e["page"]:
            title = f'<a href="{_esc(e["page"])}">{title}</a>'
        elif isinstance(r.get("raw_text"), str) and r["raw_text"]:
            title += ' <span class="ap-skipped">(no page: over max_pages)</span>'
        if not _missing(r.get("error")):
            title += f'<span class="ap-err">{_esc(r["error"])}</span>'
        status_html = _esc(status) if status == "ok" else f'<span class="ap-status-bad">{_esc(status)}</span>'
        words = _int(r.get("n_words"), 0)
        rows.append(f'<tr><td class="ap-num">{i}</td><td>{status_html}</td><td>{title}</td><td>{_esc(r.get("outlet") or "")}</td>'
                    f'<td class="ap-num">{words:,}</td><td class="ap-num">{e["n_claims"]:,}</td>'
                    f'<td class="ap-num">{e["n_mentions"]:,}</td><td><code>{_esc(r.get("article_id"))}</code></td></tr>')
    written = sum(1 for e in entries if e["page"])
    back = f'<p class="ap-back"><a href="{_esc(reports_index)}">&larr; All reports</a></p>\n' if reports_index else ""
    note = ""
    if skipped:
        note = (f'<p class="ap-skipped">{len(skipped):,} article page(s) were not written: the report writes at most '
                f'{max_pages:,} (setting <code>max_pages</code>). Their rows below have no link; the tables hold all their data.</p>')
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>Articles · Article Profiler</title>\n<link rel=\"stylesheet\" href=\"{CSS_NAME}\">\n</head>\n"
            "<body class=\"ap-page ap-index\">\n"
            f"{back}"
            "<h1>Articles</h1>\n"
            f"<p>{len(entries):,} input(s), {written:,} article page(s). Each page shows the text with its actors, claims and "
            "check-worthy statements marked.</p>\n"
            f"{note}"
            '<p><input type="search" id="ap-q" placeholder="Filter: words in any column" aria-label="Filter the articles" hidden>'
            f'<span id="ap-n" aria-live="polite">{len(entries):,} articles</span></p>\n'
            '<table id="ap-articles"><thead><tr><th class="ap-num" scope="col">#</th><th scope="col">status</th>'
            '<th scope="col">title</th><th scope="col">outlet</th><th class="ap-num" scope="col">words</th>'
            '<th class="ap-num" scope="col">claims</th><th class="ap-num" scope="col">mentions</th><th scope="col">id</th></tr></thead>\n'
            f"<tbody>\n{chr(10).join(rows)}\n</tbody></table>\n"
            f"<script>{_asset('index.js')}</script>\n</body>\n</html>\n")
