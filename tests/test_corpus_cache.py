"""The whole-corpus cache entry: an unchanged corpus is read back in one file; any change goes through the articles."""
from __future__ import annotations

import warnings

import pandas as pd
import pytest

from conftest import EXTRA_ARTICLES
from helpers.cache import CacheWarning, StepCache
from helpers.corpus import profile_corpus


def frames_equal(a, b) -> None:
    fa, fb = a.frames(), b.frames()
    assert list(fa) == list(fb)
    for name in fa:
        pd.testing.assert_frame_equal(fa[name], fb[name], check_exact=True, obj=name)


def run(folder, cache, **kw):
    return profile_corpus(folder, cache_dir=cache, n_process=1, progress=False, **kw)


class NoArticleReads:
    """Fail if the run reads per-article entries (it should read the corpus entry instead)."""

    def __init__(self, monkeypatch):
        original = StepCache.get_many

        def get_many(store, keys=None, step=None, **options):
            assert keys is None, "per-article entries were read although the corpus entry should serve"
            return original(store, keys, step, **options)

        monkeypatch.setattr(StepCache, "get_many", get_many)


def test_an_unchanged_corpus_is_read_back_whole(folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cold = run(folder, cache)
    assert len(list(cache.glob("corpus-*.pkl"))) == 1
    with monkeypatch.context() as m:
        NoArticleReads(m)
        warm = run(folder, cache)
    assert warm.stats["parsed"] == 0 and warm.stats["from_cache"] == 3
    assert set(warm.stats["steps_run"].values()) == {0}
    frames_equal(cold, warm)
    frames_equal(profile_corpus(folder, cache=False, n_process=1, progress=False), warm)


def test_a_changed_article_is_redone_alone_and_gets_a_new_corpus_entry(folder, tmp_path):
    cache = tmp_path / "cache"
    run(folder, cache)
    (folder / "storm.txt").write_text(EXTRA_ARTICLES["storm.txt"].replace("40,000", "50,000"), encoding="utf-8")
    changed = run(folder, cache)
    assert changed.stats["parsed"] == 1 and changed.stats["from_cache"] == 2
    assert len(list(cache.glob("corpus-*.pkl"))) == 2
    frames_equal(profile_corpus(folder, cache=False, n_process=1, progress=False), changed)
    (folder / "storm.txt").write_text(EXTRA_ARTICLES["storm.txt"], encoding="utf-8")  # back as it was: the first entry serves
    back = run(folder, cache)
    assert back.stats["parsed"] == 0 and "40,000" in " ".join(back.sentence_readability["text"])


def test_a_changed_setting_is_a_new_corpus_entry(folder, tmp_path):
    cache = tmp_path / "cache"
    run(folder, cache)
    off = run(folder, cache, gender=False)
    assert off.stats["steps_run"]["mentions"] == 3
    people = off.mentions[off.mentions["type"] == "person"]
    assert len(people) and set(people["gender"]) == {"unknown"}
    frames_equal(profile_corpus(folder, cache=False, n_process=1, progress=False, gender=False), off)


def test_a_removed_part_makes_the_corpus_entry_stale(folder, tmp_path):
    cache = tmp_path / "cache"
    cold = run(folder, cache)
    for part in cache.glob("part-*.parquet"):
        part.unlink()
    again = run(folder, cache)  # the entry names parts that are gone: the articles are profiled again
    assert again.stats["parsed"] == 3
    frames_equal(cold, again)
    third = run(folder, cache)
    assert third.stats["parsed"] == 0


def test_an_unreadable_corpus_entry_is_reported_removed_and_rebuilt(folder, tmp_path):
    cache = tmp_path / "cache"
    cold = run(folder, cache)
    (entry,) = cache.glob("corpus-*.pkl")
    entry.write_bytes(b"not a pickle")
    with pytest.warns(CacheWarning, match="corpus-"):
        again = run(folder, cache)
    assert again.stats["parsed"] == 0  # the articles' entries are intact
    frames_equal(cold, again)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        frames_equal(cold, run(folder, cache))


def test_compaction_keeps_the_corpus_entry_usable(folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    original = StepCache.compact
    monkeypatch.setattr(StepCache, "compact", lambda store, min_parts=0: original(store, 0))
    cold = run(folder, cache)
    assert len(list(cache.glob("part-*.parquet"))) == 1
    with monkeypatch.context() as m:
        NoArticleReads(m)
        warm = run(folder, cache)
    frames_equal(cold, warm)


def test_info_counts_and_clear_removes_corpus_entries(folder, tmp_path):
    cache = tmp_path / "cache"
    run(folder, cache)
    store = StepCache(cache)
    assert store.info().entries["corpus"] == 1
    store.clear()
    assert not list(cache.glob("corpus-*")) and not list(cache.glob("part-*"))
    store.trim(0)


def test_trim_removes_corpus_entries_too(folder, tmp_path):
    cache = tmp_path / "cache"
    run(folder, cache)
    StepCache(cache).trim(1)
    assert not list(cache.glob("corpus-*")) and not list(cache.glob("part-*"))
