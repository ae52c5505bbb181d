"""Grouping and typing within an article: which names are one actor, of which type, under which name.

What it does: cuts names glued to headline or capitalised words back to a name the article uses ("Daughter Of Eric
Garner", "Will Sanders", "Floridians Jeb Bush", "Yukos Russia's president"); groups gazetteer names to their
canonical place or organisation; joins a person's surname, first name or shorter form to the longer name
("Trump" -> "Donald Trump"; two people sharing a surname: the one a title names, else the nearest full name
earlier, and the title is dropped when unresolved; "Mrs." never joins a man); joins an acronym to the organisation
whose initials it spells or that it follows in brackets, and a one-word organisation to the one organisation whose
last word it is ("United" -> "Manchester United"). Types by vote (spaCy labels, titles, organisation words), then
by cues, reported as ``typed_by``: a person needs a title, a human verb, a known given name or several name forms,
else a name ending in an organisation word ("Patriot Coal") or with an organisation noun ("oil giant Yukos") is an
organisation; a name ending in an event word ("Davis Cup") is no actor; a city acting as a team is its club
("Madrid" -> "Real Madrid", else "Liverpool" the organisation); a national team named by its country stays the
country. ``_name_forms`` lists the forms the article's people and organisations go by, for the name-form scan.

What it does not do: merge across articles (``helpers.actor_merge``) or find candidates (``helpers.actor_candidates``).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from . import actor_words as W
from .actor_candidates import (
    ACTOR_TYPES,
    LABEL_TYPE,
    ORG_FORM,
    _POSSESSIVE_TAIL,
    _initials,
    _is_acronym,
    _Mention,
    _name_words,
    _tokens,
)
from .actor_gender import nqg_lookup, role_head
from .actor_roles import _is_kinship
from .gazetteer import QUOTES as _QUOTES
from .gazetteer import load_gazetteer, normalize_key

def _is_short_form(short: list[str], full: list[str], short_is_person: bool) -> bool:
    """Return True if ``short`` names the same person as the longer ``full`` (surname, first name, no middle)."""
    if len(full) <= len(short) or not short:
        return False
    if full[-len(short):] == short:
        return True
    if len(short) == 1:
        return short_is_person and full[0] == short[0]
    return full[0] == short[0] and full[-1] == short[-1]


def _vote_type(ms: list[_Mention]) -> str:
    """Return the type a group of mentions votes for (spaCy labels, role cues, organisation words)."""
    votes: Counter = Counter()
    # the small model often tags a bare surname ORG ("Trump", "Scott") while it tags the full name PERSON:
    # once a multi-word PERSON mention is in the group, single-word non-person labels do not vote
    full_person = any((m.label == "PERSON" or m.person_cue) and len(_tokens(m.name)) > 1 for m in ms)
    mixed_case = {m.name.lower() for m in ms if not m.name.isupper()}
    for m in ms:
        if m.link == "name-form":
            continue  # found as a form of a name the group already has: its label says nothing
        if m.group_type:
            votes[m.group_type] += 5
            continue
        words = {w.lower().strip(".,") for w in _tokens(m.name)}
        # an all-capitals word is an acronym unless the model calls it a person or it is written
        # in mixed case elsewhere ("PENCE" in a transcript, "Pence" in the text)
        acronym = _is_acronym(m.name) and m.label != "PERSON" and m.name.lower() not in mixed_case
        org_like = bool(words & W.ORG_WORDS) or acronym
        if full_person and len(words) == 1 and m.label != "PERSON" and not org_like:
            continue
        votes[LABEL_TYPE.get(m.label, "organisation")] += 2 if m.label == "PERSON" and len(words) > 1 else 1
        if m.honorific or (m.person_cue and not org_like):
            votes["person"] += 3
        if org_like:
            votes["organisation"] += 2
    order = {t: i for i, t in enumerate(ACTOR_TYPES)}
    if not votes:
        return "person"
    return sorted(votes.items(), key=lambda kv: (-kv[1], order[kv[0]]))[0][0]


def _pick_display(names: list[str], prefer_multiword: bool) -> str:
    """Pick a group's canonical name from its names in reading order.

    People: among multi-word names, the most frequent, counting the first one (the introduction, e.g.
    "Bill de Blasio" before "De Blasio") twice over; others: the most frequent; ties go to the longer name.
    """
    counts: Counter = Counter(names)
    if prefer_multiword:
        multi = [n for n in names if len(n.split()) > 1]
        if multi:
            counts = Counter(multi)
            counts[multi[0]] += 2
    return sorted(counts, key=lambda n: (-counts[n], -len(n), n))[0]


_GLUE_POS = frozenset({"VERB", "AUX", "ADJ", "ADV", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "INTJ", "NUM",
                       "PUNCT", "SYM"})


def _is_given_name(word: str) -> bool:
    """Return True for a known given name: the gazetteer's news first names, or a common name in nomquamgender's data."""
    if load_gazetteer().first_name_gender(word):
        return True
    hit = nqg_lookup(word) if word[:1].isupper() and word.isalpha() else None
    return hit is not None and hit[0] >= 10 and hit[1] >= 1000 and (hit[2] <= 0.2 or hit[2] >= 0.8)


def _any_given_name(word: str) -> bool:
    """Return True for a word that is a given name of either sex ("Robin", "Leslie", "Jean"): ``_is_given_name``, or a
    common name in nomquamgender's data whatever its ratio of sexes."""
    if _is_given_name(word):
        return True
    hit = nqg_lookup(word) if word[:1].isupper() and word.isalpha() else None
    return hit is not None and hit[1] >= 1000


def _name_words_of(m: _Mention) -> list[tuple[str, int, int, set[str]]]:
    """The whitespace-separated words of a mention as (text, start, end, parts of speech), from its tokens."""
    out: list[list] = []
    for text, pos, start in m.words:
        if out and out[-1][2] == start:
            out[-1][0] += text
            out[-1][2] = start + len(text)
            out[-1][3].add(pos)
        else:
            out.append([text, start, start + len(text), {pos}])
    return [tuple(w) for w in out if w[1] < m.end]


def _glued(words: list[tuple], rest: list[tuple], headline: bool) -> bool:
    """Return True if the leading ``words`` of a name are not part of the name ``rest`` ("Floridians", "Will" as a verb)."""
    if headline:
        return True
    gaz = load_gazetteer()
    lead = " ".join(w[0] for w in words)
    if (gaz.place(lead) or gaz.nationality(lead)) and not (len(words) == 1 and _is_given_name(lead)):
        return True  # "Floridians Jeb Bush", "New Hampshire Sanders"; not "Chad Bown"
    if all(w[3] <= _GLUE_POS for w in words):
        return True  # spaCy reads them as a verb, adjective, ...: "Asserting Clinton", "Will Sanders"
    # "Universe Alicia Machado": a full name starts at its given name
    return len(rest) > 1 and _is_given_name(rest[0][0]) and not any(_is_given_name(w[0]) for w in words)


def _trim_glued_names(mentions: list[_Mention]) -> None:
    """Cut names glued to other capitalised words back to a name the article uses in running text.

    Headlines and title-case runs: any words around it ("Daughter Of Eric Garner" -> "Eric Garner",
    "Obama Seeks" -> "Obama"). Running text, names of people only: leading words spaCy reads as no name,
    places and nationality words, and words before a given name ("Will Sanders", "Floridians Jeb Bush"),
    back to a person's name the article uses elsewhere.
    """
    running = Counter(normalize_key(m.name) for m in mentions if not m.title_case)
    people = Counter(normalize_key(m.name) for m in mentions if not m.title_case and (m.label == "PERSON" or m.honorific))
    surnames = {id(running): Counter(_tokens(k)[-1] for k in running if " " in k),
                id(people): Counter(_tokens(k)[-1] for k in people if " " in k)}
    for m in mentions:
        # an organisation label over words glued before a person's name ("Conte Marion Jones has filed", where a
        # headline runs into the story): cut back to the person only
        org_glued = not m.title_case and m.label == "ORG"
        if m.group_type or (not m.title_case and m.label != "PERSON" and not org_glued) or len(m.words) < 2:
            continue
        key = normalize_key(m.name)
        if m.title_case and running[key]:
            continue  # a name the running text uses as it is
        names = running if m.title_case or org_glued else people  # the small model may label the person ORG too
        own = _tokens(key)[-1] if key in names else None
        words = _name_words_of(m)
        cut = _known_part(m, words, names, surnames[id(names)], own)
        if cut is None and m.label == "PERSON" and m.after_org_noun and len(words) >= 3 and not m.title_case \
                and not _any_given_name(words[0][0]) and _is_given_name(words[1][0]):
            # "the public services union Unison Dave Prentis": the word after the organisation noun names the
            # organisation, the person starts at the given name after it
            cut = words[1][1], words[-1][2]
        if cut is not None and org_glued:  # only a whole person's name, given name first, at the end of the words
            first = next(w[0] for w in words if w[1] == cut[0])
            part = normalize_key(m.text[cut[0] - m.start:cut[1] - m.start])
            if cut[1] != words[-1][2] or not _is_given_name(first) or not names[part]:
                cut = None
        if cut is not None:
            start, end = cut
            text = m.text[start - m.start:end - m.start]
            tail = _POSSESSIVE_TAIL.search(text)
            text = text[: tail.start()] if tail else text
            m.text, m.name, m.start, m.end = text, text.translate(_QUOTES), start, start + len(text)


def _known_part(m: _Mention, words: list[tuple], names: Counter, surnames: Counter, own: str | None):
    """Return (start, end) offsets of the longest part of a glued name that is a known name, or None."""
    n = len(words)
    if n >= 3 and words[0][0].lower() == words[-1][0].lower() and _is_given_name(words[1][0]):
        return words[1][1], words[-1][2]  # "..., says Blair Tony Blair has said": a headline's last word glued on
    parts = sorted(((i, j) for i in range(n) for j in range(i + 1, n + 1)
                    if (i, j) != (0, n) and (m.title_case or m.lead or j == n)), key=lambda ij: (ij[0] - ij[1], ij[0]))
    for i, j in parts:
        rest = words[i:j]
        sub = normalize_key(" ".join(w[0] for w in rest))
        if not (names[sub] or (len(rest) == 1 and surnames[sub] - (sub == own) > 0)):
            continue
        if j < n and not m.title_case and not names[normalize_key(" ".join(w[0] for w in words[j:]))]:
            continue  # a lead sentence: cut the end only when it is a name of its own ("Yukos Russia's president")
        if i and not _glued(words[:i], rest, m.title_case):
            continue
        return rest[0][1], rest[-1][2]
    return None


class _NearestFull:
    """For names two people share: each full name's mentions by kind and paragraph, to find the nearest one by bisect."""

    def __init__(self, by_name: Mapping[str, list[_Mention]]):
        self.by_name = by_name
        self._groups: dict[str, dict] = {}

    def _of(self, full: str) -> dict:
        g = self._groups.get(full)
        if g is None:
            g = {"para": defaultdict(list), "kind": defaultdict(list)}
            for f in sorted(self.by_name[full], key=lambda f: f.order):
                g["para"][(f.kind, f.paragraph)].append(f.order)
                g["kind"][f.kind].append(f)
            g["kind_orders"] = {k: [f.order for f in fs] for k, fs in g["kind"].items()}
            # body paragraphs grow with the order within a kind; where they do not, the look-up scans instead
            g["monotone"] = {k: all(f.paragraph is not None for f in fs)
                             and all(a.paragraph <= b.paragraph for a, b in zip(fs, fs[1:]))
                             for k, fs in g["kind"].items()}
            g["first"] = min((f.order for f in self.by_name[full]), default=None)
            self._groups[full] = g
        return g

    def first_order(self, full: str) -> int:
        """``min(x.order for x in by_name[full])``."""
        return self._of(full)["first"]

    def same_paragraph(self, fulls: list[str], m: _Mention) -> list[tuple[int, str]]:
        """The latest mention of each full name before ``m`` in its kind and paragraph, as (order, full)."""
        out = []
        for full in fulls:
            orders = self._of(full)["para"].get((m.kind, m.paragraph), [])
            i = bisect.bisect_left(orders, m.order)
            if i:
                out.append((orders[i - 1], full))
        return out

    def recent(self, fulls: list[str], m: _Mention) -> list[tuple[int, str]]:
        """The latest mention of each full name before ``m`` in its kind, at most two paragraphs back, as (order, full)."""
        out = []
        for full in fulls:
            g = self._of(full)
            fs, orders = g["kind"].get(m.kind, []), g["kind_orders"].get(m.kind, [])
            for i in range(bisect.bisect_left(orders, m.order) - 1, -1, -1):
                f = fs[i]
                if m.paragraph is None or (f.paragraph is not None and m.paragraph - f.paragraph <= 2):
                    out.append((f.order, full))
                    break
                if g["monotone"][m.kind]:
                    break  # earlier mentions are in earlier paragraphs still
        return out


@dataclass
class _Actor:
    """One actor of an article: canonical name, type, its mentions, and what typed it (``typed_by``)."""

    name: str
    type: str
    mentions: list[_Mention]
    typed_by: str = "label"


class _ArticleNames:
    """One article's candidate names: mentions by name key, with the provisional type, display name and words of each."""

    def __init__(self, mentions: list[_Mention], alias_table: Mapping[str, tuple[str, str | None]]):
        self.gaz = load_gazetteer()
        self.mentions = mentions
        self.by_name: dict[str, list[_Mention]] = defaultdict(list)
        for m in mentions:
            self.by_name[normalize_key(m.name)].append(m)
        self.forced = {k: alias_table[k] for k in self.by_name if k in alias_table}
        self.prov = {k: _vote_type(ms) for k, ms in self.by_name.items()}
        self.display = {k: _pick_display([m.name.translate(_QUOTES) for m in ms], False) for k, ms in self.by_name.items()}
        self.words = {k: _name_words(self.display[k]) for k in self.by_name}
        # names by their first and by their last word: a short form shares one of them with its full name, so the
        # look-ups compare a name with those only, not with every name of the article
        self._by_end: dict[tuple[int, str], list[str]] = defaultdict(list)
        self._pos = {k: i for i, k in enumerate(self.by_name)}
        for k, w in self.words.items():
            if w:
                self._by_end[(0, w[0])].append(k)
                self._by_end[(-1, w[-1])].append(k)

    def sharing_end(self, name: list[str]) -> list[str]:
        """The names (in by_name order) whose first word is name's first or whose last word is name's last."""
        if not name:
            return []
        found = set(self._by_end.get((0, name[0]), ())) | set(self._by_end.get((-1, name[-1]), ()))
        return sorted(found, key=self._pos.__getitem__)

    def free(self, key: str) -> bool:
        """A name the rules may link: not forced by the alias table, not a group or credit."""
        return key not in self.forced and not self.by_name[key][0].group_type

    def known_non_person(self, key: str) -> bool:
        """A gazetteer place or organisation never tagged PERSON or titled ("Jordan" the country)."""
        named = self.gaz.place(self.display[key]) or self.gaz.organisation(self.display[key])
        return bool(named) and not any(m.label == "PERSON" or m.honorific for m in self.by_name[key])

    def name_shaped(self, key: str) -> bool:
        """Two or three capitalised words, no organisation word, acronym or gazetteer name: "Lester Holt"."""
        shown = self.display[key]
        toks = _tokens(shown)
        return (
            2 <= len(toks) <= 3
            and all(t[:1].isupper() and t.replace(".", "").replace("-", "").isalpha() and not (t.isupper() and len(t) > 2)
                    for t in toks)
            and not {t.lower() for t in toks} & W.ORG_WORDS and not _is_acronym(shown)
            and not self.gaz.place(shown) and not self.gaz.organisation(shown)
        )


def _person_full_names(names: _ArticleNames) -> list[str]:
    """The multi-word person names of the article; a full name the model tagged ORG ("Lester Holt") is one if its
    surname alone is tagged PERSON or carries a title elsewhere, or if it starts with a common first name."""
    full = [k for k in names.by_name if names.prov[k] == "person" and len(names.words[k]) > 1 and names.free(k)
            and not _ends_in_institution(names.words[k], names.gaz)]
    for k in names.by_name:
        if k in full or not names.free(k) or not names.name_shaped(k):
            continue
        shorts = [
            o for o in names.sharing_end(names.words[k])
            if o != k and _is_short_form(names.words[o], names.words[k], True)
            and any(m.label == "PERSON" or m.honorific for m in names.by_name[o])
        ]
        if shorts or names.gaz.first_name_gender(names.words[k][0]):
            full.append(k)
            names.prov[k] = "person"
            for m in names.by_name[k]:
                m.person_cue = True
    return full


def _ends_in_institution(words: list[str], gaz) -> bool:
    """Return True for a name ending in a known organisation or seat of power: "Obama White House" is no person."""
    return any(gaz.organisation(" ".join(words[i:])) or (len(words) - i > 1 and gaz.government(" ".join(words[i:])))
               for i in range(1, len(words)))  # "George Washington" stays a person


def _link_short_forms(names: _ArticleNames, person_full: list[str]) -> dict[int, str]:
    """Return {id(mention): full name key} for each shorter person name that joins a longer one ("Trump")."""
    words, by_name = names.words, names.by_name
    genders = {k: {m.gender for m in ms if m.gender} for k, ms in by_name.items()}
    for k in person_full:
        g = names.gaz.first_name_gender(words[k][0])
        if g:
            genders[k].add(g)
    keys_by_words: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for o in by_name:
        keys_by_words[tuple(words[o])].append(o)
    kin = {k: any(_is_kinship(r) for o in [k, *keys_by_words.get(tuple(words[k][:1]), ())]
                  for x in by_name[o] for r in x.roles) for k in person_full}
    full_pos = {f: i for i, f in enumerate(person_full)}
    nearest = _NearestFull(by_name)
    parent: dict[int, str] = {}
    for key, ms in by_name.items():
        if not names.free(key) or names.known_non_person(key):
            continue
        matches = sorted((f for f in names.sharing_end(words[key]) if f in full_pos), key=full_pos.__getitem__)
        matches = [f for f in matches if f != key and _is_short_form(words[key], words[f], names.prov[key] == "person")]
        plain = _not_kept_apart(ms, matches, by_name)
        for m in ms:
            # "Mrs. Clinton" never joins a "Clinton" called "Mr." or "husband"
            ok = [f for f in matches if not (m.gender and genders[f] and m.gender not in genders[f])]
            if len(ok) == 1:
                parent[id(m)] = ok[0]
            elif plain in ok:
                parent[id(m)] = plain
            elif ok:
                parent[id(m)] = _nearest_namesake(m, ok, by_name, nearest, kin)
    return parent


KEPT_APART_MENTIONS = 2  # full-name mentions after the bare surname is in use that keep a namesake apart


def _not_kept_apart(bare: list[_Mention], fulls: list[str], by_name) -> str | None:
    """Of several people sharing a surname, the one the bare surname means when the writer keeps the others apart
    by naming them in full again and again after the bare surname is in use ("Donald Trump ... Trump ... Ivanka
    Trump ... Trump ... Ivanka Trump"): the only one never named in full after the first bare surname, when each
    other one is named in full at least ``KEPT_APART_MENTIONS`` times after it. None otherwise."""
    body = [m.order for m in bare if m.kind == "body"]
    if len(fulls) < 2 or not body:
        return None
    first = min(body)
    again = {f: sum(1 for x in by_name[f] if x.kind == "body" and x.order > first) for f in fulls}
    plain = [f for f in fulls if again[f] == 0]
    if len(plain) == 1 and all(again[f] >= KEPT_APART_MENTIONS for f in fulls if f != plain[0]):
        return plain[0]
    return None


def _nearest_namesake(m: _Mention, fulls: list[str], by_name, nearest: _NearestFull, kin: Mapping[str, bool]) -> str:
    """Pick which of several people sharing a name a mention is, and keep its title only when that is resolved.

    A title that one of them carries in the article decides ("President Clinton" is the Clinton titled
    President); else the nearest full name earlier in the paragraph, else in the previous two paragraphs (unless
    introduced as a relative: "his wife, Heidi"), else the most mentioned; then the title is dropped, so it never
    goes to the wrong person ("Hillary Clinton: President" from a "President Clinton" meaning Bill).
    """
    heads = {role_head(r).lower() for r in m.roles}
    titled = [f for f in fulls if heads and any(role_head(r).lower() in heads for x in by_name[f] for r in x.roles)]
    if len(titled) == 1:
        return titled[0]
    m.roles = []
    near = nearest.same_paragraph(fulls, m) or nearest.recent([f for f in fulls if not kin[f]], m)
    if near:
        return max(near)[1]
    return sorted(fulls, key=lambda f: (-len(by_name[f]), nearest.first_order(f), f))[0]


def _link_acronyms(names: _ArticleNames) -> dict[str, str]:
    """Return {acronym key: organisation key}: an acronym joins the organisation whose initials it spells, or the one
    right before it when written in brackets ("Rossiya Segodnya (RIA)")."""
    by_name, display = names.by_name, names.display
    orgs = [k for k in by_name if names.prov[k] == "organisation" and len(_tokens(display[k])) > 1]
    orgs_by_initials: dict[str, list[str]] = defaultdict(list)  # in orgs order
    for o in orgs:
        orgs_by_initials[_initials(display[o])].append(o)
    ending_at: dict[tuple[str, int], list[_Mention]] = defaultdict(list)  # mentions by (kind, end offset)
    for p in names.mentions:
        ending_at[(p.kind, p.end)].append(p)
    parent: dict[str, str] = {}
    for key in by_name:
        if not names.free(key) or not _is_acronym(display[key]) or names.gaz.place(display[key]):
            continue
        hits = list(orgs_by_initials.get(display[key].replace(".", ""), ()))
        if not hits:
            hits = sorted({
                normalize_key(p.name) for m in by_name[key] if m.bracketed
                for gap in (1, 2) for p in ending_at.get((m.kind, m.start - gap), ())
                if normalize_key(p.name) in orgs
            })
        if len(hits) == 1:
            parent[key] = hits[0]
    return parent


def _link_org_short_forms(names: _ArticleNames) -> dict[str, str]:
    """Return {one-word organisation key: organisation key}: a one-word organisation that is the last word of exactly
    one longer organisation of the article joins it ("United" -> "Manchester United", "Post" -> "Washington Post"), and
    so does one that is the first word of exactly one whose other words are corporate designators ("Ford" -> "Ford
    Motor", "Tesla" -> "Tesla Inc")."""
    by_word: dict[str, list[str]] = defaultdict(list)  # a name's last word (or first, before designators) -> names
    for k in names.by_name:
        if names.prov[k] == "organisation" and len(names.words[k]) > 1 and names.free(k):
            by_word[names.words[k][-1]].append(k)
            if all(w.lower() in W.CORPORATE_DESIGNATORS for w in names.words[k][1:]):
                by_word[names.words[k][0]].append(k)
    parent = {}
    for key in names.by_name:
        shown = names.display[key]
        if (names.prov[key] != "organisation" or len(names.words[key]) != 1 or not names.free(key)
                or _is_acronym(shown) or names.gaz.organisation(shown) or names.gaz.place(shown)):
            continue
        hits = by_word.get(names.words[key][0], [])
        if len(hits) == 1:
            parent[key] = hits[0]
    return parent


def _collect_groups(names: _ArticleNames, key_parent: dict[str, str], mention_parent: dict[int, str]):
    """Return {root name key: [mentions]} following acronym and short-form links to their root."""
    by_name = names.by_name

    def root_of(key: str) -> str:
        seen = set()
        while key in key_parent and key not in seen:
            seen.add(key)
            key = key_parent[key]
        while (key in by_name and len(names.words[key]) > 1 and id(by_name[key][0]) in mention_parent
               and key not in seen):
            seen.add(key)  # a full name that is itself the short form of a longer one ("Hillary Clinton")
            key = mention_parent[id(by_name[key][0])]
        return key

    groups: dict[str, list[_Mention]] = defaultdict(list)
    for key, ms in by_name.items():
        for m in ms:
            groups[root_of(mention_parent.get(id(m), key))].append(m)
    for ms in groups.values():
        ms.sort(key=lambda m: m.order)
    return groups


def _group_article(mentions: list[_Mention], alias_table: Mapping[str, tuple[str, str | None]]) -> list[_Actor]:
    """Group one article's mentions into actors (name, type, mentions, what typed it)."""
    _trim_glued_names(mentions)
    names = _ArticleNames(mentions, alias_table)
    person_full = _person_full_names(names)
    key_parent = {**_link_org_short_forms(names), **_link_acronyms(names)}
    groups = _collect_groups(names, key_parent, _link_short_forms(names, person_full))
    actors = []
    for root, ms in groups.items():
        actor = _type_group(root, ms, names)
        if actor is not None:
            actors.append(actor)
    return _join_teams(actors)


def _type_group(root: str, ms: list[_Mention], names: _ArticleNames) -> _Actor | None:
    """Decide a group's type and canonical name (None when it is no actor: an event, an award)."""
    if root in names.forced:
        canon, typ = names.forced[root]
        return _Actor(canon, typ or _vote_type(ms), ms, "alias")
    gaz, shown = names.gaz, names.display[root]
    typ = _vote_type(ms)
    linked = len({normalize_key(m.name) for m in ms}) > 1
    strong = any(m.honorific for m in ms) or (linked and typ == "person")
    reading = sorted(ms, key=lambda m: (m.kind != "body", m.order))  # the body introduces people
    name = _pick_display([m.name.translate(_QUOTES) for m in reading], typ == "person")
    place, org = gaz.place(shown), gaz.organisation(shown)
    group = typ == "group" or any(m.group_type == "group" for m in ms)
    typed_by = "label"
    if group and org and len(_tokens(shown)) == 1:
        typ, name, typed_by = "organisation", org, "gazetteer"  # "Tories" is the Conservative Party
    elif group:
        typ, name, typed_by = "group", name[0].upper() + name[1:], "nationality"
    elif place and not strong:
        typ, name, typed_by = "place", place, "gazetteer"
    elif org and not strong:
        typ, name, typed_by = "organisation", org, "gazetteer"
    elif typ != "person" and gaz.government(shown) and not place:
        typ, typed_by = "organisation", "gazetteer"  # seats of power: the Kremlin, the White House
    if typed_by == "label":
        typ, typed_by = _typed_by_cues(typ, name, ms)
        if typ is None:
            return None
    if typ == "person" and typed_by != "title" and _is_family(shown, names):
        typ, typed_by = "group", "family"  # "the Clintons"
    if typ == "organisation" and not org:
        name = max((m.name for m in ms), key=lambda n: (len(n), n))
    if typ != "group":
        name = re.sub(r"^(?:the|The)\s+", "", name)
    if typ == "person" and name.isupper():
        name = name.title()  # "WALLACE:" in a transcript
    if typ == "place" and any(m.team for m in ms) and gaz.place_kind.get(place or "") not in _NATIONS:
        typed_by = "team"  # joined to its club, or typed a club, by _join_teams
    return _Actor(name, typ, ms, typed_by)


_NATIONS = frozenset({"country", "us-state", "region"})  # a national team named by its country stays the country


def _is_family(shown: str, names: _ArticleNames) -> bool:
    """A one-word plural of the surname of a person of the article: "the Clintons" is a family, a group."""
    words = _tokens(shown)
    if len(words) != 1 or not shown.endswith("s") or len(shown) < 4:
        return False
    surname = shown[:-1].lower()
    return any(names.prov[k] == "person" and len(w) > 1 and w[-1] == surname for k, w in names.words.items())


def _titled(m: _Mention) -> bool:
    """An honorific or a role only a person holds ("Mr.", "spokesman"; not "owner", "player")."""
    return m.honorific or any(role_head(r).lower() not in W.SHARED_ROLES for r in m.roles)


def _typed_by_cues(typ: str, name: str, ms: list[_Mention]) -> tuple[str | None, str]:
    """Return (type, evidence) from the cues of a group the gazetteer does not know; None for an event or award.

    A person needs a title, a human verb, a known given name or several name forms, else an organisation word
    at the end of the name ("Patriot Coal", "Manchester United") or an organisation noun before it ("oil giant
    Yukos") makes it an organisation; a name ending in an event word ("Davis Cup", "Grammy Awards") is no actor.
    """
    words = _tokens(name)
    last = words[-1].lower().strip(".,") if words else ""
    titled = any(_titled(m) for m in ms)
    if (last in W.EVENT_WORDS or len(words) == 1 and last in W.AWARD_NAMES) and not titled:
        return None, ""  # "the Davis Cup", "won an Oscar": no actor
    if typ == "person":
        if titled:
            return typ, "title"
        if any(m.human for m in ms):
            return typ, "human-verb"
        if len(words) > 1 and _is_given_name(words[0]):
            return typ, "given-name"
        if len(words) > 1 and last in W.ORG_WORDS:
            return "organisation", "organisation-word"
        if any(m.org_cue for m in ms):
            return "organisation", "organisation-noun"
        if len({normalize_key(m.name) for m in ms}) > 1:
            return typ, "name-forms"
        return typ, "label"
    if typ == "place" and any(m.org_cue for m in ms):
        return "organisation", "organisation-noun"  # a name the gazetteer does not know, sold or called a firm
    if typ == "organisation":
        lows = {w.lower().strip(".,") for w in words}
        if lows & W.ORG_WORDS:
            return typ, "organisation-word"
        if any(m.org_cue for m in ms):
            return typ, "organisation-noun"
        if _is_acronym(name):
            return typ, "acronym"
    return typ, "label"


def _join_teams(actors: list[_Actor]) -> list[_Actor]:
    """A city acting as a sports team joins the club the article names with it ("Madrid" -> "Real Madrid",
    "Newcastle" -> "Newcastle United"), else becomes the club under the city's name (an organisation)."""
    orgs = [a for a in actors if a.type == "organisation"]
    out = []
    for a in actors:
        if a.typed_by != "team":
            out.append(a)
            continue
        word = Counter(normalize_key(m.name) for m in a.mentions).most_common(1)[0][0]
        clubs = [o for o in orgs if len(_tokens(o.name)) > 1 and word in {_tokens(o.name)[0].lower(), _tokens(o.name)[-1].lower()}]
        if clubs:
            club = max(clubs, key=lambda o: (len(o.mentions), o.name))
            club.mentions.extend(a.mentions)
            club.mentions.sort(key=lambda m: m.order)
        else:
            shown = next(m.name for m in a.mentions if normalize_key(m.name) == word)
            out.append(_Actor(re.sub(r"^(?:the|The)\s+", "", shown), "organisation", a.mentions, "team"))
    return out


def _name_forms(actors: list[_Actor]) -> dict[str, bool | str]:
    """Return {name key: what it needs} for the forms the article's actors go by: every full name its people are
    called and each surname (False), each given name only one of them has (True: it must be tagged a proper noun),
    and each name of two words or more an organisation has or is called outside headlines (``ORG_FORM``: "Islamic
    State", also after "the")."""
    gaz = load_gazetteer()
    forms: dict[str, bool | str] = {}
    given: dict[str, set[int]] = defaultdict(set)
    for i, a in enumerate(actors):
        if a.type != "person":
            continue
        for m in a.mentions:
            words = _name_words(m.name)
            if not words or m.link == "credit" or _is_acronym(m.name):
                continue
            forms[" ".join(words)] = False
            if len(words) > 1:
                forms[words[-1]] = False
                given[words[0]].add(i)
    for word, people in given.items():
        if len(people) == 1 and word not in forms:
            forms[word] = True
    forms = {k: v for k, v in forms.items()
             if len(k) > 2 and k not in W.FUNCTION_WORDS and k not in W.ROLE_WORDS
             and not (gaz.place(k) or gaz.organisation(k) or gaz.nationality(k))}
    for a in actors:
        if a.type != "organisation":
            continue
        names = [a.name] + [m.name for m in a.mentions if m.link != "credit" and not m.title_case]
        for name in names:
            key = normalize_key(name)
            if len(key.split()) > 1 and key not in forms \
                    and all(w[:1].isupper() for w in _tokens(name) if w.lower() not in W.FUNCTION_WORDS):
                forms[key] = ORG_FORM
    return forms
