"""helpers.figures: the aggregations behind each chart, and charts that hold from one article to many."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers import figures
from helpers.charts import LABEL_WIDTH, figure_table


def _sentences(lengths: dict[str, int], value=lambda article, k: float(k)) -> pd.DataFrame:
    rows = [{"article_id": a, "sentence": k, "words": 10 + k, "flesch_kincaid_grade": value(a, k)}
            for a, n in lengths.items() for k in range(n)]
    return pd.DataFrame(rows)


def test_unique_labels_truncate_and_stay_distinct():
    long = "x" * 100
    labels = figures.shorten_labels([long, long, "short"])
    assert labels[0].endswith("…") and len(labels[0]) == LABEL_WIDTH
    assert labels[1] == labels[0] + " (2)" and labels[2] == "short"


def test_bin_counts_fills_gaps_and_caps_the_last_bin():
    counts = figures.count_in_bins([1, 2, 12, 200], width=5, cap=20)
    assert counts["label"].tolist() == ["0-4", "5-9", "10-14", "15-19", "20+"]
    assert counts["count"].tolist() == [2, 0, 1, 0, 1]
    assert math.isinf(counts["end"].iloc[-1])
    assert figures.count_in_bins([]).empty


def test_position_profile_bins_by_share_of_the_article_and_drops_short_articles():
    sentences = _sentences({"long": 10, "short": 3})
    profile = figures.summarize_by_position(sentences, "flesch_kincaid_grade", bins=5)
    assert profile["label"].tolist() == ["0-20%", "20-40%", "40-60%", "60-80%", "80-100%"]
    assert profile["n_sentences"].tolist() == [2, 2, 2, 2, 2] and profile["n_articles"].tolist() == [1] * 5
    assert profile["median"].tolist() == [0.5, 2.5, 4.5, 6.5, 8.5]  # sentence k of 10 sits in fifth k // 2
    assert figures.summarize_by_position(_sentences({"a": 2, "b": 1}), "flesch_kincaid_grade").empty
    assert figures.plot_readability_by_position(figures.summarize_by_position(_sentences({"a": 2}), "flesch_kincaid_grade"),
                                                "Flesch-Kincaid") is None  # skipped: nothing to say


def test_position_profile_pools_articles_of_different_lengths():
    profile = figures.summarize_by_position(_sentences({"a": 5, "b": 50}, value=lambda a, k: 1.0 if a == "a" else 3.0),
                                       "flesch_kincaid_grade")
    assert profile["n_articles"].tolist() == [2] * 5 and profile["n_sentences"].sum() == 55
    assert (profile["median"] == 3.0).all() and (profile["q1"] <= profile["median"]).all()


def test_sentence_length_chart_size_does_not_grow_with_the_corpus():
    few = figures.plot_sentence_lengths(_sentences({"a": 20}), 25)
    many = figures.plot_sentence_lengths(_sentences({f"a{i}": 60 for i in range(500)}), 25)
    assert len(many.data[0].x) <= figures.MAX_SENTENCE_WORDS / figures.SENTENCE_BIN_WORDS + 1
    assert len(few.data[0].x) <= len(many.data[0].x)


MENTIONS = pd.DataFrame([
    # article a: body 100..300 (200 chars); b: body 0..100
    {"article_id": "a", "actor_id": "p:x", "actor": "X", "type": "person", "start": 120, "kind": "body"},
    {"article_id": "a", "actor_id": "p:x", "actor": "X", "type": "person", "start": 280, "kind": "body"},
    {"article_id": "a", "actor_id": "o:y", "actor": "Y", "type": "organisation", "start": 200, "kind": "body"},
    {"article_id": "a", "actor_id": "o:y", "actor": "Y", "type": "organisation", "start": 5, "kind": "title"},
    {"article_id": "b", "actor_id": "p:x", "actor": "X", "type": "person", "start": 90, "kind": "body"},
])
PARAGRAPHS = pd.DataFrame([
    {"article_id": "a", "kind": "title", "start": 0, "end": 50},
    {"article_id": "a", "kind": "body", "start": 100, "end": 180},
    {"article_id": "a", "kind": "body", "start": 182, "end": 300},
    {"article_id": "b", "kind": "body", "start": 0, "end": 100},
])
ACTORS = pd.DataFrame([
    {"actor_id": "o:y", "actor": "Y", "type": "organisation", "n_mentions": 9, "n_articles": 1},
    {"actor_id": "p:x", "actor": "X", "type": "person", "n_mentions": 3, "n_articles": 2},
])


def test_first_appearances_are_shares_of_the_body_and_ignore_titles():
    first = figures.find_first_appearances(MENTIONS, PARAGRAPHS)
    positions = {(r.actor_id, r.article_id): r.position for r in first.itertuples()}
    assert positions == {("o:y", "a"): 0.5, ("p:x", "a"): 0.1, ("p:x", "b"): 0.9}
    summary = figures.summarize_first_appearances(first)
    assert summary["actor"].tolist() == ["X", "Y"]  # earliest median first: X at 0.5, Y at 0.5 -> more articles first
    assert summary.set_index("actor").loc["X", "n_articles"] == 2


def test_actors_by_reach_prefers_actors_named_in_more_articles():
    assert figures.rank_actors_by_reach(ACTORS, MENTIONS, 2) == ["p:x", "o:y"]
    assert figures.rank_actors_by_reach(ACTORS, MENTIONS.iloc[0:0], 2) == []


def test_first_appearance_chart_holds_for_one_article_and_caps_points():
    one = figures.find_first_appearances(MENTIONS[MENTIONS["article_id"] == "a"], PARAGRAPHS)
    fig = figures.plot_first_appearances(one, figures.summarize_first_appearances(one))
    assert all(t.error_x.array is None for t in fig.data)  # one article: plain dots, no spread bars
    many = pd.DataFrame({"actor_id": "p:x", "actor": "X", "type": "person", "article_id": [f"a{i}" for i in range(3000)],
                         "position": [i / 3000 for i in range(3000)]})
    fig = figures.plot_first_appearances(many, figures.summarize_first_appearances(many))
    assert sum(len(t.x) for t in fig.data) == 1  # only the summary is drawn past MAX_POINTS
    assert figures.plot_first_appearances(one.iloc[0:0], figures.summarize_first_appearances(one.iloc[0:0])) is None


def test_cooccurrence_matrix_is_symmetric_with_an_empty_diagonal():
    pairs = pd.DataFrame({"actor_id_a": ["a", "a", "b"], "actor_id_b": ["b", "c", "c"], "n_windows": [3, 1, 2]})
    matrix = figures.build_cooccurrence_matrix(pairs, ["c", "a", "b"])
    assert list(matrix.index) == ["c", "a", "b"] and (matrix.to_numpy() == matrix.to_numpy().T).all()
    assert matrix.loc["a", "b"] == 3 and matrix.loc["c", "b"] == 2 and matrix.loc["a", "a"] == 0
    assert figures.build_cooccurrence_matrix(pairs, ["a", "z"]).loc["a", "z"] == 0


def test_cooccurrence_heatmap_uses_a_log_scale_with_counts_in_the_hover_and_csv():
    pairs = pd.DataFrame({"actor_id_a": ["a", "a"], "actor_id_b": ["b", "c"], "n_windows": [100, 1]})
    matrix = figures.build_cooccurrence_matrix(pairs, ["a", "b", "c"])
    fig = figures.plot_cooccurrence(matrix, {"a": "Alpha", "b": "Beta", "c": "Gamma"})
    trace = fig.data[0]
    assert trace.z[0][1] == pytest.approx(2.0) and trace.z[0][2] == 0.0 and trace.z[1][2] is None
    assert list(trace.colorbar.ticktext)[:3] == ["1", "2", "5"] and list(trace.colorbar.ticktext)[-1] == "100"
    table = figure_table(fig)
    assert {"actor (row)", "actor (column)", "shared sentences"} <= set(table.columns)
    assert table[(table["actor (row)"] == "Alpha") & (table["actor (column)"] == "Beta")]["shared sentences"].tolist() == [100]
    long_names = {"a": "A" * 40, "b": "Beta", "c": "Gamma"}  # a cut label: full names travel with each cell
    table = figure_table(figures.plot_cooccurrence(matrix, long_names))
    assert table[table["actor (column)"] == "Beta"]["actor (row)"].tolist()[0] == "A" * 40
    assert figures.plot_cooccurrence(figures.build_cooccurrence_matrix(pairs.iloc[0:0], ["a"]), {}) is None


def test_sankey_nodes_index_speakers_left_and_targets_right():
    edges = pd.DataFrame({"speaker": ["Putin", "Putin", "Trump"], "target": ["Ukraine", "Trump", "Putin"], "n_claims": [4, 1, 2]})
    nodes = figures.index_sankey_nodes(edges)
    assert nodes["names"] == ["Putin", "Trump", "Ukraine", "Putin", "Trump"]  # each side by total claims, then name
    assert nodes["sides"] == ["speaks", "speaks", "named", "named", "named"]
    assert list(zip(nodes["source"], nodes["target"], nodes["value"])) == [(0, 2, 4), (0, 4, 1), (1, 3, 2)]
    assert figures.index_sankey_nodes(edges.iloc[0:0])["names"] == []


def test_sankey_is_tall_enough_for_every_label():
    edges = pd.DataFrame({"speaker": [f"S{i}" for i in range(30)], "target": [f"T{i}" for i in range(30)], "n_claims": 1})
    small = figures.plot_speaker_targets(edges.head(3))
    large = figures.plot_speaker_targets(edges)
    assert large.layout.height >= 30 * 28 and large.layout.height > small.layout.height


def test_bar_charts_truncate_labels_and_keep_the_full_text_for_hover_and_csv():
    title = "A very long headline that goes on and on well past any sensible label width for a chart"
    articles = pd.DataFrame({"article_id": ["x", "y"], "status": ["ok", "ok"], "title": [title, ""], "outlet": ["O", ""],
                             "n_words": [500, 200], "n_paragraphs": [5, 2]})
    fig = figures.plot_words_per_article(articles)
    assert fig.data[0].y[0].endswith("…") and fig.data[0].y[1] == "y"  # no title: the id
    assert fig.data[0].customdata[0][0] == title
    assert figure_table(fig)["title"].tolist() == [title, "y"]
    assert figures.plot_words_per_article(articles.assign(status="empty")) is None
