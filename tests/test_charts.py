"""helpers.charts: escaping of untrusted text, stable ids, the display modes (stored, live, export), one chart style
(finalize_figure: margins, automargin, height, source line) in both worlds, the Plotly config, readable CSV headers
and the Markdown helpers."""
from __future__ import annotations

import re

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import pytest

from helpers import charts
from helpers.charts import (
    JUPYTER_SESSION_ENV, PLOTLY_MIMETYPE, describe_count, describe_corpus, describe_range,
    display_mode, escape_columns, escape_label, escape_markdown, escape_text, figure_bundle, finalize_figure,
    format_code, pluralize, sanitize_figure, set_corpus_label, set_display_mode, truncate_text,
)
from helpers.paths import PROJECT_ROOT

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
    monkeypatch.setattr(charts, "_display", "stored")
    fig = px.bar(pd.DataFrame({"t": ["a", "b"], "n": [3, 4]}), x="t", y="n")
    bundle = figure_bundle(fig)
    assert list(bundle) == [PLOTLY_MIMETYPE]
    assert bundle[PLOTLY_MIMETYPE]["data"][0]["y"] == [3, 4]  # plain numbers, not base64, so nbval diffs are readable
    assert "uid" not in bundle[PLOTLY_MIMETYPE]["data"][0]


def test_export_bundle_is_html_with_stable_id_and_no_cdn(monkeypatch):
    monkeypatch.setattr(charts, "_display", "export")
    fig = px.bar(pd.DataFrame({"t": [HOSTILE], "n": [3]}), x="t", y="n")
    first = figure_bundle(fig, "figure-words")["text/html"]
    again = figure_bundle(fig, "figure-words")["text/html"]
    assert first == again  # deterministic
    assert 'id="figure-words"' in first and "<script src" not in first and "cdn" not in first.lower()
    assert "<script>alert" not in first and "<img src=x" not in first
    assert "&lt;script&gt;" in first


def test_unnamed_figures_get_counter_ids_not_uuids(monkeypatch):
    monkeypatch.setattr(charts, "_display", "export")
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
    assert heat.to_dict("records")[1] == {"label (row)": "c", "label (column)": "b", "value": 2}
    sankey = charts.figure_table(go.Figure(go.Sankey(node=dict(label=["A", "B"]), link=dict(source=[0], target=[1], value=[5]))))
    assert sankey.to_dict("records") == [{"source": "A", "target": "B", "value": 5}]
    colored = charts.figure_table(px.scatter(pd.DataFrame({"x": [1, 2], "y": [3, 4], "g": ["p", "q"]}), x="x", y="y", color="g"))
    assert colored["g"].tolist() == ["p", "q"]  # the series column is named after the legend title


def test_export_bundle_carries_the_figure_data_for_the_runner(monkeypatch):
    monkeypatch.setattr(charts, "_display", "export")
    bundle = figure_bundle(px.bar(pd.DataFrame({"t": ["a"], "n": [3]}), x="t", y="n"), "figure-one")
    data = bundle[charts.FIGURE_DATA_MIMETYPE]
    assert data["id"] == "figure-one" and data["columns"] == ["t", "n"] and data["data"] == [["a", 3]]


# ------------------------------------------------------------------------------------------ one style in both worlds

def _bar(n: int) -> go.Figure:
    fig = go.Figure(go.Bar(x=list(range(n)), y=[f"label {i}" for i in range(n)], orientation="h"))
    fig.update_layout(title_text="A chart", xaxis_title="count")
    return fig


def test_finalize_sets_margins_automargin_height_and_one_source_line(monkeypatch):
    monkeypatch.setattr(charts, "_corpus_label", "seeds")
    small, medium, large = (finalize_figure(_bar(n), n_rows=n) for n in (2, 10, 40))
    assert large.layout.height - medium.layout.height == 30 * charts.ROW_HEIGHT  # height grows with the rows
    assert small.layout.height == charts.MIN_HEIGHT
    assert small.layout.xaxis.automargin and small.layout.yaxis.automargin
    assert small.layout.margin.b >= charts.SOURCE_SPACE + charts.X_AXIS_SPACE + charts.X_TITLE_SPACE
    again = finalize_figure(small, n_rows=2)
    sources = [a for a in again.layout.annotations if a.name == "source"]
    assert len(sources) == 1 and sources[0].text == "Source: seeds · Article Profiler"  # no date: stored outputs stay stable
    assert sources[0].yshift < 0 and sources[0].yanchor == "top"  # under the plot, inside the bottom margin


def test_rotated_category_labels_get_a_taller_bottom_margin():
    plain = finalize_figure(_bar(5), n_rows=5)
    rotated = finalize_figure(_bar(5), n_rows=5, x_labels=28)
    assert rotated.layout.margin.b > plain.layout.margin.b + 80


def test_stored_bundle_carries_template_margins_height_and_config(monkeypatch):
    monkeypatch.setattr(charts, "_display", "stored")
    bundle = figure_bundle(finalize_figure(_bar(3), n_rows=3), "figure-words-per-article")[PLOTLY_MIMETYPE]
    layout = bundle["layout"]
    assert layout["template"]["layout"]["font"]["size"] == charts.FONT_SIZE  # the same template as the report
    assert layout["height"] and layout["margin"]["b"] and layout["yaxis"]["automargin"] is True
    config = bundle["config"]
    assert config["displaylogo"] is False and config["showSendToCloud"] is False and config["showEditInChartStudio"] is False
    assert {"sendChartToCloud", "sendDataToCloud", "editInChartStudio"} <= set(config["modeBarButtonsToRemove"])
    assert config["toImageButtonOptions"] == {"format": "png", "scale": 2, "filename": "words-per-article"}
    assert bundle == figure_bundle(finalize_figure(_bar(3), n_rows=3), "figure-words-per-article")[PLOTLY_MIMETYPE]


def test_show_figure_finalizes_a_figure_the_notebook_did_not(monkeypatch):
    monkeypatch.setattr(charts, "_display", "stored")
    bundle = figure_bundle(px.bar(pd.DataFrame({"t": ["a"], "n": [3]}), x="t", y="n"))[PLOTLY_MIMETYPE]
    assert any(a.get("name") == "source" for a in bundle["layout"]["annotations"])
    assert bundle["layout"]["xaxis"]["automargin"] is True


def test_export_html_has_svg_button_no_cloud_and_no_script_breakout(monkeypatch):
    monkeypatch.setattr(charts, "_display", "export")
    fig = finalize_figure(go.Figure(go.Bar(x=[1], y=["</script><script>alert(1)</script>"], orientation="h",
                                           hovertemplate="</script>%{y}")), n_rows=1)
    html = figure_bundle(fig, "figure-x")["text/html"]
    assert 'id="figure-x"' in html and "Download plot as an SVG" in html and 'format: "svg"' in html
    assert '"showSendToCloud":false' in html and "sendChartToCloud" in html  # removed from the mode bar
    assert html.count("</script>") == 1  # only the closing tag of the figure's own script


# ------------------------------------------------------------------------------------------ display modes

def test_display_mode_is_the_notebook_parameter_else_where_the_kernel_came_from(monkeypatch):
    monkeypatch.setattr(charts, "_display", None)  # what setup_notebook(DISPLAY) records; restored after the test
    monkeypatch.delenv(JUPYTER_SESSION_ENV, raising=False)
    assert display_mode() == "stored"  # nbval, papermill, article-profiler store: no DISPLAY, not a JupyterLab kernel
    monkeypatch.setenv(JUPYTER_SESSION_ENV, "01-articles.ipynb")  # Jupyter sets it for a kernel JupyterLab starts
    assert display_mode() == "live" and charts.is_interactive() and not charts.is_exporting()
    assert set_display_mode("stored") == "stored" and display_mode() == "stored"  # a DISPLAY given wins, even there
    assert set_display_mode("export") == "export" and charts.is_exporting() and charts.is_interactive()
    assert set_display_mode(None) == "live"
    monkeypatch.delenv(JUPYTER_SESSION_ENV)
    assert set_display_mode("live") == "live"
    with pytest.raises(ValueError, match="DISPLAY must be one of 'stored', 'live', 'export' or None"):
        set_display_mode("html")
    assert display_mode() == "live"  # a rejected value leaves the mode as it was


def test_stored_table_with_no_rows_shown_says_where_the_rows_are(monkeypatch, capsys):
    from IPython.core.interactiveshell import InteractiveShell

    monkeypatch.setattr(charts, "_display", "stored")
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: shown.append(obj))
    InteractiveShell.clear_instance()
    charts.show_table(pd.DataFrame({"a": range(30)}), "all-rows", max_rows=0)
    assert len(shown) == 1 and "30 rows" in shown[0].data and "searchable table" in shown[0].data


# ------------------------------------------------------------------------------------------ CSV headers

def test_figure_table_uses_meta_columns_and_skips_helper_traces():
    fig = go.Figure([
        go.Scatter(x=["0-20%"], y=[1.0], meta={"helper": True}),
        go.Scatter(x=["0-20%"], y=[10.5], customdata=[[9.0, 3]], name="median",
                   meta={"columns": {"x": "position", "y": "median grade", "customdata_0": "lower quartile",
                                     "customdata_1": "sentences"}}),
    ])
    table = charts.figure_table(fig)
    assert list(table.columns) == ["position", "median grade", "lower quartile", "sentences"]
    assert table.to_dict("records") == [{"position": "0-20%", "median grade": 10.5, "lower quartile": 9.0, "sentences": 3}]


def test_figure_table_names_category_labels_and_axis_titles():
    fig = go.Figure(go.Bar(x=[3], y=["A title"], orientation="h"))
    fig.update_layout(xaxis_title="story words")
    assert list(charts.figure_table(fig).columns) == ["story words", "label"]


# ------------------------------------------------------------------------------------------ words and names

def test_markdown_code_shows_text_literally():
    assert format_code("politico_2016-09-30_x") == "`politico_2016-09-30_x`"  # no backslash before the underscores
    assert format_code("a`b") == "``a`b``"
    assert format_code("`x`") == "`` `x` ``"
    assert format_code("two\nlines") == "`two lines`"


def test_plural_count_of_and_describe_range_read_right_for_one_and_many():
    assert pluralize(1, "article") == "1 article" and pluralize(1234, "article") == "1,234 articles"
    assert pluralize(2, "person", "people") == "2 people"
    assert describe_count(1, 1, "input") == "the one input"
    assert describe_count(84, 84, "input") == "all **84** inputs"
    assert describe_count(83, 84, "input", bold=False) == "83 of 84 inputs"
    assert describe_range([468], "word") == "468 words"
    assert describe_range([120, 300, 468], "word") == "120 to 468 words (median 300)"


def test_source_line_without_a_corpus_names_only_the_tool(monkeypatch):
    monkeypatch.setattr(charts, "_corpus_label", None)
    assert charts.source_line() == "Source: Article Profiler"  # outside a notebook with a CORPUS parameter


def test_corpus_label_never_shows_an_absolute_path(monkeypatch):
    monkeypatch.setattr(charts, "_corpus_label", "seeds")
    assert describe_corpus(None) == "seeds"
    assert describe_corpus(PROJECT_ROOT / "seeds") == "seeds"
    assert describe_corpus("/data/corpora/polnear/dev/text") == "dev/text"
    assert describe_corpus(["a.txt", "b.txt"]) == "2 files"
    assert set_corpus_label("/tmp/bbc/bbc-news.csv") == "bbc/bbc-news.csv"
    assert charts.source_line() == "Source: bbc/bbc-news.csv · Article Profiler"
