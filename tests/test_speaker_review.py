"""helpers.speaker_review: counts per kind of speaker resolution and the list of inferred or empty speakers."""
from __future__ import annotations

import math

import pandas as pd

from helpers.speaker_review import RESOLUTION_DESCRIPTIONS, count_speaker_resolutions, list_speakers_to_check
from helpers.speakers import RESOLUTIONS


def _claims() -> pd.DataFrame:
    rows = [  # article, kind, resolution, speaker text, content start
        ("b", "direct", "pronoun", "she", 50),
        ("a", "direct", "name", "Ms. Diaz", 10),
        ("a", "indirect", "nominal", "the spokesman", 90),
        ("a", "direct", "pronoun", "he", 40),
        ("a", "direct", "none", "", 70),
        ("b", "assertion", "none", "", 5),  # the story's own statement: not a speaker to check
        ("b", "direct", "continued", "", 120),
    ]
    frame = pd.DataFrame(rows, columns=["article_id", "kind", "speaker_resolution", "speaker_text", "content_start"])
    frame["claim_id"] = [f"{a}:{i}" for i, a in enumerate(frame["article_id"])]
    frame["speaker"] = frame["speaker_text"].str.title()
    frame["content_end"] = frame["content_start"] + 10
    return frame


def test_counts_cover_every_kind_in_order_with_shares_of_attributed_claims():
    counts = count_speaker_resolutions(_claims())
    assert counts["speaker_resolution"].tolist() == list(RESOLUTIONS)
    by = counts.set_index("speaker_resolution")
    assert by.loc["pronoun", "n_claims"] == 2 and by.loc["pronoun", "n_articles"] == 2
    assert by.loc["none", "n_claims"] == 1  # the assertion is not counted
    assert by.loc["metonym", "n_claims"] == 0 and by.loc["metonym", "n_articles"] == 0
    assert by["n_claims"].sum() == 6 and math.isclose(by["share"].sum(), 1.0)
    assert all(by["description"] == [RESOLUTION_DESCRIPTIONS[k] for k in RESOLUTIONS])


def test_the_list_to_check_is_by_kind_then_reading_order_and_leaves_names_out():
    listed = list_speakers_to_check(_claims())
    assert listed["speaker_resolution"].tolist() == ["pronoun", "pronoun", "nominal", "continued", "none"]
    assert listed["article_id"].tolist()[:2] == ["a", "b"]  # pronouns: article a first
    assert "Ms. Diaz" not in listed["speaker_text"].tolist()
    only_empty = list_speakers_to_check(_claims(), kinds=("none",))
    assert only_empty["content_start"].tolist() == [70]


def test_empty_frames_give_empty_tables_with_their_columns():
    empty = _claims().iloc[0:0]
    assert count_speaker_resolutions(empty)["n_claims"].sum() == 0
    assert list_speakers_to_check(empty).empty and "speaker_text" in list_speakers_to_check(empty)
