"""Check that a code change leaves every frame of ``profile_corpus`` as it was: save the frames of one code version, then
compare them with another's, frame by frame (``pandas.testing.assert_frame_equal``, exact).

The corpus is PolNeAR dev and the first 300 rows of the BBC News CSV (from ../shared/corpora). ``--save`` profiles it
cold (no cache), then, with ``--warm``, twice more on a fresh cache (cold, then warm: every frame read back) and checks
those equal the uncached frames too; the frames are pickled to the given file. ``--compare A B`` compares two such files.
To compare two versions of the code, run ``--save`` with each on ``PYTHONPATH`` (e.g. a copy of ``helpers/`` at the old
commit) and compare the files.

    .venv/bin/python benchmarks/compare_frames.py --save /tmp/new.pkl [--warm] [--n-process 2]
    .venv/bin/python benchmarks/compare_frames.py --compare /tmp/old.pkl /tmp/new.pkl
"""
from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time

import pandas as pd
from pandas.testing import assert_frame_equal


def corpus() -> pd.DataFrame:
    """PolNeAR dev then the first 300 BBC News rows, as loaded (every status)."""
    from helpers import load_articles
    from helpers.paths import SHARED_DIR

    dev = SHARED_DIR / "corpora" / "polnear" / "dev" / "text"
    bbc = SHARED_DIR / "corpora" / "bbc" / "bbc-news.csv"
    for path in (dev, bbc):
        if not path.exists():
            sys.exit(f"corpus missing: {path} (this script reads ../shared/corpora)")
    return pd.concat([load_articles(dev), load_articles(bbc).head(300)], ignore_index=True)


def frames_of(profile) -> dict[str, pd.DataFrame]:
    """Every frame of a profile, by name."""
    return {name: frame.reset_index(drop=True) for name, frame in profile.frames().items()}


def compare(old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame], label: str) -> None:
    """Assert both sets hold the same frames with identical contents; print one line per frame."""
    if sorted(old) != sorted(new):
        raise AssertionError(f"{label}: frames differ: {sorted(old)} vs {sorted(new)}")
    for name in old:
        assert_frame_equal(old[name], new[name], check_exact=True, obj=f"{label}: {name}")
        print(f"{label}: {name:24s} identical ({len(new[name]):,} rows)")


def save(path: str, warm: bool, n_process: int) -> None:
    """Profile the corpus (cold, and with --warm cold and warm on a fresh cache), check them equal, pickle the frames."""
    import helpers
    from helpers.corpus import profile_corpus

    print(f"helpers from {helpers.__file__}")
    articles = corpus()
    t0 = time.perf_counter()
    frames = frames_of(profile_corpus(articles, cache=False, n_process=n_process, progress=False))
    print(f"uncached: {time.perf_counter() - t0:.1f} s")
    if warm:
        with tempfile.TemporaryDirectory() as cache:
            for run in ("cold", "warm"):
                t0 = time.perf_counter()
                profile = profile_corpus(articles, cache_dir=cache, n_process=n_process, progress=False)
                print(f"cached {run}: {time.perf_counter() - t0:.1f} s, parsed {profile.stats['parsed']}")
                compare(frames, frames_of(profile), f"cached {run} vs uncached")
    with open(path, "wb") as fh:
        pickle.dump(frames, fh)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--save", metavar="FILE")
    parser.add_argument("--warm", action="store_true", help="also profile cold and warm on a fresh cache and compare")
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"))
    args = parser.parse_args()
    if args.save:
        save(args.save, args.warm, args.n_process)
    if args.compare:
        with open(args.compare[0], "rb") as a, open(args.compare[1], "rb") as b:
            compare(pickle.load(a), pickle.load(b), "old vs new")


if __name__ == "__main__":
    main()
