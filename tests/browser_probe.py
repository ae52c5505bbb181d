"""The chart probe both browser tests run: the exported reports (``test_browser.py``) and JupyterLab
(``test_jupyterlab.py``) judge a chart by the same rule.

``CHART_PROBE`` is a JavaScript function of one CSS selector (the chart elements to look at). For each chart it
returns its index, DOM id, whether it has an SVG, the SVG's size, every tick label, axis title and (sub)title that
falls outside the SVG (with its box relative to the SVG) and a legend too tall for its room (Plotly then scrolls it,
hiding entries), the mode-bar button titles, the Plotly logo count and the chart's annotation texts (the source line).
"""
from __future__ import annotations

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
