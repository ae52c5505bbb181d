"""Build the offline HTML reports: run every numbered notebook on a corpus, export it, index it, write the frames.

What it does: ``build_report`` writes the frames (``write_frames``: CSV and Parquet, via
``helpers.profile_corpus``), executes every ``notebooks/NN-*.ipynb`` with papermill (``CORPUS``,
``SETTINGS``, the run's settings as one JSON object, and ``DISPLAY="export"``, which tells ``helpers.charts`` to
embed plotly.js and DataTables once per file, injected into the ``parameters`` cell; kernels are this
interpreter's, whatever other ``python3`` kernelspec the user has, and talk over IPC sockets, not TCP, so a sandbox
without a network works), exports each to one self-contained HTML file with
nbconvert (code hidden, no CDN ``<script src>`` for require.js, MathJax or Mermaid) and writes
``index.html`` linking them with each notebook's one-line summary, and each chart's data as
``figures/NN-name-<chart>.csv`` linked under the chart. A failing notebook raises
``NotebookFailed`` naming the notebook, the cell and the error; the executed notebook is kept beside
the reports for inspection.

What it does not do: compute anything itself (the notebooks and ``helpers`` do), or fetch anything.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .article_view import write_article_pages
from .charts import FIGURE_DATA_MIMETYPE, JUPYTER_SESSION_ENV
from .paths import NOTEBOOKS_DIR, SEEDS_DIR
from .settings import ProfilerError, Settings, model_fingerprint
from .tables import check_writable, write_frames

NOTEBOOK_PATTERN = re.compile(r"^\d{2}-[\w-]+\.ipynb$")
TABLES_DIR = "tables"
ARTICLES_DIR = "articles"
FIGURES_DIR = "figures"
KERNEL_NAME = "python3"
# The lab template without the <script src> tags that fetch require.js, MathJax and Mermaid from a CDN.
OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_css -%}
<style type="text/css">
main { max-width: 1100px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
.jp-OutputArea-output table.dataframe { font-size: 12px; }
.jp-RenderedHTMLCommon td { vertical-align: top; max-width: 40em; }
/* DataTables: text left, numbers right (the lab theme right-aligns every cell) */
.jp-OutputArea-output.jp-RenderedHTMLCommon table.dataTable td, .jp-OutputArea-output.jp-RenderedHTMLCommon table.dataTable th { text-align: left; }
.jp-OutputArea-output.jp-RenderedHTMLCommon table.dataTable td.dt-type-numeric,
.jp-OutputArea-output.jp-RenderedHTMLCommon table.dataTable th.dt-type-numeric { text-align: right; }
.ap-back { font: 13px system-ui, sans-serif; margin: 0 0 1rem; }
.ap-figure-data { font: 12px system-ui, sans-serif; margin: .2rem 0 1rem; }
</style>
{%- endblock html_head_css -%}
{%- block body_header -%}
{{ super() }}
<p class="ap-back"><a href="index.html">&larr; All reports</a></p>
{%- endblock body_header -%}
"""
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_UNSAFE_LINK = re.compile(r"\]\(\s*(?:javascript|vbscript|data):", re.I)


class ReportError(ProfilerError):
    """A report could not be built; the message says what to do."""


class NotebookFailed(ReportError):
    """A notebook raised an error while executing on the corpus (``cell`` counts from 1, Markdown cells included)."""

    def __init__(self, notebook: str, cell: int, exec_count: int | None, ename: str, evalue: str, source: str, kept: Path | None):
        self.notebook, self.cell, self.exec_count, self.ename, self.evalue, self.source, self.kept = (
            notebook, cell, exec_count, ename, evalue, source, kept)
        first = next((line for line in source.splitlines() if line.strip()), "")
        msg = (f"Notebook {notebook} failed in cell {cell} (counting from 1, Markdown cells included; In [{exec_count}]), "
               f"which starts `{first[:80]}`:\n"
               f"  {ename}: {evalue}")
        if kept:
            msg += f"\nThe executed notebook, with the traceback in that cell, is kept at {kept}"
        super().__init__(msg)


@dataclass
class ReportResult:
    """What ``build_report`` wrote and how long it took."""

    out_dir: Path
    index: Path
    pages: list[Path] = field(default_factory=list)
    tables: list[Path] = field(default_factory=list)
    article_pages: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def list_notebooks(notebooks_dir: str | Path = NOTEBOOKS_DIR, report_only: bool = False) -> list[Path]:
    """Return the numbered notebooks (``NN-name.ipynb``) of a folder, in run order; with ``report_only``, those whose
    metadata does not set ``article_profiler.in_report`` to false (e.g. the one-article notebook, which the report
    replaces by one page per article)."""
    found = sorted(p for p in Path(notebooks_dir).iterdir() if NOTEBOOK_PATTERN.match(p.name))
    if not report_only:
        return found
    return [p for p in found
            if json.loads(p.read_text(encoding="utf-8")).get("metadata", {}).get("article_profiler", {}).get("in_report", True)]


def summarize_notebook(nb: dict | Path) -> tuple[str, str]:
    """Return (title, first sentence of the opening paragraph) of a notebook's first Markdown cell."""
    if isinstance(nb, Path):
        nb = json.loads(nb.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        text = "".join(cell.get("source", ""))
        lines = text.strip().splitlines()
        title = lines[0].lstrip("#").strip() if lines and lines[0].startswith("#") else ""
        body = " ".join(line.strip() for line in lines[1:] if line.strip())
        match = re.match(r"(.+?[.?!])(\s|$)", body)
        return title, (match.group(1) if match else body)
    return "", ""


def build_frames(corpus: str | Path | None = None, settings: Settings | None = None) -> dict[str, pd.DataFrame]:
    """Return every frame of a corpus from ``helpers.profile_corpus`` (one parse per article, cached unless told not to)."""
    from .corpus import profile_corpus

    return profile_corpus(corpus, settings).frames()


def _original_cell_index(nb_path: Path, source: str, fallback: int) -> int:
    cells = json.loads(nb_path.read_text(encoding="utf-8")).get("cells", [])
    for i, cell in enumerate(cells):
        if "".join(cell.get("source", "")) == source:
            return i
    return fallback


def own_kernel_dirs() -> list[str]:
    """Return the kernelspec folders in lookup order: this interpreter's first, so a user-level ``python3`` kernel of
    another Python cannot shadow it, then Jupyter's usual ones."""
    from jupyter_core.paths import jupyter_path

    own = str(Path(sys.prefix) / "share" / "jupyter" / "kernels")
    return [own, *(d for d in jupyter_path("kernels") if d != own)]


def ipc_kernel_manager():
    """Return a kernel manager class for the report runner and ``store_notebook``: this interpreter's kernelspec first
    (``own_kernel_dirs``); kernels that use IPC sockets (no TCP: works with the loopback down), are never taken for
    JupyterLab's (``$JPY_SESSION_NAME`` is not passed on, so ``DISPLAY=None`` means stored even when run from a
    JupyterLab session) and whose console noise (shutdown messages) goes to a log file instead of the user's terminal."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            # IPC socket paths derive from the connection file: keep them short (the OS limit is about 100 bytes)
            kwargs.setdefault("connection_file", str(Path(tempfile.gettempdir()) / f"ap-{uuid.uuid4().hex[:12]}.json"))
            super().__init__(**kwargs)

        @default("kernel_spec_manager")
        def _own_kernel_spec_manager(self):
            return KernelSpecManager(parent=self, data_dir=self.data_dir, kernel_dirs=own_kernel_dirs())

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            log = Path(tempfile.gettempdir()) / "article-profiler-kernels.log"
            kw["stdout"] = kw["stderr"] = open(log, "ab")  # noqa: SIM115  (the kernel process owns it)
            # the provisioner always passes the kernel's environment (a copy of ours): drop Jupyter's session marker
            kw["env"] = {k: v for k, v in kw["env"].items() if k != JUPYTER_SESSION_ENV}
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    return IPCKernelManager


def _execute(notebook: Path, output: Path, corpus: str | Path, timeout: int, settings: Settings | None = None,
             display: str = "export") -> Path:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    settings = settings or Settings.build()
    try:
        papermill.execute_notebook(
            str(notebook), str(output),
            parameters={"CORPUS": str(Path(corpus).resolve()), "SETTINGS": settings.replace(progress=False).to_json(),
                        "DISPLAY": display},
            kernel_name=KERNEL_NAME, cwd=str(notebook.parent), progress_bar=False, log_output=False,
            execution_timeout=timeout, kernel_manager_class=ipc_kernel_manager(),
        )
    except PapermillExecutionError as err:
        cell = _original_cell_index(notebook, err.source, err.cell_index) + 1
        raise NotebookFailed(notebook.name, cell, err.exec_count, err.ename, err.evalue, err.source, output) from None
    return output


def execute_notebook(notebook: Path, output: Path, corpus: str | Path, settings: Settings | None = None,
                     export: bool = True, timeout: int = 1800) -> Path:
    """Run one notebook on a corpus with papermill (``CORPUS``, ``SETTINGS`` and ``DISPLAY``, ``export`` or
    ``stored``, injected); write the executed copy."""
    return _execute(notebook, output, corpus, timeout, settings, "export" if export else "stored")


class _EscapeMarkdownOutputs:
    """nbconvert preprocessor for generated Markdown outputs: raw ``<`` becomes ``&lt;`` (code spans left alone) and
    ``javascript:``/``vbscript:``/``data:`` link targets are defused (nbconvert's Markdown renderer keeps them)."""

    @staticmethod
    def escape(text: str) -> str:
        """Escape ``<`` outside Markdown code spans."""
        pieces, last = [], 0
        for match in _CODE_SPAN.finditer(text):
            pieces.append(text[last:match.start()].replace("<", "&lt;"))
            pieces.append(match.group(0))
            last = match.end()
        pieces.append(text[last:].replace("<", "&lt;"))
        return _UNSAFE_LINK.sub("](#unsafe-link-removed:", "".join(pieces))

    def __call__(self, nb, resources):
        """Apply to every text/markdown output of every code cell."""
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "text/markdown" in data:
                    data["text/markdown"] = self.escape(data["text/markdown"])
        return nb, resources


def extract_figure_data(nb, figures_dir: Path | None, prefix: str) -> list[Path]:
    """Write each figure's data table (``helpers.charts`` export outputs) as ``figures_dir/<prefix>-<name>.csv``, link it
    under the chart, and remove the data from the notebook; return the CSV paths (none written if ``figures_dir`` is None)."""
    written = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            table = data.pop(FIGURE_DATA_MIMETYPE, None)
            if table is None or figures_dir is None or "text/html" not in data:
                continue
            figures_dir.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"^figure-", "", str(table.get("id", "figure")))
            path = figures_dir / f"{prefix}-{name}.csv"
            pd.DataFrame(table.get("data", []), columns=table.get("columns", [])).to_csv(path, index=False)
            href = html.escape(f"{figures_dir.name}/{path.name}")
            data["text/html"] += f'\n<p class="ap-figure-data"><a href="{href}">Data behind this chart (CSV)</a></p>'
            written.append(path)
    return written


def export_html(executed: Path, html_path: Path, title: str | None = None, figures_dir: Path | None = None) -> Path:
    """Export an executed notebook to one self-contained, offline HTML file with the code hidden (figure data as CSVs)."""
    import nbformat
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    nb = nbformat.read(str(executed), as_version=4)
    # papermill's injected cell has a random id and an absolute corpus path, and no output: leave it out
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    strip_volatile_metadata(nb)
    extract_figure_data(nb, figures_dir, html_path.stem)
    if title:
        nb.metadata["title"] = title
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"article_profiler.html.j2": OFFLINE_TEMPLATE})],
        template_file="article_profiler.html.j2",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    exporter.register_preprocessor(_EscapeMarkdownOutputs(), enabled=True)
    body, _ = exporter.from_notebook_node(nb)
    html_path.write_text(body, encoding="utf-8")
    return html_path


def strip_volatile_metadata(nb) -> None:
    """Drop per-run metadata (execution timestamps, papermill records) from a notebook node, in place."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)


def store_notebook(notebook: Path, timeout: int = 1800) -> Path:
    """Re-run a notebook in place on its default corpus (seeds/) and parameters, so in stored mode (``DISPLAY=None``
    in a kernel that is not JupyterLab's: ``ipc_kernel_manager``), and keep it free of per-run metadata."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(str(notebook), as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL_NAME, kernel_manager_class=ipc_kernel_manager(),
                            resources={"metadata": {"path": str(notebook.parent)}})
    try:
        client.execute()
    except CellExecutionError as err:
        raise ReportError(f"Notebook {notebook.name} failed while storing; it was not rewritten.\n{str(err)[-1500:]}") from None
    strip_volatile_metadata(nb)
    nbformat.write(nb, str(notebook))
    return notebook


def write_index(out_dir: Path, entries: Sequence[tuple[str, str, str]], tables: dict[str, int], corpus_label: str) -> Path:
    """Write ``index.html``: one link and one-line summary per report, then links to each table (name -> rows)."""
    items = "\n".join(
        f'<li><a href="{html.escape(href)}">{html.escape(title)}</a><br><span>{html.escape(summary)}</span></li>'
        for href, title, summary in entries
    )
    table_rows = "\n".join(
        f'<li>{html.escape(n)} ({rows:,} row{"s" if rows != 1 else ""}): <a href="{TABLES_DIR}/{html.escape(n)}.csv">CSV</a> · '
        f'<a href="{TABLES_DIR}/{html.escape(n)}.parquet">Parquet</a></li>' for n, rows in tables.items()
    )
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Article Profiler reports</title>
<style>
body {{ font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #222; }}
li {{ margin: 0 0 .8rem; }} li span {{ color: #555; }} code {{ background: #f3f3f3; padding: 0 .2em; }}
</style>
</head>
<body>
<h1>Article Profiler reports</h1>
<p>Corpus: <code>{html.escape(corpus_label)}</code>. Each report is one self-contained HTML file that works offline.</p>
<h2>Reports</h2>
<ol>
{items}
</ol>
<h2>Tables</h2>
<ul>
{table_rows}
</ul>
</body>
</html>
"""
    index = out_dir / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def _run_notebook(notebook: Path, tmp: Path, corpus: Path, out_dir: Path, timeout: int,
                  settings: Settings) -> tuple[Path, str, str, float]:
    start = time.perf_counter()
    executed = tmp / notebook.name
    kept = out_dir / f"{notebook.stem}.failed.ipynb"
    try:
        _execute(notebook, executed, corpus, timeout, settings)
    except NotebookFailed as err:
        if executed.exists():
            shutil.copyfile(executed, kept)
        raise NotebookFailed(err.notebook, err.cell, err.exec_count, err.ename, err.evalue, err.source,
                             kept if kept.exists() else None) from None
    title, summary = summarize_notebook(notebook)
    page = export_html(executed, out_dir / f"{notebook.stem}.html", title=title or notebook.stem, figures_dir=out_dir / FIGURES_DIR)
    kept.unlink(missing_ok=True)
    return page, title or notebook.stem, summary, time.perf_counter() - start


def build_report(corpus: str | Path | None = None, out_dir: str | Path | None = None,
                 settings: Settings | dict | str | None = None, notebooks: Sequence[Path] | None = None,
                 frames: bool = True, jobs: int = 1, timeout: int = 1800) -> ReportResult:
    """Write the frames, run and export every numbered notebook (``jobs`` at a time), write ``index.html``; return what was written.

    The tables step profiles the corpus once with ``settings`` and fills the cache the notebooks then read (they
    get the same settings). ``settings.cache=False`` uses a fresh temporary cache for this run only, so nothing
    earlier is reused and the corpus is still parsed once.
    """
    settings = Settings.from_value(settings)
    if not settings.cache:
        with tempfile.TemporaryDirectory(prefix="article-profiler-cache-") as fresh:
            return build_report(corpus, out_dir, settings.replace(cache=True, cache_dir=fresh), notebooks, frames,
                                jobs, timeout)
    from concurrent.futures import ThreadPoolExecutor

    from tqdm import tqdm

    corpus = Path(corpus) if corpus is not None else SEEDS_DIR
    if not corpus.exists():
        raise ReportError(f"Corpus {corpus} does not exist. Pass a folder (or file) of articles, e.g. `article-profiler report seeds/`.")
    out_dir = Path(out_dir) if out_dir is not None else Path.cwd() / "reports"
    notebooks = list(notebooks) if notebooks is not None else list_notebooks(report_only=True)
    if not notebooks:
        raise ReportError(f"No numbered notebooks (NN-name.ipynb) found in {NOTEBOOKS_DIR}.")
    check_writable(out_dir / TABLES_DIR)  # fail before the work, not after it
    model_fingerprint(settings.model)  # the model exists (raises SettingsError saying what to do)
    result = ReportResult(out_dir=out_dir, index=out_dir / "index.html")
    table_rows: dict[str, int] = {}
    bar = tqdm(total=len(notebooks) + 1 + int(frames), desc="report", unit="step", disable=not settings.progress)
    try:
        if frames:
            bar.set_postfix_str("tables")
            start = time.perf_counter()
            built = build_frames(corpus, settings)
            result.tables = write_frames(built, out_dir / TABLES_DIR)
            table_rows = {name: len(frame) for name, frame in built.items()}
            if "articles" in built:
                result.article_pages = write_article_pages(built, out_dir / ARTICLES_DIR, reports_index="../index.html",
                                                           max_pages=settings.max_article_pages)
            result.seconds["tables"] = time.perf_counter() - start
            bar.update()
        entries = []
        bar.set_postfix_str("notebooks")
        with tempfile.TemporaryDirectory(prefix="article-profiler-") as tmp, ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = [pool.submit(_run_notebook, nb, Path(tmp), corpus, out_dir, timeout, settings) for nb in notebooks]
            try:
                for notebook, future in zip(notebooks, futures):
                    page, title, summary, seconds = future.result()
                    result.pages.append(page)
                    entries.append((page.name, title, summary))
                    result.seconds[notebook.stem] = seconds
                    bar.update()
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
        bar.set_postfix_str("index")
        if result.article_pages:
            entries.append((f"{ARTICLES_DIR}/index.html", "Articles",
                            "One page per article: the text with its actors, claims and check-worthy statements marked."))
        write_index(out_dir, entries, table_rows, str(corpus))
        bar.update()
    finally:
        bar.close()
    return result
