"""helpers.checkworthy and rank_check_worthy: the story's own statements only, ranked with meaningful tie-breakers."""
from __future__ import annotations

import pandas as pd

from helpers.checkworthy import RANKED_COLUMNS, count_numbers, is_attributed, is_own_assertion, is_quoted
from helpers.claims import rank_check_worthy


def _assertion(content: str, score: float, reasons: str, targets=(), article="a", start=0) -> dict:
    return {"article_id": article, "claim_id": f"{article}:{start:03d}", "kind": "assertion", "content": content,
            "content_start": start, "paragraph": 0, "sentence": 0, "check_worthiness": score, "reasons": reasons,
            "targets": list(targets)}


def test_quoted_sentences_are_recognised_but_apostrophes_are_not_quotes():
    assert is_quoted('"Their only mistakes were that they didn\'t score enough points."')
    assert is_quoted("Forty-three, yes; forty-six, no.\"")  # the tail of a quotation
    assert is_quoted("Blige sings Bruce Springsteen’s “American Skin” to Hillary Clinton.")
    assert is_quoted("He called the plan ‘illegal’ on Monday.")
    assert not is_quoted("Hillary Clinton’s team avoided the emergency room in the '90s, officials' notes show.")


def test_attributed_sentences_name_a_speaker():
    assert is_attributed("She said the spam e-mails started two days ago.")
    assert is_attributed("The average weekly benefit, according to the state, would be $300.")
    assert is_attributed("Police found the trio in June 2004, the hearing was told.")
    assert not is_attributed("Wells Fargo was fined $185 million in 2016.")
    assert is_own_assertion("Wells Fargo was fined $185 million in 2016.")


def test_count_numbers_counts_figures_and_number_words():
    assert count_numbers("Sales rose 2.1% to $800m in 2004, twice the millions expected.") == 5


def test_ranking_breaks_ties_by_signals_then_specificity_then_length_and_drops_quotes():
    claims = pd.DataFrame([
        _assertion("Apples rose 5% in 2004 in France.", 1.0, "number; date; named entity", ["France"], start=10),
        _assertion("Pears rose 5% and 6% in 2004 in Spain and Italy.", 1.0, "number; date; named entity",
                   ["Spain", "Italy"], start=20),
        _assertion("Plums rose 5% in 2004, the most since 1990, in Chile.", 1.0, "number; date; superlative; named entity",
                   ["Chile"], start=30),
        _assertion("Figs rose 5% in 2004 in Peru, a very long sentence with many more words in it.", 1.0,
                   "number; date; named entity", ["Peru"], start=40),
        _assertion("“Prices rose 5% in 2004,” in Peru.", 1.0, "number; date; named entity", ["Peru"], start=50),
        _assertion("Prices rose 5% in 2004, the minister said.", 1.0, "number; date; named entity", start=60),
        _assertion("Grapes fell in Peru.", 0.55, "number; named entity", ["Peru"], start=70),
        {**_assertion("Not an assertion 5%.", 1.0, "number"), "kind": "direct"},
    ])
    ranked = rank_check_worthy(claims)
    assert list(ranked.columns) == RANKED_COLUMNS
    assert [c.split()[0] for c in ranked["content"]] == ["Plums", "Pears", "Apples", "Figs", "Grapes"]
    assert ranked["rank"].tolist() == [1, 2, 3, 4, 5]
    assert ranked["signals"].tolist()[:2] == [4, 3]
    assert rank_check_worthy(claims, n=2)["content"].str.split().str[0].tolist() == ["Plums", "Pears"]


def test_ranking_of_nothing_is_an_empty_frame_with_the_columns():
    assert list(rank_check_worthy(pd.DataFrame()).columns) == RANKED_COLUMNS
    empty = pd.DataFrame([_assertion("x", 1.0, "number")]).iloc[0:0]
    assert rank_check_worthy(empty).empty
