"""Pathological inputs: very long articles and a paragraph over spaCy's max_length.

Results, not timings, are checked here (benchmarks/pathological.py times them):
- a paragraph over the parse limit is parsed in pieces with the right offsets, paragraph and sentence numbers,
  and every rule runs on them (a blank pipeline with a sentencizer keeps the 1.5 MB case quick);
- a long article made of independent parts gives the claims, mentions and readability rows of its parts;
- the bisect indexes that replaced the linear scans in claims answer exactly as the scans do.
"""
from __future__ import annotations

import bisect
import math
import random

import pytest
import spacy

from helpers import claims as C
from helpers.actors import mentions_for_article
from helpers.claims import claims_for_article
from helpers.nlp import (MAX_PARSE_CHARS, PIECE_CHARS, ParsedArticle, ParsedParagraph, load_nlp, parse_tasks,
                         split_for_parse)
from helpers.paths import SEEDS_DIR
from helpers.readability import score_parsed_article

GIANT_SENTENCES = [
    "“They’re big talks. It’s going to be very easy,” Vladimir Putin told reporters on Monday.",
    "Kremlin spokesman Dmitry Peskov said the delegation would stay in Geneva for two days.",
    'Volodymyr Zelensky said the talks were "a chance to end the war" and urged patience.',
    "Markets opened a little higher as traders waited for news from Switzerland.",
]


def giant_paragraph(chars: int) -> str:
    """One paragraph (no line break) of about ``chars`` characters, from a few sentences with quotes and names."""
    out, n, k = [], 0, 0
    while n < chars:
        s = GIANT_SENTENCES[k % len(GIANT_SENTENCES)]
        out.append(s)
        n += len(s) + 1
        k += 1
    return " ".join(out)


@pytest.fixture(scope="module")
def blank_nlp():
    """A blank English pipeline with a sentencizer and a rule for two names: fast enough for megabytes of text."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Vladimir Putin"},
                        {"label": "PERSON", "pattern": "Dmitry Peskov"}])
    return nlp


@pytest.fixture(scope="module")
def giant(blank_nlp):
    """A 1.5 MB paragraph between two short ones, parsed: (raw_text, spans, ParsedArticle)."""
    para = giant_paragraph(1_500_000)
    raw = "A title\n\nIt began quietly.\n\n" + para + "\n\nIt ended quietly."
    s1 = raw.index("It began")
    s2 = raw.index(para)
    s3 = raw.index("It ended")
    spans = [("title", 0, 7), ("body", s1, s1 + 17), ("body", s2, s2 + len(para)), ("body", s3, len(raw))]
    (parsed,) = parse_tasks([("giant", raw, spans)], blank_nlp)
    return raw, spans, parsed


@pytest.fixture(scope="module")
def split_small():
    """The same shape at a small scale (a 60,000-character paragraph, a pipeline whose limit is 20,000), so the rules'
    check on a split paragraph stays quick: (raw_text, spans, ParsedArticle)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PERSON", "pattern": "Vladimir Putin"},
                                               {"label": "PERSON", "pattern": "Dmitry Peskov"}])
    nlp.max_length = 20_000
    para = giant_paragraph(60_000)
    raw = "A title\n\nIt began quietly.\n\n" + para + "\n\nIt ended quietly."
    s1, s2, s3 = raw.index("It began"), raw.index(para), raw.index("It ended")
    spans = [("title", 0, 7), ("body", s1, s1 + 17), ("body", s2, s2 + len(para)), ("body", s3, len(raw))]
    (parsed,) = parse_tasks([("giant", raw, spans)], nlp)
    assert sum(p.paragraph == 1 for p in parsed.paragraphs) > 1  # really split
    return raw, spans, parsed


# --------------------------------------------------------------------------- splitting


def test_split_for_parse_keeps_a_short_text_whole():
    assert split_for_parse("One sentence. Two.", 100) == [(0, "One sentence. Two.")]
    assert split_for_parse("", 100) == [(0, "")]


def test_split_for_parse_cuts_after_sentence_ends_and_joins_back():
    text = " ".join(f"Sentence number {i} is here." for i in range(400))
    pieces = split_for_parse(text, 1000)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 1000 for _, p in pieces)
    assert [off for off, _ in pieces] == [sum(len(p) for _, p in pieces[:k]) for k in range(len(pieces))]
    for _, piece in pieces[:-1]:
        assert piece.endswith(". ")  # the cut goes after the space that follows a full stop
        assert len(piece) > 500  # and in the second half of the window


def test_split_for_parse_prefers_a_cut_outside_quotation_marks():
    quoted = "“" + " ".join("We will talk. We will win." for _ in range(10)) + "”"
    text = "He spoke. " * 30 + quoted + " He left. " * 30
    pieces = split_for_parse(text, 600)
    assert "".join(p for _, p in pieces) == text
    for off, piece in pieces[:-1]:
        end = off + len(piece)
        assert not (text.index("“") < end <= text.index("”")), "cut inside the quotation"


def test_split_for_parse_falls_back_to_whitespace_then_to_the_limit():
    words = " ".join(["word"] * 1000)  # no sentence end at all
    pieces = split_for_parse(words, 300)
    assert "".join(p for _, p in pieces) == words
    assert all(p.endswith(" ") for _, p in pieces[:-1])
    blob = "x" * 1000  # not even whitespace
    pieces = split_for_parse(blob, 300)
    assert [len(p) for _, p in pieces] == [300, 300, 300, 100]


# --------------------------------------------------------------------------- a paragraph over max_length


def test_a_paragraph_over_max_length_is_parsed_in_pieces(giant, blank_nlp):
    raw, spans, parsed = giant
    assert len(raw) > blank_nlp.max_length  # a single nlp() call on it raises E088
    pieces = [p for p in parsed.paragraphs if p.paragraph == 1]
    assert len(pieces) >= 1_500_000 // PIECE_CHARS
    assert [p.paragraph for p in parsed.paragraphs] == [0] + [1] * len(pieces) + [2]
    start, end = spans[2][1], spans[2][2]
    assert pieces[0].start == start
    for a, b in zip(pieces, pieces[1:]):
        assert a.start + len(a.doc.text) == b.start  # contiguous
    assert pieces[-1].start + len(pieces[-1].doc.text) == end
    for p in parsed.paragraphs:
        assert len(p.doc.text) <= PIECE_CHARS
        assert raw[p.start:p.start + len(p.doc.text)] == p.doc.text
    for p in pieces[:-1]:
        assert p.doc.text.endswith(". ")  # cut at sentence ends
    assert [kind for kind, _ in parsed.extras] == ["title"]


def test_a_paragraph_under_the_limit_is_parsed_whole(blank_nlp):
    para = giant_paragraph(MAX_PARSE_CHARS - 1_000)  # longer than a piece, shorter than the limit: as ever
    (parsed,) = parse_tasks([("a", para, [("body", 0, len(para))])], blank_nlp)
    assert [(p.paragraph, p.start, p.doc.text) for p in parsed.paragraphs] == [(0, 0, para)]


def test_pieces_go_to_spacy_one_per_batch(blank_nlp):
    calls = []

    class Recorder:
        max_length = blank_nlp.max_length

        def pipe(self, texts, as_tuples, batch_size, n_process):
            items = list(texts)
            calls.append((len(items), batch_size))
            return ((blank_nlp.make_doc(text), context) for text, context in items)

    short = "A short paragraph."
    long = giant_paragraph(MAX_PARSE_CHARS + 10_000)
    raw = "\n\n".join([short, long, short, short])
    starts = [0, len(short) + 2, len(short) + len(long) + 4, 2 * len(short) + len(long) + 6]
    spans = [("body", s, s + len(t)) for s, t in zip(starts, [short, long, short, short])]
    parsed, other = parse_tasks([("a", raw, spans), ("b", short, [("body", 0, len(short))])], Recorder(), batch_size=64)
    n_pieces = len(parsed.paragraphs) - 3
    assert n_pieces == len(split_for_parse(long, PIECE_CHARS))
    assert calls == [(1, 64), (n_pieces, 1), (3, 64)]  # the stream stays in order: a, its pieces, the rest, b
    assert [p.paragraph for p in parsed.paragraphs] == [0] + [1] * n_pieces + [2, 3]
    assert [(p.paragraph, p.doc.text) for p in other.paragraphs] == [(0, short)]


def test_rules_run_on_a_split_paragraph(split_small):
    raw, _spans, parsed = split_small
    mentions = mentions_for_article(parsed)
    assert {m["actor"] for m in mentions} == {"Vladimir Putin", "Dmitry Peskov"}
    starts = [p.start + s.start_char for p in parsed.paragraphs for s in p.doc.sents]  # article-wide sentence order
    for m in mentions:
        assert raw[m["start"]:m["end"]] == m["text"]
        assert m["paragraph"] == 1
        # the sentence number is the article-wide index of the sentence that holds the mention
        assert m["sentence"] == bisect.bisect_right(starts, m["start"]) - 1
    claims = claims_for_article(parsed, mentions)
    assert claims
    for c in claims:
        assert raw[c["content_start"]:c["content_end"]] == c["content"]
    assert {c["paragraph"] for c in claims} <= {0, 1, 2}
    paragraphs = score_parsed_article(parsed, "paragraph")
    assert [r["paragraph"] for r in paragraphs] == [0, 1, 2]  # one row per paragraph, pieces joined
    assert paragraphs[1]["text"] == raw[paragraphs[1]["start"]:paragraphs[1]["end"]]
    assert len(paragraphs[1]["text"]) > 60_000
    assert paragraphs[1]["nlp_sentences"] == sum(1 for p in parsed.paragraphs if p.paragraph == 1 for _ in p.doc.sents)


def test_sentence_rows_of_a_split_paragraph_point_into_raw_text(blank_nlp):
    para = giant_paragraph(30_000)
    raw = para + "\n\nThe end."
    spans = [("body", 0, len(para)), ("body", len(para) + 2, len(raw))]
    (parsed,) = parse_tasks([("a", raw, spans)], blank_nlp, max_chars=5_000)
    assert len(parsed.paragraphs) > 6
    rows = score_parsed_article(parsed, "sentence")
    assert [r["sentence"] for r in rows] == list(range(len(rows)))
    for r in rows:
        assert raw[r["start"]:r["end"]] == r["text"]
    assert {r["paragraph"] for r in rows} == {0, 1}


def test_parse_limit_follows_a_smaller_max_length():
    nlp = spacy.blank("en")
    nlp.max_length = 2_000
    text = giant_paragraph(9_000)
    (parsed,) = parse_tasks([("a", text, [("body", 0, len(text)), ("caption", 0, len(text))])], nlp)
    assert all(len(p.doc.text) <= 2_000 for p in parsed.paragraphs)
    assert "".join(p.doc.text for p in parsed.paragraphs) == text
    (kind, cap), = parsed.extras  # a caption over the limit: its first piece only
    assert kind == "caption" and cap.start == 0 and text.startswith(cap.doc.text) and len(cap.doc.text) <= 2_000


# --------------------------------------------------------------------------- a long article is the sum of its parts

SEPARATOR = [  # no names, quotes or speech: nothing in a part reaches into the next (speakers look 2 paragraphs back)
    "The weather in the region was mild for the season. Markets opened a little higher. "
    "Traffic was light on the main roads. Schools were closed for the holiday.",
    "The meeting room was booked for two days. The menu was not published. "
    "Tickets for the public gallery sold out. The lights stayed on late.",
]


@pytest.fixture(scope="module")
def seed_docs():
    from helpers import load_articles

    row = load_articles(SEEDS_DIR / "000_4eff886acbd5aaa1.txt").iloc[0]
    body = [row["raw_text"][s:e] for kind, s, e in row["spans"] if kind == "body"]
    nlp = load_nlp()
    return body, {t: nlp(t) for t in body + SEPARATOR}


def _article(aid: str, paras: list[str], docs) -> ParsedArticle:
    raw, out, pos = "\n\n".join(paras), [], 0
    for i, text in enumerate(paras):
        out.append(ParsedParagraph(i, pos, docs[text].copy()))
        pos += len(text) + 2
    return ParsedArticle(aid, raw, out)


def _plain(rows: list[dict], drop=("claim_id",)) -> list[dict]:
    return [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items() if k not in drop}
            for r in rows]


def _shift(row: dict, off: int, poff: int, soff: int) -> dict:
    """A part's row as the long article's: offsets (start, end, *_start, *_end; -1 is none), paragraph and sentence."""
    row = dict(row, article_id="long")
    for f, v in row.items():
        if (f in ("start", "end") or f.endswith(("_start", "_end"))) and isinstance(v, int) and v >= 0:
            row[f] = v + off
    if row.get("target_mentions"):
        row["target_mentions"] = [[s + off, e + off] for s, e in row["target_mentions"]]
    if row.get("paragraph") is not None:
        row["paragraph"] += poff
    if row.get("sentence") is not None:
        row["sentence"] += soff
    return row


def test_long_article_gives_the_rows_of_its_parts(seed_docs):
    body, docs = seed_docs
    parts_text = [body[r:] + body[:r] + SEPARATOR for r in range(8)]  # every rotation of the seed's paragraphs
    parts = [_article(f"part{r}", paras, docs) for r, paras in enumerate(parts_text)]
    long = _article("long", [t for paras in parts_text for t in paras], docs)
    exp_mentions, exp_claims, exp_sent, exp_para = [], [], [], []
    off = poff = soff = 0
    for pa in parts:
        mentions = mentions_for_article(pa)
        exp_mentions += [_shift(m, off, poff, soff) for m in mentions]
        exp_claims += [_shift(c, off, poff, soff) for c in claims_for_article(pa, mentions)]
        exp_sent += [_shift(r, off, poff, soff) for r in score_parsed_article(pa, "sentence")]
        exp_para += [_shift(r, off, poff, soff) for r in score_parsed_article(pa, "paragraph")]
        off += len(pa.raw_text) + 2
        poff += len(pa.paragraphs)
        soff += sum(1 for _ in pa.sentences())
    mentions = mentions_for_article(long)
    assert _plain(mentions) == _plain(exp_mentions)
    claims = claims_for_article(long, mentions)
    assert len(claims) > 100 and {c["kind"] for c in claims} >= {"direct", "indirect", "assertion"}
    assert _plain(claims) == _plain(exp_claims)
    assert [c["claim_id"] for c in claims] == [f"long:{n:03d}" for n in range(len(claims))]
    assert _plain(score_parsed_article(long, "sentence")) == _plain(exp_sent)
    assert _plain(score_parsed_article(long, "paragraph")) == _plain(exp_para)


# --------------------------------------------------------------------------- the indexes answer as the scans do


def _random_quotes(rng: random.Random, n: int) -> list[C.Quote]:
    out, pos = [], 0
    for k in range(n):
        pos += rng.randint(0, 30)
        end = pos + rng.randint(1, 40)
        out.append(C.Quote(pos, end, pos + 1, max(pos + 1, end - 1), k, k, True, False))
        pos = end
    return out


@pytest.mark.parametrize("disjoint", [True, False])
def test_quote_index_matches_the_linear_scans(disjoint):
    rng = random.Random(7)
    quotes = _random_quotes(rng, 60)
    if not disjoint:  # hand-built lists may overlap or be out of order: the index falls back to the scans
        quotes = quotes + [C.Quote(50, 400, 51, 399, 0, 0, True, False)]
        rng.shuffle(quotes)
    index = C._QuoteIndex(quotes)
    top = max(q.end for q in quotes) + 20
    for pos in range(-2, top):
        assert index.covers(pos) == C._in_quote(pos, quotes)
    for _ in range(500):
        a = rng.randint(-5, top)
        b = a + rng.randint(-3, 80)
        assert index.overlapping_inner((a, b)) == [q for q in quotes
                                                   if C._overlap((q.inner_start, q.inner_end), (a, b)) > 0]
        assert index.quoted_chars(a, b) == sum(max(0, min(b, q.end) - max(a, q.start)) for q in quotes)
    for q in quotes:
        assert index.index(q) == quotes.index(q)


def test_span_look_ups_match_the_linear_scans():
    rng = random.Random(11)
    spans = [(a, a + rng.randint(-2, 50)) for a in (rng.randint(0, 2000) for _ in range(300))]
    overlaps = C._overlaps_any(spans)
    for _ in range(2000):
        s = rng.randint(-10, 2100)
        e = s + rng.randint(-5, 60)
        assert overlaps(s, e) == any(C._overlap((s, e), c) > 0 for c in spans)
    claims = [C.Claim("direct", None, a, b, 0) for a, b in spans]
    inside_other = C._contained_in_other(claims)
    for i, k in enumerate(claims):
        for pos in (k.content_start, k.content_end - 1, rng.randint(0, 2100)):
            assert inside_other(i, pos) == any(o is not k and o.content_start <= pos < o.content_end for o in claims)


def test_sentence_locator_matches_the_scan():
    table, pos = [], 0
    rng = random.Random(3)
    for k in range(200):
        pos += rng.randint(0, 3)
        end = pos + rng.randint(0, 40)
        table.append((pos, end, 0, k, None))
        pos = end
    locate = C._sentence_locator(table)
    for p in range(-3, pos + 5):
        assert locate(p) == C._sentence_of(table, p)
    shuffled = table[:]
    rng.shuffle(shuffled)
    locate = C._sentence_locator(shuffled)  # out of order: falls back to the scan
    assert all(locate(p) == C._sentence_of(shuffled, p) for p in range(0, pos, 7))


def test_sentence_entities_match_spacy(seed_docs):
    from helpers.checkworthy import score_sentence

    _body, docs = seed_docs
    ents_of = C._SentenceEnts()
    n = 0
    for doc in docs.values():
        for sent in doc.sents:
            assert ents_of(sent) == list(sent.ents)
            assert score_sentence(C._SentenceView(sent, ents_of(sent))) == score_sentence(sent)
            n += bool(sent.ents)
    assert n > 10


def test_mention_look_ups_match_the_linear_scans():
    rng = random.Random(5)
    mentions, pos = [], 0
    types = ["person", "organisation", "place", "group"]
    names = ["Trump", "Putin", "Moscow", "Kremlin", "Russia", "he", "they"]
    for k in range(400):
        pos += rng.randint(1, 60)
        name = rng.choice(names)
        mentions.append({"start": pos, "end": pos + rng.randint(1, 25), "sentence": pos // 150, "text": name,
                         "actor": name, "actor_id": f"x:{name}", "type": rng.choice(types),
                         "is_subject": rng.random() < 0.5})
    rng.shuffle(mentions)
    indexed = C._Mentions(mentions)
    assert list(indexed) == mentions
    for _ in range(600):
        start = rng.randint(0, pos)
        end = start + rng.randint(0, 40)
        head = rng.choice([None, start])
        sentence = start // 150 + rng.randint(-1, 1)
        assert C._actor_at(indexed, start, end, head) is C._actor_at(mentions, start, end, head)
        for word in ("he", "they", "it"):
            assert C._resolve_pronoun(word, start, sentence, indexed) is C._resolve_pronoun(word, start, sentence, mentions)
    for name in names + ["nobody"]:
        assert C._actor_named(indexed, name) is C._actor_named(mentions, name)
    no_sentence = [{k: v for k, v in m.items() if k != "sentence"} for m in mentions[:50]]
    indexed = C._Mentions(no_sentence)  # no sentence numbers: the pronoun look-up falls back to the whole list
    assert C._resolve_pronoun("he", pos, 3, indexed) is C._resolve_pronoun("he", pos, 3, no_sentence)
