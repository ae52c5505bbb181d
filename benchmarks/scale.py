"""Scale benchmark of the Dask dataflow: articles/s against the local engine, the client's memory, the workers',
the dataset's size and the warm re-run, on synthetic corpora of 2,000 / 6,000 / 12,000 articles.

The corpus is generated deterministically (seed 14) from PolNeAR train+dev and the BBC News CSV in ../shared/corpora:
each synthetic article takes one outlet (PolNeAR's seven publishers, BBC), a title from one of that outlet's articles
and 4 to 12 paragraphs drawn from that outlet's paragraphs (BBC's one-line texts cut into paragraphs of 2 to 3
sentences), so the texts are distinct, outlet styles stay apart and no paragraph repeats often enough to look like
boilerplate. Files are written as ``<outlet>/<n>.txt``.

Per size, on a 2-worker ``LocalCluster`` with the worker configuration the README recommends
(``helpers.dataflow.local_cluster``: Dask's statistical profiler off; scheduler and workers in this process's cluster; the client measured in its
own process, as on a real cluster):
- local engine: ``profile_corpus(folder, cache=False, n_process=2)`` (fork pool, frames gathered in memory), its time
  and peak RSS (process and children);
- dataflow cold: ``profile_corpus(folder, engine="dask", scheduler=..., dataset=...)``, time, articles/s, the
  client's peak RSS and its RSS sampled through the run (growth), each worker's peak RSS;
- dataflow warm: the same command again on the same dataset (ratio to cold), and the dataset's size on disk.

    .venv/bin/python benchmarks/scale.py --sizes 2000 6000 12000 [--workers 2] [--keep]

Writes ``benchmarks/results/scale.json`` (merged with the sizes already there).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from helpers.paths import PROJECT_ROOT, SHARED_DIR

CORPORA = SHARED_DIR / "corpora"
RESULTS = PROJECT_ROOT / "benchmarks" / "results" / "scale.json"
SEED = 14
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[A-Z“\"])")


# ------------------------------------------------------------------ the synthetic corpus

def _polnear_pools() -> dict[str, tuple[list[str], list[str]]]:
    pools: dict[str, tuple[list[str], list[str]]] = {}
    for split in ("train", "dev"):
        for path in sorted((CORPORA / "polnear" / split / "text").glob("*.txt")):
            outlet = path.name.split("_", 1)[0]
            blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
            if len(blocks) < 3:
                continue
            titles, paras = pools.setdefault(outlet, ([], []))
            titles.append(" ".join(blocks[0].split()))
            paras.extend(" ".join(b.split()) for b in blocks[1:] if len(b.split()) >= 8)
    return pools


def _bbc_pool() -> tuple[list[str], list[str]]:
    titles, paras = [], []
    with open(CORPORA / "bbc" / "bbc-news.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = " ".join(row["text"].split())
            sentences = SENTENCE_END.split(text)
            if len(sentences) < 4:
                continue
            words = sentences[0].split()
            titles.append(" ".join(words[:8]).capitalize())
            rng = random.Random(text[:40])
            i = 0
            while i < len(sentences):
                n = rng.choice((2, 3))
                paras.append(" ".join(sentences[i:i + n]))
                i += n
    return titles, paras


def make_corpus(size: int, folder: Path, seed: int = SEED) -> Path:
    """Write ``size`` distinct synthetic articles into ``folder`` (deterministic for a seed); return the folder."""
    pools = _polnear_pools()
    pools["bbc"] = _bbc_pool()
    outlets = sorted(pools)
    rng = random.Random(seed)
    seen: set[str] = set()
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    while n < size:
        outlet = outlets[n % len(outlets)]
        titles, paras = pools[outlet]
        body = rng.sample(paras, rng.randint(4, min(12, len(paras))))
        text = rng.choice(titles) + "\n\n" + "\n\n".join(body) + "\n"
        digest = hashlib.sha1(text.encode()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        (folder / outlet).mkdir(exist_ok=True)
        (folder / outlet / f"{n:06d}.txt").write_text(text, encoding="utf-8")
        n += 1
    return folder


# ------------------------------------------------------------------ one measured run (a child process)

def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def child(mode: str, folder: str, dataset: str, scheduler: str, workers: int) -> dict:
    """Run one profile in this process and return its time and memory (called with --child)."""
    import dask.distributed  # noqa: F401  (imported before the baseline, so growth is the run's own)
    import fsspec  # noqa: F401

    from helpers.corpus import profile_corpus

    samples: list[tuple[float, float]] = []
    stop = threading.Event()

    def sample():
        t0 = time.perf_counter()
        while not stop.is_set():
            samples.append((round(time.perf_counter() - t0, 2), round(_rss_mb(), 1)))
            stop.wait(0.5)

    base = _rss_mb()
    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    start = time.perf_counter()
    if mode == "local":
        prof = profile_corpus(folder, cache=False, n_process=workers, progress=False)
        stats = {k: v for k, v in prof.stats.items() if k in ("articles", "profiled", "parsed")}
    else:
        prof = profile_corpus(folder, cache=False, engine="dask", scheduler=scheduler, dataset=dataset, progress=False)
        stats = {k: v for k, v in prof.stats.items() if k in ("articles", "profiled", "parsed", "tasks_run", "seconds")}
    seconds = time.perf_counter() - start
    from helpers.settings import Settings
    from helpers.steps import step_keys

    keys = json.dumps(step_keys(Settings()), sort_keys=True)  # the tree is shared: a code edit between runs shows here
    stop.set()
    thread.join()
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"mode": mode, "seconds": round(seconds, 2), "stats": stats, "rss_at_start_mb": round(base, 1),
            "peak_rss_mb": round(self_peak, 1), "children_peak_rss_mb": round(children_peak, 1),
            "rss_samples_mb": samples[:: max(1, len(samples) // 40)],
            "step_keys": hashlib.sha256(keys.encode()).hexdigest()[:12]}


def _run_child(mode: str, folder: Path, dataset: Path, scheduler: str, workers: int) -> dict:
    cmd = [sys.executable, __file__, "--child", mode, str(folder), str(dataset), scheduler, str(workers)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode:
        raise RuntimeError(f"{mode} run failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _worker_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_memo_chars() -> int:
    from helpers import dataflow

    return dataflow._MEMO.chars


class _WorkerSampler:
    """Samples each worker's RSS every few seconds during a run (to tell the profiling phase from the corpus step)."""

    def __init__(self, client, every: float = 3.0):
        self.client, self.every, self.samples = client, every, []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        t0 = time.perf_counter()
        while not self.stop.is_set():
            try:
                rss = sorted(round(v, 1) for v in self.client.run(_rss_mb).values())
                self.samples.append((round(time.perf_counter() - t0, 1), rss))
            except Exception:  # a worker restarting: skip the sample
                pass
            self.stop.wait(self.every)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def _size_on_disk(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure(size: int, workers: int, base: Path, previous: dict | None = None, local_only: bool = False) -> dict:
    """Generate the corpus of one size and measure the local engine and the dataflow (cold and warm) on it.

    With ``previous`` (an earlier result for this size) the local engine is not run again and its figures are kept;
    with ``local_only`` only the local engine is measured (its figures are what ``previous`` reuses later).
    """
    from dask.distributed import Client

    from helpers.dataflow import local_cluster

    folder = make_corpus(size, base / f"corpus-{size}")
    dataset = base / f"dataset-{size}"
    loads = {"before_local": [round(x, 2) for x in os.getloadavg()]}  # 1, 5, 15 minutes: other jobs on the machine
    if previous:
        local = {"seconds": previous["local_seconds"], "peak_rss_mb": previous["local_peak_rss_mb"],
                 "children_peak_rss_mb": previous["local_children_peak_rss_mb"]}
    else:
        local = _run_child("local", folder, dataset, "", workers)
    print(f"  local: {local['seconds']} s", flush=True)
    if local_only:
        return {"articles": size, "workers": workers, "local_seconds": local["seconds"],
                "local_articles_per_s": round(size / local["seconds"], 2), "local_peak_rss_mb": local["peak_rss_mb"],
                "local_children_peak_rss_mb": local["children_peak_rss_mb"], "corpus_bytes": _size_on_disk(folder)}
    loads["before_dataflow"] = [round(x, 2) for x in os.getloadavg()]
    with local_cluster(workers) as cluster, \
            Client(cluster) as client:
        with _WorkerSampler(client) as sampler:
            cold = _run_child("dask", folder, dataset, cluster.scheduler_address, workers)
        print(f"  dataflow cold: {cold['seconds']} s", flush=True)
        worker_peaks = sorted(client.run(_worker_peak_mb).values())
        memo_chars = sorted(client.run(_worker_memo_chars).values())
        corpus_seconds = cold["stats"].get("seconds", {}).get("corpus", 0)
        tail = [rss for t, rss in sampler.samples if t >= cold["seconds"] - corpus_seconds - 1]
        head = [rss for t, rss in sampler.samples if t < cold["seconds"] - corpus_seconds - 1]
        loads["after_dataflow_cold"] = [round(x, 2) for x in os.getloadavg()]
        warm = _run_child("dask", folder, dataset, cluster.scheduler_address, workers)
        print(f"  dataflow warm: {warm['seconds']} s", flush=True)
    samples = [mb for _t, mb in cold["rss_samples_mb"]]
    return {
        "articles": size,
        "workers": workers,
        "local_seconds": local["seconds"],
        "local_articles_per_s": round(size / local["seconds"], 2),
        "local_peak_rss_mb": local["peak_rss_mb"],
        "local_children_peak_rss_mb": local["children_peak_rss_mb"],
        "dataflow_cold_seconds": cold["seconds"],
        "dataflow_articles_per_s": round(size / cold["seconds"], 2),
        "dataflow_vs_local": round(local["seconds"] / cold["seconds"], 3),
        "client_peak_rss_mb": cold["peak_rss_mb"],
        "client_rss_at_start_mb": cold["rss_at_start_mb"],
        "client_rss_growth_mb": round(max(samples) - samples[0], 1) if samples else None,
        "client_rss_samples_mb": cold["rss_samples_mb"],
        "warm_client_peak_rss_mb": warm["peak_rss_mb"],
        "worker_peak_rss_mb": worker_peaks,
        "worker_rss_max_before_corpus_step_mb": [max(r[i] for r in head) for i in range(len(head[0]))] if head else None,
        "worker_rss_max_in_corpus_step_mb": [max(r[i] for r in tail) for i in range(len(tail[0]))] if tail else None,
        "worker_rss_samples_mb": sampler.samples[:: max(1, len(sampler.samples) // 60)],
        "worker_load_memo_chars": memo_chars,
        "dataset_bytes": _size_on_disk(dataset),
        "corpus_bytes": _size_on_disk(folder),
        "dataflow_warm_seconds": warm["seconds"],
        "warm_to_cold": round(warm["seconds"] / cold["seconds"], 4),
        "cold_stats": cold["stats"],
        "warm_stats": warm["stats"],
        "code_changed_between_cold_and_warm": cold["step_keys"] != warm["step_keys"],
        "load_average": loads,
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        mode, folder, dataset, scheduler, workers = sys.argv[2:7]
        print(json.dumps(child(mode, folder, dataset, scheduler, int(workers))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 6000, 12000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora and datasets (printed)")
    parser.add_argument("--reuse-local", action="store_true",
                        help="keep the local engine's figures already in scale.json for a size; measure the dataflow only")
    parser.add_argument("--local-only", action="store_true",
                        help="measure the local engine only (the dataflow's figures for the size are kept if present)")
    args = parser.parse_args()
    if not (CORPORA / "polnear").exists():
        sys.exit(f"{CORPORA} is missing: the benchmark needs PolNeAR and the BBC CSV from ../shared/corpora.")
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"sizes": {}}
    base = Path(tempfile.mkdtemp(prefix="scale-bench-"))
    try:
        for size in args.sizes:
            print(f"{size} articles", flush=True)
            previous = results["sizes"].get(str(size)) if args.reuse_local else None
            result = measure(size, args.workers, base, previous, args.local_only)
            results["sizes"][str(size)] = {**results["sizes"].get(str(size), {}), **result}
            results["machine"] = {"cpus": os.cpu_count(), "load_average_at_end": os.getloadavg()}
            sizes = sorted((r for r in results["sizes"].values() if "client_peak_rss_mb" in r),
                           key=lambda r: r["articles"])
            if len(sizes) > 1:  # the client's peak against the corpus size, per extra 1,000 articles
                first, last = sizes[0], sizes[-1]
                results["client_peak_growth_mb_per_1000"] = round(
                    (last["client_peak_rss_mb"] - first["client_peak_rss_mb"]) / ((last["articles"] - first["articles"]) / 1000), 2)
            RESULTS.parent.mkdir(parents=True, exist_ok=True)
            RESULTS.write_text(json.dumps(results, indent=2) + "\n")
            print(json.dumps({k: v for k, v in results["sizes"][str(size)].items() if k != "client_rss_samples_mb"},
                             indent=2), flush=True)
    finally:
        if args.keep:
            print(f"kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
