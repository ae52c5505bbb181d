"""Plotly and table set-up shared by every notebook: renderer, template, stable ids and safe text.

What it does: ``setup_notebook()`` (call it once, in a notebook's imports cell) picks how figures and
tables are displayed. In a stored notebook (the default) a figure is a small
``application/vnd.plotly.v1+json`` output (no plotly.js, no div id and no template, so nbval compares the
figure's data and layout, and a change of style does not invalidate every stored notebook) and a table is pandas' escaped HTML. When the report runner sets ``ARTICLE_PROFILER_EXPORT=1``
the same calls produce self-contained HTML instead: plotly.js is embedded once (in the imports cell's
output), each figure is a ``<div>`` with a stable id (``figure-<name>`` or ``figure-<n>`` in display
order, never a random UUID), no MathJax or CDN script, and tables are offline itables (DataTables
bundled, stable table ids); each figure also carries its data table (``figure_table``), which the report
runner writes as a CSV next to the report and links under the chart. Article text is untrusted and Plotly renders a subset of HTML in titles,
labels and hover text, so every figure shown through this module is sanitised (``sanitize_figure``:
all data strings escaped, layout titles escaped except Plotly's plain ``<br>``/``<b>``/``<i>`` tags);
``escape_text``/``escape_columns`` do the same explicitly and are idempotent (no double escaping).

What it does not do: compute anything, or escape Markdown for you: article text put into a
``display(Markdown(f"..."))`` sentence must go through ``escape_markdown``. Tables are escaped here.

Usage in a notebook::

    from helpers.charts import setup_notebook, show_figure, show_table, escape_columns
    setup_notebook()
    ...
    fig = px.bar(escape_columns(frame, ["title"]), x="n_words", y="title", title="Words per article")
    show_figure(fig, "words-per-article")
    show_table(frame[["status", "outlet", "title", "n_words"]], "corpus")
"""
from __future__ import annotations

import base64
import html
import itertools
import json
import os
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

EXPORT_ENV = "ARTICLE_PROFILER_EXPORT"
RENDERER = "article_profiler"
TEMPLATE = "article_profiler"
PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"
FIGURE_DATA_MIMETYPE = "application/vnd.article-profiler.figure-data+json"
FIGURE_CONFIG = {"displaylogo": False, "responsive": True}
COLORWAY = ["#3b6ea8", "#d1793a", "#5a9a5a", "#b94a48", "#7d6aa8", "#8c6d46", "#c96fa5", "#6f6f6f"]
TABLE_MAX_ROWS = 60
TABLE_MAX_BYTES = 2_000_000  # per interactive table in a report; itables downsamples beyond this and says so under the table
_ID_SAFE = re.compile(r"[^a-z0-9]+")
_BARE_AMP = re.compile(r"&(?!(?:amp|lt|gt);)")
_SAFE_TAG = re.compile(r"<(?:br|/?b|/?i|/?em|/?sub|/?sup)\s*/?>", re.I)
_MD_SPECIAL = re.compile(r"[\\`*_\[\]#|~$]")  # $ too: JupyterLab reads $...$ as LaTeX
# trace keys whose strings come from data (categories, labels, legend names from a color column, hover text)
TRACE_TEXT_KEYS = {"x", "y", "z", "text", "hovertext", "customdata", "labels", "parents", "ids", "name",
                   "legendgroup", "header", "cells", "dimensions", "ticktext", "meta", "node", "link"}
# author-written format strings inside those keys (e.g. a Sankey node's hovertemplate) are left alone
TEMPLATE_KEYS = {"hovertemplate", "texttemplate", "valueformat", "valuesuffix", "format", "prefix", "suffix"}
# layout keys holding display text (titles, annotations, tick labels); category orders hold data too
LAYOUT_TEXT_KEYS = {"text", "ticktext", "categoryarray", "tickvals"}
_counter = itertools.count(1)
_seen_ids: set[str] = set()


def is_exporting() -> bool:
    """Return True when the report runner is executing the notebook for HTML export."""
    return os.environ.get(EXPORT_ENV, "") not in ("", "0", "false", "no")


def escape_text(value: Any) -> Any:
    """HTML-escape a string for Plotly text (``<``, ``>``, and ``&`` unless already an entity); idempotent; other values pass through.

    Quotes stay as they are: with ``<`` escaped no tag (so no attribute) can form, and Plotly does not decode ``&quot;``.
    """
    if not isinstance(value, str):
        return value
    value = _BARE_AMP.sub("&amp;", value)
    return value.replace("<", "&lt;").replace(">", "&gt;")


def escape_label(value: Any) -> Any:
    """Escape a title or label like ``escape_text`` but keep Plotly's plain formatting tags (``<br>``, ``<b>``, ``<i>``, ``<sub>``, ``<sup>``, ``<em>``)."""
    if not isinstance(value, str):
        return value
    parts = _SAFE_TAG.split(value)
    tags = _SAFE_TAG.findall(value)
    out = [escape_text(parts[0])]
    for tag, part in zip(tags, parts[1:]):
        out.append(tag.lower())
        out.append(escape_text(part))
    return "".join(out)


def escape_markdown(value: Any) -> str:
    """Escape untrusted text for a ``display(Markdown(...))`` sentence: no raw HTML, no Markdown emphasis, links or code."""
    text = escape_text(str(value))
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def sanitize_figure(fig_dict: dict) -> dict:
    """Escape every data string of every trace and every layout text of a figure dict (idempotent; keeps hovertemplates)."""
    out = dict(fig_dict)
    out["data"] = [{k: (_escape_all(v) if k in TRACE_TEXT_KEYS else v) for k, v in trace.items()} for trace in fig_dict.get("data", [])]
    out["layout"] = _escape_layout(fig_dict.get("layout", {}))
    return out


def _escape_all(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (v if k in TEMPLATE_KEYS else _escape_all(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_escape_all(v) for v in value]
    return escape_text(value)


def _escape_layout(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: (value[k] if k == "template" else _escape_layout(v, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_escape_layout(v, key) for v in value]
    if key in LAYOUT_TEXT_KEYS:
        return escape_label(value)
    return value


def escape_columns(frame: pd.DataFrame, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """Return a copy of ``frame`` whose text columns (default: all object/string columns) are HTML-escaped for Plotly."""
    out = frame.copy()
    if columns is None:
        columns = [c for c in out.columns if out[c].dtype == object or pd.api.types.is_string_dtype(out[c])]
    for column in columns:
        out[column] = out[column].map(escape_text)
    return out


def truncate_text(value: str, width: int = 60) -> str:
    """Shorten a label to ``width`` characters with an ellipsis (apply before ``escape_text``)."""
    value = " ".join(str(value).split())
    return value if len(value) <= width else value[: width - 1].rstrip() + "…"


def _slug(name: str) -> str:
    return _ID_SAFE.sub("-", name.lower()).strip("-") or "figure"


def _unique_id(prefix: str, name: str | None) -> str:
    base = f"{prefix}-{_slug(name)}" if name else f"{prefix}-{next(_counter)}"
    candidate, n = base, 1
    while candidate in _seen_ids:
        n += 1
        candidate = f"{base}-{n}"
    _seen_ids.add(candidate)
    return candidate


def _build_template() -> go.layout.Template:
    axis = dict(gridcolor="#e6e6e6", linecolor="#8a8a8a", zerolinecolor="#c8c8c8", automargin=True, title=dict(standoff=8))
    return go.layout.Template(
        layout=dict(
            font=dict(family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif", size=13, color="#222"),
            colorway=COLORWAY,
            paper_bgcolor="white",
            plot_bgcolor="white",
            title=dict(x=0, xanchor="left", font=dict(size=16)),
            margin=dict(l=10, r=10, t=50, b=10),
            xaxis=axis,
            yaxis=axis,
            hoverlabel=dict(align="left"),
        )
    )


def _plain(value: Any) -> Any:
    """Turn numpy arrays, scalars and Plotly's base64 ``bdata`` arrays inside a figure dict into lists and Python numbers (readable, diffable JSON)."""
    if isinstance(value, dict):
        if set(value) in ({"dtype", "bdata"}, {"dtype", "bdata", "shape"}):
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            if "shape" in value:
                array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
            return array.tolist()
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, str):
        return _plain(value.tolist())
    return value


_HOVER_FIELD = re.compile(r"([^<>=%{}]+?)=%\{(x|y|z|text|hovertext|customdata\[(\d+)\])[^}]*\}")
_SERIES_KEYS = ("x", "y", "labels", "parents", "values", "text", "hovertext")


def _column_names(trace: dict) -> dict[str, str]:
    """Map trace fields to the labels Plotly Express put in the hover template ('story words=%{x}' -> x: 'story words')."""
    names: dict[str, str] = {}
    for label, field, index in _HOVER_FIELD.findall(trace.get("hovertemplate") or ""):
        label = label.split(">")[-1].strip()
        if label and label not in names.values() and label not in ("trace",):
            names[f"customdata_{index}" if index else field] = label
    return names


def figure_table(fig: go.Figure | dict) -> pd.DataFrame:
    """Return the data a figure draws as a long table (one row per point; heatmaps melted, Sankeys as links), raw text."""
    fig_dict = _plain(fig if isinstance(fig, dict) else fig.to_dict())
    frames = []
    for trace in fig_dict.get("data", []):
        kind = trace.get("type", "scatter")
        label = trace.get("name") or ""
        if kind == "sankey":
            node, link = trace.get("node", {}), trace.get("link", {})
            names = node.get("label") or []
            source, target = link.get("source") or [], link.get("target") or []
            frames.append(pd.DataFrame({
                "trace": label, "source": [names[s] if s < len(names) else s for s in source],
                "target": [names[t] if t < len(names) else t for t in target], "value": link.get("value") or [None] * len(source),
            }))
            continue
        z = trace.get("z")
        if isinstance(z, list) and z and isinstance(z[0], list):
            xs, ys = trace.get("x") or list(range(len(z[0]))), trace.get("y") or list(range(len(z)))
            frames.append(pd.DataFrame([{"trace": label, "y": ys[r], "x": xs[c], "z": value}
                                        for r, row in enumerate(z) for c, value in enumerate(row)]))
            continue
        columns = {k: trace[k] for k in _SERIES_KEYS if isinstance(trace.get(k), list)}
        custom = trace.get("customdata")
        if isinstance(custom, list) and custom:
            rows = [c if isinstance(c, list) else [c] for c in custom]
            for j in range(max(len(r) for r in rows)):
                columns[f"customdata_{j}"] = [r[j] if j < len(r) else None for r in rows]
        lengths = {len(v) for v in columns.values()}
        if not columns or len(lengths) != 1:
            continue
        frame = pd.DataFrame(columns).rename(columns=_column_names(trace))
        frame.insert(0, "trace", label)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=["trace"])
    table = pd.concat(frames, ignore_index=True)
    return table.drop(columns="trace") if (table["trace"] == "").all() else table


def figure_bundle(fig: go.Figure, div_id: str | None = None) -> dict[str, Any]:
    """Return the display bundle for a figure: Plotly JSON (stored notebooks), or an HTML div with a stable id plus the
    figure's data table under ``FIGURE_DATA_MIMETYPE`` (export; the report runner writes it as CSV and links it)."""
    raw = fig if isinstance(fig, dict) else fig.to_dict()
    fig_dict = sanitize_figure(_plain(raw))
    if not is_exporting():
        clean = json.loads(pio.to_json(fig_dict, validate=False, remove_uids=True))
        layout = {k: v for k, v in clean.get("layout", {}).items() if k != "template"}  # styling is not what nbval checks
        return {PLOTLY_MIMETYPE: {"data": clean.get("data", []), "layout": layout, "config": FIGURE_CONFIG}}
    div_id = div_id or _unique_id("figure", None)
    html_div = pio.to_html(
        fig_dict,
        config=FIGURE_CONFIG,
        include_plotlyjs=False,
        include_mathjax=False,
        full_html=False,
        div_id=div_id,
        default_width="100%",
        default_height=480,
        validate=False,
    )
    table = figure_table(raw)
    data = json.loads(table.to_json(orient="split", index=False, default_handler=str))
    return {"text/html": html_div, FIGURE_DATA_MIMETYPE: {"id": div_id, "columns": data["columns"], "data": data["data"]}}


class ProfilerRenderer(pio.base_renderers.MimetypeRenderer):
    """Plotly renderer used by ``fig.show()`` after ``setup_notebook()``: same output as ``show_figure`` with a counter id."""

    def to_mimebundle(self, fig_dict: dict) -> dict[str, Any]:
        """Return the display bundle for ``fig.show()``."""
        return figure_bundle(fig_dict)


def _plotlyjs_bundle() -> str:
    from plotly.offline import get_plotlyjs

    return (
        "<script type=\"text/javascript\">window.PlotlyConfig = {MathJaxConfig: 'local'};</script>\n"
        f"<script type=\"text/javascript\">{get_plotlyjs()}</script>"
    )


def setup_notebook() -> None:
    """Set the Plotly renderer and template and the table display; in export mode embed plotly.js and DataTables once."""
    from IPython.display import HTML, display

    pio.templates[TEMPLATE] = _build_template()
    pio.templates.default = TEMPLATE
    pio.renderers[RENDERER] = ProfilerRenderer()
    pio.renderers.default = RENDERER
    pd.set_option("display.max_colwidth", 80)
    if is_exporting():
        from itables import init_notebook_mode

        display(HTML(_plotlyjs_bundle()))
        init_notebook_mode(all_interactive=False, connected=False)


def show_figure(fig: go.Figure, name: str) -> None:
    """Display a figure with the div id ``figure-<name>`` in export mode (Plotly JSON in stored notebooks)."""
    from IPython.display import display

    display(figure_bundle(fig, _unique_id("figure", name)), raw=True)


def show_table(frame: pd.DataFrame, name: str, caption: str | None = None, max_rows: int = TABLE_MAX_ROWS) -> None:
    """Display a table: escaped pandas HTML (stored notebooks; first ``max_rows`` rows) or an offline itable (export)."""
    from IPython.display import HTML, Markdown, display

    if caption:
        display(Markdown(f"**{html.escape(caption)}**"))
    if is_exporting():
        from itables import show

        show(
            frame,
            table_id=_unique_id("table", name),
            connected=False,
            allow_html=False,
            classes="display compact",
            maxBytes=TABLE_MAX_BYTES,
            showIndex=False,
        )
        return
    shown = frame.head(max_rows)
    display(HTML(shown.to_html(index=False, escape=True, na_rep="", border=0)))
    if len(frame) > max_rows:
        display(Markdown(f"*First {max_rows} of {len(frame)} rows; the HTML report has all rows.*"))
