"""Claims: who says what, about whom, in the story body; plus unattributed check-worthy statements.

What it does, on the shared spaCy parse of the body paragraphs (``helpers.nlp``):
- reported speech: a reporting cue (``helpers.cues``) with its subject as the speaker and its complement
  (that-clause, infinitive, object, or the clause it interrupts: "..., he said") as the content; subjects are
  inherited through "continues to insist", participial clauses ("..., having earlier promised to ...") and
  relative clauses ("Trump, who said ..."); "according to X" makes X the speaker of the rest of the sentence;
- direct quotes in curly or straight marks, with the attribution before, after or in the middle; a quote split
  by its attribution ('"A," said X, "B."') gives two rows with one cue and speaker, and no content covers the
  attribution words; a quote after a colon with no cue takes the speaker of the sentence the colon ends ("Said
  Ellis:", "Sanders made the following comment:"); a quote without a cue of its own inherits the speaker of its
  neighbour in the paragraph, and a paragraph that opens with a quote continues the previous paragraph's speaker;
  an unclosed quote continues into the next paragraph when that one opens with a quote mark; every row names its
  ``rule`` (``RULES``);
- kinds: ``direct`` (the content is the quotation, or a naming verb's quoted predicate: calling X
  "illegitimate"), ``mixed`` (a paraphrase whose main predicate sits inside quote marks), ``indirect``
  (reported speech, quoted terms allowed), ``assertion`` (an unattributed sentence scored by
  ``helpers.checkworthy``);
- speakers resolved to actors of ``helpers.actors`` mentions by ``helpers.speakers`` (one pass in reading order;
  each row says how in ``speaker_resolution``, ``RESOLUTIONS``: name, linked name, pronoun, nominal, metonym,
  ``continued`` for a quote that inherits its neighbour's speaker, according-to, or ``none``, never guessed).
  A claim points at the mention naming its speaker and at its targets' mentions; ``join_actors`` names them
  once, after the corpus-level actor merge.

What it does not do: resolve speakers itself (``helpers.speakers``), attributions inside quotes (nested
speech), unattributed paraphrase, or judging truth. Offsets are into the article's ``raw_text``; only body
paragraphs are parsed, so boilerplate never yields claims.
"""
from __future__ import annotations

import bisect

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from . import cues as C
from .actors import mentions_for_article
from .checkworthy import score_sentence
from .nlp import ParsedArticle, parse_articles
from .speakers import (RESOLUTIONS, THIRD_PERSON, Resolution, _abs, _abs_end,  # noqa: F401 (re-exported)
                       _actor_at, _actor_named, _Mentions, _mention_list, _np_bounds, _resolve_pronoun, _role_word,
                       _SpeakerResolver, nominal_lexicon)

CLAIM_COLUMNS = [
    "article_id", "claim_id", "kind", "speaker", "speaker_actor_id", "speaker_text", "speaker_start", "speaker_end",
    "cue", "cue_text", "cue_start", "cue_end", "content", "content_start", "content_end", "targets",
    "paragraph", "sentence", "check_worthiness", "reasons",
    "speaker_resolution", "rule", "target_actor_ids", "speaker_mention_start", "speaker_mention_end", "target_mentions",
]
# The rule that produced a claim (its ``rule`` column): where a quotation stands against its cue, how a quote without
# a cue of its own got its speaker, or which grammatical slot of the cue verb holds the content.
RULES = (
    "quote-before-cue", "quote-after-cue", "quote-split", "continued-quote", "unattributed-quote", "according-to",
    "ccomp", "xcomp", "infinitive", "dobj", "prep", "naming", "parenthetical", "passive-agent", "passive-evidential",
    "mixed", "assertion",
)
OPEN_MARKS = "“"
CLOSE_MARKS = "”"
STRAIGHT = '"'
QUOTE_CLOSERS = (STRAIGHT, CLOSE_MARKS, "'")  # the last character of a closed quotation ('' typed for a mark ends in ')
ASSERTION_THRESHOLD = 0.5
MAX_ATTRIBUTION_GAP = 10  # tokens between a quote and its cue ("...,” the former governor said)
MIN_UNATTRIBUTED_QUOTE_WORDS = 6
PREVIOUS_SPEAKER_PARAGRAPHS = 2  # a paragraph-opening quote without a cue continues a speaker this far back
MIN_VERBLESS_QUOTE_WORDS = 5  # shorter quotes without a verb are titles or terms ("Meet the Press"), not statements
MAX_SPLIT_GAP_WORDS = 4  # words besides speaker and cue between the two halves of a split quote ("in an interview")
SUBJECT_DEPS = ("nsubj", "csubj")
NOT_SAYING = frozenset({"decline", "fail", "neglect", "refuse"})  # "for failing to mention": it was not said
GIVING_VERBS = frozenset({"award", "give"})  # "gave Carson two Pinocchios for ...": the recipient is the one judged
# Passive verbs whose subject holds what the clause says ("Trump is convinced that ..."): the name before speaks
BELIEF_PASSIVES = frozenset({"convince", "persuade"})
RELATIVE_WORDS = {"who", "that", "which", "whom"}
SENTENCE_END = {".", "!", "?"}
CONDITION_MARKS = frozenset({"if", "unless", "whether"})  # what such a clause reports did not (yet) take place


@dataclass
class Quote:
    """A span in quote marks, possibly over several paragraphs; offsets into raw_text."""

    start: int  # opening mark
    end: int  # after the closing mark (or the paragraph end when unclosed)
    inner_start: int
    inner_end: int
    paragraph: int  # position of the first paragraph in ParsedArticle.paragraphs
    last_paragraph: int
    closed: bool
    at_paragraph_start: bool


@dataclass
class Cue:
    """A reporting cue found in the parse, with its speaker and (maybe) content token ranges."""

    para: int
    token: object  # spacy Token (the verb, or 'according')
    lemma: str
    cue_start: int
    cue_end: int
    speaker: tuple[int, int] | None  # raw_text offsets
    speaker_head: object | None
    content: tuple[int, int] | None
    content_head: object | None
    naming: bool = False
    impersonal: bool = False  # "X seems to ...", "X is expected to ...": the writer's own judgement, no speaker
    rule: str = ""  # the pattern that found the content: ccomp, xcomp, infinitive, dobj, prep, naming, ...


@dataclass
class Claim:
    """One claim before actor resolution."""

    kind: str
    cue: Cue | None
    content_start: int
    content_end: int
    paragraph: int
    quotes: list[Quote] = field(default_factory=list)
    check_worthiness: float | None = None
    reasons: str = ""
    rule: str = ""  # the rule that produced the claim (see ``RULES``)
    inherited: bool = False  # the speaker is a neighbouring quote's (a quote chain without a cue of its own)


# --------------------------------------------------------------------------- quotes

def find_quote_marks(text: str) -> list[tuple[int, int, bool]]:
    """Return (open mark offset, end offset, closed) of each quotation in one paragraph's text.

    Curly marks pair an opening with the next closing mark; straight marks alternate. A quotation
    left open runs to the end of the paragraph (a quote that continues in the next paragraph).
    """
    out: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    open_kind = ""
    skip = False
    for i, ch in enumerate(text):
        if skip:
            skip = False
            continue
        if ch == "'" and text[i + 1:i + 2] == "'":  # two apostrophes typed for a double quote mark
            skip = True
            if open_at is None:
                open_at, open_kind = i, "straight"
            elif open_kind == "straight":
                out.append((open_at, i + 2, True))
                open_at = None
            continue
        if ch in OPEN_MARKS:
            if open_at is not None and open_kind == "curly":
                out.append((open_at, i, False))
            open_at, open_kind = i, "curly"
        elif ch in CLOSE_MARKS:
            if open_at is not None and open_kind == "curly":
                out.append((open_at, i + 1, True))
                open_at = None
        elif ch == STRAIGHT:
            if open_at is None and _stray_close(text, i) and text.count(STRAIGHT, i + 1) % 2 == 0:
                continue  # '... recruiting sergeant" for terrorists". His party ...': a closing mark with no opening
            if open_at is None:
                open_at, open_kind = i, "straight"
            elif open_kind == "straight" and _reopens(text, open_at, i):
                # '"... Ireland. "They will ...": the paragraph break before a quote's next paragraph was lost
                # (one-line text): the mark opens the next quotation, the one before ends at the sentence end
                out.append((open_at, i, True))
                open_at = i
            elif open_kind == "straight":
                out.append((open_at, i + 1, True))
                open_at = None
    if open_at is not None:
        out.append((open_at, len(text.rstrip()), False))
    return out


def _stray_close(text: str, i: int) -> bool:
    """Whether a straight mark at ``i``, with no quotation open, can only close one: a word or a sentence's end right
    before it and a space, punctuation or the end right after it ('terrorists". His'). An opening mark stands after a
    space, a bracket or a dash and before a word. The caller skips it only when the marks after it pair up without it
    (an opening mark glued to a colon, 'said:" We will', is followed by an odd number)."""
    before, after = text[i - 1:i], text[i + 1:i + 2]
    return bool(before) and (before.isalnum() or before in ".,;:!?") and (not after or after.isspace()
                                                                        or after in ".,;:!?)")


def _reopens(text: str, open_at: int, i: int) -> bool:
    """Whether the straight mark at ``i``, inside a quotation opened at ``open_at``, opens another one instead of
    closing it: a space before it after the end of a sentence, and a word right after it."""
    return i - open_at > 2 and text[i - 1] == " " and text[i - 2] in ".!?" and text[i + 1:i + 2].isalnum()


def find_quotes(parsed: ParsedArticle) -> list[Quote]:
    """Return the article's quotations, an unclosed one merged with the next paragraph's opening quote."""
    quotes: list[Quote] = []
    pending: Quote | None = None
    for pi, para in enumerate(parsed.paragraphs):
        text = para.text
        lead = len(text) - len(text.lstrip())
        marks = find_quote_marks(text)
        for qi, (s, e, closed) in enumerate(marks):
            a, b = para.start + s, para.start + e
            open_width = 2 if text[s:s + 2] == "''" else 1
            inner_end = (b - (2 if text[e - 2:e] == "''" else 1)) if closed else b
            if pending is not None and qi == 0 and s == lead:
                pending.end, pending.inner_end, pending.closed = b, inner_end, closed
                pending.last_paragraph = pi
                if not closed:
                    continue
                quotes.append(pending)
                pending = None
                continue
            if pending is not None:
                quotes.append(pending)
                pending = None
            q = Quote(a, b, a + open_width, inner_end, pi, pi, closed, s == lead)
            if not closed and qi == len(marks) - 1:
                pending = q
            else:
                quotes.append(q)
        if pending is not None and pending.last_paragraph != pi:
            quotes.append(pending)
            pending = None
    if pending is not None:
        quotes.append(pending)
    return quotes


# --------------------------------------------------------------------------- parse helpers





def _in_quote(pos: int, quotes: Sequence[Quote]) -> bool:
    return any(q.start <= pos < q.end for q in quotes)


def _is_chain(spans: Sequence[tuple[int, int]]) -> bool:
    """True when the (start, end) spans are each well-formed, in order and disjoint, so bisect finds them."""
    return all(s <= e for s, e in spans) and all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))


class _QuoteIndex:
    """Bisect look-ups over one article's quotes, built once per article (the rules below ask per token and per claim).

    ``find_quotes`` returns its quotes in order and disjoint; a list that is not (hand-built) falls back to the
    linear scans, so every answer is the one the plain scan gives.
    """

    def __init__(self, quotes: Sequence[Quote]):
        self.quotes = list(quotes)
        order = sorted(range(len(self.quotes)), key=lambda i: self.quotes[i].start)
        self.sorted_starts = [self.quotes[i].start for i in order]
        self.max_end: list[int] = []  # max end over the quotes with the first k+1 sorted starts
        for i in order:
            self.max_end.append(max(self.quotes[i].end, self.max_end[-1] if self.max_end else self.quotes[i].end))
        outer = [(q.start, q.end) for q in self.quotes]
        inner = [(q.inner_start, q.inner_end) for q in self.quotes]
        self.outer_chain, self.inner_chain = _is_chain(outer), _is_chain(inner)
        self.starts, self.ends = [s for s, _ in outer], [e for _, e in outer]
        self.inner_starts, self.inner_ends = [s for s, _ in inner], [e for _, e in inner]
        self.position: dict[tuple, int] = {}  # quotes.index(q) compares field values: first equal quote wins
        for i, q in enumerate(self.quotes):
            self.position.setdefault(_quote_key(q), i)

    def covers(self, pos: int) -> bool:
        """``_in_quote(pos, quotes)``: some quote has start <= pos < end."""
        k = bisect.bisect_right(self.sorted_starts, pos)
        return k > 0 and self.max_end[k - 1] > pos

    def index(self, q: Quote) -> int:
        """``quotes.index(q)``."""
        i = self.position.get(_quote_key(q))
        return self.quotes.index(q) if i is None else i

    def overlapping_inner(self, span: tuple[int, int]) -> list[Quote]:
        """The quotes whose inner span overlaps ``span``, in list order."""
        if not self.inner_chain:
            return [q for q in self.quotes if _overlap((q.inner_start, q.inner_end), span) > 0]
        lo = bisect.bisect_right(self.inner_ends, span[0])
        hi = bisect.bisect_left(self.inner_starts, span[1])
        return [q for q in self.quotes[lo:hi] if _overlap((q.inner_start, q.inner_end), span) > 0]

    def quoted_chars(self, s: int, e: int) -> int:
        """Characters of raw_text[s:e] inside quotes (summed over quotes)."""
        lo, hi = (bisect.bisect_right(self.ends, s), bisect.bisect_left(self.starts, e)) if self.outer_chain \
            else (0, len(self.quotes))
        return sum(max(0, min(e, q.end) - max(s, q.start)) for q in self.quotes[lo:hi])


def _quote_key(q: Quote) -> tuple:
    return (q.start, q.end, q.inner_start, q.inner_end, q.paragraph, q.last_paragraph, q.closed, q.at_paragraph_start)


class _ArticleIndex:
    """One article's paragraph extents, token offsets and quote index, built once so that no step rescans the article."""

    def __init__(self, parsed: ParsedArticle, quotes: Sequence[Quote]):
        self.parsed = parsed
        self.quotes = _QuoteIndex(quotes)
        paras = parsed.paragraphs
        self.para_spans = [(p.start, p.start + len(p.text)) for p in paras]
        self.para_chain = _is_chain(self.para_spans)
        self.para_starts = [s for s, _ in self.para_spans]
        self.para_ends = [e for _, e in self.para_spans]
        self._token_starts: dict[int, list[int]] = {}

    def tokens(self, pi: int, lo: int, hi: int):
        """The tokens of paragraph ``pi`` whose raw_text offset is in [lo, hi), in order."""
        para = self.parsed.paragraphs[pi]
        idx = self._token_starts.get(pi)
        if idx is None:
            idx = self._token_starts[pi] = [t.idx for t in para.doc]
        return para.doc[bisect.bisect_left(idx, lo - para.start):bisect.bisect_left(idx, hi - para.start)]

    def paragraphs_over(self, start: int, end: int) -> Iterable[int]:
        """Positions of the paragraphs that may hold an offset in [start, end] (all of them when out of order)."""
        if not self.para_chain:
            return range(len(self.para_spans))
        return range(bisect.bisect_left(self.para_ends, start), bisect.bisect_right(self.para_starts, end))


def _subject(tok, depth: int = 0):
    """Return the token naming who performs ``tok`` (a verb), following xcomp, participles, conj and relatives."""
    if depth > 4:
        return None
    subjects = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
    if len(subjects) > 1:  # "a class that he argued was failing": "that" belongs to the clause he argued about
        subjects = [c for c in subjects if c.lower_ not in RELATIVE_WORDS] or subjects
    for c in subjects:
        if c.lower_ in RELATIVE_WORDS and tok.dep_ == "relcl":
            return tok.head
        return c
    for c in tok.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    if any(c.dep_ == "nsubjpass" for c in tok.children):
        return None
    if tok.dep_ == "relcl":
        return tok.head
    if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ in ("NOUN", "PROPN") and tok.lemma_ in C.SPEECH_VERBS:
        head = tok.head
        if head.pos_ == "NOUN" and head.dep_ == "pobj" and head.head.head.pos_ in ("VERB", "AUX") \
                and not _can_speak(head, documents=False):
            # "the companies have managed to hide ..., in many cases reporting different numbers": the participle
            # hung on an adverbial phrase goes on with the clause's subject
            return _subject(head.head.head, depth + 1)
        return head
    if tok.dep_ == "conj" and tok.head is not tok:
        glued = _glued_conjunct_subject(tok)
        if glued is not None:
            return glued
        outer = _misattached_conj(tok)
        return _subject(outer if outer is not None else tok.head, depth + 1)
    if tok.dep_ == "xcomp" and tok.head is not tok:
        return _subject(tok.head, depth + 1)
    if tok.dep_ == "pcomp" and tok.tag_ == "VBG" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("VERB", "AUX"):
        verb = tok.head.head
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if tok.head.lower_ == "as" and obj is not None and obj.i < tok.i:
            return obj  # "the Financial Times quoted an insider as saying": the insider says it
        judged = _judged(verb, tok) if tok.head.lower_ == "for" else None
        if judged is not None:
            return judged  # "Trump attacked Clinton for saying ...": Clinton says it
        return _subject(verb, depth + 1)  # "he began by saying ..."
    if tok.dep_ == "advcl" and tok.tag_ in ("VBG", "VBN") and not any(c.dep_ == "mark" for c in tok.children):
        absolute = _absolute_subject(tok)
        if absolute is not None:
            return absolute
        outer = _reporting_verb(tok.head)
        return _subject(outer if outer is not None and tok.lemma_.lower() in C.SPEECH_VERBS else tok.head, depth + 1)
    return None


def _can_speak(noun, documents: bool = True) -> bool:
    """Whether a common noun can name a speaker: a person or organisation noun ("the minister", "the company"), a
    group that speaks as one ("the crowd", "the jury") and, unless ``documents`` is False, a document ("the report
    showed", "the study found")."""
    lex = nominal_lexicon()
    word = _role_word(noun.lemma_)
    return word in lex["person"] or word in lex["organisation"] or noun.lemma_.lower() in C.SPEAKING_GROUPS \
        or documents and word in lex["document"]


def _absolute_subject(tok):
    """The named subject of a "with" absolute clause right before a participle, where the main clause's subject is an
    event (``cues.EVENT_NOUNS``: "The trouble began, with Maria Hutchings marching up to him, saying ..."): the
    participle goes on with the absolute clause's subject. Not where the main subject could say it ("The company cut
    its forecast, with Smith watching, saying ...", "The report came out, with Smith chairing the panel, warning")."""
    prev = [c for c in tok.head.children if c.i < tok.i and c.dep_ not in ("punct", "cc")]
    if not prev or prev[-1].dep_ != "prep" or prev[-1].lower_ != "with":
        return None
    main = next((c for c in tok.head.children if c.dep_ in SUBJECT_DEPS), None)
    lex = nominal_lexicon()
    if main is None or main.pos_ != "NOUN" or main.lemma_.lower() not in C.EVENT_NOUNS:
        return None
    for g in prev[-1].children:
        if g.dep_ == "pcomp" and g.tag_ == "VBG":
            subj = next((c for c in g.children if c.dep_ in SUBJECT_DEPS), None)
            if subj is not None and (subj.pos_ == "PROPN" or _role_word(subj.lemma_) in lex["person"]):
                return subj
    return None


def _glued_conjunct_subject(verb):
    """The subject of a coordinated verb that the parse glued onto the object before it, or None: in "the Post will
    brand you a liar and NBC News will accuse you", "NBC News" is read as a conjunct of "liar"; a name or noun right
    before the verb (or its auxiliaries) that is a conjunct of something in the clause before is who does it."""
    first = min([c.i for c in verb.children if c.dep_ in ("aux", "neg") and c.i < verb.i] + [verb.i])
    if first == 0:
        return None
    t = verb.doc[first - 1]
    while t.dep_ in ("compound", "flat") and t.head.i > t.i and t.head.i < first:
        t = t.head
    if t.pos_ not in ("PROPN", "NOUN") or t.dep_ != "conj" or not (verb.head.i < t.i < verb.i) \
            or t.head.dep_ in ("nsubj", "nsubjpass"):
        return None
    return t


def _judged(verb, gerund):
    """Who a verb of judging judges, when a gerund after its "for" reports what they said, or None: the one given
    something ("gave Carson two Pinocchios for dismissing"), else the object ("attacked Clinton for saying"), else
    the subject of the passive ("Clinton was criticized for saying"). Other verbs ("apologized for saying", "won
    praise for saying") keep their subject, and so does a judgement for what someone did not say ("blasted the
    committee for failing to make clear that ...": the one who blasts says it)."""
    if verb.lemma_.lower() not in C.JUDGING_VERBS or gerund.lemma_.lower() in NOT_SAYING \
            or any(c.dep_ == "neg" or c.lower_ == "never" for c in gerund.children):
        return None  # "for not saying", "for never saying": what was not said is the judge's point
    giving = verb.lemma_.lower() in GIVING_VERBS
    for c in verb.children:
        if (c.dep_ == "dative" or giving and c.dep_ == "prep" and c.lower_ == "to") and c.i < gerund.i:
            if c.pos_ == "ADP":  # "gave the award to Card for showing" (whatever the tagger made of "Card")
                c = next((g for g in c.children if g.dep_ == "pobj" and not g.is_punct), None)
                if c is not None:
                    return c
            elif c.pos_ in ("PROPN", "NOUN", "PRON"):
                return c
    for deps in (("dobj",), ("nsubjpass",)):
        found = [c for c in verb.children if c.dep_ in deps and c.i < gerund.i and c.pos_ in ("PROPN", "NOUN", "PRON")]
        if found and deps == ("dobj",) and giving:
            return _glued_recipient(found[0])  # what is given is no speaker: only a recipient glued onto it
        if found:
            return found[0]
    return None


def _glued_recipient(obj):
    """The name a parse glued onto the object of a double-object verb, or None: in "gave Carson two Pinocchios",
    "gave Ben Carson two Pinocchios" or "gave Trump credit" the parser may read one phrase with the name as a modifier
    of what is given; a name whose own phrase opens the object's is no modifier of it but the one given something."""
    return next((c for c in obj.children if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"
                 and c.left_edge.i == obj.left_edge.i), None)


def _clause_glued_subject(subj):
    """The subject a parse glued to a whole clause before it, or ``subj``: in "a group of rabbis called for a boycott,
    and the Anti-Defamation League denounced ...", the parser reads "called" as a participle of "group" and the
    League as a conjunct of it; a past tense ("called" tagged VBD) is no participle, so the conjunct after it is
    the subject of the verb."""
    acl = [c for c in subj.children if c.dep_ == "acl" and c.tag_ == "VBD" and c.i > subj.i]
    conj = [c for c in subj.children if c.dep_ == "conj" and acl and c.i > acl[0].right_edge.i]
    return conj[-1] if conj else subj


def _misattached_conj(verb):
    """The speech verb a finite verb is really coordinated with when the parser hung it on the reported clause, or
    None: in "May said that the country would declare ... and suggested that ...", "suggested" is parsed as a
    conjunct of "declare", but a past tense cannot share the modal of "would declare": it goes with "said", as its
    tense says. The same where the reported clause's subject cannot speak ("He said prosecutions were ... and
    promised the powers would only be used in serious cases")."""
    head = verb.head
    if verb.tag_ not in ("VBD", "VBZ"):
        return None
    subject = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
    modal = head.tag_ == "VB" and any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children)
    # "He said prosecutions were the first preference and promised ...": what cannot speak promises nothing
    mute = subject is not None and subject.pos_ == "NOUN" and not _can_speak(subject) and C.is_cue_lemma(
        verb.lemma_.lower())
    if not modal and not mute:
        return None
    outer = _reporting_verb(head)
    return outer if outer is not None and outer.tag_ == verb.tag_ else None


def _reporting_verb(verb):
    """The speech verb whose reported clause ``verb`` heads (through coordination), or None: in "Champion told the
    BBC Ford did not deserve any credit, saying: ..." the participle "saying" hangs on "deserve", but who says it
    is who told."""
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    head = verb.head
    if verb.dep_ == "ccomp" and head is not verb and head.i < verb.i and head.lemma_.lower() in C.SPEECH_VERBS \
            and any(c.dep_ in SUBJECT_DEPS for c in head.children):
        return head
    return None


def _name_after(tok, para, in_quote):
    """Return the noun right after a cue with no subject of its own ('"Meh," wrote a Trump supporter'), or None."""
    doc = tok.doc
    i = tok.i + 1
    while i < len(doc) and doc[i].pos_ in ("ADV", "PART") and i - tok.i <= 2:
        i += 1
    if i >= len(doc) or in_quote(_abs(para, doc[i])):
        return None
    cand = doc[i]
    while cand.pos_ in ("DET", "ADJ", "NUM", "PROPN", "NOUN") and cand.head.i > cand.i and cand.head.i - cand.i <= 4 \
            and cand.dep_ in ("det", "amod", "compound", "nummod", "poss", "flat"):
        cand = cand.head  # from the first word of the phrase to its head
    if cand.pos_ not in ("PROPN", "NOUN") or cand.head.i != tok.i:
        return None
    return cand


def _name_before(tok):
    """Return a capitalised name right before a cue the parser left without subject ("Jolly said ..."), or None."""
    doc = tok.doc
    i = tok.i - 1
    while i >= tok.sent.start and doc[i].pos_ in ("AUX", "PART") or (i >= tok.sent.start and doc[i].lower_ in ("also", "later", "then", "further", "again")):
        i -= 1
    if i < tok.sent.start:
        return None
    cand = doc[i]
    if not cand.is_title or cand.is_stop or cand.pos_ in ("VERB", "ADP", "DET", "CCONJ", "SCONJ"):
        return None
    if i > tok.sent.start and doc[i - 1].is_punct is False and not (doc[i - 1].is_title or doc[i - 1].pos_ in ("PROPN", "DET", "ADJ")):
        return None
    return cand


def _detached_name(tok, para, in_quote):
    """Return the name the parser hung on the quoted clause before a cue with no subject, or None.

    '“We’ve had better conventions,” Texas delegate Bill Eastland, wearing a cowboy hat, told AFP': the parse makes
    "Eastland" a modifier of "had" inside the quotation's clause; the first noun phrase after the closing mark,
    outside quotation marks and before the cue, is who speaks.
    """
    doc = tok.doc
    clause = next((c for c in tok.children if c.dep_ == "ccomp" and c.i < tok.i), None)
    if clause is None:
        return _name_after_participle(tok)
    quoted = False
    for j in range(clause.left_edge.i, tok.i):
        inside = in_quote(_abs(para, doc[j]))
        if inside or (doc[j].is_punct and not quoted):
            quoted = quoted or inside
            continue
        if not quoted or doc[j].is_punct:
            return None
        cand = doc[j]
        while cand.head.i > cand.i and cand.head.i < tok.i and cand.dep_ in ("compound", "amod", "det", "flat", "nmod"):
            cand = cand.head
        if cand.pos_ != "PROPN" or cand.dep_ not in ("npadvmod", "nsubj", "appos", "dobj", "attr", "conj") \
                or not (clause.left_edge.i <= cand.head.i < tok.i):
            return None
        return cand
    return None


def _quoted_as(tok):
    """'“...,” the Financial Times quoted an insider as saying': the one quoted (the object) speaks, or None."""
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is None or not any(c.dep_ == "prep" and c.lower_ == "as" and any(
            g.dep_ == "pcomp" and g.lemma_.lower() in C.SPEECH_VERBS for g in c.children) for c in tok.children):
        return None
    return obj


def _name_after_participle(tok):
    """'Welcoming the ruling, Maeve Sherlock, chief executive of the Refugee Council, said: ...': the parse hung the
    name on the opening participle; the name after its comma is who speaks."""
    doc = tok.doc
    clause = next((c for c in tok.children if c.dep_ in ("advcl", "csubj") and c.i < tok.i
                   and c.tag_ in ("VBG", "VBN")
                   and not any(g.dep_ in SUBJECT_DEPS or g.dep_ == "mark" for g in c.children)), None)
    if clause is None:
        return None
    for c in clause.children:
        if c.i > clause.i and c.pos_ == "PROPN" and c.dep_ in ("npadvmod", "appos", "nsubj") \
                and doc[c.left_edge.i - 1].text == "," and c.right_edge.i < tok.i:
            return c
    return None


def _relative_pronoun(tok):
    """Return the relative pronoun subject of a cue in a relative clause (possibly through xcomp/conj), or None."""
    for _ in range(3):
        subjects = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
        if len(subjects) > 1:
            return None  # "that he argued": the relative pronoun is not the one who argues
        for c in subjects:
            return c if c.lower_ in ("who", "which", "that") and tok.dep_ == "relcl" else None
        if tok.dep_ not in ("xcomp", "conj") or tok.head is tok:
            return None
        tok = tok.head
    return None




def _trim(doc, lo: int, hi: int) -> tuple[int, int] | None:
    """Drop leading 'that'/punctuation and trailing commas from a token range; None if nothing is left."""
    while lo <= hi and (doc[lo].is_punct and doc[lo].text not in OPEN_MARKS + STRAIGHT
                        or (doc[lo].dep_ == "mark" and doc[lo].lower_ in ("that", "whether", "if", "for"))
                        or doc[lo].dep_ == "cc"):
        lo += 1
    while hi >= lo and doc[hi].is_punct and doc[hi].text in ",;:—–-":
        hi -= 1
    if hi < lo or not any(t.is_alpha or t.like_num for t in doc[lo:hi + 1]):
        return None
    return lo, hi


def _cue_lemma(tok) -> str:
    """A verb's lemma as the cue lexicon knows it: with its particle where the lexicon has the phrasal verb ("brushed
    off the criticism", "ruled out a tax rise"), else the verb's own."""
    lemma = tok.lemma_.lower()
    if lemma == "hop" and tok.lower_ in ("hope", "hopes", "hoped", "hoping"):  # the small model's lemma
        return "hope"
    prt = next((c for c in tok.children if c.dep_ == "prt"), None)
    if prt is not None and C.is_cue_lemma(f"{lemma} {prt.lower_}"):
        return f"{lemma} {prt.lower_}"
    return lemma


def _content(tok, lemma: str | None = None) -> tuple[object, int, int, bool, str] | None:
    """Return (head, lo, hi, naming, rule) of the content a cue verb governs, or None; ``rule`` names the pattern.

    The rules of ``CONTENT_RULES`` are tried in order; the first that finds a content gives it. ``lemma`` is the cue's
    (``_cue_lemma``), when the caller has it already."""
    lemma = lemma or _cue_lemma(tok)
    kids = list(tok.children)
    deps = {c.dep_: c for c in kids}
    for rule in CONTENT_RULES:
        found = rule(tok, lemma, kids, deps)
        if found is not None:
            return found or None  # () ends the chain without a content
    return None


def _naming_object(tok, lemma, kids, deps):
    """'calling Zelensky “illegitimate”': the object and its predicate."""
    if lemma not in C.NAMING_VERBS or "dobj" not in deps:
        return None
    obj = deps["dobj"]
    preds = [c for c in kids if c.i > obj.i and (c.dep_ in ("oprd", "ccomp", "xcomp", "acomp", "attr")
                                                  or (c.dep_ == "prep" and c.lower_ == "as"))]
    preds += [c for c in obj.children if c.dep_ in ("oprd", "appos") or (c.dep_ == "prep" and c.lower_ == "as")]
    if not preds:
        return None
    return obj, obj.left_edge.i, max(p.right_edge.i for p in preds), True, "naming"


def _naming_small_clause(tok, lemma, kids, deps):
    """'calling Trump a fascist' parsed as a small clause."""
    if lemma not in C.NAMING_VERBS:
        return None
    small = [c for c in kids if c.dep_ in ("xcomp", "ccomp") and c.i > tok.i
             and not any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)]
    return (small[0], small[0].left_edge.i, small[0].right_edge.i, True, "naming") if small else None


def _passive_evidential(tok, lemma, kids, deps):
    """'Trump is expected to win': the subject and what is expected of it (no agent)."""
    if lemma not in C.PASSIVE_EVIDENTIAL_VERBS or any(c.dep_ == "agent" for c in kids):
        return None
    passive_subj = [c for c in kids if c.dep_ == "nsubjpass"]
    pred = [c for c in kids if c.dep_ in ("xcomp", "oprd") and c.i > tok.i]
    if not passive_subj or not pred:
        return None
    return passive_subj[0], passive_subj[0].left_edge.i, pred[0].right_edge.i, False, "passive-evidential"


def _passive_agent(tok, lemma, kids, deps):
    """'The move was reported by MSNBC': the passive subject is the content."""
    passive_subj = [c for c in kids if c.dep_ == "nsubjpass"]
    if not passive_subj or not any(c.dep_ == "agent" for c in kids) or any(c.dep_ == "ccomp" for c in kids):
        return None
    subj = passive_subj[0]
    return subj, subj.left_edge.i, subj.right_edge.i, False, "passive-agent"


def _light_object(tok):
    """The object that makes "make" a reporting cue ("made the case that", "made it clear that"), or None."""
    if tok.lemma_.lower() != "make":
        return None
    for c in tok.children:
        if c.i > tok.i and (c.dep_ == "dobj" and c.lemma_.lower() in C.LIGHT_NOUNS and c.lower_ != "clear"
                            or c.lower_ == "clear" and c.dep_ in ("ccomp", "acomp", "oprd", "xcomp", "dobj", "advmod")):
            return c
    return None


def _light_clause(tok, lemma, kids, deps):
    """'made the case that ...', 'made a commitment that ...', 'made it clear that ...': the clause after the object
    of a light "make" (hung by the parser on the object or the verb); a noun's clause must open with "that" (not a
    relative clause: "made a promise that he broke"), after "clear" any clause will do."""
    obj = _light_object(tok)
    if obj is None:
        return None
    clear = obj.lower_ == "clear"
    for c in sorted([*obj.children, *tok.children], key=lambda t: t.i):
        if c.i <= obj.i or c.dep_ not in ("acl", "relcl", "ccomp", "advcl", "csubj"):
            continue
        marks = [g for g in c.children if g.dep_ == "mark" and g.i < c.i]
        if clear or any(g.lower_ == "that" for g in marks):
            if any(g.dep_ in ("nsubj", "dobj", "nsubjpass") and g.lower_ in ("that", "which") for g in c.children):
                continue  # "a point that critics missed": a relative clause, not what was said
            return c, c.left_edge.i, c.right_edge.i, False, "light-verb"
    return ()


def _clausal_complement(tok, lemma, kids, deps):
    """'said that ...', '“...,” he said': the clausal complement, the one after the verb first."""
    ccomps = [c for c in kids if c.dep_ == "ccomp"]
    if not ccomps:
        return None
    right = [c for c in ccomps if c.i > tok.i]
    c = right[0] if right else ccomps[-1]
    hi = c.right_edge.i
    for k in c.children:  # "said that X would declare ... and suggested that ...": stop before "and suggested"
        outer = _misattached_conj(k) if k.dep_ == "conj" and k.i > c.i else None
        if outer is not None and outer.i == tok.i:
            hi = k.left_edge.i - 1
            while hi > c.i and tok.doc[hi].dep_ in ("cc", "punct"):
                hi -= 1
            break
    return c, c.left_edge.i, hi, False, "ccomp"


def _clause_on_addressee(tok, lemma, kids, deps):
    """'told BBC Radio 4's Today programme that the plans were ...': the parse hung the that-clause on the addressee."""
    if lemma not in C.SPEECH_VERBS:
        return None
    for o in kids:
        if o.dep_ not in ("dobj", "dative") or o.i < tok.i:
            continue
        for c in o.children:
            if c.dep_ in ("acl", "relcl") and c.i > o.i and any(g.dep_ == "mark" and g.lower_ == "that"
                                                                 for g in c.children) \
                    and any(g.dep_ in SUBJECT_DEPS and g.lower_ not in RELATIVE_WORDS for g in c.children):
                return c, c.left_edge.i, c.right_edge.i, False, "ccomp"
    return None


def _bare_complement(tok, lemma, kids, deps):
    """'said the deal was close' parsed as an open complement (xcomp without "to")."""
    if lemma not in C.SPEECH_VERBS:
        return None
    xs = [c for c in kids if c.dep_ == "xcomp" and c.i > tok.i and c.pos_ in ("VERB", "AUX")
          and not any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)]
    return (xs[0], xs[0].left_edge.i, xs[0].right_edge.i, False, "xcomp") if xs else None


def _parenthetical_after(tok, lemma, kids, deps):
    """'The deal is close, he said': the clause before attribution words that hang on it."""
    if lemma not in C.SPEECH_VERBS or tok.dep_ not in ("ccomp", "parataxis") or tok.head.i >= tok.i:
        return None
    head = tok.head
    hi = tok.left_edge.i - 1
    head_is_cue = head.lemma_.lower() in C.SPEECH_VERBS and any(c.dep_ in SUBJECT_DEPS for c in head.children)
    free_relative = any(c.tag_ in ("WP", "WDT") and c.i < tok.i for c in kids)  # "twice what it projected"
    if any(c.dep_ in SUBJECT_DEPS for c in kids) and hi >= head.left_edge.i and not head_is_cue \
            and not free_relative:
        return head, head.left_edge.i, hi, False, "parenthetical"
    return None


def _parenthetical_inside(tok, lemma, kids, deps):
    """'The decision, he said, was made in March': the clause after the attribution words, never over them."""
    if lemma not in C.SPEECH_VERBS or tok.dep_ != "parataxis" or tok.head.i <= tok.i \
            or not any(c.dep_ in SUBJECT_DEPS for c in kids) or not _between_commas(tok):
        return None
    head = tok.head
    if head.lemma_.lower() in C.SPEECH_VERBS and any(c.dep_ in SUBJECT_DEPS for c in head.children):
        return None
    lo, hi = tok.right_edge.i + 1, head.right_edge.i
    while hi > lo and tok.doc[hi].is_punct:
        hi -= 1
    return head, lo, hi, False, "parenthetical"


def _as_reported(tok, lemma, kids, deps):
    """'As BuzzFeed News first reported, Trump voiced ...', '..., as Breitbart reported': the main clause."""
    if lemma not in C.SPEECH_VERBS or tok.dep_ != "advcl" or tok.head is tok \
            or not any(c.dep_ == "mark" and c.lower_ == "as" for c in kids) \
            or not any(c.dep_ in SUBJECT_DEPS for c in kids):
        return None
    head = tok.head
    if head.lemma_.lower() in C.SPEECH_VERBS and any(c.dep_ in SUBJECT_DEPS for c in head.children):
        return None
    if tok.i < head.i:
        lo, hi = tok.right_edge.i + 1, head.right_edge.i
    else:
        lo, hi = head.left_edge.i, tok.left_edge.i - 1
    while hi > lo and tok.doc[hi].is_punct:
        hi -= 1
    return (head, lo, hi, False, "as-reported") if hi > lo else None


def _infinitive(tok, lemma, kids, deps):
    """'promised to end the war', 'urged X to act', 'calling for the United States to take ...', 'called for talks'."""
    if lemma not in C.INFINITIVE_VERBS:
        return None
    x = [c for c in kids if c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)]
    if x:
        lo = x[0].left_edge.i
        if "dobj" in deps and deps["dobj"].i < x[0].i:
            lo = deps["dobj"].left_edge.i
        return x[0], lo, x[0].right_edge.i, False, "infinitive"
    for_clause = [c for c in kids if c.dep_ == "advcl" and c.i > tok.i
                  and any(g.dep_ == "mark" and g.lower_ == "for" for g in c.children)]
    if for_clause:
        return for_clause[0], for_clause[0].left_edge.i, for_clause[0].right_edge.i, False, "infinitive"
    fors = [c for c in kids if c.dep_ == "prep" and c.lower_ == "for"]
    if fors and lemma in C.FOR_VERBS:
        return fors[0], fors[0].left_edge.i + 1, fors[0].right_edge.i, False, "prep"
    return None


def _preposition_object(tok, lemma, kids, deps):
    """'talked about the economy', 'pointed to the polls': the object of the verb's preposition (no date)."""
    preps = C.PREPOSITION_VERBS.get(lemma)
    if not preps:
        return None
    for c in kids:
        if c.dep_ == "prt" and c.lower_ in preps:
            c = tok
        if c.dep_ == "prep" and c.lower_ in preps and c.i > tok.i:
            objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp") and g.ent_type_ not in ("DATE", "TIME")]
            if objs:
                return objs[0], objs[0].left_edge.i, c.right_edge.i, False, "prep"
    return None


def _direct_object(tok, lemma, kids, deps):
    """'rejected the idea of ...': the object and its of/for/as/on/over phrase; a bare pronoun object ends the
    chain without a content."""
    if lemma not in C.OBJECT_VERBS or (lemma in C.NAMING_VERBS and lemma != "describe") or "dobj" not in deps:
        return None
    obj = deps["dobj"]
    if obj.pos_ == "PRON" and obj.lower_ in ("it", "this", "that", "them"):
        return ()
    hi = obj.right_edge.i
    for c in kids:
        if c.i > obj.i and c.dep_ == "prep" and c.lower_ in ("of", "for", "as", "on", "over"):
            hi = max(hi, c.right_edge.i)
    return obj, obj.left_edge.i, hi, False, "dobj"


# The content rules of a cue verb, in the order they are tried (``_content``).
CONTENT_RULES = (_light_clause, _naming_object, _naming_small_clause, _passive_evidential, _passive_agent,
                 _clausal_complement, _clause_on_addressee, _bare_complement, _parenthetical_after,
                 _parenthetical_inside, _as_reported, _infinitive, _preposition_object, _direct_object)


def _between_commas(tok) -> bool:
    """Whether the phrase of ``tok`` stands between two commas inside its sentence ("Survival, he says, depends")."""
    doc, lo, hi = tok.doc, tok.left_edge.i, tok.right_edge.i
    left = doc[lo].text == "," or lo > tok.sent.start and doc[lo - 1].text == ","
    right = doc[hi].text == "," or hi + 1 < tok.sent.end and doc[hi + 1].text == ","
    return left and right and lo > tok.sent.start


def find_cues(parsed: ParsedArticle, quotes: Sequence[Quote], index: _QuoteIndex | None = None) -> list[Cue]:
    """Return every reporting cue outside quotation marks, with speaker and content where the parse gives them."""
    out: list[Cue] = []
    in_quote = (index or _QuoteIndex(quotes)).covers
    for pi, para in enumerate(parsed.paragraphs):
        doc = para.doc
        for tok in doc:
            if in_quote(_abs(para, tok)):
                continue
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                cue = _according_to(pi, para, tok)
                if cue is not None:
                    out.append(cue)
                continue
            if tok.pos_ != "VERB":
                continue
            lemma = _cue_lemma(tok)
            if not C.is_cue_lemma(lemma) and _light_object(tok) is None:
                continue
            subj = _subject(tok)
            if " " in lemma and (subj is None or subj.pos_ == "NOUN" and not subj.ent_type_ and not _can_speak(subj)):
                continue  # "Stocks shrugged off weak data", "Heavy rain ruled out any play": no one says anything
            if subj is not None and subj.dep_ in ("nsubj", "nsubjpass"):
                subj = _clause_glued_subject(subj)
            if subj is not None and subj.dep_ == "csubj" and subj.tag_ == "VBG":
                subj = _name_after_participle(tok)  # "Welcoming the ruling, Maeve Sherlock, ..., said:"
            elif subj is not None and lemma in ("quote", "cite"):
                subj = _quoted_as(tok) or subj
            quoted_subject = subj is not None and lemma in C.SPEAKING_VERBS and subj.doc is doc \
                and in_quote(_abs(para, subj)) and not in_quote(_abs(para, tok))
            if quoted_subject:  # '"My apologies," Quick said': the speaker is never inside the quotation it introduces
                outside = [c for c in tok.children if c.dep_ in SUBJECT_DEPS and c.pos_ == "PROPN"
                           and not in_quote(_abs(para, c))]
                # '"One of the brightest," Rep. Elijah Cummings said': the parse gave "said" two subjects, a name
                # outside the quotation is the speaker
                subj = outside[0] if outside else _name_before(tok) or _name_after(tok, para, in_quote)
            detached = None
            if subj is None and lemma in C.SPEAKING_VERBS and (lemma in BELIEF_PASSIVES or not any(
                    c.dep_ == "nsubjpass" for c in tok.children)):
                subj = _name_before(tok)  # never the one a passive is about ("Clinton was criticized for ...")
                if subj is None:
                    subj = detached = _detached_name(tok, para, in_quote)
            content = _content(tok, lemma) if not _quote_only(lemma) else None
            if detached is not None and content is not None:  # the quoted clause ends before the detached name
                hi = min(content[2], _np_bounds(detached)[0] - 1)
                while hi > content[1] and doc[hi].is_punct:
                    hi -= 1
                content = (*content[:2], hi, *content[3:])
            if lemma in C.WEAK_VERBS and content is not None and not content[3]:
                head = content[0]
                if head.dep_ != "ccomp" and lemma not in C.INFINITIVE_VERBS:
                    content = None
            speaker = None
            impersonal = lemma in C.IMPERSONAL_VERBS or (
                lemma in C.PASSIVE_EVIDENTIAL_VERBS and any(c.dep_ == "nsubjpass" for c in tok.children)
                and not any(c.dep_ == "agent" for c in tok.children))
            if impersonal:
                subj = None
            if subj is not None:
                lo, hi = _np_bounds(subj)
                rel = _relative_pronoun(tok)
                if rel is not None:  # "Christie, who said ...": the words are "who", the speaker is Christie
                    lo = hi = rel.i
                speaker = (_abs(para, doc[lo]), _abs_end(para, doc[hi]))
            span = None
            chead = None
            naming = False
            rule = ""
            if content is not None:
                chead, lo, hi, naming, rule = content
                t = _trim(doc, lo, hi)
                if t is not None:
                    span = (_abs(para, doc[t[0]]), _abs_end(para, doc[t[1]]))
                else:
                    chead = None
            out.append(Cue(pi, tok, lemma, _abs(para, tok), _abs_end(para, tok), speaker, subj, span, chead, naming,
                           impersonal=impersonal, rule=rule))
    return out


def _quote_only(lemma: str) -> bool:
    return lemma in C.QUOTE_VERBS and not (lemma in C.SPEECH_VERBS or lemma in C.INFINITIVE_VERBS
                                           or lemma in C.OBJECT_VERBS or lemma in C.PREPOSITION_VERBS)


def _according_to(pi: int, para, tok) -> Cue | None:
    """Build the cue of 'according to X': X is the speaker and the rest of the sentence the content."""
    doc = para.doc
    to = doc[tok.i + 1]
    objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
    if not objs:
        return None
    src = objs[0]
    lo, hi = _np_bounds(src)
    phrase_lo, phrase_hi = tok.i, max(src.right_edge.i, to.right_edge.i)
    sent = tok.sent
    if phrase_lo - sent.start <= 1:
        c_lo, c_hi = phrase_hi + 1, sent.end - 1
    elif sent.end - 1 - phrase_hi <= 1:
        c_lo, c_hi = sent.start, phrase_lo - 1
    else:
        c_lo, c_hi = sent.start, sent.end - 1
    t = _trim(doc, c_lo, c_hi)
    if t is None:
        return None
    while t[1] > t[0] and doc[t[1]].is_punct and doc[t[1]].text in ".!?":
        t = (t[0], t[1] - 1)
    return Cue(pi, tok, "according to", _abs(para, tok), _abs_end(para, to),
               (_abs(para, doc[lo]), _abs_end(para, doc[hi])), src,
               (_abs(para, doc[t[0]]), _abs_end(para, doc[t[1]])), doc[t[0]].head, rule="according-to")


# --------------------------------------------------------------------------- putting quotes and cues together

def _words_outside(parsed: ParsedArticle, start: int, end: int, quotes: Sequence[Quote],
                   index: _ArticleIndex | None = None) -> int:
    """Count alphabetic words in raw_text[start:end] that lie outside quotation marks (ignoring 'that')."""
    index = index or _ArticleIndex(parsed, quotes)
    n = 0
    for pi in index.paragraphs_over(start, end):
        para = parsed.paragraphs[pi]
        for tok in index.tokens(pi, start, end):
            p = _abs(para, tok)
            if start <= p < end and tok.is_alpha and tok.lower_ not in ("that", "and", "a", "an", "the")\
                    and not index.quotes.covers(p):
                n += 1
    return n


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _quote_tokens(parsed: ParsedArticle, q: Quote, index: _ArticleIndex | None = None) -> list[tuple[int, object]]:
    out = []
    for pi in range(q.paragraph, q.last_paragraph + 1):
        para = parsed.paragraphs[pi]
        toks = para.doc if index is None else index.tokens(pi, q.start, q.end)
        out += [(pi, t) for t in toks if q.start <= _abs(para, t) < q.end]
    return out


def _attribute_quote(parsed: ParsedArticle, q: Quote, quotes: Sequence[Quote], cues: Sequence[Cue],
                     index: _ArticleIndex | None = None, by_token: dict | None = None) -> Cue | None:
    """Find the cue of a standalone quote: right after it in the same sentence, else just before it.

    ``index`` and ``by_token`` (cue by (paragraph, token index)) are built once per article by ``build_claims``.
    """
    index = index or _ArticleIndex(parsed, quotes)
    if by_token is None:
        by_token = {(c.para, c.token.i): c for c in cues}
    idx = index.quotes.index(q)
    nxt = quotes[idx + 1].start if idx + 1 < len(quotes) else 10 ** 12
    prv = quotes[idx - 1].end if idx > 0 else -1
    # after: "...," Trump told reporters / "...," said Peskov
    para = parsed.paragraphs[q.last_paragraph]
    doc = para.doc
    pi = q.last_paragraph
    after = [t for t in index.tokens(pi, q.end, nxt) if _abs(para, t) >= q.end and _abs(para, t) < nxt]
    if parsed.raw_text[q.inner_start:q.inner_end].rstrip().endswith(".") and after \
            and (after[0].is_title or after[0].is_upper) and after[0].text != "I":
        after = []  # '“... a pleasure.” Fletcher's daughter Jill said ...': a full stop ended it; a new sentence
    between = parsed.raw_text[q.end:nxt].rstrip()
    introduces_next = between.endswith(":") and not any(ch in SENTENCE_END for ch in between)  # one sentence, into ":"
    gap = 0
    for t in after:
        if t.text in SENTENCE_END and not index.quotes.covers(_abs(para, t)):
            break
        c = by_token.get((pi, t.i))
        if c is not None and c.speaker is not None:
            if _subordinate(c.token):  # '“...,” when Clinton blasted him': another event, not the attribution
                break
            if introduces_next and gap > 0 and not any(
                    by_token.get((pi, u.i)) is not None for u in after if u.i > t.i):
                # '“...?” On immigration, Diane Granger said: “...”': the last cue before a colon that opens the next
                # quotation, not standing right after this one ('“...,” said Smith, whose brother told the court:')
                break
            return c
        gap += 1
        if gap > MAX_ATTRIBUTION_GAP:
            break
    # before: Trump said: "..." / Trump said, "..."
    pi = q.paragraph
    para = parsed.paragraphs[pi]
    doc = para.doc
    before = [t for t in index.tokens(pi, prv, q.start) if prv <= _abs(para, t) < q.start]
    colon = bool(before) and before[-1].text == ":"
    if not before and q.at_paragraph_start and pi > 0 and parsed.paragraphs[pi - 1].text.rstrip().endswith(":"):
        pi -= 1
        doc = parsed.paragraphs[pi].doc
        before = list(doc)
        colon = True
    gap = 0
    for t in reversed(before):
        if t.text in SENTENCE_END:
            break
        c = by_token.get((pi, t.i))
        if c is not None and c.speaker is not None:
            return c
        gap += 1
        if gap > MAX_ATTRIBUTION_GAP and not colon:
            break
    if colon:
        return _colon_cue(pi, parsed.paragraphs[pi], before)
    return None


SPEAKER_PRONOUNS = frozenset({"he", "she", "they"})


def _colon_cue(pi: int, para, before: Sequence) -> Cue | None:
    """The speaker of a quote introduced by a colon when no reporting cue stands there: the sentence ending in the
    colon either opens with a speech verb and a name ("Said Ellis: “...”") or has a named or he/she/they subject
    whose verb is a speech verb or makes a statement noun ("Sanders made the following comment:"). Never an "it"
    or "this" subject ("Wait, it gets better:"), nor a common noun: those stay unattributed."""
    toks = []
    for t in reversed(before):
        if t.text in SENTENCE_END:
            break
        toks.insert(0, t)
    words = [t for t in toks if not t.is_punct]
    if not words or toks[-1].text != ":":
        return None
    first = words[0]
    if first.lemma_.lower() in C.SPEAKING_VERBS and first.is_title and len(words) > 1:
        names = []
        for t in words[1:]:
            if t.pos_ != "PROPN":
                break
            names.append(t)
        if names and len(names) == len(words) - 1:  # "Said Ellis:", nothing else before the colon
            return Cue(pi, first, first.lemma_.lower(), _abs(para, first), _abs_end(para, first),
                       (_abs(para, names[0]), _abs_end(para, names[-1])), names[-1], None, None,
                       rule="colon")
        return None
    root = next((t for t in words if t.dep_ == "ROOT"), None)
    if root is None:
        return _hung_colon_cue(pi, para, words)
    if root.pos_ not in ("VERB", "AUX"):
        return None
    subj = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
    if subj is None or not (subj.pos_ == "PROPN" or subj.lower_ in SPEAKER_PRONOUNS):
        return None
    lemma = root.lemma_.lower()
    if lemma not in C.SPEAKING_VERBS and not any(c.dep_ == "dobj" and c.lemma_.lower() in C.INTRODUCING_NOUNS
                                                 for c in root.children):
        return None
    lo, hi = _np_bounds(subj)
    return Cue(pi, root, lemma, _abs(para, root), _abs_end(para, root),
               (_abs(para, subj.doc[lo]), _abs_end(para, subj.doc[hi])), subj, None, None, rule="colon")


def _hung_colon_cue(pi: int, para, words: Sequence) -> Cue | None:
    """The speaker of a colon-introduced quote whose introducing words the parse hung on the quotation (no root of
    their own): a speaking verb attached to a name before it ("Writer Neil Coppendale, from West Sussex, asked of the
    Iraq war: “...”"), the verb nearest the colon, active and with no subject of its own ("Theresa May, asked by
    Jeremy Corbyn ...:" is no speaker). The name's phrase stops at its first comma."""
    for t in reversed(words):
        name = t.head
        if t.lemma_.lower() in C.SPEAKING_VERBS and t.pos_ == "VERB" and t.dep_ in ("acl", "relcl", "advcl") \
                and name.pos_ == "PROPN" and name.i < t.i and name in words \
                and not any(c.dep_ in (*SUBJECT_DEPS, "agent", "auxpass", "nsubjpass") for c in t.children):
            lo = name.left_edge.i
            while lo < name.i and name.doc[lo].is_punct:
                lo += 1
            return Cue(pi, t, t.lemma_.lower(), _abs(para, t), _abs_end(para, t),
                       (_abs(para, name.doc[lo]), _abs_end(para, name)), name, None, None, rule="colon")
    return None


def _head_in_quotes(c: Cue, quotes: Sequence[Quote], parsed: ParsedArticle, index: _QuoteIndex | None = None) -> bool:
    if c.content_head is None:
        return False
    para = parsed.paragraphs[c.para]
    return (index or _QuoteIndex(quotes)).covers(_abs(para, c.content_head))


def build_claims(parsed: ParsedArticle) -> tuple[list[Claim], list[Quote], list[Cue]]:
    """Return the attributed claims of one article (no actor resolution, no assertions), in named passes: claims of
    the cues (``_cue_claims``), a cue for each quotation no cue's content holds (``_attribute_quotes``), quotations
    joined to their host claim or to one another (``_group_quotes``) and made claims (``_quote_claims``), then the
    pieces either side of an attribution, quotes inside someone else's content and reported intentions."""
    quotes = find_quotes(parsed)
    index = _ArticleIndex(parsed, quotes)  # built once: the steps below look quotes, tokens and cues up by offset
    cues = find_cues(parsed, quotes, index.quotes)
    claims, owner = _cue_claims(parsed, quotes, cues, index)
    every = [q for q in quotes if q.inner_end > q.inner_start]
    attributed, own = _attribute_quotes(parsed, quotes, every, cues, claims, owner, index)
    for group in _group_quotes(parsed, every, claims, owner, attributed):
        claim = _quote_claim(parsed, group, attributed, own, index)
        if claim is not None:
            claims.append(claim)
    claims = _split_around_attribution(parsed.raw_text, claims, index.quotes)
    inside_other = _contained_in_other(claims)
    for i, k in enumerate(claims):  # quotes inside someone else's reported content belong to that outer speaker
        if k.kind in ("direct", "mixed") and k.cue is not None and k.cue.speaker_head is not None \
                and k.cue.speaker_head.lower_ not in C.PRONOUNS and inside_other(i, k.cue.cue_start):
            k.kind = "indirect"
    claims = [k for i, k in enumerate(claims) if not _reported_intention(k, i, inside_other)]
    claims.sort(key=lambda k: (k.content_start, k.content_end, k.kind))
    return claims, quotes, cues


def _cue_claims(parsed: ParsedArticle, quotes: Sequence[Quote], cues: Sequence[Cue],
                index: _ArticleIndex) -> tuple[list[Claim], dict[int, Cue]]:
    """One claim per cue with a content: ``direct`` when its content is a quotation (with at most a word outside
    the marks), ``mixed`` when the quoted words are its main verb's, else ``indirect``; and the cue that owns each
    quotation inside a content (by the quotation's id)."""
    claims: list[Claim] = []
    owner: dict[int, Cue] = {}
    for c in cues:
        if c.content is None:
            continue
        inside = index.quotes.overlapping_inner(c.content)
        if inside and _nearer_speaking_cue(c, inside[0], cues):
            continue  # "The spot ends with footage of Trump saying, “...”": the quote is Trump's, not the spot's
        kind = "indirect"
        start, end = c.content
        start = _word_start(parsed.raw_text, start)
        if inside:
            for q in inside:
                owner[id(q)] = c
            start = min(start, *(q.inner_start for q in inside))
            end = max(end, *(q.inner_end for q in inside))
            start, end = _strip_span(parsed.raw_text, start, end)
            outside = _words_outside(parsed, start, end, quotes, index)
            if c.naming or outside <= 1:
                kind = "direct"
                while start < end and parsed.raw_text[start] in OPEN_MARKS + STRAIGHT:
                    start += 1  # the parse's content began at the opening mark: the quotation starts after it
            elif _head_in_quotes(c, quotes, parsed, index.quotes):
                kind = "mixed"
        elif c.speaker is None and not c.impersonal:
            continue
        claims.append(Claim(kind, c, start, end, c.para, inside, rule=_cue_rule(c, kind, start)))
    return claims, owner


def _attribute_quotes(parsed: ParsedArticle, quotes: Sequence[Quote], every: Sequence[Quote], cues: Sequence[Cue],
                      claims: Sequence[Claim], owner: dict[int, Cue],
                      index: _ArticleIndex) -> tuple[dict[int, Cue | None], set[int]]:
    """The cue of every quotation (by id; None when none is found) and the ids of those with a cue of their own.

    A quotation no cue's content holds takes the cue next to it (``_attribute_quote``); one still without takes
    the speech cue between it and the previous quotation, else its neighbour's in the paragraph; one opening a
    paragraph, the last speaker of the paragraphs before (``_previous_speaker``)."""
    attributed: dict[int, Cue | None] = {id(q): owner.get(id(q)) for q in quotes}
    by_token = {(c.para, c.token.i): c for c in cues}
    for q in quotes:
        if id(q) not in owner and q.inner_end > q.inner_start:
            attributed[id(q)] = _attribute_quote(parsed, q, quotes, cues, index, by_token)
    own = {key for key, cue in attributed.items() if cue is not None}  # quotes with a cue of their own
    for _ in range(2):
        for i, q in enumerate(every):
            if attributed[id(q)] is not None:
                continue
            prev = every[i - 1] if i > 0 else None
            nxt = every[i + 1] if i + 1 < len(every) else None
            between = _cue_between(cues, q.paragraph, prev.end if prev is not None else -1, q.start)
            if between is not None and prev is not None and id(prev) in own and attributed[id(prev)] is between \
                    and _right_after_attribution(parsed, between, prev, q):
                # '"A," said X, an economist. "B." "C," said Y': B goes on with X, whose attribution stands between
                attributed[id(q)] = between
            elif prev is not None and attributed[id(prev)] is not None and _ends_block(parsed.raw_text, prev, q):
                # '"A," said X. "B ... markets. "C ... efforts." "D," added Y': C closes the quote block that B left
                # open, so it is X's, not the next speaker's
                attributed[id(q)] = attributed[id(prev)]
            elif _runs_into(parsed.raw_text, q, nxt, own, attributed):
                # '"A ... election. "B ...," said X': a quotation running straight into the next one, which its
                # own cue attributes after it, is the same speaker's (a quote block across paragraphs)
                attributed[id(q)] = attributed[id(nxt)]
            elif between is not None:  # '... said: “A.” Mr Hayman acknowledged that ... “B.”': B is Mr Hayman's
                attributed[id(q)] = between
            elif prev is not None and prev.last_paragraph == q.paragraph and attributed[id(prev)] is not None:
                attributed[id(q)] = attributed[id(prev)]
            elif nxt is not None and nxt.paragraph == q.last_paragraph and attributed[id(nxt)] is not None:
                attributed[id(q)] = attributed[id(nxt)]
    by_para: tuple[dict[int, list], dict[int, list], dict[int, list]] = ({}, {}, {})
    for c in cues:
        by_para[0].setdefault(c.para, []).append(c)
    for k in claims:
        by_para[1].setdefault(k.paragraph, []).append(k)
    for o in every:
        by_para[2].setdefault(o.last_paragraph, []).append(o)
    for q in every:
        if attributed[id(q)] is None and q.at_paragraph_start and q.paragraph > 0:
            attributed[id(q)] = _previous_speaker(q, claims, every, attributed, cues, by_para)
    return attributed, own


def _right_after_attribution(parsed: ParsedArticle, cue: Cue, prev: Quote, q: Quote) -> bool:
    """Whether quotation ``q`` follows the sentence that attributes ``prev`` with nothing between, and ``prev`` asks
    no question (the answer to '"Will you resign?" a reporter asked Smith' is Smith's, not the reporter's)."""
    raw = parsed.raw_text
    if raw[prev.inner_start:prev.inner_end].rstrip()[-1:] == "?":
        return False
    para = parsed.paragraphs[cue.para]
    sent_end = para.start + cue.token.sent.end_char
    return sent_end <= q.start and not raw[sent_end:q.start].strip()


def _ends_block(raw: str, prev: Quote, q: Quote) -> bool:
    """Whether quotation ``q`` takes up a quotation left open right before it in the same paragraph (a quote's next
    paragraph in one-line text: '... markets. "The priority ...') and ends with a closing mark: the end of that
    speaker's quote block."""
    return prev.last_paragraph == q.paragraph and not raw[prev.end:q.start].strip() \
        and raw[prev.inner_start:prev.end].endswith(" ") and raw[q.end - 1:q.end] in QUOTE_CLOSERS


def _runs_into(raw: str, q: Quote, nxt: Quote | None, own: set[int], attributed: dict[int, Cue | None]) -> bool:
    """Whether a quotation ends a sentence and the next one follows it in the same paragraph with nothing but space
    between, attributed by a cue of its own written after it ('"A." "B," said X'). Across a paragraph break the
    next quotation is another voice as often as not (a question, then "“...,” the president said")."""
    if nxt is None or id(nxt) not in own or nxt.paragraph != q.last_paragraph or raw[q.end:nxt.start].strip():
        return False
    cue = attributed[id(nxt)]
    return cue is not None and cue.cue_start >= nxt.end and raw[q.inner_start:q.inner_end].rstrip()[-1:] in (".", "!", "?")


def _group_quotes(parsed: ParsedArticle, every: Sequence[Quote], claims: Sequence[Claim], owner: dict[int, Cue],
                  attributed: dict[int, Cue | None]) -> list[list[Quote]]:
    """The quotations no cue's content holds, in groups that make one claim each: a quotation that resumes a cue's
    own quoted content ('"...," he said, "and ..."') joins that claim instead (changing it to ``direct``)."""
    by_cue: dict[int, list[Claim]] = {}  # claims by the identity of their cue, in list order
    for k in claims:
        if k.cue is not None:
            by_cue.setdefault(id(k.cue), []).append(k)
    merged: list[list[Quote]] = []
    for q in every:
        if id(q) in owner:
            continue
        cue_q = attributed[id(q)]
        host = next((k for k in (by_cue.get(id(cue_q), ()) if cue_q is not None else ())
                     if k.cue is not None and k.cue is cue_q and q.inner_end <= k.content_start
                     and any(_continues(parsed, q, o, attributed) for o in k.quotes)), None)
        if host is not None:  # "...," he said, "and ..." where the parse gave the second half to the cue
            host.content_start, host.kind = min(host.content_start, q.inner_start), "direct"
            host.quotes.insert(0, q)
            continue
        if merged and _continues(parsed, merged[-1][-1], q, attributed):
            merged[-1].append(q)
        else:
            merged.append([q])
    return merged


def _quote_claim(parsed: ParsedArticle, group: Sequence[Quote], attributed: dict[int, Cue | None], own: set[int],
                 index: _ArticleIndex) -> Claim | None:
    """The ``direct`` claim of a group of quotations, with the rule that found its cue; None for a quotation too
    short to stand without a cue, or a short one with no verb (a name, a scare-quoted term)."""
    q = group[0]
    cue = attributed[id(q)] or attributed[id(group[-1])]
    n_words = sum(len(parsed.raw_text[g.inner_start:g.inner_end].split()) for g in group)
    if cue is None and n_words < MIN_UNATTRIBUTED_QUOTE_WORDS:
        return None
    if n_words < MIN_VERBLESS_QUOTE_WORDS and not _has_verb(parsed, group, index):
        return None
    s, e = _strip_span(parsed.raw_text, q.inner_start, group[-1].inner_end)
    if e <= s:
        return None
    inherited = cue is not None and not any(id(g) in own for g in group)
    rule = ("continued-quote" if inherited else "unattributed-quote" if cue is None
            else "quote-before-cue" if cue.cue_start >= q.end else "quote-after-cue")
    return Claim("direct", cue, s, e, q.paragraph, list(group), rule=rule, inherited=inherited)


def _reported_act(c: Cue) -> bool:
    """Whether a naming or judging cue reports an act of saying that took place ("Her liberal friends have mocked
    Trump's campaign, calling Trump “an orange buffoon”"): a named or specific subject, no negation, modal or
    condition, not the complement of "deny", "ask", "urge", ... (``cues.NON_FACTIVE``), and a verb that reports words
    (``cues.NAMING_VERBS``, ``cues.REPORTED_ACTS``; not "attacked a woman with a knife")."""
    tok = c.token
    if c.lemma not in C.NAMING_VERBS and c.lemma not in C.REPORTED_ACTS or c.speaker_head is None:
        return False
    subj = c.speaker_head
    if subj.lower_ in RELATIVE_WORDS or subj.lower_ in ("anyone", "anybody", "everyone", "nobody", "whoever") \
            or any(d.dep_ == "det" and d.lower_ in ("no", "any", "every") for d in subj.children):
        return False
    if tok.dep_ in ("xcomp", "pcomp") or any(
            d.dep_ == "neg" or d.lower_ == "never" or d.dep_ == "aux" and d.tag_ == "MD"
            or d.dep_ == "mark" and d.lower_ in CONDITION_MARKS for d in tok.children):
        return False
    head = tok
    while head.dep_ in ("conj", "ccomp", "advcl") and head.head is not head:
        head = head.head
        if head.lemma_.lower() in C.NON_FACTIVE or any(d.dep_ == "mark" and d.lower_ in CONDITION_MARKS
                                                        for d in head.children):
            return False
    return True


def _reported_intention(k: Claim, i: int, inside_other) -> bool:
    """Whether a claim is someone's intention or act reported inside another claim's content ("Biden made it clear
    that the White House isn't planning to ...", "Davies said the IAAF would seek to contact Conte"): the words are
    the outer speaker's, not an utterance of the inner subject. Speech and belief verbs keep their nested claims, and
    so do verbs of naming and judging, which report what the inner subject said ("Her liberal friends have mocked
    Trump's campaign, calling Trump “an orange buffoon,” Susan said"), and a pronoun subject, which is mostly the
    outer speaker ("Putin has indicated he wants ..., calling ...")."""
    c = k.cue
    return c is not None and not k.inherited and c.lemma not in C.SPEAKING_VERBS and not _reported_act(c) \
        and c.rule not in ("according-to", "light-verb") \
        and not (k.quotes and c.speaker_head is not None and c.speaker_head.lower_ in C.PRONOUNS) \
        and inside_other(i, c.cue_start) and inside_other(i, k.content_end - 1)


def _subordinate(tok) -> bool:
    """Whether a verb opens a subordinate clause of time, cause or condition ("when Clinton blasted him")."""
    return any(c.dep_ in ("mark", "advmod") and c.lower_ in C.SUBORDINATORS and c.i < tok.i for c in tok.children)


def _last_cue(cues: Sequence[Cue], para: int, verbs: frozenset, start: int = -1, end: int | None = None,
              impersonal: bool = True) -> Cue | None:
    """The last cue of paragraph ``para`` with a speaker and a verb of ``verbs``, standing in [start, end), or None;
    ``impersonal=False`` skips impersonal ones ("it is said")."""
    best = None
    for c in cues:
        if c.para == para and c.speaker is not None and c.lemma in verbs and start <= c.cue_start \
                and (end is None or c.cue_start < end) and (impersonal or not c.impersonal) \
                and (best is None or c.cue_start > best.cue_start):
            best = c
    return best


def _cue_between(cues: Sequence[Cue], para: int, start: int, end: int) -> Cue | None:
    """The last speech cue with a speaker in paragraph ``para`` between offsets ``start`` and ``end`` (after the
    previous quotation, before this one), or None."""
    return _last_cue(cues, para, C.SPEECH_VERBS, start, end, impersonal=False)


def _nearer_speaking_cue(c: Cue, q: Quote, cues: Sequence[Cue]) -> bool:
    """Whether a speaking verb with a speaker but no content of its own stands between cue ``c`` and the quotation
    ``q`` that the parse made part of ``c``'s content, outside that content: that nearer verb introduces the
    quotation."""
    return any(d is not c and d.para == c.para and d.speaker is not None and d.content is None
               and d.lemma in C.SPEAKING_VERBS and c.cue_end <= d.cue_start and d.cue_end <= q.start
               and d.speaker[0] >= c.cue_end and not c.content[0] <= d.cue_start < c.content[1]
               for d in cues)


def _cue_rule(c: Cue, kind: str, start: int) -> str:
    """Name the rule of a claim built from a cue: its syntactic pattern, or where its quotation stands."""
    if kind == "mixed":
        return "mixed"
    if kind == "direct" and not c.naming and c.rule != "according-to":
        return "quote-after-cue" if start >= c.cue_end else "quote-before-cue"
    return c.rule or "ccomp"


def _split_around_attribution(raw: str, claims: list[Claim], quotes: _QuoteIndex) -> list[Claim]:
    """Split a claim whose content runs over its own attribution ('"A," said X, "B."') into the pieces either side.

    The pieces end and start at the quotation marks next to the attribution words, so no content covers the cue
    or the speaker; both pieces keep the cue (one speaker) and get the rule ``quote-split``.
    """
    out: list[Claim] = []
    for k in claims:
        c = k.cue
        if c is None or k.inherited:
            out.append(k)
            continue
        lo, hi = c.cue_start, c.cue_end
        if c.speaker is not None and abs(c.speaker[0] - c.cue_start) < 200:
            lo, hi = min(lo, c.speaker[0]), max(hi, c.speaker[1])
        if not (k.content_start < lo and hi < k.content_end):
            out.append(k)
            continue
        inner = quotes.overlapping_inner((k.content_start, k.content_end))
        before = [q.inner_end for q in inner if q.end <= lo]
        after = [q.inner_start for q in inner if q.start >= hi]
        if not before or not after:  # the parse's own span holds the cue ("what he called ..."): no quote to split
            out.append(k)
            continue
        left, right = max(before), min(after)
        first = _strip_span(raw, k.content_start, min(left, lo))
        second = _strip_span(raw, max(right, hi), k.content_end)
        gap_left = sum(w.isalpha() for w in raw[max(q.end for q in inner if q.end <= lo):lo].split())
        gap_right = sum(w.isalpha() for w in raw[hi:min(q.start for q in inner if q.start >= hi)].split())
        if gap_left + gap_right > MAX_SPLIT_GAP_WORDS:
            # not one quotation around its attribution ('a call for "A" ... calling for "B"'): keep the quotation
            # next to the attribution words, else the side of the cue's own content
            own = [p for p in (first, second) if c.content is not None and _overlap(p, c.content) > 0]
            pieces = [first] if gap_left == 0 else [second] if gap_right == 0 else own[:1] or [second]
        else:
            pieces = [first, second]
        pieces = [(s, e) for s, e in pieces if e > s and any(ch.isalnum() for ch in raw[s:e])]
        if len(pieces) < 2:
            if pieces:
                k.content_start, k.content_end = pieces[0]
                k.quotes = [q for q in k.quotes if q.inner_start < pieces[0][1] and q.inner_end > pieces[0][0]]
            out.append(k)
            continue
        for s, e in pieces:
            part = [q for q in k.quotes if q.inner_start < e and q.inner_end > s]
            out.append(Claim(k.kind, c, s, e, k.paragraph, part, k.check_worthiness, k.reasons, "quote-split"))
    sides: dict[int, list[Claim]] = {}  # quotes found apart either side of one attribution are a split quote too
    for k in out:
        if k.cue is not None and k.rule in ("quote-before-cue", "quote-after-cue"):
            sides.setdefault(id(k.cue), []).append(k)
    for ks in sides.values():
        if len({k.rule for k in ks}) == 2 and len({k.paragraph for k in ks}) == 1:
            for k in ks:
                k.rule = "quote-split"
    return out


def _contained_in_other(claims: Sequence[Claim]):
    """Return f(i, pos): some claim other than claims[i] has content_start <= pos < content_end (bisect, not a scan)."""
    order = sorted(range(len(claims)), key=lambda i: claims[i].content_start)
    starts = [claims[i].content_start for i in order]
    tops: list[tuple[tuple[int, int], tuple[int, int]]] = []  # two largest (content_end, i) of each prefix of order
    first = second = (-1, -1)
    for i in order:
        end = claims[i].content_end
        if end > first[0]:
            first, second = (end, i), first
        elif end > second[0]:
            second = (end, i)
        tops.append((first, second))

    def inside_other(i: int, pos: int) -> bool:
        n = bisect.bisect_right(starts, pos)
        if n == 0:
            return False
        first, second = tops[n - 1]
        return (second if first[1] == i else first)[0] > pos

    return inside_other


def _continues(parsed: ParsedArticle, a: Quote, b: Quote, attributed) -> bool:
    """True when quote ``b`` resumes the sentence of ``a`` after a mid-quote attribution ("...," he said, "...")."""
    if a.last_paragraph != b.paragraph or b.start - a.end > 120:
        return False
    if attributed.get(id(a)) is None or attributed.get(id(a)) is not attributed.get(id(b)):
        return False
    first = parsed.raw_text[b.inner_start:b.inner_end].lstrip(" ….")
    between = parsed.raw_text[a.end:b.start]
    # 'a win." England ... potential "tries"': a quote that ended its sentence is not resumed, unless the words between
    # are an attribution that ends in a comma ('"Why not?" Jones said, "after all ..."')
    ended = parsed.raw_text[a.inner_start:a.inner_end].rstrip()[-1:] in (".", "!", "?") \
        and not between.rstrip().endswith(",")
    return bool(first) and first[0].islower() and not ended and not any(ch in between for ch in ".!?")


def _has_verb(parsed: ParsedArticle, group: Sequence[Quote], index: _ArticleIndex | None = None) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for q in group for _pi, t in _quote_tokens(parsed, q, index))


def _previous_speaker(q: Quote, claims: Sequence[Claim], standalone: Sequence[Quote], attributed,
                      cues: Sequence[Cue] = (), by_para: tuple[dict, dict, dict] | None = None) -> Cue | None:
    """Return the cue of the last attributed claim, quote or speech cue in the paragraphs just before ``q``'s.

    ``by_para`` holds the same cues, claims and quotes grouped by paragraph (``build_claims`` builds it once).
    """
    for back in range(1, PREVIOUS_SPEAKER_PARAGRAPHS + 1):
        target = q.paragraph - back
        best: tuple[int, Cue] | None = None
        if by_para is not None:
            cues, claims, standalone = (by.get(target, ()) for by in by_para)
        # a speech cue of its own: not a verb that only introduces quotations ("before the campaign began,"; those
        # that did introduce one come in with the quotes below), nor one in a relative clause or inside what
        # someone else is reported to say ("Schoen expects that delegates who pledged ... may reconsider")
        reported = [(k.content_start, k.content_end) for k in claims if k.paragraph == target]
        last = _last_cue([c for c in cues if not _quote_only(c.lemma) and c.token.dep_ not in ("relcl", "acl")
                          and not any(a <= c.cue_start < b for a, b in reported)], target, C.SPEAKING_VERBS)
        if last is not None:
            best = (last.cue_start, last)
        for k in claims:
            if k.cue is not None and k.cue.speaker is not None and k.paragraph == target:
                if best is None or k.content_start > best[0]:
                    best = (k.content_start, k.cue)
        for o in standalone:
            cue = attributed.get(id(o))
            if cue is not None and o.last_paragraph == target:
                if best is None or o.start > best[0]:
                    best = (o.start, cue)
        if best is not None:
            return best[1]
    return None


_WORD_STOPS = frozenset("\"“”„«»'‘’([{—–-/,;:.!?")


def _word_start(text: str, s: int) -> int:
    """Move a content start back to the start of its word when the parse cut one ("<script>" is not "script>")."""
    while s > 0 and not text[s - 1].isspace() and text[s - 1] not in _WORD_STOPS:
        s -= 1
    return s


def _strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    """Trim whitespace, and trailing commas or colons, from raw_text[s:e]."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
        e -= 1
    return s, e


# --------------------------------------------------------------------------- rows

def _sentence_table(parsed: ParsedArticle) -> list[tuple[int, int, int, int, object]]:
    """(start, end, paragraph position, sentence number, Span) of each sentence, numbered as
    ``ParsedArticle.sentences`` numbers them (the numbering the mentions' ``sentence`` column uses too)."""
    starts = {id(p.doc): (pi, p.start) for pi, p in enumerate(parsed.paragraphs)}
    out = []
    for _paragraph, k, sent in parsed.sentences():
        pi, start = starts[id(sent.doc)]
        out.append((start + sent.start_char, start + sent.end_char, pi, k, sent))
    return out


def _sentence_locator(table):
    """Return ``pos -> _sentence_of(table, pos)``, by bisect when the sentences are in order (they are in a parse)."""
    spans = [(s, e) for s, e, _pi, _k, _ in table]
    if not _is_chain(spans) or any(row[3] != i for i, row in enumerate(table)):
        return lambda pos: _sentence_of(table, pos)
    starts = [s for s, _ in spans]
    # in order and disjoint, the last sentence starting at or before pos is the one holding it, if any holds it
    return lambda pos: max(bisect.bisect_right(starts, pos) - 1, 0)


def _overlaps_any(spans: Iterable[tuple[int, int]]):
    """Return f(s, e): ``any(_overlap((s, e), c) > 0 for c in spans)``, by bisect over start-sorted spans."""
    spans = sorted((a, b) for a, b in spans if a < b)
    starts = [a for a, _ in spans]
    max_end: list[int] = []
    for _, b in spans:
        max_end.append(max(b, max_end[-1]) if max_end else b)

    def overlaps(s: int, e: int) -> bool:
        n = bisect.bisect_left(starts, e)
        return s < e and n > 0 and max_end[n - 1] > s

    return overlaps


class _SentenceEnts:
    """``sent.ents`` from one pass over each Doc's entities (spaCy's Span.ents walks the whole Doc at every call)."""

    def __init__(self):
        self._doc = None
        self._ents: list = []
        self._starts: list[int] = []

    def __call__(self, sent) -> list:
        if sent.doc is not self._doc:
            self._doc, self._ents = sent.doc, list(sent.doc.ents)
            self._starts = [ent.start for ent in self._ents]
        out = []
        # as Span.ents: from the first entity starting in the sentence, those ending in it, up to the first that does not
        for ent in self._ents[bisect.bisect_left(self._starts, sent.start):]:
            if ent.end > sent.end:
                break
            out.append(ent)
        return out


class _SentenceView:
    """A sentence Span whose ``ents`` were found beforehand; everything else is the Span's own."""

    __slots__ = ("_span", "ents")

    def __init__(self, span, ents: list):
        self._span, self.ents = span, ents

    def __iter__(self):
        return iter(self._span)

    def __len__(self) -> int:
        return len(self._span)

    def __getitem__(self, i):
        return self._span[i]

    def __getattr__(self, name: str):
        return getattr(self._span, name)


def _sentence_of(table, pos: int) -> int:
    for s, e, _pi, k, _ in table:
        if s <= pos < e:
            return k
    before = [k for s, _e, _pi, k, _ in table if s <= pos]
    return before[-1] if before else 0


def claims_for_article(parsed: ParsedArticle, mentions=None, metonyms: dict[str, str] | None = None,
                       assertion_threshold: float = ASSERTION_THRESHOLD) -> list[dict]:
    """Return one row dict per claim (attributed and check-worthy assertions) of one parsed article."""
    mentions = [m for m in _mention_list(mentions) if m.get("article_id", parsed.article_id) == parsed.article_id
                and m.get("kind", "body") in ("body", None) and not pd.isna(m.get("sentence", 0))]
    mentions = _Mentions(mentions)
    raw = parsed.raw_text
    claims, quotes, _cues = build_claims(parsed)
    table = _sentence_table(parsed)
    sentence_of = _sentence_locator(table)
    index = _ArticleIndex(parsed, quotes)
    quote_index = index.quotes
    covered: list[tuple[int, int]] = []
    for k in claims:
        covered.append((k.content_start, k.content_end))
        if k.cue is not None:
            covered.append((k.cue.cue_start, k.cue.cue_end))
    is_covered = _overlaps_any(covered)
    ents_of = _SentenceEnts()
    for s, e, pi, si, sent in table:
        if is_covered(s, e):
            continue
        quoted = quote_index.quoted_chars(s, e)
        if quoted > 0.5 * (e - s):
            continue
        score, reasons = score_sentence(_SentenceView(sent, ents_of(sent)))
        a, b = _strip_span(raw, s, e)
        if score >= assertion_threshold and raw[a:a + 1] not in OPEN_MARKS + CLOSE_MARKS + STRAIGHT + "'‘’":
            claims.append(Claim("assertion", None, a, b, pi, [], score, "; ".join(reasons), rule="assertion"))
    resolved = _SpeakerResolver(parsed, mentions, index, sentence_of, metonyms).resolve(claims)
    rows = []
    by_start = sorted(mentions, key=lambda m: m["start"])
    mention_starts = [m["start"] for m in by_start]
    for k in sorted(claims, key=lambda k: (k.content_start, k.content_end, k.kind)):
        cue = k.cue
        speaker_text = ""
        sp_start = sp_end = cue_start = cue_end = -1
        pos = cue.cue_start if cue is not None else k.content_start
        sentence = sentence_of(pos)
        res = Resolution()
        if cue is not None and cue.speaker is not None:
            sp_start, sp_end = cue.speaker
            speaker_text = raw[sp_start:sp_end]
            res = resolved.get(id(cue)) or res
        how = "continued" if k.inherited and res.actor else res.how
        ref = res.ref if res.actor else None
        if cue is not None:
            cue_start, cue_end = cue.cue_start, cue.cue_end
        targets, target_ids, target_refs = [], [], []
        for m in by_start[bisect.bisect_left(mention_starts, k.content_start):
                          bisect.bisect_left(mention_starts, k.content_end)]:
            aid = str(m.get("actor_id") or "")
            if k.content_start <= m["start"] < k.content_end and m["actor"] and aid != res.actor_id \
                    and aid not in target_ids and str(m.get("text", "")).lower() not in THIRD_PERSON:
                targets.append(str(m["actor"]))
                target_ids.append(aid)
                target_refs.append([int(m["start"]), int(m["end"])])
        rows.append({
            "article_id": parsed.article_id,
            "claim_id": "",
            "kind": k.kind,
            "speaker": res.actor,
            "speaker_actor_id": res.actor_id,

            "speaker_text": speaker_text,
            "speaker_start": sp_start,
            "speaker_end": sp_end,
            "cue": cue.lemma if cue is not None else "",
            "cue_text": raw[cue_start:cue_end] if cue is not None else "",
            "cue_start": cue_start,
            "cue_end": cue_end,
            "content": raw[k.content_start:k.content_end],
            "content_start": k.content_start,
            "content_end": k.content_end,
            "targets": targets,
            "paragraph": parsed.paragraphs[k.paragraph].paragraph,
            "sentence": sentence,
            "check_worthiness": k.check_worthiness if k.kind == "assertion" else float("nan"),
            "reasons": k.reasons,
            "speaker_resolution": how if k.kind != "assertion" else "none",
            "rule": k.rule or ("assertion" if k.kind == "assertion" else ""),
            "target_actor_ids": target_ids,
            "speaker_mention_start": ref[0] if ref else -1,
            "speaker_mention_end": ref[1] if ref else -1,
            "target_mentions": target_refs,
        })
    for n, r in enumerate(rows):
        r["claim_id"] = f"{parsed.article_id}:{n:03d}"
    return rows


def extract_claims(articles: pd.DataFrame, parsed: Iterable[ParsedArticle] | None = None, mentions=None,
                   metonyms: dict[str, str] | None = None) -> pd.DataFrame:
    """Return one row per claim for every ok article: columns CLAIM_COLUMNS, offsets into raw_text."""
    if parsed is None:
        parsed = parse_articles(articles)
    by_article: dict[str, list[dict]] | None = None
    if mentions is not None:
        by_article = {}
        for m in _mention_list(mentions):
            by_article.setdefault(m["article_id"], []).append(m)
    rows: list[dict] = []
    for pa in parsed:
        ms = by_article.get(pa.article_id, []) if by_article is not None else mentions_for_article(pa)
        rows.extend(claims_for_article(pa, ms, metonyms))
    return to_frame(rows)


def to_frame(rows: list[dict]) -> pd.DataFrame:
    """Return claim rows from ``claims_for_article`` as a frame with fixed columns, dtypes and sort order."""
    frame = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    for col in ("speaker_mention_start", "speaker_mention_end"):
        frame[col] = frame[col].fillna(-1)
    for col in ("speaker_start", "speaker_end", "cue_start", "cue_end", "content_start", "content_end",
                "paragraph", "sentence", "speaker_mention_start", "speaker_mention_end"):
        frame[col] = frame[col].astype("int64")
    frame["check_worthiness"] = frame["check_worthiness"].astype("float64")
    for col in ("targets", "target_actor_ids"):
        frame[col] = frame[col].map(lambda t: [str(v) for v in t] if isinstance(t, (list, tuple)) else [])
    frame["target_mentions"] = frame["target_mentions"].map(
        lambda t: [[int(a), int(b)] for a, b in t] if isinstance(t, (list, tuple)) else [])
    frame["speaker_resolution"] = frame["speaker_resolution"].fillna("none").astype(str)
    for col in ("kind", "speaker", "speaker_actor_id", "speaker_text", "cue", "cue_text", "content", "reasons", "rule"):
        frame[col] = frame[col].fillna("").astype(str)

    return frame.sort_values(["article_id", "content_start", "content_end", "kind"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- summaries for notebooks and reports

def count_speaker_targets(claims: pd.DataFrame) -> pd.DataFrame:
    """Return speaker -> target edges: columns speaker, target, n_claims (attributed claims with a known speaker)."""
    cols = ["speaker", "target", "n_claims"]
    if claims.empty:
        return pd.DataFrame(columns=cols)
    known = claims[(claims["kind"] != "assertion") & (claims["speaker"] != "")]
    pairs = [(r.speaker, t) for r in known.itertuples() for t in r.targets]
    if not pairs:
        return pd.DataFrame(columns=cols)
    edges = pd.DataFrame(pairs, columns=["speaker", "target"]).value_counts().rename("n_claims").reset_index()
    return edges.sort_values(["n_claims", "speaker", "target"], ascending=[False, True, True], kind="stable").reset_index(drop=True)


def count_claims_by_speaker(claims: pd.DataFrame) -> pd.DataFrame:
    """Return one row per resolved speaker: columns speaker, speaker_actor_id, direct, indirect, mixed, n_claims."""
    kinds = ["direct", "indirect", "mixed"]
    cols = ["speaker", "speaker_actor_id", *kinds, "n_claims"]
    known = claims[(claims["kind"] != "assertion") & (claims["speaker"] != "")] if not claims.empty else claims
    if known.empty:
        return pd.DataFrame(columns=cols)
    table = known.pivot_table(index=["speaker", "speaker_actor_id"], columns="kind", values="claim_id",
                              aggfunc="count", fill_value=0)
    table = table.reindex(columns=kinds, fill_value=0).reset_index()
    table.columns.name = None
    table["n_claims"] = table[kinds].sum(axis=1)
    return table.sort_values(["n_claims", "speaker"], ascending=[False, True], kind="stable").reset_index(drop=True)[cols]


def rank_check_worthy(claims: pd.DataFrame, n: int | None = None) -> pd.DataFrame:
    """Return the story's own check-worthy statements ranked (``helpers.checkworthy.rank_statements``), optionally the top ``n``.

    Quoted or attributed sentences are left out; ties of score are broken by the number of signals, then
    specificity (numbers and actors named), then the shorter sentence; ``rank`` counts from 1.
    """
    from .checkworthy import rank_statements

    assertions = claims[claims["kind"] == "assertion"] if not claims.empty else claims
    ranked = rank_statements(assertions)
    return (ranked.head(n) if n else ranked).reset_index(drop=True)


def join_actors(claims: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Return claims whose speaker and targets are named by the mentions they point at (joined once, by offsets).

    Identity is decided once: a claim keeps the offsets of the mention naming its speaker (``speaker_mention_start``/
    ``_end``: the name itself, a pronoun's antecedent, a nominal's referent) and of each target (``target_mentions``);
    here they are joined on (article_id, start, end) to the mentions frame after the corpus-level actor merge, so
    "Trump" merged into "Donald Trump" across the corpus is renamed with it. No name is matched a second time; a
    claim whose mention is not in the frame keeps what it had. Targets that became the speaker are dropped.
    """
    if claims.empty or mentions is None or mentions.empty or "speaker_mention_start" not in claims:
        return claims
    key = {(a, int(s), int(e)): (str(i), str(n)) for a, s, e, i, n in
           zip(mentions["article_id"], mentions["start"], mentions["end"], mentions["actor_id"], mentions["actor"])}
    out = claims.copy()
    ids, names, t_names, t_ids, t_refs = [], [], [], [], []
    for r in zip(out["article_id"], out["speaker_mention_start"], out["speaker_mention_end"], out["speaker_actor_id"],
                 out["speaker"], out["targets"], out["target_actor_ids"], out["target_mentions"]):
        aid, s, e, sid, sname, targets, tids, refs = r
        sid, sname = key.get((aid, int(s), int(e)), (sid, sname)) if s >= 0 else (sid, sname)
        ids.append(sid)
        names.append(sname)
        seen, tn, ti, tr = set(), [], [], []
        for name, tid, ref in zip(targets, tids, refs):
            tid, name = key.get((aid, int(ref[0]), int(ref[1])), (tid, name))
            if tid in seen or (tid and tid == sid):
                continue
            seen.add(tid)
            tn.append(name)
            ti.append(tid)
            tr.append(list(ref))
        t_names.append(tn)
        t_ids.append(ti)
        t_refs.append(tr)
    out["speaker_actor_id"], out["speaker"] = ids, names
    out["targets"], out["target_actor_ids"], out["target_mentions"] = t_names, t_ids, t_refs
    return out


def apply_actor_merge(claims: pd.DataFrame, before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Return claims with speakers and targets renamed the way a corpus-level actor merge renamed the mentions.

    Superseded in the profile by ``join_actors``, which names speakers and targets from the mentions they point at;
    this renames by (article, actor id) and by name, for claims frames that have no mention offsets.

    ``before`` and ``after`` are the mention frames before and after the merge (matched on article_id, start, end);
    claims are resolved per article, so a one-word "Trump" merged into "Donald Trump" across the corpus is
    renamed here too.
    """
    if claims.empty or before.empty or after.empty:
        return claims
    key = ["article_id", "start", "end"]
    pairs = before[key + ["actor_id", "actor"]].merge(after[key + ["actor_id", "actor"]], on=key, suffixes=("", "_new"))
    ids: dict[tuple[str, str], tuple[str, str]] = {}
    names: dict[tuple[str, str], str] = {}
    for r in pairs.itertuples(index=False):
        ids[(r.article_id, r.actor_id)] = (r.actor_id_new, r.actor_new)
        names[(r.article_id, r.actor)] = r.actor_new
    out = claims.copy()
    new = [ids.get((a, i), (i, s)) if i else (i, s) for a, i, s in zip(out["article_id"], out["speaker_actor_id"], out["speaker"])]
    out["speaker_actor_id"] = [n[0] for n in new]
    out["speaker"] = [n[1] for n in new]
    out["targets"] = [list(dict.fromkeys(names.get((a, t), t) for t in ts)) for a, ts in zip(out["article_id"], out["targets"])]
    return out
