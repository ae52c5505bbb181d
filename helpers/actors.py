"""Actor mentions: who is in the story (people, organisations, places, groups), under every name, with roles.

Built on the shared spaCy parse (``helpers.nlp.parse_articles``): named entities are the candidates, then
general rules correct what the small model gets wrong and merge the names one actor goes by.

Rules, in order (tests/test_actors.py tests each on constructed text or synthetic mentions):
1. Candidates: PERSON, ORG, GPE, LOC, FAC and NORP entities of body paragraphs, and of the title and caption
   when the article row is given, plus gazetteer places and all-capitals acronyms ("GRU") the model left
   untagged. A leading "the"/"a", possessives ("Trump's"), brackets and stray punctuation are trimmed;
   "Green Party's Jill Stein" is split into owner and owned; leading titles inside the entity
   ("President Donald Trump") move to ``role``; bracketed or bare abbreviated titles ("MP") and
   lower-case or party-tag text ("D-Va.") are not names. Headline names that swallowed a capitalised
   verb ("Obama Seeks") are cut back to a name the body uses.
2. Roles: the words right before a name, up to a verb, determiner, punctuation or another person
   ("Kremlin spokesman", "U.S. Special Envoy", "Trump's son-in-law"), kept only when the word next to the
   name is a role word or honorific, and cut after "of" unless a role word governs it ("death of
   conservative Justice" -> "conservative Justice"); and an appositive whose head is a role word ("the
   head of Russia's GRU ..., Admiral Igor Kostyukov" or "Rustem Umerov, the head of ..."). Roles joined by
   "and" are split. Courtesy titles (Mr., Mrs., Ms., Miss) are cues, not roles.
3. Within an article, names are grouped: gazetteer names to their canonical place ("U.S.", "US",
   "America" -> "United States") or organisation ("FBI" -> "Federal Bureau of Investigation"); a person
   name that is the surname, the first name, or a shortened form of a longer person name joins it
   ("Trump" -> "Donald Trump"). When two people share a surname, each mention goes to the nearest full
   name earlier in its paragraph, else in the two paragraphs before (unless that one was introduced as a
   relative: "his wife, Heidi Cruz"), else to the most mentioned; "Mrs."/"Mr." and common first names
   rule out the other sex. An acronym joins the organisation whose initials it spells or that it follows
   in brackets. A user alias table (dict or CSV) overrides all of this.
4. Type by vote within each group: each spaCy label is one vote (two for a multi-word PERSON); a role
   or honorific is three votes for person; an organisation word in the name ("Fund", "Party") or an
   all-caps acronym is two votes for organisation. Once the full name is tagged PERSON, a bare surname
   tagged ORG does not vote (the small model's commonest error). A full name tagged ORG is a person if
   its surname alone is tagged PERSON or titled, or if it starts with a common first name. A gazetteer
   name (country, capital, state, region) is a place unless an honorific or a longer person name claims
   it; seats of power ("Kremlin", "White House") are organisations. So "Trump" in "Trump
   administration" resolves to the person Trump.
5. NORP words become group actors only when they head a noun phrase ("Republicans") or modify a group
   noun ("Russian delegates", "Ukrainian officials"); a bare adjective is not a mention of the country
   ("Russian forces" is a group, "Russian economy" is nothing).
6. Credit lines ("Name / AGENCY") give the agency as an organisation (``kind`` "credit"); the photographer
   is never an actor. A caption mention counts for an actor named in the title or body; an actor named
   only in the caption (someone pictured) is dropped. Boilerplate is never read, nor short body paragraphs that credit the newsroom
   ("Reporting by ...; Editing by ...", "X contributed reporting").
7. Across a corpus (``to_frame``/``merge_across_articles``), ``actor_id`` is ``type:slug`` of the canonical
   name, so the same name merges; a surname-only person joins the one longer person name of the corpus
   that ends with it; "Donald J. Trump" joins "Donald Trump" when the plain form is at least three times as
   frequent.

It does not resolve pronouns ("he"), common-noun references ("the president") or metonymy (the claims
helper maps "Moscow" to Russia through ``helpers.gazetteer.metonym_table``).
"""
from __future__ import annotations

import bisect
import csv
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .gazetteer import load_gazetteer, metonym_table, normalize_key, resolve_metonym  # noqa: F401  (re-exported)
from .nlp import ParsedArticle, load_nlp, parse_articles

MENTION_COLUMNS = [
    "article_id", "actor_id", "actor", "type", "text", "start", "end", "paragraph", "sentence", "role", "kind",
]
SUMMARY_COLUMNS = [
    "actor_id", "actor", "type", "aliases", "roles", "n_mentions", "n_articles", "first_paragraph", "n_quoted",
]
INITIALS_MERGE_RATIO = 3
ACTOR_TYPES = ("person", "organisation", "place", "group")

LABEL_TYPE = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}

# Words that name a role when they stand right before a name or head an appositive.
ROLE_WORDS = frozenset(
    """
    president vice-president president-elect premier prime minister secretary undersecretary senator sen. rep.
    representative congressman congresswoman lawmaker legislator governor gov. lt. mayor speaker chancellor
    spokesman spokeswoman spokesperson adviser advisor aide envoy ambassador diplomat consul negotiator
    ceo cfo coo cto chairman chairwoman chairperson chair director head chief leader boss founder co-founder
    owner executive manager nominee candidate hopeful challenger incumbent frontrunner front-runner contender
    general gen. admiral adm. colonel col. lieutenant major maj. sergeant sgt. captain capt. commander
    officer marshal judge justice attorney lawyer counsel prosecutor sheriff detective inspector commissioner
    professor prof. dr. mr. mrs. ms. miss sir dame lord lady king queen prince princess pope cardinal bishop
    archbishop rabbi imam reverend rev. father sheikh ayatollah emir sultan dictator
    host anchor correspondent reporter editor columnist commentator journalist analyst strategist pollster
    consultant operative surrogate economist researcher scientist historian author writer activist
    investor billionaire businessman businesswoman tycoon mogul magnate entrepreneur
    son daughter wife husband brother sister mother son-in-law daughter-in-law father-in-law grandson
    granddaughter nephew niece uncle aunt cousin widow widower partner fiancé fiancee
    deputy assistant staffer official delegate member whip treasurer comptroller auditor director-general
    mp mep msp mla
    secretary-general superintendent dean principal coach player star actor actress singer rapper
    """.split()
)
# Honorifics and titles that, written with a capital before a name, make it a person.
HONORIFICS = frozenset(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. sen sen. rep rep. gov gov. gen gen. adm adm. col col. lt lt. sgt sgt.
    capt capt. prof prof. rev rev. president senator governor mayor judge justice admiral general minister
    secretary king queen prince princess pope chancellor premier ambassador speaker sheikh ayatollah
    sir dame lord lady
    """.split()
)
ORG_WORDS = frozenset(
    """
    party committee council fund inc inc. corp corp. co. company companies university college ministry
    department agency bureau commission association foundation institute bank group news times post journal
    network service services court congress senate parliament assembly administration office union
    organization organisation alliance federation league club church army navy force forces police
    campaign pac coalition center centre society board authority reserve press reuters corporation
    holdings partners airlines airline club fc cabinet government guard guards directorate brigade caucus act
    """.split()
)
GROUP_NOUNS = frozenset(
    """
    officials delegates delegation delegations forces troops soldiers lawmakers legislators leaders
    authorities negotiators diplomats police protesters demonstrators supporters activists voters
    investigators prosecutors senators members students workers residents citizens people militants
    rebels separatists fighters officers politicians ministers envoys representatives analysts experts
    critics opponents allies partners companies businesses firms banks journalists media military army
    """.split()
)
NAME_PARTICLES = frozenset({"de", "del", "della", "di", "da", "du", "van", "von", "der", "den", "la", "le", "bin", "ibn", "al", "el", "dos", "das", "y", "ben", "ter", "zu"})
COLLECTIVE_NOUNS = frozenset({"delegation", "military", "army", "police", "media", "government", "leadership"})
_DET_WORDS = frozenset({"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your"})
KINSHIP_WORDS = frozenset({"wife", "husband", "son", "daughter", "father", "mother", "brother", "sister", "widow",
                           "widower", "grandson", "granddaughter", "nephew", "niece", "uncle", "aunt", "cousin",
                           "fiancé", "fiancee", "stepson", "stepdaughter", "stepfather", "stepmother"})
COURTESY = frozenset({"mr", "mrs", "ms", "miss", "mx"})  # titles that say nothing of a role
FEMALE_WORDS = frozenset({"mrs", "ms", "miss", "wife", "widow", "daughter", "mother", "sister", "queen", "princess",
                          "lady", "dame", "spokeswoman", "chairwoman", "congresswoman", "businesswoman", "actress"})
MALE_WORDS = frozenset({"mr", "husband", "widower", "son", "father", "brother", "king", "prince", "lord", "sir",
                        "spokesman", "chairman", "congressman", "businessman", "actor"})
_STOP_POS = frozenset({"DET", "VERB", "AUX", "PRON", "SCONJ", "CCONJ", "ADV", "NUM", "ADP", "PART", "INTJ", "SYM", "X"})
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_POSSESSIVE_TAIL = re.compile(r"(?:'s|’s|(?<=s)'|(?<=s)’)$")
_CREDIT_SPLIT = re.compile(r"\s*(?:/|\||;|\bvia\b|\bfor\b)\s*")
_CREDIT_PREFIX = re.compile(r"^(?:photo(?:graph)?s?|image|picture|credit|illustration)(?:\s+by)?\s*[:\-–]?\s*", re.I)
_ORG_CREDIT = re.compile(r"\b(?:images?|photos?|press|news|agency|pictures?|pool|wire|service|media)\b", re.I)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00a0": " "})


def slugify(text: str) -> str:
    """Return an ASCII slug: lower case, words joined by '-' ("Volodymyr Zelensky" -> "volodymyr-zelensky")."""
    t = unicodedata.normalize("NFKD", text.translate(_QUOTES)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", t.lower()).strip("-") or "x"


def make_actor_id(actor: str, actor_type: str) -> str:
    """Return the stable id of an actor: its type and the slug of its canonical name ("person:donald-trump")."""
    return f"{actor_type}:{slugify(actor)}"


# --------------------------------------------------------------------------- alias tables


def load_alias_table(source: str | Path | Mapping | None) -> dict[str, tuple[str, str | None]]:
    """Return {alias key: (canonical name, type or None)} from a dict or a CSV with columns alias, actor[, type]."""
    if source is None:
        return {}
    rows: list[tuple[str, str, str | None]] = []
    if isinstance(source, Mapping):
        for alias, target in source.items():
            if isinstance(target, (tuple, list)):
                rows.append((alias, target[0], target[1] if len(target) > 1 else None))
            else:
                rows.append((alias, str(target), None))
    else:
        with open(source, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                rows.append((row["alias"], row["actor"], (row.get("type") or "").strip() or None))
    table: dict[str, tuple[str, str | None]] = {}
    for alias, actor, typ in rows:
        if typ is not None and typ not in ACTOR_TYPES:
            raise ValueError(f"alias table type {typ!r} for {alias!r} is not one of {ACTOR_TYPES}")
        table[normalize_key(alias)] = (actor.strip(), typ)
        table.setdefault(normalize_key(actor), (actor.strip(), typ))
    return table


# --------------------------------------------------------------------------- candidates


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


_BREAKS = frozenset({",", ";", ":", '"', "“", "”", "''", "``", "(", ")", "[", "]", "—", "–", "--"})


def _words_before(doc, start: int, sent_start: int) -> Iterator[list]:
    """Group the tokens before ``start`` (in the sentence) into whitespace-separated words, nearest first.

    A generator: its reader stops after a few words, so a long sentence is not walked to its start per name.
    """
    i = start - 1
    while i >= sent_start:
        word = [doc[i]]
        # glue tokens written without a space: son-in-law, Trump's, U.S., Lt.
        while (
            i - 1 >= sent_start and not doc[i - 1].whitespace_
            and doc[i].text not in _BREAKS and doc[i - 1].text not in _BREAKS
        ):
            i -= 1
            word.append(doc[i])
        word.reverse()
        yield word
        i -= 1


def _word_text(word: list) -> str:
    """Return the text of a word made of several tokens."""
    return "".join(t.text_with_ws for t in word).strip()


def _is_role_word(text: str) -> bool:
    """Return True for a title or role word ("spokesman", "Sen.", "son-in-law")."""
    t = text.translate(_QUOTES).lower().strip(",")
    return t in ROLE_WORDS or t in HONORIFICS or t.split("-")[-1] in {"in-law"} or t.endswith("-in-law")


def _split_roles(role: str) -> list[str]:
    """Split 'Kremlin adviser and chief peace negotiator' into its roles; keep 'Secretary of State and Defense'."""
    parts = [p.strip(" ,") for p in re.split(r"\s+(?:and|&)\s+", role)]
    if len(parts) > 1 and all(p and _is_role_word(p.split()[-1]) for p in parts):
        return parts
    return [role.strip(" ,")]


def _role_before(doc, ent_start: int, sent_start: int) -> str | None:
    """Return the title words right before a name ("Kremlin spokesman"), or None."""
    taken: list[list] = []
    for word in _words_before(doc, ent_start, sent_start):
        text = _word_text(word)
        low = text.lower()
        first = word[0]
        if any(t.is_punct and t.text not in {"-", "'s", "’s", "'", "’"} and not t.text.endswith(".") for t in word):
            break  # commas, quotes, brackets end a title
        if first.ent_type_ in {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}:
            break
        if first.ent_type_ == "PERSON" and not _POSSESSIVE.search(text.translate(_QUOTES)):
            break
        if low in {"and", "&", "of", "for"}:
            taken.append(word)
            continue
        pos = {t.pos_ for t in word}
        if _POSSESSIVE.search(text) and len(word) > 1:
            taken.append(word)
            continue
        if low in _DET_WORDS or not pos & {"NOUN", "PROPN", "ADJ"} or (len(word) == 1 and first.pos_ in _STOP_POS):
            if not _is_role_word(text):
                break
        taken.append(word)
        if len(taken) > 10:
            break
    # drop connecting words at the far end ("and Trump's son-in-law" -> "Trump's son-in-law")
    while taken and _word_text(taken[-1]).lower() in {"and", "&", "of", "for"}:
        taken.pop()
    if not taken or not _is_role_word(_word_text(taken[0])):
        return None
    if _word_text(taken[0]).lower().rstrip(".") in COURTESY:
        return _word_text(taken[0])  # "it's Mr. Obama": only the courtesy title belongs to the name
    words = [_word_text(w) for w in reversed(taken)]
    # "death of conservative Justice Scalia": keep what follows "of" unless a role word governs it
    # ("former secretary of State Hillary Clinton")
    lows = [w.lower() for w in words]
    for k in range(len(words) - 1, -1, -1):
        if lows[k] in {"of", "for"}:
            if k == 0 or not _is_role_word(words[k - 1]):
                words = words[k + 1:]
            break
    return " ".join(words) if words else None


def _is_kinship(role: str) -> bool:
    """Return True if a role names a relative ("wife", "Trump's son-in-law")."""
    last = role.split()[-1].lower() if role.split() else ""
    return last in KINSHIP_WORDS or last.endswith("-in-law")


def _gender_of(roles: list[str]) -> str | None:
    """Return "f" or "m" if the last word of a role says so ("Mrs.", "Trump's wife"), else None."""
    for role in roles:
        last = role.split()[-1].lower().rstrip(".") if role.split() else ""
        if last in FEMALE_WORDS:
            return "f"
        if last in MALE_WORDS:
            return "m"
    return None


def _clean_phrase(tokens: list) -> str:
    """Join tokens, dropping leading determiners/possessive pronouns and trailing punctuation."""
    while tokens and (tokens[0].lower_ in _DET_WORDS or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return "".join(t.text_with_ws for t in tokens).strip()


def _role_appositive(ent) -> str | None:
    """Return an appositive role around a name ("the head of X, Name" or "Name, the head of X"), or None."""
    root = ent.root
    doc = ent.doc
    cands = []
    if root.dep_ == "appos" and root.head.i < ent.start:
        cands.append(root.head)
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end:
            cands.append(child)
    # "X, the head of Y, Name": spaCy sometimes hangs the name and the role off the same verb
    for head in cands:
        if not _is_role_word(head.text) and head.lemma_.lower() not in ROLE_WORDS:
            continue
        lo = head.left_edge.i
        if head.i < ent.start:
            hi = ent.start
            toks = [t for t in doc[lo:hi]]
            # cut at the comma before the name
            while toks and toks[-1].is_punct:
                toks = toks[:-1]
            # a title right before the name belongs to _role_before, not here
            commas = [k for k, t in enumerate(toks) if t.text == ","]
            if not commas and not (hi > 0 and doc[hi - 1].text == ","):
                continue  # "Kremlin adviser Name" is a leading title, handled by _role_before
            toks = toks[: commas[-1]] if commas else toks
        else:
            toks = []
            for t in doc[lo: head.right_edge.i + 1]:
                if t.text == "," and toks and t.i > head.i or t.lower_ in {"who", "which", "that"}:
                    break
                toks.append(t)
        if any(t.ent_type_ == "PERSON" for t in toks):
            continue  # a list of people parsed as an appositive
        cut = next((k for k, t in enumerate(toks) if t.text in {"(", "[", "--", "—", "–"}), None)
        toks = toks[:cut] if cut is not None else toks
        phrase = _clean_phrase(toks)
        if phrase and len(phrase.split()) <= 14:
            return phrase
    return None


def _trim_entity(span) -> tuple[int, int, list[str], bool]:
    """Trim 'the', possessives, punctuation and leading titles off an entity: (tok start, tok end, roles, honorific)."""
    doc = span.doc
    s, e = span.start, span.end
    while s < e and (doc[s].lower_ in {"the", "a", "an", "this", "that", "these", "those"} or doc[s].is_punct):
        s += 1
    for k in range(s + 1, e):  # "Transport and General Workers Union (TGWU" -> the name before the bracket
        if doc[k].text in {"(", "["}:
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
        if t0 > s and (span.label_ == "PERSON" or not rest & ORG_WORDS) and all(
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
    if text.lower() in _SUFFIXES or (text.isupper() and text.lower() in ROLE_WORDS):
        return True  # "Jr." or a bare abbreviated title ("MP", "CEO") is not a name; "King" may be a surname
    if label == "PERSON" and any(ch.isdigit() for ch in text):
        return True  # "Roddick 30-0": a score or a date, not a name
    if re.match(r"^[DRI]-[A-Z]", text):
        return True  # a party tag such as "D-Newport News"
    if label == "PERSON" and any(
        t.is_lower and t.is_alpha and t.lower_ not in NAME_PARTICLES for t in span
    ):
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
    if head.dep_ in {"amod", "compound", "nmod"} and head.head.lower_ in GROUP_NOUNS and head.head.i > root.i:
        noun = head.head
        word = noun.lower_.rstrip("s") if noun.lower_.rstrip("s") in COLLECTIVE_NOUNS else noun.lower_
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


def _candidates_from_doc(doc, offset: int, kind: str, paragraph: int | None, sent_index: Mapping[int, int] | None):
    """Yield candidate mentions of one parsed text (a body paragraph, the title or the caption)."""
    from spacy.tokens import Span

    gaz = load_gazetteer()
    spans = []
    for ent in list(doc.ents) + [Span(doc, s, e, label=lab) for s, e, lab in _gap_spans(doc)]:
        # "Green Party's Jill Stein": two names, the owner and the owned
        cut = next((k for k in range(ent.start + 1, ent.end - 1) if doc[k].text in {"'s", "’s"}), None)
        if cut is None or ent.label_ == "NORP":
            spans.append(ent)
            continue
        spans.append(Span(doc, ent.start, cut, label=ent.label_))
        owned = Span(doc, cut + 1, ent.end, label=ent.label_)
        # "Clinton's van", "POLITICO's Battleground States": what follows a person's name is kept only if it
        # starts with a first name
        if ent.label_ != "PERSON" or load_gazetteer().first_name_gender(owned[0].text):
            spans.append(owned)
    spans.sort(key=lambda sp: sp.start)
    for ent in spans:
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
                           paragraph, sentence, group_type="group")
            continue
        if label not in LABEL_TYPE:
            continue
        s, e, roles, honorific = _trim_entity(ent)
        if s >= e or _is_junk_name(doc[s:e], label):
            continue
        span = doc[s:e]
        name = span.text.translate(_QUOTES).strip()
        if not any(ch.isalpha() for ch in name):
            continue
        before = _role_before(doc, ent.start if not roles else s, ent.sent.start) if not roles else None
        if before:
            roles.extend(_split_roles(before))
            last = before.split()[-1].lower()
            honorific = honorific or (last in HONORIFICS and before.split()[-1][:1].isupper())
        appos = _role_appositive(ent)
        if appos:
            roles.append(appos)
        gender = _gender_of(roles)
        roles = [r for r in roles if r.lower().rstrip(".") not in COURTESY]
        text = span.text
        cut = _POSSESSIVE_TAIL.search(text)  # "Trump’s" left as one token by the tokenizer
        if cut and cut.start() > 1:
            text, name = text[: cut.start()], name[: cut.start()]
        yield _Mention(offset + span.start_char, offset + span.start_char + len(text), text, name, label, kind,
                       paragraph, sentence, roles=roles, person_cue=bool(roles) or honorific, honorific=honorific,
                       gender=gender)


_STAFF_CREDIT = re.compile(
    r"\b(?:reporting|editing|writing|research) (?:by|from)\b|\breported from\b|"
    r"\bcontributed (?:reporting|research|to this (?:report|article|story))\b",
    re.IGNORECASE,
)
STAFF_CREDIT_MAX_WORDS = 40


def is_staff_credit(text: str) -> bool:
    """Return True for a short body paragraph that credits the newsroom ("Reporting by X; Editing by Y")."""
    return len(text.split()) <= STAFF_CREDIT_MAX_WORDS and _STAFF_CREDIT.search(text) is not None


def _credit_mentions(credit: str, offset: int) -> list[_Mention]:
    """Return the agencies of a credit line as organisation mentions; photographers are never actors."""
    out: list[_Mention] = []
    pos = 0
    for piece in _CREDIT_SPLIT.split(credit):
        start = credit.find(piece, pos)
        pos = start + len(piece)
        core = _CREDIT_PREFIX.sub("", piece).strip(" .,:")
        if not core:
            continue
        words = core.split()
        looks_org = (
            core.isupper() or _ORG_CREDIT.search(core) is not None or any(w.isupper() and len(w) > 1 for w in words)
            or load_gazetteer().organisation(core) is not None
        )
        if not looks_org:
            continue  # a person's name: the photographer
        name = re.sub(r"\s+photos?$", "", core, flags=re.I).strip() or core  # "AP Photo" is AP; "Getty Images" stays
        s = offset + start + piece.find(core)
        out.append(_Mention(s, s + len(name), name, name, "ORG", "credit", None, None, group_type="organisation"))
    return out


# --------------------------------------------------------------------------- grouping


def _tokens(name: str) -> list[str]:
    """Split a name on whitespace, straight quotes."""
    return [t for t in re.split(r"\s+", name.translate(_QUOTES)) if t]


def _is_acronym(name: str) -> bool:
    """Return True for an all-capitals short name such as "GRU" or "F.B.I."."""
    return bool(re.fullmatch(r"[A-Z][A-Z&.]{1,9}", name.replace(".", ""))) and name.replace(".", "").isupper()


def _initials(name: str) -> str:
    """Return the capital initials of a name, skipping of/the/and/for ("Federal Bureau of Investigation" -> FBI)."""
    return "".join(w[0] for w in _tokens(name) if w[0].isupper() and w.lower() not in {"of", "the", "and", "for"})


_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def _name_words(name: str) -> list[str]:
    """Lower-case words of a name without generational suffixes ("Harry F. Byrd Sr." -> harry f. byrd)."""
    return [w for w in _tokens(name.lower().replace(",", " ")) if w not in _SUFFIXES]


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
    full_person = any(m.label == "PERSON" and len(_tokens(m.name)) > 1 for m in ms)
    mixed_case = {m.name.lower() for m in ms if not m.name.isupper()}
    for m in ms:
        if m.group_type:
            votes[m.group_type] += 5
            continue
        words = {w.lower().strip(".,") for w in _tokens(m.name)}
        # an all-capitals word is an acronym unless the model calls it a person or it is written
        # in mixed case elsewhere ("PENCE" in a transcript, "Pence" in the text)
        acronym = _is_acronym(m.name) and m.label != "PERSON" and m.name.lower() not in mixed_case
        org_like = bool(words & ORG_WORDS) or acronym
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


def _trim_title_mentions(mentions: list[_Mention]) -> None:
    """Cut headline entities that swallowed a capitalised verb back to a name the body uses ("Obama Seeks")."""
    body_keys = {normalize_key(m.name) for m in mentions if m.kind != "title"}
    body_words = {w for k in body_keys for w in _tokens(k)}
    for m in mentions:
        if m.kind != "title" or m.group_type or normalize_key(m.name) in body_keys:
            continue
        toks = _tokens(m.name)
        for k in range(len(toks) - 1, 0, -1):
            prefix = " ".join(toks[:k])
            if normalize_key(prefix) in body_keys or (k == 1 and prefix.lower() in body_words):
                tail = _POSSESSIVE_TAIL.search(prefix)
                prefix = prefix[: tail.start()] if tail else prefix
                m.name = prefix
                m.text = m.text[: len(prefix)]
                m.end = m.start + len(prefix)
                break


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


def _group_article(mentions: list[_Mention], alias_table: Mapping[str, tuple[str, str | None]]):
    """Group one article's mentions into actors: return [(canonical, type, [mentions])]."""
    gaz = load_gazetteer()
    _trim_title_mentions(mentions)
    by_name: dict[str, list[_Mention]] = defaultdict(list)
    for m in mentions:
        by_name[normalize_key(m.name)].append(m)
    forced = {k: alias_table[k] for k in by_name if k in alias_table}
    prov = {k: _vote_type(ms) for k, ms in by_name.items()}
    display = {k: _pick_display([m.name.translate(_QUOTES) for m in ms], False) for k, ms in by_name.items()}
    words = {k: _name_words(display[k]) for k in by_name}

    def known_non_person(key: str) -> bool:
        ms = by_name[key]
        named = gaz.place(display[key]) or gaz.organisation(display[key])
        return bool(named) and not any(m.label == "PERSON" or m.honorific for m in ms)

    person_full = [
        k for k in by_name
        if prov[k] == "person" and len(words[k]) > 1 and k not in forced and not by_name[k][0].group_type
    ]

    def name_shaped(key: str) -> bool:
        toks = _tokens(display[key])
        return (
            2 <= len(toks) <= 3
            and all(t[:1].isupper() and t.replace(".", "").replace("-", "").isalpha() and not (t.isupper() and len(t) > 2)
                    for t in toks)
            and not {t.lower() for t in toks} & ORG_WORDS and not _is_acronym(display[key])
            and not gaz.place(display[key]) and not gaz.organisation(display[key])
        )

    # names by their first and by their last word: a short form shares one of them with its full name, so the
    # look-ups below compare a name with those only, not with every name of the article
    keys_by_end: dict[tuple[int, str], list[str]] = defaultdict(list)
    key_pos = {k: i for i, k in enumerate(by_name)}
    for k in by_name:
        if words[k]:
            keys_by_end[(0, words[k][0])].append(k)
            keys_by_end[(-1, words[k][-1])].append(k)

    def sharing_end(name: list[str]) -> list[str]:
        """The names (in by_name order) whose first word is name's first or whose last word is name's last."""
        if not name:
            return []
        return sorted(set(keys_by_end.get((0, name[0]), ())) | set(keys_by_end.get((-1, name[-1]), ())),
                      key=key_pos.__getitem__)

    # a full name the model tagged ORG ("Lester Holt") is a person if its surname alone is tagged PERSON
    # or carries a title elsewhere in the article, or if it starts with a common first name
    for k in by_name:
        if k in person_full or k in forced or by_name[k][0].group_type or not name_shaped(k):
            continue
        shorts = [
            o for o in sharing_end(words[k])
            if o != k and _is_short_form(words[o], words[k], True)
            and any(m.label == "PERSON" or m.honorific for m in by_name[o])
        ]
        if shorts or gaz.first_name_gender(words[k][0]):
            person_full.append(k)
            prov[k] = "person"
            for m in by_name[k]:
                m.person_cue = True
    key_parent: dict[str, str] = {}
    mention_parent: dict[int, str] = {}
    # 1. a shorter person name joins the longer person name(s) it is a short form of
    genders = {k: {m.gender for m in ms if m.gender} for k, ms in by_name.items()}
    keys_by_words: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for o in by_name:
        keys_by_words[tuple(words[o])].append(o)
    kin = {
        k: any(
            _is_kinship(r) for o in [k, *keys_by_words.get(tuple(words[k][:1]), ())] for x in by_name[o] for r in x.roles
        )
        for k in person_full
    }
    full_pos = {f: i for i, f in enumerate(person_full)}
    nearest = _NearestFull(by_name)
    for k in person_full:
        g = gaz.first_name_gender(words[k][0])
        if g:
            genders[k].add(g)
    for key, ms in by_name.items():
        if key in forced or ms[0].group_type or known_non_person(key):
            continue
        matches = sorted((f for f in sharing_end(words[key]) if f in full_pos), key=full_pos.__getitem__)
        matches = [f for f in matches if f != key and _is_short_form(words[key], words[f], prov[key] == "person")]
        for m in ms:
            # "Mrs. Clinton" never joins a "Clinton" called "Mr." or "husband"
            ok = [f for f in matches if not (m.gender and genders[f] and m.gender not in genders[f])]
            if len(ok) == 1:
                mention_parent[id(m)] = ok[0]
            elif ok:  # two people share the name: the nearest full name earlier in the paragraph; else in the
                # previous two paragraphs, unless introduced as a relative ("his wife, Heidi"); else the most mentioned
                near = nearest.same_paragraph(ok, m) or nearest.recent(
                    [full for full in ok if not kin[full]], m)
                mention_parent[id(m)] = max(near)[1] if near else sorted(
                    ok, key=lambda f: (-len(by_name[f]), nearest.first_order(f), f))[0]
    # 2. acronyms join the organisation whose initials they spell
    orgs = [k for k in by_name if prov[k] == "organisation" and len(_tokens(display[k])) > 1]
    orgs_by_initials: dict[str, list[str]] = defaultdict(list)  # in orgs order
    for o in orgs:
        orgs_by_initials[_initials(display[o])].append(o)
    ending_at: dict[tuple[str, int], list[_Mention]] = defaultdict(list)  # mentions by (kind, end offset)
    for p in mentions:
        ending_at[(p.kind, p.end)].append(p)
    for key in by_name:
        if key in key_parent or key in forced or not _is_acronym(display[key]) or gaz.place(display[key]):
            continue
        hits = list(orgs_by_initials.get(display[key].replace(".", ""), ()))
        if not hits:  # "Rossiya Segodnya (RIA)": an acronym in brackets right after an organisation
            hits = sorted({
                normalize_key(p.name) for m in by_name[key] for gap in (1, 2) for p in ending_at.get((m.kind, m.start - gap), ())
                if p.kind == m.kind and 0 < m.start - p.end <= 2 and normalize_key(p.name) in orgs
            })
        if len(hits) == 1:
            key_parent[key] = hits[0]

    def root_of(key: str) -> str:
        seen = set()
        while key in key_parent and key not in seen:
            seen.add(key)
            key = key_parent[key]
        while key in by_name and len(by_name[key]) and id(by_name[key][0]) in mention_parent and key not in seen:
            seen.add(key)  # a full name that is itself the short form of a longer one ("Hillary Clinton")
            key = mention_parent[id(by_name[key][0])]
        return key

    groups: dict[str, list[_Mention]] = defaultdict(list)
    for key, ms in by_name.items():
        for m in ms:
            groups[root_of(mention_parent.get(id(m), key))].append(m)

    out = []
    for root, ms in groups.items():
        ms.sort(key=lambda m: m.order)
        if root in forced:
            canon, typ = forced[root]
            out.append((canon, typ or _vote_type(ms), ms))
            continue
        typ = _vote_type(ms)
        linked = len({normalize_key(m.name) for m in ms}) > 1
        strong = any(m.honorific for m in ms) or (linked and typ == "person")
        reading = sorted(ms, key=lambda m: (m.kind != "body", m.order))  # the body introduces people
        name = _pick_display([m.name.translate(_QUOTES) for m in reading], typ == "person")
        place = gaz.place(display[root])
        org = gaz.organisation(display[root])
        if (typ == "group" or any(m.group_type == "group" for m in ms)) and org and len(_tokens(display[root])) == 1:
            typ, name = "organisation", org  # "Tories" is the Conservative Party
        elif typ == "group" or any(m.group_type == "group" for m in ms):
            typ = "group"
            name = name[0].upper() + name[1:]
        elif place and not strong:
            typ, name = "place", place
        elif org and not strong:
            typ, name = "organisation", org
        elif typ != "person" and gaz.government(display[root]) and not gaz.place(display[root]):
            typ = "organisation"  # seats of power: the Kremlin, the White House
        if typ == "organisation" and not org:
            name = max((m.name for m in ms), key=lambda n: (len(n), n))
        if typ != "group":
            name = re.sub(r"^(?:the|The)\s+", "", name)
        if typ == "person" and name.isupper():
            name = name.title()  # "WALLACE:" in a transcript
        out.append((name, typ, ms))
    return out


# --------------------------------------------------------------------------- public API


def _article_extras(article: Mapping | None) -> list[tuple[str, int, str]]:
    """Return (kind, start, text) of the title, caption and credit of an article row, if given."""
    if article is None:
        return []
    raw = article.get("raw_text") or ""
    spans = article.get("spans")
    out = []
    if spans is not None and len(spans):
        for kind, s, e in spans:
            if kind in {"title", "caption", "credit"}:
                out.append((kind, int(s), raw[int(s):int(e)]))
    return out


def mentions_for_article(
    parsed: ParsedArticle,
    alias_table: str | Path | Mapping | None = None,
    article: Mapping | None = None,
) -> list[dict]:
    """Return one row dict per actor mention of one parsed article (title/caption/credit too if ``article`` is given).

    ``article`` is the article's row (or any mapping with ``raw_text`` and ``spans``); its title and
    caption come from the shared parse (``parsed.extras``), or are parsed here with the default model
    when the parse did not include them.
    """
    table = load_alias_table(alias_table)  # idempotent: an already loaded table passes through
    cands: list[_Mention] = []
    shared = {(kind, para.start): para.doc for kind, para in parsed.extras}
    for kind, start, text in _article_extras(article):
        if kind == "credit":
            cands.extend(_credit_mentions(text, start))
        elif text.strip():
            doc = shared.get((kind, start))
            if doc is None:
                doc = load_nlp()(text)
            cands.extend(_candidates_from_doc(doc, start, kind, None, None))
    k = 0  # sentence index within the article, as ParsedArticle.sentences() counts
    for para in parsed.paragraphs:
        idx = {}  # sentence start token -> sentence index, for this paragraph (or piece of one) only
        for sent in para.doc.sents:
            idx[sent.start] = k
            k += 1
        if is_staff_credit(para.doc.text):
            continue  # "(Reporting by ...; Editing by ...)": the newsroom, not the story
        cands.extend(_candidates_from_doc(para.doc, para.start, "body", para.paragraph, idx))
    kind_rank = {"title": 0, "caption": 1, "credit": 2, "body": 3}
    cands.sort(key=lambda m: (kind_rank[m.kind] if m.kind != "body" else 3, m.start))
    for i, m in enumerate(cands):
        m.order = i
    rows = []
    for canon, typ, ms in _group_article(cands, table):
        if all(m.kind == "caption" for m in ms):
            continue  # someone only pictured is not in the story; caption mentions count for actors who are
        aid = make_actor_id(canon, typ)
        for m in ms:
            rows.append({
                "article_id": parsed.article_id,
                "actor_id": aid,
                "actor": canon,
                "type": typ,
                "text": m.text,
                "start": m.start,
                "end": m.end,
                "paragraph": m.paragraph,
                "sentence": m.sentence,
                "role": "; ".join(dict.fromkeys(r.translate(_QUOTES) for r in m.roles))
                if m.roles and typ == "person" else None,
                "kind": m.kind,
            })
    rows.sort(key=lambda r: (r["start"], r["end"], r["actor_id"]))
    return rows


def _drop_initials(name: str) -> str:
    """Drop middle initials: "Donald J. Trump" -> "Donald Trump"."""
    words = name.split()
    if len(words) < 3:
        return name
    return " ".join([words[0], *[w for w in words[1:-1] if not re.fullmatch(r"[A-Z]\.?", w)], words[-1]])


def merge_across_articles(mentions: pd.DataFrame) -> pd.DataFrame:
    """Merge people across a corpus: middle initials ignored, and a one-word name joins the one person it ends.

    "Donald J. Trump" joins "Donald Trump" when the plain form has at least INITIALS_MERGE_RATIO times the
    mentions; a one-word person joins the single multi-word person of the corpus whose
    last word it is. Organisations are left alone: a one-word organisation ("Chelsea") may be a place
    the model mislabelled rather than a person, so only in-article evidence turns it into a person.
    """
    if mentions.empty:
        return mentions
    gaz = load_gazetteer()
    df = mentions.copy()
    persons = df.loc[df["type"] == "person", "actor"]
    counts = persons.value_counts()
    rename: dict[tuple[str, str], str] = {}
    short = {}
    for a in counts.index:
        d = _drop_initials(a)
        # only when the plain form is clearly the usual name (3 times the mentions): "George Bush" and
        # "George W. Bush" seen once each may be father and son
        if d != a and d in counts.index and counts[d] >= INITIALS_MERGE_RATIO * counts[a]:
            rename[("person", a)] = d
    by_last: dict[str, set[str]] = {}
    for a in counts.index:
        if len(a.split()) > 1:
            full = rename.get(("person", a), a)
            by_last.setdefault(full.split()[-1].lower(), set()).add(full)
    for a in counts.index:
        if len(a.split()) != 1 or gaz.place(a):
            continue
        hits = by_last.get(a.lower(), set())
        if len(hits) == 1:
            short[("person", a)] = next(iter(hits))
    rename.update(short)
    if rename:
        keys = list(zip(df["type"], df["actor"]))
        new = [rename.get(k) for k in keys]
        mask = pd.Series([n is not None for n in new], index=df.index)
        df.loc[mask, "actor"] = [n for n in new if n is not None]
        df.loc[mask, "actor_id"] = [make_actor_id(a, "person") for a in df.loc[mask, "actor"]]
    # one name per id: "Robert Kilroy-Silk" and "Robert Kilroy Silk" share a slug; the commoner spelling wins
    spellings = df.groupby(["actor_id", "actor"]).size().reset_index(name="n")
    best = spellings.sort_values(["actor_id", "n", "actor"], ascending=[True, False, True], kind="stable")
    df["actor"] = df["actor_id"].map(best.drop_duplicates("actor_id").set_index("actor_id")["actor"])
    return df


def extract_mentions(
    articles: pd.DataFrame,
    parsed: Iterable[ParsedArticle] | None = None,
    alias_table: str | Path | Mapping | None = None,
) -> pd.DataFrame:
    """Return one row per actor mention across the corpus (columns MENTION_COLUMNS), parsing only if needed."""
    table = load_alias_table(alias_table)
    ok = articles[articles["status"] == "ok"] if "status" in articles else articles
    rows_by_id = {r["article_id"]: r for r in ok.to_dict("records")}
    if parsed is None:
        parsed = parse_articles(ok)
    rows: list[dict] = []
    for pa in parsed:
        rows.extend(mentions_for_article(pa, table, rows_by_id.get(pa.article_id)))
    return to_frame(rows)


def to_frame(rows: Iterable[Mapping] | Mapping[str, list], merge: bool = True) -> pd.DataFrame:
    """Return mention rows from ``mentions_for_article`` as a frame (MENTION_COLUMNS), merged across articles and sorted.

    With ``merge`` (the default) the corpus-level merge (``merge_across_articles``) is applied, so a
    streaming profiler that calls ``mentions_for_article`` per article gets the same frame as
    ``extract_mentions``. Rows that went through JSON (None or NaN paragraphs) are accepted.
    """
    df = pd.DataFrame(rows if isinstance(rows, Mapping) else list(rows), columns=MENTION_COLUMNS)
    for col in ("start", "end"):
        df[col] = df[col].astype("int64")
    for col in ("paragraph", "sentence"):
        df[col] = pd.array([None if pd.isna(v) else int(v) for v in df[col]], dtype="Int64")
    df["role"] = df["role"].astype(object).where(df["role"].notna(), None)
    if merge:
        df = merge_across_articles(df)
    return df.sort_values(["article_id", "start", "end", "actor_id"], kind="stable").reset_index(drop=True)


def summarize_actors(mentions: pd.DataFrame, claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per actor (columns SUMMARY_COLUMNS), most mentioned first; n_quoted from claims if given."""
    if mentions.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    quoted = Counter()
    if claims is not None and not claims.empty and "speaker_actor_id" in claims:
        quoted = Counter(claims["speaker_actor_id"].dropna())
    # one pass over the mentions in frame order (roles keep their reading order); no per-group pandas work
    acc: dict[tuple[str, str, str], dict] = {}
    columns = ("actor_id", "actor", "type", "text", "role", "kind", "paragraph", "article_id")
    for aid, actor, typ, text, role, kind, para, article in zip(*(mentions[c] for c in columns)):
        a = acc.get((aid, actor, typ))
        if a is None:
            a = acc[(aid, actor, typ)] = {"aliases": set(), "roles": {}, "n": 0, "articles": set(), "first": None}
        a["aliases"].add(text.translate(_QUOTES))
        if isinstance(role, str):
            for part in role.split("; "):
                a["roles"].setdefault(part, None)
        a["n"] += 1
        a["articles"].add(article)
        if kind == "body" and not pd.isna(para) and (a["first"] is None or para < a["first"]):
            a["first"] = int(para)
    rows = [{
        "actor_id": aid,
        "actor": actor,
        "type": typ,
        "aliases": sorted(a["aliases"]),
        "roles": list(a["roles"]),
        "n_mentions": a["n"],
        "n_articles": len(a["articles"]),
        "first_paragraph": pd.NA if a["first"] is None else a["first"],
        "n_quoted": int(quoted.get(aid, 0)),
    } for (aid, actor, typ), a in sorted(acc.items())]
    df = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    df["first_paragraph"] = df["first_paragraph"].astype("Int64")
    return df.sort_values(["n_mentions", "actor_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def cooccurrence(mentions: pd.DataFrame, window: str = "sentence") -> pd.DataFrame:
    """Return actor pairs seen in the same sentence or paragraph: actor_id_a, actor_a, actor_id_b, actor_b, n_windows, n_articles."""
    if window not in {"sentence", "paragraph"}:
        raise ValueError("window must be 'sentence' or 'paragraph'")
    cols = ["actor_id_a", "actor_a", "actor_id_b", "actor_b", "n_windows", "n_articles"]
    m = mentions[(mentions["kind"] == "body") & mentions[window].notna()] if not mentions.empty else mentions
    if m.empty:
        return pd.DataFrame(columns=cols)
    names = dict(zip(m["actor_id"], m["actor"]))
    counts: Counter = Counter()
    arts: dict[tuple[str, str], set] = defaultdict(set)
    windows: dict[tuple[str, int], set[str]] = defaultdict(set)  # one pass over plain values: no per-group frames
    for aid, win, actor_id in zip(m["article_id"].tolist(), m[window].tolist(), m["actor_id"].tolist()):
        windows[(aid, win)].add(actor_id)
    for (aid, _), members in windows.items():
        ids = sorted(members)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                counts[(a, b)] += 1
                arts[(a, b)].add(aid)
    rows = [
        {"actor_id_a": a, "actor_a": names[a], "actor_id_b": b, "actor_b": names[b], "n_windows": n,
         "n_articles": len(arts[(a, b)])}
        for (a, b), n in counts.items()
    ]
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["n_windows", "actor_id_a", "actor_id_b"], ascending=[False, True, True],
                          kind="stable").reset_index(drop=True)
