"""Pathological inputs: one very long article, one giant paragraph and a 50,000-row CSV, with time and peak memory.

Every case runs in a fresh subprocess, so its peak resident memory (``ru_maxrss``) is its own. Step times are CPU
seconds of that process (``time.process_time``), which other work on a shared machine hardly changes; the
wall-clock total is printed beside them:
- an article of N body paragraphs (1,000 / 10,000 / 100,000 by default), built deterministically by rotating the
  13 body paragraphs of seeds/000_4eff886acbd5aaa1.txt (quotes, reporting cues, names, roles): the seconds to load
  it (``load_articles`` on a .txt file), to parse it with the real spaCy model (the floor: spaCy's own cost), and
  to run on the parse the per-article steps the corpus profiler runs (mentions, claims, readability at its three
  levels), then to build their frames (actors merged and summarised, claims, readability, hardest passages).
  Times are also given per 1,000 paragraphs: flat figures from 1,000 to 100,000 paragraphs mean a linear cost;
- one paragraph of 1.5 MB (over spaCy's max_length of 1,000,000 characters, so parsed in pieces), with the real model;
- a CSV of 50,000 rows (id, title, text: three or four seed paragraphs, each with a sentence of its own per row, so
  no story paragraph repeats across rows; plus the seed's one-line appeal in every row, as boilerplate):
  loading all rows, then ``profile_corpus`` on the first rows only (profiling 50,000 rows is a corpus run of
  hours on 2 cores, not a pathological case); the output says so and gives the rate.

The parse goes through ``helpers.nlp.parse_tasks`` with the real model, in one process as the profiler parses one
article. spaCy needs about 6 s per 1,000 seed paragraphs on one core, so a real parse of 100,000 paragraphs alone
takes some 10 minutes: with ``--parse auto`` (the default) articles over 10,000 paragraphs are parsed ``distinct``:
spaCy parses each distinct paragraph text once and every paragraph gets its own copy of that Doc (the same Docs,
offsets and memory as a full parse, without spaCy's repeated cost); ``--parse full`` parses every paragraph.
So compare the per-1,000 times without the parse across sizes (the profiler's own cost), and the parse's per-1,000
time across the sizes parsed in full. Peak memory is the case's own process (parse workers, if any, apart).

    .venv/bin/python benchmarks/pathological.py [--sizes 1000,10000,100000] [--giant-mb 1.5] [--parse auto|full|distinct]
        [--csv-rows 50000] [--csv-profile-rows 1000] [--parse-processes 1] [--json]

Takes about 6 minutes on 2 idle cores with the defaults (about 15 with ``--parse full``).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).absolute().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = ROOT / "seeds" / "000_4eff886acbd5aaa1.txt"
STEPS = ("load", "parse", "mentions", "claims", "readability", "frames")
FULL_PARSE_MAX = 10_000  # --parse auto: articles up to this many paragraphs are parsed in full


class DistinctParse:
    """A stand-in for a spaCy pipeline in ``parse_tasks``: each distinct text is parsed once by the real pipeline and
    every text gets its own copy of that Doc (as heavy in memory as a parse of its own)."""

    def __init__(self, nlp):
        self.nlp, self.max_length, self.docs = nlp, nlp.max_length, {}

    def pipe(self, texts, as_tuples: bool = False, batch_size: int = 64, n_process: int = 1):
        items = list(texts) if as_tuples else [(t, None) for t in texts]
        new = [t for t in dict.fromkeys(t for t, _ in items) if t not in self.docs]
        self.docs.update(zip(new, self.nlp.pipe(new, batch_size=batch_size, n_process=n_process)))
        for text, context in items:
            yield (self.docs[text].copy(), context) if as_tuples else self.docs[text].copy()


def seed_parts() -> tuple[str, list[str], str]:
    """The seed's title, body paragraphs and first boilerplate line (as the loader splits them)."""
    from helpers import load_articles

    row = load_articles(SEED).iloc[0]
    raw = row["raw_text"]
    body = [raw[s:e] for kind, s, e in row["spans"] if kind == "body"]
    appeal = next((raw[s:e] for kind, s, e in row["spans"] if kind == "boilerplate"), "")
    return row["title"], body, appeal


def long_article(n: int) -> str:
    """An article of ``n`` body paragraphs: the seed's paragraphs, rotated by one more place in each round of 13."""
    title, body, _ = seed_parts()
    paras: list[str] = []
    k = 0
    while len(paras) < n:
        r = k % len(body)
        paras.extend(body[r:] + body[:r])
        k += 1
    return title + "\n\n" + "\n\n".join(paras[:n]) + "\n"


def giant_article(chars: int) -> str:
    """An article whose body is one paragraph of about ``chars`` characters (the seed's paragraphs run together)."""
    title, body, _ = seed_parts()
    parts: list[str] = []
    n = k = 0
    while n < chars:
        parts.append(body[k % len(body)])
        n += len(parts[-1]) + 1
        k += 1
    return title + "\n\n" + " ".join(parts) + "\n"


def write_csv(path: Path, rows: int) -> None:
    """A CSV export of ``rows`` articles built from the seed (see the module docstring)."""
    title, body, appeal = seed_parts()
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "text"])
        for i in range(rows):
            n = 3 + i % 2
            paras = [f"{body[(i + j) % len(body)]} The count stood at {i * 7 + j:,} on day {i % 365 + 1}."
                     for j in range(n)]
            w.writerow([f"row{i:06d}", f"{title} ({i})", "\n\n".join([appeal, *paras])])


def peak_mb() -> tuple[int, int]:
    """Peak RSS of this process and of its finished children (the parse workers), in MB."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(me / 1024), round(kids / 1024)


def children_cpu() -> float:
    """CPU seconds of this process's finished children (profile_corpus workers)."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


# --------------------------------------------------------------------------- one case, in its own process


def run_article(text: str, parse_processes: int, distinct: bool = False) -> dict:
    """Load, parse and profile one article given as text; return times (s) and sizes."""
    import pandas as pd

    from helpers import load_articles
    from helpers.actors import mentions_for_article, summarize_actors
    from helpers.load import DEFAULT_MAX_BYTES
    from helpers.actors import to_frame as mentions_frame
    from helpers.claims import claims_for_article
    from helpers.claims import to_frame as claims_frame
    from helpers.nlp import article_tasks, load_nlp, parse_tasks
    from helpers.readability import LEVELS, find_hardest_passages, score_parsed_article
    from helpers.readability import to_frame as readability_frame
    from helpers.textstat_offline import load_cmudict, use_offline_cmudict

    nlp = load_nlp()
    use_offline_cmudict()
    load_cmudict()  # one-off loads are not the article's cost
    base_mb = peak_mb()[0]
    times: dict[str, float] = {}  # wall-clock seconds
    cpu: dict[str, float] = {}  # CPU seconds of this process: what other work on the machine does not change

    class step:
        def __init__(self, name: str):
            self.name = name

        def __enter__(self):
            self.wall, self.cpu = time.perf_counter(), time.process_time()

        def __exit__(self, *exc):
            times[self.name] = time.perf_counter() - self.wall
            cpu[self.name] = time.process_time() - self.cpu

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "article.txt"
        path.write_text(text, encoding="utf-8")
        with step("load"):
            # the loader flags one article over 10 MB as too large; this one really is one article
            articles = load_articles(path, max_bytes=max(DEFAULT_MAX_BYTES, path.stat().st_size + 1))
    assert articles["status"].tolist() == ["ok"], articles[["status", "error"]].to_dict("records")
    task = article_tasks(articles)[0]
    with step("parse"):
        (parsed,) = list(parse_tasks([task], DistinctParse(nlp) if distinct else nlp, n_process=parse_processes))
    parsed_mb = peak_mb()[0]
    with step("mentions"):
        mentions = mentions_for_article(parsed, None, article={"raw_text": parsed.raw_text, "spans": task[2]})
    with step("claims"):
        claims = claims_for_article(parsed, mentions)
    with step("readability"):
        readability = {level: score_parsed_article(parsed, level) for level in LEVELS}
    n_paragraphs = len({p.paragraph for p in parsed.paragraphs})
    n_pieces = len(parsed.paragraphs)
    n_tokens = sum(len(p.doc) for p in parsed.paragraphs)
    del parsed
    with step("frames"):
        m_frame = mentions_frame(mentions)
        c_frame = claims_frame(claims)
        r_frames = {level: readability_frame(rows, level) for level, rows in readability.items()}
        summarize_actors(m_frame, c_frame)
        find_hardest_passages(r_frames["sentence"])
        find_hardest_passages(r_frames["paragraph"])
    assert isinstance(c_frame, pd.DataFrame)
    me, workers = peak_mb()
    return {"parse": "distinct" if distinct else "full", "paragraphs": n_paragraphs, "pieces": n_pieces,
            "chars": len(text), "tokens": n_tokens, "mentions": len(mentions), "claims": len(claims),
            "times": times, "cpu": cpu, "base_mb": base_mb, "parsed_mb": parsed_mb, "peak_mb": me,
            "workers_mb": workers}


def run_csv(rows: int, profile_rows: int, n_process: int) -> dict:
    """Write and load a CSV of ``rows`` articles, then profile its first ``profile_rows``."""
    from helpers import load_articles, profile_corpus

    out: dict = {"rows": rows, "profile_rows": profile_rows}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.csv"
        write_csv(path, rows)
        out["mb"] = round(path.stat().st_size / 1e6, 1)
        t0, c0 = time.perf_counter(), time.process_time()
        articles = load_articles(path)
        out["load_s"], out["load_cpu_s"] = time.perf_counter() - t0, time.process_time() - c0
    out["ok"] = int((articles["status"] == "ok").sum())
    out["paragraphs"] = int(articles.loc[articles["status"] == "ok", "n_paragraphs"].sum())
    out["load_mb"] = peak_mb()[0]
    if profile_rows:
        head = articles.head(profile_rows)
        t0, c0, k0 = time.perf_counter(), time.process_time(), children_cpu()
        prof = profile_corpus(head, cache=False, n_process=n_process, progress=False)
        out["profile_s"] = time.perf_counter() - t0
        out["profile_cpu_s"] = time.process_time() - c0 + children_cpu() - k0  # this process and its workers
        out["profiled"] = int(prof.stats.get("profiled", len(head)))
        out["claims"] = len(prof.claims)
    out["peak_mb"], out["workers_mb"] = peak_mb()
    return out


def child(case: str, parse_processes: int) -> None:
    kind, *args = case.split(":")
    if kind == "article":
        result = run_article(long_article(int(args[0])), parse_processes, distinct=args[1] == "distinct")
    elif kind == "giant":
        result = run_article(giant_article(int(args[0])), parse_processes)
    elif kind == "csv":
        result = run_csv(int(args[0]), int(args[1]), int(args[2]))
    else:
        raise SystemExit(f"unknown case {case!r}")
    print(json.dumps({"case": case, **result}))


# --------------------------------------------------------------------------- the parent: run the cases, print


def run_case(case: str, parse_processes: int) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--case", case, "--parse-processes", str(parse_processes)],
                          capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"case {case} failed (exit {proc.returncode})")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall_s"] = time.perf_counter() - t0
    return result


def article_line(label: str, r: dict, per_mb: bool = False) -> str:
    t = r["cpu"]
    total = sum(t.values())
    rules = total - t["parse"]
    k, unit = (r["chars"] / 1e6, "MB") if per_mb else (r["paragraphs"] / 1000, "1,000 paragraphs")
    per = "  ".join(f"{s} {t[s]:6.1f}" for s in STEPS)
    return (f"{label:<26} {per} | total {total:6.1f} s (wall {sum(r['times'].values()):6.1f} s) | per {unit}: "
            f"{total / k:6.2f} s, without the parse {rules / k:5.2f} s | peak RSS {r['peak_mb']:,} MB, after the parse "
            f"{r['parsed_mb']:,} MB, at start {r['base_mb']:,} MB; parse workers {r['workers_mb']:,} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="paragraph counts of the long article (comma-separated)")
    parser.add_argument("--giant-mb", type=float, default=1.5, help="size of the one-paragraph article (0 to skip)")
    parser.add_argument("--csv-rows", type=int, default=50_000, help="rows of the CSV (0 to skip)")
    parser.add_argument("--csv-profile-rows", type=int, default=1_000, help="CSV rows to profile after loading all")
    parser.add_argument("--csv-workers", type=int, default=2, help="profile_corpus worker processes for the CSV rows")
    parser.add_argument("--parse", choices=["auto", "full", "distinct"], default="auto",
                        help=f"parse every paragraph (full), each distinct one once (distinct), or full up to "
                             f"{FULL_PARSE_MAX:,} paragraphs (auto)")
    parser.add_argument("--parse-processes", type=int, default=1, help="spaCy processes for the parse")
    parser.add_argument("--json", action="store_true", help="also print the raw results as JSON")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        child(args.case, args.parse_processes)
        return

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(f"Pathological inputs, parse in {args.parse_processes} spaCy process(es); CPU seconds of each case's process; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work slows the wall-clock figures)")
    results = []
    rules_1000, parse_1000 = {}, {}
    for n in sizes:
        mode = args.parse if args.parse != "auto" else ("full" if n <= FULL_PARSE_MAX else "distinct")
        r = run_case(f"article:{n}:{mode}", args.parse_processes)
        results.append(r)
        k = r["paragraphs"] / 1000
        rules_1000[n] = (sum(r["cpu"].values()) - r["cpu"]["parse"]) / k
        if mode == "full":
            parse_1000[n] = r["cpu"]["parse"] / k
        print(article_line(f"article, {n:,} paragraphs", r), flush=True)
        print(f"{'':<26} ({mode} parse; {r['chars'] / 1e6:.1f} MB, {r['tokens']:,} tokens, {r['mentions']:,} mentions, "
              f"{r['claims']:,} claims; {r['wall_s']:.0f} s with model load and exit)", flush=True)
    for what, per in (("without the parse", rules_1000), ("of the parse (full parses)", parse_1000)):
        if len(per) > 1:
            lo, hi = min(per), max(per)
            spread = max(per.values()) / min(per.values())
            print(f"CPU time per 1,000 paragraphs {what}: " + ", ".join(f"{v:.2f} s at {n:,}" for n, v in per.items())
                  + f"; at {hi:,} / at {lo:,}: {per[hi] / per[lo]:.2f}x, largest / smallest {spread:.2f}x (target <= 1.5x)")
    if args.giant_mb > 0:
        r = run_case(f"giant:{int(args.giant_mb * 1e6)}", args.parse_processes)
        results.append(r)
        print(article_line(f"one {r['chars'] / 1e6:.1f} MB paragraph", r, per_mb=True))
        over = "over spaCy's max_length (1,000,000 characters): one nlp() call on it fails with E088; " \
            if r["chars"] > 1_000_000 else ""
        print(f"{'':<26} ({over}parsed in {r['pieces']} pieces; {r['tokens']:,} tokens, {r['claims']:,} claims; "
              f"{r['wall_s']:.0f} s with model load and exit)", flush=True)
    if args.csv_rows > 0:
        r = run_case(f"csv:{args.csv_rows}:{args.csv_profile_rows}:{args.csv_workers}", args.parse_processes)
        results.append(r)
        print(f"CSV of {r['rows']:,} rows ({r['mb']} MB, {r['ok']:,} ok articles, {r['paragraphs']:,} body paragraphs): "
              f"load {r['load_cpu_s']:.1f} s CPU, {r['load_s']:.1f} s wall ({r['load_cpu_s'] / r['rows'] * 1000:.2f} s CPU per 1,000 rows), "
              f"peak RSS after loading {r['load_mb']:,} MB")
        if r.get("profile_rows"):
            rate = r["profile_s"] / r["profiled"]
            print(f"  profiling: the first {r['profiled']:,} rows only, {r['profile_s']:.1f} s wall, "
                  f"{r['profile_cpu_s']:.1f} s CPU in all processes ({rate * 1000:.1f} s wall per 1,000 rows with "
                  f"{args.csv_workers} worker processes); all {r['rows']:,} rows would take about "
                  f"{rate * r['rows'] / 60:.0f} min, so the full CSV is loaded, not profiled. "
                  f"Peak RSS {r['peak_mb']:,} MB, workers {r['workers_mb']:,} MB")
        else:
            print("  profiling skipped (--csv-profile-rows 0): loading only")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
