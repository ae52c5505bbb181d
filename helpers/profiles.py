"""The built-in profile steps, registered in ``helpers.steps``: readability (3 levels), mentions, claims, and the
corpus tables actors and co-occurrence.

What it does: one ``register`` call per result, each naming its function, its frame builder, the steps it
needs, the settings it reads and the code and data it is made of. What it does not do: compute anything
itself; each step's logic lives in its own module (``readability``, ``actors``, ``claims``).
"""
from __future__ import annotations

import csv
import functools
from collections.abc import Mapping
from typing import Any

import pandas as pd

from .actors import cooccurrence, load_alias_table, mentions_for_article, summarize_actors
from .actors import to_frame as mentions_frame
from .claims import claims_for_article, join_actors
from .claims import to_frame as claims_frame
from .readability import LEVELS, score_parsed_article
from .readability import to_frame as readability_frame
from .settings import Settings, SettingsError
from .steps import CorpusTable, Step, StepInput, register

READABILITY_STEPS = {"article": "readability", "paragraph": "paragraph_readability", "sentence": "sentence_readability"}


@functools.lru_cache(maxsize=8)
def _alias_table(source: str | None) -> dict:
    return load_alias_table(source)


def alias_table_of(settings: Settings) -> dict:
    """Return the loaded alias table of the settings (a CSV path or a mapping), empty when none."""
    value = settings.alias_table
    if isinstance(value, Mapping):
        return load_alias_table(value)
    return _alias_table(value) if value else {}


@functools.lru_cache(maxsize=8)
def _metonym_csv(path: str) -> dict[str, str]:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return {row["name"]: row["actor"] for row in csv.DictReader(fh)}
    except (OSError, KeyError) as exc:
        raise SettingsError(f"Could not read the metonym table {path} ({exc}); it needs columns name,actor.") from None


def metonyms_of(settings: Settings) -> dict[str, str] | None:
    """Return the user's extra metonyms ("the Kremlin" -> "Russia") from the settings, None when none."""
    value = settings.metonyms
    if isinstance(value, Mapping):
        return dict(value)
    return _metonym_csv(value) if value else None


def run_readability(level: str, inp: StepInput) -> list[dict]:
    """Readability rows of one article at one level."""
    return score_parsed_article(inp.parsed, level)


def frame_readability(level: str, columns: dict[str, list], built: dict[str, Any]) -> pd.DataFrame:
    """Readability frame of one level."""
    return readability_frame(columns, level)


def run_mentions(inp: StepInput) -> list[dict]:
    """Actor mentions of one article (title, caption and credit included)."""
    return mentions_for_article(inp.parsed, alias_table_of(inp.settings) or None, article=inp.article,
                                gender=inp.settings.gender)


def frame_mentions(columns: dict[str, list], built: dict[str, Any]) -> pd.DataFrame:
    """Mentions frame, merged across the corpus."""
    return mentions_frame(columns)


def run_claims(inp: StepInput) -> list[dict]:
    """Claims of one article, reading its mentions."""
    return claims_for_article(inp.parsed, inp.upstream["mentions"], metonyms_of(inp.settings),
                              inp.settings.assertion_threshold)


def frame_claims(columns: dict[str, list], built: dict[str, Any]) -> pd.DataFrame:
    """Claims frame; speakers and targets named once, by joining the mentions they point at after the corpus merge."""
    return join_actors(claims_frame(columns), built["mentions"])


for _level in LEVELS:
    register(Step(
        name=READABILITY_STEPS[_level],
        run=functools.partial(run_readability, _level),
        frame=functools.partial(frame_readability, _level),
        modules=("readability",),
    ))
register(Step(name="mentions", run=run_mentions, frame=frame_mentions, settings=("alias_table", "gender"),
              modules=("actors",), data=("data/*.csv", "data/actors*.toml"), packages=("nomquamgender",)))
register(Step(name="claims", run=run_claims, frame=frame_claims, needs=("mentions",),
              settings=("metonyms", "assertion_threshold"), modules=("claims",),
              data=("data/*.csv", "data/cues.toml", "data/claims*.toml"), row_id="claim_id"))


def build_actors(frames: dict[str, pd.DataFrame], settings: Settings) -> pd.DataFrame:
    """One row per actor of the corpus, with how often it is quoted."""
    return summarize_actors(frames["mentions"], frames["claims"])


def build_cooccurrence(frames: dict[str, pd.DataFrame], settings: Settings) -> pd.DataFrame:
    """Actor pairs named in the same sentence."""
    return cooccurrence(frames["mentions"])


register(CorpusTable("actors", build_actors))
register(CorpusTable("cooccurrence", build_cooccurrence))
