"""Open every exported report in headless Chromium: charts drawn and not clipped, no JS errors, nothing fetched,
no cloud button, hostile text inert.

Each page is loaded once (cached per session); screenshots go to test-artifacts/ (look at them). The clipping rule is
the one ``tests/test_jupyterlab.py`` applies in JupyterLab (the shared probe in ``tests/browser_probe.py``): every
tick label, axis title and title inside its SVG.
Skips with a reason when /usr/bin/chromium is missing (``make chromium`` installs it).
"""
from __future__ import annotations

import re

import pytest

from browser_probe import clipped_labels, cloud_buttons, remote_requests as _remote, visit_page as _visit
from helpers.reports import list_notebooks

pytestmark = pytest.mark.browser

NOTEBOOK_STEMS = [p.stem for p in list_notebooks(report_only=True)]
PAYLOAD_PREFIXES = ("<script>", "onerror=", "onload=", "javascript:")


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

