"""Shared test fixtures: the hostile corpus, report builds (once per session) and a headless Chromium."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.paths import PROJECT_ROOT, SEEDS_DIR

TESTS_DIR = Path(__file__).resolve().parent
FIXTURES_DIR = TESTS_DIR / "fixtures"
XSS_CORPUS = FIXTURES_DIR / "xss"
ARTIFACTS_DIR = PROJECT_ROOT / "test-artifacts"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</textarea><svg onload=alert(1)>")


def _build(corpus: Path, out: Path, cache: Path, **settings):
    from helpers.reports import build_report

    # the cache is isolated from the user's: the settings travel to every notebook
    return build_report(corpus, out, {"progress": False, "cache_dir": str(cache), **settings}, jobs=2)


@pytest.fixture(scope="session")
def xss_corpus() -> Path:
    """The hostile corpus: titles, bodies and quotes carrying script, img-onerror and svg-onload payloads."""
    return XSS_CORPUS


@pytest.fixture(scope="session")
def xss_payloads() -> tuple[str, ...]:
    """The three payloads the hostile corpus carries in titles, bodies and quotes."""
    return HOSTILE


@pytest.fixture(scope="session")
def seed_report(tmp_path_factory):
    """``article-profiler report`` on seeds/ (every numbered notebook), built once per session in a temp folder."""
    base = tmp_path_factory.mktemp("seed-report")
    return _build(SEEDS_DIR, base / "reports", base / "cache")


@pytest.fixture(scope="session")
def xss_report(tmp_path_factory):
    """``article-profiler report`` on the hostile corpus grouped by its (hostile) outlet metadata, built once per session."""
    base = tmp_path_factory.mktemp("xss-report")
    return _build(XSS_CORPUS, base / "reports", base / "cache", group_by="outlet")


@pytest.fixture(scope="session")
def browser_context() -> Iterator:
    """A headless Debian Chromium (Playwright, fresh user-data dir, no browser download); skips if it is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install it with `make chromium` (Debian's chromium package) to run browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as pw, tempfile.TemporaryDirectory(prefix="ap-chromium-") as user_data:
        context = pw.chromium.launch_persistent_context(
            user_data, executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1200, "height": 900}, offline=False,
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Folder for screenshots (gitignored): test-artifacts/ at the project root."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR
