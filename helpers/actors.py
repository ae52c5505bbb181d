"""Actor mentions: who is in the story (people, organisations, places, groups), under every name, with roles.

Built on the shared spaCy parse (``helpers.nlp.parse_articles``): named entities are the candidates, then
general rules correct what the small model gets wrong and merge the names one actor goes by. This module is the
public face (``mentions_for_article``, ``extract_mentions``, ``to_frame``, ``summarize_actors``, ...); the rules
live in ``actor_candidates`` (1, 2, 8), ``actor_roles`` (3), ``actor_grouping`` (4-7), ``actor_merge`` (9, 10),
``actor_gender`` (11) and their words in ``helpers/data/actors.toml`` (``actor_words``).

Rules, in order (tests/test_actors.py and tests/test_gender.py test each on constructed text or synthetic mentions):
1. Candidates: PERSON, ORG, GPE, LOC, FAC and NORP entities of body paragraphs, and of the title and caption
   when the article row is given, plus gazetteer places and all-capitals acronyms ("GRU") the model left
   untagged. A leading "the"/"a", possessives ("Trump's"), brackets and stray punctuation are trimmed;
   "Green Party's Jill Stein" is split into owner and owned; "Manchester" + "United" tagged apart are one name;
   leading titles inside the entity ("President Donald Trump") move to ``role``; bracketed or bare abbreviated
   titles ("MP"), lower-case or function words only ("Of"), party tags ("D-Va."), units after numbers ("1900
   GMT"), generic acronyms ("super PAC") and offices in titles ("secretary of State") are not names.
2. Names linked without NER: once the article's people are grouped, a capitalised word or run of words that is a
   form of one of them (a full name, a surname, a given name only one of them has, after any titles) is that
   person wherever it stands, where the model tagged nothing ('"...," Green told TMOF', "said Roenick");
   ``link`` says how each mention was found (ner, gazetteer, acronym, credit, name-form).
3. Roles: the words right before a name, up to a verb, determiner, punctuation or another person ("Kremlin
   spokesman", "Trump's son-in-law"), and appositives whose head is a role word (``helpers.actor_roles``).
   Headlines and title-case runs of words ("Daughter Of Eric Garner Says ...") give no roles; in a first
   sentence that may begin with a headline the loader left in the body, only the titles next to the name
   ("Budget spree Chancellor Gordon Brown" -> "Chancellor").
4. Glued names: a name glued to headline or capitalised words is cut back to a name the article uses ("Derelict
   Obama" in a headline, "Will Sanders", "Floridians Jeb Bush", "Universe Alicia Machado", "Yukos Russia's").
5. Within an article, names are grouped: gazetteer names to their canonical place ("U.S.", "US", "America" ->
   "United States") or organisation ("FBI" -> "Federal Bureau of Investigation"); a person name that is the
   surname, the first name, or a shortened form of a longer person name joins it ("Trump" -> "Donald Trump").
   When two people share a surname, a title one of them carries decides ("President Clinton"); else the nearest
   full name earlier in its paragraph, else in the two paragraphs before (unless introduced as a relative: "his
   wife, Heidi Cruz"), else the most mentioned, and the title of that mention is dropped; "Mrs."/"Mr." and
   common first names rule out the other sex. An acronym joins the organisation whose initials it spells or that
   it follows in brackets; a one-word organisation joins the one organisation it ends ("United"). A user alias
   table (dict or CSV) overrides all of this.
6. Type by vote within each group: each spaCy label is one vote (two for a multi-word PERSON); a role or
   honorific is three votes for person; an organisation word in the name ("Fund", "Party") or an all-caps
   acronym is two votes for organisation; a bare surname tagged ORG does not vote once the full name is a person.
   A full name tagged ORG is a person if its surname alone is tagged PERSON or titled, or if it starts with a
   common first name. A gazetteer name is a place unless an honorific or a longer person name claims it; seats of
   power ("Kremlin", "White House") are organisations. Then the cues (``typed_by``): a person without a title,
   human verb, known given name or several name forms whose name ends in an organisation word ("Patriot Coal",
   "Manchester United") or follows an organisation noun ("oil giant Yukos") is an organisation; a name ending in
   an event word ("Davis Cup", "Champions League") is no actor; a place the gazetteer does not know that is
   bought or sold ("the sale of Yugansk") is a company.
7. A city acting as a sports team ("Liverpool have won", "Liverpool boss", "Newcastle v Tottenham", "M Tait
   (Newcastle)") is the club: it joins the club named with it ("Madrid" -> "Real Madrid"), else becomes an
   organisation under its name; a country stays the country (national teams count as their country).
8. NORP words become group actors only when they head a noun phrase ("Republicans") or modify a group noun
   ("Russian delegates"); credit lines give the agency (``kind`` "credit"), never the photographer; an actor
   named only in the caption is dropped; boilerplate and newsroom credits ("Reporting by ...") are never read.
9. Across a corpus (``to_frame``/``merge_across_articles``), ``actor_id`` is ``type:slug`` of the canonical name,
   so the same name merges. A name typed differently across articles takes the one type with evidence ("Yukos",
   "Trump" typed an organisation by its label only). People: "Donald J. Trump" and "Hillary Rodham Clinton"
   join the plain first-and-last form when it is at least INITIALS_MERGE_RATIO times as frequent; a bare surname
   joins the full name holding SURNAME_DOMINANCE (80%) of the mentions of the full names ending with it ("Obama"
   -> "Barack Obama" beside "Michelle Obama"), a bare given name the one full name starting with it (named at
   least GIVEN_NAME_MIN_MENTIONS times); never a name of the other gender, never two full names ("Eric Garner",
   "Erica Garner"); ``unmerged_names`` lists the bare names left apart, for review.
10. Things, not actors, are dropped: names typed by label or shape only, with AGENT_MIN_MENTIONS mentions or more,
   of which at most AGENT_MAX_SHARE are subjects, possessors or addressees ("ID cards", "HIV infection",
   "Oscar-winning"), or organisations a person has in OWNED_MIN_SHARE of them ("his Budget", "Mr Brown's Budget").
11. Gender of people (``Settings.gender``, on by default): honorifics ("Mrs.", "Sir"), gendered roles and relatives
   ("spokeswoman", "wife") and given names classified by nomquamgender at its own threshold; conflicting or
   missing evidence is ``unknown``. Each mention carries its actor's within-article ``gender`` and
   ``gender_evidence``; the actors summary combines the articles (``corpus_gender``).

It does not resolve pronouns ("he"), common-noun references ("the president") or metonymy (the claims
helper maps "Moscow" to Russia through ``helpers.gazetteer.metonym_table``).
"""
from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from . import actor_words as W
from .actor_candidates import (  # noqa: F401  (re-exported: the rules' names stay importable from here)
    ACTOR_TYPES,
    LABEL_TYPE,
    STAFF_CREDIT_MAX_WORDS,
    _campaign_mentions,
    _candidates_from_doc,
    _credit_mentions,
    _Mention,
    _name_form_mentions,
    _Taken,
    _tokens,
    is_staff_credit,
)
from .actor_gender import decide, given_name_evidence
from .actor_grouping import _Actor, _group_article, _name_forms  # noqa: F401
from .actor_merge import (  # noqa: F401
    AGENT_MAX_SHARE,
    AGENT_MIN_MENTIONS,
    GENDER_EVIDENCE_ITEMS,
    GIVEN_NAME_MIN_MENTIONS,
    INITIALS_MERGE_RATIO,
    OWNED_MIN_SHARE,
    SUMMARY_COLUMNS,
    SURNAME_DOMINANCE,
    UNIFY_MIN_ARTICLES,
    cooccurrence,
    corpus_gender,
    make_actor_id,
    merge_across_articles,
    summarize_actors,
    unmerged_names,
)
from .gazetteer import QUOTES as _QUOTES
from .gazetteer import load_gazetteer, metonym_table, normalize_key, resolve_metonym, slugify  # noqa: F401
from .nlp import ParsedArticle, load_nlp, parse_articles

MENTION_COLUMNS = [
    "article_id", "actor_id", "actor", "type", "text", "start", "end", "paragraph", "sentence", "role", "kind",
    "link", "syntax", "typed_by", "gender", "gender_evidence",
]


def __getattr__(name: str):
    """The rule word sets (ROLE_WORDS, HONORIFICS, ORG_WORDS, ...) live in ``helpers.actor_words``, read on first use."""
    try:
        return getattr(W, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


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


def _article_texts(parsed: ParsedArticle, article: Mapping | None) -> tuple[list[_Mention], list[tuple]]:
    """Return the credit mentions and the parsed texts (doc, offset, kind, paragraph, sentence index) of an article."""
    credits: list[_Mention] = []
    texts: list[tuple] = []
    shared = {(kind, para.start): para.doc for kind, para in parsed.extras}
    extras = _article_extras(article)
    # a table row whose headline the loader could not split off, or split off on the same line (a guess): its
    # first sentence may start with (the rest of) the headline
    raw = parsed.raw_text
    fused = article is not None and not any(kind == "title" and "\n" in raw[end:end + 2] for kind, _, end in
                                            ((k, s, s + len(t)) for k, s, t in extras))
    for kind, start, text in extras:
        if kind == "credit":
            credits.extend(_credit_mentions(text, start))
        elif text.strip():
            doc = shared.get((kind, start))
            texts.append((doc if doc is not None else load_nlp()(text), start, kind, None, None, None))
    # per parsed paragraph (or piece of one): sentence start token -> sentence index within the article, numbered by
    # ParsedArticle.sentences() as every other step numbers them
    by_doc: dict[int, dict[int, int]] = {id(para.doc): {} for para in parsed.paragraphs}
    for _paragraph, k, sent in parsed.sentences():
        by_doc[id(sent.doc)][sent.start] = k
    for para in parsed.paragraphs:
        idx = by_doc[id(para.doc)]
        if not is_staff_credit(para.text):  # "(Reporting by ...; Editing by ...)": the newsroom, not the story
            lead = 0 if fused and para.paragraph == 0 and para.start == parsed.paragraphs[0].start else None
            texts.append((para.doc, para.start, "body", para.paragraph, idx, lead))
    return credits, texts


_KIND_RANK = {"title": 0, "caption": 1, "credit": 2, "body": 3}


def _in_reading_order(cands: list[_Mention]) -> list[_Mention]:
    """Sort candidates title, caption, credit, body, then by offset, and number them (``order``)."""
    cands.sort(key=lambda m: (_KIND_RANK[m.kind], m.start))
    for i, m in enumerate(cands):
        m.order = i
    return cands


def mentions_for_article(
    parsed: ParsedArticle,
    alias_table: str | Path | Mapping | None = None,
    article: Mapping | None = None,
    gender: bool = True,
) -> list[dict]:
    """Return one row dict per actor mention of one parsed article (title/caption/credit too if ``article`` is given).

    ``article`` is the article's row (or any mapping with ``raw_text`` and ``spans``); its title and
    caption come from the shared parse (``parsed.extras``), or are parsed here with the default model
    when the parse did not include them. ``gender=False`` leaves every person's gender unknown.
    """
    table = load_alias_table(alias_table)  # idempotent: an already loaded table passes through
    credits, texts = _article_texts(parsed, article)
    cands = list(credits)
    for text in texts:
        cands.extend(_candidates_from_doc(*text))
    actors = _group_article(_in_reading_order(cands), table)
    forms = _name_forms(actors)
    taken = _Taken(cands) if forms else None
    found = [m for text in texts for m in _name_form_mentions(*text, forms, taken)] if forms else []
    if found:  # names the model missed: group again with them
        actors = _group_article(_in_reading_order(cands + found), table)
    people = sorted((m.start, m.end, a.name.split()[-1]) for a in actors if a.type == "person" for m in a.mentions)
    campaigns = [m for text in texts for m in _campaign_mentions(*text, people)] if people else []
    if campaigns:  # "the Trump campaign": an organisation of its own, beside the person
        actors = _group_article(_in_reading_order(cands + found + campaigns), table)
    rows = []
    for actor in actors:
        if all(m.kind == "caption" for m in actor.mentions):
            continue  # someone only pictured is not in the story; caption mentions count for actors who are
        rows.extend(_actor_rows(parsed.article_id, actor, gender))
    rows.sort(key=lambda r: (r["start"], r["end"], r["actor_id"]))
    return rows


def _actor_rows(article_id: str, actor: _Actor, gender: bool) -> list[dict]:
    """The mention rows of one actor of an article."""
    aid, person = make_actor_id(actor.name, actor.type), actor.type == "person"
    sex, evidence = _actor_gender(actor) if person and gender else (("unknown", "") if person else (None, None))
    return [{
        "article_id": article_id,
        "actor_id": aid,
        "actor": actor.name,
        "type": actor.type,
        "text": m.text,
        "start": m.start,
        "end": m.end,
        "paragraph": m.paragraph,
        "sentence": m.sentence,
        "role": "; ".join(dict.fromkeys(r.translate(_QUOTES) for r in m.roles)) if m.roles and person else None,
        "kind": m.kind,
        "link": m.link,
        "syntax": m.syntax,
        "typed_by": actor.typed_by,
        "gender": sex,
        "gender_evidence": evidence,
    } for m in actor.mentions]


def _actor_gender(actor: _Actor) -> tuple[str, str]:
    """The within-article gender of a person and its evidence (titles and roles of its mentions, its given name)."""
    evidence = [e for m in actor.mentions for e in m.gender_evidence]
    words = _tokens(actor.name)
    if len(words) > 1:
        given = given_name_evidence(words[0])
        if given:
            evidence.append(given)
    return decide(evidence)


def extract_mentions(
    articles: pd.DataFrame,
    parsed: Iterable[ParsedArticle] | None = None,
    alias_table: str | Path | Mapping | None = None,
    gender: bool = True,
) -> pd.DataFrame:
    """Return one row per actor mention across the corpus (columns MENTION_COLUMNS), parsing only if needed."""
    table = load_alias_table(alias_table)
    ok = articles[articles["status"] == "ok"] if "status" in articles else articles
    rows_by_id = {r["article_id"]: r for r in ok.to_dict("records")}
    if parsed is None:
        parsed = parse_articles(ok)
    rows: list[dict] = []
    for pa in parsed:
        rows.extend(mentions_for_article(pa, table, rows_by_id.get(pa.article_id), gender=gender))
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
    for col in ("role", "gender", "gender_evidence"):  # None where not applicable, after JSON or Parquet too
        df[col] = df[col].astype(object).where(df[col].notna(), None)
    if merge:
        df = merge_across_articles(df)
    return df.sort_values(["article_id", "start", "end", "actor_id"], kind="stable").reset_index(drop=True)
