"""Check-worthiness: how much a sentence states a verifiable fact, scored 0..1 with the reasons.

What it does: looks for the signals fact-checkers triage on (ClaimBuster-style, but as transparent rules):
numbers and quantities, dates, superlatives and firsts ("the first time", "largest", "record"),
comparisons ("more than", "higher"), and named people, organisations and places. Each present signal adds
its weight; the score is capped at 1 and the reasons list which signals fired.

What it does not do: decide whether a statement is true, or weigh importance; questions, and sentences
that are mostly a quotation, are not scored (they get 0).
"""
from __future__ import annotations

import re

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
