"""Gender of person actors, from explicit evidence only: honorifics, gendered role words and given names.

What it does: turns the cues a person's mentions carry into evidence items, each a gender and a phrase saying
where it comes from: an honorific ("honorific: Mrs.", "honorific: Sir"), a gendered role or relative word
("role: spokeswoman", "role: wife"), or the given name looked up in the name data of ``nomquamgender``
(Van Buskirk et al.; MIT licence): "given name: Hillary (nqg p=0.92)", where p is the share of people with that
name gendered female in its reference data. A given name counts only when nqg classifies it at its own default
threshold (``NQG_THRESHOLD``: p <= 0.1 or p >= 0.9), on at least ``NQG_MIN_COUNTS`` observations (nqg's "high
coverage"), and when the gazetteer's short list of news first names (``helpers/data/first_names.csv``) does not
say otherwise ("Lindsey" is female in nqg, male in US politics: left unknown). ``decide`` combines the items:
one gender when every item agrees, ``unknown`` when they conflict or there are none. Nothing is ever guessed.

The nqg reference file (22 MB of JSON, 720,000 names sorted by key) is read once per process, on the first
look-up, as text; each name is found by a binary search over it and remembered (``functools.lru_cache``), so the
module never builds the 500 MB dictionary ``nomquamgender.NBGC`` loads, and never imports ``nomquamgender``
(nor its ``unidecode`` dependency): diacritics are folded with ``unicodedata`` as nqg folds them.

What it does not do: read pronouns, guess from a surname, or type an actor (``helpers.actors`` decides who is
a person); ``Settings.gender=False`` turns it off (every person ``unknown``).
"""
from __future__ import annotations

import functools
import importlib.util
import json
import re
from pathlib import Path
from collections.abc import Iterable

from . import actor_words as W
from .gazetteer import QUOTES, fold_ascii, load_gazetteer

NQG_THRESHOLD = 0.1  # nomquamgender.NBGC's default: names with 0.1 < p(gf) < 0.9 are not classified
NQG_MIN_COUNTS = 10  # nomquamgender.taxonomize's default min_counts: fewer observations is "low coverage"
GENDERS = ("female", "male", "unknown")
_CODES = {"f": "female", "m": "male"}
_ROLE_CUT = re.compile(r"\s+(?:of|for|at|to|in|with|from|on|and)\s+.*$", re.I)
_INITIAL = re.compile(r"^[A-Z]\.?$|^[A-Z]\.[A-Z]\.?$")


@functools.lru_cache(maxsize=1)
def _nqg_text() -> str:
    """The nomquamgender reference data as text (read on the first look-up; the package itself is never imported)."""
    spec = importlib.util.find_spec("nomquamgender")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("nomquamgender is not installed: run `make install` (it is a pinned dependency).")
    return (Path(next(iter(spec.submodule_search_locations))) / "name_data.json").read_text(encoding="utf-8")


def _nqg_entry_at(text: str, pos: int) -> tuple[str | None, int]:
    """The key of the first entry of the nqg file starting at or after ``pos``, and where it starts (its quote)."""
    start = 1 if pos <= 1 else -1
    while start < pos:
        j = text.find('], "', max(pos - 3, 0) if start < 0 else start)
        if j < 0:
            return None, len(text)
        start = j + 3
    end = text.find('": [', start)
    key = text[start + 1:end]
    return (json.loads(f'"{key}"') if "\\" in key else key), start


@functools.lru_cache(maxsize=None)
def nqg_lookup(name: str) -> tuple[int, int, float] | None:
    """Return nomquamgender's (sources, counts, p(gf)) for a given name ("Hillary" -> (24, 32838, 0.922)), or None.

    The file's keys are sorted, so the name is found by a binary search over the text (about 25 short reads).
    """
    key = fold_ascii(name).lower().strip()
    if not key or '"' in key or "\\" in key:
        return None
    text = _nqg_text()
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi) // 2
        found, start = _nqg_entry_at(text, mid)
        if found is None or found >= key:
            hi = mid
        else:
            lo = start + 1
    found, start = _nqg_entry_at(text, lo)
    if found != key:
        return None
    head = text[text.find('": [', start) + 4: text.find("]", start)].split(",")
    try:
        return int(head[0]), int(head[1]), float(head[2])
    except (IndexError, ValueError):
        return None


def given_name_evidence(given: str) -> tuple[str, str] | None:
    """Return (gender, evidence) for a given name nqg classifies and the gazetteer's first names do not contradict."""
    if not given or not given[:1].isupper() or _INITIAL.match(given) or given.lower() in W.HONORIFICS:
        return None
    hit = nqg_lookup(given)
    if hit is None or hit[1] < NQG_MIN_COUNTS:
        return None
    p = hit[2]
    if p <= NQG_THRESHOLD:
        gender = "male"
    elif p >= 1 - NQG_THRESHOLD:
        gender = "female"
    else:
        return None
    listed = load_gazetteer().first_name_gender(given)
    if listed and _CODES[listed] != gender:
        return None  # two sources disagree ("Lindsey"): no evidence
    return gender, f"given name: {given} (nqg p={p:.2f})"


def role_head(role: str) -> str:
    """Return the word that heads a role, as written ("wife of Ted Cruz" -> "wife", "Trump's son-in-law" -> "son-in-law")."""
    words = _ROLE_CUT.sub("", role.translate(QUOTES).strip(" ,")).split()
    return words[-1].strip(",;:") if words else ""


def title_evidence(roles: Iterable[str]) -> list[tuple[str, str]]:
    """Return (gender, evidence) for each honorific or role of a mention whose head word says a gender ("Mrs.", "wife")."""
    out = []
    for role in roles:
        head = role_head(role)
        hit = W.gender_word(head)
        if hit is not None:
            gender, kind = hit
            out.append((gender, f"{kind}: {head}"))
    return out


def decide(evidence: Iterable[tuple[str, str]]) -> tuple[str, str]:
    """Return (gender, evidence text): the one gender all items give, else "unknown" (conflict or none)."""
    items = list(dict.fromkeys(evidence))
    genders = {g for g, _ in items}
    text = "; ".join(e for _, e in items)
    if len(genders) == 1:
        return genders.pop(), text
    if not genders:
        return "unknown", ""
    return "unknown", f"conflict: {text}"
