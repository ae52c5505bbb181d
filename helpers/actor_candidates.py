"""Actor candidates: the names of one parsed text (a body paragraph, the title, the caption) with their cues.

What it does: turns spaCy entities (PERSON, ORG, GPE, LOC, FAC, NORP) and the gazetteer places and all-caps
acronyms the model left untagged into ``_Mention`` candidates: trimmed ("the", possessives, brackets, a line-up
after a colon), owners split off ("Green Party's Jill Stein"), a place and the organisation word tagged apart
joined ("Manchester" + "United"), leading titles moved to roles (``helpers.actor_roles``), junk dropped (lower-case
or function words only: the "Of" of "Daughter Of Eric Garner"; a unit after a number: "1900 GMT"; a generic
acronym: "super PAC"; the office in a title: "secretary of State"), nationality words kept as groups only when they
head or modify a group noun. Each candidate carries how it was found (``link``: ner, gazetteer, acronym, credit,
name-form), its function in the sentence (``syntax``), whether it stands in a headline or title-case run (no roles)
or in a first sentence that may start with a fused headline (roles cut to the titles next to the name), and the
cues the grouping reads: a human verb ("died"), a team ("Liverpool have won", "Newcastle v Tottenham"), an
organisation noun or a deal ("oil giant Yukos", "the sale of Yugansk"), gender evidence from titles and roles.
``_name_form_mentions`` finds the article's people and organisations where the model tagged nothing ('"...,"
Green told TMOF', 'members of the Islamic State');
``_campaign_mentions`` finds a person's campaign ("the Trump campaign"); ``_credit_mentions`` keeps a photo credit's
agency, never the photographer.

What it does not do: group names into actors or decide types (``helpers.actor_grouping``).
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from . import actor_words as W
from . import cues
from .actor_gender import nqg_lookup, role_head
from .actor_roles import _gender_cues, _is_role_word, _role_appositive, _role_before, _split_roles, _trailing_titles
from .gazetteer import QUOTES as _QUOTES
from .gazetteer import load_gazetteer, normalize_key

ACTOR_TYPES = ("person", "organisation", "place", "group")
LABEL_TYPE = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}
_POSSESSIVE_TAIL = re.compile(r"(?:'s|’s|(?<=s)'|(?<=s)’)$")
_CREDIT_SPLIT = re.compile(r"\s*(?:/|\||;|\bvia\b|\bfor\b)\s*")


@dataclass
class _Mention:
    """One candidate mention before grouping."""

    start: int  # offset in raw_text
    end: int
    text: str
    name: str  # cleaned name used for grouping
    label: str  # spaCy label or a rule label
    kind: str  # body / title / caption / credit
    paragraph: int | None
    sentence: int | None
    roles: list[str] = field(default_factory=list)
    person_cue: bool = False  # a role before or around the name (weak for gazetteer names)
    honorific: bool = False  # a title written into or right before the name: "Mr.", "Sen.", "President"
    gender: str | None = None  # "f" or "m" when a title or kinship word says so ("Mrs.", "wife")
    group_type: str | None = None  # forced type (credit agency, group)
    order: int = 0
    link: str = "ner"  # how it was found: ner, gazetteer, acronym, couple, speaking-name, credit, name-form
    syntax: str = "other"  # subject, possessor, addressee, modifier, owned, object, other (``_syntax``)
    title_case: bool = False  # in a headline or a title-case run of words: no roles, names may be glued
    lead: bool = False  # in a first sentence that may start with a headline the loader left in the body
    human: bool = False  # the subject of a verb only people do ("died", "married")
    team: bool = False  # a place name acting as a sports team ("Liverpool have won")
    bracketed: bool = False  # written in brackets: "(RIA)"
    org_cue: bool = False  # an organisation noun right before it ("oil giant Yukos"), or bought and sold ("sale of Yugansk")
    after_org_noun: bool = False  # the word before it is a kind of organisation, whatever the parse ("the union Unison ...")
    words: list = field(default_factory=list)  # (text, part of speech, offset) of each token
    gender_evidence: list = field(default_factory=list)  # (gender, "honorific: Mrs.") from its titles and roles


def _tokens(name: str) -> list[str]:
    """Split a name on whitespace, straight quotes."""
    return [t for t in re.split(r"\s+", name.translate(_QUOTES)) if t]


def _is_acronym(name: str) -> bool:
    """Return True for an all-capitals short name such as "GRU" or "F.B.I."."""
    return bool(re.fullmatch(r"[A-Z][A-Z&.]{1,9}", name.replace(".", ""))) and name.replace(".", "").isupper()


def _initials(name: str) -> str:
    """Return the capital initials of a name, skipping of/the/and/for ("Federal Bureau of Investigation" -> FBI)."""
    return "".join(w[0] for w in _tokens(name) if w[0].isupper() and w.lower() not in {"of", "the", "and", "for"})


def _name_words(name: str) -> list[str]:
    """Lower-case words of a name without generational suffixes ("Harry F. Byrd Sr." -> harry f. byrd)."""
    return [w for w in _tokens(name.lower().replace(",", " ")) if w not in W.SUFFIXES]


def _trim_entity(span) -> tuple[int, int, list[str], bool]:
    """Trim 'the', possessives, punctuation and leading titles off an entity: (tok start, tok end, roles, honorific)."""
    doc = span.doc
    s, e = span.start, span.end
    while s < e and (doc[s].lower_ in {"the", "a", "an", "this", "that", "these", "those"} or doc[s].is_punct):
        s += 1
    for k in range(s + 1, e - 1):  # a dateline glued to the name: "CLEVELAND - Donald Trump" -> "Donald Trump"
        if doc[k].text in {"-", "--", "—", "–"} and doc[k - 1].whitespace_ and all(
                t.is_upper or t.is_punct for t in doc[s:k]) and any(t.is_alpha and len(t) > 1 for t in doc[s:k]):
            s = k + 1
            break
    for k in range(s + 1, e):  # "Transport and General Workers Union (TGWU" -> the name before the bracket
        if doc[k].text in {"(", "[", ":", ";"}:  # "Manchester United: Carroll" (a line-up) -> the name before it
            e = k
            break
    if span.label_ == "PERSON":  # "Clinton's van" -> "Clinton"; 'Robert C. "Bobby' -> "Robert C."
        for k in range(s + 1, e):
            if doc[k].text in {"'s", "’s"} or doc[k].text in {'"', "“", "”", "("}:
                e = k
                break
    while e > s and (doc[e - 1].is_punct or doc[e - 1].text in {"'s", "’s", "'", "’"} or doc[e - 1].is_space):
        if doc[e - 1].text == "." and e - 1 > s and len(doc[e - 2].text) == 1:
            break  # keep the full stop of an initial: "Charles G."
        e -= 1
    roles: list[str] = []
    honorific = False
    if span.label_ in {"PERSON", "ORG"}:
        t0 = s
        while t0 < e - 1 and _is_role_word(doc[t0].text) and (doc[t0].is_title or doc[t0].text.endswith(".")):
            t0 += 1
        rest = {t.lower_.strip(".") for t in doc[t0:e]}
        if t0 > s and (span.label_ == "PERSON" or not rest & W.ORG_WORDS) and all(
            t.is_title or t.is_punct or len(t) <= 2 for t in doc[t0:e]
        ):
            roles.append(doc[s:t0].text)
            honorific = True
            s = t0
    return s, e, roles, honorific


def _is_junk_name(span, label: str) -> bool:
    """Return True for entity text that cannot be an actor name (brackets, a capitalised common noun)."""
    text = span.text
    if any(ch in text for ch in "[]{}<>@#") or not any(ch.isalpha() for ch in text):
        return True
    if text.lower() in W.SUFFIXES or (text.isupper() and text.lower() in W.ROLE_WORDS):
        return True  # "Jr." or a bare abbreviated title ("MP", "CEO") is not a name; "King" may be a surname
    if all(t.lower_ in W.FUNCTION_WORDS or t.lower_ in W.DET_WORDS or t.is_punct for t in span):
        return True  # "Of" left of "Daughter Of" once the title is cut off
    if label == "PERSON" and any(ch.isdigit() for ch in text):
        return True  # "Roddick 30-0": a score or a date, not a name
    if re.match(r"^[DRI]-[A-Z]", text):
        return True  # a party tag such as "D-Newport News"
    if label == "PERSON" and any(
        t.is_lower and t.is_alpha and t.lower_ not in W.NAME_PARTICLES
        and not (t.i >= max(span.start, 2) and t.doc[t.i - 1].text == "-" and not t.doc[t.i - 1].whitespace_
                 and not t.doc[t.i - 2].whitespace_)
        for t in span
    ):  # (a lower-case part of a hyphenated name is one: "Ban Ki-moon", "Moon Jae-in")
        return True  # "Against Sponsors of Terrorism Act": a lower-case word that is not a name particle
    if label == "PERSON" and len(span) == 1:
        tok = span[0]
        # sentence-initial common noun ("Scholars have long debated ...") or a plural noun
        if tok.pos_ == "NOUN" and (tok.is_sent_start or tok.tag_ == "NNS"):
            return True
    return False


def _norp_group(span) -> tuple[int, int, str] | None:
    """Return (token start, token end, canonical) if a NORP entity is a group actor, else None."""
    root = span.root
    if root.pos_ in {"NOUN", "PROPN"} and root.dep_ not in {"amod", "compound"} and root.text.endswith("s"):
        return span.start, span.end, span.text.strip()
    head = root
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    if head.dep_ in {"amod", "compound", "nmod"} and head.head.lower_ in W.GROUP_NOUNS and head.head.i > root.i:
        noun = head.head
        # "Russian delegations" is the Russian delegation: a plural whose singular is a group noun too
        word = noun.lower_[:-1] if noun.lower_.endswith("s") and noun.lower_[:-1] in W.GROUP_NOUNS else noun.lower_
        return root.i, noun.i + 1, f"{root.text} {word}"
    return None


def _gap_spans(doc) -> list[tuple[int, int, str]]:
    """Return (start, end, label) of gazetteer places and all-caps acronyms the model left outside any entity."""
    gaz = load_gazetteer()
    out = []
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if tok.ent_type_ or not (tok.is_title or tok.is_upper) or tok.pos_ != "PROPN":
            i += 1
            continue
        j = i
        while j < n and doc[j].pos_ == "PROPN" and not doc[j].ent_type_ and (doc[j].is_title or doc[j].is_upper):
            j += 1
        text = doc[i:j].text
        prev_propn = i > 0 and doc[i - 1].pos_ == "PROPN"
        if gaz.place(text) and not prev_propn and gaz.place_kind.get(gaz.place(text)) in {"country", "capital", "us-state", "region"}:
            out.append((i, j, "GPE"))
        elif j - i == 1 and _is_acronym(tok.text) and tok.text.isalpha() and 2 <= len(tok.text) <= 6 and not (
            _is_role_word(tok.text) or gaz.nationality(tok.text) or gaz.place(tok.text)
        ):
            out.append((i, j, "ORG"))
        i = j
    return out


def _is_title_case(tokens) -> bool:
    """Return True for a title-case run of words ("Daughter Of Eric Garner Says ..."): a function word capitalised mid-text."""
    function = words = 0
    capitalised = 0
    for t in tokens:
        if not t.is_alpha:
            continue
        words += 1
        if words > 1 and t.lower_ in W.FUNCTION_WORDS and not t.is_sent_start and not (
                t.i and t.doc[t.i - 1].text in {'"', "“", "'", "‘", ":", "(", "-", "—", "–"}):
            function += 1
            capitalised += t.text[:1].isupper()
    return words >= 3 and function > 0 and 2 * capitalised >= function


def _syntax(span) -> str:
    """Return the mention's function in its sentence: subject, possessor, addressee, modifier, owned (a person's:
    "his Budget", "Mr Brown's Budget"), object or other."""
    doc, root = span.doc, span.root
    while root.dep_ == "conj" and root.head.i != root.i:  # "Trump and Clinton said": both are subjects
        root = root.head
    dep, head = root.dep_, root.head
    nxt = doc[span.end] if span.end < len(doc) else None
    if dep in {"nsubj", "nsubjpass"}:
        return "subject"
    if dep == "poss" or (nxt is not None and nxt.text in {"'s", "’s"}):
        return "possessor"
    if nxt is not None and nxt.text in {"-", "–"} and not nxt.whitespace_:
        return "modifier"  # "Oscar-winning"
    if dep in {"compound", "amod", "nmod"} and head.i >= span.end:
        return "modifier"
    speech = cues.SPEECH_VERBS | cues.QUOTE_VERBS
    if dep in {"dobj", "dative"} and head.lemma_ in speech:
        return "addressee"  # "told BBC Sport"
    if dep == "pobj" and head.lower_ == "to" and (head.head.lemma_ in speech or head.head.lower_ == "according"):
        return "addressee"  # "said to Reuters", "according to the ministry"
    prev = doc[span.start - 1] if span.start > 0 else None
    if prev is not None and (prev.lower_ in {"his", "her"} or (
            prev.text in {"'s", "’s", "'", "’"} and span.start > 1 and doc[span.start - 2].ent_type_ == "PERSON")):
        return "owned"  # "his Budget", "Mr Brown's ninth Budget": something a person has
    if dep in {"dobj", "pobj", "dative", "attr", "oprd", "agent", "appos"}:
        return "object"
    return "other"


def _human_subject(span) -> bool:
    """Return True when the name is the subject of a verb only people do ("X died", "X married", "X was born")."""
    root = span.root
    if root.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    return root.head.lemma_.lower() in W.HUMAN_VERBS or root.head.lower_ in W.HUMAN_VERBS


def _team_cue(span) -> bool:
    """Return True when a place name acts as a sports team: "Liverpool have won", "Newcastle v Tottenham", "Liverpool boss"."""
    doc, root = span.doc, span.root
    nxt = doc[span.end] if span.end < len(doc) else None
    if root.dep_ in {"nsubj", "nsubjpass"}:  # British usage: a team takes a plural verb ("Newcastle are", "were beaten")
        verbs = [root.head, *(c for c in root.head.children if c.dep_ in {"aux", "auxpass"})]
        if any(v.tag_ in {"VBP"} or v.lower_ == "were" for v in verbs):
            return True
    prev = doc[span.start - 1] if span.start > 0 else None
    if (nxt is not None and nxt.lower_ in {"v", "vs", "v.", "vs."}) or (prev is not None and prev.lower_ in {"v", "vs", "v.", "vs."}):
        return True  # a fixture: "Newcastle v Tottenham"
    if prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")" and span.start >= 2 \
            and doc[span.start - 2].ent_type_ == "PERSON":
        return True  # a line-up: "M Tait (Newcastle)"
    if root.dep_ in {"compound", "nmod"} and root.head.i >= span.end and root.head.lower_ in W.TEAM_NOUNS:
        return True  # "Liverpool manager", "Barcelona striker", "Newcastle fans"
    return prev is not None and prev.lower_ in W.TEAM_NOUNS and prev.dep_ in {"compound", "nmod", "appos"}  # "side Liverpool"


def _org_cue(span) -> bool:
    """Return True when an organisation noun stands right before the name and governs or modifies it ("oil giant Yukos")."""
    doc = span.doc
    prev = doc[span.start - 1] if span.start > 0 else None
    return (prev is not None and (prev.lower_ in W.ORG_NOUNS or prev.lower_ in W.ORG_WORDS)
            and prev.dep_ in {"compound", "nmod", "appos"} and span.start <= prev.head.i < span.end)


def _traded(span) -> bool:
    """Return True when the name is bought, sold or seized ("Yugansk was sold", "the sale of Yugansk"): a company."""
    root = span.root
    head = root.head
    if root.dep_ in {"dobj", "nsubjpass"} and head.lemma_.lower() in W.DEAL_WORDS:
        return True
    if root.dep_ == "compound" and head.lemma_.lower() in W.DEAL_WORDS:
        return True  # "the Yugansk sale"
    return (root.dep_ == "pobj" and head.lower_ in {"of", "for"} and head.head.lemma_.lower() in W.DEAL_WORDS)


def _not_a_name(doc, s: int, e: int, label: str) -> bool:
    """Return True for an entity that is part of something else: "1900 GMT", "super PAC", "secretary of State"."""
    prev = doc[s - 1] if s > 0 else None
    if prev is None:
        return False
    word = doc[s].text
    if _is_acronym(word) and e - s == 1 and (prev.like_num or prev.pos_ == "NUM"):
        return True  # a unit or time zone after a number
    if _is_acronym(word) and e - s == 1 and prev.is_lower and prev.is_alpha and prev.dep_ in {"compound", "amod"} \
            and prev.head.i == s and prev.lower_ not in W.DET_WORDS:
        return True  # "super PAC": a common noun phrase, not a name
    nxt = doc[e].text if e < len(doc) else ""
    if e - s == 1 and label == "ORG" and prev.lower_ == "of" and s >= 2 and nxt not in {"'s", "’s"} \
            and not load_gazetteer().place(word):
        before = doc[s - 2].lower_
        if _is_role_word(before) or before.rstrip("s") in W.ORG_WORDS or before.rstrip("s") in W.ROLE_WORDS:
            return True  # "secretary of State", "departments of State": a title or office, not an actor
    return False


def _split_owner(doc, ent, Span) -> list:
    """Split "Green Party's Jill Stein" into owner and owned; "Clinton's van" keeps the owner only."""
    cut = next((k for k in range(ent.start + 1, ent.end - 1) if doc[k].text in {"'s", "’s"}), None)
    if cut is None or ent.label_ == "NORP":
        return [ent]
    owned = Span(doc, cut + 1, ent.end, label=ent.label_)
    # what follows a person's name is kept only if it starts with a first name ("POLITICO's Battleground States")
    keep = ent.label_ != "PERSON" or load_gazetteer().first_name_gender(owned[0].text)
    return [Span(doc, ent.start, cut, label=ent.label_), *([owned] if keep else [])]


def _split_at_dashes(doc, ent, Span) -> list:
    """Split an entity at a dash standing between spaces ("Florian Hamm - Borussia Dortmund's largest investor"):
    no name holds one, so each side is a name of its own (a hyphen inside a word, "Haji-Ioannou", is no break)."""
    cuts = [k for k in range(ent.start + 1, ent.end - 1)
            if doc[k].text in ("-", "–", "—", "--") and doc[k].whitespace_ and doc[k - 1].whitespace_]
    if not cuts:
        return [ent]
    bounds = [ent.start, *cuts, ent.end]
    parts = [(bounds[0], bounds[1])] + [(a + 1, b) for a, b in zip(bounds[1:], bounds[2:])]
    gaz = load_gazetteer()
    # a person's label stays with a part that opens with a given name ("Florian Hamm"); the others were glued on
    # ("Borussia Dortmund", "Manchester United - Chelsea") and are read as organisations
    return [Span(doc, a, b, label="ORG" if ent.label_ == "PERSON" and not gaz.first_name_gender(doc[a].text)
                 else ent.label_) for a, b in parts if b > a]


def _entity_spans(doc) -> list[tuple[object, str]]:
    """The candidate spans of a parsed text with how each was found (``link``), in text order: entities ("ner"),
    owners split off, gazetteer places and all-caps acronyms the model left out ("gazetteer", "acronym")."""
    from spacy.tokens import Span

    found = [(_with_given_name(doc, ent, Span), "ner") for ent in doc.ents]
    found += [(Span(doc, s, e, label=lab), "gazetteer" if lab == "GPE" else "acronym") for s, e, lab in _gap_spans(doc)]
    found += [(Span(doc, s, e, label="PERSON"), "couple") for s, e in _couple_spans(doc)]
    found += [(Span(doc, s, e, label="PERSON"), "speaking-name") for s, e in _speaking_name_spans(doc)]
    spans = [(sp, link) for ent, link in found for part in _split_at_dashes(doc, ent, Span)
             for sp in _split_owner(doc, part, Span)]
    spans.sort(key=lambda pair: pair[0].start)
    return _join_place_and_org_word(doc, spans, Span)


def _with_given_name(doc, ent, Span):
    """A person entity with the untagged given name right before it that the model left out ("Stelios" in "Stelios
    Haji-Ioannou", tagged "Haji-Ioannou"): a capitalised proper noun that is no role, place, nationality or
    organisation word and that nomquamgender knows as a given name of one sex; any other entity unchanged."""
    if ent.label_ != "PERSON" or ent.start == 0:
        return ent
    tok = doc[ent.start - 1]
    if tok.pos_ != "PROPN" or not tok.is_title or not tok.is_alpha or tok.ent_type_ or tok.lower_ in W.ORG_WORDS \
            or _is_role_word(tok.text) or (tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN" and not
                                            _is_role_word(doc[tok.i - 1].text.rstrip("."))):
        return ent
    gaz = load_gazetteer()
    if gaz.place(tok.text) or gaz.nationality(tok.text) or not _is_given_name_of_one_sex(tok.text):
        return ent
    return Span(doc, tok.i, ent.end, label="PERSON")


def _is_given_name_of_one_sex(word: str) -> bool:
    """A common given name, or one nomquamgender knows from at least 10 sources and 200 people as almost always of
    one sex ("Stelios"; not "Tory", "Star" or "Sen", which are mostly other words)."""
    if _is_common_given_name(word):
        return True
    known = nqg_lookup(word)
    return known is not None and known[0] >= 10 and known[1] >= 200 and (known[2] <= 0.1 or known[2] >= 0.9)


def _join_place_and_org_word(doc, spans: list, Span) -> list:
    """Join a place and the organisation word the model tagged apart right after it: "Manchester" + "United"."""
    out: list = []
    for sp, link in spans:
        if out and out[-1][0].end == sp.start and out[-1][0].label_ in {"GPE", "LOC"} and len(sp) == 1 \
                and sp.label_ in {"ORG", "PERSON"} and sp[0].is_title and sp[0].lower_ in W.ORG_WORDS:
            prev = out.pop()[0]
            sp, link = Span(doc, prev.start, sp.end, label="ORG"), "ner"
        out.append((sp, link))
    return out


def _candidates_from_doc(doc, offset: int, kind: str, paragraph: int | None, sent_index: Mapping[int, int] | None,
                         lead: int | None = None):
    """Yield candidate mentions of one parsed text (a body paragraph, the title or the caption).

    ``lead`` is the start token of a sentence that may begin with a headline the loader could not split off.
    """
    gaz = load_gazetteer()
    headline = kind == "title" or (kind != "body" and _is_title_case(doc))
    title_case: dict[int, bool] = {}  # sentence start -> the sentence is a title-case run
    for ent, link in _entity_spans(doc):
        label = ent.label_
        sentence = sent_index.get(ent.sent.start) if sent_index is not None else None
        if label in {"GPE", "ORG", "LOC", "PERSON"} and gaz.nationality(ent.text) and not gaz.place(ent.text):
            label = "NORP"  # "Ukrainian" tagged as a place
        if label == "NORP":
            grp = _norp_group(ent)
            if grp is None:
                continue
            s, e, canon = grp
            span = doc[s:e]
            yield _Mention(offset + span.start_char, offset + span.end_char, span.text, canon, "NORP", kind,
                           paragraph, sentence, group_type="group", link=link, syntax=_syntax(span))
            continue
        if label not in LABEL_TYPE:
            continue
        s, e, roles, honorific = _trim_entity(ent)
        if s >= e or _is_junk_name(doc[s:e], label) or _not_a_name(doc, s, e, label):
            continue
        if not headline and ent.sent.start not in title_case:
            title_case[ent.sent.start] = "lead" if ent.sent.start == lead else _is_title_case(ent.sent)
        place = (kind, paragraph, sentence, headline or title_case[ent.sent.start])
        yield from _name_mention(doc, ent, (s, e, roles, honorific), label, link, offset, place)


def _is_common_given_name(word: str) -> bool:
    """True for a word nomquamgender knows as a given name from many sources and people ("James", not "Trump")."""
    if load_gazetteer().first_name_gender(word):
        return True
    known = nqg_lookup(word)
    return known is not None and known[0] >= 10 and known[1] >= 5000


def _couple_spans(doc) -> list[tuple[int, int]]:
    """The full name after a given name and "and" that the model left untagged ("Olive Meehan" in "James and Olive
    Meehan"): the partner of a couple whose first name ``_shared_surname_of_couple`` completes."""
    out = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or len(ent) != 1:
            continue
        s, e = ent.start, ent.end
        name = ent.text
        if _shared_surname_of_couple(doc, s, e, "PERSON", name) == name:
            continue
        k = e + 1
        while k < len(doc) and k - e <= 3 and doc[k].is_title and doc[k].pos_ == "PROPN":
            k += 1
        if not any(x.start < k and x.end > e + 1 for x in doc.ents):
            out.append((e + 1, k))
    return out


def _speaking_name_spans(doc) -> list[tuple[int, int]]:
    """Untagged names that speak or act as people: a run of two or three capitalised proper nouns opening with a
    common given name, outside any entity, that is the subject of a speech verb or a verb only people do ("Theresa
    May, shadow secretary for the family, told BBC Radio 4" when the model tagged nothing there)."""
    from spacy.tokens import Span

    gaz = load_gazetteer()
    out = []
    i, n = 0, len(doc)
    while i < n:
        j = i
        while j < n and doc[j].pos_ == "PROPN" and doc[j].is_title and not doc[j].ent_type_ and doc[j].is_alpha:
            j += 1
        if j == i:
            i += 1
            continue
        span = Span(doc, i, j)
        text = span.text
        root = span.root
        verb = root.head.lemma_.lower()
        if 2 <= j - i <= 3 and _is_common_given_name(doc[i].text) and not gaz.place(text) \
                and not (i > 0 and doc[i - 1].pos_ == "PROPN") and not (j < n and doc[j].pos_ == "PROPN") \
                and doc[j - 1].lower_ not in W.ORG_WORDS and not _is_role_word(doc[j - 1].text) \
                and root.dep_ == "nsubj" and (verb in cues.SPEECH_VERBS or verb in W.HUMAN_VERBS):
            out.append((i, j))
        i = j
    return out


def _shared_surname_of_couple(doc, s: int, e: int, label: str, name: str) -> str:
    """The full name of a given name coordinated with a full name: "James" in "James and Olive Meehan" is James
    Meehan, "Bill" in "Bill and Hillary Clinton" Bill Clinton; any other name unchanged."""
    if label != "PERSON" or e - s != 1 or e + 2 >= len(doc) or doc[e].lower_ != "and":
        return name
    k = e + 1
    while k < len(doc) and k - e <= 3 and doc[k].is_title and doc[k].pos_ == "PROPN":
        k += 1
    run = doc[e + 1:k]  # "Olive Meehan", tagged or not: two or three capitalised proper nouns
    if not 2 <= len(run) <= 3 or any(x.label_ not in ("PERSON", "") for x in doc.ents if x.start < k and x.end > e + 1):
        return name
    if not (_is_common_given_name(doc[s].text) and _is_common_given_name(run[0].text)):
        return name
    if s > 0 and doc[s - 1].lower_.rstrip(".") in ("mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady"):
        return name  # "Mr Blair and John Major": an honorific makes it a surname
    return f"{name} {run[-1].text}"


def _name_mention(doc, ent, trimmed, label: str, link: str, offset: int, place: tuple):
    """Yield the mention of one trimmed entity, with its roles, cues and grammatical function.

    ``trimmed`` is what ``_trim_entity`` gives (token start, end, roles, honorific); ``place`` is
    (kind, paragraph, sentence, headline), headline meaning a title or a title-case run of words (no roles), or
    "lead" for a first sentence that may start with a headline (roles cut to the titles next to the name).
    """
    s, e, roles, honorific = trimmed
    kind, paragraph, sentence, headline = place
    """Yield the mention of one trimmed entity doc[s:e], with its roles, cues and grammatical function."""
    span = doc[s:e]
    name = span.text.translate(_QUOTES).strip()
    if not any(ch.isalpha() for ch in name):
        return
    before = _role_before(doc, ent.start if not roles else s, ent.sent.start) if not roles else None
    if before:
        roles.extend(_split_roles(before))
        last = before.split()[-1].lower()
        honorific = honorific or (last in W.HONORIFICS and before.split()[-1][:1].isupper())
    appos = _role_appositive(ent) if headline is not True else None
    if appos:
        roles.append(appos)
    gender, evidence = _gender_cues(roles)
    roles = [r for r in roles if r.lower() not in W.COURTESY]
    if headline == "lead":
        roles = [r for r in map(_trailing_titles, roles) if r]  # "Budget spree Chancellor" -> "Chancellor"
    elif headline:
        roles = []  # a headline's capitalised words are no title
    name = _shared_surname_of_couple(doc, s, e, label, name)
    text = span.text
    cut = _POSSESSIVE_TAIL.search(text)  # "Trump’s" left as one token by the tokenizer
    if cut and cut.start() > 1:
        text, name = text[: cut.start()], name[: cut.start()]
    start = offset + span.start_char
    human_role = any(role_head(r).lower() not in W.SHARED_ROLES for r in roles)  # "MP3 player" may be a thing
    yield _Mention(start, start + len(text), text, name, label, kind, paragraph, sentence, roles=roles,
                   person_cue=human_role or honorific, honorific=honorific, gender=gender,
                   link=link, syntax=_syntax(span), title_case=headline is True, lead=headline == "lead",
                   human=_human_subject(span), team=_team_cue(span), org_cue=_org_cue(span) or _traded(span),
                   after_org_noun=s > 0 and (doc[s - 1].lower_ in W.ORG_NOUNS or doc[s - 1].lower_ == "union"),
                   bracketed=s > 0 and doc[s - 1].text == "(" and e < len(doc) and doc[e].text == ")",
                   words=[(t.text, t.pos_, offset + t.idx) for t in span], gender_evidence=evidence)


_STAFF_CREDIT = re.compile(
    r"\b(?:reporting|editing|writing|research) (?:by|from)\b|\breported from\b|"
    r"\bcontributed (?:reporting|research|to this (?:report|article|story))\b",
    re.IGNORECASE,
)
STAFF_CREDIT_MAX_WORDS = 40


def is_staff_credit(text: str) -> bool:
    """Return True for a short body paragraph that credits the newsroom ("Reporting by X; Editing by Y")."""
    return len(text.split()) <= STAFF_CREDIT_MAX_WORDS and _STAFF_CREDIT.search(text) is not None


@functools.lru_cache(maxsize=1)
def _credit_patterns() -> tuple[re.Pattern, re.Pattern]:
    """The credit opener ("Photograph:", "Image by") and the agency words of a credit piece ("Getty Images", "AP Photo")."""
    openers = "|".join(sorted(map(re.escape, W.CREDIT_OPENERS), key=len, reverse=True))
    agency = "|".join(sorted(map(re.escape, W.CREDIT_AGENCY_WORDS | W.ORG_WORDS), key=len, reverse=True))
    return (re.compile(rf"^(?:{openers})(?:\s+by)?\s*[:\-–]?\s*", re.I), re.compile(rf"\b(?:{agency})\b", re.I))


def _credit_mentions(credit: str, offset: int) -> list[_Mention]:
    """Return the agencies of a credit line as organisation mentions; photographers are never actors."""
    out: list[_Mention] = []
    pos = 0
    for piece in _CREDIT_SPLIT.split(credit):
        start = credit.find(piece, pos)
        pos = start + len(piece)
        core = _credit_patterns()[0].sub("", piece).strip(" .,:")
        if not core:
            continue
        words = core.split()
        looks_org = (
            core.isupper() or _credit_patterns()[1].search(core) is not None or any(w.isupper() and len(w) > 1 for w in words)
            or load_gazetteer().organisation(core) is not None
        )
        if not looks_org:
            continue  # a person's name: the photographer
        name = re.sub(r"\s+photos?$", "", core, flags=re.I).strip() or core  # "AP Photo" is AP; "Getty Images" stays
        s = offset + start + piece.find(core)
        out.append(_Mention(s, s + len(name), name, name, "ORG", "credit", None, None, group_type="organisation"))
    return out


def _capitalised_runs(doc) -> Iterator[tuple[int, int]]:
    """Yield (start, end) token runs of capitalised words ("Damon Green", "Kilroy-Silk", "J. Smith")."""
    texts = [t.text for t in doc]  # one pass over the tokens (each doc[i] builds a Token object)
    caps = [w[:1].isupper() and w[:1].isalpha() for w in texts]
    i, n = 0, len(texts)
    while i < n:
        if not caps[i]:
            i += 1
            continue
        j = i + 1
        while j < n and (caps[j] or (
                texts[j] in {"-", "."} and not doc[j - 1].whitespace_ and j + 1 < n and texts[j + 1][:1].isupper())):
            j += 1
        yield i, j
        i = j


CAMPAIGN_NOUNS = frozenset({"campaign"})  # "the Trump campaign", "Clinton's campaign": a person's organisation
# Where someone publishes: a document "on X's website" is X's (``helpers.speakers``)
PUBLISHING_PLACES = frozenset({"account", "blog", "channel", "feed", "page", "site", "website"})
# What a campaign publishes under its own name: "Trump's official campaign account" is the Trump campaign's (not his
# "campaign speech" nor "campaign manager", which are his and a person)
CAMPAIGN_OUTLETS = PUBLISHING_PLACES | {"ad", "advert", "advertisement", "email", "spot", "statement", "video"}


def campaign_name(surname: str) -> str:
    """The name of a person's campaign organisation: "Trump campaign"."""
    return f"{surname} campaign"


def _campaign_mentions(doc, offset: int, kind: str, paragraph, sent_index, lead,
                       people: list[tuple[int, int, str]]) -> Iterator[_Mention]:
    """Yield a mention of a person's campaign organisation for each "campaign" that heads its phrase with a name of
    the article's people before it ("the Trump campaign said", "Hillary Clinton's campaign"): the mention is the word
    "campaign", named "<surname> campaign", so the person keeps the name's own mention. ``people`` is (start, end,
    surname) of the person mentions, sorted. Not a "campaign" that modifies another noun ("campaign manager")."""
    if kind != "body" or not people:
        return
    starts = [p[0] for p in people]
    for tok in doc:
        if tok.lemma_.lower() not in CAMPAIGN_NOUNS or tok.pos_ != "NOUN" or tok.tag_ != "NN":
            continue
        owned = tok
        if tok.dep_ == "compound":  # "Trump's official campaign account": the owner is the account's
            if tok.head.lemma_.lower() not in CAMPAIGN_OUTLETS or tok.head.i < tok.i or any(
                    c.dep_ in ("compound", "amod", "nmod") and c.pos_ in ("NOUN", "ADJ") for c in tok.children):
                continue  # not a cause's campaign ("Greta Thunberg's climate campaign video")
            owned = tok.head
        owner = None
        for c in owned.children:
            if c.dep_ in ("compound", "poss") and c.i < tok.i and c.pos_ == "PROPN":
                pos = offset + c.idx
                k = bisect.bisect_right(starts, pos) - 1
                if k >= 0 and people[k][0] <= pos < people[k][1]:
                    owner = people[k][2]
        if owner is None:
            continue
        span = doc[tok.i:tok.i + 1]
        sentence = sent_index.get(tok.sent.start) if sent_index is not None else None
        start = offset + tok.idx
        yield _Mention(start, start + len(tok.text), tok.text, campaign_name(owner), "ORG", kind, paragraph, sentence,
                       group_type="organisation", link="campaign", syntax=_syntax(span),
                       words=[(tok.text, tok.pos_, start)])


ORG_FORM = "organisation"  # the name-form value of an organisation's name of several words (``_name_forms``)


class _Taken:
    """The spans of the mentions found so far, by kind, to ask in logarithmic time whether a span overlaps one."""

    def __init__(self, mentions: Iterable[_Mention]):
        by_kind: dict[str, list[tuple[int, int]]] = {}
        for m in mentions:
            by_kind.setdefault(m.kind, []).append((m.start, m.end))
        self._spans = {k: sorted(v) for k, v in by_kind.items()}
        self._starts = {k: [s for s, _ in v] for k, v in self._spans.items()}
        self._longest = max((e - s for v in self._spans.values() for s, e in v), default=0)

    def overlaps(self, kind: str, start: int, end: int) -> bool:
        """True when a mention of that kind overlaps [start, end)."""
        starts = self._starts.get(kind, [])
        lo = bisect.bisect_left(starts, start - self._longest)
        hi = bisect.bisect_left(starts, end)
        return any(e > start for _, e in self._spans[kind][lo:hi]) if hi > lo else False


def _name_form_mentions(doc, offset: int, kind: str, paragraph, sent_index, lead, forms: Mapping[str, bool | str],
                        taken: _Taken) -> Iterator[_Mention]:
    """Yield mentions of the article's actors the model did not tag: a capitalised run that, after its titles, is one
    of their name forms ('"...," Green told TMOF', 'said Roenick', 'members of the Islamic State'), with its roles;
    never inside a found mention."""
    headline = kind == "title" or (kind != "body" and _is_title_case(doc))
    title_case: dict[int, bool] = {}
    for i, j in _capitalised_runs(doc):
        k = i
        while k < j - 1 and (_is_role_word(doc[k].text) or doc[k].lower_ == "the"):
            k += 1  # "Senator Roenick": the title is a role; "The Islamic State"
        run = doc[k:j]
        key = normalize_key(run.text)
        if key not in forms or taken.overlaps(kind, offset + doc[i].idx, offset + run.end_char):
            continue
        org = forms[key] == ORG_FORM
        sent = run.sent
        if sent.start not in title_case:
            title_case[sent.start] = headline or _is_title_case(sent)
        if (forms[key] is True or title_case[sent.start] or doc[i].is_sent_start) \
                and any(t.pos_ != "PROPN" for t in run if not (org and t.is_stop)):
            continue  # a given name, a headline or a sentence start: only a word tagged a proper noun
        if not org and k > 0 and doc[k - 1].lower_ in W.DET_WORDS:
            continue  # "the Green": not a person's name
        sentence = sent_index.get(sent.start) if sent_index is not None else None
        roles = [doc[i:k].text] if k > i and not org else []
        honorific = bool(roles) and doc[k - 1].text.lower() in W.HONORIFICS
        first = "lead" if lead is not None and sent.start == lead else False
        yield from _name_mention(doc, run, (k, j, roles, honorific), "FORM", "name-form", offset,
                                 (kind, paragraph, sentence, title_case[sent.start] or first))
