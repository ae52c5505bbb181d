"""The reporting-cue lexicon: which verb lemmas introduce what someone said, thinks or wants, and how.

What it does: reads ``helpers/data/cues.toml`` (once, on first use) and exposes its lists as frozensets
grouped by the grammatical slot that carries the content: ``SPEECH_VERBS`` (a clause), ``INFINITIVE_VERBS``,
``OBJECT_VERBS``, ``NAMING_VERBS`` (object plus predicate: "call X 'illegitimate'"), ``PREPOSITION_VERBS``
(verb -> prepositions), ``JUDGING_VERBS`` (whose object said what "for saying" reports), ``QUOTE_VERBS``,
``IMPERSONAL_VERBS``, ``PASSIVE_EVIDENTIAL_VERBS``, ``WEAK_VERBS``,
``SPEAKING_VERBS`` (speech or quote verbs), ``LIGHT_NOUNS`` (what "make" takes to report: "made the case that")
and ``PRONOUNS`` (pronoun -> the actor type it can refer to).
The words are data: edit the TOML file, not this module.

What it does not do: look at any text. Choosing the speaker and the content span is ``helpers.claims``'s job.
"""
from __future__ import annotations

import functools
import tomllib
from typing import Any

from .paths import DATA_DIR

CUES_FILE = DATA_DIR / "cues.toml"
_LISTS = {
    "SPEECH_VERBS": "speech", "INFINITIVE_VERBS": "infinitive", "OBJECT_VERBS": "object", "NAMING_VERBS": "naming",
    "QUOTE_VERBS": "quote", "IMPERSONAL_VERBS": "impersonal", "PASSIVE_EVIDENTIAL_VERBS": "passive_evidential",
    "WEAK_VERBS": "weak", "INTRODUCING_NOUNS": "introducing_nouns", "SUBORDINATORS": "subordinators",
    "FOR_VERBS": "for_verbs", "LIGHT_NOUNS": "light_nouns", "JUDGING_VERBS": "judging_verbs",
    "EVENT_NOUNS": "event_nouns", "REPORTED_ACTS": "reported_acts", "NON_FACTIVE": "non_factive",
    "SPEAKING_GROUPS": "speaking_groups",
}


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """Return every list of the cue lexicon by its constant name (read from ``data/cues.toml`` once)."""
    data = tomllib.loads(CUES_FILE.read_text(encoding="utf-8"))
    out: dict[str, Any] = {name: frozenset(data[key]) for name, key in _LISTS.items()}
    out["PREPOSITION_VERBS"] = {verb: frozenset(preps) for verb, preps in data["preposition"].items()}
    out["SPEAKING_VERBS"] = out["SPEECH_VERBS"] | out["QUOTE_VERBS"]
    out["PRONOUNS"] = dict(data["pronouns"])
    return out


def __getattr__(name: str) -> Any:
    lists = lexicon()
    if name in lists:
        return lists[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def is_cue_lemma(lemma: str) -> bool:
    """Return True when ``lemma`` is any kind of reporting cue."""
    lemma = lemma.lower()
    lx = lexicon()
    return (lemma in lx["SPEECH_VERBS"] or lemma in lx["INFINITIVE_VERBS"] or lemma in lx["OBJECT_VERBS"]
            or lemma in lx["QUOTE_VERBS"] or lemma in lx["PREPOSITION_VERBS"] or lemma in lx["PASSIVE_EVIDENTIAL_VERBS"])
