"""helpers.compare: groups, interval helpers, and per-group frames on a constructed corpus with known answers.

The corpus: outlet Alpha (3 articles, September and October 2016), outlet Beta (2 articles, one undated) and one
article without an outlet; one more input was not profiled (status empty) and must not count anywhere.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers.compare import (
    ALL, OTHER, UNATTRIBUTED, UNKNOWN, article_groups, bootstrap_median_ci, choose_group_by, compare_gender, compare_quoted_mentioned,
    compare_readability, count_claims_by_kind, count_claims_by_speaker_type, count_mentions_over_time,
    count_metadata_coverage, find_changes, find_contrast, format_contrast, format_group_labels, format_interval,
    group_articles, order_groups, percent_tickformat, place_point_labels, plot_gender_composition, plot_group_medians,
    plot_over_time, plot_quoted_mentioned, plot_rank_heatmap, plot_share_dots, plot_share_lines, rank_speakers,
    rank_targets, wilson_interval,
)


# ---------------------------------------------------------------------------------------------- interval helpers

@pytest.mark.parametrize("k, n, low, high", [
    # the 95% Wilson score interval as tabulated (e.g. Brown, Cai and DasGupta 2001; any binomial CI calculator)
    (0, 10, 0.0, 0.2775),
    (5, 10, 0.2366, 0.7634),
    (10, 10, 0.7225, 1.0),
    (1, 10, 0.0179, 0.4042),
    # Newcombe (1998), Statistics in Medicine 17:857-872, Table II, method 3 (score interval without correction)
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_interval_matches_reference_tables(k, n, low, high):
    got = wilson_interval(k, n)
    assert got == pytest.approx((low, high), abs=5e-5)


def test_wilson_interval_edges_and_arrays():
    assert all(math.isnan(v) for v in wilson_interval(0, 0))
    low, high = wilson_interval(np.array([0, 5, 10]), np.array([10, 10, 10]))
    assert low.tolist() == pytest.approx([0.0, 0.2366, 0.7225], abs=5e-5)
    assert high.tolist() == pytest.approx([0.2775, 0.7634, 1.0], abs=5e-5)
    # a wider z widens the interval; 5/10 stays centred on one half
    wide = wilson_interval(5, 10, z=2.576)
    assert wide[0] < 0.2366 and wide[1] > 0.7634 and sum(wide) == pytest.approx(1.0)


def test_bootstrap_median_ci_is_seeded_and_deterministic():
    values = [3.0, 9.5, 7.25, 11.0, 8.0, 12.5, 10.0, 6.0, 9.0, 14.0, 7.5]
    first = bootstrap_median_ci(values, n_resamples=1000, seed=7)
    assert bootstrap_median_ci(values, n_resamples=1000, seed=7) == first
    sample = np.random.default_rng(5).normal(10, 2, 50)
    assert bootstrap_median_ci(sample, seed=1) == bootstrap_median_ci(sample, seed=1)
    assert bootstrap_median_ci(sample, seed=1) != bootstrap_median_ci(sample, seed=2)  # the seed is used
    low, high = first
    assert low <= float(np.median(values)) <= high
    assert min(values) <= low and high <= max(values)


def test_bootstrap_median_ci_known_values():
    # two values: a resample's median is a (1/4), the midpoint (1/2) or b (1/4), so the 95% percentile interval is (a, b)
    assert bootstrap_median_ci([2.0, 6.0], n_resamples=2000, seed=1) == (2.0, 6.0)
    assert bootstrap_median_ci([4.0, 4.0, 4.0], seed=3) == (4.0, 4.0)
    assert bootstrap_median_ci([5.5]) == (5.5, 5.5)
    assert all(math.isnan(v) for v in bootstrap_median_ci([]))
    assert bootstrap_median_ci([1.0, float("nan"), None, 1.0]) == (1.0, 1.0)  # missing scores are dropped


def test_bootstrap_median_ci_width_matches_theory():
    # the median of n uniform(0, 1) values has standard error about 1 / (2 sqrt(n)): a 95% interval about +-0.049 at n=401
    values = np.random.default_rng(0).uniform(0, 1, 401)
    low, high = bootstrap_median_ci(values, n_resamples=2000, seed=0)
    assert low < np.median(values) < high
    assert 0.07 < high - low < 0.13


# ---------------------------------------------------------------------------------------------- a corpus with known answers

@pytest.fixture()
def articles() -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": ["a1", "a2", "a3", "b1", "b2", "c1", "x1"],
        "status": ["ok", "ok", "ok", "ok", "ok", "ok", "empty"],
        "outlet": ["Alpha", "Alpha", " Alpha ", "Beta", "Beta", "", "Alpha"],
        "published": pd.to_datetime(["2016-09-10", "2016-09-20", "2016-10-01", None, "2016-10-05", "2016-09-02", None]),
        "author": ["Ann Reporter", "", "Ann Reporter", "Bo", "Bo", "Bo", ""],
        "url": [""] * 7,
        "section": ["politics", "politics", "world", "", "politics", "world", ""],
        "meta": [{"category": "news"}, {"category": "news"}, {}, {"category": "opinion"}, {}, None, {}],
    })


@pytest.fixture()
def claims() -> pd.DataFrame:
    rows = [
        # a1: Ann twice (direct), Bob once, the UN once, one unresolved speaker, one assertion
        ("a1", "direct", "Ann Lee", "person:ann-lee", ["Bob Ray"], ["person:bob-ray"]),
        ("a1", "direct", "Ann Lee", "person:ann-lee", ["Bob Ray", "United Nations"], ["person:bob-ray", "organisation:un"]),
        ("a1", "indirect", "Bob Ray", "person:bob-ray", ["Ann Lee"], ["person:ann-lee"]),
        ("a1", "indirect", "United Nations", "organisation:un", [], []),
        ("a1", "indirect", "", "", ["Bob Ray"], ["person:bob-ray"]),
        ("a1", "assertion", "", "", ["Cat Doe"], ["person:cat-doe"]),
        # a2: Ann once (mixed); a3: nothing
        ("a2", "mixed", "Ann Lee", "person:ann-lee", ["Bob Ray", "Bob Ray"], ["person:bob-ray", "person:bob-ray"]),
        # b1: Bob twice, one unresolved; b2: the place France once
        ("b1", "direct", "Bob Ray", "person:bob-ray", ["Ann Lee"], ["person:ann-lee"]),
        ("b1", "indirect", "Bob Ray", "person:bob-ray", [], []),
        ("b1", "direct", "", "", [], []),
        ("b2", "indirect", "France", "place:france", ["Dan X"], ["person:dan-x"]),
        # x1 was not profiled: never counted
        ("x1", "direct", "Ann Lee", "person:ann-lee", [], []),
    ]
    frame = pd.DataFrame(rows, columns=["article_id", "kind", "speaker", "speaker_actor_id", "targets", "target_actor_ids"])
    frame["claim_id"] = [f"{a}:{i:03d}" for i, a in enumerate(frame["article_id"])]
    return frame


@pytest.fixture()
def mentions() -> pd.DataFrame:
    rows = [
        ("a1", "person:ann-lee", "Ann Lee", "person"), ("a1", "person:ann-lee", "Ann Lee", "person"),
        ("a1", "person:bob-ray", "Bob Ray", "person"), ("a1", "organisation:un", "United Nations", "organisation"),
        ("a1", "person:cat-doe", "Cat Doe", "person"),
        ("a2", "person:ann-lee", "Ann Lee", "person"), ("a2", "person:bob-ray", "Bob Ray", "person"),
        ("a3", "place:france", "France", "place"),
        ("b1", "person:bob-ray", "Bob Ray", "person"), ("b1", "person:dan-x", "Dan X", "person"),
        ("b2", "place:france", "France", "place"), ("b2", "person:dan-x", "Dan X", "person"),
        ("c1", "person:ann-lee", "Ann Lee", "person"),
        ("x1", "person:eve-y", "Eve Y", "person"),
    ]
    return pd.DataFrame(rows, columns=["article_id", "actor_id", "actor", "type"])


@pytest.fixture()
def actors() -> pd.DataFrame:
    return pd.DataFrame({
        "actor_id": ["person:ann-lee", "person:bob-ray", "person:cat-doe", "person:dan-x", "organisation:un", "place:france"],
        "actor": ["Ann Lee", "Bob Ray", "Cat Doe", "Dan X", "United Nations", "France"],
        "type": ["person", "person", "person", "person", "organisation", "place"],
        "gender": ["female", "male", "female", "unknown", None, None],
        "gender_evidence": ["Ms.", "Mr.", "first name", "", "", ""],
    })


@pytest.fixture()
def readability() -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": ["a1", "a2", "a3", "b1", "b2", "c1", "x1"],
        "flesch_kincaid_grade": [8.0, 10.0, 12.0, 14.0, float("nan"), 9.0, 1.0],
        "reason": ["", "", "", "", "fewer than 2 sentences", "", ""],
    })


@pytest.fixture()
def by_outlet(articles, claims) -> object:
    return group_articles(articles, claims, "outlet", min_articles=3)


def _row(frame: pd.DataFrame, **where) -> pd.Series:
    mask = np.ones(len(frame), dtype=bool)
    for column, value in where.items():
        mask &= (frame[column] == value).to_numpy()
    assert mask.sum() == 1, (where, frame[mask])
    return frame[mask].iloc[0]


def test_article_groups_by_every_field(articles):
    assert article_groups(articles, "outlet").tolist() == ["Alpha", "Alpha", "Alpha", "Beta", "Beta", UNKNOWN, "Alpha"]
    assert article_groups(articles, "month").tolist() == ["2016-09", "2016-09", "2016-10", UNKNOWN, "2016-10", "2016-09", UNKNOWN]
    assert article_groups(articles, "year").tolist() == ["2016", "2016", "2016", UNKNOWN, "2016", "2016", UNKNOWN]
    assert article_groups(articles, "author").tolist()[:3] == ["Ann Reporter", UNKNOWN, "Ann Reporter"]
    assert article_groups(articles, "section").tolist()[3] == UNKNOWN
    assert article_groups(articles, "category").tolist() == ["news", "news", UNKNOWN, "opinion", UNKNOWN, UNKNOWN, UNKNOWN]
    assert article_groups(articles, None).tolist() == [ALL] * 7
    assert article_groups(articles, "outlet").index.tolist() == articles["article_id"].tolist()


def test_article_groups_without_metadata_columns():
    bare = pd.DataFrame({"article_id": ["a", "b"], "body": ["x", "y"]})
    for key in ("outlet", "month", "year", "section", "author", "category"):
        assert article_groups(bare, key).tolist() == [UNKNOWN, UNKNOWN]
    grouping = group_articles(bare, None, "outlet")
    assert grouping.order == [UNKNOWN] and grouping.notes and "outlet" in grouping.notes[0]


def test_article_groups_reads_text_dates_and_json_meta():
    frame = pd.DataFrame({"article_id": ["a", "b", "c"], "published": ["2016-09-30T23:00:00-04:00", "not a date", None],
                          "meta": ['{"category": "tech"}', "", None]})
    assert article_groups(frame, "month").tolist() == ["2016-09", UNKNOWN, UNKNOWN]
    assert article_groups(frame, "category").tolist() == ["tech", UNKNOWN, UNKNOWN]


def test_order_groups_by_date_or_size_unknown_last():
    assert order_groups(["2016-10", UNKNOWN, "2016-09", "2016-10"], "month") == ["2016-09", "2016-10", UNKNOWN]
    assert order_groups(["b", UNKNOWN, "a", "c"], "outlet", {"a": 1, "b": 1, "c": 5}) == ["c", "a", "b", UNKNOWN]


def test_group_sizes_count_only_profiled_articles_and_flag_small_groups(by_outlet):
    sizes = by_outlet.sizes.set_index("group")
    assert by_outlet.order == ["Alpha", "Beta", UNKNOWN]
    assert sizes["n_articles"].to_dict() == {"Alpha": 3, "Beta": 2, UNKNOWN: 1}
    assert sizes["n_claims"].to_dict() == {"Alpha": 7, "Beta": 4, UNKNOWN: 0}
    assert sizes["n_attributed"].to_dict() == {"Alpha": 6, "Beta": 4, UNKNOWN: 0}
    assert sizes["small_group"].to_dict() == {"Alpha": False, "Beta": True, UNKNOWN: True}
    # the default threshold is 5 articles: every group here is small
    assert group_articles(by_outlet.labels.to_frame().reset_index(), None, "group").sizes["small_group"].all()


def test_every_comparison_frame_carries_the_group_sizes(articles, claims, mentions, actors, readability, by_outlet):
    frames = [
        compare_readability(readability, by_outlet, n_resamples=200),
        count_claims_by_speaker_type(claims, by_outlet, actors),
        count_claims_by_kind(claims, by_outlet),
        rank_speakers(claims, by_outlet, 2),
        rank_targets(claims, by_outlet, 2),
        compare_quoted_mentioned(mentions, claims, by_outlet, 2),
        compare_gender(mentions, claims, actors, by_outlet),
    ]
    for frame in frames:
        assert {"group", "n_articles", "n_claims", "small_group"} <= set(frame.columns)
        beta = frame[frame["group"] == "Beta"]
        assert (beta["n_articles"] == 2).all() and (beta["n_claims"] == 4).all() and beta["small_group"].all()
        assert list(dict.fromkeys(frame["group"])) == [g for g in by_outlet.order if g in set(frame["group"])]


def test_readability_per_group(readability, by_outlet):
    frame = compare_readability(readability, by_outlet, n_resamples=500, seed=0)
    alpha = _row(frame, group="Alpha")
    assert alpha["n_scored"] == 3 and alpha["median"] == 10.0 and alpha["q1"] == 9.0 and alpha["q3"] == 11.0
    assert alpha["ci_low"] == 8.0 and alpha["ci_high"] == 12.0
    beta = _row(frame, group="Beta")  # b2 has no grade: one score left
    assert beta["n_scored"] == 1 and beta["median"] == 14.0 and (beta["ci_low"], beta["ci_high"]) == (14.0, 14.0)
    assert frame.equals(compare_readability(readability, by_outlet, n_resamples=500, seed=0))
    with pytest.raises(ValueError, match="flesch_kincaid_grade"):
        compare_readability(readability, by_outlet, formula="no_such_formula")


def test_claims_by_speaker_type(claims, actors, by_outlet):
    frame = count_claims_by_speaker_type(claims, by_outlet, actors)
    alpha = frame[frame["group"] == "Alpha"].set_index("speaker_type")
    assert list(alpha.index) == ["person", "organisation", "place", "group", UNATTRIBUTED]
    assert alpha["count"].to_dict() == {"person": 4, "organisation": 1, "place": 0, "group": 0, UNATTRIBUTED: 1}
    assert (alpha["total"] == 6).all() and alpha["share"].sum() == pytest.approx(1.0)
    assert (alpha.loc["person", "ci_low"], alpha.loc["person", "ci_high"]) == pytest.approx(wilson_interval(4, 6))
    beta = frame[frame["group"] == "Beta"].set_index("speaker_type")["count"].to_dict()
    assert beta == {"person": 2, "organisation": 0, "place": 1, "group": 0, UNATTRIBUTED: 1}
    unknown = frame[frame["group"] == UNKNOWN]
    assert (unknown["total"] == 0).all() and unknown["share"].isna().all()  # no claims: no share, not zero
    # without an actors frame the type comes from the actor id
    assert count_claims_by_speaker_type(claims, by_outlet)["count"].tolist() == frame["count"].tolist()


def test_claims_by_kind(claims, by_outlet):
    frame = count_claims_by_kind(claims, by_outlet)
    alpha = frame[frame["group"] == "Alpha"].set_index("kind")
    assert alpha["count"].to_dict() == {"direct": 2, "indirect": 3, "mixed": 1, "assertion": 1}
    assert alpha.loc["direct", "share"] == pytest.approx(2 / 7)
    assert frame[frame["group"] == "Beta"].set_index("kind")["count"].to_dict() == {
        "direct": 2, "indirect": 2, "mixed": 0, "assertion": 0}


def test_top_speakers_with_other_and_unattributed(claims, actors, by_outlet):
    frame = rank_speakers(claims, by_outlet, top_n=1, actors=actors)
    alpha = frame[frame["group"] == "Alpha"]
    assert alpha["actor"].tolist() == ["Ann Lee", OTHER, UNATTRIBUTED]
    assert alpha["count"].tolist() == [3, 2, 1] and alpha["share"].sum() == pytest.approx(1.0)
    assert alpha["rank"].tolist() == [1, 2, 3]
    beta = frame[frame["group"] == "Beta"]
    assert beta["actor"].tolist() == ["Bob Ray", OTHER, UNATTRIBUTED] and beta["count"].tolist() == [2, 1, 1]
    # corpus-wide top 2 (Ann 3, Bob 3; ties by id): the same rows in every group, zeros kept
    corpus = rank_speakers(claims, by_outlet, top_n=2, per_group=False)
    beta = corpus[corpus["group"] == "Beta"].set_index("actor")["count"].to_dict()
    assert beta == {"Ann Lee": 0, "Bob Ray": 2, OTHER: 1, UNATTRIBUTED: 1}


def test_top_targets_count_each_claim_once(claims, actors, by_outlet):
    frame = rank_targets(claims, by_outlet, top_n=1, actors=actors)
    alpha = frame[frame["group"] == "Alpha"]
    # Bob is named in 4 attributed Alpha claims (twice in one claim counts once); Ann 1, the UN 1; the assertion is left out
    assert alpha["actor"].tolist() == ["Bob Ray", OTHER] and alpha["count"].tolist() == [4, 2]
    assert alpha["actor_id"].tolist() == ["person:bob-ray", ""] and alpha["type"].tolist() == ["person", ""]
    # without target_actor_ids the names are looked up in the actors frame
    names_only = rank_targets(claims.drop(columns="target_actor_ids"), by_outlet, top_n=1, actors=actors)
    assert names_only[["group", "actor_id", "count"]].equals(frame[["group", "actor_id", "count"]])
    assert rank_targets(claims.drop(columns="target_actor_ids"), by_outlet, top_n=1)["actor_id"].eq("").all()


def test_quoted_versus_mentioned(mentions, claims, by_outlet):
    frame = compare_quoted_mentioned(mentions, claims, by_outlet, top_n=2)
    ann = _row(frame, group="Alpha", actor="Ann Lee")
    assert (ann["n_mentions"], ann["n_articles_naming"], ann["n_quoted"]) == (3, 2, 3)
    assert ann["share_articles"] == pytest.approx(2 / 3)
    bob = _row(frame, group="Alpha", actor="Bob Ray")
    assert (bob["n_mentions"], bob["n_quoted"]) == (2, 1)
    other = _row(frame, group="Alpha", actor=OTHER)  # the UN, Cat Doe and France
    assert (other["n_mentions"], other["n_quoted"], other["n_articles_naming"]) == (3, 1, 2)
    dan = _row(frame, group="Beta", actor="Dan X")
    assert (dan["n_mentions"], dan["n_quoted"]) == (2, 0)


def test_mentions_over_time(mentions, claims, articles):
    frame = count_mentions_over_time(mentions, claims, articles, top_n=2, min_articles=2)
    assert list(dict.fromkeys(frame["group"])) == ["2016-09", "2016-10", UNKNOWN]
    assert set(frame["actor"]) == {"Ann Lee", "Bob Ray"}  # corpus top 2 by mentions: Ann 4, Bob 3
    sep = frame[frame["group"] == "2016-09"].set_index("actor")
    assert sep.loc["Ann Lee", "n_mentions"] == 4 and sep.loc["Ann Lee", "n_quoted"] == 3
    october = frame[frame["group"] == "2016-10"].set_index("actor")
    assert october["n_mentions"].to_dict() == {"Ann Lee": 0, "Bob Ray": 0}  # months without a mention keep a zero
    assert (sep["n_articles"] == 3).all() and not sep["small_group"].any()


def test_gender_of_people_quoted_and_mentioned(mentions, claims, actors, by_outlet):
    frame = compare_gender(mentions, claims, actors, by_outlet)
    alpha = frame[frame["group"] == "Alpha"]
    quoted = alpha[alpha["measure"] == "quoted"].set_index("gender")
    assert quoted["count"].to_dict() == {"female": 1, "male": 1, "unknown": 0}  # Ann and Bob, each counted once
    assert quoted.loc["female", "share"] == 0.5
    assert (quoted.loc["female", "ci_low"], quoted.loc["female", "ci_high"]) == pytest.approx(wilson_interval(1, 2))
    mentioned = alpha[alpha["measure"] == "mentioned"].set_index("gender")
    assert mentioned["count"].to_dict() == {"female": 2, "male": 1, "unknown": 0}  # Ann, Cat; Bob
    beta = frame[frame["group"] == "Beta"]
    assert beta[beta["measure"] == "mentioned"].set_index("gender")["count"].to_dict() == {"female": 0, "male": 1, "unknown": 1}
    assert beta[beta["measure"] == "quoted"].set_index("gender")["count"].to_dict() == {"female": 0, "male": 1, "unknown": 0}
    assert frame.attrs["notes"] == []


def test_gender_without_a_gender_column_counts_everyone_unknown(mentions, claims, actors, by_outlet):
    frame = compare_gender(mentions, claims, actors.drop(columns=["gender", "gender_evidence"]), by_outlet)
    alpha = frame[(frame["group"] == "Alpha") & (frame["measure"] == "mentioned")].set_index("gender")
    assert alpha["count"].to_dict() == {"female": 0, "male": 0, "unknown": 3}
    assert any("gender" in note for note in frame.attrs["notes"])
    assert len(compare_gender(mentions, claims, None, by_outlet)) == len(frame)


def test_missing_frames_and_columns_still_work(articles, mentions, actors, by_outlet):
    empty_claims = pd.DataFrame()
    grouping = group_articles(articles, empty_claims, "outlet")
    assert grouping.sizes["n_claims"].eq(0).all()
    assert count_claims_by_kind(None, grouping)["count"].eq(0).all()
    assert rank_speakers(empty_claims, grouping).empty
    assert compare_readability(pd.DataFrame(), grouping)["n_scored"].eq(0).all()
    nothing = group_articles(articles.assign(status="empty"), None, "outlet")
    assert nothing.order == [] and compare_gender(pd.DataFrame(), None, None, nothing).empty
    assert compare_quoted_mentioned(pd.DataFrame(), None, nothing).empty


def test_metadata_coverage(articles):
    coverage = count_metadata_coverage(articles).set_index("field")
    assert coverage.loc["outlet", "n_with_value"] == 5 and coverage.loc["outlet", "n_articles"] == 6
    assert coverage.loc["published", "n_with_value"] == 5 and coverage.loc["url", "n_with_value"] == 0
    assert coverage.loc["meta.category", "n_with_value"] == 3 and coverage.loc["meta.category", "n_values"] == 2
    bare = count_metadata_coverage(pd.DataFrame({"article_id": ["a"]})).set_index("field")
    assert not bare.loc["outlet", "in_frame"] and bare["n_with_value"].eq(0).all()


def test_find_contrast_leaves_out_small_groups(claims, actors, articles):
    grouping = group_articles(articles, claims, "outlet", min_articles=1)
    persons = count_claims_by_speaker_type(claims, grouping, actors).query("speaker_type == 'person'")
    contrast = find_contrast(persons)
    assert contrast["high"]["group"] == "Alpha" and contrast["low"]["group"] == "Beta" and contrast["overlap"]
    small = group_articles(articles, claims, "outlet", min_articles=3)
    assert find_contrast(count_claims_by_speaker_type(claims, small, actors).query("speaker_type == 'person'")) is not None
    assert find_contrast(persons[persons["group"] == "Alpha"]) is None


def test_labels_and_interval_text(by_outlet):
    labels = format_group_labels(by_outlet.sizes).tolist()
    assert labels == ["Alpha (3 articles)", "Beta (2 articles, small)", f"{UNKNOWN} (1 article, small)"]
    assert format_interval(0.5, *wilson_interval(5, 10)) == "50% (95% CI 24-76%)"
    assert format_interval(float("nan"), float("nan"), float("nan")) == "n/a"


# ---------------------------------------------------------------------------------------------- figures and sentences

def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple, np.ndarray)):
        return [s for v in value for s in _strings(v)]
    return []


def test_figures_build_on_every_frame_and_escape_labels(articles, claims, mentions, actors, readability):
    hostile = articles.assign(outlet=["<script>alert(1)</script>"] * 3 + ["Beta", "Beta", "", "x"])
    grouping = group_articles(hostile, claims, "outlet", min_articles=3)
    figures = [
        plot_group_medians(compare_readability(readability, grouping, n_resamples=100), "t", "grade"),
        plot_share_dots(count_claims_by_speaker_type(claims, grouping, actors), "speaker_type", "t"),
        plot_rank_heatmap(rank_speakers(claims, grouping, 2, per_group=False), "t"),
        plot_quoted_mentioned(compare_quoted_mentioned(mentions, claims, grouping, 2), "t"),
        plot_over_time(count_mentions_over_time(mentions, claims, hostile, 2, 1), "t"),
        plot_gender_composition(compare_gender(mentions, claims, actors, grouping), "t"),
        plot_share_lines(compare_gender(mentions, claims, actors, group_articles(hostile, claims, "month"))
                         .query("gender == 'female'"), "measure", "t"),
    ]
    for fig in figures:
        assert not [s for s in _strings(fig.to_dict()) if "<script>" in s]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; (3 articles)" in _strings(figures[1].to_dict())
    heat = figures[2].data[0]
    assert list(heat.y) == ["Ann Lee", "Bob Ray", OTHER, UNATTRIBUTED]
    assert heat.z[2][0] is None or math.isnan(heat.z[2][0])  # "other" is counted, not coloured
    assert heat.text[0][0] == "3"
    # a target known only by name (no actor id) is still a named row, coloured like the others
    by_name = plot_rank_heatmap(rank_targets(claims.drop(columns="target_actor_ids"), grouping, 1, per_group=False), "t")
    assert list(by_name.data[0].y) == ["Bob Ray", OTHER] and not math.isnan(by_name.data[0].z[0][0])


def test_find_changes_compares_first_and_last_dated_group():
    frame = pd.DataFrame({
        "group": ["2016-01", "2016-02", "2016-03", UNKNOWN] * 2,
        "actor": ["A"] * 4 + ["B"] * 4,
        "share": [0.1, 0.2, 0.5, 0.9, 0.4, 0.3, 0.2, 0.0],
        "ci_low": [0.05, 0.1, 0.4, 0.8, 0.3, 0.2, 0.1, 0.0],
        "ci_high": [0.2, 0.3, 0.6, 1.0, 0.5, 0.4, 0.35, 0.1],
        "small_group": [False] * 8,
    })
    changes = find_changes(frame, "share", "ci_low", "ci_high")
    assert changes["actor"].tolist() == ["A", "B"]
    a = changes.iloc[0]
    assert (a["first"], a["last"], a["change"], a["overlap"]) == ("2016-01", "2016-03", pytest.approx(0.4), False)
    assert bool(changes.iloc[1]["overlap"]) is True


def test_sentence_parts_escape_group_names():
    contrast = {"high": {"group": "*Alpha*", "count": 3, "total": 4, "share": 0.75, "ci_low": 0.3, "ci_high": 0.95,
                         "small_group": True},
                "low": {"group": "Beta", "count": 1, "total": 4, "share": 0.25, "ci_low": 0.05, "ci_high": 0.7,
                        "small_group": False}, "overlap": True}
    text = format_contrast(contrast)
    assert text.startswith("highest in **\\*Alpha\\*** (small group), 3 of 4, 75% (95% CI 30-95%); lowest in **Beta**")
    assert text.endswith("the intervals overlap, so the difference could be noise")


def test_close_points_in_one_panel_get_labels_on_different_sides():
    frame = pd.DataFrame({"panel": ["a", "a", "a", "b", "a"], "x": [800, 790, 100, 795, 805], "y": [160, 150, 20, 150, 155],
                          "name": ["Trump", "Clinton", "Sanders", "Clinton", ""]})
    positions = place_point_labels(frame, "x", "y", "name", "panel").tolist()
    assert positions[0] == "top center" and positions[1] == "bottom center"  # Clinton sits on Trump's label
    assert positions[2] == "top center"  # far away
    assert positions[3] == "top center"  # another panel
    assert positions[4] == "top center"  # no label to place
    three = pd.DataFrame({"panel": ["a"] * 3, "x": [10, 10, 10], "y": [5, 5, 5], "name": ["A", "B", "C"]})
    assert place_point_labels(three, "x", "y", "name", "panel").tolist() == ["top center", "bottom center", "middle right"]


def test_percent_ticks_get_decimals_when_every_share_is_small():
    assert [percent_tickformat(v) for v in (0.6, 0.1, 0.04, 0.009)] == [".0%", ".0%", ".1%", ".2%"]
    frame = pd.DataFrame({"group": ["a", "b"], "kind": ["mixed", "mixed"], "count": [1, 2], "total": [100, 120],
                          "share": [0.01, 0.0167], "ci_low": [0.002, 0.005], "ci_high": [0.05, 0.06],
                          "n_articles": [10, 12], "n_claims": [100, 120], "n_attributed": [100, 120],
                          "small_group": [False, False]})
    wide = frame.assign(kind="direct", share=[0.4, 0.5], ci_low=[0.3, 0.4], ci_high=[0.5, 0.6])
    fig = plot_share_dots(pd.concat([frame, wide], ignore_index=True), "kind", "t")
    formats = {fig.layout[f"xaxis{'' if i == 1 else i}"].tickformat for i in (1, 2)}
    assert formats == {".1%", ".0%"}  # each panel its own: 0-6% with a decimal, 0-60% without


def test_the_default_group_is_the_first_field_that_splits_the_articles():
    base = pd.DataFrame({"article_id": ["a", "b", "c"], "status": ["ok"] * 3, "outlet": ["", "", ""],
                         "published": [pd.NaT] * 3, "section": ["sport", "tech", "sport"], "author": ["x", "y", "z"]})
    assert choose_group_by(base) == "section"  # the BBC set: no outlet, no date, a category
    assert choose_group_by(base.assign(outlet=["bbc", "bbc", "bbc"])) == "section"  # one outlet splits nothing
    assert choose_group_by(base.assign(outlet=["nyt", "wapo", "nyt"])) == "outlet"
    dated = base.assign(published=pd.to_datetime(["2016-01-02", "2016-02-03", "2016-02-09"]))
    assert choose_group_by(dated) == "month"
    assert choose_group_by(base.assign(section="", author="")) == "outlet"  # nothing splits: the default
