"""Judge the top actors by mentions on PolNeAR and the BBC News set against hand-made verdicts.

Usage: .venv/bin/python benchmarks/actors.py [--corpus polnear|bbc|all] [--n 100] [--reuse DIR]
       [--save DIR] [--limit N] [--json PATH]

Each corpus is profiled once (``helpers.corpus.profile_corpus``, no cache, two processes): PolNeAR train+dev
(``polnear/{train,dev}/text``, 924 articles) and ``bbc/bbc-news.csv`` (2,225 rows). The top ``--n`` actors by
``n_mentions`` (ties by ``actor_id``) are looked up in ``benchmarks/data/actors/<corpus>.csv`` (columns
``actor_id, actor, type, verdict, reason``; verdict ``right`` or ``wrong``; how they were made is in that
folder's README). A verdict is keyed by ``actor_id`` (``type:slug`` of the name), so it stays valid while the
actor stays in the top list, and an actor whose name or type changes gets a new id and needs a reader again.

Prints the share right of the top N (right / N; actors without a verdict are neither), the wrong ones with
their reasons, and the actors without a verdict, which need a reader: they are listed, never guessed.
``--save DIR`` keeps each profile's actors frame (``DIR/<corpus>-actors.pkl``) and ``--reuse DIR`` reads it
back instead of profiling, for working on the verdicts. Writes the figures to ``benchmarks/results/actors.json``
unless ``--limit`` or ``--reuse`` is given (then only with ``--json``).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from helpers.paths import SHARED_DIR  # noqa: E402

POLNEAR = SHARED_DIR / "corpora" / "polnear"
BBC = SHARED_DIR / "corpora" / "bbc" / "bbc-news.csv"
JUDGMENTS = ROOT / "benchmarks" / "data" / "actors"
RESULTS = ROOT / "benchmarks" / "results" / "actors.json"
CORPORA = ("polnear", "bbc")
VERDICTS = ("right", "wrong")


def corpus_source(name: str, limit: int | None = None):
    """The files (PolNeAR) or the loaded rows (BBC) of one corpus, the first ``limit`` articles when asked."""
    if name == "polnear":
        files = sorted((POLNEAR / "train" / "text").glob("*.txt")) + sorted((POLNEAR / "dev" / "text").glob("*.txt"))
        return files[:limit] if limit else files
    from helpers.load import load_articles

    articles = load_articles(BBC)
    return articles.head(limit) if limit else articles


def profile(source):
    """Profile once (no cache, two processes); fall back to a loaded frame if the API is mid-change."""
    from helpers.corpus import profile_corpus

    try:
        return profile_corpus(source, cache=False, n_process=2, progress=False)
    except TypeError as exc:
        if "memo" not in str(exc) or isinstance(source, pd.DataFrame):
            raise
        from helpers.load import load_articles

        return profile_corpus(load_articles(source), cache=False, n_process=2, progress=False)


def top_actors(actors: pd.DataFrame, n: int = 100) -> pd.DataFrame:
    """The ``n`` actors with the most mentions (ties by actor_id, so the list is deterministic)."""
    return actors.sort_values(["n_mentions", "actor_id"], ascending=[False, True], kind="mergesort").head(n)


def load_judgments(path: Path) -> pd.DataFrame:
    """The verdicts of one corpus, checked: one row per actor_id, verdict right|wrong."""
    if not Path(path).exists():
        return pd.DataFrame(columns=["actor_id", "actor", "type", "verdict", "reason"])
    j = pd.read_csv(path, keep_default_na=False, dtype=str)
    bad = j[~j["verdict"].isin(VERDICTS)]
    if len(bad):
        raise SystemExit(f"{path}: verdict must be right or wrong (rows {list(bad.index + 2)})")
    dup = j[j["actor_id"].duplicated()]
    if len(dup):
        raise SystemExit(f"{path}: actor_id repeated: {sorted(set(dup['actor_id']))}")
    return j


def judge_top(actors: pd.DataFrame, judgments: pd.DataFrame, n: int = 100) -> dict:
    """Look the top ``n`` actors up in the verdicts: counts, share right, the wrong and the unjudged ones."""
    top = top_actors(actors, n)
    verdict = judgments.set_index("actor_id")
    right, wrong, unjudged = [], [], []
    for rank, r in enumerate(top.itertuples(index=False), 1):
        item = {"rank": rank, "actor_id": r.actor_id, "actor": r.actor, "type": r.type,
                "n_mentions": int(r.n_mentions)}
        if r.actor_id in verdict.index:
            v = verdict.loc[r.actor_id]
            item["reason"] = v["reason"]
            (right if v["verdict"] == "right" else wrong).append(item)
        else:
            for extra in ("aliases", "roles", "n_articles", "n_quoted"):
                if extra in top.columns:
                    val = getattr(r, extra)
                    item[extra] = [str(x) for x in val] if hasattr(val, "__iter__") and not isinstance(val, str) \
                        else (val if isinstance(val, str) else int(val))
            unjudged.append(item)
    total = len(top)
    judged = len(right) + len(wrong)
    return {"top_n": total, "n_right": len(right), "n_wrong": len(wrong), "n_unjudged": len(unjudged),
            "share_right": round(len(right) / total, 3) if total else None,
            "share_right_of_judged": round(len(right) / judged, 3) if judged else None,
            "wrong": wrong, "unjudged": unjudged}


def _short(values, k: int = 6) -> str:
    vals = list(values or [])
    return "; ".join(str(v) for v in vals[:k]) + (" ..." if len(vals) > k else "")


def print_result(name: str, res: dict, meta: dict) -> None:
    print(f"\n== {name}: {meta.get('articles', '?')} articles profiled, {meta.get('actors', '?')} actors "
          f"({meta.get('seconds', '?')} s)")
    print(f"  top {res['top_n']} by mentions: {res['n_right']} right, {res['n_wrong']} wrong, "
          f"{res['n_unjudged']} without a verdict -> share right {res['share_right']:.2f}"
          + ("" if res["share_right_of_judged"] is None else f" ({res['share_right_of_judged']:.3f} of the judged)"))
    if res["wrong"]:
        print("  wrong:")
        for w in res["wrong"]:
            print(f"    #{w['rank']:<3} {w['actor']} [{w['type']}, {w['n_mentions']} mentions]: {w['reason']}")
    if res["unjudged"]:
        print("  without a verdict (need a reader; add them to benchmarks/data/actors/"
              f"{name}.csv):")
        for u in res["unjudged"]:
            print(f"    #{u['rank']:<3} {u['actor_id']} '{u['actor']}' [{u['n_mentions']} mentions, "
                  f"{u.get('n_articles', '?')} articles] aliases: {_short(u.get('aliases'))} | roles: "
                  f"{_short(u.get('roles'), 4)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default="all", choices=["polnear", "bbc", "all"])
    ap.add_argument("--n", type=int, default=100, help="how many top actors to judge (default 100)")
    ap.add_argument("--limit", type=int, default=None, help="profile only the first N articles (a quick run)")
    ap.add_argument("--save", default=None, help="keep each profile's actors frame in this folder")
    ap.add_argument("--reuse", default=None, help="read the actors frames saved with --save instead of profiling")
    ap.add_argument("--json", default=None, help=f"write the figures here (default {RESULTS.relative_to(ROOT)})")
    args = ap.parse_args(argv)
    names = list(CORPORA) if args.corpus == "all" else [args.corpus]
    out = {"n": args.n, "limit": args.limit, "corpora": {}}
    for name in names:
        t = time.time()
        if args.reuse:
            actors = pd.read_pickle(Path(args.reuse) / f"{name}-actors.pkl")
            meta = {"articles": "(saved)", "reused": str(args.reuse)}
        else:
            prof = profile(corpus_source(name, args.limit))
            actors = prof.actors
            ok = int((prof.articles["status"] == "ok").sum())
            meta = {"articles": ok, "inputs": len(prof.articles)}
            if args.save:
                Path(args.save).mkdir(parents=True, exist_ok=True)
                actors.to_pickle(Path(args.save) / f"{name}-actors.pkl")
        meta.update(actors=len(actors), seconds=round(time.time() - t, 1))
        res = judge_top(actors, load_judgments(JUDGMENTS / f"{name}.csv"), args.n)
        print_result(name, res, meta)
        out["corpora"][name] = {**meta, **res}
    target = Path(args.json) if args.json else (None if args.limit or args.reuse else RESULTS)
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(out, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"\nfigures written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
