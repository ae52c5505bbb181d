"""helpers.reports and the CLI: notebooks found and summarised, frames written, offline HTML, clear failures."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers import cli
from helpers.tables import write_frames
from helpers.reports import (
    TABLES_DIR, NotebookFailed, ReportError, _EscapeMarkdownOutputs, build_report, list_notebooks,
    summarize_notebook,
)

PLOTLY_JS_MARKER = "window.PlotlyConfig = {MathJaxConfig: 'local'};"
DATATABLES_MARKER = "async function injectModule(base64JS)"  # itables' offline loader of the DataTables bundle


def _notebook(path: Path, *code: str, intro: str = "Does it run? Second sentence.") -> Path:
    nb = new_notebook(cells=[new_markdown_cell(f"# Tiny\n\n{intro}"),
                             new_code_cell("CORPUS = None", metadata={"tags": ["parameters"]}),
                             *[new_code_cell(c) for c in code]])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))
    return path


def test_list_notebooks_keeps_numbered_notebooks_in_order(tmp_path):
    for name in ["02-b.ipynb", "01-a.ipynb", "scratch.ipynb", "1-x.ipynb", "10-c.ipynb"]:
        (tmp_path / name).write_text("{}")
    assert [p.name for p in list_notebooks(tmp_path)] == ["01-a.ipynb", "02-b.ipynb", "10-c.ipynb"]


def test_summarize_notebook_takes_title_and_first_sentence(tmp_path):
    path = _notebook(tmp_path / "01-t.ipynb", intro="Which files were read? Input: a folder.\nMore text.")
    assert summarize_notebook(path) == ("Tiny", "Which files were read?")


def test_write_frames_writes_csv_and_parquet_with_list_columns_as_json(tmp_path):
    frame = pd.DataFrame({"id": ["a", "b"], "spans": [[("body", 0, 4)], []], "n": [1, 2]})
    written = write_frames({"things": frame}, tmp_path)
    assert sorted(p.name for p in written) == ["things.csv", "things.parquet"]
    back = pd.read_parquet(tmp_path / "things.parquet")
    assert json.loads(back.loc[0, "spans"]) == [["body", 0, 4]]
    assert pd.read_csv(tmp_path / "things.csv")["n"].tolist() == [1, 2]


def test_markdown_outputs_lose_raw_html_but_keep_code_spans():
    escape = _EscapeMarkdownOutputs.escape
    assert escape("Title: <script>alert(1)</script>") == "Title: &lt;script>alert(1)&lt;/script>"
    assert escape("use `a<b` here <b>") == "use `a<b` here &lt;b>"
    assert "javascript:" not in escape("[x](javascript:alert(1)) [y]( JavaScript:alert(1))").replace("unsafe-link-removed:", "")


def test_failing_notebook_names_notebook_and_cell(tmp_path):
    path = _notebook(tmp_path / "01-broken.ipynb", "x = 1", "raise ValueError('no such column: words')")
    with pytest.raises(NotebookFailed) as info:
        build_report(Path(__file__), tmp_path / "out", {"progress": False}, notebooks=[path], frames=False)
    err = info.value
    assert err.notebook == "01-broken.ipynb" and err.cell == 4 and err.ename == "ValueError"
    assert "01-broken.ipynb" in str(err) and "cell 4" in str(err) and "no such column: words" in str(err)
    assert err.kept is not None and err.kept.exists()


def test_report_on_missing_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(ReportError, match="does not exist"):
        build_report(tmp_path / "nowhere", tmp_path / "out", {"progress": False})


def test_cli_exits_non_zero_with_the_failing_notebook_named(tmp_path, monkeypatch, capsys):
    path = _notebook(tmp_path / "03-broken.ipynb", "1 / 0")
    monkeypatch.setattr("helpers.reports.list_notebooks", lambda *a, **k: [path])
    monkeypatch.setattr("helpers.reports.build_frames", lambda *a, **k: {})
    code = cli.main(["report", str(Path(__file__)), "--out", str(tmp_path / "out"), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 1
    assert "03-broken.ipynb" in err and "cell 3" in err and "ZeroDivisionError" in err


def test_cli_rejects_a_model_that_is_not_installed(tmp_path, capsys):
    assert cli.main(["profile", str(tmp_path), "--model", "xx_no_such_model_sm", "--out", str(tmp_path / "o")]) == 1
    assert "not installed" in capsys.readouterr().err


def test_console_script_help_lists_both_commands():
    out = subprocess.run([sys.executable, "-m", "helpers.cli", "--help"], capture_output=True, text=True, check=True).stdout
    assert "report" in out and "profile" in out


def _assert_offline_html(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", text), f"{path.name} loads a script from a URL"
    assert not re.search(r"<link[^>]+href=\"?https?:", text), f"{path.name} links a remote stylesheet"
    assert not re.search(r"<(?:img|iframe|source|embed)[^>]+src=\"?https?:", text), f"{path.name} embeds a remote resource"
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", text), "random UUID id"
    return text


def test_seed_report_writes_offline_pages_index_and_tables(seed_report):
    notebooks = list_notebooks(report_only=True)
    assert [p.name for p in seed_report.pages] == [f"{nb.stem}.html" for nb in notebooks]
    for page in seed_report.pages:
        text = _assert_offline_html(page)
        n_figures = len(re.findall(r'class="plotly-graph-div"', text))
        assert text.count(PLOTLY_JS_MARKER) <= 1, f"{page.name} embeds plotly.js more than once"
        if n_figures:
            assert text.count(PLOTLY_JS_MARKER) == 1, f"{page.name} has figures but no plotly.js"
        assert len(set(re.findall(r'id="(figure-[\w-]+)"', text))) == n_figures  # ids unique within the page
        assert "setup_notebook(" not in text and '<div class="jp-InputPrompt' not in text  # code and prompts hidden
        assert "injected-parameters" not in text  # papermill's cell (random id, absolute path) is left out
        for div_id in re.findall(r'<div id="(figure-[\w-]+)"', text):  # each chart links the CSV of its data
            csv = seed_report.out_dir / "figures" / f"{page.stem}-{div_id[len('figure-'):]}.csv"
            assert csv.exists() and f'href="figures/{csv.name}"' in text
            assert len(pd.read_csv(csv)) > 0
    index = seed_report.index.read_text(encoding="utf-8")
    for notebook in notebooks:
        title, _ = summarize_notebook(notebook)
        assert f'href="{notebook.stem}.html"' in index and title.split("·")[-1].strip() in index
    tables = seed_report.out_dir / TABLES_DIR
    for name in ("articles", "paragraphs"):
        assert (tables / f"{name}.csv").exists() and (tables / f"{name}.parquet").exists()
    articles = pd.read_parquet(tables / "articles.parquet")
    assert articles["status"].tolist() == ["ok"] and articles["n_words"].iloc[0] > 100


def _benchmark_figures() -> set[str]:
    """The accuracy, F1, precision and recall figures the benchmarks measured on PolNeAR and BBC (3 decimals)."""
    found: set[str] = set()

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, float) and 0 < value < 1 and re.search(r"acc|f1|precision|recall", key) \
                and round(value * 1000) % 10:
            found.add(f"{value:.3f}")

    for path in (Path(__file__).resolve().parents[1] / "benchmarks" / "results").glob("*.json"):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return found


def _visible_text(html: str) -> str:
    """The page's prose: markup, scripts, styles and data tables removed (a table's 3-decimal shares can equal a
    benchmark figure by chance; the prose and the charts' text are where a figure would be stated)."""
    html = re.sub(r"<(script|style|table)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_report_on_another_corpus_shows_no_benchmark_figure(seed_report):
    figures = _benchmark_figures()
    assert len(figures) >= 10  # the benchmark results the repository keeps
    for page in seed_report.pages + [seed_report.index]:
        text = _visible_text(page.read_text(encoding="utf-8"))
        for sentence in re.split(r"(?<=[.!?])\s", text):
            if re.search(r"PolNeAR|BBC", sentence):
                assert not re.search(r"\d", sentence), f"{page.name} states a benchmark corpus figure: {sentence!r}"
        shown = sorted(f for f in figures if re.search(rf"(?<![\d.]){re.escape(f)}(?!\d)", text))
        assert not shown, f"{page.name} shows benchmark figures {shown} on a corpus they were not measured on"


def test_articles_report_embeds_plotly_and_datatables_once(seed_report):
    text = (seed_report.out_dir / "01-articles.html").read_text(encoding="utf-8")
    assert text.count(PLOTLY_JS_MARKER) == 1
    assert text.count(DATATABLES_MARKER) == 1
    assert 'id="figure-words-per-article"' in text and 'id="table-corpus"' in text
    words = pd.read_csv(seed_report.out_dir / "figures" / "01-articles-words-per-article.csv")
    articles = pd.read_csv(seed_report.out_dir / TABLES_DIR / "articles.csv")
    assert words["story words"].tolist() == articles["n_words"].tolist()


def test_hostile_corpus_never_appears_as_markup_in_the_html(xss_report, xss_payloads):
    for page in xss_report.pages + [xss_report.index]:
        text = _assert_offline_html(page)
        for payload in xss_payloads:
            assert payload not in text, f"{page.name} contains raw {payload!r}"
    articles = pd.read_csv(xss_report.out_dir / TABLES_DIR / "articles.csv")
    assert any("<script>alert(1)</script>" in t for t in articles["title"])  # the tables keep the text as it was
    # hostile metadata (author, outlet used as the group, section, a date that is no date) is kept as text too
    row = articles.set_index("article_id").loc["003_table_export-harbour-flood"]
    assert row["author"] == "Kim <img src=x onerror=alert(1)> Lee"
    assert row["outlet"] == "Harbour <script>alert(1)</script> Gazette" and row["section"] == "</textarea><svg onload=alert(1)>"
    assert pd.isna(row["published"]) and "date" in str(row["error"]).lower()
    compare = (xss_report.out_dir / "05-compare.html").read_text(encoding="utf-8")
    assert "Harbour &lt;script&gt;alert(1)&lt;/script&gt; Gazette" in compare or "Harbour \\u003cscript" in compare


def test_strip_volatile_metadata_drops_timestamps_but_keeps_tags(tmp_path):
    path = _notebook(tmp_path / "01-t.ipynb", "x = 1")
    nb = nbformat.read(str(path), as_version=4)
    nb.metadata["papermill"] = {"start_time": "2026-01-01"}
    nb.cells[1].metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00Z"}
    from helpers.reports import strip_volatile_metadata

    strip_volatile_metadata(nb)
    assert "papermill" not in nb.metadata and "execution" not in nb.cells[1].metadata
    assert nb.cells[1].metadata["tags"] == ["parameters"]


def test_profile_command_writes_every_frame_without_notebooks(tmp_path, monkeypatch, xss_corpus):
    assert cli.main(["profile", str(xss_corpus), "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache")]) == 0
    tables = tmp_path / "out"  # the tables go straight into --out
    names = {p.stem for p in tables.glob("*.parquet")}
    assert {"articles", "paragraphs"} <= names
    assert {p.stem for p in tables.glob("*.csv")} == names
    assert not list(tables.glob("*.html"))
    assert len(pd.read_parquet(tables / "articles.parquet")) == 3


def test_every_notebook_survives_a_corpus_with_nothing_to_profile(tmp_path, monkeypatch):
    """An all-flagged corpus (empty file, PDF bytes) still yields every report: notebooks must handle zero ok articles."""
    corpus = tmp_path / "bad"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "scan.txt").write_bytes(b"%PDF-1.4 binary")
    result = build_report(corpus, tmp_path / "out", {"progress": False, "cache_dir": str(tmp_path / "cache")}, jobs=2)
    assert [p.stem for p in result.pages] == [nb.stem for nb in list_notebooks(report_only=True)]
    assert "<strong>1</strong> binary" in (tmp_path / "out" / "01-articles.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ display modes: a notebook parameter, not the environment

DISPLAY_PROBE = """import os
import pandas as pd
import plotly.graph_objects as go
from helpers.charts import display_mode, setup_notebook, show_figure, show_table
setup_notebook(DISPLAY)"""
DISPLAY_SHOW = """print(display_mode(), os.environ.get("JPY_SESSION_NAME"))
show_table(pd.DataFrame({"n": [1, 2]}), "tiny")
show_figure(go.Figure(go.Bar(y=[1, 2])), "tiny")"""


def _display_notebook(path: Path) -> Path:
    nb = new_notebook(cells=[new_markdown_cell("# Tiny\n\nWhich mode? Second sentence."),
                             new_code_cell("CORPUS = None\nSETTINGS = None\nDISPLAY = None", metadata={"tags": ["parameters"]}),
                             new_code_cell(DISPLAY_PROBE), new_code_cell(DISPLAY_SHOW)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))
    return path


def _outputs(path: Path) -> tuple[str, str, set[str]]:
    """(stdout, every text/html output joined, every output mimetype) of an executed notebook."""
    stdout, htmls, mimetypes = [], [], set()
    for cell in nbformat.read(str(path), as_version=4).cells:
        for output in cell.get("outputs", []):
            if output.get("name") == "stdout":
                stdout.append(output["text"])
            mimetypes |= set(output.get("data", {}))
            htmls.append(output.get("data", {}).get("text/html", ""))
    return "".join(stdout), "\n".join(htmls), mimetypes


@pytest.fixture
def inside_jupyterlab(tmp_path, monkeypatch):
    """The runner's process as in a JupyterLab kernel or terminal of a user with another Python's ``python3`` kernel:
    ``$JPY_SESSION_NAME`` is set and a user-level kernelspec of that name points at an interpreter that does not exist."""
    monkeypatch.setenv("JPY_SESSION_NAME", "somewhere/Untitled.ipynb")
    spec = tmp_path / "user-jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({"argv": ["/nonexistent/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                                                  "display_name": "Another Python", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(spec.parents[1]))


def test_stored_notebook_is_in_stored_mode_even_from_jupyterlab(tmp_path, inside_jupyterlab):
    from helpers.reports import store_notebook

    path = store_notebook(_display_notebook(tmp_path / "01-tiny.ipynb"), timeout=120)
    stdout, html, mimetypes = _outputs(path)
    assert stdout == "stored None\n"  # the kernel did not get JPY_SESSION_NAME, and this venv's kernel ran
    assert "application/vnd.plotly.v1+json" in mimetypes and "<table" in html
    assert 'id="table-tiny"' not in html and DATATABLES_MARKER not in html and PLOTLY_JS_MARKER not in html


def test_report_runner_passes_the_display_mode_as_a_parameter(tmp_path, inside_jupyterlab):
    from helpers.reports import execute_notebook

    source = _display_notebook(tmp_path / "01-tiny.ipynb")
    exported = execute_notebook(source, tmp_path / "exported.ipynb", tmp_path, timeout=120)
    stdout, html, mimetypes = _outputs(exported)
    assert stdout == "export None\n"
    assert html.count(PLOTLY_JS_MARKER) == 1 and DATATABLES_MARKER in html  # both bundles, embedded once
    assert 'id="figure-tiny"' in html and 'id="table-tiny"' in html and "application/vnd.plotly.v1+json" not in mimetypes
    stored = execute_notebook(source, tmp_path / "stored.ipynb", tmp_path, export=False, timeout=120)
    stdout, html, mimetypes = _outputs(stored)
    assert stdout == "stored None\n" and "application/vnd.plotly.v1+json" in mimetypes and PLOTLY_JS_MARKER not in html
