"""The notebooks' charts: what each one shows, computed here (tested) and drawn with Plotly, from 1 to 10,000 articles.

What it does: aggregation helpers that turn the profiler's frames into what a chart draws, and one ``plot_*``
function per chart that returns a finished figure (``helpers.charts.finalize_figure``: margins, automargin, a
height from the number of rows, the source line). Every chart is a corpus view that holds at any size: long
labels are truncated (``LABEL_WIDTH`` characters, made unique) with the full text in the hover; per-sentence or
per-mention values are summarised (quartiles, pre-binned counts) before plotting, so a figure's size does not
grow with the corpus; a chart that would say nothing returns ``None`` and the notebook says why.

- ``plot_words_per_article``: story words of the longest articles (01);
- ``plot_grades``: grade by article and formula against a band (02); ``summarize_by_position`` and
  ``plot_readability_by_position``: grade by relative position in the article, across articles (02);
  ``count_in_bins`` and ``plot_sentence_lengths``: a pre-binned histogram (02);
- ``plot_top_actors`` (03); ``rank_actors_by_reach``, ``find_first_appearances``, ``summarize_first_appearances`` and ``plot_first_appearances``:
  where in the article the top actors first appear, as a share of its length, across articles (03);
  ``build_cooccurrence_matrix`` (symmetric) and ``plot_cooccurrence`` on a log colour scale (03);
- ``plot_quoted_vs_mentioned`` (04); ``index_sankey_nodes`` and ``plot_speaker_targets``: the speaker -> target Sankey (04).

Text goes into figures raw: ``helpers.charts`` escapes every data string and title when it shows a figure.

What it does not do: display anything, write prose, or decide thresholds (the notebooks pass their parameters).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .actors import ACTOR_TYPES
from .charts import COLORWAY, LABEL_WIDTH, finalize_figure, pluralize, truncate_text
from .readability import FORMULA_LABELS

TYPE_COLORS = {"person": COLORWAY[0], "organisation": COLORWAY[1], "place": COLORWAY[2], "group": COLORWAY[4]}
BAND_COLOR = "#5a9a5a"
POSITION_BINS = 5  # relative positions in an article: fifths
MAX_POINTS = 1500  # individual points drawn under a summary; beyond this only the summary is drawn
SENTENCE_BIN_WORDS = 5  # width of a sentence-length bar, in words
MAX_SENTENCE_WORDS = 80  # longer sentences share the last bar
AXIS_LABEL_WIDTH = 30  # characters of a heatmap or Sankey label
HEAT_SCALE = [[0.0, "#cfe1f2"], [0.5, "#5a9bd0"], [1.0, "#08306b"]]  # a count of 1 stays visible on a light background


# ----------------------------------------------------------------------------------------------- shared helpers

def shorten_labels(values: Iterable[object], width: int = LABEL_WIDTH) -> list[str]:
    """Return labels truncated to ``width`` characters and made unique ("Name…", "Name… (2)"), in input order."""
    out: list[str] = []
    seen: dict[str, int] = {}
    for value in values:
        label = truncate_text(str(value), width)
        n = seen.get(label, 0) + 1
        seen[label] = n
        out.append(label if n == 1 else f"{label} ({n})")
    return out


def _empty_frame(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


def _subtitle(fig: go.Figure, text: str) -> None:
    fig.update_layout(title_subtitle_text=text)


def count_in_bins(values: Iterable[float], width: float = SENTENCE_BIN_WORDS, cap: float | None = MAX_SENTENCE_WORDS) -> pd.DataFrame:
    """Count values in bins of ``width`` starting at 0 (values at or over ``cap`` share the last bin).

    Returns columns ``start``, ``end`` (exclusive; ``inf`` for the capped bin), ``label`` ("10-14", "80+") and ``count``;
    every bin between the first and the last non-empty one is listed, empty ones with count 0.
    """
    series = pd.Series(list(values), dtype="float64").dropna()
    columns = ["start", "end", "label", "count"]
    if series.empty:
        return _empty_frame(columns)
    if cap is not None:
        series = series.clip(upper=cap)
    index = np.floor(series / width).astype(int)
    counts = index.value_counts().sort_index()
    rows = []
    last_capped = cap is not None and (series >= cap).any()
    for i in range(int(counts.index.min()), int(counts.index.max()) + 1):
        start = i * width
        capped = last_capped and start >= cap
        end = math.inf if capped else start + width
        label = f"{start:g}+" if capped else (f"{start:g}" if width == 1 else f"{start:g}-{start + width - 1:g}")
        rows.append({"start": start, "end": end, "label": label, "count": int(counts.get(i, 0))})
    return pd.DataFrame(rows, columns=columns)


# ----------------------------------------------------------------------------------------------- 01 articles

def plot_words_per_article(articles: pd.DataFrame, max_bars: int = 40) -> go.Figure | None:
    """Bar chart of story words for the longest ``max_bars`` profiled articles (title as label, id and outlet in the hover)."""
    ok = articles[articles["status"] == "ok"]
    if ok.empty:
        return None
    shown = ok.sort_values(["n_words", "article_id"], ascending=[False, True], kind="stable").head(max_bars)
    names = shown["title"].where(shown["title"].fillna("") != "", shown["article_id"])
    labels = shorten_labels(names)
    custom = np.column_stack([names.astype(str), shown["article_id"].astype(str), shown["outlet"].fillna("").astype(str),
                              shown["n_paragraphs"].astype(int)]).tolist()
    fig = go.Figure(go.Bar(
        x=shown["n_words"].astype(int).tolist(), y=labels, orientation="h", marker_color=COLORWAY[0], customdata=custom,
        hovertemplate="title: %{customdata[0]}<br>article: %{customdata[1]}<br>outlet: %{customdata[2]}<br>"
                      "story words: %{x:,}<br>paragraphs: %{customdata[3]}<extra></extra>",
        meta={"columns": {"x": "story words", "y": "label", "customdata_0": "title", "customdata_1": "article_id",
                          "customdata_2": "outlet", "customdata_3": "paragraphs"}},
    ))
    fig.update_layout(title_text="Story words per article", xaxis_title="story words",
                      yaxis=dict(autorange="reversed", type="category"), showlegend=False)
    if len(ok) == 1:
        _subtitle(fig, "1 profiled article")
    else:
        which = f"The {len(shown)} longest of {pluralize(len(ok), 'profiled article')}" if len(shown) < len(ok) \
            else f"All {pluralize(len(ok), 'profiled article')}"
        _subtitle(fig, f"{which}; the longest: {truncate_text(names.iloc[0], 60)}")
    return finalize_figure(fig, n_rows=len(shown))


# ----------------------------------------------------------------------------------------------- 02 readability

def plot_grades(grades: pd.DataFrame, articles: pd.DataFrame, formulas: Sequence[str], band: tuple[float, float],
                max_articles: int = 40) -> go.Figure | None:
    """Dot plot: one row per article (the hardest ``max_articles`` by consensus grade), one dot per grade formula,
    against the shaded ``band``. ``grades`` is the article readability frame, sorted hardest first."""
    graded = grades[grades["reason"] == ""] if "reason" in grades else grades
    if graded.empty:
        return None
    shown = graded.head(max_articles)
    titles = dict(zip(articles["article_id"], articles["title"].fillna("")))
    names = [titles.get(a) or a for a in shown["article_id"]]
    labels = shorten_labels(names)
    fig = go.Figure()
    for i, formula in enumerate(formulas):
        fig.add_trace(go.Scatter(
            x=shown[formula].round(1).tolist(), y=labels, mode="markers", name=FORMULA_LABELS.get(formula, formula),
            marker=dict(color=COLORWAY[i % len(COLORWAY)], size=9, opacity=0.85),
            customdata=np.column_stack([names, shown["article_id"].astype(str)]).tolist(),
            hovertemplate="title: %{customdata[0]}<br>article: %{customdata[1]}<br>grade: %{x}<extra>%{fullData.name}</extra>",
            meta={"columns": {"x": "grade", "y": "label", "customdata_0": "title", "customdata_1": "article_id"}},
        ))
    fig.add_vrect(x0=band[0], x1=band[1], fillcolor=BAND_COLOR, opacity=0.15, line_width=0, layer="below")
    fig.update_layout(title_text="Grade by article and formula", xaxis_title="US school grade",
                      yaxis=dict(autorange="reversed", type="category"), legend_title_text="formula")
    more = f"The {len(shown)} hardest of {pluralize(len(graded), 'graded article')}" if len(shown) < len(graded) \
        else pluralize(len(graded), "graded article")
    _subtitle(fig, f"{more}, hardest first; shaded: grade {band[0]:g} to {band[1]:g} (general audience)")
    return finalize_figure(fig, n_rows=len(shown))


def summarize_by_position(sentences: pd.DataFrame, value: str, bins: int = POSITION_BINS) -> pd.DataFrame:
    """Summarise ``value`` by relative position in the article: sentence k of n sits at (k + 0.5) / n, binned in ``bins``.

    Only articles with at least ``bins`` sentences count (so each of their parts holds a sentence). Returns one row
    per bin: ``bin``, ``label`` ("0-20%"), ``n_sentences``, ``n_articles``, ``q1``, ``median``, ``q3``; empty when no
    article is long enough.
    """
    columns = ["bin", "label", "n_sentences", "n_articles", "q1", "median", "q3"]
    frame = sentences[["article_id", "sentence", value]].copy()
    frame["order"] = frame.groupby("article_id")["sentence"].rank(method="first") - 1
    frame["n"] = frame.groupby("article_id")["sentence"].transform("size")
    frame = frame[(frame["n"] >= bins) & frame[value].notna()]
    if frame.empty:
        return _empty_frame(columns)
    frame["bin"] = np.minimum(((frame["order"] + 0.5) / frame["n"] * bins).astype(int), bins - 1)
    grouped = frame.groupby("bin")
    out = pd.DataFrame({
        "n_sentences": grouped.size(), "n_articles": grouped["article_id"].nunique(),
        "q1": grouped[value].quantile(0.25), "median": grouped[value].median(), "q3": grouped[value].quantile(0.75),
    }).reindex(range(bins)).reset_index(names="bin")
    out["label"] = [f"{round(100 * b / bins)}-{round(100 * (b + 1) / bins)}%" for b in out["bin"]]
    out[["n_sentences", "n_articles"]] = out[["n_sentences", "n_articles"]].fillna(0).astype(int)
    out[["q1", "median", "q3"]] = out[["q1", "median", "q3"]].round(2)
    return out[columns]


def plot_readability_by_position(profile: pd.DataFrame, label: str, band: tuple[float, float] | None = None) -> go.Figure | None:
    """Median grade (line) and middle half (band) of sentences by relative position in the article (``summarize_by_position``)."""
    if profile.empty or profile["n_sentences"].sum() == 0:
        return None
    x = profile["label"].tolist()
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=profile["q3"].tolist(), mode="lines", line=dict(width=0), hoverinfo="skip",
                             showlegend=False, meta={"helper": True}))
    fig.add_trace(go.Scatter(x=x, y=profile["q1"].tolist(), mode="lines", line=dict(width=0), fill="tonexty",
                             fillcolor="rgba(59,110,168,0.18)", hoverinfo="skip", name="middle half of sentences", meta={"helper": True}))
    fig.add_trace(go.Scatter(
        x=x, y=profile["median"].tolist(), mode="lines+markers", name="median sentence", line=dict(color=COLORWAY[0], width=2.5),
        customdata=profile[["q1", "q3", "n_sentences", "n_articles"]].to_numpy().tolist(),
        hovertemplate="position: %{x}<br>median grade: %{y:.1f}<br>middle half: %{customdata[0]:.1f} to %{customdata[1]:.1f}"
                      "<br>sentences: %{customdata[2]}<br>articles: %{customdata[3]}<extra></extra>",
        meta={"columns": {"x": "position in the article", "y": "median grade", "customdata_0": "lower quartile",
                          "customdata_1": "upper quartile", "customdata_2": "sentences", "customdata_3": "articles"}},
    ))
    if band is not None:
        fig.add_hrect(y0=band[0], y1=band[1], fillcolor=BAND_COLOR, opacity=0.12, line_width=0, layer="below")
    n_articles = int(profile["n_articles"].max())
    fig.update_layout(title_text=f"{label} grade by position in the article",
                      xaxis=dict(title_text="position in the article (share of its sentences)", type="category"),
                      yaxis_title=f"{label} grade")
    shaded = f"; shaded: grade {band[0]:g} to {band[1]:g}" if band is not None else ""
    sentences = pluralize(int(profile["n_sentences"].sum()), "sentence")
    _subtitle(fig, (f"{sentences} of the one article, cut into {len(profile)} equal parts" if n_articles == 1 else
                    f"{sentences} of {pluralize(n_articles, 'article')}, each cut into {len(profile)} equal parts") + shaded)
    return finalize_figure(fig, height=400)


def plot_sentence_lengths(sentences: pd.DataFrame, long_words: int) -> go.Figure | None:
    """Histogram of words per sentence, pre-binned (``count_in_bins``), with a dashed line at ``long_words``."""
    counts = count_in_bins(sentences["words"])
    if counts.empty:
        return None
    centers = [(s + min(e, s + SENTENCE_BIN_WORDS)) / 2 for s, e in zip(counts["start"], counts["end"])]
    fig = go.Figure(go.Bar(
        x=centers, y=counts["count"].tolist(), width=SENTENCE_BIN_WORDS * 0.92, marker_color=COLORWAY[0],
        customdata=counts[["label"]].to_numpy().tolist(),
        hovertemplate="words per sentence: %{customdata[0]}<br>sentences: %{y}<extra></extra>",
        meta={"columns": {"x": "bin middle (words)", "y": "sentences", "customdata_0": "words per sentence"}},
    ))
    fig.add_vline(x=long_words, line_dash="dash", line_color="#b94a48")
    fig.add_annotation(x=long_words, y=1, yref="paper", text=f"{long_words} words", showarrow=False, xanchor="left",
                       yanchor="bottom", xshift=4, font=dict(color="#b94a48", size=12))
    fig.update_layout(title_text="Sentence lengths", xaxis_title="words per sentence", yaxis_title="sentences",
                      bargap=0.05, showlegend=False)
    _subtitle(fig, f"{pluralize(len(sentences), 'sentence')} in {pluralize(sentences['article_id'].nunique(), 'article')}; "
                   f"the last bar holds sentences of {MAX_SENTENCE_WORDS} words or more" if counts["end"].eq(math.inf).any()
              else f"{pluralize(len(sentences), 'sentence')} in {pluralize(sentences['article_id'].nunique(), 'article')}")
    return finalize_figure(fig, height=380)


# ----------------------------------------------------------------------------------------------- 03 actors

def plot_top_actors(actors: pd.DataFrame, top_n: int = 20) -> go.Figure | None:
    """Horizontal bars of the ``top_n`` most mentioned actors, one colour per type, most mentioned at the top."""
    if actors.empty:
        return None
    top = actors.head(top_n).reset_index(drop=True)
    labels = shorten_labels(top["actor"])
    top = top.assign(label=labels)
    fig = go.Figure()
    for actor_type in [t for t in ACTOR_TYPES if t in set(top["type"])] + sorted(set(top["type"]) - set(ACTOR_TYPES)):
        part = top[top["type"] == actor_type]
        fig.add_trace(go.Bar(
            x=part["n_mentions"].astype(int).tolist(), y=part["label"].tolist(), orientation="h", name=actor_type,
            marker_color=TYPE_COLORS.get(actor_type, COLORWAY[5]),
            customdata=np.column_stack([part["actor"].astype(str), part["type"].astype(str),
                                        part["n_articles"].astype(int)]).tolist(),
            hovertemplate="actor: %{customdata[0]}<br>type: %{customdata[1]}<br>mentions: %{x:,}<br>"
                          "articles: %{customdata[2]:,}<extra></extra>",
            meta={"columns": {"x": "mentions", "y": "label", "customdata_0": "actor", "customdata_1": "type",
                              "customdata_2": "articles"}},
        ))
    fig.update_layout(title_text="Most mentioned actors", xaxis_title="mentions", legend_title_text="type",
                      yaxis=dict(type="category", categoryorder="array", categoryarray=labels, autorange="reversed"))
    _subtitle(fig, f"The {len(top)} most mentioned of {pluralize(len(actors), 'actor')}" if len(top) < len(actors)
              else f"All {pluralize(len(actors), 'actor')}, most mentioned first")
    return finalize_figure(fig, n_rows=len(top))


def find_body_bounds(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Return each article's story body span: columns ``article_id``, ``body_start``, ``body_end`` (offsets into raw_text)."""
    body = paragraphs[paragraphs["kind"] == "body"]
    return body.groupby("article_id").agg(body_start=("start", "min"), body_end=("end", "max")).reset_index()


def rank_actors_by_reach(actors: pd.DataFrame, mentions: pd.DataFrame, top_n: int = 20) -> list[str]:
    """Return the ids of the ``top_n`` actors named in the most story bodies (then most mentioned, then by name)."""
    body = mentions[mentions["kind"] == "body"]
    if body.empty:
        return []
    reach = body.groupby("actor_id")["article_id"].nunique().rename("reach")
    ranked = actors[["actor_id", "actor", "n_mentions"]].merge(reach, left_on="actor_id", right_index=True)
    ranked = ranked.sort_values(["reach", "n_mentions", "actor", "actor_id"], ascending=[False, False, True, True], kind="stable")
    return ranked["actor_id"].head(top_n).tolist()


def find_first_appearances(mentions: pd.DataFrame, paragraphs: pd.DataFrame, actor_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Return where each actor is first mentioned in each article's story body, as a share of the body's length.

    One row per (actor, article): ``actor_id``, ``actor``, ``type``, ``article_id``, ``position`` (0 = the body's first
    character, 1 = its last). Only body mentions count; ``actor_ids`` restricts the actors.
    """
    columns = ["actor_id", "actor", "type", "article_id", "position"]
    body = mentions[mentions["kind"] == "body"]
    if actor_ids is not None:
        body = body[body["actor_id"].isin(list(actor_ids))]
    if body.empty:
        return _empty_frame(columns)
    first = body.sort_values(["article_id", "start"], kind="stable").drop_duplicates(["actor_id", "article_id"])
    first = first.merge(find_body_bounds(paragraphs), on="article_id", how="inner")
    length = (first["body_end"] - first["body_start"]).clip(lower=1)
    first["position"] = ((first["start"] - first["body_start"]) / length).clip(0, 1).round(4)
    return first.sort_values(["actor_id", "article_id"], kind="stable")[columns].reset_index(drop=True)


def summarize_first_appearances(first: pd.DataFrame) -> pd.DataFrame:
    """Per actor: ``n_articles`` and quartiles (``q1``, ``median``, ``q3``) of its first-appearance position, earliest first.

    The order (by median, then by the share of articles... ties by name) is the chart's row order.
    """
    columns = ["actor_id", "actor", "type", "n_articles", "q1", "median", "q3"]
    if first.empty:
        return _empty_frame(columns)
    grouped = first.groupby(["actor_id", "actor", "type"])["position"]
    out = pd.DataFrame({"n_articles": grouped.size(), "q1": grouped.quantile(0.25), "median": grouped.median(),
                        "q3": grouped.quantile(0.75)}).reset_index()
    out[["q1", "median", "q3"]] = out[["q1", "median", "q3"]].round(4)
    return out.sort_values(["median", "n_articles", "actor"], ascending=[True, False, True], kind="stable").reset_index(drop=True)[columns]


def plot_first_appearances(first: pd.DataFrame, summary: pd.DataFrame, max_points: int = MAX_POINTS) -> go.Figure | None:
    """Rows of actors (earliest median first): each article's first mention as a dot, the median as a diamond and the
    middle half of the articles as a bar. Dots are left out above ``max_points`` (the summary stays)."""
    if summary.empty:
        return None
    labels = dict(zip(summary["actor_id"], shorten_labels(summary["actor"])))
    order = [labels[a] for a in summary["actor_id"]]
    fig = go.Figure()
    several = (summary["n_articles"] > 1).any()
    if several and len(first) <= max_points:
        fig.add_trace(go.Scatter(
            x=first["position"].tolist(), y=first["actor_id"].map(labels).tolist(), mode="markers", name="one article",
            marker=dict(color="rgba(110,110,110,0.35)", size=6), customdata=first[["actor", "article_id"]].to_numpy().tolist(),
            hovertemplate="actor: %{customdata[0]}<br>article: %{customdata[1]}<br>first mention at: %{x:.0%}<extra></extra>",
            meta={"columns": {"x": "first mention (share of the body)", "y": "label", "customdata_0": "actor",
                              "customdata_1": "article_id"}},
        ))
    for actor_type in [t for t in ACTOR_TYPES if t in set(summary["type"])] + sorted(set(summary["type"]) - set(ACTOR_TYPES)):
        part = summary[summary["type"] == actor_type]
        fig.add_trace(go.Scatter(
            x=part["median"].tolist(), y=part["actor_id"].map(labels).tolist(), mode="markers", name=actor_type,
            marker=dict(symbol="diamond" if several else "circle", size=11, color=TYPE_COLORS.get(actor_type, COLORWAY[5])),
            error_x=dict(type="data", symmetric=False, array=(part["q3"] - part["median"]).round(4).tolist(),
                         arrayminus=(part["median"] - part["q1"]).round(4).tolist(), thickness=2, width=0,
                         color=TYPE_COLORS.get(actor_type, COLORWAY[5])) if several else None,
            customdata=part[["actor", "type", "n_articles", "q1", "q3"]].to_numpy().tolist(),
            hovertemplate="actor: %{customdata[0]}<br>type: %{customdata[1]}<br>articles: %{customdata[2]}<br>"
                          "median first mention at: %{x:.0%}<br>middle half: %{customdata[3]:.0%} to %{customdata[4]:.0%}"
                          "<extra></extra>" if several else
                          "actor: %{customdata[0]}<br>type: %{customdata[1]}<br>first mention at: %{x:.0%}<extra></extra>",
            meta={"columns": {"x": "median first mention (share of the body)", "y": "label", "customdata_0": "actor",
                              "customdata_1": "type", "customdata_2": "articles", "customdata_3": "lower quartile",
                              "customdata_4": "upper quartile"}},
        ))
    n_articles = first["article_id"].nunique()
    fig.update_layout(
        title_text="Where the top actors first appear",
        xaxis=dict(title_text="first mention, as a share of the story body (0% = first word)", range=[-0.03, 1.03],
                   tickformat=".0%", dtick=0.2),
        yaxis=dict(type="category", categoryorder="array", categoryarray=order, autorange="reversed"),
        legend_title_text="type",
    )
    _subtitle(fig, f"{pluralize(len(summary), 'actor')} in {pluralize(n_articles, 'article')}; diamond: median article, "
                   "bar: middle half of the articles" if several else
              f"{pluralize(len(summary), 'actor')} in {pluralize(n_articles, 'article')}, earliest first")
    return finalize_figure(fig, n_rows=len(summary))


def build_cooccurrence_matrix(pairs: pd.DataFrame, actor_ids: Sequence[str], value: str = "n_windows") -> pd.DataFrame:
    """Return the symmetric actor x actor matrix of ``value`` for ``actor_ids`` (pairs are listed once, a < b; 0 elsewhere)."""
    ids = list(actor_ids)
    matrix = pd.DataFrame(0, index=ids, columns=ids, dtype="int64")
    if pairs.empty or not ids:
        return matrix
    keep = pairs[pairs["actor_id_a"].isin(ids) & pairs["actor_id_b"].isin(ids)]
    for a, b, n in zip(keep["actor_id_a"], keep["actor_id_b"], keep[value]):
        if a != b:
            matrix.loc[a, b] += int(n)
            matrix.loc[b, a] += int(n)
    return matrix


def _log_ticks(top: int) -> list[int]:
    """Colour-bar ticks for counts on a log scale: 1, 2, 5, 10, 20, ... up to ``top`` (and ``top`` itself when far above)."""
    top = max(1, int(top))
    ticks, base = [], 1
    while base <= top:
        ticks += [t for t in (base, 2 * base, 5 * base) if t <= top]
        base *= 10
    if top >= 1.5 * ticks[-1]:
        ticks.append(top)
    return ticks


def plot_cooccurrence(matrix: pd.DataFrame, names: dict[str, str], window: str = "sentence") -> go.Figure | None:
    """Heatmap of shared windows between actors on a log colour scale (counts in the hover and on the colour bar)."""
    if matrix.empty or int(matrix.to_numpy().max()) == 0:
        return None
    full = [names.get(a, a) for a in matrix.index]
    labels = shorten_labels(full, AXIS_LABEL_WIDTH)
    counts = matrix.to_numpy()
    z = np.where(counts > 0, np.log10(np.maximum(counts, 1)), np.nan)
    ticks = _log_ticks(int(counts.max()))
    truncated = labels != full
    # full names per cell only when a label was cut (they would otherwise repeat the labels 2 x n x n times)
    custom = [[[int(n), full[r], full[c]] if truncated else [int(n)] for c, n in enumerate(row)] for r, row in enumerate(counts)]
    names_hover = "%{customdata[1]} and %{customdata[2]}" if truncated else "%{y} and %{x}"
    fig = go.Figure(go.Heatmap(
        z=[[None if np.isnan(v) else round(float(v), 3) for v in row] for row in z], x=labels, y=labels,
        customdata=custom,
        colorscale=HEAT_SCALE, zmin=0, zmax=round(max(math.log10(max(2, int(counts.max()))), 0.3), 4), xgap=1, ygap=1,
        colorbar=dict(title=dict(text=f"shared {window}s", side="right"), tickvals=[round(math.log10(t), 4) for t in ticks],
                      ticktext=[f"{t:,}" for t in ticks], thickness=14),
        hovertemplate=names_hover + f"<br>shared {window}s: %{{customdata[0]}}<extra></extra>",
        meta={"columns": {"y": "actor (row)" if not truncated else "row label", "x": "actor (column)" if not truncated
                          else "column label", "customdata_0": f"shared {window}s", "customdata_1": "actor (row)",
                          "customdata_2": "actor (column)"}},
    ))
    fig.update_layout(title_text=f"Actors mentioned in the same {window}",
                      xaxis=dict(tickangle=-45, type="category", showgrid=False, title_text="", side="bottom"),
                      yaxis=dict(type="category", autorange="reversed", showgrid=False), plot_bgcolor="#fafafa")
    _subtitle(fig, f"The {pluralize(len(labels), 'actor')} mentioned most that share a {window}; colour on a log scale, "
                   "blank: never together")
    return finalize_figure(fig, n_rows=len(labels), x_labels=max(len(label) for label in labels), row_height=24)


# ----------------------------------------------------------------------------------------------- 04 claims

def plot_quoted_vs_mentioned(top_actors: pd.DataFrame) -> go.Figure | None:
    """Grouped horizontal bars: mentions and claims made per actor, in the given order (most mentioned first)."""
    if top_actors.empty:
        return None
    labels = shorten_labels(top_actors["actor"])
    fig = go.Figure()
    for column, name, color in (("n_mentions", "mentions", COLORWAY[0]), ("n_quoted", "claims made", COLORWAY[1])):
        fig.add_trace(go.Bar(
            x=top_actors[column].astype(int).tolist(), y=labels, orientation="h", name=name, marker_color=color,
            customdata=np.column_stack([top_actors["actor"].astype(str), top_actors["type"].astype(str)]).tolist(),
            hovertemplate=f"actor: %{{customdata[0]}}<br>type: %{{customdata[1]}}<br>{name}: %{{x:,}}<extra></extra>",
            meta={"columns": {"x": "count", "y": "label", "customdata_0": "actor", "customdata_1": "type"}},
        ))
    fig.update_layout(title_text="Mentioned versus quoted, per actor", barmode="group", xaxis_title="count",
                      legend_title_text="measure",
                      yaxis=dict(type="category", categoryorder="array", categoryarray=labels, autorange="reversed"))
    _subtitle(fig, f"The {pluralize(len(labels), 'most mentioned actor')}: mentions against claims they make")
    return finalize_figure(fig, n_rows=len(labels), row_height=34)


def index_sankey_nodes(edges: pd.DataFrame) -> dict[str, list]:
    """Index a speaker -> target edge list (``speaker``, ``target``, ``n_claims``) for a Sankey diagram.

    Speakers become the left nodes and targets the right nodes (an actor can be both: two nodes), each side ordered by
    its total claims (most first), then by name. Returns ``names`` (node actor names), ``sides`` ("speaks"/"named"),
    ``totals``, and the links ``source``, ``target`` (node indexes) and ``value``.
    """
    out: dict[str, list] = {k: [] for k in ("names", "sides", "totals", "source", "target", "value")}
    if edges.empty:
        return out

    def side(column: str) -> list[tuple[str, int]]:
        totals = edges.groupby(column)["n_claims"].sum()
        return sorted(((str(k), int(v)) for k, v in totals.items()), key=lambda kv: (-kv[1], kv[0]))

    left, right = side("speaker"), side("target")
    index_left = {name: i for i, (name, _n) in enumerate(left)}
    index_right = {name: len(left) + i for i, (name, _n) in enumerate(right)}
    for name, total in left:
        out["names"].append(name), out["sides"].append("speaks"), out["totals"].append(total)
    for name, total in right:
        out["names"].append(name), out["sides"].append("named"), out["totals"].append(total)
    for speaker, target, n in zip(edges["speaker"], edges["target"], edges["n_claims"]):
        out["source"].append(index_left[str(speaker)])
        out["target"].append(index_right[str(target)])
        out["value"].append(int(n))
    return out


def plot_speaker_targets(edges: pd.DataFrame) -> go.Figure | None:
    """Sankey diagram from speakers (left) to the actors named in their claims (right), tall enough for every label."""
    nodes = index_sankey_nodes(edges)
    if not nodes["names"]:
        return None
    n_left = nodes["sides"].count("speaks")
    n_right = len(nodes["sides"]) - n_left
    labels = [truncate_text(name, AXIS_LABEL_WIDTH) for name in nodes["names"]]  # one actor can be a node on each side
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node=dict(label=labels, pad=14, thickness=14, color=[COLORWAY[0] if s == "speaks" else COLORWAY[1] for s in nodes["sides"]],
                  customdata=[f"{n} ({s})" for n, s in zip(nodes["names"], nodes["sides"])],
                  hovertemplate="%{customdata}<br>claims: %{value}<extra></extra>"),
        link=dict(source=nodes["source"], target=nodes["target"], value=nodes["value"], color="rgba(59,110,168,0.25)",
                  hovertemplate="%{source.customdata} → %{target.customdata}<br>claims: %{value}<extra></extra>"),
        textfont=dict(size=12),
    ))
    fig.update_layout(title_text="Who speaks about whom")
    _subtitle(fig, f"{pluralize(n_left, 'speaker')} (left) and the {pluralize(n_right, 'actor')} named in their claims (right); "
                   "width: number of claims")
    return finalize_figure(fig, n_rows=max(n_left, n_right), row_height=30)
