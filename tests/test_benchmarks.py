"""The benchmarks' matching and normalisation logic on constructed rows (no corpus needed)."""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.actors import judge_top, load_judgments, top_actors  # noqa: E402
from benchmarks.speakers import (ERROR_KINDS, as_list, best_claim, error_kind, names_match, normalise_name,  # noqa: E402
                                 score_rows, speaker_correct)


@pytest.mark.parametrize("raw, expected", [
    ("Mr. Trump", "trump"),
    ("Sen. Lindsey O. Graham Jr.", "lindsey o graham"),
    ("The Washington Post's", "washington post"),
    ("U.S.", "us"),
    ("Rep. Trey Gowdy (R-S.C.)", "trey gowdy"),
    ("former President Barack Obama", "barack obama"),
    ("Davis'", "davis"),
    ("Enrique Peña Nieto", "enrique pena nieto"),
    ("Donald Trump\u2019s", "donald trump"),
    (None, ""),
])
def test_normalise_name(raw, expected):
    assert normalise_name(raw) == expected


@pytest.mark.parametrize("pred, gold, ok", [
    ("Mr. Trump", "Donald Trump", True),           # title stripped, surname of the full name
    ("Donald Trump", "Trump", True),
    ("Donald J. Trump", "Donald Trump", True),      # middle initial
    ("J. Comey", "James Comey", True),              # initial of the first name
    ("Eric Garner", "Erica Garner", False),         # same surname, different first name
    ("Bill Clinton", "Hillary Clinton", False),
    ("Clinton", "Hillary Clinton", True),           # bare surname: accepted (the rule is about form)
    ("Trump", "Pence", False),
    ("The New York Times", "New York Times", True),
    ("New York Times", "Tampa Bay Times", False),   # same last word, first words conflict
    ("Republican Party", "Democratic Party", False),
    ("", "Donald Trump", False),
])
def test_names_match(pred, gold, ok):
    assert names_match(pred, gold) is ok
    assert speaker_correct(pred, gold) is ok


def test_aliases_count_for_the_gold_canonical():
    aliases = ["FBI", "the bureau"]
    assert speaker_correct("Federal Bureau of Investigation", "FBI", "organisation", aliases)
    assert not speaker_correct("Federal Bureau of Investigation", "FBI", "organisation", [])
    # aliases are compared whole: an alias "Trump" does not make Donald Trump denote Melania Trump
    assert not speaker_correct("Donald Trump", "Melania Trump", "person", ["Trump", "Donald Trump"])


def test_generic_rows():
    assert speaker_correct("", "")                       # empty gold, empty prediction: generic-correct
    assert speaker_correct(None, "")
    assert speaker_correct("Republicans", "", "group")   # a group for an unnamed crowd
    assert not speaker_correct("Donald Trump", "", "person")


def test_coordinations_accept_a_member_or_a_group():
    gold = "Jeb Bush; Chris Christie; John Kasich"
    assert speaker_correct("Chris Christie", gold, "person")
    assert speaker_correct("Republicans", gold, "group")
    assert not speaker_correct("Donald Trump", gold, "person")


def test_as_list():
    assert as_list(["a", "b"]) == ["a", "b"]
    assert as_list('["a", "b"]') == ["a", "b"]
    assert as_list("a; b") == ["a", "b"]
    assert as_list(float("nan")) == []


def pred(start, end, speaker="", **kw):
    return {"content_start": start, "content_end": end, "speaker": speaker, **kw}


def test_best_claim_needs_half_of_the_shorter_span():
    preds = [pred(0, 100, "A"), pred(90, 200, "B"), pred(300, 310, "C")]
    assert best_claim(preds, (95, 195))["speaker"] == "B"    # 100 of 105 chars vs 5
    assert best_claim(preds, (305, 400))["speaker"] == "C"   # the 10-char prediction is half inside
    assert best_claim(preds, (250, 302)) is None             # 2 of 10 chars: not enough
    assert best_claim([], (0, 10)) is None
    # quotes sharing a cue, joined into pieces, are scored on their pieces
    joined = {"content_start": 0, "content_end": 10, "speaker": "D", "pieces": [(0, 10), (30, 40)]}
    assert best_claim([joined], (0, 40))["speaker"] == "D"


@pytest.mark.parametrize("row, kind", [
    ({"pred_speaker": "", "pred_speaker_text": "", "canonical_type": "person"}, "no speaker"),
    ({"pred_speaker": "", "pred_speaker_text": "He", "canonical_type": "person"}, "pronoun unresolved"),
    ({"pred_speaker": "", "pred_speaker_text": "the agency", "canonical_type": "organisation"}, "nominal unresolved"),
    ({"pred_speaker": "", "pred_speaker_text": "X", "pred_resolution": "nominal", "canonical_type": "person"},
     "nominal unresolved"),
    ({"pred_speaker": "", "pred_speaker_text": "The Republican nominee", "canonical_type": "person"},
     "nominal unresolved"),
    ({"pred_speaker": "", "pred_speaker_text": "Trump", "canonical_type": "person"}, "name not linked"),
    ({"pred_speaker": "Mike Pence", "pred_type": "person", "canonical_type": "person"}, "wrong person"),
    ({"pred_speaker": "Russia", "pred_type": "place", "canonical_type": "person"},
     "organisation/place instead of person"),
    ({"pred_speaker": "Mike Pence", "pred_type": "person", "canonical_type": "organisation"},
     "person instead of organisation/place"),
])
def test_error_kind(row, kind):
    assert error_kind(row) == kind
    assert kind in ERROR_KINDS


def scored(form, canonical, found, correct, kind="", res=""):
    return {"source_form": form, "canonical": canonical, "found": found, "correct": correct, "error_kind": kind,
            "pred_resolution": res}


def test_score_rows_keeps_generic_rows_out_of_the_headline():
    rows = [scored("full-name", "Donald Trump", True, True, res="name"),
            scored("pronoun", "Donald Trump", True, False, "pronoun unresolved", "pronoun"),
            scored("surname", "Mike Pence", False, False),
            scored("generic", "", True, True),
            scored("other", "Jim VandeHei; Mike Allen", True, False)]
    s = score_rows(rows, has_resolution=True)
    assert s["headline"] == {"n": 2, "correct": 1, "accuracy": 0.5}
    assert s["generic"] == {"n": 2, "correct": 1, "accuracy": 0.5}   # generic and coordination rows, apart
    assert s["found_rate_named"] == round(2 / 3, 3)
    assert s["found_rate"] == 0.8
    assert s["by_source_form"]["surname"] == {"n": 0, "correct": 0, "accuracy": None, "gold_rows": 1}
    assert s["by_resolution"]["pronoun"]["accuracy"] == 0.0
    assert s["error_kinds"] == {"pronoun unresolved": 1}
    assert score_rows(rows, has_resolution=False)["by_resolution"] == "n/a"


def test_actor_judgments_are_keyed_by_id_and_unjudged_ones_are_listed(tmp_path):
    actors = pd.DataFrame({
        "actor_id": ["person:donald-trump", "person:obama", "person:barack-obama", "place:united-states"],
        "actor": ["Donald Trump", "Obama", "Barack Obama", "United States"],
        "type": ["person", "person", "person", "place"],
        "n_mentions": [500, 20, 300, 100]})
    path = tmp_path / "j.csv"
    path.write_text("actor_id,actor,type,verdict,reason\n"
                    "person:donald-trump,Donald Trump,person,right,\n"
                    "person:obama,Obama,person,wrong,split entity: Barack Obama\n"
                    "person:barack-obama,Barack Obama,person,right,\n"
                    "organisation:gone,Gone,organisation,right,\n", encoding="utf-8")
    top = top_actors(actors, 3)
    assert list(top["actor"]) == ["Donald Trump", "Barack Obama", "United States"]
    res = judge_top(actors, load_judgments(path), n=4)
    assert res["n_right"] == 2 and res["n_wrong"] == 1 and res["n_unjudged"] == 1
    assert res["share_right"] == 0.5
    assert [w["actor"] for w in res["wrong"]] == ["Obama"]
    assert [u["actor"] for u in res["unjudged"]] == ["United States"]
