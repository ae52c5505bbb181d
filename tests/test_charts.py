"""helpers.charts: escaping of untrusted text, stable ids, and the two display modes (stored vs export)."""
from __future__ import annotations

import re

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from helpers import charts
from helpers.charts import (
    EXPORT_ENV, PLOTLY_MIMETYPE, escape_columns, escape_label, escape_markdown, escape_text, figure_bundle,
    sanitize_figure, truncate_text,
)

HOSTILE = "<script>alert(1)</script> & <img src=x onerror=alert(1)>"


def test_escape_text_escapes_markup_and_is_idempotent():
    once = escape_text(HOSTILE)
    assert "<" not in once and ">" not in once
    assert once.startswith("&lt;script&gt;") and "&amp;" in once
    assert escape_text(once) == once
    assert escape_text("AT&T &amp; co") == "AT&amp;T &amp; co"
    assert escape_text(3.5) == 3.5
    assert escape_text('He said "no" & left') == 'He said "no" &amp; left'  # Plotly cannot decode &quot;


def test_sankey_labels_are_escaped_but_hovertemplates_kept():
    fig = go.Figure(go.Sankey(node=dict(label=[HOSTILE, "B"], hovertemplate="%{label}<br>%{value}"),
                              link=dict(source=[0], target=[1], value=[1], label=["<b>x</b>"])))
    trace = sanitize_figure(fig.to_dict())["data"][0]
    assert trace["node"]["label"][0].startswith("&lt;script&gt;")
    assert trace["node"]["hovertemplate"] == "%{label}<br>%{value}"
    assert trace["link"]["label"] == ["&lt;b&gt;x&lt;/b&gt;"]


def test_escape_label_keeps_plotly_formatting_tags_only():
    out = escape_label("Top<br><b>bold</b> <img src=x onerror=alert(1)>")
    assert out.startswith("Top<br><b>bold</b> ")
    assert "<img" not in out and "&lt;img src=x" in out


def test_escape_markdown_neutralises_html_and_links():
    out = escape_markdown("[click](javascript:alert(1)) <script>x</script> *b* costs $2 and $3")
    assert "<script>" not in out and "\\[click\\](javascript" in out and "\\*b\\*" in out
    assert "\\$2 and \\$3" in out


def test_escape_columns_defaults_to_text_columns():
    frame = pd.DataFrame({"title": ["<b>x</b>"], "n": [1]})
    out = escape_columns(frame)
    assert out.loc[0, "title"] == "&lt;b&gt;x&lt;/b&gt;" and out.loc[0, "n"] == 1
    assert frame.loc[0, "title"] == "<b>x</b>"  # the input is untouched


def test_truncate_text_adds_ellipsis():
    assert truncate_text("a  b\nc") == "a b c"
    assert truncate_text("x" * 100, width=10) == "x" * 9 + "…"


def test_sanitize_figure_escapes_data_and_titles_but_not_hovertemplate():
    fig = go.Figure(go.Bar(x=[HOSTILE, "ok"], y=[1, 2], name="<i>n</i>", hovertemplate="%{x}<br>%{y}<extra></extra>"))
    fig.update_layout(title=f"Words<br>{HOSTILE}", xaxis_title="<svg onload=alert(1)>")
    clean = sanitize_figure(fig.to_dict())
    trace, layout = clean["data"][0], clean["layout"]
    assert trace["x"][0].startswith("&lt;script&gt;") and trace["x"][1] == "ok"
    assert trace["name"] == "&lt;i&gt;n&lt;/i&gt;"
    assert trace["hovertemplate"] == "%{x}<br>%{y}<extra></extra>"
    assert layout["title"]["text"].startswith("Words<br>&lt;script&gt;")
    assert layout["xaxis"]["title"]["text"] == "&lt;svg onload=alert(1)&gt;"


def test_stored_bundle_is_plain_plotly_json_without_ids(monkeypatch):
    monkeypatch.delenv(EXPORT_ENV, raising=False)
    fig = px.bar(pd.DataFrame({"t": ["a", "b"], "n": [3, 4]}), x="t", y="n")
    bundle = figure_bundle(fig)
    assert list(bundle) == [PLOTLY_MIMETYPE]
    assert bundle[PLOTLY_MIMETYPE]["data"][0]["y"] == [3, 4]  # plain numbers, not base64, so nbval diffs are readable
    assert "uid" not in bundle[PLOTLY_MIMETYPE]["data"][0]


def test_export_bundle_is_html_with_stable_id_and_no_cdn(monkeypatch):
    monkeypatch.setenv(EXPORT_ENV, "1")
    fig = px.bar(pd.DataFrame({"t": [HOSTILE], "n": [3]}), x="t", y="n")
    first = figure_bundle(fig, "figure-words")["text/html"]
    again = figure_bundle(fig, "figure-words")["text/html"]
    assert first == again  # deterministic
    assert 'id="figure-words"' in first and "<script src" not in first and "cdn" not in first.lower()
    assert "<script>alert" not in first and "<img src=x" not in first
    assert "&lt;script&gt;" in first


def test_unnamed_figures_get_counter_ids_not_uuids(monkeypatch):
    monkeypatch.setenv(EXPORT_ENV, "1")
    monkeypatch.setattr(charts, "_seen_ids", set())
    html = figure_bundle(go.Figure(go.Bar(y=[1])))["text/html"]
    assert re.search(r'id="figure-\d+"', html)
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}", html)


def test_named_ids_are_unique_within_a_notebook(monkeypatch):
    monkeypatch.setattr(charts, "_seen_ids", set())
    assert charts._unique_id("figure", "Words per article") == "figure-words-per-article"
    assert charts._unique_id("figure", "Words per article") == "figure-words-per-article-2"


def test_figure_table_names_columns_from_the_hover_template():
    frame = pd.DataFrame({"title": ["<b>A</b>", "B"], "n_words": [3, 4], "outlet": ["X", "Y"]})
    fig = px.bar(frame, x="n_words", y="title", hover_data=["outlet"], labels={"n_words": "story words"})
    table = charts.figure_table(fig)
    assert list(table.columns) == ["story words", "title", "outlet"]
    assert table["title"].tolist() == ["<b>A</b>", "B"]  # raw text: a CSV is data, not HTML
    assert table["story words"].tolist() == [3, 4]


def test_figure_table_melts_heatmaps_and_lists_sankey_links():
    heat = charts.figure_table(go.Figure(go.Heatmap(z=[[1, 2], [3, 4]], x=["a", "b"], y=["c", "d"])))
    assert heat.to_dict("records")[1] == {"y": "c", "x": "b", "z": 2}
    sankey = charts.figure_table(go.Figure(go.Sankey(node=dict(label=["A", "B"]), link=dict(source=[0], target=[1], value=[5]))))
    assert sankey.to_dict("records") == [{"source": "A", "target": "B", "value": 5}]
    colored = charts.figure_table(px.scatter(pd.DataFrame({"x": [1, 2], "y": [3, 4], "g": ["p", "q"]}), x="x", y="y", color="g"))
    assert colored["trace"].tolist() == ["p", "q"]


def test_export_bundle_carries_the_figure_data_for_the_runner(monkeypatch):
    monkeypatch.setenv(EXPORT_ENV, "1")
    bundle = figure_bundle(px.bar(pd.DataFrame({"t": ["a"], "n": [3]}), x="t", y="n"), "figure-one")
    data = bundle[charts.FIGURE_DATA_MIMETYPE]
    assert data["id"] == "figure-one" and data["columns"] == ["t", "n"] and data["data"] == [["a", 3]]
