"""Corpus-scale benchmark: the profiler's cost against the bare spaCy parse, the cache, and memory.

Runs on PolNeAR train (840 articles) and the BBC News CSV (2,225 articles; PolNeAR dev's 84 are added so that the
memory run reaches 3,000 profiled articles once duplicates are set aside) from ../shared/corpora and
prints, for the same texts and the same process count: the bare ``nlp.pipe`` time (the floor), the
cold end-to-end ``profile_corpus`` time, their ratio, the warm (cached) time, articles/s, and the
peak resident memory (the process and its workers) at 1,000 and 3,000 articles.

It also times the command line as a user runs it (``article-profiler profile`` on PolNeAR train, a fresh
cache, then the same command again: the warm run includes loading, reading the cache and writing every
table) and writes the figures to ``benchmarks/results/corpus.json``.

    .venv/bin/python benchmarks/corpus.py [--n-process 2] [--limit N] [--cli-only]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
import psutil

from helpers import load_articles
from helpers.corpus import profile_corpus
from helpers.nlp import article_tasks
from helpers.nlp import load_nlp
from helpers.paths import PACKAGE_DIR, SHARED_DIR

POLNEAR_TRAIN = SHARED_DIR / "corpora" / "polnear" / "train" / "text"
POLNEAR_DEV = SHARED_DIR / "corpora" / "polnear" / "dev" / "text"
BBC = SHARED_DIR / "corpora" / "bbc" / "bbc-news.csv"


def corpus_frame(limit: int | None = None) -> pd.DataFrame:
    """PolNeAR train, BBC News, then PolNeAR dev (to pass 3,000 articles), ok articles only, optionally the first ``limit``."""
    for path in (POLNEAR_TRAIN, BBC, POLNEAR_DEV):
        if not path.exists():
            sys.exit(f"benchmark corpus missing: {path} (the benchmarks read ../shared/corpora)")
    frame = pd.concat([load_articles(POLNEAR_TRAIN), load_articles(BBC), load_articles(POLNEAR_DEV)], ignore_index=True)
    frame = frame[frame["status"] == "ok"].reset_index(drop=True)
    return frame.head(limit) if limit else frame


def bare_parse(articles: pd.DataFrame, n_process: int) -> float:
    """Seconds for the bare spaCy parse of the same texts (body paragraphs, titles, captions), same model and process count."""
    nlp = load_nlp()
    texts = [raw[s:e] for _, raw, spans in article_tasks(articles) for kind, s, e in spans if kind in ("body", "title", "caption")]
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64, n_process=n_process):
        pass
    return time.perf_counter() - t0


class PeakRSS:
    """Sample the memory of this process and its workers; keep the peaks of the RSS sum and of the PSS sum.

    The RSS sum counts pages shared between processes (libraries, forked copy-on-write memory) once per process;
    the PSS sum splits each shared page between the processes that map it, so it is what the tree really holds.
    """

    def __init__(self, interval: float = 0.2):
        self.interval, self.peak_rss, self.peak_pss, self._stop = interval, 0, 0, threading.Event()
        self.peak_parent = self.peak_workers = self.parent_at_peak = 0  # what the peak is made of
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            try:
                procs = [me, *me.children(recursive=True)]
                infos = [p.memory_full_info() for p in procs]
            except psutil.Error:
                continue
            rss = sum(i.rss for i in infos)
            if rss > self.peak_rss:
                self.peak_rss, self.parent_at_peak = rss, infos[0].rss
            self.peak_pss = max(self.peak_pss, sum(getattr(i, "pss", i.rss) for i in infos))
            self.peak_parent = max(self.peak_parent, infos[0].rss)
            self.peak_workers = max(self.peak_workers, rss - infos[0].rss)
            time.sleep(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def memory_run(n_articles: int, n_process: int) -> None:
    """Child-process entry: profile the first n articles cold and print the peak RSS as JSON."""
    articles = corpus_frame(n_articles)
    with tempfile.TemporaryDirectory() as cache, PeakRSS() as rss:
        profile_corpus(articles, cache_dir=cache, n_process=n_process, progress=False)
    print(json.dumps({"articles": len(articles), "peak_rss_mb": round(rss.peak_rss / 1e6), "peak_pss_mb": round(rss.peak_pss / 1e6),
                      "parent_at_peak_mb": round(rss.parent_at_peak / 1e6), "peak_parent_mb": round(rss.peak_parent / 1e6),
                      "peak_workers_mb": round(rss.peak_workers / 1e6)}))


RESULTS = Path(__file__).resolve().parent / "results" / "corpus.json"


def cli_run(n_process: int) -> dict:
    """Time ``article-profiler profile`` on PolNeAR train cold (fresh cache) and warm (same cache), as a user runs it.

    Both runs use one copy of ``helpers/`` taken when the benchmark starts (on PYTHONPATH), so an edit made to the
    working tree between the two runs (other work going on) cannot change a step's key and make the warm run re-parse;
    the warm run must say it parsed nothing.
    """
    cmd = [sys.executable, "-m", "helpers.cli", "profile", str(POLNEAR_TRAIN), "--no-progress", "--n-process", str(n_process)]
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(PACKAGE_DIR, f"{tmp}/code/helpers", ignore=shutil.ignore_patterns("__pycache__"))
        env = {**os.environ, "PYTHONPATH": f"{tmp}/code"}
        args = [*cmd, "--cache-dir", f"{tmp}/cache", "--out", f"{tmp}/out"]
        times, outs = [], []
        for _ in range(2):
            t0 = time.perf_counter()
            outs.append(subprocess.run(args, check=True, capture_output=True, text=True, env=env).stdout)
            times.append(time.perf_counter() - t0)
    cold, warm = times
    if " 0 parsed," not in outs[1]:
        sys.exit(f"the warm CLI run parsed articles again: {outs[1].strip()}")
    print(f"CLI on PolNeAR train: cold {cold:.1f} s, warm {warm:.1f} s ({warm / cold:.1%} of cold, target <= 5%)")
    return {"cli_cold_s": round(cold, 1), "cli_warm_s": round(warm, 1), "cli_warm_share": round(warm / cold, 4)}


def save_results(values: dict) -> None:
    """Merge the figures into benchmarks/results/corpus.json."""
    RESULTS.parent.mkdir(exist_ok=True)
    old = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    RESULTS.write_text(json.dumps({**old, **values}, indent=2, sort_keys=True) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n-process", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--limit", type=int, default=None, help="profile only the first N articles")
    parser.add_argument("--memory-run", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--cli-only", action="store_true", help="only time the command line on PolNeAR train")
    args = parser.parse_args()
    if args.memory_run:
        memory_run(args.memory_run, args.n_process)
        return
    load_start = [round(x, 2) for x in os.getloadavg()]  # timings from a machine loaded by other work are not comparable
    print(f"load average at the start: {load_start}")
    save_results(cli_run(args.n_process))
    if args.cli_only:
        return

    articles = corpus_frame(args.limit)
    words = int(articles["n_words"].sum())
    print(f"corpus: {len(articles):,} articles (PolNeAR train + BBC News + PolNeAR dev), {words:,} words, n_process={args.n_process}")
    bare = bare_parse(articles, args.n_process)
    print(f"bare nlp.pipe:        {bare:8.1f} s  ({words / bare:,.0f} words/s)")
    with tempfile.TemporaryDirectory() as cache:
        t0 = time.perf_counter()
        profile_corpus(articles, cache_dir=cache, n_process=args.n_process, progress=False)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        warm_profile = profile_corpus(articles, cache_dir=cache, n_process=args.n_process, progress=False)
        warm = time.perf_counter() - t0
    assert warm_profile.stats["parsed"] == 0
    print(f"cold end-to-end:      {cold:8.1f} s  ({len(articles) / cold:,.1f} articles/s)  ratio to bare: {cold / bare:.2f}x (target <= 1.25x)")
    print(f"warm (cached):        {warm:8.1f} s  ({warm / cold:.1%} of cold, target <= 5%)")
    results = {"articles": len(articles), "words": words, "n_process": args.n_process, "bare_s": round(bare, 1),
               "cold_s": round(cold, 1), "ratio_cold_bare": round(cold / bare, 3), "warm_s": round(warm, 1),
               "warm_share": round(warm / cold, 4)}
    sizes = [n for n in (1000, 3000) if n <= len(articles)]
    peaks = {}
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--memory-run", str(n), "--n-process", str(args.n_process)],
                             check=True, capture_output=True, text=True)
        mem = json.loads(out.stdout.strip().splitlines()[-1])
        peaks[n] = mem["peak_rss_mb"]
        print(f"peak memory at {n:>5,} articles: RSS sum {mem['peak_rss_mb']:,} MB, PSS sum {mem['peak_pss_mb']:,} MB "
              "(process + workers; target <= 1,500 MB at 3,000)")
        print(f"  made of: the process {mem['parent_at_peak_mb']:,} MB at the peak (its own peak {mem['peak_parent_mb']:,} MB), "
              f"the workers' largest sum {mem['peak_workers_mb']:,} MB")
        results.update({f"peak_pss_mb_{n}": mem["peak_pss_mb"], f"peak_parent_mb_{n}": mem["peak_parent_mb"],
                        f"peak_workers_mb_{n}": mem["peak_workers_mb"]})
    if len(peaks) == 2:
        print(f"RSS growth per extra 1,000 articles: {(peaks[3000] - peaks[1000]) / 2:,.0f} MB (target < 100 MB)")
    save_results({**results, **{f"peak_rss_mb_{n}": v for n, v in peaks.items()},
                  "load_average_start": load_start, "load_average_end": [round(x, 2) for x in os.getloadavg()]})


if __name__ == "__main__":
    main()
