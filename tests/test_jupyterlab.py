"""Run every notebook in JupyterLab the way a reader does, in headless Chromium, and check what is on screen.

A JupyterLab server is started on a free port with a random token on a temporary copy of ``notebooks/`` (the
venv's kernel, so the kernel imports this project; its own config, settings, workspace, runtime and profile-cache
folders, so nothing of the user's is read or written). Each notebook is opened, its outputs cleared, and
Run > Run All Cells clicked; once every code cell has run, no cell may show an error or a warning, no chart's
tick label, axis title or title may fall outside its SVG, and no chart may offer Plotly's cloud ("Share chart") or
Chart Studio button. A screenshot of each chart and of the window goes to ``test-artifacts/lab-*.png``.

Skips with a reason when /usr/bin/chromium or Playwright is missing.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.charts import EXPORT_ENV, INTERACTIVE_ENV
from helpers.reports import list_notebooks

# Opt-in: in a fresh clone the first notebook's "Run All" was seen to wait with an idle kernel until the 10-minute
# timeout (not yet understood), which would stall CI; run these with ARTICLE_PROFILER_LAB_TESTS=1.
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(os.environ.get("ARTICLE_PROFILER_LAB_TESTS") != "1",
                                 reason="JupyterLab browser tests are opt-in: set ARTICLE_PROFILER_LAB_TESTS=1")]

NOTEBOOKS = [p.name for p in list_notebooks()]
START_TIMEOUT_S = 90
RUN_TIMEOUT_MS = 600_000
VIEWPORT = {"width": 1280, "height": 1400}
ACTIVE = ".jp-NotebookPanel:not(.lm-mod-hidden)"
# Plotly's cloud/Chart Studio buttons and logo, by their mode-bar titles
FORBIDDEN_BUTTONS = ("share", "cloud", "chart studio", "plotly")
# JupyterLab settings for the test server: no news or update checks (they would reach the network and pop up)
LAB_SETTINGS = {"@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False}}

CLIPPED_TEXT = r"""(selector) => Array.from(document.querySelectorAll(selector + ' .js-plotly-plot')).map((plot, i) => {
  const svg = plot.querySelector('svg.main-svg');
  if (!svg) return {index: i, drawn: false, clipped: [], buttons: []};
  const box = svg.getBoundingClientRect();
  const clipped = [];
  for (const el of plot.querySelectorAll('.xtick text, .ytick text, .gtitle, .gtitle-subtitle, .g-xtitle text, .g-ytitle text')) {
    const b = el.getBoundingClientRect();
    if (b.width === 0 && b.height === 0) continue;
    if (b.left < box.left - 1 || b.right > box.right + 1 || b.top < box.top - 1 || b.bottom > box.bottom + 1)
      clipped.push({text: el.textContent.slice(0, 80), box: [b.left - box.left, b.top - box.top, b.right - box.left, b.bottom - box.top].map(Math.round)});
  }
  const buttons = Array.from(plot.querySelectorAll('.modebar-btn')).map(b => b.getAttribute('data-title') || '');
  return {index: i, drawn: true, width: Math.round(box.width), height: Math.round(box.height), clipped, buttons,
          logo: plot.querySelectorAll('.modebar-btn--logo').length};
})"""

RUN_FINISHED = r"""(selector) => {
  const status = document.querySelector('.jp-Notebook-ExecutionIndicator');
  const prompts = Array.from(document.querySelectorAll(selector + ' .jp-CodeCell .jp-InputPrompt')).map(p => p.textContent);
  const failed = document.querySelector(selector + ' .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
  return !!status && status.getAttribute('data-status') === 'idle' && (!!failed || prompts.every(p => /\[\d+\]/.test(p)));
}"""


ITABLES_READY = r"""(selector) => Array.from(document.querySelectorAll(selector + ' table[id^="table-"]'))
  .every(t => t.classList.contains('dataTable'))"""


@dataclass
class LabServer:
    """A running JupyterLab: base URL, token and the folder it serves."""

    url: str
    token: str
    root: Path
    log: Path

    def page_url(self, notebook: str) -> str:
        """URL that opens one notebook in a fresh workspace of its own."""
        return f"{self.url}/lab/workspaces/{Path(notebook).stem}/tree/{notebook}?reset&token={self.token}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(server: LabServer, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{server.url}/api/status?token={server.token}", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    log = server.log.read_text(encoding="utf-8", errors="replace")[-3000:] if server.log.exists() else ""
    raise RuntimeError(f"JupyterLab did not start within {START_TIMEOUT_S} s. Its log ends with:\n{log}")


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory, browser_context) -> Iterator[LabServer]:
    """JupyterLab on a free port with a random token, serving a temporary copy of notebooks/ with the venv's kernel."""
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "notebooks"
    root.mkdir()
    for path in list_notebooks():
        shutil.copy(path, root / path.name)
    settings = base / "settings"
    for rel, values in LAB_SETTINGS.items():
        (settings / rel).parent.mkdir(parents=True, exist_ok=True)
        (settings / rel).write_text(json.dumps(values), encoding="utf-8")
    own = str(Path(sys.prefix) / "share" / "jupyter")  # this venv's kernelspec: the kernel imports this project
    env = {k: v for k, v in os.environ.items() if k not in (EXPORT_ENV, INTERACTIVE_ENV)}
    env.update({
        "JUPYTER_PATH": os.pathsep.join(p for p in (own, os.environ.get("JUPYTER_PATH", "")) if p),
        "JUPYTER_CONFIG_DIR": str(base / "config"), "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings), "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
        "IPYTHONDIR": str(base / "ipython"), "ARTICLE_PROFILER_CACHE": str(base / "cache"),
    })
    token = secrets.token_hex(24)
    server = LabServer(f"http://127.0.0.1:{_free_port()}", token, root, base / "jupyterlab.log")
    command = [str(Path(sys.prefix) / "bin" / "jupyter"), "lab", "--no-browser", f"--port={server.url.rsplit(':', 1)[1]}",
               f"--IdentityProvider.token={token}", "--ServerApp.ip=127.0.0.1", f"--notebook-dir={root}",
               "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    with open(server.log, "wb") as log:
        proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=base)
    try:
        _wait_until_up(server, proc)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _menu(page, menu: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


@dataclass
class LabRun:
    """What a notebook showed in JupyterLab after Run All Cells."""

    errors: list[str]
    charts: list[dict]
    annotations: list[str]
    datatables: int


_runs: dict[str, LabRun] = {}


def _run_all(server: LabServer, context, artifacts_dir: Path, notebook: str) -> LabRun:
    """Open a notebook, clear its outputs, Run > Run All Cells, wait until every cell ran; screenshots; cached per notebook."""
    if notebook in _runs:
        return _runs[notebook]
    stem = Path(notebook).stem
    page = context.new_page()
    page.set_viewport_size(VIEWPORT)  # tall enough for the tallest chart's screenshot
    try:
        page.goto(server.page_url(notebook), wait_until="load")
        page.wait_for_selector(f"{ACTIVE} .jp-Notebook .jp-Cell", timeout=60_000)
        page.wait_for_function("() => document.querySelector('.jp-Notebook-ExecutionIndicator')?.getAttribute('data-status') === 'idle'",
                               timeout=120_000)
        _menu(page, "Edit", "Clear Outputs of All Cells")
        page.wait_for_function(f"() => Array.from(document.querySelectorAll('{ACTIVE} .jp-CodeCell .jp-InputPrompt'))"
                               ".every(p => !/\\d/.test(p.textContent))", timeout=30_000)
        _menu(page, "Run", "Run All Cells")
        page.wait_for_timeout(1000)
        page.wait_for_function(RUN_FINISHED, arg=ACTIVE, timeout=RUN_TIMEOUT_MS)
        page.wait_for_function(ITABLES_READY, arg=ACTIVE, timeout=60_000)  # DataTables initialise after the output lands
        errors = page.evaluate(f"() => Array.from(document.querySelectorAll('{ACTIVE} [data-mime-type=\"application/vnd.jupyter.stderr\"]'))"
                               ".map(e => e.textContent.slice(0, 2000))")
        plots = page.locator(f"{ACTIVE} .js-plotly-plot")
        for i in range(plots.count()):
            plots.nth(i).evaluate("e => e.scrollIntoView({block: 'center'})")  # content-visibility: lay it out as a reader would
            page.wait_for_timeout(300)
            plots.nth(i).screenshot(path=str(artifacts_dir / f"lab-{stem}-chart-{i + 1}.png"))
        page.wait_for_function(f"() => Array.from(document.querySelectorAll('{ACTIVE} .js-plotly-plot'))"
                               ".every(d => d.querySelector('svg.main-svg'))", timeout=60_000)
        run = LabRun(
            errors=errors,
            charts=page.evaluate(CLIPPED_TEXT, ACTIVE),
            annotations=page.evaluate(f"() => Array.from(document.querySelectorAll('{ACTIVE} .js-plotly-plot .annotation-text'))"
                                      ".map(t => t.textContent)"),
            datatables=page.evaluate(f"() => document.querySelectorAll('{ACTIVE} table.dataTable').length"),
        )
        page.evaluate(f"() => document.querySelector('{ACTIVE} .jp-WindowedPanel-outer')?.scrollTo(0, 0)")
        page.screenshot(path=str(artifacts_dir / f"lab-{stem}.png"))
    finally:
        page.close()
    _runs[notebook] = run
    return run


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab_without_errors_or_clipped_charts(lab_server, browser_context, artifacts_dir, notebook):
    """Run > Run All Cells: no error or warning in any cell, every chart's labels inside its SVG, no cloud button."""
    run = _run_all(lab_server, browser_context, artifacts_dir, notebook)
    assert run.errors == [], f"{notebook}: cells show errors or warnings:\n" + "\n---\n".join(run.errors)
    assert all(c["drawn"] for c in run.charts), f"{notebook}: a chart has no SVG"
    clipped = {c["index"] + 1: c["clipped"] for c in run.charts if c["clipped"]}
    assert clipped == {}, f"{notebook}: text outside the chart (chart number: labels): {clipped}"
    offered = {c["index"] + 1: [b for b in c["buttons"] if any(w in b.lower() for w in FORBIDDEN_BUTTONS)] for c in run.charts}
    assert not any(offered.values()) and not any(c["logo"] for c in run.charts), f"{notebook}: cloud buttons or logo: {offered}"


def test_articles_notebook_draws_its_chart_and_interactive_tables(lab_server, browser_context, artifacts_dir):
    """The checks above are not vacuous: 01 draws a chart with its source line, and its tables are interactive."""
    run = _run_all(lab_server, browser_context, artifacts_dir, "01-articles.ipynb")
    assert len(run.charts) >= 1 and all(c["drawn"] for c in run.charts)
    assert "Source: seeds · Article Profiler" in run.annotations
    assert run.datatables >= 1
    assert any("Download plot as a PNG" in c["buttons"] for c in run.charts)
