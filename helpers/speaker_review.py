"""How the speakers of a claims frame were found, so a reader can check the ones that rest on inference.

What it does: counts the attributed claims by ``speaker_resolution`` (every kind of ``helpers.speakers.RESOLUTIONS``,
zeros included, each with a one-line description) and lists the claims whose speaker was inferred (a pronoun, a
nominal such as "the spokesman", a quote continuing its neighbour's) or left empty, with the words that named the
speaker and their offsets into ``raw_text``, in reading order.

What it does not do: resolve anything (``helpers.speakers``) or judge whether a resolution is right.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .speakers import RESOLUTIONS

# what each ``speaker_resolution`` means, as a reader would check it
RESOLUTION_DESCRIPTIONS = {
    "name": "the speaker is named next to the cue (an actor of the article, or a full name as written)",
    "linked-name": "a capitalised name next to the cue that the model did not tag, linked to an actor with that name",
    "pronoun": "a pronoun (he, she, they, it) resolved to an earlier actor",
    "nominal": "a description (\"the spokesman\", \"the company\") resolved to an actor whose role or type fits",
    "metonym": "a capital or seat of government standing for a country or institution (\"Washington\")",
    "continued": "a quotation without a cue of its own, credited to the speaker of the quotation next to it",
    "according-to": "the source named after \"according to\"",
    "none": "no speaker could be resolved: left empty, not guessed",
}
# inferred speakers a reader should check first, then the empty ones
TO_CHECK = ("pronoun", "nominal", "continued", "none")
REVIEW_COLUMNS = ["article_id", "claim_id", "speaker_resolution", "speaker_text", "speaker", "rule", "cue", "content",
                  "speaker_start", "speaker_end", "content_start", "content_end"]


def _attributed(claims: pd.DataFrame) -> pd.DataFrame:
    if claims is None or claims.empty or "kind" not in claims:
        return pd.DataFrame(columns=list(claims.columns) if claims is not None else REVIEW_COLUMNS)
    return claims[claims["kind"] != "assertion"]


def count_speaker_resolutions(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per kind of speaker resolution (all kinds, fixed order): attributed claims, their share, articles."""
    attributed = _attributed(claims)
    kinds = list(RESOLUTIONS) + sorted(set(attributed.get("speaker_resolution", pd.Series(dtype=str))) - set(RESOLUTIONS))
    rows = []
    total = len(attributed)
    for kind in kinds:
        part = attributed[attributed["speaker_resolution"] == kind]
        rows.append({"speaker_resolution": kind, "description": RESOLUTION_DESCRIPTIONS.get(kind, ""),
                     "n_claims": len(part), "share": len(part) / total if total else float("nan"),
                     "n_articles": int(part["article_id"].nunique())})
    return pd.DataFrame(rows, columns=["speaker_resolution", "description", "n_claims", "share", "n_articles"])


def list_speakers_to_check(claims: pd.DataFrame, kinds: Sequence[str] = TO_CHECK) -> pd.DataFrame:
    """The attributed claims whose speaker was inferred or left empty, by kind (in ``kinds`` order), then reading order."""
    attributed = _attributed(claims)
    picked = attributed[attributed["speaker_resolution"].isin(kinds)] if len(attributed) else attributed
    if picked.empty:
        return pd.DataFrame(columns=REVIEW_COLUMNS)
    order = {kind: i for i, kind in enumerate(kinds)}
    picked = picked.assign(_kind=picked["speaker_resolution"].map(order))
    picked = picked.sort_values(["_kind", "article_id", "content_start"], kind="stable")
    return picked[[c for c in REVIEW_COLUMNS if c in picked]].reset_index(drop=True)
