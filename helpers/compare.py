"""Compare groups of articles: by outlet, month, year, section, author or any metadata key.

What it does: ``article_groups`` labels each article with its group (missing values become ``"(unknown)"``,
no grouping is one group ``"all"``); ``group_articles`` adds the group sizes every comparison carries
(``n_articles``, ``n_claims``, ``n_attributed``, ``small_group`` below ``min_articles``). The comparison
functions turn the profiler's frames (readability, claims, mentions, actors) into tidy per-group frames,
one row per group and category, each with its count, its denominator and an interval: a bootstrap 95%
interval of the median grade (seeded, so reruns give the same numbers) and Wilson 95% intervals for
shares (``wilson_interval``). Top-N lists keep the rest as ``"other"`` so shares still add up to one.
Who gets to speak, by gender, counts distinct people quoted and mentioned per group with ``unknown`` as
a category of its own, never dropped (the Gender Gap Tracker's headline view).

The ``plot_*`` functions turn those frames into Plotly figures that hold at many groups (facets, heatmaps, sorted
axes, small groups in grey); ``helpers.charts.show_figure`` displays them. ``find_contrast`` and ``find_changes``
pick the highest and lowest group, or the largest change over time, for generated sentences.

What it does not do: display anything, infer anyone's gender (it reads the actors frame's ``gender`` column and
treats a missing column as all unknown, with a note in ``frame.attrs["notes"]``), or test significance:
the intervals show the noise; two groups whose intervals overlap are not shown to differ.
"""
from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from .charts import COLORWAY, escape_columns, escape_markdown, escape_text

UNKNOWN = "(unknown)"  # group label of an article without the value
ALL = "all"  # the one group when nothing is grouped
OTHER = "other"  # everything below the top N
UNATTRIBUTED = "unattributed"  # a claim whose speaker is not resolved to an actor
METADATA_FIELDS = ("outlet", "published", "author", "url", "section")
TIME_FIELDS = ("month", "year")
GROUP_FIELDS = ("outlet", "month", "year", "section", "author")
SPEAKER_TYPES = ("person", "organisation", "place", "group", UNATTRIBUTED)
CLAIM_KINDS = ("direct", "indirect", "mixed", "assertion")
ATTRIBUTED_KINDS = ("direct", "indirect", "mixed")
GENDERS = ("female", "male", "unknown")
MEASURES = ("quoted", "mentioned")
MIN_ARTICLES = 5  # groups with fewer profiled articles are flagged small_group
N_RESAMPLES = 1000
SEED = 0
Z95 = 1.959963984540054  # two-sided 95% normal quantile
SIZE_COLUMNS = ["n_articles", "n_claims", "n_attributed", "small_group"]
SHARE_COLUMNS = ["count", "total", "share", "ci_low", "ci_high"]
_GENDER_WORDS = {"f": "female", "female": "female", "woman": "female", "w": "female",
                 "m": "male", "male": "male", "man": "male", "": "unknown", "unknown": "unknown", "u": "unknown"}


# ---------------------------------------------------------------------------------------------- intervals

def wilson_interval(k: Any, n: Any, z: float = Z95) -> tuple[Any, Any]:
    """Return the Wilson score interval (low, high) of k successes in n trials (arrays allowed; NaN when n is 0)."""
    k_arr, n_arr = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k_arr / n_arr
        z2 = z * z
        denom = 1 + z2 / n_arr
        centre = (p + z2 / (2 * n_arr)) / denom
        half = z * np.sqrt(p * (1 - p) / n_arr + z2 / (4 * n_arr * n_arr)) / denom
        low = np.where(k_arr <= 0, 0.0, np.clip(centre - half, 0.0, 1.0))
        high = np.where(k_arr >= n_arr, 1.0, np.clip(centre + half, 0.0, 1.0))
    low = np.where(n_arr > 0, low, np.nan)
    high = np.where(n_arr > 0, high, np.nan)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def bootstrap_median_ci(values: Iterable[float], n_resamples: int = N_RESAMPLES, seed: int = SEED,
                        level: float = 0.95) -> tuple[float, float]:
    """Return the percentile bootstrap interval (low, high) of the median over values (NaN dropped; seeded)."""
    data = np.asarray([v for v in values if v is not None and not pd.isna(v)], dtype=float)
    if data.size == 0:
        return math.nan, math.nan
    if data.size == 1 or np.all(data == data[0]):
        return float(data[0]), float(data[0])
    rng = np.random.default_rng(seed)
    medians = np.empty(n_resamples)
    step = max(1, 2_000_000 // data.size)  # resample in blocks: bounded memory on large groups
    for start in range(0, n_resamples, step):
        size = min(step, n_resamples - start)
        medians[start:start + size] = np.median(data[rng.integers(0, data.size, size=(size, data.size))], axis=1)
    tail = (1 - level) / 2
    low, high = np.quantile(medians, [tail, 1 - tail])
    return float(low), float(high)


# ---------------------------------------------------------------------------------------------- groups

def _clean_label(value: Any) -> str:
    """Return a group label: the value's text with whitespace collapsed, or UNKNOWN when missing or blank."""
    if value is None or (not isinstance(value, (list, tuple, dict, set)) and pd.isna(value)):
        return UNKNOWN
    if isinstance(value, (list, tuple, set)):
        value = ", ".join(str(v) for v in value)
    text = " ".join(str(value).split())
    return text or UNKNOWN


def _as_dict(value: Any) -> Mapping:
    """Return a row's metadata as a mapping (a dict, or JSON text as the CSV tables store it); empty otherwise."""
    if isinstance(value, Mapping):
        return value
    if isinstance(value, str) and value.strip().startswith("{"):
        try:
            parsed = json.loads(value)
        except ValueError:
            return {}
        return parsed if isinstance(parsed, Mapping) else {}
    return {}


def _article_ids(articles: pd.DataFrame) -> pd.Index:
    ids = articles["article_id"] if "article_id" in articles else pd.Series(articles.index, index=articles.index)
    return pd.Index([str(v) for v in ids], name="article_id")


def parse_published(articles: pd.DataFrame) -> pd.Series:
    """Return the articles' publication dates as datetimes (NaT when unknown or the column is missing)."""
    if "published" not in articles:
        return pd.Series(pd.NaT, index=articles.index, dtype="datetime64[ns]")
    column = articles["published"]
    if pd.api.types.is_datetime64_any_dtype(column):
        return column
    parsed = pd.to_datetime(column, errors="coerce", format="mixed")
    if not pd.api.types.is_datetime64_any_dtype(parsed):  # mixed time zones: compare in UTC
        parsed = pd.to_datetime(column, errors="coerce", format="mixed", utc=True)
    return parsed


def article_groups(articles: pd.DataFrame, group_by: str | None) -> pd.Series:
    """Return article_id -> group label for outlet, month, year, section, author or a metadata key; None -> "all"."""
    ids = _article_ids(articles)
    if group_by is None:
        labels = [ALL] * len(articles)
    elif group_by in TIME_FIELDS:
        dates = parse_published(articles)
        fmt = "%Y-%m" if group_by == "month" else "%Y"
        labels = [UNKNOWN if pd.isna(d) else d.strftime(fmt) for d in dates]
    elif group_by in articles.columns and group_by != "meta":
        labels = [_clean_label(v) for v in articles[group_by]]
    else:
        metas = articles["meta"] if "meta" in articles else [None] * len(articles)
        labels = [_clean_label(_as_dict(m).get(group_by)) for m in metas]
    return pd.Series(labels, index=ids, name="group", dtype=object)


def list_group_keys(articles: pd.DataFrame) -> list[str]:
    """Return every value ``group_by`` can take on these articles: the built-in fields, then the metadata keys found."""
    keys = {k for m in (articles["meta"] if "meta" in articles else []) for k in _as_dict(m)}
    return list(GROUP_FIELDS) + sorted(str(k) for k in keys - set(GROUP_FIELDS))


def choose_group_by(articles: pd.DataFrame) -> str:
    """Return the first built-in field (outlet, month, year, section, author) that splits the profiled articles into two
    or more known groups, else "outlet": the default when neither the run nor the notebook names a ``group_by``."""
    profiled = profiled_articles(articles)
    for key in GROUP_FIELDS:
        if len(profiled) and article_groups(profiled, key).loc[lambda g: g != UNKNOWN].nunique() >= 2:
            return key
    return GROUP_FIELDS[0]


def order_groups(labels: Iterable[str], group_by: str | None, sizes: Mapping[str, int] | None = None) -> list[str]:
    """Return group labels in display order: by date for month and year, else largest first; "(unknown)" last."""
    unique = list(dict.fromkeys(labels))
    known = [g for g in unique if g != UNKNOWN]
    if group_by in TIME_FIELDS:
        known.sort()
    else:
        sizes = sizes or {}
        known.sort(key=lambda g: (-sizes.get(g, 0), g.casefold(), g))
    return known + ([UNKNOWN] if UNKNOWN in unique else [])


def profiled_articles(articles: pd.DataFrame) -> pd.DataFrame:
    """Return the articles that were profiled (status ok; all of them when there is no status column)."""
    if "status" not in articles:
        return articles
    return articles[articles["status"] == "ok"]


@dataclass(frozen=True, eq=False)
class Grouping:
    """How the profiled articles fall into groups: labels per article, sizes per group, and notes on what was missing."""

    by: str  # the field grouped by, or "all"
    labels: pd.Series  # article_id -> group
    sizes: pd.DataFrame  # group, n_articles, n_claims, n_attributed, small_group; in display order
    min_articles: int = MIN_ARTICLES
    notes: tuple[str, ...] = field(default=())

    @property
    def order(self) -> list[str]:
        """Group labels in display order."""
        return list(self.sizes["group"])

    @property
    def is_time(self) -> bool:
        """True when grouped by month or year (the order is by date)."""
        return self.by in TIME_FIELDS


def group_articles(articles: pd.DataFrame, claims: pd.DataFrame | None = None, group_by: str | None = None,
                   min_articles: int = MIN_ARTICLES) -> Grouping:
    """Return the grouping of the profiled articles with each group's n_articles, n_claims and small_group flag."""
    ok = profiled_articles(articles)
    labels = article_groups(ok, group_by)
    return grouping_counted(count_group_sizes(labels, claims), group_by, min_articles, labels)


GROUP_SIZE_COLUMNS = ["group", "n_articles", "n_claims", "n_attributed"]


def count_group_sizes(labels: pd.Series, claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return per group (of these article labels) its articles, claims and attributed claims; parts' counts add up."""
    claims = _claims_frame(claims)
    claim_groups = claims["article_id"].map(labels)
    attributed = claims["kind"].isin(ATTRIBUTED_KINDS)
    n_articles = labels.value_counts()
    by_group = claim_groups.value_counts()
    by_group_attr = claim_groups[attributed].value_counts()
    groups = list(dict.fromkeys(labels))
    return pd.DataFrame({"group": pd.Series(groups, dtype=object),
                         "n_articles": [int(n_articles.get(g, 0)) for g in groups],
                         "n_claims": [int(by_group.get(g, 0)) for g in groups],
                         "n_attributed": [int(by_group_attr.get(g, 0)) for g in groups]}, columns=GROUP_SIZE_COLUMNS)


def grouping_counted(counts: pd.DataFrame, group_by: str | None, min_articles: int = MIN_ARTICLES,
                     labels: pd.Series | None = None) -> Grouping:
    """The ``Grouping`` from its group sizes (``count_group_sizes``); without ``labels`` (a dataset's, left in it) the
    grouping has sizes and order but no article labels."""
    counts = counts.groupby("group", sort=False)[GROUP_SIZE_COLUMNS[1:]].sum() if len(counts) else \
        pd.DataFrame(columns=GROUP_SIZE_COLUMNS[1:])
    notes = []
    if group_by is not None and len(counts) and list(counts.index) == [UNKNOWN]:
        source = "a publication date (`published`)" if group_by in TIME_FIELDS else f"a value for `{group_by}`"
        notes.append(f"No profiled article has {source}: every article is in the group {UNKNOWN}.")
    order = order_groups(counts.index, group_by, counts["n_articles"].to_dict())
    sizes = pd.DataFrame({"group": pd.Series(order, dtype=object)})
    for column in GROUP_SIZE_COLUMNS[1:]:
        sizes[column] = [int(counts.loc[g, column]) for g in order]
    sizes["small_group"] = sizes["n_articles"] < min_articles
    labels = pd.Series([], index=pd.Index([], name="article_id"), name="group", dtype=object) if labels is None else labels
    return Grouping(by=group_by or ALL, labels=labels, sizes=sizes, min_articles=min_articles, notes=tuple(notes))


def _with_sizes(frame: pd.DataFrame, grouping: Grouping, sort: Sequence[str] = (),
                notes: Iterable[str] = ()) -> pd.DataFrame:
    """Attach the group sizes, order the rows by group (then ``sort``) and record notes in ``attrs``."""
    out = frame.drop(columns=[c for c in SIZE_COLUMNS if c in frame], errors="ignore")
    out["group"] = out["group"].astype(object)
    out = out.merge(grouping.sizes, on="group", how="left", validate="many_to_one")
    rank = {g: i for i, g in enumerate(grouping.order)}
    out["_order"] = out["group"].map(rank)
    out = out.sort_values(["_order", *sort], kind="stable").drop(columns="_order").reset_index(drop=True)
    out.attrs["notes"] = list(dict.fromkeys([*grouping.notes, *notes]))
    return out


def _shares(counts: pd.DataFrame, category: str, totals: Mapping[str, int], categories: Sequence[str],
            grouping: Grouping) -> pd.DataFrame:
    """Complete a (group, category, count) frame to every group x category and add total, share and Wilson interval."""
    filled = len(counts) and "count" in counts
    seen = [c for c in dict.fromkeys(counts[category]) if c not in categories] if filled else []
    cats = [*categories, *sorted(seen)]
    grid = pd.MultiIndex.from_product([grouping.order, cats], names=["group", category])
    lookup = counts.set_index(["group", category])["count"].to_dict() if filled else {}
    out = grid.to_frame(index=False)
    out["count"] = [int(lookup.get(key, 0)) for key in grid]
    out["total"] = out["group"].map(lambda g: int(totals.get(g, 0)))
    out["share"] = np.where(out["total"] > 0, out["count"] / out["total"].where(out["total"] > 0, 1), np.nan)
    out["ci_low"], out["ci_high"] = wilson_interval(out["count"], out["total"])
    out["_cat"] = out[category].map({c: i for i, c in enumerate(cats)})
    return out.sort_values(["group", "_cat"], kind="stable").drop(columns="_cat")


def _claims_frame(claims: pd.DataFrame | None) -> pd.DataFrame:
    """Return the claims with the columns the comparisons read, defaults filled where a column is missing."""
    defaults = {"article_id": "", "claim_id": "", "kind": "indirect", "speaker": "", "speaker_actor_id": "",
                "targets": None, "target_actor_ids": None}
    if claims is None:
        claims = pd.DataFrame(columns=list(defaults))
    out = pd.DataFrame(index=claims.index)
    for column, default in defaults.items():
        if column in claims:
            out[column] = claims[column].astype(object)
        else:
            out[column] = pd.Series([default] * len(claims), index=claims.index, dtype=object)
    for column in ("article_id", "kind", "speaker", "speaker_actor_id"):
        out[column] = out[column].map(
            lambda v: "" if v is None or (not isinstance(v, (list, tuple)) and pd.isna(v)) else str(v))
    out["article_id"] = out["article_id"].astype(object)
    return out


def _in_groups(frame: pd.DataFrame, grouping: Grouping) -> pd.DataFrame:
    """Return the rows of a per-article frame whose article is in the grouping, with its ``group``."""
    out = frame.copy()
    out["group"] = out["article_id"].astype(str).map(grouping.labels) if len(out) else pd.Series(dtype=object)
    return out[out["group"].notna()]


# ---------------------------------------------------------------------------------------------- comparisons

def count_metadata_coverage(articles: pd.DataFrame) -> pd.DataFrame:
    """Return, per metadata field (and meta key), how many profiled articles have a value and how many distinct values."""
    ok = profiled_articles(articles)
    rows = []
    for name in [*METADATA_FIELDS, *list_group_keys(ok)[len(GROUP_FIELDS):]]:
        if name == "published":
            values = pd.Series([UNKNOWN if pd.isna(d) else d.strftime("%Y-%m-%d") for d in parse_published(ok)],
                               dtype=object)
            present = "published" in ok
        else:
            values = article_groups(ok, name).reset_index(drop=True)
            present = name in ok or name not in METADATA_FIELDS
        known = values[values != UNKNOWN]
        top = known.value_counts().sort_index(kind="stable").sort_values(ascending=False, kind="stable").head(3)
        rows.append({
            "field": name if name in METADATA_FIELDS else f"meta.{name}",
            "in_frame": bool(present),
            "n_articles": len(ok),
            "n_with_value": len(known),
            "share": len(known) / len(ok) if len(ok) else math.nan,
            "n_values": int(known.nunique()),
            "examples": "; ".join(f"{v} ({n})" for v, n in top.items()),
        })
    return pd.DataFrame(rows, columns=["field", "in_frame", "n_articles", "n_with_value", "share", "n_values", "examples"])


def compare_readability(readability: pd.DataFrame, grouping: Grouping, formula: str = "flesch_kincaid_grade",
                        n_resamples: int = N_RESAMPLES, seed: int = SEED) -> pd.DataFrame:
    """Return per group the median, quartiles and bootstrap 95% interval of the median of one grade formula."""
    return readability_scored(readability_scores(readability, grouping, formula), grouping, formula, n_resamples, seed)


def readability_scores(readability: pd.DataFrame, grouping: Grouping, formula: str) -> pd.DataFrame:
    """Return the readability rows in the groups, with ``group`` (ValueError naming the columns when ``formula`` is
    not one)."""
    if len(readability) and formula not in readability:
        options = ", ".join(c for c in readability.columns if readability[c].dtype.kind == "f")
        raise ValueError(f"No readability column {formula!r}. Choose one of: {options}.")
    return _in_groups(readability, grouping) if len(readability) else pd.DataFrame(columns=["article_id", "group", formula])


def readability_scored(scores: pd.DataFrame, grouping: Grouping, formula: str = "flesch_kincaid_grade",
                       n_resamples: int = N_RESAMPLES, seed: int = SEED) -> pd.DataFrame:
    """``compare_readability`` from the scores (group and the formula's column, rows in corpus order)."""
    columns = ["group", "formula", "n_scored", "median", "q1", "q3", "iqr", "ci_low", "ci_high"]
    rows = []
    for g in grouping.order:
        values = pd.to_numeric(scores.loc[scores["group"] == g, formula], errors="coerce").dropna()
        low, high = bootstrap_median_ci(values, n_resamples, seed)
        q1, med, q3 = (values.quantile([0.25, 0.5, 0.75]).tolist() if len(values) else [math.nan] * 3)
        rows.append({"group": g, "formula": formula, "n_scored": len(values), "median": med, "q1": q1, "q3": q3,
                     "iqr": q3 - q1, "ci_low": low, "ci_high": high})
    return _with_sizes(pd.DataFrame(rows, columns=columns), grouping)


def _actor_types(actors: pd.DataFrame | None, mentions: pd.DataFrame | None = None) -> dict[str, str]:
    types: dict[str, str] = {}
    for frame in (mentions, actors):
        if frame is not None and len(frame) and {"actor_id", "type"} <= set(frame.columns):
            types.update(zip(frame["actor_id"].astype(str), frame["type"].astype(str)))
    return types


def _type_of(actor_id: str, types: Mapping[str, str]) -> str:
    if not actor_id:
        return UNATTRIBUTED
    return types.get(actor_id) or (actor_id.split(":", 1)[0] if ":" in actor_id else UNATTRIBUTED)


def count_claims_by_speaker_type(claims: pd.DataFrame | None, grouping: Grouping,
                                 actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return per group the attributed claims by speaker type (person ... unattributed), with shares and intervals."""
    return shares_counted(count_claims(claims, grouping, "speaker_type", actors), "speaker_type", grouping)


def count_claims(claims: pd.DataFrame | None, grouping: Grouping, category: str,
                 actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return (group, category, count): the attributed claims by ``speaker_type`` or all claims by ``kind``."""
    frame = _in_groups(_claims_frame(claims), grouping)
    if category == "speaker_type":
        frame = frame[frame["kind"].isin(ATTRIBUTED_KINDS)]
        types = _actor_types(actors)
        frame = frame.assign(speaker_type=[_type_of(a, types) for a in frame["speaker_actor_id"]])
    return frame.groupby(["group", category]).size().rename("count").reset_index()


SHARE_CATEGORIES = {"speaker_type": (SPEAKER_TYPES, "n_attributed"), "kind": (CLAIM_KINDS, "n_claims")}


def shares_counted(counts: pd.DataFrame, category: str, grouping: Grouping) -> pd.DataFrame:
    """Shares per group from (group, category, count) counts of claims by ``speaker_type`` (of the attributed claims)
    or ``kind`` (of all claims): what ``count_claims_by_speaker_type`` and ``count_claims_by_kind`` return."""
    categories, total = SHARE_CATEGORIES[category]
    totals = grouping.sizes.set_index("group")[total].to_dict()
    return _with_sizes(_shares(counts, category, totals, categories, grouping), grouping)


def count_claims_by_kind(claims: pd.DataFrame | None, grouping: Grouping) -> pd.DataFrame:
    """Return per group the claims by kind (direct, indirect, mixed, assertion), with shares of all claims."""
    return shares_counted(count_claims(claims, grouping, "kind"), "kind", grouping)


RANK_COUNT_COLUMNS = ["group", "actor_id", "count", "actor", "type"]


def count_rank_items(items: pd.DataFrame) -> pd.DataFrame:
    """Count (group, actor_id, actor, type) items per group and actor: the count, the first name and type seen.

    A group's total is the sum of its counts; the rows with an empty actor_id count what ``_rank`` lists as ``extra``.
    Counts of several sets of items (parts of a corpus, in corpus order) add up (``combine_rank_counts``)."""
    if not len(items):
        return pd.DataFrame(columns=RANK_COUNT_COLUMNS)
    return (items.groupby(["group", "actor_id"]).agg(count=("actor", "size"), actor=("actor", "first"),
                                                     type=("type", "first")).reset_index()[RANK_COUNT_COLUMNS])


def combine_rank_counts(counts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Add up ``count_rank_items`` frames given in corpus order (the first name and type seen stay the first)."""
    counts = [c for c in counts if len(c)]
    if not counts:
        return pd.DataFrame(columns=RANK_COUNT_COLUMNS)
    return (pd.concat(counts, ignore_index=True).groupby(["group", "actor_id"])
            .agg(count=("count", "sum"), actor=("actor", "first"), type=("type", "first")).reset_index()
            [RANK_COUNT_COLUMNS])


def rank_counted(counted: pd.DataFrame, grouping: Grouping, top_n: int, per_group: bool,
                 extra: str | None) -> pd.DataFrame:
    """``_rank`` from the items' counts (``count_rank_items``): top N per group or corpus-wide, "other", ``extra``."""
    columns = ["group", "rank", "actor_id", "actor", "type", *SHARE_COLUMNS]
    if not len(counted):
        return pd.DataFrame(columns=columns)
    counts = counted[counted["actor_id"] != ""].reset_index(drop=True) if extra else counted.copy()
    counts["count"] = counts["count"].astype(int)
    totals = {g: int(n) for g, n in counted.groupby("group")["count"].sum().items()}
    extras = counted[counted["actor_id"] == ""].groupby("group")["count"].sum() if extra else {}
    if per_group:
        counts = counts.sort_values(["group", "count", "actor_id"], ascending=[True, False, True], kind="stable")
        counts["rank"] = counts.groupby("group").cumcount() + 1
        top = counts[counts["rank"] <= top_n]
    else:
        overall = (counts.groupby("actor_id").agg(count=("count", "sum"), actor=("actor", "first"), type=("type", "first"))
                   .reset_index().sort_values(["count", "actor_id"], ascending=[False, True], kind="stable").head(top_n))
        overall["rank"] = range(1, len(overall) + 1)
        grid = pd.MultiIndex.from_product([grouping.order, overall["actor_id"]], names=["group", "actor_id"])
        top = (counts.set_index(["group", "actor_id"])["count"].reindex(grid, fill_value=0).reset_index()
               .merge(overall.drop(columns="count"), on="actor_id"))
        top = top[top["group"].isin(totals)]
    rest = []
    for g, total in totals.items():
        in_top = int(top.loc[top["group"] == g, "count"].sum())
        n_extra = int(extras.get(g, 0)) if extra else 0
        rest.append({"group": g, "rank": top_n + 1, "actor_id": "", "actor": OTHER, "type": "",
                     "count": total - in_top - n_extra})
        if extra:
            rest.append({"group": g, "rank": top_n + 2, "actor_id": "", "actor": extra, "type": "", "count": n_extra})
    out = pd.concat([top[["group", "rank", "actor_id", "actor", "type", "count"]], pd.DataFrame(rest)], ignore_index=True)
    out["count"] = out["count"].astype(int)
    out["rank"] = out["rank"].astype(int)
    out["total"] = out["group"].map(totals).astype(int)
    out["share"] = out["count"] / out["total"]
    out["ci_low"], out["ci_high"] = wilson_interval(out["count"], out["total"])
    return out[columns]


def rank_speakers(claims: pd.DataFrame | None, grouping: Grouping, top_n: int = 10, per_group: bool = True,
                  actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return per group the top-N speakers of attributed claims, then "other" and "unattributed", with intervals."""
    return speakers_ranked(count_rank_items(speaker_items(claims, grouping, actors)), grouping, top_n, per_group)


def speakers_ranked(counted: pd.DataFrame, grouping: Grouping, top_n: int = 10, per_group: bool = True) -> pd.DataFrame:
    """``rank_speakers`` from the counts of its items (``count_rank_items`` of ``speaker_items``)."""
    return _with_sizes(rank_counted(counted, grouping, top_n, per_group, UNATTRIBUTED), grouping, sort=["rank"])


def speaker_items(claims: pd.DataFrame | None, grouping: Grouping, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return (group, actor_id, actor, type, article_id) per attributed claim in the groups: what ``rank_speakers``
    ranks."""
    frame = _in_groups(_claims_frame(claims), grouping)
    frame = frame[frame["kind"].isin(ATTRIBUTED_KINDS)]
    types = _actor_types(actors)
    return pd.DataFrame({"group": frame["group"], "actor_id": frame["speaker_actor_id"],
                         "actor": frame["speaker"].where(frame["speaker"] != "", frame["speaker_actor_id"]),
                         "type": [_type_of(a, types) if a else "" for a in frame["speaker_actor_id"]],
                         "article_id": frame["article_id"]})


def _listify(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                return list(json.loads(text))
            except ValueError:
                return [text]
        return [text] if text else []
    if isinstance(value, float) and math.isnan(value):
        return []
    return list(value)


def rank_targets(claims: pd.DataFrame | None, grouping: Grouping, top_n: int = 10, per_group: bool = True,
                 actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return per group the top-N actors named in attributed claims (each claim counts a target once), then "other"."""
    return targets_ranked(count_rank_items(target_items(claims, grouping, actors)), grouping, top_n, per_group)


def targets_ranked(counted: pd.DataFrame, grouping: Grouping, top_n: int = 10, per_group: bool = True) -> pd.DataFrame:
    """``rank_targets`` from the counts of its items (``count_rank_items`` of ``target_items``)."""
    out = rank_counted(counted, grouping, top_n, per_group, None)
    out["actor_id"] = out["actor_id"].map(lambda a: "" if str(a).startswith("name:") else a)
    return _with_sizes(out, grouping, sort=["rank"])


def target_items(claims: pd.DataFrame | None, grouping: Grouping, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return (group, actor_id, actor, type, article_id) per actor named in an attributed claim: what ``rank_targets``
    ranks (an actor known by name only has the id ``name:<name>``)."""
    frame = _in_groups(_claims_frame(claims), grouping)
    frame = frame[frame["kind"].isin(ATTRIBUTED_KINDS)]
    names: dict[str, str] = {}
    ids_by_name: dict[str, str] = {}
    if actors is not None and len(actors) and {"actor_id", "actor"} <= set(actors.columns):
        names = dict(zip(actors["actor_id"].astype(str), actors["actor"].astype(str)))
        unique = actors.groupby(actors["actor"].astype(str))["actor_id"].nunique()
        ids_by_name = {n: i for i, n in names.items() if unique.get(n) == 1}  # a name two actors share stays unresolved
    types = _actor_types(actors)
    rows = []
    for group, targets, ids, article in zip(frame["group"], frame["targets"], frame["target_actor_ids"],
                                            frame["article_id"]):
        targets, ids = _listify(targets), _listify(ids)
        if ids:  # actor ids when the claims carry them (names from the actors frame, else the aligned target name)
            pairs = [(i, names.get(i) or (targets[k] if k < len(targets) else i)) for k, i in enumerate(ids)]
        else:  # names only: the actor whose canonical name it is, when exactly one actor has it
            pairs = [(ids_by_name.get(t, ""), t) for t in targets]
        for actor_id, name in dict.fromkeys(pairs):
            rows.append({"group": group, "actor_id": actor_id or f"name:{name}", "actor": name,
                         "type": _type_of(actor_id, types) if actor_id else "", "article_id": article})
    return pd.DataFrame(rows, columns=["group", "actor_id", "actor", "type", "article_id"])


def compare_quoted_mentioned(mentions: pd.DataFrame, claims: pd.DataFrame | None, grouping: Grouping, top_n: int = 10,
                             per_group: bool = True) -> pd.DataFrame:
    """Return per group and actor (top N by mentions, then "other") its mentions, articles naming it and claims it makes.

    ``share_articles`` is the share of the group's articles naming the actor, ``share_claims`` its share of the group's
    attributed claims (its voice); each with a Wilson 95% interval.
    """
    men, cl = quoted_mentioned_rows(mentions, claims, grouping)
    counts, quoted = count_quoted_mentioned(mentions, claims, grouping, (men, cl))

    def other_articles(tops: Mapping[str, set]) -> dict[str, int]:
        return {g: men[(men["group"] == g) & ~men["actor_id"].isin(top)]["article_id"].nunique()
                for g, top in tops.items()}

    return quoted_mentioned_counted(counts, quoted, grouping, other_articles, top_n, per_group)


def quoted_mentioned_rows(mentions: pd.DataFrame, claims: pd.DataFrame | None,
                           grouping: Grouping) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The mentions in the groups, and the attributed claims with a speaker in the groups."""
    empty = pd.DataFrame(columns=["group", "actor_id", "actor", "type", "article_id"])
    men = _in_groups(mentions, grouping) if len(mentions) else empty
    cl = _in_groups(_claims_frame(claims), grouping)
    return men, cl[cl["kind"].isin(ATTRIBUTED_KINDS) & (cl["speaker_actor_id"] != "")]


def count_quoted_mentioned(mentions: pd.DataFrame, claims: pd.DataFrame | None, grouping: Grouping,
                           rows: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return what ``compare_quoted_mentioned`` counts: per group and actor its mentions, articles naming it, first
    name and type; and per group and speaker its attributed claims. Counts of parts holding whole articles add up."""
    men, cl = rows or quoted_mentioned_rows(mentions, claims, grouping)
    counts = (men.groupby(["group", "actor_id"])
              .agg(n_mentions=("article_id", "size"), n_articles_naming=("article_id", "nunique"),
                   actor=("actor", "first"), type=("type", "first")).reset_index())
    quoted = cl.groupby(["group", "speaker_actor_id"]).size().rename("n_quoted").reset_index()
    return counts, quoted.rename(columns={"speaker_actor_id": "actor_id"})


def quoted_mentioned_counted(counts: pd.DataFrame, quoted: pd.DataFrame, grouping: Grouping,
                             other_articles: Callable[[Mapping[str, set]], Mapping[str, int]], top_n: int = 10,
                             per_group: bool = True) -> pd.DataFrame:
    """``compare_quoted_mentioned`` from its counts (``count_quoted_mentioned``); ``other_articles`` gives per group the
    articles naming an actor outside the group's top (a set of actor ids per group)."""
    columns = ["group", "rank", "actor_id", "actor", "type", "n_mentions", "n_articles_naming", "n_quoted",
               "share_articles", "articles_ci_low", "articles_ci_high", "share_claims", "claims_ci_low", "claims_ci_high"]
    counts = counts.copy()
    quoted_by = {(g, a): int(n) for g, a, n in zip(quoted["group"], quoted["actor_id"], quoted["n_quoted"])}
    counts["n_quoted"] = [quoted_by.get((g, a), 0) for g, a in zip(counts["group"], counts["actor_id"])]
    if per_group:
        counts = counts.sort_values(["group", "n_mentions", "actor_id"], ascending=[True, False, True], kind="stable")
        counts["rank"] = counts.groupby("group").cumcount() + 1
        top = counts[counts["rank"] <= top_n]
    else:
        overall = (counts.groupby("actor_id").agg(n=("n_mentions", "sum"), actor=("actor", "first"), type=("type", "first"))
                   .reset_index().sort_values(["n", "actor_id"], ascending=[False, True], kind="stable").head(top_n))
        overall["rank"] = range(1, len(overall) + 1)
        grid = pd.MultiIndex.from_product([grouping.order, overall["actor_id"]], names=["group", "actor_id"])
        top = (counts.set_index(["group", "actor_id"])[["n_mentions", "n_articles_naming", "n_quoted"]]
               .reindex(grid, fill_value=0).reset_index().merge(overall.drop(columns="n"), on="actor_id"))
    rest = []
    tops = {g: set(top.loc[top["group"] == g, "actor_id"]) for g in grouping.order}
    articles_of_others = other_articles(tops)
    for g in grouping.order:
        n_others = int(counts.loc[(counts["group"] == g) & ~counts["actor_id"].isin(tops[g]), "n_mentions"].sum())
        n_other_quoted = sum(n for (qg, a), n in quoted_by.items() if qg == g and a not in tops[g])
        if n_others or n_other_quoted:
            rest.append({"group": g, "rank": top_n + 1, "actor_id": "", "actor": OTHER, "type": "",
                         "n_mentions": n_others, "n_articles_naming": int(articles_of_others.get(g, 0)),
                         "n_quoted": n_other_quoted})
    out = pd.concat([top, pd.DataFrame(rest)], ignore_index=True) if rest else top.copy()
    if not len(out):
        return _with_sizes(pd.DataFrame(columns=columns), grouping)
    for column in ("rank", "n_mentions", "n_articles_naming", "n_quoted"):
        out[column] = out[column].astype(int)
    sizes = grouping.sizes.set_index("group")
    for share, count, total, prefix in (("share_articles", "n_articles_naming", "n_articles", "articles"),
                                        ("share_claims", "n_quoted", "n_attributed", "claims")):
        totals = out["group"].map(sizes[total]).astype(int)
        out[share] = (out[count] / totals.where(totals > 0)).astype(float)
        out[f"{prefix}_ci_low"], out[f"{prefix}_ci_high"] = wilson_interval(out[count], totals)
    return _with_sizes(out[columns], grouping, sort=["rank"])


def count_mentions_over_time(mentions: pd.DataFrame, claims: pd.DataFrame | None, articles: pd.DataFrame,
                             top_n: int = 10, min_articles: int = MIN_ARTICLES, by: str = "month") -> pd.DataFrame:
    """Return per month (or year) the mentions, articles naming and claims of the corpus-wide top-N actors (zeros kept)."""
    grouping = group_articles(articles, claims, by, min_articles)
    out = compare_quoted_mentioned(mentions, claims, grouping, top_n, per_group=False)
    kept = out[out["actor"] != OTHER].reset_index(drop=True)
    kept.attrs["notes"] = list(out.attrs.get("notes", []))
    return kept


def _gender_of(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "unknown"
    text = str(value).strip().lower()
    return _GENDER_WORDS.get(text, text)


def compare_gender(mentions: pd.DataFrame, claims: pd.DataFrame | None, actors: pd.DataFrame | None,
                   grouping: Grouping) -> pd.DataFrame:
    """Return per group the distinct people quoted and mentioned by gender (female, male, unknown), with intervals."""
    speakers, people = gender_people(mentions, claims, actors, grouping)
    return gender_counted(speakers, people, actors, grouping)


def gender_people(mentions: pd.DataFrame, claims: pd.DataFrame | None, actors: pd.DataFrame | None,
                  grouping: Grouping) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the distinct (group, actor_id) of the people quoted and of the people mentioned (``compare_gender``)."""
    types = _actor_types(actors, mentions)
    men = _in_groups(mentions, grouping) if len(mentions) else pd.DataFrame(columns=["group", "actor_id", "type"])
    people = men[men["type"] == "person"][["group", "actor_id"]].drop_duplicates()
    cl = _in_groups(_claims_frame(claims), grouping)
    cl = cl[cl["kind"].isin(ATTRIBUTED_KINDS) & (cl["speaker_actor_id"] != "")]
    speakers = cl[np.array([_type_of(a, types) == "person" for a in cl["speaker_actor_id"]], dtype=bool)]
    speakers = speakers[["group", "speaker_actor_id"]].drop_duplicates().rename(columns={"speaker_actor_id": "actor_id"})
    return speakers, people


def gender_counted(speakers: pd.DataFrame, people: pd.DataFrame, actors: pd.DataFrame | None,
                   grouping: Grouping) -> pd.DataFrame:
    """``compare_gender`` from the distinct people quoted and mentioned per group (``gender_people``)."""
    notes = []
    has_gender = actors is not None and "gender" in actors
    if not has_gender:
        notes.append("The actors frame has no `gender` column: every person counts as unknown.")
    genders = (dict(zip(actors["actor_id"].astype(str), actors["gender"].map(_gender_of))) if has_gender else {})
    frames = []
    for measure, who in (("quoted", speakers), ("mentioned", people)):
        who = who.assign(gender=[genders.get(a, "unknown") for a in who["actor_id"]])
        counts = who.groupby(["group", "gender"]).size().rename("count").reset_index()
        totals = who.groupby("group").size().to_dict()
        frames.append(_shares(counts, "gender", totals, GENDERS, grouping).assign(measure=measure))
    out = pd.concat(frames, ignore_index=True)
    out = out[["group", "measure", "gender", *SHARE_COLUMNS]]
    out["_m"] = out["measure"].map({m: i for i, m in enumerate(MEASURES)})
    return _with_sizes(out, grouping, sort=["_m"], notes=notes).drop(columns="_m")


# ---------------------------------------------------------------------------------------------- reading the frames

def find_contrast(frame: pd.DataFrame, value: str = "share", low: str = "ci_low", high: str = "ci_high",
                  include_small: bool = False) -> dict[str, Any] | None:
    """Return the highest and lowest group by ``value`` (small groups left out if two others remain), and if they overlap."""
    rows = frame.dropna(subset=[value])
    if not include_small and "small_group" in rows and (~rows["small_group"]).sum() >= 2:
        rows = rows[~rows["small_group"]]
    if rows["group"].nunique() < 2:
        return None
    ordered = rows.sort_values([value, "group"], ascending=[False, True], kind="stable")
    top, bottom = ordered.iloc[0], ordered.iloc[-1]
    overlap = bool(top[low] <= bottom[high]) if not (pd.isna(top[low]) or pd.isna(bottom[high])) else True
    return {"high": top.to_dict(), "low": bottom.to_dict(), "overlap": overlap, "n_groups": int(rows["group"].nunique())}


def format_group_labels(frame: pd.DataFrame) -> pd.Series:
    """Return display labels "group (n articles)" with ", small" for small groups, for chart axes."""
    def label(g: str, n: int, small: bool) -> str:
        return f"{g} ({n} article{'' if n == 1 else 's'}{', small' if small else ''})"

    rows = zip(frame["group"], frame["n_articles"], frame["small_group"])
    return pd.Series([label(g, int(n), bool(s)) for g, n, s in rows], index=frame.index, dtype=object)


def format_group_name(row: Mapping[str, Any]) -> str:
    """Return a group's name for a generated Markdown sentence: bold, escaped, and marked when the group is small."""
    return f"**{escape_markdown(row['group'])}**" + (" (small group)" if bool(row.get("small_group", False)) else "")


def format_contrast(contrast: Mapping[str, Any], describe: Callable[[Mapping[str, Any]], str] | None = None,
                    high: str = "highest", low: str = "lowest") -> str:
    """Return a ``find_contrast`` result as Markdown: "highest in **A**, ...; lowest in **B**, ...; the intervals overlap"."""
    describe = describe or format_share
    hi, lo = contrast["high"], contrast["low"]
    return (f"{high} in {format_group_name(hi)}, {describe(hi)}; {low} in {format_group_name(lo)}, {describe(lo)}; "
            + ("the intervals overlap, so the difference could be noise" if contrast["overlap"]
               else "the intervals do not overlap"))


def format_share(row: Mapping[str, Any], digits: int = 0) -> str:
    """Return a share row (count, total, share, ci_low, ci_high) as text: "137 of 216, 63% (95% CI 57-70%)"."""
    interval = format_interval(row["share"], row["ci_low"], row["ci_high"], digits)
    return f"{int(row['count'])} of {int(row['total'])}, {interval}"


def format_interval(share: float, low: float, high: float, digits: int = 0) -> str:
    """Return a share with its interval as text: "42% (95% CI 30-55%)"."""
    if pd.isna(share):
        return "n/a"
    return f"{share:.{digits}%} (95% CI {low * 100:.{digits}f}-{high * 100:.{digits}f}%)"


def find_changes(frame: pd.DataFrame, value: str, low: str, high: str, by: str = "actor") -> pd.DataFrame:
    """Return per ``by`` (e.g. actor) the change of ``value`` from its first to its last dated group, largest rise first.

    Undated groups are left out, and small groups too when at least two others remain; ``overlap`` says whether the
    first and last intervals overlap (then the change could be noise).
    """
    columns = [by, "first", "last", "value_first", "value_last", "change", "overlap"]
    rows = frame[(frame["group"] != UNKNOWN)].dropna(subset=[value])
    if "small_group" in rows and rows.loc[~rows["small_group"], "group"].nunique() >= 2:
        rows = rows[~rows["small_group"]]
    out = []
    for key, part in rows.groupby(by, sort=False):
        if part["group"].nunique() < 2:
            continue
        ordered = part.sort_values("group", kind="stable")
        a, b = ordered.iloc[0], ordered.iloc[-1]
        out.append({by: key, "first": a["group"], "last": b["group"], "value_first": a[value], "value_last": b[value],
                    "change": b[value] - a[value], "overlap": bool(a[low] <= b[high] and b[low] <= a[high])})
    result = pd.DataFrame(out, columns=columns)
    return result.sort_values(["change", by], ascending=[False, True], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------- figures

SIZE_COLORS = {"enough articles": COLORWAY[0], "small group": "#9a9a9a"}
GENDER_COLORS = {"female": COLORWAY[1], "male": COLORWAY[0], "unknown": "#b5b5b5"}
MEASURE_COLORS = {"quoted": COLORWAY[1], "mentioned": COLORWAY[0]}


def _labelled(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Return the frame with an escaped ``label`` column ("group (n articles)") and the labels in group order."""
    data = frame.round(4)  # 4 decimals are plenty on a chart and keep stored figures small
    data["label"] = format_group_labels(data).map(escape_text) if len(data) else pd.Series(dtype=object)
    data["size"] = np.where(data["small_group"].astype(bool), "small group", "enough articles") if len(data) else []
    return data, list(dict.fromkeys(data["label"]))


def percent_tickformat(top: float) -> str:
    """Return a d3 percent format with enough decimals that ticks up to ``top`` (a share) stay distinct."""
    if not np.isfinite(top) or top >= 0.1:
        return ".0%"
    return ".1%" if top >= 0.01 else ".2%"


def _percent_axes(fig: go.Figure, axis: str, shared: bool = False) -> None:
    """Give each ``axis`` ("x" or "y") of a figure the percent format its own largest value (error bar included) needs
    (``shared``: the largest over all of them, for facets on one scale)."""
    tops: dict[str, float] = {}
    for trace in fig.data:
        values = np.asarray(getattr(trace, axis) if getattr(trace, axis) is not None else [], dtype=float)
        error = getattr(trace, f"error_{axis}", None)
        plus = np.asarray(error.array, dtype=float) if error is not None and error.array is not None else 0
        if values.size:
            name = getattr(trace, f"{axis}axis") or axis
            tops[name] = max(tops.get(name, 0.0), float(np.nanmax(values + plus)))
    for name, top in tops.items():
        top = max(tops.values()) if shared else top
        fig.layout[name.replace(axis, f"{axis}axis", 1)].tickformat = percent_tickformat(top)


def _facet_titles(fig: go.Figure) -> None:
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=", 1)[-1]))


def plot_share_dots(frame: pd.DataFrame, category: str, title: str, value_label: str = "share") -> go.Figure:
    """Return a dot chart of each group's share per category (a facet each) with Wilson 95% intervals; small groups grey."""
    data, order = _labelled(frame)
    cats = [escape_text(c) for c in dict.fromkeys(frame[category])]
    data = escape_columns(data.dropna(subset=["share"]), [category])
    data["plus"], data["minus"] = data["ci_high"] - data["share"], data["share"] - data["ci_low"]
    data["facet"] = data[category]  # in the hover and the chart's CSV (a facet alone is not)
    wrap = min(len(cats), 5) or 1
    fig = px.scatter(
        data, x="share", y="label", color="size", facet_col=category, facet_col_wrap=wrap, facet_col_spacing=0.04,
        error_x="plus", error_x_minus="minus", color_discrete_map=SIZE_COLORS,
        category_orders={"label": order, category: cats, "size": list(SIZE_COLORS)},
        hover_data={"facet": True, "count": True, "total": True, "ci_low": ":.3f", "ci_high": ":.3f", "size": True, "label": True},
        labels={"share": value_label, "label": "group", "size": "group size", "count": "count", "total": "out of",
                "facet": category.replace("_", " "), "ci_low": "CI low", "ci_high": "CI high"}, title=title,
    )
    _facet_titles(fig)
    # each facet on its own scale: a 3% share and a 60% share are both readable
    fig.update_xaxes(rangemode="tozero", title_text="", matches=None, showticklabels=True)
    _percent_axes(fig, "x")  # "0% 1% 1% 2%" would repeat on a panel whose shares stay under 2%
    fig.update_yaxes(title_text="")
    rows = max(1, math.ceil(len(cats) / wrap))
    fig.update_layout(height=max(320, 140 + rows * (40 + 24 * len(order))), showlegend=False)
    return fig


def plot_group_medians(frame: pd.DataFrame, title: str, value_label: str) -> go.Figure:
    """Return each group's median (bootstrap 95% interval as error bars) over its interquartile range (light bar)."""
    data, order = _labelled(frame.dropna(subset=["median"]))
    fig = go.Figure()
    fig.add_bar(y=data["label"], x=data["iqr"], base=data["q1"], orientation="h", name="middle half of the articles (IQR)",
                marker_color="#d9e2ef", customdata=np.stack([data["q1"], data["q3"]], axis=-1) if len(data) else None,
                hovertemplate="%{y}<br>IQR %{customdata[0]:.1f}-%{customdata[1]:.1f}<extra></extra>",
                meta={"columns": {"y": "group", "x": "interquartile range", "customdata_0": "first quartile",
                                  "customdata_1": "third quartile"}})
    for size, color in SIZE_COLORS.items():
        part = data[data["size"] == size]
        if not len(part):
            continue
        fig.add_scatter(
            y=part["label"], x=part["median"], mode="markers",
            name="median, 95% interval" + (" (small group)" if size == "small group" else ""),
            marker=dict(color=color, size=10),
            error_x=dict(type="data", array=(part["ci_high"] - part["median"]).tolist(),
                         arrayminus=(part["median"] - part["ci_low"]).tolist(), color=color, thickness=2),
            customdata=np.stack([part["ci_low"], part["ci_high"], part["n_scored"]], axis=-1),
            hovertemplate="%{y}<br>median %{x:.1f} (95% CI %{customdata[0]:.1f}-%{customdata[1]:.1f})"
                          "<br>%{customdata[2]} graded article(s)<extra></extra>",
            meta={"columns": {"y": "group", "x": "median", "customdata_0": "CI low", "customdata_1": "CI high",
                              "customdata_2": "graded articles"}},
        )
    fig.update_yaxes(categoryorder="array", categoryarray=order, autorange="reversed")
    fig.update_layout(title=title, xaxis_title=value_label, barmode="overlay", height=max(300, 150 + 30 * len(order)))
    return fig


def plot_rank_heatmap(frame: pd.DataFrame, title: str, what: str = "attributed claims") -> go.Figure:
    """Return a heatmap of a corpus-wide top-N frame: actors (most frequent first) by group; colour share, text count."""
    data, order = _labelled(frame)
    rows = data.sort_values(["rank", "actor_id"], kind="stable")
    keys = list(dict.fromkeys(zip(rows["rank"], rows["actor_id"], rows["actor"])))
    names = [str(a) for _, _, a in keys]
    labels = [escape_text(n if names.count(n) == 1 else f"{n} ({i})") for (_, i, _), n in zip(keys, names)]
    index = {k: r for r, k in enumerate(keys)}
    columns = {label: c for c, label in enumerate(order)}
    share = np.full((len(keys), len(order)), np.nan)
    count = np.zeros((len(keys), len(order)), dtype=int)
    cells = zip(data["rank"], data["actor_id"], data["actor"], data["label"], data["share"], data["count"])
    for r, i, a, label, s, n in cells:
        share[index[(r, i, a)], columns[label]] = s
        count[index[(r, i, a)], columns[label]] = n
    named = np.array([not (a in (OTHER, UNATTRIBUTED) and not i) for _, i, a in keys], dtype=bool)
    colour = np.where(named[:, None], share, np.nan)  # "other" and "unattributed" would swamp the scale: counts only
    fig = go.Figure(go.Heatmap(
        z=colour.tolist(), x=order, y=labels, text=count.astype(str).tolist(), texttemplate="%{text}",
        customdata=[[[int(n), None if np.isnan(v) else round(float(v) * 100, 1)] for n, v in zip(ns, vs)]
                    for ns, vs in zip(count, share)], colorscale="Blues", zmin=0,
        colorbar=dict(title=dict(text="share"),
                      tickformat=percent_tickformat(float(np.nanmax(colour)) if np.isfinite(colour).any() else 1.0)),
        hovertemplate="%{y}<br>%{x}<br>%{customdata[0]} = %{customdata[1]}% of the group's " + what + "<extra></extra>",
        meta={"columns": {"x": "group", "y": "actor", "customdata_0": what,
                          "customdata_1": f"share of the group's {what} (%)"}},
    ))
    angled = len(order) > 4
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top", tickangle=-30 if angled else 0)
    top = 170 if angled else 110
    fig.update_layout(title=title, height=max(320, top + 26 * len(keys)), margin_t=top, plot_bgcolor="#f2f2f2")
    return fig


LABEL_POSITIONS = ("top center", "bottom center", "middle right", "middle left")


def place_point_labels(frame: pd.DataFrame, x: str, y: str, label: str, by: str, near_x: float = 0.35,
                       near_y: float = 0.12) -> pd.Series:
    """Return a text position per row so that labels of close points in one panel do not print over each other.

    Labels are placed in row order: each takes the first of ``LABEL_POSITIONS`` no earlier label of a point within
    ``near_x`` and ``near_y`` of the axes' spans in the same ``by`` panel already uses (a label is wide against a
    small panel, hence the wider horizontal reach); rows without a label get "top center".
    """
    if frame.empty:
        return pd.Series([], index=frame.index, dtype=object)
    xspan = float(frame[x].max() - min(0, frame[x].min())) or 1.0
    yspan = float(frame[y].max() - min(0, frame[y].min())) or 1.0
    placed: dict[object, list[tuple[float, float, str]]] = {}
    out = []
    for panel, px_, py_, text in zip(frame[by], frame[x], frame[y], frame[label]):
        if not text:
            out.append(LABEL_POSITIONS[0])
            continue
        taken = {pos for qx, qy, pos in placed.get(panel, [])
                 if abs(qx - px_) < near_x * xspan and abs(qy - py_) < near_y * yspan}
        pos = next((p for p in LABEL_POSITIONS if p not in taken), LABEL_POSITIONS[0])
        placed.setdefault(panel, []).append((px_, py_, pos))
        out.append(pos)
    return pd.Series(out, index=frame.index)


def plot_quoted_mentioned(frame: pd.DataFrame, title: str) -> go.Figure:
    """Return a scatter per group (facets) of each top actor's mentions against the claims it makes (top 3 named)."""
    data, order = _labelled(frame[frame["actor"] != OTHER])
    data["name"] = data["actor"].where(data["rank"] <= 3, "")
    data = data.sort_values(["label", "rank"], kind="stable")
    data["position"] = place_point_labels(data, "n_mentions", "n_quoted", "name", "label")
    data = escape_columns(data, ["actor", "type", "name", "group"])
    wrap = min(len(order), 4) or 1
    fig = px.scatter(
        data, x="n_mentions", y="n_quoted", color="type", facet_col="label", facet_col_wrap=wrap, text="name",
        category_orders={"label": order, "type": [t for t in SPEAKER_TYPES if t in set(data["type"])]}, hover_name="actor",
        hover_data={"group": True, "n_articles_naming": True, "n_articles": True, "type": True},
        labels={"n_mentions": "mentions", "n_quoted": "claims made", "type": "type", "n_articles_naming": "articles naming",
                "n_articles": "articles in the group"},
        title=title,
    )
    positions = {(typ, actor, xv, yv): pos for typ, actor, xv, yv, pos
                 in zip(data["type"], data["actor"], data["n_mentions"], data["n_quoted"], data["position"])}
    _facet_titles(fig)
    fig.update_traces(marker=dict(size=9, opacity=0.8), textfont=dict(size=10), cliponaxis=False)
    fig.for_each_trace(lambda t: t.update(textposition=[
        positions.get((t.legendgroup, name, xv, yv), LABEL_POSITIONS[0]) for name, xv, yv in zip(t.hovertext, t.x, t.y)]))
    rows = max(1, math.ceil(len(order) / wrap))
    fig.update_layout(height=max(360, 120 + 260 * rows))
    return fig


def plot_over_time(frame: pd.DataFrame, title: str) -> go.Figure:
    """Return small multiples per actor: share of each month's articles naming it and share of its claims, with intervals."""
    data = frame[frame["group"] != UNKNOWN].round(4)
    parts = []
    for measure, (value, low, high) in {"articles naming": ("share_articles", "articles_ci_low", "articles_ci_high"),
                                        "claims made": ("share_claims", "claims_ci_low", "claims_ci_high")}.items():
        part = data[["group", "rank", "actor", "n_articles", "small_group", value, low, high]].rename(
            columns={value: "share", low: "low", high: "high"})
        parts.append(part.assign(measure=measure))
    long = pd.concat(parts, ignore_index=True).dropna(subset=["share"])
    long["plus"], long["minus"] = long["high"] - long["share"], long["share"] - long["low"]
    actors = [escape_text(a) for a in data.sort_values("rank", kind="stable")["actor"].drop_duplicates()]
    long = escape_columns(long, ["actor", "group"])
    long["who"] = long["actor"]  # in the hover and the chart's CSV (a facet alone is not)
    wrap = min(len(actors), 5) or 1
    fig = px.line(
        long, x="group", y="share", color="measure", facet_col="actor", facet_col_wrap=wrap, markers=True,
        error_y="plus", error_y_minus="minus", color_discrete_sequence=[COLORWAY[0], COLORWAY[1]],
        category_orders={"actor": actors, "group": sorted(long["group"].unique())},
        hover_data={"who": True, "low": ":.3f", "high": ":.3f", "n_articles": True, "small_group": True},
        labels={"group": "month", "share": "share", "measure": "", "who": "actor", "low": "CI low",
                "high": "CI high", "n_articles": "articles in the month", "small_group": "small month"}, title=title,
    )
    _facet_titles(fig)
    fig.update_yaxes(rangemode="tozero")
    _percent_axes(fig, "y", shared=True)  # the panels share one y scale
    fig.update_xaxes(type="category")
    rows = max(1, math.ceil(len(actors) / wrap))
    fig.update_layout(height=max(360, 140 + 240 * rows))
    return fig


def plot_gender_composition(frame: pd.DataFrame, title: str) -> go.Figure:
    """Return stacked bars per group of the people quoted and mentioned by gender (unknown shown, never dropped)."""
    data, order = _labelled(frame.dropna(subset=["share"]))
    data["facet"] = data["measure"]  # in the hover and the chart's CSV (a facet alone is not)
    fig = px.bar(
        escape_columns(data, ["gender"]), x="share", y="label", color="gender", facet_col="measure", orientation="h",
        text="count", color_discrete_map=GENDER_COLORS, facet_col_spacing=0.06,
        category_orders={"label": order, "gender": list(dict.fromkeys([*GENDERS, *data["gender"]])),
                         "measure": list(MEASURES)},
        hover_data={"facet": True, "count": True, "total": True, "ci_low": ":.3f", "ci_high": ":.3f", "label": True},
        labels={"share": "share", "label": "group", "gender": "", "total": "people in the group", "ci_low": "CI low",
                "ci_high": "CI high", "facet": "measure"},
        title=title,
    )
    _facet_titles(fig)
    fig.update_xaxes(tickformat=".0%", range=[0, 1], tickvals=[0, 0.25, 0.5, 0.75, 1], title_text="")
    fig.update_yaxes(range=[-0.5, len(order) - 0.5], title_text="")  # plotly.js otherwise shows 5 categories of linked stacked facets
    fig.update_layout(barmode="stack", height=max(300, 150 + 30 * len(order)))
    return fig


def plot_share_lines(frame: pd.DataFrame, color: str, title: str, value_label: str = "share") -> go.Figure:
    """Return a line per ``color`` category of each dated group's share with Wilson 95% intervals (undated left out)."""
    data = frame[frame["group"] != UNKNOWN].dropna(subset=["share"]).round(4)
    data["plus"], data["minus"] = data["ci_high"] - data["share"], data["share"] - data["ci_low"]
    fig = px.line(
        escape_columns(data, [color, "group"]), x="group", y="share", color=color, markers=True,
        error_y="plus", error_y_minus="minus", color_discrete_map=MEASURE_COLORS if color == "measure" else None,
        category_orders={"group": sorted(data["group"].map(escape_text).unique())},
        hover_data={"count": True, "total": True, "ci_low": ":.3f", "ci_high": ":.3f", "n_articles": True,
                    "small_group": True},
        labels={"group": "month", "share": value_label, color: color.replace("_", " "), "total": "out of",
                "ci_low": "CI low", "ci_high": "CI high", "small_group": "small month"}, title=title,
    )
    fig.update_yaxes(rangemode="tozero")
    _percent_axes(fig, "y")
    fig.update_xaxes(type="category")
    fig.update_layout(height=420)
    return fig
