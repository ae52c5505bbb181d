"""The one-pass corpus profiler: all frames from one parse, the cache, and the Dask engine."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import EXTRA_ARTICLES
from helpers import corpus
from helpers.corpus import profile_corpus
from helpers.paths import SHARED_DIR

POLNEAR_DEV = SHARED_DIR / "corpora" / "polnear" / "dev" / "text"


def assert_profiles_equal(a: corpus.CorpusProfile, b: corpus.CorpusProfile) -> None:
    for name, frame in a.frames().items():
        pd.testing.assert_frame_equal(frame.reset_index(drop=True), b.frames()[name].reset_index(drop=True), obj=name)


def test_every_frame_from_one_pass(folder, tmp_path):
    prof = profile_corpus(folder, cache_dir=tmp_path / "cache", n_process=1, progress=False)
    assert prof.stats["parsed"] == 3 and prof.stats["from_cache"] == 0
    ids = {"000_4eff886acbd5aaa1", "council", "storm"}
    for name in ("readability", "paragraph_readability", "sentence_readability", "mentions", "claims"):
        frame = getattr(prof, name)
        assert set(frame["article_id"]) <= ids and len(frame) > 0, name
    assert set(prof.readability["article_id"]) == ids
    # paragraph words add up to the article's words
    para_words = prof.paragraph_readability.groupby("article_id")["words"].sum()
    art_words = prof.readability.set_index("article_id")["words"]
    assert (para_words.sort_index() == art_words.sort_index()).all()
    assert "Donald Trump" in set(prof.actors["actor"])
    assert {"Jane Rowe"} <= set(prof.claims["speaker"])


def test_cache_reuses_rows_and_reparses_only_what_changed(folder, tmp_path):
    cache = tmp_path / "cache"
    cold = profile_corpus(folder, cache_dir=cache, n_process=1, progress=False)
    warm = profile_corpus(folder, cache_dir=cache, n_process=1, progress=False)
    assert warm.stats["parsed"] == 0 and warm.stats["from_cache"] == 3
    assert_profiles_equal(cold, warm)
    (folder / "storm.txt").write_text(EXTRA_ARTICLES["storm.txt"].replace("40,000", "50,000"), encoding="utf-8")
    changed = profile_corpus(folder, cache_dir=cache, n_process=1, progress=False)
    assert changed.stats["parsed"] == 1 and changed.stats["from_cache"] == 2
    assert "50,000" in " ".join(changed.sentence_readability["text"])
    bypass = profile_corpus(folder, cache=False, cache_dir=cache, n_process=1, progress=False)
    assert bypass.stats["parsed"] == 3
    assert_profiles_equal(changed, bypass)


def test_article_key_is_content_not_id():
    task = ("a", "Some text.", [("body", 0, 10)])
    assert corpus.article_key(task) == corpus.article_key(("b", "Some text.", [("body", 0, 10)]))
    assert corpus.article_key(task) != corpus.article_key(("a", "Some text!", [("body", 0, 10)]))


def test_local_processes_match_single_process(folder, tmp_path):
    one = profile_corpus(folder, cache=False, n_process=1, progress=False)
    two = profile_corpus(folder, cache=False, n_process=2, progress=False)
    assert_profiles_equal(one, two)


def test_save_writes_csv_and_parquet(folder, tmp_path):
    prof = profile_corpus(folder, cache=False, n_process=1, progress=False)
    written = prof.save(tmp_path / "out")
    names = {p.name for p in written}
    for frame in ("articles", "paragraphs", "readability", "mentions", "actors", "claims"):
        assert {f"{frame}.csv", f"{frame}.parquet"} <= names
    back = pd.read_parquet(tmp_path / "out" / "claims.parquet")
    assert len(back) == len(prof.claims)


@pytest.mark.slow
@pytest.mark.skipif(not POLNEAR_DEV.exists(), reason="PolNeAR dev not in ../shared")
def test_dask_engine_matches_local_on_polnear_dev(tmp_path):
    local = profile_corpus(POLNEAR_DEV, cache=False, n_process=2, progress=False)
    dask = profile_corpus(POLNEAR_DEV, cache=False, engine="dask", n_process=2, progress=False,
                          dataset=str(tmp_path / "dataset"))  # not a temporary folder left behind
    assert local.stats["profiled"] == 84
    assert_profiles_equal(local, dask)
