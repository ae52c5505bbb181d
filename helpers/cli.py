"""The ``article-profiler`` command: ``report`` (notebooks to offline HTML plus tables), ``profile`` (tables only),
``store`` (re-run notebooks in place for nbval), ``cache info`` / ``cache clear``.

What it does: parses arguments into one ``Settings`` (defaults < config file < environment < flags), checks
the corpus, the model, the output folder and the cache folder before any work starts, calls
``helpers.corpus`` / ``helpers.reports`` and prints where the results are and how much came from the cache.
Every error is one paragraph on stderr saying what to do, and exit status 1 (2 for a usage error).
What it does not do: any profiling logic of its own.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .paths import DEFAULT_MODEL, SEEDS_DIR
from .settings import CACHE_ENV, MODEL_ENV
from .storage import is_url


def _location(value: str) -> Path | str:
    """A folder or file path, or an fsspec URL (``s3://bucket/articles``) kept as text."""
    return value if is_url(value) else Path(value)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for ``article-profiler``."""
    parser = argparse.ArgumentParser(
        prog="article-profiler",
        description="Profile news articles: readability, actor mentions and attributed claims, as tables and offline HTML reports.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    report = sub.add_parser("report", help="run every notebook on CORPUS and write HTML reports, index.html and the tables")
    report.add_argument("corpus", nargs="?", type=Path, default=SEEDS_DIR, help="folder or file of articles (default: seeds/)")
    report.add_argument("--out", type=Path, default=Path("reports"), help="output folder (default: ./reports)")
    report.add_argument("--jobs", type=int, default=1, help="notebooks run at the same time (default: 1; each is one kernel)")
    _add_settings_options(report)

    profile = sub.add_parser("profile", help="write the tables (CSV and Parquet) for CORPUS without running notebooks")
    profile.add_argument("corpus", nargs="?", type=_location, default=SEEDS_DIR,
                         help="folder or file of articles, or a URL such as s3://bucket/articles (default: seeds/)")
    profile.add_argument("--out", type=_location, default=Path("reports") / "tables",
                         help="folder the tables are written to (default: ./reports/tables, where `report` puts them); "
                              "with --engine dask, the folder or URL (s3://bucket/profile) of the Parquet dataset")
    _add_settings_options(profile)

    store = sub.add_parser("store", help="re-run notebooks in place on seeds/ (small stored outputs, no timestamps) for nbval")
    store.add_argument("notebooks", nargs="*", type=Path, help="notebooks to re-run (default: every notebooks/NN-*.ipynb)")

    cache = sub.add_parser("cache", help="show (info) or empty (clear) the profile cache")
    cache.add_argument("action", choices=("info", "clear"))
    cache.add_argument("--config", type=Path, default=None, help="TOML config file (default: ./article-profiler.toml)")
    cache.add_argument("--cache-dir", type=Path, default=None, help=f"cache folder (default: ${CACHE_ENV} or .cache/article-profiler/)")
    return parser


def _add_settings_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=None, help="TOML config file (default: ./article-profiler.toml if present)")
    parser.add_argument("--model", default=None,
                        help=f"installed spaCy model or a saved pipeline's folder (default: ${MODEL_ENV} or {DEFAULT_MODEL}); "
                             "nothing is downloaded; the folder is only read")
    parser.add_argument("--alias-table", default=None, help="CSV alias,actor[,type] that overrides actor merges")
    parser.add_argument("--metonyms", default=None, help="CSV name,actor of extra seats of power (\"the Kremlin\" -> Russia)")
    parser.add_argument("--assertion-threshold", type=float, default=None,
                        help="keep unattributed statements at or above this check-worthiness (0-1, default 0.5)")
    parser.add_argument("--no-gender", action="store_true", help="do not infer the gender of person actors")
    parser.add_argument("--metadata", default=None,
                        help="CSV/TSV of article metadata (outlet, date, author, ...) keyed by file name, stem or id")
    parser.add_argument("--group-by", default=None,
                        help="compare groups of articles: outlet, month, year, section, author or any metadata key")
    parser.add_argument("--max-bytes", type=int, default=None, help="largest article in bytes (default 10,000,000)")
    parser.add_argument("--max-table-bytes", type=int, default=None,
                        help="largest table export (CSV, JSONL, ...) in bytes (default 2,000,000,000); each row is an article")
    parser.add_argument("--no-cache", action="store_true",
                        help="parse every article again instead of reading unchanged ones from the cache")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help=f"cache folder (default: ${CACHE_ENV} or .cache/article-profiler/ in the project)")
    parser.add_argument("--engine", choices=("local", "dask"), default=None, help="local worker processes (default) or a Dask cluster")
    parser.add_argument("--scheduler", default=None,
                        help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --engine dask; default: a local cluster)")
    parser.add_argument("--storage-options", default=None,
                        help='JSON object of fsspec options for URLs, e.g. \'{"endpoint_url": "http://minio:9000"}\'')
    parser.add_argument("--n-process", type=int, default=None, help="worker processes (default: one per core; Dask local cluster size)")
    parser.add_argument("--no-progress", action="store_true", help="do not show the progress bar")


def settings_from_args(args: argparse.Namespace):
    """Return the run's Settings: defaults < config file < environment < the flags given."""
    from .settings import Settings

    return Settings.build(
        config=args.config, model=args.model, alias_table=args.alias_table, metonyms=args.metonyms,
        assertion_threshold=args.assertion_threshold, gender=False if args.no_gender else None,
        metadata=args.metadata, group_by=args.group_by, max_bytes=args.max_bytes, max_table_bytes=args.max_table_bytes,
        cache=False if args.no_cache else None,
        cache_dir=str(args.cache_dir) if args.cache_dir else None, engine=args.engine, scheduler=args.scheduler,
        n_process=args.n_process, progress=False if args.no_progress else None,
        storage_options=_storage_options(args.storage_options),
    )


def _storage_options(value: str | None) -> dict | None:
    import json

    from .settings import SettingsError

    if not value:
        return None
    try:
        options = json.loads(value)
    except ValueError as exc:
        raise SettingsError(f"--storage-options is not valid JSON ({exc}). Pass a JSON object.") from None
    if not isinstance(options, dict):
        raise SettingsError("--storage-options must be a JSON object, e.g. '{\"endpoint_url\": \"http://minio:9000\"}'.")
    return options


def check_before_work(settings, out: Path) -> None:
    """Check the model, the output folder and the cache folder; raise the error that says what to do."""
    from .cache import StepCache
    from .settings import model_fingerprint
    from .tables import check_writable

    model_fingerprint(settings.model)
    if not is_url(out):
        check_writable(out)
    if settings.cache:
        StepCache(settings.cache_root()).prepare()


def _cache_line(stats: dict) -> str:
    line = f"{stats['profiled']} article(s) profiled: {stats['parsed']} parsed, {stats['from_cache']} from the cache"
    partial = {k: v for k, v in stats.get("steps_run", {}).items() if 0 < v < stats["parsed"] or (v and not stats["parsed"])}
    if partial:
        line += " (re-run for a changed step: " + ", ".join(f"{k} {v}" for k, v in partial.items()) + ")"
    return line + "."


def run_report(args: argparse.Namespace) -> int:
    """Run ``article-profiler report``."""
    from .reports import build_report

    settings = settings_from_args(args)
    check_before_work(settings, args.out)
    start = time.perf_counter()
    result = build_report(args.corpus, args.out, settings, jobs=args.jobs)
    print(f"Wrote {len(result.pages)} report(s), index and {len(result.tables)} table file(s) in "
          f"{time.perf_counter() - start:.0f} s. Open {result.index}")
    return 0


def run_profile(args: argparse.Namespace) -> int:
    """Run ``article-profiler profile``."""
    from .corpus import profile_corpus
    from .tables import write_frames

    settings = settings_from_args(args)
    if settings.engine == "dask":  # the workers write the dataset; the client never holds the frames
        settings = settings.replace(dataset=str(args.out))
    check_before_work(settings, args.out)
    profile = profile_corpus(args.corpus, settings)
    print(_cache_line(profile.stats))
    if settings.engine == "dask":
        print(f"Wrote the Parquet dataset ({profile.stats['tasks_run']} new task(s)) to {profile.dataset}; open it with "
              f"helpers.dataflow.DatasetProfile.open({str(profile.dataset)!r})")
        return 0
    written = write_frames(profile.frames(), args.out)
    print(f"Wrote {len(written)} table file(s) to {args.out}")
    return 0


def run_store(args: argparse.Namespace) -> int:
    """Run ``article-profiler store``."""
    from .reports import list_notebooks, store_notebook

    for notebook in args.notebooks or list_notebooks():
        store_notebook(notebook)
        print(f"Stored {notebook}")
    return 0


def run_cache(args: argparse.Namespace) -> int:
    """Run ``article-profiler cache info|clear``."""
    from .cache import StepCache
    from .settings import Settings

    settings = Settings.build(config=args.config, cache_dir=str(args.cache_dir) if args.cache_dir else None)
    store = StepCache(settings.cache_root())
    if args.action == "clear":
        from .dataflow import clear_datasets

        print(f"Removed {store.clear()} cache file(s) from {store.root}")
        datasets = clear_datasets(store.root)  # the default datasets of --engine dask runs without --out
        if datasets:
            print(f"Removed {len(datasets)} dataset(s) under {store.root / 'datasets'}")
        return 0
    info = store.info()
    print(f"Cache {info.path}: {info.parts} part file(s), {info.bytes / 1e6:.1f} MB")
    for step, n in info.entries.items():
        print(f"  {step}: {n} entr{'y' if n == 1 else 'ies'}")
    return 0


COMMANDS = {"report": run_report, "profile": run_profile, "store": run_store, "cache": run_cache}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``article-profiler`` console script."""
    from .settings import ProfilerError, SettingsError

    args = build_parser().parse_args(argv)
    corpus = getattr(args, "corpus", None)
    try:
        if isinstance(corpus, Path) and not (corpus.exists() or corpus.is_symlink()):
            raise SettingsError(f"Corpus {corpus} does not exist. Pass a folder or file of articles.")
        return COMMANDS[args.command](args)
    except ProfilerError as err:
        print(f"article-profiler: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("article-profiler: interrupted; what was finished is in the cache and the next run resumes from it.",
              file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
