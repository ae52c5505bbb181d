"""The ``article-profiler`` command: ``report`` (notebooks to offline HTML plus tables), ``profile`` (tables only), ``store``.

``store`` re-runs notebooks in place on seeds/ for the nbval regression tests, without per-run metadata.

What it does: parses arguments, calls ``helpers.reports`` and prints where the results are; errors
become a one-paragraph message on stderr and a non-zero exit status (1 for a failing notebook or a
bad argument value). What it does not do: any profiling logic of its own.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .paths import DEFAULT_MODEL, MODEL_ENV, REPORTS_DIR, SEEDS_DIR


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for ``article-profiler``."""
    parser = argparse.ArgumentParser(
        prog="article-profiler",
        description="Profile news articles: readability, actor mentions and attributed claims, as tables and offline HTML reports.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    model_help = f"spaCy model name (default: ${MODEL_ENV} or {DEFAULT_MODEL}); must be installed, nothing is downloaded"

    report = sub.add_parser("report", help="run every notebook on CORPUS and write HTML reports, index.html and the tables")
    report.add_argument("corpus", nargs="?", type=Path, default=SEEDS_DIR, help="folder or file of articles (default: seeds/)")
    report.add_argument("--out", type=Path, default=REPORTS_DIR, help="output folder (default: reports/)")
    report.add_argument("--model", default=None, help=model_help)
    report.add_argument("--jobs", type=int, default=1, help="notebooks run at the same time (default: 1; each is one kernel)")
    report.add_argument("--no-progress", action="store_true", help="do not show the progress bar")
    _add_engine_options(report)

    profile = sub.add_parser("profile", help="write the tables (CSV and Parquet) for CORPUS without running notebooks")
    profile.add_argument("corpus", nargs="?", type=Path, default=SEEDS_DIR, help="folder or file of articles (default: seeds/)")
    profile.add_argument("--out", type=Path, default=REPORTS_DIR / "tables",
                         help="folder the tables are written to (default: reports/tables/, where `report` puts them)")
    profile.add_argument("--model", default=None, help=model_help)
    profile.add_argument("--no-progress", action="store_true", help="do not show the progress bar")
    _add_engine_options(profile)

    store = sub.add_parser("store", help="re-run notebooks in place on seeds/ (small stored outputs, no timestamps) for nbval")
    store.add_argument("notebooks", nargs="*", type=Path, help="notebooks to re-run (default: every notebooks/NN-*.ipynb)")
    return parser


def _add_engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-cache", action="store_true",
                        help="parse every article again instead of reading unchanged ones from the cache "
                             "(cache folder: $ARTICLE_PROFILER_CACHE or .cache/profiles/)")
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local worker processes (default) or a Dask cluster")
    parser.add_argument("--scheduler", default=None,
                        help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --engine dask; "
                             "default: a local cluster)")
    parser.add_argument("--n-process", type=int, default=None,
                        help="worker processes (default: one per core; Dask local cluster size)")


def _check_model(model: str | None) -> None:
    if model is None:
        return
    import importlib.util

    if importlib.util.find_spec(model.replace("-", "_")) is None and not Path(model).exists():
        raise SystemExit(f"article-profiler: spaCy model {model!r} is not installed (and is not a path). "
                         f"Install its package with pip, or leave out --model to use {DEFAULT_MODEL}.")


def run_report(args: argparse.Namespace) -> int:
    """Run ``article-profiler report``."""
    from .reports import ReportError, build_report

    start = time.perf_counter()
    try:
        result = build_report(args.corpus, args.out, model=args.model, progress=not args.no_progress, jobs=args.jobs,
                              cache=not args.no_cache, engine=args.engine, scheduler=args.scheduler,
                              n_process=args.n_process)
    except ReportError as err:
        print(f"article-profiler: {err}", file=sys.stderr)
        return 1
    print(f"Wrote {len(result.pages)} report(s), index and {len(result.tables)} table file(s) in "
          f"{time.perf_counter() - start:.0f} s. Open {result.index}")
    return 0


def run_profile(args: argparse.Namespace) -> int:
    """Run ``article-profiler profile``."""
    from .reports import build_frames, write_frames

    if not args.corpus.exists():
        print(f"article-profiler: corpus {args.corpus} does not exist.", file=sys.stderr)
        return 1
    frames = build_frames(args.corpus, model=args.model, progress=not args.no_progress, cache=not args.no_cache,
                          engine=args.engine, scheduler=args.scheduler, n_process=args.n_process)
    written = write_frames(frames, args.out)
    print(f"Wrote {len(written)} table file(s) to {args.out}")
    return 0


def run_store(args: argparse.Namespace) -> int:
    """Run ``article-profiler store``."""
    from .reports import ReportError, list_notebooks, store_notebook

    for notebook in args.notebooks or list_notebooks():
        try:
            store_notebook(notebook)
        except ReportError as err:
            print(f"article-profiler: {err}", file=sys.stderr)
            return 1
        print(f"Stored {notebook}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``article-profiler`` console script."""
    args = build_parser().parse_args(argv)
    if args.command == "store":
        return run_store(args)
    _check_model(args.model)
    if args.command == "report":
        return run_report(args)
    return run_profile(args)


if __name__ == "__main__":
    sys.exit(main())
