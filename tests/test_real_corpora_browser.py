"""The exported report on real corpora, in headless Chromium: PolNeAR dev (84 articles, its metadata, grouped by
outlet) and the first 300 rows of the BBC News CSV (every column kept).

Each report is built once per session (``polnear_report``/``bbc300_report`` in ``conftest.py``, each with its own
cache) and every page and the index are opened as in ``test_browser.py`` (the shared ``visit_page`` and chart probe of
``tests/browser_probe.py``): every chart drawn as SVG, no console or page error, nothing fetched outside file://,
DataTables built, no tick label, axis title or title outside its chart, no cloud button, PNG and SVG download, and a
source line naming this corpus. The BBC report must show no PolNeAR benchmark figure; a few article pages must open
without errors. Screenshots go to ``test-artifacts/<corpus>-*.png``: look at them.

Skips with a reason when ../shared/corpora is not next to the project (a fresh clone) or /usr/bin/chromium is missing.
Building both reports takes about 4 minutes on two cores.
"""
from __future__ import annotations

import re

import pytest

from browser_probe import clipped_labels, cloud_buttons, remote_requests, visit_page
from helpers.reports import list_notebooks
from test_reports import _benchmark_figures, _visible_text

pytestmark = [pytest.mark.slow, pytest.mark.browser]

NOTEBOOK_STEMS = [p.stem for p in list_notebooks(report_only=True)]
CORPORA = ["polnear", "bbc300"]
ARTICLE_PAGES = 3  # article pages opened per corpus: the first, the middle and the last


@pytest.fixture(scope="module", params=CORPORA)
def real(request):
    """The built report of one real corpus (``conftest.RealCorpus`` with ``.report`` set)."""
    return request.getfixturevalue(f"{request.param}_report")


def _page(browser_context, real, artifacts_dir, stem: str):
    path = real.report.index if stem == "index" else real.report.out_dir / f"{stem}.html"
    return visit_page(browser_context, (real.name, stem), path, artifacts_dir / f"{real.name}-{stem}.png")


@pytest.mark.parametrize("stem", NOTEBOOK_STEMS + ["index"])
def test_real_report_renders_offline(browser_context, real, artifacts_dir, stem):
    """Every page draws each chart as SVG, logs no JS error, opens no dialog and requests nothing outside file://."""
    visit = _page(browser_context, real, artifacts_dir, stem)
    assert visit.plots_with_svg == visit.plot_divs
    assert visit.console_errors == [] and visit.page_errors == [] and visit.dialogs == []
    assert remote_requests(visit) == []
    assert visit.dom["datatables"] == visit.dom["itables"]


@pytest.mark.parametrize("stem", NOTEBOOK_STEMS)
def test_real_report_charts_fit_with_source_and_no_cloud_button(browser_context, real, artifacts_dir, stem):
    """No tick label, axis title or title outside its chart; PNG and SVG downloads, no cloud button or logo; each
    chart's source line names this corpus."""
    visit = _page(browser_context, real, artifacts_dir, stem)
    assert clipped_labels(visit.charts) == {}, f"{real.name} {stem}: text outside the chart: {clipped_labels(visit.charts)}"
    assert cloud_buttons(visit.charts) == {}
    for chart in visit.charts:
        assert "Download plot as a PNG" in chart["buttons"] and "Download plot as an SVG" in chart["buttons"], chart["id"]
        assert any(text.startswith(f"Source: {real.label} · Article Profiler") for text in chart["source"]), \
            (chart["id"], chart["source"], real.label)


def test_real_report_has_charts_and_links_every_page(browser_context, real, artifacts_dir):
    """The checks above are not vacuous: the articles page draws charts and DataTables; the index links every page."""
    visit = _page(browser_context, real, artifacts_dir, "01-articles")
    assert visit.plot_divs >= 1 and visit.dom["datatables"] >= 1
    html = real.report.index.read_text(encoding="utf-8")
    for stem in NOTEBOOK_STEMS:
        assert f'href="{stem}.html"' in html and (real.report.out_dir / f"{stem}.html").exists()
    assert 'href="articles/index.html"' in html


def test_bbc_report_shows_no_polnear_figure(bbc300_report):
    """A report on a corpus other than PolNeAR states no benchmark figure (accuracy, F1, precision, recall measured on
    PolNeAR or BBC) and no sentence gives a PolNeAR number. (The BBC articles themselves name "BBC Sport" next to
    numbers, so only the benchmark figures are looked for there.)"""
    figures = _benchmark_figures()
    assert len(figures) >= 10
    report = bbc300_report.report
    for page in report.pages + [report.index]:
        text = _visible_text(page.read_text(encoding="utf-8"))
        for sentence in re.split(r"(?<=[.!?])\s", text):
            if "PolNeAR" in sentence:
                assert not re.search(r"\d", sentence), f"{page.name} states a PolNeAR figure: {sentence!r}"
        shown = sorted(f for f in figures if re.search(rf"(?<![\d.]){re.escape(f)}(?!\d)", text))
        assert not shown, f"{page.name} shows benchmark figures {shown} on the BBC sample"


def test_real_article_pages_open(browser_context, real, artifacts_dir):
    """The article index and a few article pages (first, middle, last) open without errors, dialogs or remote
    requests and show the article's text; screenshots ``<corpus>-article-*.png``."""
    pages = sorted(p for p in real.report.article_pages if p.name != "index.html")
    assert pages, f"{real.name}: the report wrote no article page"
    index = real.report.out_dir / "articles" / "index.html"
    chosen = [index] + [pages[i] for i in sorted({0, len(pages) // 2, len(pages) - 1})][:ARTICLE_PAGES]
    claims_shown = 0
    for n, path in enumerate(chosen):
        name = "index" if path == index else f"article-{n}"
        visit = visit_page(browser_context, (real.name, f"articles/{path.name}"), path, artifacts_dir / f"{real.name}-articles-{name}.png")
        assert visit.console_errors == [] and visit.page_errors == [] and visit.dialogs == [], (path.name, visit)
        assert remote_requests(visit) == [], path.name
        assert visit.visible_text.strip(), path.name
        claims_shown += "Claims (" in visit.visible_text
    assert claims_shown, f"{real.name}: none of the article pages opened lists claims"
