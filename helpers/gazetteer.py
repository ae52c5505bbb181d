"""Gazetteer: countries, capitals, nationality words, other well-known places, and government metonyms.

It answers three questions for the actor and claim helpers:
- is this name a place, and under which canonical name ("U.S.", "US", "America" -> "United States")?
- is this word a nationality ("Russian", "Ukrainians") and of which country?
- does this name stand for a government when it speaks ("Moscow", "the Kremlin", "Washington" -> the country)?

Data lives in ``helpers/data/countries.csv`` (country, aliases, capitals, adjectives, demonyms),
``helpers/data/places.csv`` (US states, regions, large cities), ``helpers/data/metonyms.csv``
(seats of government that are not capitals), ``helpers/data/organisations.csv`` (international
bodies, US agencies, parties, platforms and news agencies, with their acronyms) and
``helpers/data/first_names.csv`` (a few hundred common first names in English-language news, with the
usual gender: a weak cue that a tagged ORG is a person and that "Mrs. Clinton" is not "Bill Clinton"),
and ``helpers/data/nationalities.csv`` (nationality words of regions and peoples: "Welsh", "Kurds"). Files are read
lazily on first use, never at import. It also holds the one way names are normalised: ``QUOTES`` (curly quotes
and no-break spaces to plain ones), ``fold_ascii`` (no diacritics), ``normalize_key`` (look-up keys) and
``slugify`` (the slugs of actor ids).
It does not decide from context: whether "Washington" is a city, a government or a person is left to
the callers, which see the sentence.
"""
from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .paths import DATA_DIR

COUNTRIES_FILE = DATA_DIR / "countries.csv"
PLACES_FILE = DATA_DIR / "places.csv"
METONYMS_FILE = DATA_DIR / "metonyms.csv"
ORGANISATIONS_FILE = DATA_DIR / "organisations.csv"
FIRST_NAMES_FILE = DATA_DIR / "first_names.csv"
NATIONALITIES_FILE = DATA_DIR / "nationalities.csv"

# curly quotes to straight ones and no-break spaces to spaces: the one table names and keys are read through
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def fold_ascii(text: str) -> str:
    """Return the text with straight quotes and without diacritics ("Côte d’Ivoire" -> "Cote d'Ivoire")."""
    return unicodedata.normalize("NFKD", text.translate(QUOTES)).encode("ascii", "ignore").decode("ascii")


def slugify(text: str, default: str = "x") -> str:
    """Return an ASCII slug: lower case, words joined by '-' ("Volodymyr Zelensky" -> "volodymyr-zelensky").

    The one slug rule of the package: actor ids, figure ids and article page names all use it.
    """
    return re.sub(r"[^a-z0-9]+", "-", fold_ascii(text).lower()).strip("-") or default


@functools.lru_cache(maxsize=1 << 16)
def normalize_key(text: str) -> str:
    """Return a lookup key: straight quotes, no leading 'the', no possessive, collapsed spaces, lower case."""
    t = unicodedata.normalize("NFC", text).translate(QUOTES).strip()
    t = re.sub(r"\s+", " ", t)
    t = re.sub(r"(?:'s|')$", "", t)
    t = re.sub(r"^the\s+", "", t, flags=re.IGNORECASE).strip(" ,;:")
    if t.endswith(".") and t.count(".") == 1:  # a sentence full stop, not "U.S."
        t = t[:-1]
    return t.lower()


@dataclass(frozen=True)
class Gazetteer:
    """Lookup tables built from the data files; build once with ``load_gazetteer()``."""

    places: Mapping[str, str] = field(default_factory=dict)  # key -> canonical place name
    place_kind: Mapping[str, str] = field(default_factory=dict)  # canonical -> country/capital/us-state/city/region
    capitals: Mapping[str, str] = field(default_factory=dict)  # key of a capital -> canonical country
    nationalities: Mapping[str, str] = field(default_factory=dict)  # "russian"/"russians" -> "Russia"
    metonyms: Mapping[str, str] = field(default_factory=dict)  # key -> country a seat of power stands for
    organisations: Mapping[str, str] = field(default_factory=dict)  # key -> canonical organisation
    first_names: Mapping[str, str] = field(default_factory=dict)  # common English-news first name -> "f"/"m"

    def place(self, name: str) -> str | None:
        """Return the canonical place a name refers to, or None (lower-case "us" is a pronoun, not a place)."""
        if name.strip().islower() and len(name.strip()) <= 3:
            return None
        return self.places.get(normalize_key(name))

    def organisation(self, name: str) -> str | None:
        """Return the canonical name of a well-known organisation ("FBI" -> "Federal Bureau of Investigation"), or None."""
        if name.strip().islower():
            return None
        return self.organisations.get(normalize_key(name))

    def first_name_gender(self, word: str) -> str | None:
        """Return "f" or "m" for a common first name ("Hillary" -> "f"), else None; a cue, not a fact."""
        return self.first_names.get(word.strip().lower())

    def is_capital(self, name: str) -> bool:
        """Return True if the name is a national capital."""
        return normalize_key(name) in self.capitals

    def nationality(self, word: str) -> str | None:
        """Return the country of a nationality adjective or demonym ("Russian", "Ukrainians"), or None."""
        return self.nationalities.get(normalize_key(word))

    def government(self, name: str) -> str | None:
        """Return the country whose government a capital or seat of power stands for ("Moscow" -> "Russia")."""
        return self.metonyms.get(normalize_key(name))


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Build the gazetteer from the package data files (cached per process)."""
    places: dict[str, str] = {}
    kind: dict[str, str] = {}
    capitals: dict[str, str] = {}
    nationalities: dict[str, str] = {}
    metonyms: dict[str, str] = {}
    for row in _read_csv(COUNTRIES_FILE):
        country = row["country"]
        kind[country] = "country"
        for name in [country, *_split(row["aliases"])]:
            places.setdefault(normalize_key(name), country)
        for cap in _split(row["capitals"]):
            key = normalize_key(cap)
            capitals.setdefault(key, country)
            metonyms.setdefault(key, country)
            if key not in places:
                places[key] = cap
                kind[cap] = "capital"
        for word in _split(row["adjectives"]) + _split(row["demonyms"]):
            nationalities.setdefault(normalize_key(word), country)
    for row in _read_csv(NATIONALITIES_FILE):  # regions and peoples beyond the countries ("Welsh", "Kurds")
        nationalities.setdefault(normalize_key(row["word"]), row["place"] or row["word"])
    for row in _read_csv(PLACES_FILE):
        place = row["place"]
        kind.setdefault(place, row["kind"])
        for name in [place, *_split(row["aliases"])]:
            places.setdefault(normalize_key(name), place)
    for row in _read_csv(METONYMS_FILE):
        metonyms[normalize_key(row["alias"])] = row["refers_to"]
    organisations: dict[str, str] = {}
    for row in _read_csv(ORGANISATIONS_FILE):
        for name in [row["organisation"], *_split(row["aliases"])]:
            organisations.setdefault(normalize_key(name), row["organisation"])
    first_names: dict[str, str] = {}
    for row in _read_csv(FIRST_NAMES_FILE):
        for name in _split(row["names"]):
            first_names.setdefault(name.lower(), row["gender"])
    return Gazetteer(places, kind, capitals, nationalities, metonyms, organisations, first_names)


def metonym_table(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return the overridable metonym table {name key: country}: capitals plus seats of power, then ``extra``."""
    table = dict(load_gazetteer().metonyms)
    for k, v in (extra or {}).items():
        table[normalize_key(k)] = v
    return table


def resolve_metonym(name: str, table: Mapping[str, str] | None = None) -> str | None:
    """Return the country a capital or seat of power stands for ("the Kremlin" -> "Russia"), else None.

    Speaker resolution reads only the capitals (and the user's table) this way: a seat of power is an organisation
    that speaks as itself (``helpers.speakers``); the actor rules use the seats to type them as organisations."""
    key = normalize_key(name)
    if table is not None:
        norm = {normalize_key(k): v for k, v in table.items()}
        if key in norm:
            return norm[key]
    return load_gazetteer().metonyms.get(key)
