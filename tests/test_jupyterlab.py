"""Run every notebook in JupyterLab the way a reader does, in headless Chromium, and check what is on screen.

A JupyterLab server is started on a free port with a random token on a temporary copy of ``notebooks/`` (the
venv's kernel, so the kernel imports this project; its own config, data, settings, workspace, runtime and IPython
folders, so nothing of the user's is read or written; no news or update checks). Each notebook is opened; once its
kernel is connected and idle (asked of JupyterLab itself, not read off the toolbar), its outputs are cleared and
Run > Run All Cells clicked; once every code cell has run, no cell may show an error or a warning, no chart's tick
label, axis title or title may fall outside its SVG (``tests/browser_probe.py``, the rule the report tests use), and
no chart may offer Plotly's cloud ("Share chart") or Chart Studio button. The notebooks' ``DISPLAY = None`` puts
these kernels in live mode (Jupyter sets ``$JPY_SESSION_NAME`` for them): 01's tables must be DataTables and its
figures Plotly JSON, not the report's HTML. A screenshot of each chart and of the window goes to
``test-artifacts/lab-*.png``.

Why the kernel wait matters: the toolbar's execution indicator reads "idle" before the notebook's kernel exists.
Run All clicked in that window skips every cell without a message (JupyterLab's ``CodeCell.execute`` returns when
``session.kernel`` is null), and the page then sits with an idle kernel and empty prompts. So the run waits for
JupyterLab's session to report a connected, idle kernel of the notebook's kernelspec, checks that Run All did start
a cell, and gives each notebook a hard time limit (``ARTICLE_PROFILER_LAB_TIMEOUT``, seconds) and the module a total
budget: a failure says what the page showed, saves ``test-artifacts/lab-<notebook>-failed.png`` and never waits long.

Runs by default; ``ARTICLE_PROFILER_LAB_TESTS=0`` skips it. Skips with a reason when /usr/bin/chromium or
Playwright is missing.

Real corpora (when ../shared/corpora exists; ``ARTICLE_PROFILER_LAB_CORPORA=0`` skips them): the same run on PolNeAR
dev (84 articles, its metadata, grouped by outlet) and on the first 300 rows of the BBC News CSV. The notebooks are
copied to ``<corpus>/`` in the served folder with the parameters cell's ``CORPUS`` and ``SETTINGS`` set (metadata,
group_by, the corpus's own cache); screenshots go to ``test-artifacts/lab-<corpus>-*.png``. The twelve runs take
about 4 minutes on two cores (4 min 23 s measured alone, on a cold cache). The cache is the one the reports of
``test_real_corpora_browser.py`` are then built with (this module runs first), so those builds take about 45 s each
instead of about 2 min 10 s: the lab runs add about a minute and a half to ``make test``.
"""
from __future__ import annotations

import json
import os
import re
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

from browser_probe import clipped_labels, cloud_buttons, probe_charts
from conftest import BBC_CSV, POLNEAR_DEV_TEXT
from helpers.reports import list_notebooks

OPT_OUT_ENV = "ARTICLE_PROFILER_LAB_TESTS"
TIMEOUT_ENV = "ARTICLE_PROFILER_LAB_TIMEOUT"
CORPORA_ENV = "ARTICLE_PROFILER_LAB_CORPORA"  # =0: do not run the notebooks on PolNeAR dev and the BBC sample
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(os.environ.get(OPT_OUT_ENV) == "0", reason=f"JupyterLab browser tests skipped: {OPT_OUT_ENV}=0")]

NOTEBOOKS = [p.name for p in list_notebooks()]
START_TIMEOUT_S = 90  # the server answers /api/status
NOTEBOOK_TIMEOUT_S = float(os.environ.get(TIMEOUT_ENV, "180"))  # open, kernel ready, Run All, every cell run, probes
MODULE_BUDGET_S = max(420.0, NOTEBOOK_TIMEOUT_S)  # all notebooks together; later notebooks fail at once past it
REAL_NOTEBOOK_TIMEOUT_S = max(600.0, NOTEBOOK_TIMEOUT_S)  # a real corpus: the first notebook may profile it cold
REAL_BUDGET_S = 1800.0  # all notebooks of one real corpus together
REAL_CORPORA = {"polnear": ("polnear_dev", POLNEAR_DEV_TEXT), "bbc300": ("bbc300", BBC_CSV)}  # -> conftest fixture, input
RUN_START_TIMEOUT_S = 30  # after Run All, some cell must be queued or running
POLL_MS = 250
VIEWPORT = {"width": 1280, "height": 1400}
ACTIVE = ".jp-NotebookPanel:not(.lm-mod-hidden)"
# JupyterLab settings for the test server: no news or update checks (they would reach the network and pop up)
LAB_SETTINGS = {"@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False}}

# What JupyterLab itself knows of the open notebook (window.jupyterapp: the server runs with expose_app_in_browser):
# its session's kernel, that kernel's status and connection, open dialogs and the code cells' prompts.
LAB_STATE = r"""(selector) => {
  const app = window.jupyterapp;
  const panel = app ? app.shell.currentWidget : null;
  const ctx = panel && panel.sessionContext ? panel.sessionContext : null;
  const kernel = ctx && ctx.session ? ctx.session.kernel : null;
  const prompts = Array.from(document.querySelectorAll(selector + ' .jp-CodeCell .jp-InputPrompt')).map(p => p.textContent.trim());
  return {app: !!app, path: panel && panel.context ? panel.context.path : null, ready: !!ctx && ctx.isReady,
          kernel: kernel ? kernel.name : null, status: kernel ? kernel.status : null,
          connection: kernel ? kernel.connectionStatus : null,
          dialogs: Array.from(document.querySelectorAll('.jp-Dialog')).map(d => d.innerText.replace(/\s+/g, ' ').slice(0, 300)),
          prompts, errors: document.querySelectorAll(selector + ' .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').length};
}"""

ITABLES_READY = r"""(selector) => Array.from(document.querySelectorAll(selector + ' table[id^="table-"]'))
  .every(t => t.classList.contains('dataTable'))"""
CHARTS_DRAWN = r"""(selector) => Array.from(document.querySelectorAll(selector + ' .js-plotly-plot'))
  .every(d => d.querySelector('svg.main-svg'))"""


class LabFailure(Exception):
    """A notebook could not be run to the end in JupyterLab; the message says what the page showed."""


@dataclass
class LabServer:
    """A running JupyterLab: base URL, token, the folder it serves, its log, its process and the module's deadline."""

    url: str
    token: str
    root: Path
    log: Path
    proc: subprocess.Popen
    budget_end: float  # time.monotonic() past which no notebook is started

    def page_url(self, notebook: str) -> str:
        """URL that opens one notebook (a path relative to the served folder) in a fresh workspace of its own."""
        return f"{self.url}/lab/workspaces/{_slug(notebook)}/tree/{notebook}?reset&token={self.token}"

    def log_tail(self, chars: int = 2000) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:] if self.log.exists() else ""


def _slug(notebook: str) -> str:
    """``polnear/01-articles.ipynb`` -> ``polnear-01-articles`` (workspace and screenshot names)."""
    return str(Path(notebook).with_suffix("")).replace("/", "-")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def _shut_down_kernel(server: LabServer, notebook: str) -> None:
    """Shut down the notebook's kernel (each holds the spaCy model): its session, through the REST API; best effort."""
    try:
        for session in _get_json(f"{server.url}/api/sessions?token={server.token}"):
            if session.get("path") == notebook:
                request = urllib.request.Request(f"{server.url}/api/sessions/{session['id']}?token={server.token}", method="DELETE")
                urllib.request.urlopen(request, timeout=10).close()
    except OSError:
        pass


def _wait_until_up(server: LabServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            break
        try:
            _get_json(f"{server.url}/api/status?token={server.token}")
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"JupyterLab did not start within {START_TIMEOUT_S} s. Its log ends with:\n{server.log_tail(3000)}")


def _kernel_names() -> set[str]:
    """The kernelspec names the notebooks ask for (their metadata)."""
    return {json.loads(p.read_text(encoding="utf-8"))["metadata"]["kernelspec"]["name"] for p in list_notebooks()}


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
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
    env.update({
        "JUPYTER_PATH": own, "JUPYTER_CONFIG_DIR": str(base / "config"), "JUPYTER_DATA_DIR": str(base / "data"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"), "IPYTHONDIR": str(base / "ipython"),
        "ARTICLE_PROFILER_CACHE": str(base / "cache"),
    })
    kernels = _kernel_names()
    assert len(kernels) == 1, f"the notebooks ask for different kernels: {sorted(kernels)}"
    token = secrets.token_hex(24)
    port = _free_port()
    command = [str(Path(sys.prefix) / "bin" / "jupyter"), "lab", "--no-browser", f"--port={port}",
               f"--IdentityProvider.token={token}", "--ServerApp.ip=127.0.0.1", f"--notebook-dir={root}",
               "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly", "--LabApp.expose_app_in_browser=True",
               f"--MappingKernelManager.default_kernel_name={next(iter(kernels))}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log_path = base / "jupyterlab.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=base)
    server = LabServer(f"http://127.0.0.1:{port}", token, root, log_path, proc, time.monotonic() + MODULE_BUDGET_S)
    try:
        _wait_until_up(server)
        specs = _get_json(f"{server.url}/api/kernelspecs?token={token}")["kernelspecs"]
        missing = kernels - set(specs)
        assert not missing, f"JupyterLab has no kernelspec {sorted(missing)} (it has {sorted(specs)}): Run All would ask for a kernel"
        server.budget_end = time.monotonic() + MODULE_BUDGET_S
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
    plotly_json: int  # charts JupyterLab's Plotly renderer drew from Plotly JSON (stored and live modes; export sends HTML)
    seconds: float


_runs: dict[str, LabRun | LabFailure] = {}


class _Clock:
    """One notebook's deadline; ``wait`` polls a condition on the page against it and never outlives it."""

    def __init__(self, server: LabServer, page, notebook: str, kernel: str, timeout_s: float, budget_end: float):
        self.server, self.page, self.notebook, self.kernel = server, page, notebook, kernel
        self.start = time.monotonic()
        self.end = min(self.start + timeout_s, budget_end)

    def state(self) -> dict:
        return self.page.evaluate(LAB_STATE, ACTIVE)

    def wait(self, what: str, check, limit_s: float | None = None):
        """Poll ``check(state)`` until it returns a truthy value; fail with what the page shows on timeout, on a dialog
        or when the server has exited."""
        end = self.end if limit_s is None else min(self.end, time.monotonic() + limit_s)
        while True:
            state = self.state()
            if state["dialogs"]:
                raise LabFailure(f"a dialog is open while waiting for {what}: {state['dialogs']}")
            if self.server.proc.poll() is not None:
                raise LabFailure(f"the JupyterLab server exited while waiting for {what}")
            found = check(state)
            if found:
                return found
            if time.monotonic() >= end:
                raise LabFailure(f"timed out after {time.monotonic() - self.start:.0f} s waiting for {what}; JupyterLab shows: "
                                 f"kernel {state['kernel']!r} {state['status']!r} ({state['connection']}), "
                                 f"prompts {' '.join(state['prompts'])}")
            self.page.wait_for_timeout(POLL_MS)

    def wait_js(self, what: str, script: str) -> None:
        self.wait(what, lambda _state: self.page.evaluate(script, ACTIVE))

    def kernel_idle(self, state: dict) -> bool:
        return (state["app"] and state["path"] == self.notebook and state["ready"] and state["kernel"] == self.kernel
                and state["connection"] == "connected" and state["status"] == "idle")


def _run_started(state: dict) -> bool:
    return state["status"] == "busy" or any(p != "[ ]:" for p in state["prompts"])


def _run_finished(state: dict) -> bool:
    prompts = state["prompts"]
    return (state["status"] == "idle" and state["connection"] == "connected" and "[*]:" not in prompts
            and (state["errors"] > 0 or all(p[1:-2].isdigit() for p in prompts)))


def _run_all(server: LabServer, context, artifacts_dir: Path, notebook: str, timeout_s: float = NOTEBOOK_TIMEOUT_S,
             budget_end: float | None = None) -> LabRun:
    """Open a notebook (path relative to the served folder), wait for its kernel, clear its outputs, Run > Run All
    Cells, wait until every cell ran; screenshots. Cached per notebook (a failure too, so it is not retried)."""
    if notebook in _runs:
        if isinstance(_runs[notebook], LabFailure):
            raise _runs[notebook]
        return _runs[notebook]
    budget_end = server.budget_end if budget_end is None else budget_end
    stem = _slug(notebook)
    kernel = json.loads((server.root / notebook).read_text(encoding="utf-8"))["metadata"]["kernelspec"]["name"]
    page = context.new_page()
    page.set_viewport_size(VIEWPORT)  # tall enough for the tallest chart's screenshot
    page.set_default_timeout(30_000)
    clock = _Clock(server, page, notebook, kernel, timeout_s, budget_end)
    try:
        if time.monotonic() >= budget_end:
            raise LabFailure("the time budget of this group of notebooks was used up before this notebook started")
        page.goto(server.page_url(notebook), wait_until="load")
        clock.wait("JupyterLab to open the notebook", lambda st: st["app"] and st["path"] == notebook and st["prompts"])
        clock.wait(f"a connected, idle {kernel!r} kernel", clock.kernel_idle)
        _menu(page, "Edit", "Clear Outputs of All Cells")
        clock.wait("the cleared prompts", lambda st: all(p == "[ ]:" for p in st["prompts"]))
        _menu(page, "Run", "Run All Cells")
        clock.wait("Run All to start a cell (Run All sent to a kernel that is not connected skips every cell)",
                   _run_started, RUN_START_TIMEOUT_S)
        clock.wait("every code cell to run", _run_finished)
        clock.wait_js("the tables to become DataTables", ITABLES_READY)
        errors = page.evaluate(f"() => Array.from(document.querySelectorAll('{ACTIVE} [data-mime-type=\"application/vnd.jupyter.stderr\"]'))"
                               ".map(e => e.textContent.slice(0, 2000))")
        plots = page.locator(f"{ACTIVE} .js-plotly-plot")
        for i in range(plots.count()):
            plots.nth(i).evaluate("e => e.scrollIntoView({block: 'center'})")  # content-visibility: lay it out as a reader would
            page.wait_for_timeout(300)
            plots.nth(i).screenshot(path=str(artifacts_dir / f"lab-{stem}-chart-{i + 1}.png"))
        clock.wait_js("every chart's SVG", CHARTS_DRAWN)
        run = LabRun(
            errors=errors,
            charts=probe_charts(page, f"{ACTIVE} .js-plotly-plot"),
            annotations=page.evaluate(f"() => Array.from(document.querySelectorAll('{ACTIVE} .js-plotly-plot .annotation-text'))"
                                      ".map(t => t.textContent)"),
            datatables=page.evaluate(f"() => document.querySelectorAll('{ACTIVE} table.dataTable').length"),
            plotly_json=page.evaluate(f"() => document.querySelectorAll('{ACTIVE} .jp-RenderedPlotly.js-plotly-plot').length"),
            seconds=round(time.monotonic() - clock.start, 1),
        )
        page.evaluate(f"() => document.querySelector('{ACTIVE} .jp-WindowedPanel-outer')?.scrollTo(0, 0)")
        page.screenshot(path=str(artifacts_dir / f"lab-{stem}.png"))
    except Exception as exc:  # LabFailure or a Playwright error: say where, keep a screenshot, never retry
        shot = artifacts_dir / f"lab-{stem}-failed.png"
        try:
            page.screenshot(path=str(shot))
        except Exception:  # the page itself may be gone
            shot = None
        failure = LabFailure(f"{notebook} in JupyterLab: {exc}\nscreenshot: {shot}\nJupyterLab log ends with:\n{server.log_tail()}")
        _runs[notebook] = failure
        raise failure from exc
    finally:
        page.close()
        _shut_down_kernel(server, notebook)
    _runs[notebook] = run
    return run


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab_without_errors_or_clipped_charts(lab_server, browser_context, artifacts_dir, notebook):
    """Run > Run All Cells: no error or warning in any cell, every chart's labels inside its SVG, no cloud button."""
    try:
        run = _run_all(lab_server, browser_context, artifacts_dir, notebook)
    except LabFailure as failure:
        pytest.fail(str(failure), pytrace=False)
    assert run.errors == [], f"{notebook}: cells show errors or warnings:\n" + "\n---\n".join(run.errors)
    assert all(c["drawn"] for c in run.charts), f"{notebook}: a chart has no SVG"
    assert clipped_labels(run.charts) == {}, f"{notebook}: text outside the chart (chart: labels): {clipped_labels(run.charts)}"
    assert cloud_buttons(run.charts) == {}, f"{notebook}: cloud buttons or logo: {cloud_buttons(run.charts)}"


def test_articles_notebook_draws_its_chart_and_interactive_tables(lab_server, browser_context, artifacts_dir):
    """The checks above are not vacuous: 01 draws a chart with its source line, and its tables are interactive. The
    kernel is in live mode with ``DISPLAY = None``: tables are DataTables and figures Plotly JSON, not the report's HTML."""
    try:
        run = _run_all(lab_server, browser_context, artifacts_dir, "01-articles.ipynb")
    except LabFailure as failure:
        pytest.fail(str(failure), pytrace=False)
    assert len(run.charts) >= 1 and all(c["drawn"] for c in run.charts)
    assert "Source: seeds · Article Profiler" in run.annotations
    assert run.datatables >= 1
    assert run.plotly_json == len(run.charts)  # every chart drawn from Plotly JSON: none came as the report's HTML
    assert any("Download plot as a PNG" in c["buttons"] for c in run.charts)


# ------------------------------------------------------------------------------------------------ real corpora

_real_budgets: dict[str, float] = {}  # corpus -> time.monotonic() past which none of its notebooks is started


def _set_parameters(source: str, corpus: Path, settings: dict) -> str:
    """The parameters cell's source with ``CORPUS`` and ``SETTINGS`` set to these values (comments kept)."""
    for name, value in (("CORPUS", str(corpus)), ("SETTINGS", settings)):
        source, n = re.subn(rf"^{name} = [^#\n]*", lambda _m: f"{name} = {value!r}  ", source, count=1, flags=re.M)
        assert n == 1, f"the parameters cell has no {name} line"
    return source


def _real_notebook(server: LabServer, real, notebook: str) -> str:
    """Copy a notebook to ``<corpus>/`` in the served folder with the corpus's parameters set; return its path there."""
    target = server.root / real.name / notebook
    if not target.exists():
        target.parent.mkdir(exist_ok=True)
        nb = json.loads((server.root / notebook).read_text(encoding="utf-8"))
        cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(cells) == 1, f"{notebook} has {len(cells)} parameters cells"
        source = "".join(cells[0]["source"])
        cells[0]["source"] = _set_parameters(source, real.corpus, real.settings).splitlines(keepends=True)
        target.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
    return f"{real.name}/{notebook}"


@pytest.fixture(scope="module", params=list(REAL_CORPORA))
def lab_corpus(request):
    """One real corpus (``conftest.RealCorpus``) for the JupyterLab runs; skips when it is not in ../shared."""
    if os.environ.get(CORPORA_ENV) == "0":
        pytest.skip(f"JupyterLab on the real corpora skipped: {CORPORA_ENV}=0")
    fixture, path = REAL_CORPORA[request.param]
    if not path.exists():
        pytest.skip(f"{path} is missing (../shared/corpora is not next to the project)")
    return request.getfixturevalue(fixture)


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_runs_on_a_real_corpus_in_jupyterlab(lab_server, browser_context, artifacts_dir, lab_corpus, notebook):
    """Run All on PolNeAR dev or the BBC sample: no cell error or warning, no clipped chart, no cloud button, and each
    chart's source line names that corpus."""
    path = _real_notebook(lab_server, lab_corpus, notebook)
    budget_end = _real_budgets.setdefault(lab_corpus.name, time.monotonic() + REAL_BUDGET_S)
    try:
        run = _run_all(lab_server, browser_context, artifacts_dir, path, REAL_NOTEBOOK_TIMEOUT_S, budget_end)
    except LabFailure as failure:
        pytest.fail(str(failure), pytrace=False)
    print(f"{path}: {run.seconds} s in JupyterLab")
    assert run.errors == [], f"{path}: cells show errors or warnings:\n" + "\n---\n".join(run.errors)
    assert all(c["drawn"] for c in run.charts), f"{path}: a chart has no SVG"
    assert clipped_labels(run.charts) == {}, f"{path}: text outside the chart (chart: labels): {clipped_labels(run.charts)}"
    assert cloud_buttons(run.charts) == {}, f"{path}: cloud buttons or logo: {cloud_buttons(run.charts)}"
    source = f"Source: {lab_corpus.label} · Article Profiler"
    assert all(source in c["source"] for c in run.charts), f"{path}: charts without {source!r}: {[c['source'] for c in run.charts]}"
