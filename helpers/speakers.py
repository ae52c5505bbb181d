"""Speakers: who a claim's speaker phrase denotes, among the actors (mentions) of its article.

What it does: given one article's parse, its ``helpers.actors`` mentions and the claims of ``helpers.claims``,
resolves each cue's speaker phrase in one pass in reading order, saying how (``speaker_resolution``,
``RESOLUTIONS``): the mention at the speaker's head word (``name``; a bare surname two actors share goes to the
one named in full or speaking most recently); a name form of an actor where no mention was made
(``linked-name``: "said Roenick"; "Mr Gaymard" by its honorific); a full personal name the model never tagged,
as written and without an actor (``name``: "said Jean-Michel Lemetayer"); a capital standing for its
country's government ("Moscow" -> Russia; a seat of power such as "the Kremlin" is an organisation and speaks as
itself) through ``helpers.gazetteer`` (``metonym``); a pronoun by salience (``pronoun``: the actor the
paragraph and the one before are about, subjects over objects, the current speaker of a quote chain, a nominal
subject's actor; asides in brackets and names inside other noun phrases count less; never another argument of
its own clause nor a name inside the quotation it introduces; he/she only people, of the mention's ``gender``
when known, a "person" that may be a company weighing little; it/they organisations, groups, and for "it" places
not used as modifiers); "I" of a first-person text's writer (bio line, byline, signature) and of an interview's
interviewee, "you" in its questions (``pronoun``); a common noun (``nominal``: "the spokesman" to the actor whose
``role`` holds the noun, else to the organisation it speaks for; "the fund" to the organisation whose name does,
"the company" to the most salient organisation, "a spokeswoman for YouTube" to YouTube, "an analysis by X" to X,
"the 28-year-old" and epithets to the most salient person; an office noun ("the judge") never to someone whose
roles say otherwise; left empty when two fit equally); ``according-to``; ``none`` when unresolved, never
guessed. The nouns are data in ``data/claims_nominals.toml``.

What it does not do: find quotes, cues or speaker phrases (``helpers.claims``), build actors
(``helpers.actors``), or use world knowledge.
"""
from __future__ import annotations

import bisect
import itertools
import functools
import re
import tomllib

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from . import actor_words as W
from . import cues as C
from .actor_candidates import CAMPAIGN_NOUNS, PUBLISHING_PLACES, campaign_name
from .actor_gender import nqg_lookup
from .gazetteer import load_gazetteer, normalize_key
from .nlp import ParsedArticle
from .paths import DATA_DIR

RELATIVE_WORDS = {"who", "that", "which", "whom"}
_CAPITALISED = re.compile(r"\b[A-Z](?:['’][A-Z])?[a-z]+(?:-[A-Z]?[a-z]+)*")  # "Sean" of "Sean's", "O'Neill"
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:][\"”’']?)\s*[\"“‘']?\s*$")


# --------------------------------------------------------------------------- parse helpers
def _abs(para, tok) -> int:
    return para.start + tok.idx


def _abs_end(para, tok) -> int:
    return para.start + tok.idx + len(tok.text)


def _np_bounds(head) -> tuple[int, int]:
    """Return token index bounds [lo, hi] of the noun phrase headed by ``head`` without relative clauses."""
    lo = head.left_edge.i
    hi = head.i
    for c in head.rights:
        if c.dep_ in ("compound", "flat", "nummod", "appos", "prep", "poss") or (c.dep_ == "cc") or c.dep_ == "conj":
            if c.dep_ == "prep" and c.lower_ not in ("of", "for", "at"):
                continue
            hi = max(hi, c.right_edge.i)
    doc = head.doc
    for i in range(lo, head.i):  # a dateline glued to the subject: "WASHINGTON (AP) — Donald Trump"
        if doc[i].text in ("—", "--", "–", ")", ":"):
            lo = i + 1
    while lo < hi and (doc[lo].is_punct or doc[lo].dep_ == "cc"):
        lo += 1
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    opened = sum((t.text == "(") - (t.text == ")") for t in doc[lo:hi + 1])
    if opened > 0 and hi + 1 < len(doc) and doc[hi + 1].text == ")":
        hi += 1  # "Rep. Elijah Cummings (D-Md.)": the bracket the phrase opens closes in it
    return lo, hi

# --------------------------------------------------------------------------- mentions

def _mention_list(mentions) -> list[dict]:
    if mentions is None:
        return []
    if isinstance(mentions, pd.DataFrame):
        return mentions.to_dict("records")
    return list(mentions)


class _Mentions(list):
    """One article's mention dicts (a plain list to every reader) with the look-ups speaker resolution needs, built once.

    Each look-up returns, in list order, a part of the list that holds every mention the linear scan would accept,
    so the rules below give the same answer on it as on the whole list.
    """

    def __init__(self, mentions: Iterable[dict]):
        super().__init__(mentions)
        n = len(self)
        self._by_start = sorted(range(n), key=lambda i: self[i]["start"])
        self._starts = [self[i]["start"] for i in self._by_start]
        self._longest = max((self[i]["end"] - self[i]["start"] for i in range(n)), default=0)
        self._before: tuple[list[int], list, list[int]] | None = None
        self._named: dict | None = None
        try:  # pronoun antecedents: by end, when sentence numbers grow with the end offset (they do in an article)
            by_end = sorted(range(n), key=lambda i: (self[i]["end"], int(self[i]["sentence"])))
            sents = [int(self[i]["sentence"]) for i in by_end]
            if all(sents[i] <= sents[i + 1] for i in range(n - 1)):
                self._before = (by_end, [self[i]["end"] for i in by_end], sents)
        except (KeyError, TypeError, ValueError):
            pass
        try:
            named: dict = {}
            for m in self:
                named.setdefault(m.get("actor"), m)
            self._named = named
        except TypeError:
            pass

    def _pick(self, indices: Iterable[int]) -> list[dict]:
        return [self[i] for i in sorted(indices)]

    def overlapping(self, start: int, end: int) -> list[dict]:
        """Mentions that may overlap [start, end)."""
        lo = bisect.bisect_right(self._starts, start - self._longest)
        return self._pick(self._by_start[lo:bisect.bisect_left(self._starts, end)])

    def ending_by(self, pos: int, sentence: int) -> list[dict]:
        """Mentions that may end at or before ``pos`` within three sentences before ``sentence``."""
        if self._before is None:
            return self
        by_end, ends, sents = self._before
        hi = bisect.bisect_right(ends, pos)
        return self._pick(by_end[bisect.bisect_left(sents, sentence - 3, 0, hi):hi])

    def named(self, name: str) -> list[dict]:
        """Mentions that may have ``actor`` == name."""
        if self._named is None:
            return self
        m = self._named.get(name)
        return [m] if m is not None else []


def _actor_at(mentions: Sequence[dict], start: int, end: int, head: int | None) -> dict | None:
    """Return the mention overlapping [start, end), preferring the one holding the head word, then the longest."""
    if isinstance(mentions, _Mentions):
        mentions = mentions.overlapping(start, end)
    hits = [m for m in mentions if m["start"] < end and m["end"] > start]
    if not hits:
        return None
    return max(hits, key=lambda m: (head is not None and m["start"] <= head < m["end"], m["end"] - m["start"], -m["start"]))


def _is_person(m: dict) -> bool:
    return str(m.get("type", "")).lower() in ("person", "per")


def _resolve_pronoun(word: str, pos: int, sentence: int, mentions: Sequence[dict]) -> dict | None:
    """Return the closest preceding mention a pronoun can refer to, preferring subjects (the plain recency rule).

    ``_SpeakerResolver`` resolves speakers by salience instead; this rule stays as the reference the mention
    look-ups of ``_Mentions`` are checked against (tests/test_pathological.py).
    """
    kind = C.PRONOUNS.get(word.lower())
    cands = []
    if isinstance(mentions, _Mentions):
        mentions = mentions.ending_by(pos, sentence)
    for m in mentions:
        if m["end"] > pos or sentence - int(m.get("sentence", sentence)) > 3:
            continue
        if str(m.get("text", "")).lower() in C.PRONOUNS:
            continue
        if kind == "person" and not _is_person(m):
            continue
        if kind == "group" and _is_person(m):
            continue
        dist = sentence - int(m.get("sentence", sentence))
        subj = bool(m.get("is_subject"))
        cands.append(((dist, not subj, -m["start"]), m))
    if not cands:
        return None
    return min(cands, key=lambda x: x[0])[1]


def _actor_named(mentions: Sequence[dict], name: str) -> dict | None:
    if isinstance(mentions, _Mentions):
        mentions = mentions.named(name)
    for m in mentions:
        if m.get("actor") == name:
            return m
    return None


# --------------------------------------------------------------------------- speaker resolution

NOMINALS_FILE = DATA_DIR / "claims_nominals.toml"
RESOLUTIONS = ("name", "linked-name", "pronoun", "nominal", "metonym", "continued", "according-to", "none")
# Third-person pronouns a speaker or an antecedent chain can be: what they refer to, and the sex they say.
THIRD_PERSON = {"he": ("person", "male"), "him": ("person", "male"), "his": ("person", "male"),
                "she": ("person", "female"), "her": ("person", "female"), "hers": ("person", "female"),
                "it": ("thing", None), "its": ("thing", None),
                "they": ("plural", None), "them": ("plural", None), "their": ("plural", None)}
# Nouns for a person's campaign as a speaker: "the Trump team" said is the Trump campaign where the article names
# one (a team is no campaign actor of its own: "the Ferrari team" of a sports story names no campaign)
SPEAKING_CAMPAIGN_NOUNS = CAMPAIGN_NOUNS | {"team"}
# A share of people speaking in a poll ("In a CNN poll, 31% of Republicans said"): the poll's maker speaks
POLL_NOUNS = frozenset({"poll", "survey"})
POLL_SHARES = frozenset({"%", "half", "majority", "minority", "most", "percent", "plurality", "quarter", "third"})
# Weights of one mention in the salience of its actor (after Lappin and Leass 1994): grammatical subjects over
# objects over the rest; the speaker of a claim gets a bonus on top (the current speaker of a quote chain).
SALIENCE = {"subject": 200.0, "embedded subject": 120.0, "object": 120.0, "other": 70.0, "embedded": 40.0,
            "modifier": 20.0,
            "speaker": 150.0}
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
QUOTED_WEIGHT = 0.3  # a name inside someone's quotation counts less for who the story is about
REPORTED_WEIGHT = 0.5  # and one inside someone's reported speech ("X would lead, he said") somewhat less
SENTENCE_DECAY = 0.5  # salience halves with each sentence back
SENTENCE_REACH = 8  # and is not looked for further back than this (0.5 ** 8 is under half a percent)
PARAGRAPH_DECAY = 0.7  # and loses a bit more at each paragraph break
PRONOUN_PARAGRAPHS = 1  # a pronoun looks back over its paragraph and the one before
NOMINAL_PARAGRAPHS = 2  # a nominal ("the mayor") without a role that fits looks back a little further
PLACE_AS_IT = 0.5  # "it said" is an organisation more often than a place
DOUBTFUL_PERSON = 0.3  # "she said" goes to a "person" that may be a company ("Kinder Morgan") only if no one else fits
TIE_RATIO = 0.9  # two candidates this close in salience fit equally: the nominal stays unresolved
NOMINAL_TOPIC_DEPS = frozenset({"nsubj", "nsubjpass", "poss"})  # "the nominee said", "the candidate's response"
OBJECT_DEPS = frozenset({"dobj", "iobj", "dative", "attr", "oprd"})
SUBJECT_DEPS_ALL = frozenset({"nsubj", "nsubjpass"})
AUTHOR_PREPS = frozenset({"by", "from", "of"})
FIRST_SECOND_PERSON = frozenset({"i", "me", "my", "we", "us", "our", "you", "your"})
FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my", "myself"})
SECOND_PERSON = frozenset({"you", "your"})
WRITER_MIN_FIRST_PERSON = 3  # first-person words outside quotes that make an article a first-person text (op-ed)
BIO_PARAGRAPHS = 3  # a writer's bio line is among the first two or the last this many paragraphs
BIO_MAX_SENTENCES = 3
QA_MIN_TURNS = 2  # question and answer paragraphs each, for a text to be an interview transcript
QA_LABEL = re.compile(r"\s*(?:(Q|Question)|(A|Answer))\s*[:.]\s")
MIN_GIVEN_NAME_SOURCES = 10  # a first word nomquamgender knows from this many sources and
MIN_GIVEN_NAME_COUNT = 5000  # this many people is a given name ("Jean-Michel"; not "South", "Green")


@functools.lru_cache(maxsize=1)
def nominal_lexicon() -> dict:
    """Return the role-noun lists of ``data/claims_nominals.toml`` (read once) as frozensets, plus abbreviations."""
    data = tomllib.loads(NOMINALS_FILE.read_text(encoding="utf-8"))
    out: dict = {k: frozenset(data[k]) for k in ("person", "organisation", "place", "document", "spokesperson",
                                                 "named_kind", "office", "female", "male", "subordinate",
                                                 "generic_modifiers")}
    for key in ("spokespeople", "post_name_titles", "document_verbs", "own_kind_only"):
        out[key] = frozenset(data[key])
    out["kin_plurals"] = dict(data["kin_plurals"])  # "my parents" holds my father and my mother
    out["kin_words"] = frozenset(W.KINSHIP_WORDS | set(out["kin_plurals"].values()))
    # titles before a name, without their full stop ("Mr", "Sen.", "President"): from the actor rules' one list
    out["name_titles"] = frozenset(t.rstrip(".") for t in W.HONORIFICS)
    out["abbreviations"] = dict(data["abbreviations"])
    out["organisation_kind"] = {word: kind for kind, words in data["organisation_kinds"].items() for word in words}
    out["conflicts"] = [frozenset(words) for words in data["conflicts"].values()]
    out["party_words"] = frozenset().union(*out["conflicts"])
    return out


def _other_kind(noun: str, name: str) -> bool:
    """True when an organisation nominal's noun and the last kind word of an organisation's name are kinds that
    never name one another ("the government" and "Conservative Party", "BBC Radio 4"); False when either says none."""
    lex = nominal_lexicon()
    kinds = lex["organisation_kind"]
    theirs = next((kinds[w] for w in reversed(name.lower().split()) if w in kinds), None)  # "BBC Radio 4": media
    mine = kinds.get(noun)
    if noun in lex["own_kind_only"]:
        return theirs != mine  # "the government": only an organisation whose name says it is one
    return mine is not None and theirs is not None and mine != theirs


def _conflicting(mods: set[str], role: set[str]) -> bool:
    """True when a nominal's modifiers and a role take different words of one exclusive group (Republican, Democratic),
    or the role is a lesser post the nominal does not say ("the prime minister" is not the deputy prime minister)."""
    if (role & nominal_lexicon()["subordinate"]) - mods:
        return True
    for group in nominal_lexicon()["conflicts"]:
        a, b = mods & group, role & group
        if a and b and not a & b:
            return True
    return False


def _other_post(said: set[str], role_rest: set[str]) -> bool:
    """True when an office nominal names its post with words ("the prime minister") and a role names another post of
    that noun ("welfare minister"): each has post words the other lacks. Generic and party words do not count."""
    mine, theirs = _post_words(said), _post_words(role_rest)
    return bool(mine) and bool(theirs) and not mine & theirs


def _post_words(words: set[str]) -> set[str]:
    """The words that name which post ("prime", "foreign"), without generic and party words."""
    lex = nominal_lexicon()
    return {w for w in words if w.isalpha()} - lex["generic_modifiers"] - lex["party_words"]


def _role_word(word: str) -> str:
    w = word.lower().strip(".,;:()'’\"")
    return nominal_lexicon()["abbreviations"].get(w, w)


def _speaks_for(lemma: str, word: str) -> bool:
    """Whether a noun names someone who speaks for a body ("spokesman", "official", "members")."""
    lex = nominal_lexicon()
    return lemma in lex["spokesperson"] or word in lex["spokesperson"]


def _gender(value) -> str | None:
    v = str(value or "").lower()
    return "female" if v in ("female", "f") else "male" if v in ("male", "m") else None


def _weight(tok) -> float:
    """Salience weight of a mention by its grammatical role; a conjunct takes its head's ("Lee and Park said")."""
    for _ in range(4):
        if tok is None or tok.dep_ != "conj" or tok.head.i == tok.i:
            break
        tok = tok.head
    dep = tok.dep_ if tok is not None else ""
    if dep in MODIFIER_DEPS and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i != tok.i:
        return SALIENCE["modifier"]  # "a U.S. senator", "the Trump campaign": a name inside another noun's phrase
    if dep == "ROOT" and tok.pos_ in ("PROPN", "NOUN"):
        return SALIENCE["subject"]  # a name heading its sentence: the parse lost the verb, the name is its topic
    if dep in SUBJECT_DEPS_ALL:
        verb = tok.head
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        main = verb.dep_ == "ROOT" or (verb.dep_ in ("ccomp", "parataxis")
                                       and verb.head.lemma_.lower() in C.SPEAKING_VERBS)
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN") and not main:
            return SALIENCE["embedded"]  # "the claim that Mr. Trump opposed the war": inside a noun's phrase
        return SALIENCE["subject"] if main else SALIENCE["embedded subject"]
    if dep == "attr" and tok.head.lemma_ == "be" and any(c.dep_ == "expl" for c in tok.head.children):
        return SALIENCE["subject"]  # "there was Mr. Hannity": an existential introduces the topic
    if dep == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("NOUN", "PROPN"):
        return SALIENCE["embedded"]  # "a meeting with Mr. Trump": inside another noun's phrase, not an argument
    return SALIENCE["object"] if dep in OBJECT_DEPS else SALIENCE["other"]


def _first_person_words(parsed: ParsedArticle, quotes) -> int:
    """Count first-person singular pronouns ("I", "me", "my") outside quotation marks in the body."""
    n = 0
    for para in parsed.paragraphs:
        for tok in para.doc:
            if tok.lower_ in FIRST_PERSON_SINGULAR and tok.pos_ == "PRON" and not quotes.covers(_abs(para, tok)):
                n += 1
    return n


def _bio_subject(para, mentions: _Mentions) -> dict | None:
    """The person a bio line is about: "Jane Roe is a playwright ..." or "By Jane Roe" opening a short paragraph.

    The paragraph must open with a person's name of two words or more, as the subject of "be" ("Jane Roe is ...",
    "Jane Roe, a lawyer, is ...") or after "By"; it is at most ``BIO_MAX_SENTENCES`` sentences long.
    """
    doc = para.doc
    if len(list(doc.sents)) > BIO_MAX_SENTENCES:
        return None
    k = 0
    while k < len(doc) and (doc[k].is_punct or doc[k].is_space):
        k += 1
    by = k < len(doc) and doc[k].lower_ == "by"
    k += by
    if k >= len(doc):
        return None
    pos = _abs(para, doc[k])
    hits = [m for m in mentions.overlapping(pos, pos + 1) if m["start"] == pos and m.get("actor_id")]
    m = max(hits, key=lambda m: m["end"] - m["start"], default=None)
    if m is None or not _is_person(m) or len(str(m.get("text", "")).split()) < 2:
        return None
    if by:
        return m
    head = next((t for t in doc if pos <= _abs(para, t) < m["end"] and t.dep_ in SUBJECT_DEPS_ALL), None)
    return m if head is not None and head.head.lemma_ == "be" else None


def _signature(para, mentions: _Mentions) -> dict | None:
    """The person a signature paragraph names: the paragraph is a person's name of two words or more, and at most a
    place or a title after a comma ("Toni Williams.", "Jane Roe, Chicago")."""
    if len(para.doc) > 12:
        return None
    text = para.text.strip()
    if not text:
        return None
    lead = text.split(",")[0].rstrip(". ")
    start = para.start + para.text.index(text[0])
    hits = [m for m in mentions.overlapping(start, start + 1) if m["start"] == start and m.get("actor_id")]
    m = max(hits, key=lambda m: m["end"] - m["start"], default=None)
    if m is None or not _is_person(m) or len(str(m.get("text", "")).split()) < 2:
        return None
    return m if m["end"] - start >= len(lead) else None


def find_writers(parsed: ParsedArticle, mentions: _Mentions, quotes) -> list[tuple[int, str, dict]]:
    """Who writes a first-person text (an op-ed, letters): (paragraph, "byline" or "signature", the mention).

    A text is first-person when it has at least ``WRITER_MIN_FIRST_PERSON`` first-person singular pronouns outside
    quotation marks. Its writers are named by a byline or bio line among its first two paragraphs ("By Jane Roe",
    "Jane Roe is a lawyer in Ohio.": ``_bio_subject``), which covers the paragraphs after it, or by a signature or
    bio line after the text (a paragraph that is a person's name, ``_signature``; a bio line among the last
    ``BIO_PARAGRAPHS``), which covers the paragraphs before it, back to the previous signature. None found: "I" stays
    empty.
    """
    paras = parsed.paragraphs
    if not paras or _first_person_words(parsed, quotes) < WRITER_MIN_FIRST_PERSON:
        return []
    out = []
    for pi, para in enumerate(paras):
        m = _signature(para, mentions) if pi >= 1 else None
        if m is not None:
            if not (out and out[-1][0] == pi - 1):  # "Jane Roe." then "Mission Viejo, Calif.": one signature
                out.append((pi, "signature", m))
        elif pi < 2 or pi >= len(paras) - BIO_PARAGRAPHS:
            m = _bio_subject(para, mentions)
            if m is not None:
                out.append((pi, "byline" if pi < 2 else "signature", m))
    return out


def find_interview(parsed: ParsedArticle, mentions: _Mentions) -> tuple[dict | None, list[str | None]]:
    """An interview transcript's interviewee mention and each paragraph's voice ("question", "answer", None).

    A transcript has at least ``QA_MIN_TURNS`` paragraphs opening "Q:" and as many opening "A:" ("Question:",
    "Answer:"); a paragraph without a label continues the voice of the one before. The interviewee is the person
    named most often in the paragraphs before the first question, at least twice and more often than anyone else;
    otherwise None (and "I" in the answers stays empty).
    """
    voices: list[str | None] = []
    cur = None
    first_q = None
    for pi, para in enumerate(parsed.paragraphs):
        m = QA_LABEL.match(para.text)
        if m:
            cur = "question" if m.group(1) else "answer"
            if cur == "question" and first_q is None:
                first_q = para.start
        voices.append(cur)
    if sum(v == "question" for v in voices) < QA_MIN_TURNS or sum(v == "answer" for v in voices) < QA_MIN_TURNS:
        return None, [None] * len(voices)
    counts: dict[str, list[dict]] = {}
    for m in mentions:
        if m["start"] < first_q and _is_person(m) and m.get("actor_id") \
                and str(m.get("text", "")).lower() not in THIRD_PERSON:
            counts.setdefault(str(m["actor_id"]), []).append(m)
    ranked = sorted(counts.values(), key=len, reverse=True)
    if not ranked or len(ranked[0]) < 2 or (len(ranked) > 1 and len(ranked[1]) == len(ranked[0])):
        return None, voices
    return ranked[0][0], voices


def _speaker_bonus(cue_tok) -> float:
    """Salience a claim adds to its speaker: full for a cue heading its sentence or a clause joined to it ("Lee
    said", "..., he added"), less in brackets, none for a cue inside a noun's phrase ("the claim that Trump
    opposed the war": Trump is no current speaker)."""
    if cue_tok is None:
        return SALIENCE["speaker"]
    t = cue_tok
    for _ in range(6):
        if t.dep_ in ("acl", "relcl", "pobj", "pcomp") or t.dep_ == "advcl" and t.head.pos_ in ("NOUN", "PROPN"):
            return 0.0
        if t.head.i == t.i:
            break
        t = t.head
    return SALIENCE["speaker"] * (QUOTED_WEIGHT if _in_brackets(cue_tok) else 1.0)


def _in_brackets(tok) -> bool:
    """True for a token inside round brackets opened in its sentence: "(As BuzzFeed first reported, Mr. Trump ...)"."""
    if tok is None:
        return False
    depth = 0
    for t in tok.doc[tok.sent.start:tok.i]:
        depth += (t.text == "(") - (t.text == ")")
    return depth > 0


# Kinds of document a later definite one refers back to ("a lawsuit ... the suit"); a noun of no kind is its own
DOCUMENT_KINDS = {
    "ad": "ad", "advertisement": "ad", "clip": "ad", "spot": "ad", "video": "ad",
    "complaint": "suit", "filing": "suit", "lawsuit": "suit", "suit": "suit",
    "analysis": "study", "poll": "study", "report": "study", "research": "study", "study": "study", "survey": "study",
    "email": "letter", "letter": "letter", "memo": "letter",
}


def _document_kind(lemma: str) -> str:
    return DOCUMENT_KINDS.get(lemma, lemma)


def _is_aside(sent) -> bool:
    """True for a sentence wholly inside round brackets: "(As BuzzFeed News first reported, Mr. Trump ...)"."""
    text = sent.text.strip()
    return text.startswith("(") and text.rstrip(".").endswith(")") and text.count("(") == text.count(")")


def _salience_steps(parsed: ParsedArticle) -> list[int]:
    """The distance count of each sentence (by its number) as salience decays: an aside in brackets takes the step of
    the sentence before it, so it neither pushes the paragraph's topic a sentence back nor stands nearer to what
    follows than that sentence does."""
    steps: list[int] = []
    step = -1
    for _paragraph, k, sent in parsed.sentences():
        if not (_is_aside(sent) and step >= 0):
            step += 1
        steps.extend([step] * (k + 1 - len(steps)))
    return steps


def _capitalised_noun(tok) -> bool:
    """True for a person noun written with a capital after "the": "the Republican", "The Democrat", "the American"."""
    return (tok.pos_ == "PROPN" and tok.lower_ in nominal_lexicon()["person"] or _demonym(tok)) and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)


def _demonym(tok) -> bool:
    """True for a singular nationality word used as a noun after "the": "the American", "the Canadian", "the
    55-year-old Frenchman"."""
    return tok.is_title and tok.tag_ in ("NNP", "NN", "JJ") and tok.dep_ in ("nsubj", "nsubjpass", "appos", "pobj") \
        and _nationality_noun(tok.text) and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)


def _nationality_noun(word: str) -> bool:
    """A nationality word, or one made with -man/-woman ("Frenchman", "Scotswoman")."""
    gaz = load_gazetteer()
    if gaz.nationality(word) is not None:
        return True
    stem = re.sub(r"(?:wo)?m[ae]n$", "", word)
    return stem != word and len(stem) > 2 and gaz.nationality(stem) is not None


def _years_old(tok) -> bool:
    """True for the "old" of "28-year-old"."""
    return tok.lower_ == "old" and any(c.lower_ in ("year", "years") for c in tok.children)


def _is_age(tok) -> bool:
    """True for "the 28-year-old": an age used as a noun for a person."""
    return _years_old(tok) and tok.dep_ in ("nsubj", "nsubjpass", "appos", "pobj", "ROOT")


def _is_age_modifier(tok) -> bool:
    """True for the "47-year-old" of "the 47-year-old director"."""
    return _years_old(tok) and tok.dep_ == "amod"


def _word_run(head, takes) -> list[str]:
    """The words of the run of tokens ``takes`` accepts that ends the speaker's phrase at its head, a hyphenated
    word joined into one ("Jean-Michel", "Anti-Defamation"); empty when the head is not taken."""
    lo, _hi = _np_bounds(head)
    words: list[str] = []
    for t in head.doc[lo:head.i + 1]:
        if t.text in ("-", "‐") and not t.whitespace_ and words:
            words[-1] += t.text
        elif words and words[-1].endswith(("-", "‐")):
            words[-1] += t.text
        elif takes(t):
            words.append(t.text)
        else:
            words = []
    return words


def _personal_name(head) -> str:
    """A person's full name as written, when the speaker's head is a run of two to four capitalised proper nouns
    whose first word (after an honorific) is a given name nomquamgender knows widely, or whose last word is a
    hyphenated given name written after the family name, else "": "Jean-Michel Lemetayer", "Mr Herve Gaymard",
    "Chung Mong-koo"; never "South Surrey" or "Green Party"."""
    words = _word_run(head, lambda t: t.pos_ == "PROPN" and t.is_title
                      or t.text.rstrip(".").lower() in nominal_lexicon()["name_titles"])
    titles = nominal_lexicon()["name_titles"] | nominal_lexicon()["person"]
    cut = max((k + 1 for k, w in enumerate(words) if w.rstrip(".").lower() in titles), default=0)
    words = words[cut:]  # "Secretary General Ban Ki-moon", "Mr Herve Gaymard": the name after the titles
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return ""
    if re.fullmatch(r"[A-Z][a-z]+-[a-z]+", words[-1]):  # "Chung Mong-koo", "Ban Ki-moon": family name first
        return " ".join(words)
    known = nqg_lookup(words[0])
    if known is None or known[0] < MIN_GIVEN_NAME_SOURCES or known[1] < MIN_GIVEN_NAME_COUNT:
        return ""
    return " ".join(words)


def _organisation_name(head) -> str:
    """An organisation's name as written, when the speaker's head ends a run of two to six capitalised proper nouns
    whose last word is an organisation noun, else "": "the Anti-Defamation League" where the model tagged nothing."""
    words = _word_run(head, lambda t: t.pos_ == "PROPN" and t.text[:1].isupper())
    if not 2 <= len(words) <= 6 or _role_word(words[-1]) not in nominal_lexicon()["organisation"]:
        return ""
    return " ".join(words)


@dataclass
class _NounPhrase:
    """What a common-noun speaker phrase says (``_Resolver._noun_phrase``)."""

    head: object
    para: object
    kids: list
    lemma: str
    word: str
    noun_type: str | None  # person, organisation, place, or None (no noun a speaker can be)
    definite: bool
    plural: bool
    mods: set
    post: set
    said: set
    owners: list
    spoke_for: str | None
    gender: str | None
    is_document: bool
    office: bool
    named_kind: bool
    speaks_for: bool


@dataclass
class _Actor:
    """What the resolver knows of one actor of the article."""

    actor_id: str
    name: str
    type: str
    gender: str | None = None
    roles: list = field(default_factory=list)  # word sets of its roles ("Kremlin spokesman" -> {kremlin, spokesman})
    words: set = field(default_factory=set)  # lower-case words of its name and of the names it goes by
    last_word: str = ""
    first_word: str = ""
    by_given_name: bool = False  # the article calls the person by the given name alone ("Ivanka")


@dataclass
class Resolution:
    """How a speaker was resolved: the actor, the mention that names it, and the rule."""

    actor: str = ""
    actor_id: str = ""
    how: str = "none"
    ref: tuple[int, int] | None = None  # (start, end) of the mention naming the actor (the antecedent of a pronoun)
    salient: bool = True  # False for "I" of the writer or interviewee: not the topic third-person pronouns look for


class _SpeakerResolver:
    """Resolve the speakers of one article's claims in one pass in reading order, indexed once per article.

    Salience: each mention adds weight to its actor (subject > object > other; less inside quotation marks; a
    claim's speaker gets a bonus), halving with each sentence back and shrinking at paragraph breaks, so the
    actor the paragraph and its predecessor are about outweighs a name merely closer to the pronoun. Subject
    pronouns outside quotes are resolved as they come and add to their antecedent's salience, so a chain
    ("Miller said ... He added ...") keeps its topic.
    """

    def __init__(self, parsed: ParsedArticle, mentions: _Mentions, index: _ArticleIndex, sentence_of,
                 metonyms: dict[str, str] | None = None):
        self.parsed, self.mentions, self.index = parsed, mentions, index
        steps = _salience_steps(parsed)
        self.sentence_of = lambda pos: steps[k] if 0 <= (k := sentence_of(pos)) < len(steps) else k
        self.metonyms = {normalize_key(k): v for k, v in (metonyms or {}).items()}  # the user's table, keyed once
        self.raw = parsed.raw_text
        self.actors: dict[str, _Actor] = {}
        self.by_text: dict[str, set[str]] = {}  # a name form, lower-case -> actor ids
        self.by_last: dict[str, set[str]] = {}  # a person's last name word -> actor ids
        self.by_first: dict[str, set[str]] = {}
        self.by_last_titled: dict[str, set[str]] = {}  # last word of a two-word name of any person-like type
        for m in mentions:
            aid = str(m.get("actor_id") or "")
            if not aid:
                continue
            a = self.actors.get(aid)
            if a is None:
                name = str(m.get("actor") or "")
                words = [w.lower() for w in name.replace("-", " ").split()]
                a = self.actors[aid] = _Actor(aid, name, str(m.get("type") or "").lower(),
                                              last_word=words[-1] if words else "",
                                              first_word=words[0] if words else "")
                a.words.update(words)
                self.by_text.setdefault(name.lower(), set()).add(aid)
                if a.type == "person" and words:
                    self.by_last.setdefault(words[-1], set()).add(aid)
                    self.by_first.setdefault(words[0], set()).add(aid)
                if len(words) >= 2 and a.type in ("person", "organisation"):  # "Mr Gaymard" of a mistyped name
                    self.by_last_titled.setdefault(words[-1], set()).add(aid)
            a.gender = a.gender or _gender(m.get("gender"))
            text = str(m.get("text") or "")
            if text and text.lower() not in THIRD_PERSON:
                self.by_text.setdefault(text.lower(), set()).add(aid)
                if a.type == "person" and text.lower() == a.first_word != a.last_word:
                    a.by_given_name = True
                a.words.update(w.lower() for w in text.replace("-", " ").split())
            after = self.raw[m["end"]:m["end"] + 6].split()
            if after and after[0].strip(".,;:").lower() in nominal_lexicon()["post_name_titles"]:  # "Frank Field MP": MP is a role too
                a.roles.append({_role_word(after[0])})
            role = m.get("role")
            if isinstance(role, str) and role:
                for r in role.split("; "):
                    words = r.split()
                    a.roles.append({_role_word(w) for w in " ".join(words).replace("-", " ").split()}
                                   | {_role_word(w) for w in words})
        # events: (pos, sentence, paragraph, actor, weight, ref, span); appended in reading order
        # paragraphs as salience counts them: a block a paragraph ending in a colon introduces ("The Times wrote:")
        # is part of that paragraph, so a pronoun after the block still reaches the paragraph before it
        self.reach_para: list[int] = []
        for pi, para in enumerate(parsed.paragraphs):
            joined = pi > 0 and parsed.paragraphs[pi - 1].text.rstrip().endswith(":")
            self.reach_para.append(self.reach_para[-1] if joined else (self.reach_para[-1] + 1 if pi else 0))
        self.ev_pos: list[int] = []
        self.ev_para: list[int] = []
        self.ev_sent: list[int] = []
        self.events: list[tuple] = []
        self.spokespeople: set[int] = set()  # events of an organisation's unnamed spokesperson ("a Labour spokesman")
        self.reported: list[tuple[int, int]] = []  # content spans of reported speech (set by ``resolve``)
        self.reported_starts: list[int] = []
        self.reported_reach: list[int] = []
        self.seen: dict[str, int] = {}  # actor -> position of its latest mention so far
        self.last_full: dict[str, tuple[int, tuple[int, int]]] = {}  # actor -> latest full-name mention
        self.last_speaker: dict[str, int] = {}  # actor -> position of its latest claim
        self.cue_result: dict[int, Resolution] = {}
        self.last_document: tuple[int, Resolution] | None = None  # the latest document introduced with its author
        self.last_of_kind: dict[str, tuple[int, Resolution]] = {}  # the same, by kind of document
        self.para_of_doc = {id(p.doc): p for p in parsed.paragraphs}
        self.refs: dict[str, list[tuple[int, int]]] = {}  # actor -> its name mentions, by start
        for m in sorted(mentions, key=lambda m: m["start"]):
            if m.get("actor_id") and str(m.get("text", "")).lower() not in THIRD_PERSON:
                self.refs.setdefault(str(m["actor_id"]), []).append((m["start"], m["end"]))
        self._given_cache: dict[str, bool] = {}
        self.writers = find_writers(parsed, mentions, index.quotes)
        self.kin = self._first_person_kin()
        self.interviewee, self.voices = find_interview(parsed, mentions)

    # ..................................................................... indexing helpers

    def _para_of(self, pos: int) -> int:
        for pi in self.index.paragraphs_over(pos, pos):
            s, e = self.index.para_spans[pi]
            if s <= pos <= e:
                return pi
        return 0

    def _head_token(self, start: int, end: int):
        pi = self._para_of(start)
        toks = list(self.index.tokens(pi, start, end))
        if not toks:
            return None, pi
        lo, hi = toks[0].i, toks[-1].i
        for t in toks:
            if t.head.i == t.i or not (lo <= t.head.i <= hi):
                return t, pi
        return toks[-1], pi

    def _mention_at(self, pos: int) -> dict | None:
        hits = [m for m in self.mentions.overlapping(pos, pos + 1) if m["start"] <= pos < m["end"]]
        return max(hits, key=lambda m: m["end"] - m["start"]) if hits else None

    # ..................................................................... salience

    def _add(self, pos: int, actor: str, weight: float, ref: tuple[int, int], span: tuple[int, int],
             plural: bool = False, modifier: bool = False) -> None:
        self.ev_pos.append(pos)
        pi, sent = self.reach_para[self._para_of(pos)], self.sentence_of(pos)
        self.ev_para.append(pi)
        self.ev_sent.append(sent)
        self.events.append((pos, sent, pi, actor, weight, ref, span, plural, modifier))

    def _add_mention(self, m: dict) -> None:
        aid = str(m.get("actor_id") or "")
        if not aid or str(m.get("text", "")).lower() in THIRD_PERSON:
            return
        head, _pi = self._head_token(m["start"], m["end"])
        weight = _weight(head)
        if self.index.quotes.covers(m["start"]) or _in_brackets(head):
            weight *= QUOTED_WEIGHT  # a name in someone's quotation or in an aside counts less for the topic
        elif self._in_reported(m["start"]):
            weight *= REPORTED_WEIGHT
        ref = (m["start"], m["end"])
        coordinated = head is not None and (head.dep_ == "conj" or any(c.dep_ == "conj" for c in head.children))
        modifier = head is not None and head.dep_ in MODIFIER_DEPS and head.head.pos_ in ("NOUN", "PROPN") \
            and head.head.i != head.i
        self._add(m["start"], aid, weight, ref, ref, coordinated, modifier)
        self.seen[aid] = m["start"]
        if len(str(m.get("text", "")).split()) >= 2 and not self.index.quotes.covers(m["start"]):
            self.last_full[aid] = (m["start"], ref)

    def _in_reported(self, pos: int) -> bool:
        """Whether ``pos`` lies in the content of someone's reported speech (outside quotation marks)."""
        k = bisect.bisect_right(self.reported_starts, pos)  # the spans starting at or before pos ...
        return k > 0 and self.reported_reach[k - 1] > pos  # ... the farthest of them reaches past it

    def _scores(self, pos: int, paras_back: int, accept, exclude: Sequence[tuple[int, int]] = (),
                coargs: Iterable[int] = (), modifier_places: bool = True,
                spokespeople: bool = False) -> dict[str, tuple[float, tuple[int, int]]]:
        """Salience at ``pos`` of each accepted actor (with its latest mention) over the paragraphs in reach;
        ``spokespeople``: an organisation's unnamed spokesperson counts for the organisation ("he" after "a Home
        Office spokesman defended the plans" is the Home Office's)."""
        sent, pi = self.sentence_of(pos), self.reach_para[self._para_of(pos)]
        lo = max(bisect.bisect_left(self.ev_para, pi - paras_back),
                 bisect.bisect_left(self.ev_sent, sent - SENTENCE_REACH))
        hi = bisect.bisect_left(self.ev_pos, pos)
        coargs = tuple(coargs)
        out: dict[str, list] = {}
        for k in range(lo, hi):
            p, s, epi, actor, weight, ref, span, plural, modifier = self.events[k]
            factor = 1.0 if spokespeople and k in self.spokespeople else accept(actor, plural)
            if not factor:
                continue
            if modifier and not modifier_places and getattr(self.actors.get(actor), "type", "") == "place":
                continue  # "the U.S. senator": a place used as an adjective is no antecedent of "it" or "they"
            if any(a <= span[0] < b for a, b in exclude) or any(span[0] <= x < span[1] for x in coargs):
                continue
            w = weight * factor * SENTENCE_DECAY ** max(0, sent - s) * PARAGRAPH_DECAY ** max(0, pi - epi)
            cur = out.get(actor)
            if cur is None:
                out[actor] = [w, ref]
            else:
                cur[0] += w
                cur[1] = ref
        return {a: (w, ref) for a, (w, ref) in out.items()}

    def _best(self, scores: dict, ambiguous_ok: bool = True) -> tuple[str, tuple[int, int]] | None:
        if not scores:
            return None
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1][0], -kv[1][1][0], kv[0]))  # ties: the latest named
        if not ambiguous_ok and len(ranked) > 1 and ranked[1][1][0] >= TIE_RATIO * ranked[0][1][0]:
            return None
        return ranked[0][0], ranked[0][1][1]

    # ..................................................................... rules

    def _accept_pronoun(self, word: str, pos: int | None = None):
        kind, gender = THIRD_PERSON[word]
        w = self._writer_at(self._para_of(pos)) if pos is not None and self.writers else None
        writers = {str(w["actor_id"])} if w is not None else set()

        def accept(aid: str, plural: bool = False) -> float:
            a = self.actors.get(aid)
            if a is None:
                return 0.0
            if kind == "person":
                if aid in writers:
                    return 0.0  # the writer of a first-person text is "I", never "he" or "she"
                if a.type != "person" or not (a.gender is None or gender is None or a.gender == gender):
                    return 0.0
                return DOUBTFUL_PERSON if self._doubtful_person(a) else 1.0
            if kind == "thing":
                return 1.0 if a.type in ("organisation", "group") else PLACE_AS_IT if a.type == "place" else 0.0
            # "they": never one place; a person only as one of several named together ("Lee and Park ... they")
            return 1.0 if a.type in ("organisation", "group") or (plural and a.type == "person") else 0.0

        return accept

    def _doubtful_person(self, a: _Actor) -> bool:
        """True for a "person" whose name may be a company's or a place's ("Kinder Morgan", "South Surrey"): several
        words, no known sex, no role, and no word before the last that is a given name nomquamgender knows widely."""
        words = a.name.split()
        if a.gender is not None or a.roles or len(words) < 2:
            return False
        for key in words[:-1]:  # "Keeper Tony Bullock": a title the rules do not know may come first
            if key not in self._given_cache:
                known = nqg_lookup(key)
                self._given_cache[key] = known is not None and known[0] >= MIN_GIVEN_NAME_SOURCES \
                    and known[1] >= MIN_GIVEN_NAME_COUNT
            if self._given_cache[key]:
                return False
        return True

    def pronoun(self, word: str, pos: int, exclude=(), coargs=()) -> tuple[str, tuple[int, int]] | None:
        """The actor a third-person pronoun at ``pos`` refers to, and its latest mention; None when none fits."""
        word = word.lower()
        if word not in THIRD_PERSON:
            return None
        accept = self._accept_pronoun(word, pos)
        named = self._named_inside(exclude)
        if named:  # "“I think Sean's situation is ...,” he said": not Sean, whom the quotation talks about
            base = accept

            def accept(aid: str, plural: bool = False) -> float:
                return 0.0 if aid in named else base(aid, plural)
        return self._best(self._scores(pos, PRONOUN_PARAGRAPHS, accept, exclude, coargs, modifier_places=False,
                                       spokespeople=THIRD_PERSON[word][0] == "person"))

    def _named_inside(self, spans: Sequence[tuple[int, int]]) -> set[str]:
        """People a speaker's own words name in the third person (a given name or surname of an actor, capitalised,
        not at a sentence start): the pronoun introducing those words is someone else."""
        out: set[str] = set()
        for s, e in spans:
            for m in _CAPITALISED.finditer(self.raw, s, e):
                if _SENTENCE_OPENING.search(self.raw[s:m.start()][-6:]):
                    continue  # a sentence's first word may be any capitalised word ("May I ...")
                w = m.group(0).lower()
                for aid in self.by_first.get(w, set()) | self.by_last.get(w, set()):
                    if self.actors[aid].type == "person":
                        out.add(aid)
        return out

    def _writer_at(self, pi: int) -> dict | None:
        """The writer of paragraph ``pi`` of a first-person text: the first signature at or after it, else the latest
        byline before it (``find_writers``)."""
        after = [m for p, kind, m in self.writers if kind == "signature" and p >= pi]
        if after:
            return after[0]
        before = [m for p, kind, m in self.writers if kind == "byline" and p <= pi]
        return before[-1] if before else None

    def _first_second(self, word: str, at: int, pos: int) -> Resolution:
        """"I" of a first-person text's writer; "I" in an interview's answers and "you" in its questions: the
        interviewee. Inside quotation marks, and "we" anywhere, it stays empty."""
        if self.index.quotes.covers(at):
            return Resolution()
        voice = self.voices[self._para_of(at)] if self.voices else None
        m = None
        if word in FIRST_PERSON_SINGULAR:
            m = self.interviewee if voice == "answer" else self._writer_at(self._para_of(at)) if voice is None else None
        elif word in SECOND_PERSON and voice == "question":
            m = self.interviewee
        if m is None:
            return Resolution()
        aid = str(m["actor_id"])
        a = self.actors.get(aid)
        if a is None:
            return Resolution()
        return Resolution(a.name, aid, "pronoun", self._any_ref(aid, pos) or (m["start"], m["end"]), salient=False)

    def _cataphor(self, tok) -> tuple[str, tuple[int, int]] | None:
        """The subject of the main clause after a fronted clause holding the pronoun ("As he left, Giuliani said")."""
        verb = tok.head
        if tok.dep_ not in SUBJECT_DEPS_ALL or verb.dep_ != "advcl" or verb.i > verb.head.i:
            return None
        para = self._para_token(tok)
        accept = self._accept_pronoun(tok.lower_, _abs(para, tok))
        for c in verb.head.children:
            if c.dep_ in SUBJECT_DEPS_ALL and c.i > verb.i:
                m = self._mention_at(_abs(para, c))
                if m is not None and m.get("actor_id") and accept(str(m["actor_id"])):
                    return str(m["actor_id"]), (m["start"], m["end"])
        return None

    def _plural_topic(self, head, pos: int, depth: int) -> Resolution | None:
        """"People who have battled online threats say ... They point to ...": "they" as the subject of a sentence
        right after one whose subject is a plural common noun refers to that noun's group, the topic, not to an
        actor named before it: what that phrase resolves to, else no one. None when the rule does not apply."""
        if head.lower_ != "they" or head.dep_ != "nsubj" or head.head.dep_ != "ROOT" or head.sent.start == 0:
            return None
        prev = head.doc[head.sent.start - 1].sent
        subj = next((c for c in prev.root.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.tag_ != "NNS" or subj.pos_ != "NOUN":
            return None
        para = self._para_token(head)
        if self._mention_at(_abs(para, subj)) is not None:
            return None  # a group the article names ("Democrats"): the salience rules decide
        lo, hi = _np_bounds(subj)
        r = self.phrase(subj, _abs(para, subj.doc[lo]), _abs_end(para, subj.doc[hi]), pos, depth + 1)
        return Resolution(r.actor, r.actor_id, "pronoun", r.ref) if r.actor_id else Resolution(how="none")

    def _shared_surname(self, ids: set[str], pos: int, default: str | None) -> tuple[str, tuple[int, int] | None]:
        """Of actors sharing a surname: the one named in full or speaking most recently before ``pos``.

        When the article calls some of them by the given name alone ("Ivanka") and not the others, the bare
        surname is the others' (the style of news writing that tells family members apart).
        """
        best, best_pos, ref = default, -1, None
        pi = self._para_of(pos)
        surnamed = {aid for aid in ids if not self.actors[aid].by_given_name}
        if surnamed and len(surnamed) < len(ids):
            ids = surnamed
            if len(ids) == 1:
                aid = next(iter(ids))
                full = self.last_full.get(aid)
                return aid, (full[1] if full and full[0] < pos else None)
        for aid in sorted(ids):
            full = self.last_full.get(aid)
            when = full[0] if full and full[0] < pos else -1
            spoke = self.last_speaker.get(aid, -1)
            if 0 <= spoke < pos and pi - self._para_of(spoke) <= PRONOUN_PARAGRAPHS:
                when = max(when, spoke)
            if when > best_pos:
                best, best_pos, ref = aid, when, (full[1] if full and full[0] < pos else None)
        return best, ref

    def _opening_mention(self, start: int, limit: int) -> dict | None:
        """The longest actor mention (not a pronoun) that opens the phrase at ``start`` and ends before ``limit``."""
        text = self.raw[start:limit]
        k = len(text) - len(text.lstrip())
        hits = [m for m in self.mentions.overlapping(start + k, start + k + 1)
                if m["start"] == start + k and m.get("actor_id") and m["end"] < limit
                and str(m.get("text", "")).lower() not in THIRD_PERSON]
        return max(hits, key=lambda m: m["end"] - m["start"], default=None)

    def _leading_name(self, start: int, end: int, head_pos: int | None) -> dict | None:
        """The mention opening a speaker phrase "Name, description" ("Blake Lee-Harwood, campaigns director at
        Greenpeace"), when the parse made the description the head: a mention at the phrase's start followed by a
        comma, the head not inside it."""
        m = self._opening_mention(start, end) or self._titled_opening(start, end)
        if m is None or not (self.raw[m["end"]:m["end"] + 1] == "," or self.raw[m["end"]:m["end"] + 3] in (" - ", " – ", " — ")):
            return None  # "Name, description" or "Name - description"
        if head_pos is not None and m["start"] <= head_pos < m["end"]:
            return None
        return m

    def _titled_opening(self, start: int, end: int) -> dict | None:
        """The person mention right after the role words opening a phrase ("Fund manager Florian Hamm - Borussia
        Dortmund's largest investor"), or None: every word before it a word without punctuation and no function word
        ("Spokesman for Senator Ted Cruz, Rick Tyler" is not Cruz), the last a role."""
        first = next((m for m in self.mentions.overlapping(start, end) if start <= m["start"] and m["end"] < end
                      and m.get("actor_id") and _is_person(m)
                      and str(m.get("text", "")).lower() not in THIRD_PERSON), None)
        if first is None:
            return None
        before = self.raw[start:first["start"]].split()
        if not before or not all(w.isalpha() and w.lower() not in W.FUNCTION_WORDS for w in before):
            return None
        if any(m["start"] < first["start"] and m.get("actor_id")
               for m in self.mentions.overlapping(start, first["start"])):
            return None
        last = before[-1].lower()
        return first if last in W.ROLE_WORDS or last in nominal_lexicon()["person"] else None

    def _name_then_verb(self, start: int, end: int, head_pos: int | None) -> dict | None:
        """The person opening a subject the parse built from "Name verbs object" ("Trump demands accountability",
        the verb tagged a plural noun modifying the object): a person mention at the phrase's start, then a
        lower-case plural-noun modifier ending in -s, then the head. None for any other phrase."""
        if head_pos is None:
            return None
        m = self._opening_mention(start, head_pos)
        if m is None or not _is_person(m):
            return None
        pi = self._para_of(m["end"])
        after = [t for t in self.index.tokens(pi, m["end"], end) if not t.is_space]
        if len(after) < 2:
            return None
        verb = after[0]
        if not (verb.tag_ == "NNS" and verb.dep_ == "compound" and verb.is_lower and verb.text.endswith("s")
                and _abs(self.parsed.paragraphs[pi], verb.head) <= head_pos):
            return None
        return m

    def _linked_name(self, words: list[str], pos: int) -> tuple[str, tuple[int, int] | None] | None:
        """An actor one of whose name forms the words are, though no mention marks them here ("said Roenick")."""
        titled = any(w.lower().rstrip(".") in nominal_lexicon()["name_titles"] for w in words)
        words = [w for w in words if w.lower().rstrip(".") not in nominal_lexicon()["name_titles"]]
        if not words:
            return None
        key = " ".join(words).lower()
        ids = set(self.by_text.get(key, ()))
        if not ids and len(words) == 1:
            ids = set(self.by_last.get(key, ())) or set(self.by_first.get(key, ()))
            if not ids and titled:  # "Mr Gaymard": an honorific makes the surname a person's, whatever its type
                ids = set(self.by_last_titled.get(key, ()))
        elif not ids:
            ids = {a for a in self.by_last.get(words[-1].lower(), ()) if self.actors[a].first_word == words[0].lower()}
        ids = {a for a in ids if a in self.seen or len(words) > 1}
        if not ids:
            return None
        if len(ids) > 1:
            aid, ref = self._shared_surname(ids, pos, None)
            if aid is None:
                return None
        else:
            aid, ref = next(iter(ids)), None
        return aid, ref or self._any_ref(aid, pos)

    def _any_ref(self, aid: str, pos: int) -> tuple[int, int] | None:
        """A name mention of the actor near ``pos``: the latest before it within reach, else the next one after it.

        Any mention of the actor names it; taking a near one keeps an article's rows independent of text far away.
        """
        refs = self.refs.get(aid)
        if not refs:
            return None
        k = bisect.bisect_left(refs, (pos, -1))
        if k > 0 and self._para_of(refs[k - 1][0]) >= self._para_of(pos) - NOMINAL_PARAGRAPHS:
            return refs[k - 1]
        return refs[k] if k < len(refs) else refs[k - 1]

    def _stands_for(self, text: str) -> str | None:
        """The country a capital stands for ("Moscow" -> Russia), or what the user's metonym table maps the name to.

        A seat of power of the package's table ("the Kremlin", "the White House", "Downing Street") is an
        organisation of the actors table and speaks as itself; only capitals stand for their country's government.
        """
        key = normalize_key(text)
        if key in self.metonyms:
            return self.metonyms[key]
        return load_gazetteer().capitals.get(key)

    def _metonym(self, country: str, pos: int) -> Resolution:
        """The country a capital stands for ("Moscow" -> Russia), with a mention of it if any."""
        named = _actor_named(self.mentions, country)
        aid = str(named["actor_id"]) if named else ""
        return Resolution(country, aid, "metonym", self._any_ref(aid, pos) if aid else None)

    def _by_mention(self, m: dict, pos: int) -> Resolution:
        aid = str(m["actor_id"])
        a = self.actors.get(aid)
        ref = (m["start"], m["end"])
        text = str(m.get("text", ""))
        if a is not None and a.type in ("place", "organisation"):
            country = self._stands_for(text)
            if country and country != a.name:
                return self._metonym(country, pos)
        if a is not None and a.type == "person" and len(text.split()) == 1:
            ids = self.by_last.get(text.lower(), set())
            if len(ids) > 1:
                chosen, full_ref = self._shared_surname(ids, pos, aid)
                if chosen != aid and full_ref is not None:
                    c = self.actors[chosen]
                    return Resolution(c.name, c.actor_id, "name", full_ref)
        return Resolution(str(m["actor"]), aid, "linked-name" if m.get("link") == "name-form" else "name", ref)

    def _np_mentions(self, head) -> tuple[list[dict], int, int]:
        para = self._para_token(head)
        lo, hi = _np_bounds(head)
        doc = head.doc
        start, end = _abs(para, doc[lo]), _abs_end(para, doc[hi])
        return [m for m in self.mentions.overlapping(start, end) if m["start"] < end and m["end"] > start], start, end

    def _para_token(self, tok):
        return self.para_of_doc[id(tok.doc)]

    def _owners(self, head) -> list[str]:
        """Actors named inside a nominal's phrase other than by its head: possessors, modifiers, 'for/of X'."""
        ms, _s, _e = self._np_mentions(head)
        para = self._para_token(head)
        h = _abs(para, head)
        out = []
        for m in ms:
            if not (m["start"] <= h < m["end"]) and m.get("actor_id") and str(m["actor_id"]) not in out:
                out.append(str(m["actor_id"]))
        for c in head.children:  # a possessive pronoun: "his attorney"
            if c.dep_ == "poss" and c.lower_ in THIRD_PERSON:
                r = self.pronoun(c.lower_, _abs(para, c))
                if r is not None and r[0] not in out:
                    out.append(r[0])
        return out

    def _describes(self, aid: str) -> bool:
        """True for an actor that describes a person rather than owning one: a place or a party ("the Indiana
        governor", "the GOP front-runner"); an organisation owns ("the FBI director" is no one the FBI's role lacks)."""
        a = self.actors.get(aid)
        if a is None:
            return False
        if a.type == "place":
            return True
        words = {_role_word(w) for w in a.words}
        return any(words & group for group in nominal_lexicon()["conflicts"])

    def _party_named(self, word: str) -> str | None:
        """The organisation of the article an adjective or short form names ("Conservative" or "Tory" for the
        Conservative Party, through the package's organisation aliases), or None: only an actor already found."""
        gaz = load_gazetteer()
        for form in (word, f"{word} Party", f"{word}s"):
            name = gaz.organisation(form)
            ids = [a for a in self.by_text.get(name.lower(), ()) if self.actors[a].type in ("organisation", "group")] \
                if name else []
            if len(ids) == 1:
                return ids[0]
        return None

    def _direct_owners(self, head, prepositions: bool = True) -> set[str]:
        """Actors attached to a noun directly: a modifier or possessor ("a Google spokesperson", "YouTube's
        spokeswoman") or the object of for/of/at/from/with ("a spokeswoman for YouTube"); not a name deeper down
        ("a spokesman for the embassy in London" speaks for the embassy, not London)."""
        para = self._para_token(head)
        toks = [c for c in head.children if c.dep_ in ("compound", "poss", "nmod", "amod")]
        for c in head.children if prepositions else ():
            if c.dep_ == "prep" and c.lower_ in ("for", "of", "at", "from", "with"):
                toks += [g for g in c.children if g.dep_ == "pobj"]
        out = set()
        for t in toks:
            m = self._mention_at(_abs(para, t))
            if m is not None and m.get("actor_id"):
                out.add(str(m["actor_id"]))
            elif t.dep_ == "poss" and t.lower_ in THIRD_PERSON:
                r = self.pronoun(t.lower_, _abs(para, t))
                if r is not None:
                    out.add(r[0])
            elif t.dep_ in ("compound", "amod", "nmod") and t.i < head.i and t.is_title \
                    and _speaks_for(_role_word(head.lemma_), _role_word(head.text)):
                org = self._party_named(t.text)  # "a Conservative spokeswoman", "a Tory spokesman": no mention there
                if org is not None:
                    out.add(org)
            elif t.dep_ == "pobj" and t.pos_ == "NOUN" and _role_word(t.lemma_) in nominal_lexicon()["organisation"]:
                r = self.nominal(t, _abs(para, t), depth=1)  # "a spokesman for the company": the company it means
                if r.actor_id and getattr(self.actors.get(r.actor_id), "type", "") in ("organisation", "group"):
                    out.add(r.actor_id)
        return out

    def _author(self, head, pos: int, depth: int) -> Resolution | None:
        """The author of a document noun: its possessor or the object of by/from/of ("an analysis by X")."""
        para = self._para_token(head)
        cands = [c for c in head.children if c.dep_ == "compound" and c.i < head.i
                 and c.lemma_.lower() in CAMPAIGN_NOUNS and self._mention_at(_abs(para, c)) is not None]
        # "Trump's official campaign account": the campaign's, before its owner
        cands += [c for c in head.children if c.dep_ == "poss"]
        cands += [c for c in head.children if c.dep_ == "compound" and c.i < head.i and c not in cands
                  and self._mention_at(_abs(para, c)) is not None]  # "U.S. Census data", "a Gallup poll"

        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in AUTHOR_PREPS:
                cands += [g for g in c.children if g.dep_ == "pobj"]
            if c.dep_ == "prep" and c.lower_ == "on":  # "a document on the Trump campaign's website": whose site
                cands += [x for g in c.children if g.dep_ == "pobj" and _role_word(g.lemma_) in PUBLISHING_PLACES
                          for x in g.children if x.dep_ == "poss"]
            if c.dep_ == "acl":  # "polls conducted by X"
                for g in c.children:
                    if g.dep_ == "agent":
                        cands += [x for x in g.children if x.dep_ == "pobj"]
        for c in cands:
            r = self.phrase(c, _abs(para, c), _abs_end(para, c), pos, depth + 1)
            if r.actor:
                return Resolution(r.actor, r.actor_id, "nominal", r.ref)
        return None

    def _first_person_kin(self) -> dict[str, list[str]]:
        """Relatives the writer names in apposition ("my father, James Meehan", "my parents, James and Olive
        Meehan"): kinship word -> the person actors named there, in reading order."""
        out: dict[str, list[str]] = {}
        for para in self.parsed.paragraphs:
            for tok in para.doc:
                kin = tok.lemma_.lower()
                if kin not in nominal_lexicon()["kin_words"] or not any(c.dep_ == "poss" and c.lower_ in ("my", "our")
                                                   for c in tok.children):
                    continue
                named = [c for c in tok.children if c.dep_ == "appos"]
                named += [g for c in named for g in c.conjuncts]
                for c in named:
                    m = self._mention_at(_abs(para, c))
                    aid = str(m.get("actor_id") or "") if m is not None else ""
                    if aid and getattr(self.actors.get(aid), "type", "") == "person" \
                            and aid not in out.get(kin, []):
                        out.setdefault(kin, []).append(aid)
        return out

    def _kin_named(self, lemma: str, word: str, gender: str | None) -> str | None:
        """The one person the writer named as this relative ("my father"), or via a plural that the nominal's gender
        narrows to one ("my parents" -> the father is the male one); None when none or several fit."""
        cands = self.kin.get(lemma) or self.kin.get(word) or []
        if not cands:
            plural = nominal_lexicon()["kin_plurals"].get(lemma) or nominal_lexicon()["kin_plurals"].get(word)
            cands = [a for a in self.kin.get(plural, []) if gender is not None and self.actors[a].gender == gender]
        return cands[0] if len(cands) == 1 else None

    def _first_named_next(self, pos: int) -> tuple[_Actor, dict] | None:
        """The actor (and its mention) that is the grammatical subject of the first sentence of the paragraph after
        ``pos``'s, when the article names it there for the first time: who a news lead described without naming."""
        pi = self._para_of(pos)
        if pi + 1 >= len(self.parsed.paragraphs):
            return None
        para = self.parsed.paragraphs[pi + 1]
        first = next(iter(para.doc.sents), None)
        subject = next((t for t in first if t.dep_ in SUBJECT_DEPS_ALL), None) if first is not None else None
        m = self._mention_at(_abs(para, subject)) if subject is not None else None
        aid = str(m.get("actor_id") or "") if m is not None else ""
        a = self.actors.get(aid)
        if a is None or not self.refs.get(aid) or self.refs[aid][0][0] < pos:
            return None
        return a, m

    def _named_next(self, pos: int, gender: str | None, lemma: str, word: str) -> tuple[str, tuple[int, int]] | None:
        """The person a news lead names only in the next paragraph ("Connecticut's tax commissioner says ..." then
        "Kevin Sullivan says ..."): ``_first_named_next``, a person whose gender and known roles do not contradict
        the nominal."""
        found = self._first_named_next(pos)
        if found is None:
            return None
        a, m = found
        if a.type != "person" or (gender is not None and a.gender is not None and a.gender != gender):
            return None
        if a.roles and not any(lemma in r or word in r for r in a.roles):
            return None
        return a.actor_id, (m["start"], m["end"])

    def _organisation_named_next(self, n: _NounPhrase, pos: int) -> tuple[str, tuple[int, int]] | None:
        """The organisation a lead describes only by kind and names in the next paragraph ("A House panel voted
        ..." then "The House Oversight and Government Reform Committee voted ..."): ``_first_named_next``, an
        organisation whose name ends in an organisation noun and holds every name word of the description's owner
        ("House")."""
        found = self._first_named_next(pos)
        if found is None:
            return None
        a, m = found
        owner_words = {w.lower() for o in n.owners if o in self.actors for w in self.actors[o].name.replace("-", " ").split()}
        words = {w.lower() for w in a.name.replace("-", " ").split()}
        if a.type != "organisation" or _role_word(a.last_word) not in nominal_lexicon()["organisation"] \
                or not owner_words <= words:
            return None
        return a.actor_id, (m["start"], m["end"])

    def nominal(self, head, pos: int, exclude=(), coargs=(), depth: int = 0) -> Resolution:
        """Resolve a common-noun speaker ("the mayor", "the company", "his speech") to an actor of the article:
        a document's author, an organisation its kind noun names, the organisation a spokesperson speaks for, a kin
        of the writer's, else the actor of the article whose roles or name fit best (``_rank_nominal``)."""
        n = self._noun_phrase(head)
        if n.lemma in SPEAKING_CAMPAIGN_NOUNS and not n.plural and (n.lemma in CAMPAIGN_NOUNS or not n.post):
            camp = self._campaign_of(n.owners)  # a team said of no kind ("Trump's legal team" is no campaign)
            if camp is not None:  # "his campaign", "the Trump team" of a person whose campaign the article names
                return Resolution(self.actors[camp].name, camp, "nominal", self._any_ref(camp, pos))
        if n.is_document:
            author = self._document_author(n, pos, depth)
            if author is not None:
                return author
        if n.noun_type is None:
            return Resolution()
        if n.noun_type == "organisation" and not n.plural and n.named_kind:
            named = self._named_by_kind(n, pos)  # "Le Figaro newspaper", "the Conservative party"
            if named is not None:
                return named
        if n.noun_type == "person" and n.speaks_for and n.spoke_for is not None and (not n.definite or n.plural):
            a = self.actors[n.spoke_for]  # "a spokeswoman for YouTube", "officials at Twitter"
            return Resolution(a.name, a.actor_id, "nominal", self._any_ref(n.spoke_for, pos))
        if n.noun_type == "organisation" and not n.definite and not n.plural:
            later = self._organisation_named_next(n, pos)
            if later is not None:  # "A House panel voted ..." / "The House Oversight Committee voted ...": named next
                return Resolution(self.actors[later[0]].name, later[0], "nominal", later[1])
        if not n.definite or (n.plural and n.noun_type == "person"):
            return Resolution()  # "a reporter", "experts": no one in particular
        if any(c.dep_ == "poss" and c.lower_ in FIRST_SECOND_PERSON for c in n.kids):
            # "my father": someone of the writer's, named only where the text says so ("my parents, James and
            # Olive Meehan"), else left empty
            aid = self._kin_named(n.lemma, n.word, n.gender)
            if aid is None:
                return Resolution()
            return Resolution(self.actors[aid].name, aid, "nominal", self._any_ref(aid, pos))
        return self._rank_nominal(n, pos, exclude, coargs)

    @staticmethod
    def _owned_by_a_thing(n: _NounPhrase) -> bool:
        """Whether a person nominal belongs to a thing or someone the article does not name ("the ad's narrator",
        "the 28-year-old's agent"), not a place or an organisation it describes a post of ("the club's manager", "the
        city's mayor") nor a scope of a superlative or an ordinal ("the world's richest man", "the nation's 46th
        president")."""
        lex = nominal_lexicon()
        possessors = [c for c in n.kids if c.dep_ == "poss"]
        if not possessors:
            return False
        if any(c.tag_ in ("JJS", "RBS") or c.ent_type_ == "ORDINAL" or any(g.tag_ == "RBS" for g in c.children)
               for c in n.kids):
            return False
        return not all(c.pos_ == "NOUN" and (_role_word(c.lemma_) in lex["place"] or _role_word(c.lemma_) in
                                            lex["organisation"] or c.lower_ == "world") for c in possessors)

    def _campaign_of(self, owners: Sequence[str]) -> str | None:
        """The campaign organisation of the first person among ``owners`` that the article names as one ("the Cruz
        campaign": ``helpers.actor_candidates._campaign_mentions``), or None."""
        for o in owners:
            a = self.actors.get(o)
            if a is not None and a.type == "person":
                ids = [aid for aid in self.by_text.get(campaign_name(a.name.split()[-1]).lower(), ())
                       if self.actors[aid].type == "organisation"]
                return ids[0] if len(ids) == 1 else None
        return None

    def _spokesperson_of(self, head, aid: str) -> bool:
        """Whether a singular spokesperson noun ("a spokesman for the Home Office") resolved to an organisation."""
        lex = nominal_lexicon()
        word = _role_word(head.lemma_)
        return head.tag_ == "NN" and (word in lex["spokespeople"] or _role_word(head.text) in lex["spokespeople"]) \
            and getattr(self.actors.get(aid), "type", "") in ("organisation", "group")

    def _noun_phrase(self, head) -> _NounPhrase:
        """What a common-noun speaker phrase says: its noun (after synonyms), kind, determiner, number, modifiers,
        sex, owners and the organisation it may speak for."""
        lex = nominal_lexicon()
        lemma, word = _role_word(head.lemma_), _role_word(head.text)
        doc = head.doc
        if head.i >= 2 and doc[head.i - 1].text == "-" and not doc[head.i - 1].whitespace_:  # "front-runner"
            lemma = word = _role_word(doc[head.i - 2].text + "-" + head.lemma_)
        if _is_age(head):
            lemma = word = "year-old"
        para = self._para_token(head)
        kids = list(head.children)
        noun_type = next((t for t in ("person", "spokesperson", "organisation", "place")
                          if lemma in lex[t] or word in lex[t]), None)
        noun_type = "person" if noun_type == "spokesperson" else noun_type  # "members of X", "a source close to X"
        if noun_type is None and _demonym(head):
            noun_type = "person"  # "the American": an epithet for a person of that country
        raw = {head.lower_, head.lemma_.lower()}  # before the synonyms: "congressman" says male, "representative" not
        gender = "female" if (lemma in lex["female"] or word in lex["female"] or raw & lex["female"]) else \
            "male" if (lemma in lex["male"] or word in lex["male"] or raw & lex["male"]) else None
        owners = self._owners(head)
        direct = self._direct_owners(head)
        spoke_for = next((o for o in owners + sorted(direct - set(owners)) if o in direct and self.actors.get(o)
                          and self.actors[o].type in ("organisation", "place", "group")), None)
        lo = _np_bounds(head)[0]
        mods = {_role_word(t.text) for t in doc[lo:head.i] if t.is_alpha and not t.is_stop and t.dep_ not in ("det", "poss")}
        # the words that say which post, not whose: "the prime minister", not "the Indiana governor" (a name)
        post = {_role_word(t.text) for t in doc[lo:head.i] if t.is_alpha and not t.is_stop
                and t.dep_ not in ("det", "poss") and self._mention_at(_abs(para, t)) is None}
        return _NounPhrase(
            head=head, para=para, kids=kids, lemma=lemma, word=word, noun_type=noun_type,
            definite=any(c.dep_ == "poss" for c in kids) or any(
                c.dep_ in ("det", "predet") and c.lower_ in ("the", "this", "that") for c in kids),
            plural=head.tag_ in ("NNS", "NNPS"), mods=mods, post=post,
            said=mods | set(lemma.split("-")) | set(word.split("-")),  # the words the nominal itself says
            owners=owners, spoke_for=spoke_for, gender=gender,
            is_document=lemma in lex["document"] or word in lex["document"],
            # "the 47-year-old director" describes a person by age and trade, an epithet rather than a post
            office=(lemma in lex["office"] or word in lex["office"]) and not any(_is_age_modifier(c) for c in kids),
            named_kind=lemma in lex["named_kind"] or word in lex["named_kind"],
            speaks_for=_speaks_for(lemma, word))

    def _document_author(self, n: _NounPhrase, pos: int, depth: int) -> Resolution | None:
        """The author of a document speaking ("his speech", "an analysis by X"), or the document just introduced
        ("A web video by the RNC ... The ad says"); None when neither is found."""
        author = self._author(n.head, pos, depth)
        if author is not None:
            return author
        # the latest document of the same kind ("a lawsuit ... the suit"), else the latest of any ("a web video ...
        # the ad")
        near = [d for d in (self.last_of_kind.get(_document_kind(n.lemma)), self.last_document)
                if d is not None and self._para_of(pos) - self._para_of(d[0]) <= NOMINAL_PARAGRAPHS]
        if n.definite and near:
            r = near[0][1]
            return Resolution(r.actor, r.actor_id, "nominal", r.ref)
        return None

    def _named_by_kind(self, n: _NounPhrase, pos: int) -> Resolution | None:
        """The organisation a name before a kind noun is ("Le Figaro newspaper", "the Conservative party"), or None."""
        for c in n.kids:
            if c.dep_ not in ("compound", "nmod") or c.i >= n.head.i:
                continue
            m = self._mention_at(_abs(n.para, c))
            if m is not None and m.get("actor_id") and getattr(self.actors.get(str(m["actor_id"])), "type", "") \
                    in ("organisation", "group") and not (m["start"] <= _abs(n.para, n.head) < m["end"]):
                return self._by_mention(m, pos)
        return None

    def _nominal_fits(self, n: _NounPhrase, aid: str, pos: int, excluded: set[str]) -> bool:
        """Whether an actor seen before ``pos`` can be what the nominal means: a person of a sex and roles that do
        not contradict it, an organisation of no other kind, or a place."""
        lex = nominal_lexicon()
        a = self.actors.get(aid)
        if a is None or aid in excluded or self.seen.get(aid, pos) >= pos:
            return False
        if n.noun_type == "person":
            if n.office and a.roles and not any((n.lemma in r or n.word in r) and not (r & lex["subordinate"]) - n.said
                                                for r in a.roles):
                return False  # "the judge" is no one whose known roles say something else (or a lesser post)
            return a.type == "person" and (a.gender is None or n.gender is None or a.gender == n.gender)
        if n.noun_type == "organisation":
            return a.type in ("organisation", "group") and not _other_kind(n.lemma, a.name)
        return a.type == "place"

    def _nominal_level(self, n: _NounPhrase, aid: str) -> int:
        """How well an actor's roles (a person) or name words (else) say the nominal's noun and modifiers; 0: not."""
        a = self.actors[aid]
        if n.noun_type == "person":
            return max((1 + len(n.mods & r) for r in a.roles
                        if (n.lemma in r or n.word in r) and not _conflicting(n.said, r)
                        and not (n.office and _other_post(n.post, r - {n.lemma, n.word}))), default=0)
        return 1 + len(n.mods & a.words) if (n.lemma in a.words or n.word in a.words) else 0

    def _rank_nominal(self, n: _NounPhrase, pos: int, exclude, coargs) -> Resolution:
        """The actor whose roles or name say the nominal best, the most salient of them (empty when two are about
        as salient); else one named next, the organisation a spokesperson speaks for, or the most salient actor
        that fits, never for someone's or something's ("his company") nor an office nobody holds."""
        lex = nominal_lexicon()
        excluded = set(n.owners)
        for m in self.mentions.overlapping(min(coargs, default=pos), max(coargs, default=pos) + 1):
            if any(m["start"] <= x < m["end"] for x in coargs):
                excluded.add(str(m["actor_id"]))
        cands = [aid for aid in self.seen if self._nominal_fits(n, aid, pos, excluded)]
        levels = {aid: self._nominal_level(n, aid) for aid in cands}
        top = max(levels.values(), default=0)
        scores = self._scores(pos, NOMINAL_PARAGRAPHS, lambda aid, _plural=False: 1.0 if self._nominal_fits(
            n, aid, pos, excluded) else 0.0, exclude, coargs)
        if top > 0:
            fitting = [aid for aid in cands if levels[aid] == top]
            ranked = sorted(fitting, key=lambda aid: (-scores.get(aid, (0.0,))[0], -self.seen[aid], aid))
            if len(ranked) > 1 and scores.get(ranked[0], (0.0,))[0] > 0 \
                    and scores.get(ranked[1], (0.0,))[0] >= TIE_RATIO * scores[ranked[0]][0]:
                return Resolution()
            aid = ranked[0]
            ref = scores[aid][1] if aid in scores else self._any_ref(aid, pos)
            return Resolution(self.actors[aid].name, aid, "nominal", ref)
        if n.noun_type == "person" and not n.plural:
            later = self._named_next(pos, n.gender, n.lemma, n.word)
            if later is not None:  # "Connecticut's tax commissioner says ... / Kevin Sullivan says ...": named next
                return Resolution(self.actors[later[0]].name, later[0], "nominal", later[1])
        if n.noun_type == "person" and n.spoke_for is not None and n.speaks_for:
            a = self.actors[n.spoke_for]  # "the Kremlin spokesman" with no one of that role named
            return Resolution(a.name, a.actor_id, "nominal", self._any_ref(n.spoke_for, pos))
        possessed = any(c.dep_ == "poss" for c in n.kids)
        if n.owners and (n.noun_type != "person" or possessed) or n.noun_type == "person" and self._owned_by_a_thing(n) \
                or n.office and [
                o for o in self._direct_owners(n.head, prepositions=False) if not self._describes(o)]:
            # "the Trump campaign", "his company", "Pagliano's lawyer", "the ad's narrator", "the FBI director":
            # someone's or something's, or an office of an organisation; only a role that fits names it, never the
            # most salient person ("the GOP front-runner" is described by a party; "the Tottenham striker" is no
            # office; whose ad it is says nothing of who narrates it)
            return Resolution()
        if n.noun_type == "person" and n.speaks_for:
            # "the spokesman" with no one of that role named: the organisation it speaks for, when one is clearly the
            # most salient; never the person the story is about ("the official" is not the minister)
            if n.lemma not in lex["spokespeople"] and n.word not in lex["spokespeople"]:
                return Resolution()
            org = self._best(self._scores(pos, NOMINAL_PARAGRAPHS, lambda aid, _plural=False: 1.0 if (
                aid not in excluded and getattr(self.actors.get(aid), "type", "") in ("organisation", "group"))
                else 0.0, exclude, coargs), ambiguous_ok=False)
            if org is None:
                return Resolution()
            return Resolution(self.actors[org[0]].name, org[0], "nominal", org[1])
        if n.office and _post_words(n.post):
            return Resolution()  # "the prime minister" that no one's role names: not the most salient person
        if n.noun_type == "person" and any(self._describes(o) and self.actors[o].type != "place"
                                           for o in self._direct_owners(n.head, prepositions=False)):
            # "the GOP candidate" whose role no one's says: not the person who spoke last. Only where the article
            # sets the party against another one that a person's role names ("Democratic front-runner Clinton"), the
            # clearly most salient of the others; else (or when that is not clear) empty
            party = n.mods & lex["party_words"]
            other = {aid for aid, a in self.actors.items() if a.type == "person"
                     and any(r & lex["party_words"] and not r & party for r in a.roles)}
            if not party or not other:
                return Resolution()
            best = self._best({aid: v for aid, v in scores.items() if aid not in other}, ambiguous_ok=False)
            if best is None:
                return Resolution()
            return Resolution(self.actors[best[0]].name, best[0], "nominal", best[1])
        best = self._best(scores, ambiguous_ok=False)
        if best is None:
            return Resolution()
        return Resolution(self.actors[best[0]].name, best[0], "nominal", best[1])

    def phrase(self, head, start: int, end: int, pos: int, depth: int = 0, exclude=(), coargs=()) -> Resolution:
        """Resolve the noun phrase headed by ``head`` (raw_text [start, end)): name, linked name, pronoun or nominal."""
        if depth > 2:
            return Resolution()
        para = self._para_token(head) if head is not None else None
        text = self.raw[start:end]
        if head is not None and head.lower_ in THIRD_PERSON and end - start <= len(head.text) + 1:
            topic = self._plural_topic(head, pos, depth)
            if topic is not None:
                return topic
            r = self._cataphor(head) or self.pronoun(head.lower_, _abs(para, head), exclude, coargs)
            if r is None:
                return Resolution(how="none")
            a = self.actors[r[0]]
            return Resolution(a.name, a.actor_id, "pronoun", r[1])
        if head is not None and head.lower_ in FIRST_SECOND_PERSON:
            return self._first_second(head.lower_, _abs(para, head), pos)
        h = _abs(para, head) if head is not None else None
        m = self._mention_at(h) if h is not None else None
        if m is not None and m.get("actor_id") and not (len(str(m.get("text", "")).split()) == 1 and _demonym(head)):
            return self._by_mention(m, pos)  # ("the 55-year-old Frenchman" is a nominal, whatever the NER made of it)
        lead = self._leading_name(start, end, h) or self._name_then_verb(start, end, h)
        if lead is not None:
            return self._by_mention(lead, pos)
        if head is not None and (head.pos_ in ("NOUN", "PRON", "NUM") and not head.is_title
                                 or _role_word(head.text) in nominal_lexicon()["person"]):
            for c in head.children:  # "Clinton's campaign chairman, John Podesta": the appositive names the speaker
                if c.dep_ == "appos" and (c.pos_ == "PROPN" or self._mention_at(_abs(para, c)) is not None):
                    return self.phrase(c, _abs(para, c), _abs_end(para, c), pos, depth + 1, exclude, coargs)
        if head is not None and head.lower_.rstrip(".") in nominal_lexicon()["post_name_titles"]:
            for c in head.children:  # "Frank Field MP", "John Smith Jr.": the name before the title
                m = self._mention_at(_abs(para, c)) if c.dep_ in ("compound", "flat", "nmod") else None
                if m is not None and m.get("actor_id") and _is_person(m):
                    return self._by_mention(m, pos)
        if head is not None and (head.pos_ == "NOUN" and not (head.is_title and self._name_word(head)) or _is_age(head)
                                 or head.is_upper and _role_word(head.text) in nominal_lexicon()["person"]
                                 or _capitalised_noun(head)):
            return self.nominal(head, pos, exclude, coargs, depth)
        country = self._stands_for(text)
        if country:
            return self._metonym(country, pos)
        if head is not None and (head.pos_ == "PROPN" or head.is_title):
            lo, hi = _np_bounds(head)
            words = [t.text for t in head.doc[lo:hi + 1]
                     if t.i == head.i or (t.pos_ == "PROPN" or t.is_title) and t.dep_ in ("compound", "flat")]

            words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
            r = self._linked_name(words, pos)
            if r is not None:
                a = self.actors[r[0]]
                return Resolution(a.name, a.actor_id, "linked-name", r[1])
            name = _personal_name(head) or _organisation_name(head)
            if name:  # "said Jean-Michel Lemetayer" where the model tagged no one: the name as written, no actor
                return Resolution(name, "", "name", None)
        if head is None:
            m = _actor_at(self.mentions, start, end, h)
            if m is not None and m.get("actor_id"):
                return self._by_mention(m, pos)
        return Resolution()

    # ..................................................................... the pass

    def _coargs(self, verb, para) -> list[int]:
        """Positions of the other arguments of a verb's clause (its objects, prepositional objects, agent) and, for
        a relative clause, its antecedent ("Andy Robinson, who he believes was the only choice": he is not Robinson,
        whom the relative word already stands for)."""
        if verb is None:
            return []
        out = [_abs(para, verb.head)] if verb.dep_ == "relcl" and not any(
            t.lower_ == "whose" for t in verb.subtree) else []  # "Tracey Brown, whose son she says": she is Brown
        for c in verb.children:
            if c.dep_ in OBJECT_DEPS:
                out.append(_abs(para, c))
            elif c.dep_ in ("prep", "agent"):
                out += [_abs(para, g) for g in c.children if g.dep_ == "pobj"]
        return out

    def resolve(self, claims: Sequence[Claim]) -> dict[int, Resolution]:
        """Resolve every cue's speaker (by cue identity) in reading order, with the salience built so far."""
        contents: dict[int, list[tuple[int, int]]] = {}
        cues: dict[int, Cue] = {}
        for k in claims:
            if k.cue is not None and k.cue.speaker is not None:
                cues[id(k.cue)] = k.cue
                spans = contents.setdefault(id(k.cue), [])
                spans.append((k.content_start, k.content_end))
                spans += [(q.start, q.end) for q in k.quotes]
        # the words of reported speech ("Tony Blair would be in the front line, he said"): who they name is what
        # the speaker talks about, and counts less for who speaks next
        self.reported = sorted((k.content_start, k.content_end) for k in claims if k.cue is not None
                               and k.cue.speaker is not None and k.cue.lemma in C.SPEECH_VERBS and k.kind != "direct")
        self.reported_starts = [a for a, _ in self.reported]
        self.reported_reach = list(itertools.accumulate((b for _, b in self.reported), max))
        jobs: list[tuple[int, int, object]] = []
        speaker_at = {c.speaker[0] for c in cues.values()}
        for c in cues.values():
            jobs.append((c.speaker[0], 0, c))
        for pi, para in enumerate(self.parsed.paragraphs):
            for tok in para.doc:
                if tok.dep_ in SUBJECT_DEPS_ALL and tok.lower_ in ("he", "she", "they"):
                    p = _abs(para, tok)
                    if p not in speaker_at and not self.index.quotes.covers(p):
                        jobs.append((p, 1, (pi, tok)))
                elif (tok.pos_ == "PROPN" or tok.is_title and tok.ent_type_ == "PERSON") and self._name_word(tok):
                    p = _abs(para, tok)
                    if self._mention_at(p) is None:
                        jobs.append((p, 3, tok))
                elif tok.pos_ == "NOUN" and _role_word(tok.lemma_) in nominal_lexicon()["document"]:
                    p = _abs(para, tok)
                    if not self.index.quotes.covers(p):
                        jobs.append((p, 4, tok))
                elif tok.pos_ == "NOUN" and tok.dep_ in NOMINAL_TOPIC_DEPS and tok.tag_ == "NN" \
                        and _role_word(tok.lemma_) in nominal_lexicon()["person"] \
                        and any(c.dep_ == "det" and (c.lower_ == "the" or c.lower_ in ("a", "an") and _role_word(
                            tok.lemma_) in nominal_lexicon()["spokespeople"]) or c.dep_ == "poss" and c.lower_ in ("my", "our")
                                for c in tok.children):  # "the nominee ... he", "My mother ... she"
                    p = _abs(para, tok)
                    if p not in speaker_at and not self.index.quotes.covers(p) and self._mention_at(p) is None:
                        jobs.append((p, 5, tok))
        for m in self.mentions:
            jobs.append((m["start"], 2, m))
        jobs.sort(key=lambda j: (j[0], j[1]))
        for pos, kind, job in jobs:
            if kind == 2:
                self._add_mention(job)
            elif kind == 3:
                self._add_linked(job, pos)
            elif kind == 4:
                self._add_document(job, pos)
            elif kind == 5:  # "The Republican nominee also linked ... He said": the nominal's actor is the topic
                para = self._para_token(job)
                named = [self._mention_at(_abs(para, c)) for c in job.children if c.dep_ == "appos"]
                named = [m for m in named if m is not None and m.get("actor_id")]
                if named:  # "The minister of the economy, Mr. Guajardo, argues": the name is the subject
                    m = named[0]
                    self._add(pos, str(m["actor_id"]), _weight(job), (m["start"], m["end"]), (pos, pos + len(job.text)))
                    continue
                r = self.nominal(job, pos, (), self._coargs(job.head, para))
                if r.actor_id and r.ref is not None:
                    if self._spokesperson_of(job, r.actor_id):
                        self.spokespeople.add(len(self.events))
                    self._add(pos, r.actor_id, _weight(job), r.ref, (pos, pos + len(job.text)))
            elif kind == 1:
                pi, tok = job
                para = self.parsed.paragraphs[pi]
                r = self._cataphor(tok) or self.pronoun(tok.lower_, pos, (), self._coargs(tok.head, para))
                if r is not None:
                    self._add(pos, r[0], SALIENCE["subject"], r[1], (pos, pos + len(tok.text)))
            else:
                self.cue_result[id(job)] = res = self._speaker(job, contents.get(id(job), []))
                bonus = _speaker_bonus(job.token)
                if res.actor_id and res.ref is not None and res.salient and self.last_speaker.get(res.actor_id) != pos \
                        and bonus:
                    if job.speaker_head is not None and self._spokesperson_of(job.speaker_head, res.actor_id):
                        self.spokespeople.add(len(self.events))  # "a Home Office spokesman said ... He added"
                    self._add(pos, res.actor_id, bonus, res.ref, (pos, pos + 1))  # once per speaker
                    self.last_speaker[res.actor_id] = pos
        return self.cue_result

    def _name_word(self, tok) -> bool:
        """True for a capitalised word that is a one-word name form of an actor ("Trump" of Donald Trump)."""
        w = tok.lower_
        if w not in self.by_last and w not in self.by_text:
            return False
        head = tok.head
        return not (tok.dep_ == "compound" and head.i != tok.i and head.lower_ not in self.by_last
                    and head.lower_ not in self.by_text)  # "Trump Tower" is not Trump

    def _add_linked(self, tok, pos: int) -> None:
        """Count a name form no mention marks ("said Roenick") for the actor it names."""
        w = tok.lower_
        ids = set(self.by_text.get(w, ())) | set(self.by_last.get(w, ()))
        ids = {a for a in ids if a in self.seen}
        if not ids:
            return
        aid = next(iter(ids)) if len(ids) == 1 else self._shared_surname(ids, pos, None)[0]
        ref = self._any_ref(aid, pos) if aid else None
        if ref is None:
            return
        weight = _weight(tok)
        if self.index.quotes.covers(pos):
            weight *= QUOTED_WEIGHT
        self._add(pos, aid, weight, ref, (pos, pos + len(tok.text)))
        self.seen[aid] = pos

    def _add_document(self, tok, pos: int) -> None:
        """Remember who made a document the text introduces: "a video by the RNC", "Clinton has a new ad"."""
        author = self._author(tok, pos, 1)
        verb = tok.head
        if author is None and tok.dep_ == "dobj" and verb.lemma_.lower() in nominal_lexicon()["document_verbs"]:
            para = self._para_token(tok)
            for c in verb.children:
                if c.dep_ == "nsubj":
                    lo, hi = _np_bounds(c)
                    r = self.phrase(c, _abs(para, c.doc[lo]), _abs_end(para, c.doc[hi]), pos, 1)
                    author = r if r.actor else None
        if author is not None and author.actor:
            self.last_document = (pos, author)
            self.last_of_kind[_document_kind(_role_word(tok.lemma_))] = (pos, author)

    def _speaker(self, c: Cue, exclude: list[tuple[int, int]]) -> Resolution:
        start, end = c.speaker
        head = c.speaker_head
        para = self.parsed.paragraphs[c.para]
        coargs = self._coargs(c.token, para) if c.lemma != "according to" else []
        text = self.raw[start:end]
        if head is not None and text.lower() in RELATIVE_WORDS:  # "Ann Lee, who said ...": the antecedent
            lo, hi = _np_bounds(head)
            r = self.phrase(head, _abs(para, para.doc[lo]), _abs_end(para, para.doc[hi]), start)
            res = Resolution(r.actor, r.actor_id, "pronoun" if r.actor else "none", r.ref)
        else:
            res = self.phrase(head, start, end, start, 0, exclude, coargs)
        if c.lemma == "according to" and res.actor:
            res.how = "according-to"
        if not res.actor and head is not None and c.lemma != "according to":
            res = self._poll_of(c.token, head, start) or res
        if not res.actor:
            res = Resolution()
        return res

    def _poll_of(self, verb, head, pos: int) -> Resolution | None:
        """The maker of the poll that a share of respondents speaks in ("In a Washington Post-ABC News poll, 75
        percent of Republicans said ..."), or None: only for a speaker that is a share of people."""
        share = head.like_num or head.lower_ in POLL_SHARES or any(c.like_num for c in head.children)
        if not share:
            return None
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ == "in":
                for g in c.children:
                    if g.dep_ == "pobj" and g.lemma_.lower() in POLL_NOUNS:
                        return self._author(g, pos, 1)
        return None
