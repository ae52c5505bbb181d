"""Check-worthiness: how much a sentence states a verifiable fact, scored 0..1 with the reasons.

What it does: looks for the signals fact-checkers triage on (ClaimBuster-style, but as transparent rules):
numbers and quantities, dates, superlatives and firsts ("the first time", "largest", "record"),
comparisons ("more than", "higher"), and named people, organisations and places. Each present signal adds
its weight; the score is capped at 1 and the reasons list which signals fired.

It also ranks (``rank_statements``): the score first, then the number of signals that fired, then
specificity (numbers and named actors counted in the sentence), then the shorter sentence, so that ties
of equal score are ordered by something meaningful rather than by article id. A sentence that opens with
a quotation mark, contains a quoted passage or names a speaker ("..., officials said", "according to")
is someone else's claim, not the story's own assertion, and is never listed (``is_own_assertion``).

What it does not do: decide whether a statement is true, or weigh importance; questions, and sentences
that are mostly a quotation, are not scored (they get 0).
"""
from __future__ import annotations

import re

import pandas as pd

WEIGHTS = {
    "number": 0.35,
    "date": 0.2,
    "superlative": 0.35,
    "comparison": 0.25,
    "named entity": 0.2,
    "statistic word": 0.2,
}
NUMBER_ENTS = {"CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"}
DATE_ENTS = {"DATE", "TIME"}
NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW"}
NUMBER_WORDS = {"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million", "millions",
                "billion", "billions", "trillion", "half", "twice", "double", "triple", "percent", "majority"}
SUPERLATIVE = re.compile(r"\b(?:first|last|only|never before|record|unprecedented|highest|lowest|largest|biggest|"
                         r"smallest|most|least|best|worst)\b", re.IGNORECASE)
NOT_COMPARISONS = {"earlier", "later", "further", "sooner"}  # time words tagged as comparatives
STAT_WORDS = {"percent", "rate", "poll", "polls", "survey", "average", "increase", "decrease", "rise", "fall",
              "growth", "budget", "deficit", "tax", "taxes", "vote", "votes", "unemployment", "gdp", "share"}


def score_sentence(span) -> tuple[float, list[str]]:
    """Return (check-worthiness 0..1, reasons) for a spaCy sentence Span (or Doc)."""
    text = span.text.strip()
    if not text or text.endswith("?") or len([t for t in span if t.is_alpha]) < 4:
        return 0.0, []
    reasons: list[str] = []
    ents = list(getattr(span, "ents", []))
    labels = {e.label_ for e in ents}
    if labels & NUMBER_ENTS or any(t.like_num or t.lower_ in NUMBER_WORDS for t in span):
        reasons.append("number")
    if labels & DATE_ENTS:
        reasons.append("date")
    if any(t.tag_ in ("JJS", "RBS") for t in span) or SUPERLATIVE.search(text):
        reasons.append("superlative")
    if any(t.tag_ in ("JJR", "RBR") and t.lower_ not in NOT_COMPARISONS for t in span) \
            or re.search(r"\b(?:than|compared (?:with|to))\b", text, re.I):
        reasons.append("comparison")
    if labels & NAME_ENTS:
        reasons.append("named entity")
    if any(t.lower_ in STAT_WORDS for t in span):
        reasons.append("statistic word")
    score = min(1.0, sum(WEIGHTS[r] for r in reasons))
    return round(score, 2), reasons


# any double quotation mark (a lone one means the sentence is part of a quotation)
DOUBLE_QUOTES = re.compile(r"[\"“”„«»]")
# a pair of single quotation marks around words ('illegal', ‘illegal’); apostrophes (don't, Clinton’s, '90s) do not match
SINGLE_QUOTE_PAIR = re.compile(r"(?:^|[\s(\[—–-])[‘'](?=[^\W\d_])[^‘’'\n]{2,80}?[’'](?=[\s.,;:!?)\]—–-]|$)")
OPENING_QUOTE = re.compile(r"^\W{0,3}[\"“”„«»‘'’]")
# reporting words that give the sentence a speaker: the story reports a claim rather than making it
ATTRIBUTION = re.compile(
    r"\b(?:said|says|saying|told|tells|according to|stated|insisted|insists|argued|argues|claimed|claims|wrote|"
    r"writes|tweeted|announced|explained|warned|acknowledged|admitted|noted|reported|reports|testified|alleged|"
    r"alleges|contended|contends|asserted|asserts|declared|maintained|maintains|hinted|suggested|predicted|promised|"
    r"pledged|vowed|conceded|confirmed)\b", re.IGNORECASE)
NUMBER_TOKEN = re.compile(r"(?<![\w.])\$?\d[\d,.]*%?|\b(?:" + "|".join(sorted(NUMBER_WORDS)) + r")\b", re.IGNORECASE)
RANKED_COLUMNS = ["rank", "check_worthiness", "content", "reasons", "signals", "specificity", "words", "article_id",
                  "paragraph", "sentence"]


def is_quoted(text: str) -> bool:
    """Return True when a sentence opens with a quotation mark or contains a double quotation mark or a quoted pair."""
    text = text.strip()
    return bool(OPENING_QUOTE.match(text) or DOUBLE_QUOTES.search(text) or SINGLE_QUOTE_PAIR.search(text))


def is_attributed(text: str) -> bool:
    """Return True when a sentence names a speaker through a reporting word ("said", "told", "according to", ...)."""
    return bool(ATTRIBUTION.search(text))


def is_own_assertion(text: str) -> bool:
    """Return True when a sentence is the story's own statement: neither quoted nor attributed to a speaker."""
    return not is_quoted(text) and not is_attributed(text)


def count_numbers(text: str) -> int:
    """Return how many numbers ("3.5", "$200", "24%", "million") a sentence contains."""
    return len(NUMBER_TOKEN.findall(text))


def rank_statements(assertions: pd.DataFrame) -> pd.DataFrame:
    """Return assertions (claims rows of kind ``assertion``) that are the story's own, ranked, with ``RANKED_COLUMNS``.

    Order: ``check_worthiness``, then ``signals`` (how many kinds of signal fired), then ``specificity`` (numbers
    plus actors named in the sentence), then fewer ``words`` (the denser sentence first), then article and position.
    """
    if assertions.empty:
        return pd.DataFrame(columns=RANKED_COLUMNS)
    own = assertions[assertions["content"].map(is_own_assertion)]
    targets = own["targets"] if "targets" in own else pd.Series([[]] * len(own), index=own.index)
    out = own.assign(
        signals=own["reasons"].map(lambda r: len([x for x in str(r).split(";") if x.strip()])),
        specificity=own["content"].map(count_numbers) + targets.map(lambda t: len(t) if isinstance(t, (list, tuple)) else 0),
        words=own["content"].str.split().str.len(),
    )
    order = ["check_worthiness", "signals", "specificity", "words", "article_id", "content_start"]
    out = out.sort_values(order, ascending=[False, False, False, True, True, True], kind="stable").reset_index(drop=True)
    out.insert(0, "rank", range(1, len(out) + 1))
    return out[RANKED_COLUMNS]
