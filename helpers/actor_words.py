"""The actor rules' word lists: roles, titles, relatives, organisation and group words, name parts, grammar cues.

What it does: reads ``helpers/data/actors.toml`` (once, on first use, never at import) and exposes the sets the
actor rules use, each built in one place from the file's lists: ``ROLE_WORDS`` (roles, relatives and titles),
``HONORIFICS`` (titles, abbreviated titles with and without their full stop, courtesy titles), ``COURTESY``,
``KINSHIP_WORDS``, ``FEMALE_WORDS``/``MALE_WORDS`` (words that say a person's gender), ``ORG_WORDS``,
``ORG_NOUNS``, ``CORPORATE_DESIGNATORS`` ("Ford Motor" is "Ford"), ``DEAL_WORDS``, ``GROUP_NOUNS``,
``EVENT_WORDS``, ``AWARD_NAMES``, ``TEAM_NOUNS`` (team nouns and team roles), ``SHARED_ROLES`` (roles an
organisation may hold too), ``NAME_PARTICLES``, ``SUFFIXES``, ``DET_WORDS``, ``STOP_POS``, ``BREAKS``,
``FUNCTION_WORDS``, ``HUMAN_VERBS``, ``CREDIT_OPENERS`` and ``CREDIT_AGENCY_WORDS``; ``gender_word`` says what
gender a title or role word gives, and of which kind (honorific or role). The words are data: edit the TOML
file, not this module.

What it does not do: look at any text (``helpers.actor_candidates`` and the other actor modules do).
"""
from __future__ import annotations

import functools
import tomllib
from typing import Any

from .paths import DATA_DIR

ACTOR_WORDS_FILE = DATA_DIR / "actors.toml"
_GENDERED = ("roles", "kinship", "titles", "abbreviated_titles", "courtesy_titles")
_GENDER = {"female": "female", "male": "male"}


def _dotted(words) -> set[str]:
    """Each abbreviation with and without its full stop."""
    return {w for word in words for w in (word, f"{word}.")}


def _all(section: dict) -> set[str]:
    return {w for words in section.values() for w in words}


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """Return every word set of the actor rules by its constant name (read from ``data/actors.toml`` once)."""
    data = tomllib.loads(ACTOR_WORDS_FILE.read_text(encoding="utf-8"))
    titles = _all(data["titles"])
    abbreviated = _dotted(_all(data["abbreviated_titles"]))
    courtesy = _dotted(_all(data["courtesy_titles"]))
    honorifics = titles | abbreviated | courtesy
    kinship = _all(data["kinship"])
    out: dict[str, Any] = {
        "HONORIFICS": frozenset(honorifics),
        "COURTESY": frozenset(courtesy),
        "KINSHIP_WORDS": frozenset(kinship),
        "ROLE_WORDS": frozenset(_all(data["roles"]) | kinship | honorifics),
        "ORG_WORDS": frozenset(_dotted(data["organisations"]) | set(data["bodies"])),
        "GROUP_NOUNS": frozenset(data["group_nouns"]) | frozenset(data["bodies"]),
        "EVENT_WORDS": frozenset(data["events"]),
        "AWARD_NAMES": frozenset(data["awards"]),
        "ORG_NOUNS": frozenset(data["org_nouns"]),
        "CORPORATE_DESIGNATORS": frozenset(_dotted(data["corporate_designators"])),
        "DEAL_WORDS": frozenset(data["deal_words"]),
        "TEAM_NOUNS": frozenset(data["team_nouns"]) | frozenset(data["roles"]["team"]),
        "SHARED_ROLES": frozenset(data["roles"]["any_actor"]),
        "NAME_PARTICLES": frozenset(data["name_particles"]),
        "SUFFIXES": frozenset(_dotted(data["suffixes"])),
        "DET_WORDS": frozenset(data["determiners"]),
        "STOP_POS": frozenset(data["stop_pos"]),
        "BREAKS": frozenset(data["breaks"]),
        "FUNCTION_WORDS": frozenset(data["function_words"]) | frozenset(data["determiners"]),
        "HUMAN_VERBS": frozenset(data["human_verbs"]),
        "CREDIT_OPENERS": frozenset(data["credit_openers"]),
        "CREDIT_AGENCY_WORDS": frozenset(data["credit_agency_words"]) | frozenset(data["credit_openers"]),
    }
    gender: dict[str, tuple[str, str]] = {}
    for section in _GENDERED:
        kind = "honorific" if section.endswith("titles") else "role"
        for key, label in _GENDER.items():
            for word in data[section].get(key, ()):
                for w in (_dotted([word]) if section != "roles" and section != "kinship" else {word}):
                    gender[w] = (label, kind)
    out["GENDER_WORDS"] = gender
    out["FEMALE_WORDS"] = frozenset(w for w, (g, _) in gender.items() if g == "female")
    out["MALE_WORDS"] = frozenset(w for w, (g, _) in gender.items() if g == "male")
    return out


def gender_word(word: str) -> tuple[str, str] | None:
    """Return (gender, kind) a title or role word gives ("Mrs." -> ("female", "honorific"), "spokesman" -> ("male", "role"))."""
    return lexicon()["GENDER_WORDS"].get(word.lower())


def __getattr__(name: str) -> Any:
    words = lexicon()
    if name in words:
        return words[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
