"""Group comparisons over a dataset, part by part (helpers.compare_dataset), equal the in-memory comparisons."""
from __future__ import annotations

import shutil

import pandas as pd

from helpers.compare_dataset import DatasetComparison
import pytest

from helpers import compare as C
from helpers import compare_dataset, dataflow
from helpers.corpus import profile_corpus
from helpers.paths import SHARED_DIR

POLNEAR_DEV = SHARED_DIR / "corpora" / "polnear" / "dev" / "text"
N_ARTICLES = 24


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """24 PolNeAR dev articles with outlet, date and a section for some (metadata.csv), in parts of 3 articles."""
    if not POLNEAR_DEV.exists():
        pytest.skip("PolNeAR is not in ../shared/corpora")
    folder = tmp_path_factory.mktemp("compare") / "corpus"
    folder.mkdir()
    rows = ["filename,outlet,published,section"]
    for n, path in enumerate(sorted(POLNEAR_DEV.glob("*.txt"))[::3][:N_ARTICLES]):
        shutil.copy(path, folder / path.name)
        outlet, date = path.name.split("_")[:2]
        if n % 5 != 4:  # some articles without metadata: the (unknown) group
            rows.append(f"{path.name},{outlet},{date},{'politics' if n % 2 else ''}")
    (folder / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    patch = pytest.MonkeyPatch()
    patch.setattr(dataflow, "TASK_ARTICLES", 3)
    try:
        profile = profile_corpus(folder, cache=False, dataset=str(folder.parent / "dataset"), progress=False)
    finally:
        patch.undo()
    assert len({task for task, _a in profile.view}) >= 8
    return profile


def in_memory(profile, group_by):
    articles, claims, mentions, actors = profile.articles, profile.claims, profile.mentions, profile.tables["actors"]
    grouping = C.group_articles(articles, claims, group_by)
    return {
        "sizes": grouping.sizes,
        "kind": C.count_claims_by_kind(claims, grouping),
        "speaker_type": C.count_claims_by_speaker_type(claims, grouping, actors),
        "speakers": C.rank_speakers(claims, grouping, 5, per_group=True, actors=actors),
        "speakers_overall": C.rank_speakers(claims, grouping, 5, per_group=False, actors=actors),
        "targets": C.rank_targets(claims, grouping, 5, per_group=True, actors=actors),
        "targets_overall": C.rank_targets(claims, grouping, 5, per_group=False, actors=actors),
        "quoted_mentioned": C.compare_quoted_mentioned(mentions, claims, grouping, 5),
        "quoted_mentioned_overall": C.compare_quoted_mentioned(mentions, claims, grouping, 5, per_group=False),
        "gender": C.compare_gender(mentions, claims, actors, grouping),
        "readability": C.compare_readability(profile.readability, grouping, "flesch_kincaid_grade", n_resamples=200),
    }, grouping


def on_dataset(profile, group_by):
    comparison = DatasetComparison(profile, group_by)
    grouping = comparison.grouping
    return {
        "sizes": grouping.sizes,
        "kind": comparison.count_claims_by_kind(),
        "speaker_type": comparison.count_claims_by_speaker_type(),
        "speakers": comparison.rank_speakers(5, per_group=True),
        "speakers_overall": comparison.rank_speakers(5, per_group=False),
        "targets": comparison.rank_targets(5, per_group=True),
        "targets_overall": comparison.rank_targets(5, per_group=False),
        "quoted_mentioned": comparison.compare_quoted_mentioned(5),
        "quoted_mentioned_overall": comparison.compare_quoted_mentioned(5, per_group=False),
        "gender": comparison.compare_gender(),
        "readability": comparison.compare_readability("flesch_kincaid_grade", n_resamples=200),
    }, grouping


def assert_same(expected: dict, got: dict) -> None:
    for name, frame in expected.items():
        other = got[name]
        assert list(other.columns) == list(frame.columns), name
        pd.testing.assert_frame_equal(other.reset_index(drop=True).astype(object),
                                      frame.reset_index(drop=True).astype(object), check_dtype=False, obj=name)
        assert other.attrs.get("notes", []) == frame.attrs.get("notes", []), name


@pytest.mark.parametrize("group_by", [None, "outlet", "month", "section"])
def test_comparisons_on_the_dataset_equal_the_in_memory_ones(dataset, group_by):
    expected, grouping = in_memory(dataset, group_by)
    got, dataset_grouping = on_dataset(dataset, group_by)
    assert dataset_grouping.order == grouping.order and dataset_grouping.notes == grouping.notes
    assert len(grouping.order) >= (1 if group_by is None else 2)
    assert expected["speakers"]["count"].sum() > 0 and expected["quoted_mentioned"]["n_mentions"].sum() > 0
    assert_same(expected, got)


def test_the_dataset_comparisons_never_load_a_whole_frame(dataset, monkeypatch):
    """Every frame is read part by part: a read of the run's whole view fails."""
    whole = len(dataset.view)
    real = dataflow.read_frame

    def part_only(fs, root, name, view, *args, **kw):
        assert len(view) < whole, f"{name} read whole"
        return real(fs, root, name, view, *args, **kw)

    monkeypatch.setattr(compare_dataset, "read_frame", part_only)
    fresh = dataflow.DatasetProfile(dataset.dataset, dataset.view, dataset.view_key, dataset.settings, {})
    comparison = DatasetComparison(fresh, "outlet")
    comparison.compare_quoted_mentioned(3)
    comparison.compare_readability()
    assert set(fresh._loaded) <= {"actors"}  # only the actors table, one row per actor


def test_the_mentions_over_time_equal_the_in_memory_ones(dataset):
    expected = C.count_mentions_over_time(dataset.mentions, dataset.claims, dataset.articles, 4)
    got = compare_dataset.count_mentions_over_time(dataset, 4)
    assert_same({"over_time": expected}, {"over_time": got})


def test_the_dask_engine_gives_the_same_comparisons(dataset):
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster:
        settings = dataset.settings.replace(engine="dask", scheduler=cluster.scheduler_address)
        on_dask = dataflow.DatasetProfile(dataset.dataset, dataset.view, dataset.view_key, settings, {})
        got, _g = on_dataset(on_dask, "outlet")
    expected, _g = in_memory(dataset, "outlet")
    assert_same(expected, got)


def test_counts_of_parts_add_up_with_the_first_spelling_in_corpus_order():
    a = pd.DataFrame({"group": ["x", "x"], "actor_id": ["person:a", "person:b"], "count": [2, 1],
                      "actor": ["Ann", "Bob"], "type": ["person", "person"], "position": [5, 6]})
    b = pd.DataFrame({"group": ["x"], "actor_id": ["person:a"], "count": [3], "actor": ["Ann Lee"],
                      "type": ["person"], "position": [1]})
    out = compare_dataset._combine_first([a, b], ["count"], ["actor", "type"])
    row = out.set_index("actor_id").loc["person:a"]
    assert (row["count"], row["actor"], row["position"]) == (5, "Ann Lee", 1)
    empty = compare_dataset.combine_counts()
    assert all(len(frame) == 0 for frame in empty.values())
