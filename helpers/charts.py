"""Plotly and table set-up shared by every notebook: one chart style, display modes, stable ids and safe text.

What it does: ``setup_notebook(DISPLAY)`` (call it once, in the cell after a notebook's parameters cell) picks how
figures and tables are displayed, in one of three modes (``display_mode``). ``DISPLAY`` is a papermill parameter:
the report runner passes ``"export"``; ``None`` (the parameters cell's default) means ``live`` in a kernel a Jupyter
server started (JupyterLab: Jupyter sets ``$JPY_SESSION_NAME`` for it), else ``stored``.

- ``stored`` (``article-profiler store``, nbval, papermill without ``DISPLAY``): a figure is a small
  ``application/vnd.plotly.v1+json`` output (no plotly.js, no div id) and a table is pandas' escaped HTML, so
  stored notebooks stay small and deterministic;
- ``live`` (a JupyterLab kernel): figures as in ``stored``, tables as offline itables (search, sort, pages);
- ``export`` (the report runner): plotly.js is embedded once (in the output of the cell calling
  ``setup_notebook``), each figure is a ``<div>`` with a stable id (``figure-<name>``, never a random
  UUID) and an extra mode-bar button that saves an SVG, no MathJax or CDN script, tables are offline itables
  with stable ids, and each figure carries its data table (``figure_table``, columns named after the axis and
  hover labels), which the report runner writes as a CSV next to the report and links under the chart.

Every figure goes through ``finalize_figure`` (``show_figure`` calls it when the notebook did not): the
template (font, colours, grid), margins, ``automargin`` on every axis, a height that grows with the number of
rows, and a source line under the chart ("Source: seeds · Article Profiler": ``set_corpus_label``, else the
notebook's ``CORPUS`` parameter) are
written into the figure itself, and the same template travels in the stored JSON, so a chart looks the same in
JupyterLab and in the HTML report. ``FIGURE_CONFIG`` hides Plotly's cloud ("Share chart") and Chart Studio
buttons and the logo in both; the camera button saves a PNG (2x) named after the chart.

Article text is untrusted and Plotly renders a subset of HTML in titles, labels and hover text, so every
figure shown through this module is sanitised (``sanitize_figure``: all data strings escaped, layout titles
escaped except Plotly's plain ``<br>``/``<b>``/``<i>`` tags); ``escape_text``/``escape_columns`` do the same
explicitly and are idempotent (no double escaping). For generated Markdown, ``escape_markdown`` escapes
running text and ``format_code`` makes a code span (backslash escapes do not work inside backticks);
``pluralize``, ``describe_count`` and ``describe_range`` keep sentences right for one article and for many.

What it does not do: compute what a chart shows (``helpers.figures`` does), or escape Markdown for you.

Usage in a notebook::

    from helpers.charts import setup_notebook, set_corpus_label, show_figure, show_table
    ...
    DISPLAY = None  # in the parameters cell
    ...
    setup_notebook(DISPLAY)
    set_corpus_label(CORPUS)
    show_figure(figures.plot_words_per_article(articles), "words-per-article")
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

from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.io.json import to_json_plotly

from .gazetteer import slugify

DISPLAY_MODES = ("stored", "live", "export")
JUPYTER_SESSION_ENV = "JPY_SESSION_NAME"  # set by jupyter_server (not by us) for every kernel it starts for a notebook
RENDERER = "article_profiler"
TEMPLATE = "article_profiler"
PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"
FIGURE_DATA_MIMETYPE = "application/vnd.article-profiler.figure-data+json"
FIGURE_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "showLink": False,
    "modeBarButtonsToRemove": ["sendChartToCloud", "sendDataToCloud", "editInChartStudio", "lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "chart"},
}
SOURCE_PREFIX = "Source"
PRODUCT = "Article Profiler"
FONT_SIZE = 13
TITLE_SIZE = 16
ROW_HEIGHT = 26  # px per category row (bars, dots, heatmap rows)
DEFAULT_HEIGHT = 420
MIN_HEIGHT = 240
SOURCE_SPACE = 26  # px under the x axis for the source line
X_AXIS_SPACE = 30  # px for numeric x tick labels
X_TITLE_SPACE = 24  # px for an x axis title
LABEL_WIDTH = 40  # characters of a category label before it is truncated (full text in the hover)
COLORWAY = ["#3b6ea8", "#d1793a", "#5a9a5a", "#b94a48", "#7d6aa8", "#8c6d46", "#c96fa5", "#6f6f6f"]
TABLE_MAX_ROWS = 60
TABLE_MAX_BYTES = 2_000_000  # per interactive table in a report; itables downsamples beyond this and says so under the table
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
_display: str | None = None  # the mode set_display_mode recorded; None: decided from the kernel's origin


def set_display_mode(mode: str | None) -> str:
    """Record the display mode of this kernel (``stored``, ``live``, ``export``, or None for automatic); return the mode in effect."""
    global _display
    if mode is not None and mode not in DISPLAY_MODES:
        raise ValueError(f"DISPLAY must be one of {', '.join(map(repr, DISPLAY_MODES))} or None (automatic), not {mode!r}")
    _display = mode
    return display_mode()


def display_mode() -> str:
    """Return ``export`` (report runner), ``live`` (a JupyterLab kernel) or ``stored``.

    The mode recorded by ``setup_notebook(DISPLAY)`` when the notebook gave one; else ``live`` when the Jupyter server
    started this kernel for a notebook (it sets ``$JPY_SESSION_NAME``; nbval, papermill and the report runner's and
    ``article-profiler store``'s kernels never have it), else ``stored``.
    """
    if _display is not None:
        return _display
    return "live" if os.environ.get(JUPYTER_SESSION_ENV) else "stored"


def is_exporting() -> bool:
    """Return True when the report runner is executing the notebook for HTML export."""
    return display_mode() == "export"


def is_interactive() -> bool:
    """Return True when tables are shown as interactive itables (``export`` and ``live`` modes)."""
    return display_mode() != "stored"


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


def format_code(value: Any) -> str:
    """Return ``value`` as a Markdown code span shown literally (no backslash escapes: they would show on screen)."""
    text = " ".join(str(value).split())
    if not text:
        return "(none)"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def pluralize(n: int | float, noun: str, plural_noun: str | None = None) -> str:
    """Return "1 article", "2 articles", "1,234 sentences" (``plural_noun`` for irregular plurals)."""
    count = int(n)
    word = noun if count == 1 else (plural_noun or noun + "s")
    return f"{count:,} {word}"


def describe_count(k: int, n: int, noun: str, plural_noun: str | None = None, bold: bool = True) -> str:
    """Return "the one article", "all 84 articles" or "83 of 84 articles" (numbers in bold for Markdown by default)."""
    b = "**" if bold else ""
    if n == 1 and k == 1:
        return f"the one {noun}"
    if k == n:
        return f"all {b}{n:,}{b} {plural_noun or noun + 's'}"
    return f"{b}{k:,}{b} of {b}{pluralize(n, noun, plural_noun)}{b}"


def describe_range(values: Iterable[float], unit: str, plural_unit: str | None = None, median: bool = True) -> str:
    """Describe numbers in words: "468 words" for one value (or all equal), else "120 to 468 words (median 300)"."""
    series = pd.Series(list(values), dtype="float64").dropna()
    if series.empty:
        return f"no {plural_unit or unit + 's'}"
    lo, hi = series.min(), series.max()
    if lo == hi:
        return pluralize(lo, unit, plural_unit)
    text = f"{int(lo):,} to {pluralize(hi, unit, plural_unit)}"
    return text + (f" (median {series.median():,.0f})" if median and len(series) > 2 else "")


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


def _unique_id(prefix: str, name: str | None) -> str:
    base = f"{prefix}-{slugify(name, default='figure')}" if name else f"{prefix}-{next(_counter)}"
    candidate, n = base, 1
    while candidate in _seen_ids:
        n += 1
        candidate = f"{base}-{n}"
    _seen_ids.add(candidate)
    return candidate


def _build_template() -> go.layout.Template:
    axis = dict(gridcolor="#e6e6e6", linecolor="#8a8a8a", zerolinecolor="#c8c8c8", automargin=True,
                title=dict(standoff=8, font=dict(size=FONT_SIZE)), tickfont=dict(size=12))
    return go.layout.Template(
        layout=dict(
            font=dict(family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif", size=FONT_SIZE, color="#222"),
            colorway=COLORWAY,
            paper_bgcolor="white",
            plot_bgcolor="white",
            title=dict(x=0, xanchor="left", xref="container", y=1, yref="container", yanchor="top", pad=dict(t=12, l=12),
                       automargin=True, font=dict(size=TITLE_SIZE), subtitle=dict(font=dict(size=12, color="#555"))),
            margin=dict(l=12, r=16, t=56, b=SOURCE_SPACE + X_AXIS_SPACE + X_TITLE_SPACE),
            xaxis=axis,
            yaxis=axis,
            legend=dict(title=dict(font=dict(size=12)), font=dict(size=12)),
            hoverlabel=dict(align="left"),
        )
    )


TEMPLATE_OBJECT = _build_template()

# ------------------------------------------------------------------------------------------ corpus label, finalize

_corpus_label: str | None = None
CORPUS_PARAMETER = "CORPUS"  # the parameters-cell name every notebook uses for its input (papermill injects it)


def describe_corpus(corpus: Any) -> str:
    """Return a short, machine-independent name for a corpus: "seeds", "dev/text", "bbc/bbc-news.csv", "3 files".

    A folder or file inside the project is named by its path relative to the project; anything else by its last
    two path parts (never an absolute path, so stored outputs and reports do not depend on the machine).
    """
    from .paths import PROJECT_ROOT, SEEDS_DIR

    if corpus is None:
        return SEEDS_DIR.name
    if isinstance(corpus, pd.DataFrame):
        return pluralize(len(corpus), "row")
    if isinstance(corpus, (list, tuple)):
        return pluralize(len(corpus), "file")
    path = Path(str(corpus)).expanduser()
    try:
        return path.resolve().relative_to(PROJECT_ROOT).as_posix() or path.name
    except ValueError:
        return "/".join(path.parts[-2:]) if len(path.parts) > 1 else path.name


def set_corpus_label(corpus: Any) -> str:
    """Name the corpus for the source line under every chart (see ``describe_corpus``); return the label."""
    global _corpus_label
    _corpus_label = describe_corpus(corpus)
    return _corpus_label


def corpus_label() -> str | None:
    """Return the corpus name the source line uses: the one set with ``set_corpus_label``, else the notebook's
    ``CORPUS`` parameter (read from the kernel's namespace), else None."""
    if _corpus_label is not None:
        return _corpus_label
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of the notebooks
        return None
    shell = get_ipython()
    if shell is not None and CORPUS_PARAMETER in shell.user_ns:
        return describe_corpus(shell.user_ns[CORPUS_PARAMETER])
    return None


def source_line(label: str | None = None) -> str:
    """Return the text under each chart: "Source: <corpus> · Article Profiler" (no date, so stored outputs stay stable)."""
    label = label or corpus_label()
    return f"{SOURCE_PREFIX}: {label} · {PRODUCT}" if label else f"{SOURCE_PREFIX}: {PRODUCT}"


def _title_lines(layout: go.Layout) -> int:
    title = layout.title
    lines = 0
    if title.text:
        lines += 1 + title.text.count("<br>")
    if title.subtitle and title.subtitle.text:
        lines += 1 + title.subtitle.text.count("<br>")
    return lines


LEGEND_ENTRY_HEIGHT = 20  # px per entry of a vertical legend (and its title)
_NO_LEGEND_TRACES = ("heatmap", "sankey", "pie", "table", "indicator", "contour", "histogram2d")


def _legend_room(fig: go.Figure) -> int:
    """Pixels of plot height a vertical legend needs to show every entry (Plotly scrolls a taller legend, hiding the
    rest); 0 when the figure shows no legend or lays it out horizontally."""
    layout = fig.layout
    if layout.showlegend is False or layout.legend.orientation == "h":
        return 0
    entries = [t for t in fig.data if t.type not in _NO_LEGEND_TRACES and t.showlegend is not False and t.name]
    if not entries or (layout.showlegend is None and len(entries) < 2 and entries[0].showlegend is not True):
        return 0
    title = 1 if layout.legend.title and layout.legend.title.text else 0
    return LEGEND_ENTRY_HEIGHT * (len(entries) + title) + 12


def _pad_category_facets(fig: go.Figure) -> None:
    """Small multiples of lines or dots over a category x axis (months, say): plotly.js puts the first and last
    category on the panel's edges, so their tick labels run into the next panel ("2016-1(2016-09"); give every panel
    half a category of room at both ends. Axes with a range of their own, and bars (already padded), are left alone.
    The padded axes share one explicit range, so they no longer ``match``: plotly.js sends the y axes to [-1, 4] when
    matched category axes carry a range."""
    axes = [k for k in fig.layout.to_plotly_json() if re.fullmatch(r"xaxis\d*", k)]
    if len(axes) < 2:
        return
    categories: dict[str, None] = {}
    padded = []
    for name in axes:
        axis = fig.layout[name]
        traces = [t for t in fig.data if (getattr(t, "xaxis", None) or "x") == "x" + name[len("xaxis"):]]
        if axis.type != "category" or axis.range is not None or not traces or any(t.type != "scatter" for t in traces):
            continue
        padded.append(axis)
        for trace in traces:
            categories.update(dict.fromkeys(str(v) for v in (trace.x if trace.x is not None else ())))
    for axis in padded:
        if categories:
            axis.range = [-0.5, len(categories) - 0.5]
            axis.matches = None


def finalize_figure(fig: go.Figure, n_rows: int | None = None, *, height: int | None = None, x_labels: int | None = None,
                    source: str | None = None, row_height: int = ROW_HEIGHT) -> go.Figure:
    """Give a figure the project's style explicitly, so it renders the same in JupyterLab and in the report; return it.

    - margins: top from the number of title lines, bottom from the x axis (tick labels, title, rotated category
      labels of ``x_labels`` characters) plus the source line; ``automargin`` on every axis, so long tick labels
      push the margin instead of being cut;
    - height: ``height`` if given, else from ``n_rows`` category rows (``row_height`` px each), else the
      figure's own height, else ``DEFAULT_HEIGHT``; a computed height is raised so a vertical legend shows every
      entry (a few rows with many legend entries would otherwise get a scrolling legend);
    - the source line ("Source: <corpus> · Article Profiler") as an annotation under the plot, right-aligned.

    Idempotent: a second call replaces the source line and recomputes the margins.
    """
    layout = fig.layout
    cartesian = any(t.type not in ("sankey", "pie", "table", "indicator") for t in fig.data) or not fig.data
    for axis_name in [k for k in fig.layout.to_plotly_json() if k.startswith(("xaxis", "yaxis"))] + ["xaxis", "yaxis"]:
        fig.layout[axis_name].automargin = True
    _pad_category_facets(fig)
    top = 24 + 22 * max(1, _title_lines(layout))
    if cartesian:
        xaxis = layout.xaxis
        bottom = SOURCE_SPACE + (X_AXIS_SPACE if xaxis.showticklabels is not False and xaxis.visible is not False else 6)
        if xaxis.title and xaxis.title.text:
            bottom += X_TITLE_SPACE
        if x_labels:
            bottom += int(min(x_labels, LABEL_WIDTH) * 6.2 * 0.75)  # labels at -45 degrees
    else:
        bottom = SOURCE_SPACE + 8
    margin = layout.margin
    fig.update_layout(margin=dict(l=margin.l if margin.l is not None else 12, r=margin.r if margin.r is not None else 16,
                                  t=max(top, margin.t or 0), b=bottom))
    if height is None:
        if n_rows is not None:
            plot = max(1, n_rows) * row_height
            height = max(MIN_HEIGHT, top + bottom + plot + 16)
        else:
            height = layout.height or DEFAULT_HEIGHT
        height = max(height, top + bottom + _legend_room(fig))
    fig.update_layout(height=int(height), autosize=True)
    annotations = [a for a in layout.annotations if a.name != "source"]
    annotations.append(go.layout.Annotation(
        name="source", text=escape_text(source_line(source)), showarrow=False, xref="paper", yref="paper", x=1, y=0,
        xanchor="right", yanchor="top", yshift=-(bottom - SOURCE_SPACE + 4), align="right",
        font=dict(size=11, color="#767676"),
    ))
    fig.layout.annotations = annotations
    fig._article_profiler_final = True
    return fig


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


_HOVER_FIELD = re.compile(r"([^<>=%{}:]+?)(?:=|: )%\{(x|y|z|text|hovertext|customdata\[(\d+)\]|label|value)[^}]*\}")
_SERIES_KEYS = ("x", "y", "labels", "parents", "values", "text", "hovertext")


def _title_text(title: Any) -> str:
    if isinstance(title, dict):
        title = title.get("text")
    return html.unescape(re.sub(r"<[^>]+>", " ", str(title or ""))).strip() if title else ""


def _column_names(trace: dict, layout: dict | None = None) -> dict[str, str]:
    """Map trace fields to readable column names: the hover label ('story words=%{x}', 'words: %{x}'), else the axis
    title ('x' -> the x axis title), else the field name."""
    layout = layout or {}
    names: dict[str, str] = {}
    for label, field, index in _HOVER_FIELD.findall(trace.get("hovertemplate") or ""):
        label = html.unescape(label.split(">")[-1]).strip()
        if label and label not in names.values() and label not in ("trace",):
            names[f"customdata_{index}" if index else field] = label
    for field in ("x", "y"):
        if field in names:
            continue
        ref = trace.get(f"{field}axis", field)
        axis = layout.get(f"{field}axis{ref[1:]}" if len(ref) > 1 else f"{field}axis", {})
        title = _title_text(axis.get("title"))
        if title and title not in names.values():
            names[field] = title
        elif isinstance(trace.get(field), list) and trace[field] and isinstance(trace[field][0], str):
            names[field] = "label"  # category labels as drawn (truncated); the full text is in another column
    meta = trace.get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("columns"), dict):
        names.update({str(k): html.unescape(str(v)) for k, v in meta["columns"].items()})
    return names


def _legend_title(layout: dict) -> str:
    return _title_text((layout.get("legend") or {}).get("title")) or "series"


def figure_table(fig: go.Figure | dict) -> pd.DataFrame:
    """Return the data a figure draws as a long table (one row per point; heatmaps melted, Sankeys as links), raw text.

    Columns are named after the hover labels and axis titles ("story words", "grade"), the series column after the
    legend title (else "series"), never Plotly's "trace,x,y"; a trace's ``meta={"columns": {"x": "name", "customdata_0":
    "name"}}`` names its columns explicitly. Helper traces (``meta={"helper": True}``: bands, guide lines) are left out.
    """
    fig_dict = _plain(fig if isinstance(fig, dict) else fig.to_dict())
    layout = fig_dict.get("layout", {})
    frames = []
    for trace in fig_dict.get("data", []):
        kind = trace.get("type", "scatter")
        label = html.unescape(str(trace.get("name") or ""))
        meta = trace.get("meta")
        if isinstance(meta, dict) and meta.get("helper"):
            continue
        if kind == "sankey":
            node, link = trace.get("node", {}), trace.get("link", {})
            names = [html.unescape(str(n)) for n in (node.get("customdata") or node.get("label") or [])]
            source, target = link.get("source") or [], link.get("target") or []
            frames.append(pd.DataFrame({
                "trace": label, "source": [names[s] if s < len(names) else s for s in source],
                "target": [names[t] if t < len(names) else t for t in target], "value": link.get("value") or [None] * len(source),
            }))
            continue
        z = trace.get("z")
        if isinstance(z, list) and z and isinstance(z[0], list):
            xs, ys = trace.get("x") or list(range(len(z[0]))), trace.get("y") or list(range(len(z)))
            custom = trace.get("customdata")
            custom = custom if isinstance(custom, list) and custom and isinstance(custom[0], list) else None
            names = _column_names(trace, layout)
            xname, yname = names.get("x", "x"), names.get("y", "y")
            if xname == yname:
                xname, yname = f"{xname} (column)", f"{yname} (row)"
            zname = names.get("z") or _title_text(((layout.get("coloraxis") or {}).get("colorbar") or {}).get("title")) \
                or _title_text((trace.get("colorbar") or {}).get("title")) or "value"
            rows = []
            for r, zrow in enumerate(z):
                for c, value in enumerate(zrow):
                    row = {"trace": label, yname: ys[r], xname: xs[c]}
                    cell = custom[r][c] if custom is not None and r < len(custom) and c < len(custom[r]) else None
                    if cell is None:
                        row[zname] = value
                    else:
                        for j, item in enumerate(cell if isinstance(cell, list) else [cell]):
                            row[names.get(f"customdata_{j}", f"customdata_{j}")] = item
                    rows.append(row)
            frames.append(pd.DataFrame(rows))
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
        frame = pd.DataFrame(columns).rename(columns=_column_names(trace, layout))
        frame = frame.loc[:, ~frame.columns.duplicated()]
        frame.insert(0, "trace", label)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=["series"])
    table = pd.concat(frames, ignore_index=True)
    for column in table.columns:
        if table[column].dtype == object:
            table[column] = table[column].map(lambda v: html.unescape(v) if isinstance(v, str) else v)
    legend = _legend_title(layout)
    if table["trace"].nunique() <= 1 or legend in table.columns:
        return table.drop(columns="trace")
    return table.rename(columns={"trace": legend})


def figure_config(name: str | None = None) -> dict[str, Any]:
    """Return the Plotly config of a figure: ``FIGURE_CONFIG`` with the PNG file named after the chart."""
    config = json.loads(json.dumps(FIGURE_CONFIG))
    if name:
        config["toImageButtonOptions"]["filename"] = slugify(re.sub(r"^figure-", "", name), default="figure")
    return config


_SVG_BUTTON = """{name: "downloadSvg", title: "Download plot as an SVG", icon: Plotly.Icons.disk,
      click: function (gd) { Plotly.downloadImage(gd, {format: "svg", filename: config.toImageButtonOptions.filename}); }}"""


def _export_html(fig_dict: dict, div_id: str, config: dict) -> str:
    """Return a ``<div>`` with a stable id and the script that draws the figure (plotly.js is already on the page)."""
    def dump(value: Any) -> str:
        return to_json_plotly(value).replace("</", "<\\/").replace("<!--", "<\\!--")

    height = int(fig_dict.get("layout", {}).get("height") or DEFAULT_HEIGHT)
    return (
        f'<div class="ap-figure"><div id="{div_id}" class="plotly-graph-div" style="height:{height}px; width:100%;"></div>\n'
        '<script type="text/javascript">\n(function () {\n'
        f'  var gd = document.getElementById("{div_id}");\n'
        "  if (!gd || !window.Plotly) { return; }\n"
        f"  var config = {dump(config)};\n"
        f"  config.modeBarButtonsToAdd = [{_SVG_BUTTON}];\n"
        f"  Plotly.newPlot(gd, {dump(fig_dict.get('data', []))}, {dump(fig_dict.get('layout', {}))}, config);\n"
        "})();\n</script></div>"
    )


def figure_bundle(fig: go.Figure | dict, div_id: str | None = None) -> dict[str, Any]:
    """Return the display bundle for a figure: Plotly JSON with the template and config (stored and live notebooks),
    or an HTML div with a stable id plus the figure's data table under ``FIGURE_DATA_MIMETYPE`` (export; the report
    runner writes it as CSV and links it). The figure is finalized first if it was not (``finalize_figure``)."""
    if not isinstance(fig, dict):
        if not getattr(fig, "_article_profiler_final", False):
            finalize_figure(fig)
        raw = fig.to_dict()
    else:
        raw = fig
    fig_dict = sanitize_figure(_plain(raw))
    fig_dict["layout"] = {**fig_dict.get("layout", {}), "template": TEMPLATE_OBJECT.to_plotly_json()}
    config = figure_config(div_id)
    if not is_exporting():
        clean = json.loads(pio.to_json(fig_dict, validate=False, remove_uids=True))
        return {PLOTLY_MIMETYPE: {"data": clean.get("data", []), "layout": clean.get("layout", {}), "config": config}}
    div_id = div_id or _unique_id("figure", None)
    table = figure_table(raw)
    data = json.loads(table.to_json(orient="split", index=False, default_handler=str))
    return {"text/html": _export_html(fig_dict, div_id, config),
            FIGURE_DATA_MIMETYPE: {"id": div_id, "columns": data["columns"], "data": data["data"]}}


class ProfilerRenderer(pio.base_renderers.MimetypeRenderer):
    """Plotly renderer used by ``fig.show()`` after ``setup_notebook()``: same output as ``show_figure`` with a counter id."""

    def to_mimebundle(self, fig_dict: dict) -> dict[str, Any]:
        """Return the display bundle for ``fig.show()``."""
        return figure_bundle(finalize_figure(go.Figure(fig_dict)))


def _plotlyjs_bundle() -> str:
    from plotly.offline import get_plotlyjs

    return (
        "<script type=\"text/javascript\">window.PlotlyConfig = {MathJaxConfig: 'local'};</script>\n"
        f"<script type=\"text/javascript\">{get_plotlyjs()}</script>"
    )


def setup_notebook(mode: str | None = None) -> None:
    """Record the display mode (the notebook's ``DISPLAY`` parameter: ``stored``, ``live``, ``export``, None for
    automatic), set the Plotly renderer and template and the table display; embed plotly.js (export) and DataTables
    (export, live) once."""
    from IPython.display import HTML, display

    mode = set_display_mode(mode)
    pio.templates[TEMPLATE] = TEMPLATE_OBJECT
    pio.templates.default = TEMPLATE
    pio.renderers[RENDERER] = ProfilerRenderer()
    pio.renderers.default = RENDERER
    pd.set_option("display.max_colwidth", 80)
    if mode == "export":
        display(HTML(_plotlyjs_bundle()))
    if mode in ("export", "live"):
        from itables import init_notebook_mode

        init_notebook_mode(all_interactive=False, connected=False)


def show_figure(fig: go.Figure, name: str) -> None:
    """Display a figure (finalized if it was not) with the div id ``figure-<name>`` in export mode, Plotly JSON otherwise."""
    from IPython.display import display

    display(figure_bundle(fig, _unique_id("figure", name)), raw=True)


ARTICLE_PAGES_DIR = "articles"  # where the report runner writes one page per article, beside the reports


def link_article_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the table as safe HTML cells for a report: every cell escaped, the ``article_id`` cell linked to its
    article page and a claim's ``content`` linked to the claim's place on that page (``helpers.article_view`` names)."""
    from .article_view import article_page_name, claim_link

    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: html.escape(str(v)) if isinstance(v, str) else v)
    if "article_id" not in frame:
        return out
    ids = frame["article_id"].astype(str)
    out["article_id"] = [f'<a href="{ARTICLE_PAGES_DIR}/{html.escape(article_page_name(a))}">{html.escape(a)}</a>' for a in ids]
    if "content" in frame and "claim_id" in frame:
        out["content"] = [
            f'<a href="{ARTICLE_PAGES_DIR}/{html.escape(claim_link(a, str(c)))}">{html.escape(str(t))}</a>'
            if isinstance(t, str) and str(c) else html.escape(str(t))
            for a, c, t in zip(ids, frame["claim_id"], frame["content"])
        ]
    return out


def show_table(frame: pd.DataFrame, name: str, caption: str | None = None, max_rows: int = TABLE_MAX_ROWS) -> None:
    """Display a table: an offline itable with every row (export and live modes), or escaped pandas HTML of the first
    ``max_rows`` rows with a note saying where the rest are (stored notebooks; ``max_rows=0`` shows only the note).
    In a report, rows with an ``article_id`` link to that article's page (and a claim's content to the claim)."""
    from IPython.display import HTML, Markdown, display

    if caption:
        display(Markdown(f"**{html.escape(caption)}**"))
    if is_interactive():
        from itables import show

        linked = is_exporting() and "article_id" in frame
        show(
            link_article_cells(frame) if linked else frame,
            table_id=_unique_id("table", name),
            connected=False,
            allow_html=linked,  # only when every cell was escaped here
            classes="display compact",
            maxBytes=TABLE_MAX_BYTES,
            showIndex=False,
        )
        return
    if max_rows > 0:
        display(HTML(frame.head(max_rows).to_html(index=False, escape=True, na_rep="", border=0)))
    if len(frame) > max_rows:
        shown = f"First {max_rows} of {len(frame):,} rows" if max_rows > 0 else pluralize(len(frame), "row")
        display(Markdown(f"*{shown}; the HTML report and a live JupyterLab session show all of them as a searchable table.*"))
