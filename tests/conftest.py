"""Shared test fixtures: a small corpus folder, the hostile corpus, report builds (once per session) and a headless Chromium."""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from helpers.paths import PROJECT_ROOT, SEEDS_DIR, SHARED_DIR

TESTS_DIR = Path(__file__).resolve().parent
FIXTURES_DIR = TESTS_DIR / "fixtures"
XSS_CORPUS = FIXTURES_DIR / "xss"
ARTIFACTS_DIR = PROJECT_ROOT / "test-artifacts"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</textarea><svg onload=alert(1)>")
# the real corpora in ../shared (absent in a fresh clone outside /work: tests on them skip with a reason)
POLNEAR_DEV_TEXT = SHARED_DIR / "corpora" / "polnear" / "dev" / "text"
POLNEAR_METADATA = SHARED_DIR / "corpora" / "polnear" / "metadata.tsv"
BBC_CSV = SHARED_DIR / "corpora" / "bbc" / "bbc-news.csv"
BBC_SAMPLE_ROWS = 300
# two short articles the ``folder`` fixture writes beside the seed: a council story quoting its mayor, and a storm story
EXTRA_ARTICLES = {
    "council.txt": "Council backs new budget\n\nThe city council approved a $2 billion budget on Monday, Mayor Jane Rowe said.\n\n"
                   "“This budget protects our schools,” Rowe told reporters after the vote.\n",
    "storm.txt": "Storm hits coast\n\nA storm knocked out power to 40,000 homes on Tuesday, the utility said.\n\n"
                 "Officials said repairs could take three days.\n",
}


def write_corpus_folder(folder: Path, texts: Mapping[str, str], seeds: bool = True) -> Path:
    """Create ``folder`` holding a copy of seeds/ (unless ``seeds`` is false) and one file per ``texts`` entry; return it."""
    folder.mkdir()
    if seeds:
        for path in SEEDS_DIR.iterdir():
            shutil.copy(path, folder / path.name)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def folder(tmp_path) -> Path:
    """A corpus of three articles in ``tmp_path/corpus``: the seed and ``EXTRA_ARTICLES`` (council, storm)."""
    return write_corpus_folder(tmp_path / "corpus", EXTRA_ARTICLES)


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


@dataclass
class RealCorpus:
    """A real corpus as the tests use it: its input, the settings a run gets (with an isolated cache) and, once
    built, its report."""

    name: str  # short name for test ids and screenshot files: "polnear", "bbc300"
    corpus: Path  # folder or CSV passed as CORPUS
    settings: dict = field(default_factory=dict)  # the run's settings (cache_dir included)
    report: object = None  # helpers.reports.ReportResult, set by the *_report fixtures

    @property
    def label(self) -> str:
        """The corpus name the source line under each chart gives."""
        from helpers.charts import describe_corpus

        return describe_corpus(self.corpus)

    def build(self, out: Path):
        """Build the report (every numbered notebook, two at a time) into ``out`` with the corpus's settings."""
        rest = {k: v for k, v in self.settings.items() if k != "cache_dir"}
        self.report = _build(self.corpus, out, Path(self.settings["cache_dir"]), **rest)
        return self.report


@pytest.fixture(scope="session")
def polnear_dev(tmp_path_factory) -> RealCorpus:
    """PolNeAR dev (84 articles) with its metadata, grouped by outlet; skips when ../shared is not mounted."""
    if not (POLNEAR_DEV_TEXT.exists() and POLNEAR_METADATA.exists()):
        pytest.skip(f"PolNeAR dev is not in ../shared ({POLNEAR_DEV_TEXT}): the real-corpus tests need ../shared/corpora")
    cache = tmp_path_factory.mktemp("polnear-cache")
    return RealCorpus("polnear", POLNEAR_DEV_TEXT, {"progress": False, "cache_dir": str(cache),
                                                    "metadata": str(POLNEAR_METADATA), "group_by": "outlet"})


@pytest.fixture(scope="session")
def bbc300(tmp_path_factory) -> RealCorpus:
    """The first 300 rows of the BBC News CSV (every column kept), written to a temporary CSV; skips when ../shared
    is not mounted."""
    if not BBC_CSV.exists():
        pytest.skip(f"the BBC News CSV is not in ../shared ({BBC_CSV}): the real-corpus tests need ../shared/corpora")
    import pandas as pd

    base = tmp_path_factory.mktemp("bbc300")
    sample = base / "bbc300.csv"
    pd.read_csv(BBC_CSV).head(BBC_SAMPLE_ROWS).to_csv(sample, index=False)
    (base / "cache").mkdir()
    return RealCorpus("bbc300", sample, {"progress": False, "cache_dir": str(base / "cache")})


@pytest.fixture(scope="session")
def polnear_report(tmp_path_factory, polnear_dev) -> RealCorpus:
    """The report on PolNeAR dev, built once per session (fills the corpus's cache, which the JupyterLab runs reuse)."""
    if polnear_dev.report is None:
        polnear_dev.build(tmp_path_factory.mktemp("polnear-report") / "reports")
    return polnear_dev


@pytest.fixture(scope="session")
def bbc300_report(tmp_path_factory, bbc300) -> RealCorpus:
    """The report on the 300-row BBC sample, built once per session."""
    if bbc300.report is None:
        bbc300.build(tmp_path_factory.mktemp("bbc300-report") / "reports")
    return bbc300


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
