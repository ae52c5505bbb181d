"""Open every exported report in headless Chromium: charts drawn and not clipped, no JS errors, nothing fetched,
no cloud button, hostile text inert.

Each page is loaded once (cached per session); screenshots go to test-artifacts/ (look at them). The clipping rule is
the one ``tests/test_jupyterlab.py`` applies in JupyterLab (the shared probe in ``tests/browser_probe.py``): every
tick label, axis title and title inside its SVG.
Skips with a reason when /usr/bin/chromium is missing (``make chromium`` installs it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from browser_probe import clipped_labels, cloud_buttons, probe_charts
from helpers.reports import list_notebooks

pytestmark = pytest.mark.browser

NOTEBOOK_STEMS = [p.stem for p in list_notebooks(report_only=True)]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
RENDER_TIMEOUT_MS = 20_000
PAYLOAD_PREFIXES = ("<script>", "onerror=", "onload=", "javascript:")


@dataclass
class PageVisit:
    """What happened while a report page was open."""

    path: Path
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    plot_divs: int = 0
    plots_with_svg: int = 0
    dom: dict = field(default_factory=dict)
    visible_text: str = ""
    svg_text: str = ""
    hover_text: str = ""
    title_text: str = ""
    charts: list = field(default_factory=list)


_visits: dict[tuple[str, str], PageVisit] = {}

DOM_PROBE = r"""() => ({
  scripts_running_alert: Array.from(document.scripts).filter(s => s.textContent.trim().replace(/;$/, '') === 'alert(1)').length,
  img_x: document.querySelectorAll('img[src="x"]').length,
  event_attrs: document.querySelectorAll('[onerror], [onload]').length,
  svg_onload: Array.from(document.querySelectorAll('svg')).filter(s => s.hasAttribute('onload')).length,
  textareas: document.querySelectorAll('textarea').length,
  script_links: Array.from(document.querySelectorAll('a[href]')).filter(a => /^\s*(javascript|vbscript|data):/i.test(a.getAttribute('href'))).length,
  datatables: document.querySelectorAll('table.dataTable').length,
  itables: document.querySelectorAll('table[id^="table-"]').length,
})"""


def _visit(context, key: tuple[str, str], path: Path, screenshot: Path, hover: bool = False) -> PageVisit:
    if key in _visits:
        return _visits[key]
    visit = PageVisit(path)
    page = context.new_page()
    page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
    page.on("request", lambda r: visit.requests.append(r.url))
    page.on("dialog", lambda d: (visit.dialogs.append(d.message), d.dismiss()))
    page.goto(path.resolve().as_uri(), wait_until="load")
    visit.plot_divs = page.locator(".plotly-graph-div").count()
    if visit.plot_divs:
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll('.plotly-graph-div')).every(d => d.querySelector('svg.main-svg'))",
            timeout=RENDER_TIMEOUT_MS,
        )
    if page.locator('table[id^="table-"]').count():
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll('table[id^=\"table-\"]')).every(t => t.classList.contains('dataTable'))",
            timeout=RENDER_TIMEOUT_MS,
        )
    visit.plots_with_svg = page.evaluate(
        "() => Array.from(document.querySelectorAll('.plotly-graph-div')).filter(d => d.querySelector('svg.main-svg')).length")
    visit.dom = page.evaluate(DOM_PROBE)
    visit.visible_text = page.evaluate("() => document.body.innerText")
    visit.svg_text = page.evaluate("() => Array.from(document.querySelectorAll('.plotly-graph-div svg text')).map(t => t.textContent).join('\\n')")
    visit.title_text = page.evaluate(
        "() => Array.from(document.querySelectorAll('.plotly-graph-div .gtitle, .plotly-graph-div .gtitle-subtitle')).map(t => t.textContent).join('\\n')")
    visit.charts = probe_charts(page, ".plotly-graph-div")
    if hover and visit.plot_divs:
        bar = page.locator(".plotly-graph-div .bars .point path").first
        bar.scroll_into_view_if_needed()
        box = bar.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector(".hoverlayer .hovertext", timeout=RENDER_TIMEOUT_MS)
        visit.hover_text = page.evaluate("() => document.querySelector('.hoverlayer').textContent")
    page.wait_for_timeout(300)  # let late errors or dialogs surface before judging
    page.screenshot(path=str(screenshot), full_page=True)
    page.close()
    _visits[key] = visit
    return visit


def _remote(visit: PageVisit) -> list[str]:
    return [url for url in visit.requests if not url.startswith(LOCAL_SCHEMES)]


def _stripped_payloads(text: str) -> list[str]:
    """Occurrences of ``alert(1)`` not preceded by their tag or attribute: a sign the markup was parsed, not shown."""
    bad = []
    for match in re.finditer(re.escape("alert(1)"), text):
        before = text[max(0, match.start() - 12):match.start()]
        if not before.endswith(PAYLOAD_PREFIXES):
            bad.append(text[max(0, match.start() - 40):match.end() + 10])
    return bad


@pytest.mark.parametrize("stem", NOTEBOOK_STEMS)
def test_seed_report_renders_offline(browser_context, seed_report, artifacts_dir, stem):
    """Every seed report draws each chart as SVG, logs no JS error and requests nothing outside file://."""
    visit = _visit(browser_context, ("seeds", stem), seed_report.out_dir / f"{stem}.html", artifacts_dir / f"seeds-{stem}.png")
    assert visit.plots_with_svg == visit.plot_divs
    assert visit.console_errors == [] and visit.page_errors == []
    assert _remote(visit) == []
    assert visit.dom["datatables"] == visit.dom["itables"]


@pytest.mark.parametrize("stem", NOTEBOOK_STEMS)
def test_seed_report_charts_fit_with_source_and_no_cloud_button(browser_context, seed_report, artifacts_dir, stem):
    """No tick label, axis title or title falls outside its chart; each chart has its source line, PNG and SVG
    downloads, and no cloud/Chart Studio button or logo."""
    visit = _visit(browser_context, ("seeds", stem), seed_report.out_dir / f"{stem}.html", artifacts_dir / f"seeds-{stem}.png")
    assert clipped_labels(visit.charts) == {}
    assert cloud_buttons(visit.charts) == {}
    for chart in visit.charts:
        assert "Download plot as a PNG" in chart["buttons"] and "Download plot as an SVG" in chart["buttons"], chart["id"]
        assert any(text.startswith("Source: seeds · Article Profiler") for text in chart["source"]), chart["id"]


def test_first_report_has_a_chart_and_interactive_tables(browser_context, seed_report, artifacts_dir):
    """The articles report really contains a Plotly chart and DataTables (so the checks above are not vacuous)."""
    visit = _visit(browser_context, ("seeds", "01-articles"), seed_report.out_dir / "01-articles.html", artifacts_dir / "seeds-01-articles.png")
    assert visit.plot_divs >= 1 and visit.plots_with_svg == visit.plot_divs
    assert visit.dom["datatables"] >= 1
    assert "Story words per article" in visit.title_text


def test_index_links_every_report(browser_context, seed_report, artifacts_dir):
    """index.html opens offline and links each report that exists on disk."""
    visit = _visit(browser_context, ("seeds", "index"), seed_report.index, artifacts_dir / "seeds-index.png")
    assert visit.console_errors == [] and visit.page_errors == [] and _remote(visit) == []
    html = seed_report.index.read_text(encoding="utf-8")
    for stem in NOTEBOOK_STEMS:
        assert f'href="{stem}.html"' in html
        assert (seed_report.out_dir / f"{stem}.html").exists()


@pytest.mark.parametrize("stem", NOTEBOOK_STEMS)
def test_hostile_text_stays_text(browser_context, xss_report, artifacts_dir, stem):
    """On the hostile corpus no dialog opens, no injected element exists and no payload lost its markup."""
    visit = _visit(browser_context, ("xss", stem), xss_report.out_dir / f"{stem}.html", artifacts_dir / f"xss-{stem}.png",
                   hover=stem == "01-articles")
    assert visit.dialogs == []
    assert visit.dom["scripts_running_alert"] == 0
    assert visit.dom["img_x"] == 0 and visit.dom["event_attrs"] == 0 and visit.dom["svg_onload"] == 0
    assert visit.dom["textareas"] == 0 and visit.dom["script_links"] == 0
    assert _stripped_payloads(visit.visible_text) == []
    assert _stripped_payloads(visit.svg_text) == []
    assert visit.console_errors == [] and visit.page_errors == [] and _remote(visit) == []
    assert visit.plots_with_svg == visit.plot_divs
    assert clipped_labels(visit.charts) == {}  # long hostile labels are truncated, not cut


def test_hostile_text_visible_in_table_chart_title_and_hover(browser_context, xss_report, artifacts_dir, xss_payloads):
    """The articles report shows each payload literally in its table, the chart's title, tick labels and hover label."""
    visit = _visit(browser_context, ("xss", "01-articles"), xss_report.out_dir / "01-articles.html", artifacts_dir / "xss-01-articles.png",
                   hover=True)
    for payload in xss_payloads:
        assert payload in visit.visible_text  # the corpus table (DataTables)
    assert "<script>alert(1)</script>" in visit.title_text  # 'the longest: Minister <script>…' subtitle
    assert "<script>alert(1)</script>" in visit.svg_text  # category tick label
    assert "<script>alert(1)</script>" in visit.hover_text and "<img src=x onerror=alert(1)>" in visit.hover_text

