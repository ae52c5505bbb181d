"""Tests for the gender of person actors (helpers.actor_gender and its use in helpers.actors): evidence and conflicts."""
from __future__ import annotations

import sys

import pandas as pd
import pytest

from helpers.actor_gender import (
    NQG_THRESHOLD,
    decide,
    given_name_evidence,
    nqg_lookup,
    role_head,
    title_evidence,
)
from helpers.actors import corpus_gender, extract_mentions, summarize_actors
from helpers.load import load_articles


def _people(body: str, tmp_path, **kw) -> tuple[pd.DataFrame, pd.DataFrame]:
    paras = "\n\n".join(p.strip() for p in body.strip().split("\n\n"))
    (tmp_path / "a.txt").write_text(f"A headline about things\n\n{paras}\n", encoding="utf-8")
    m = extract_mentions(load_articles(tmp_path), **kw)
    s = summarize_actors(m)
    return m, s.set_index("actor")


def test_honorific_role_and_given_name_are_evidence(tmp_path):
    body = """
Mrs. Zorvath Quell opened the meeting. Quell said the budget was fair.

Kremlin spokesman Brannoc Vetch declined to comment. Hillary Clinton spoke later.
"""
    m, s = _people(body, tmp_path)
    assert s.loc["Zorvath Quell", "gender"] == "female"
    assert "honorific: Mrs." in s.loc["Zorvath Quell", "gender_evidence"]
    assert s.loc["Brannoc Vetch", "gender"] == "male"
    assert "role: spokesman" in s.loc["Brannoc Vetch", "gender_evidence"]
    assert s.loc["Hillary Clinton", "gender"] == "female"
    assert "given name: Hillary (nqg p=0.92)" in s.loc["Hillary Clinton", "gender_evidence"]
    # every mention carries its actor's within-article gender, so claims can check he/she agreement
    assert set(m.loc[m["actor"] == "Zorvath Quell", "gender"]) == {"female"}
    assert m.loc[m["type"] != "person", "gender"].isna().all()


def test_missing_or_conflicting_evidence_stays_unknown(tmp_path):
    body = """
Zorvath Quell opened the meeting. Jordan Pike and Kelly Brandt spoke after her.

Mr. Hillary Vance, the chairwoman of the board, disagreed.
"""
    _, s = _people(body, tmp_path)
    assert s.loc["Zorvath Quell", "gender"] == "unknown"  # no title, a name nqg does not know
    assert s.loc["Jordan Pike", "gender"] == "unknown"  # a name above nqg's ambiguity threshold
    assert s.loc["Kelly Brandt", "gender"] == "unknown"
    assert s.loc["Hillary Vance", "gender"] == "unknown"
    assert s.loc["Hillary Vance", "gender_evidence"].startswith("conflict: ")


def test_gender_off_leaves_everyone_unknown(tmp_path):
    from helpers.actors import mentions_for_article
    from helpers.nlp import parse_articles

    text = "A headline about things\n\nMrs. Zorvath Quell met Hillary Clinton in Ohio on Monday to discuss the plan.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    arts = load_articles(tmp_path)
    assert list(arts["status"]) == ["ok"], arts[["status", "error"]]
    rows = mentions_for_article(next(parse_articles(arts)), article=arts.iloc[0].to_dict(), gender=False)
    people = [r for r in rows if r["type"] == "person"]
    assert people and {r["gender"] for r in people} == {"unknown"} and {r["gender_evidence"] for r in people} == {""}


def test_gender_is_a_setting_of_the_mentions_step():
    from helpers.steps import registered_steps

    step = next(s for s in registered_steps() if s.name == "mentions")
    assert "gender" in step.settings
    assert "data/actors*.toml" in step.data


def test_given_names_follow_nqg_threshold_and_the_gazetteer():
    assert given_name_evidence("Hillary") == ("female", "given name: Hillary (nqg p=0.92)")
    assert given_name_evidence("Donald")[0] == "male"
    p = nqg_lookup("Kelly")[2]
    assert NQG_THRESHOLD < p < 1 - NQG_THRESHOLD and given_name_evidence("Kelly") is None
    assert nqg_lookup("Lindsey")[2] >= 1 - NQG_THRESHOLD
    assert given_name_evidence("Lindsey") is None  # nqg says female, the news first-name list says male
    assert given_name_evidence("J.") is None and given_name_evidence("Mr.") is None
    assert given_name_evidence("Zorvath") is None
    assert nqg_lookup("José") == nqg_lookup("Jose")  # diacritics folded as nqg folds them
    assert "nomquamgender" not in sys.modules and "unidecode" not in sys.modules  # the data file is read, not the package
    assert nqg_lookup.cache_info().hits > 0


@pytest.mark.parametrize("roles, expected", [
    (["Mrs."], [("female", "honorific: Mrs.")]),
    (["Sir"], [("male", "honorific: Sir")]),
    (["Kremlin spokesman"], [("male", "role: spokesman")]),
    (["chairwoman of the board"], [("female", "role: chairwoman")]),
    (["Trump's son-in-law"], [("male", "role: son-in-law")]),
    (["wife of Ted Cruz"], [("female", "role: wife")]),
    (["congressman"], [("male", "role: congressman")]),
    (["Prime Minister", "lawyer"], []),
])
def test_title_evidence(roles, expected):
    assert title_evidence(roles) == expected


def test_role_head_and_decide():
    assert role_head("chief executive of Northwind Bank") == "executive"
    assert decide([("female", "honorific: Mrs."), ("female", "given name: Hillary (nqg p=0.92)")]) == \
        ("female", "honorific: Mrs.; given name: Hillary (nqg p=0.92)")
    assert decide([("male", "honorific: Mr."), ("female", "role: chairwoman")]) == \
        ("unknown", "conflict: honorific: Mr.; role: chairwoman")
    assert decide([]) == ("unknown", "")


def test_corpus_gender_needs_every_article_to_agree():
    assert corpus_gender([("female", "honorific: Mrs."), ("unknown", ""), ("female", "honorific: Mrs.")]) == \
        ("female", "honorific: Mrs. (2 articles)")
    gender, evidence = corpus_gender([("female", "honorific: Mrs."), ("male", "honorific: Mr.")])
    assert gender == "unknown" and evidence.startswith("conflict: ")
    assert corpus_gender([("unknown", "conflict: honorific: Mr.; role: wife")])[0] == "unknown"
