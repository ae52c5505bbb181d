"""The chart probe both browser tests run: the exported reports (``test_browser.py``) and JupyterLab
(``test_jupyterlab.py``) judge a chart by the same rule.

``CHART_PROBE`` is a JavaScript function of one CSS selector (the chart elements to look at). For each chart it
returns its index, DOM id, whether it has an SVG, the SVG's size, every tick label, axis title and (sub)title that
falls outside the SVG (with its box relative to the SVG) and a legend too tall for its room (Plotly then scrolls it,
hiding entries), the mode-bar button titles, the Plotly logo count and the chart's annotation texts (the source line).

``visit_page`` opens an exported page once per session and records what a reader's browser did (errors, requests,
dialogs, charts, DOM), for ``test_browser.py`` (seeds, hostile corpus) and ``test_real_corpora_browser.py``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
RENDER_TIMEOUT_MS = 20_000

CHART_PROBE = r"""(selector) => Array.from(document.querySelectorAll(selector)).map((plot, i) => {
  const svg = plot.querySelector('svg.main-svg');
  if (!svg) return {index: i, id: plot.id, drawn: false, clipped: [], buttons: [], logo: 0, source: []};
  const box = svg.getBoundingClientRect();
  const clipped = [];
  for (const el of plot.querySelectorAll('.xtick text, .ytick text, .gtitle, .gtitle-subtitle, .g-xtitle text, .g-ytitle text')) {
    const b = el.getBoundingClientRect();
    if (b.width === 0 && b.height === 0) continue;
    if (b.left < box.left - 1 || b.right > box.right + 1 || b.top < box.top - 1 || b.bottom > box.bottom + 1)
      clipped.push({text: el.textContent.slice(0, 80),
                    box: [b.left - box.left, b.top - box.top, b.right - box.left, b.bottom - box.top].map(Math.round)});
  }
  // a legend taller than its room gets a scroll bar: the entries below it are hidden until scrolled
  for (const bar of plot.querySelectorAll('.legend .scrollbar')) {
    const b = bar.getBoundingClientRect();
    if (b.height > 0) clipped.push({text: 'legend (scrolls: ' + plot.querySelectorAll('.legend .traces').length + ' entries, some hidden)',
                                    box: [b.left - box.left, b.top - box.top, b.right - box.left, b.bottom - box.top].map(Math.round)});
  }
  return {index: i, id: plot.id, drawn: true, width: Math.round(box.width), height: Math.round(box.height), clipped,
          buttons: Array.from(plot.querySelectorAll('.modebar-btn')).map(b => b.getAttribute('data-title') || ''),
          logo: plot.querySelectorAll('.modebar-btn--logo').length,
          source: Array.from(plot.querySelectorAll('.annotation-text')).map(t => t.textContent)};
})"""

# Plotly's cloud ("Share chart") and Chart Studio buttons and its logo link, by words of their mode-bar titles
FORBIDDEN_BUTTONS = ("share", "cloud", "chart studio", "plotly")


def probe_charts(page, selector: str) -> list[dict]:
    """Run ``CHART_PROBE`` on the page for the chart elements ``selector`` matches."""
    return page.evaluate(CHART_PROBE, selector)


def clipped_labels(charts: list[dict]) -> dict:
    """Text outside its chart, by chart (DOM id, else 1-based position): ``{chart: [{text, box}, ...]}``."""
    return {c["id"] or c["index"] + 1: c["clipped"] for c in charts if c["clipped"]}


def cloud_buttons(charts: list[dict]) -> dict:
    """Cloud/Chart Studio buttons or the Plotly logo, by chart (DOM id, else 1-based position)."""
    found = {}
    for c in charts:
        bad = [b for b in c["buttons"] if any(w in b.lower() for w in FORBIDDEN_BUTTONS)] + (["logo"] if c["logo"] else [])
        if bad:
            found[c["id"] or c["index"] + 1] = bad
    return found


# ------------------------------------------------------------------ exported pages (test_browser, test_real_corpora_browser)

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


def visit_page(context, key: tuple[str, str], path: Path, screenshot: Path, hover: bool = False) -> PageVisit:
    """Open an exported page once per session (cached by ``key``): wait for its charts' SVG and its DataTables, record
    console and page errors, requests and dialogs, probe the DOM and the charts, optionally hover the first bar, and
    save a full-page screenshot."""
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


def remote_requests(visit: PageVisit) -> list[str]:
    """The URLs the page requested outside file:, data:, blob: and about:."""
    return [url for url in visit.requests if not url.startswith(LOCAL_SCHEMES)]
