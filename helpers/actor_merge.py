"""Actors across a corpus: the corpus merge, the actors summary (with gender) and co-occurrence.

What it does: ``merge_across_articles`` gives a name one type when only one of its types has evidence ("Yukos"
typed person by its label in some articles, an organisation by "oil giant Yukos" in others), joins a person's
plain form ("Donald J. Trump", "Hillary Rodham Clinton" -> the first and last word, when that form has
INITIALS_MERGE_RATIO times the mentions), a bare surname to the full name holding SURNAME_DOMINANCE of the full
names ending with it ("Obama" -> "Barack Obama" beside "Michelle Obama"), and a bare given name to the one full
name starting with it; never across genders, never two full names ("Eric Garner", "Erica Garner"); and drops names
that never act (``_never_agents``: "ID cards", "HIV infection", "Oscar-winning"). ``unmerged_names`` lists the bare
names left apart, for review. ``summarize_actors`` gives one row per actor with its aliases, roles, counts and
gender (``corpus_gender``: the gender every article with evidence gives, else unknown); ``cooccurrence`` counts
actor pairs per sentence or paragraph. ``make_actor_id`` is the stable id (``type:slug``).

The same results part by part, for corpora no process holds (parts must hold whole articles): the merge as
map/reduce (``merge_statistics`` per part, ``combine_merge_statistics``, ``merge_table`` gives a ``MergeTable`` of the
rules' decisions, ``apply_merge`` per part; ``merge_parts`` runs them in one process), and the two tables as partial
aggregates (``actor_partials``/``combine_actor_partials``/``finish_actors``, ``cooccurrence_partials``/...);
``summarize_actors`` and ``cooccurrence`` are the one-part case. Every decision is exact: counts, sums, shares
(sums over counts), first or last positions, and articles counted per part (an article is in one part only).

What it does not do: look at any text; it reads the mention frames ``helpers.actors`` builds.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from . import actor_words as W
from .gazetteer import QUOTES as _QUOTES
from .gazetteer import load_gazetteer, slugify

SUMMARY_COLUMNS = [
    "actor_id", "actor", "type", "aliases", "roles", "n_mentions", "n_articles", "first_paragraph", "n_quoted",
    "gender", "gender_evidence",
]
INITIALS_MERGE_RATIO = 3  # "Donald J. Trump" joins "Donald Trump" when the plain form is this many times as frequent
UNIFY_MIN_ARTICLES = 2  # a type given by evidence in this many articles retypes the label-only uses of the name
GIVEN_NAME_MIN_MENTIONS = 20  # a bare given name joins only a person the corpus names this often
SURNAME_DOMINANCE = 0.8  # a bare surname joins the full name holding this share of the full names ending with it
GENDER_EVIDENCE_ITEMS = 4  # evidence items listed per actor in the summary
AGENT_MIN_MENTIONS = 20  # the fewest mentions on which "never acts" is judged
OWNED_MIN_SHARE = 0.08  # an organisation a person has this often ("his Budget") is a thing, not an actor
AGENT_MAX_SHARE = 0.08  # at most this share of subjects, possessors and addressees: a thing, not an actor


def make_actor_id(actor: str, actor_type: str) -> str:
    """Return the stable id of an actor: its type and the slug of its canonical name ("person:donald-trump")."""
    return f"{actor_type}:{slugify(actor)}"


def _drop_initials(name: str) -> str:
    """Drop middle initials and middle names: "Donald J. Trump", "Hillary Rodham Clinton" -> first and last word."""
    words = name.split()
    if len(words) < 3 or words[-1].lower().strip(".,") in W.SUFFIXES or any(w.lower() in W.NAME_PARTICLES for w in words):
        return name
    return f"{words[0]} {words[-1]}"


_EVIDENCE_FREE = frozenset({"label", "name-forms", "acronym"})  # typed by the model's labels or the name's shape only


def _unify_types(df: pd.DataFrame) -> pd.DataFrame:
    """Give a name one type across the corpus when only one of its types has evidence: "Yukos" typed person by its
    label in some articles and an organisation ("oil giant Yukos") in others is an organisation; "Trump" typed an
    organisation by its label is the person titled elsewhere; "Yugansk" typed a place by its label is the company
    sold elsewhere. The evidence must come from at least UNIFY_MIN_ARTICLES articles or outnumber the mentions it
    retypes (one "daughter Chelsea" does not make the Chelsea neighbourhood a person). Names typed a place by the
    gazetteer are never retyped, nothing becomes a place, a place only becomes an organisation, and a city acting
    as a team is a club in that article only."""
    sub = df[df["type"].isin(["person", "organisation", "place"])]
    has = ~sub["typed_by"].isin(list(_EVIDENCE_FREE | {"team"}))
    stats = sub.assign(has=has, art=sub["article_id"].where(has)).groupby(["actor", "type"]).agg(
        strong=("has", "any"), n=("has", "size"), articles=("art", "nunique"))
    stats = stats.reset_index()
    retype = _retype_decisions(zip(stats["actor"], stats["type"], stats["strong"], stats["n"], stats["articles"]))
    if retype:
        keys = list(zip(df["actor"], df["type"]))
        new = pd.Series([retype.get(k) for k in keys], index=df.index)
        mask = new.notna()
        df.loc[mask, "type"] = new[mask]
        df.loc[mask, "actor_id"] = [make_actor_id(a, t) for a, t in zip(df.loc[mask, "actor"], df.loc[mask, "type"])]
    return df


def _retype_decisions(stats: Iterable[tuple[str, str, bool, int, int]]) -> dict[tuple[str, str], str]:
    """{(name, type): new type} from (name, type, has evidence, mentions, articles with evidence) per name and type,
    by ``_unify_types``'s rules; names with one type are left alone."""
    by_actor: dict[str, list[tuple[str, bool, int, int]]] = {}
    for actor, t, strong, n, articles in stats:
        by_actor.setdefault(actor, []).append((t, bool(strong), int(n), int(articles)))
    retype: dict[tuple[str, str], str] = {}
    for actor, types in by_actor.items():
        if len(types) < 2:  # only names with two or more types
            continue
        strong = [row for row in types if row[1]]
        if len(strong) != 1 or strong[0][0] == "place":
            continue
        target, _, target_n, target_articles = strong[0]
        for t, is_strong, n, _articles in types:
            if t == target or is_strong or (t == "place" and target != "organisation"):
                continue
            if target_articles >= UNIFY_MIN_ARTICLES or target_n >= n:
                retype[(actor, t)] = target
    return retype


def _person_counts(df: pd.DataFrame) -> pd.Series:
    return df.loc[df["type"] == "person", "actor"].value_counts()


def _plain_forms(counts: pd.Series) -> dict[str, str]:
    """{name: plain name} for names with middle initials or names whose plain form is INITIALS_MERGE_RATIO times as
    frequent ("Donald J. Trump" -> "Donald Trump"); "George Bush" and "George W. Bush" seen once each stay apart."""
    out = {}
    for a in counts.index:
        d = _drop_initials(a)
        if d != a and d in counts.index and counts[d] >= INITIALS_MERGE_RATIO * counts[a]:
            out[a] = d
    return out


def _full_names_by_word(counts: pd.Series, plain: Mapping[str, str]) -> tuple[dict, dict]:
    """Multi-word people by last word and by first word, with their mentions (plain forms merged in)."""
    by_last: dict[str, Counter] = defaultdict(Counter)
    by_first: dict[str, Counter] = defaultdict(Counter)
    for a, n in counts.items():
        full = plain.get(a, a)
        words = full.split()
        if len(words) > 1:
            by_last[words[-1].lower()][full] += int(n)
            by_first[words[0].lower()][full] += int(n)
    return by_last, by_first


def _bare_name_target(word: str, by_last: Mapping, by_first: Mapping) -> tuple[str | None, Counter]:
    """Return the full name a one-word person joins (or None) and the candidates it was chosen from.

    A surname joins the full name holding at least SURNAME_DOMINANCE of the mentions of the full names ending with
    it ("Obama" -> "Barack Obama" beside "Michelle Obama"); a given name joins the one full name starting with it,
    when it is no one's surname and that person is named at least GIVEN_NAME_MIN_MENTIONS times ("Hillary" ->
    "Hillary Clinton"; a "Marcia" is not the one Marcia Smith of the corpus).
    """
    key = word.lower()
    cands = by_last.get(key)
    if cands:
        full, n = cands.most_common(1)[0]
        return (full if n >= SURNAME_DOMINANCE * sum(cands.values()) else None), cands
    cands = by_first.get(key)
    if cands and len(cands) == 1 and next(iter(cands.values())) >= GIVEN_NAME_MIN_MENTIONS:
        return next(iter(cands)), cands
    return None, cands or Counter()


def _genders_by_actor(df: pd.DataFrame) -> dict[str, set[str]]:
    """The known within-article genders of each person."""
    out: dict[str, set[str]] = defaultdict(set)
    if "gender" in df:
        for actor, g in zip(df["actor"], df["gender"]):
            if g in ("female", "male"):
                out[actor].add(g)
    return out


def _rename_people(df: pd.DataFrame) -> pd.DataFrame:
    """Merge people across the corpus: plain forms, then bare surnames by dominance and unambiguous given names.

    A bare name whose article gives it a gender never joins a full name of the other gender ("Mrs. Garner"
    stays apart from "Eric Garner"), nor when its article gives it both ("Mrs Howard" and "Mr Howard": two people),
    and two full names are never merged with each other ("Erica Garner").
    """
    gaz = load_gazetteer()
    counts = _person_counts(df)
    plain = _plain_forms(counts)
    by_last, by_first = _full_names_by_word(counts, plain)
    genders = _genders_by_actor(df)
    bare = {}
    for a in counts.index:
        if len(a.split()) == 1 and not gaz.place(a):
            target, _ = _bare_name_target(a, by_last, by_first)
            if target is not None:
                bare[a] = target
    if not plain and not bare:
        return df
    person = (df["type"] == "person").to_numpy()
    sexes, evidence = _column(df, "gender"), _column(df, "gender_evidence")
    new = []
    for is_person, a, g, ev in zip(person, df["actor"].tolist(), sexes, evidence):
        target = (plain.get(a) or bare.get(a)) if is_person else None
        if a in bare and target is not None and (
                (g in ("female", "male") and genders[target] and g not in genders[target])
                or (isinstance(ev, str) and ev.startswith("conflict: "))):
            target = None  # "Mrs. Garner" is not Eric Garner; a "Howard" called Mr and Mrs is two people
        new.append(target)
    mask = pd.Series([t is not None for t in new], index=df.index)
    if mask.any():
        df.loc[mask, "actor"] = [t for t in new if t is not None]
        df.loc[mask, "actor_id"] = [make_actor_id(a, "person") for a in df.loc[mask, "actor"]]
    return df


def _never_agents(df: pd.DataFrame) -> pd.Series:
    """Mark (True) the mentions of names that are things, not actors: typed only by their label or shape in most of
    their at least AGENT_MIN_MENTIONS mentions, and either never acting (at most AGENT_MAX_SHARE subjects, possessors
    or addressees: "ID cards", "HIV infection", "Oscar-winning") or, for an organisation, something people have
    (at least OWNED_MIN_SHARE of its mentions a person's: "his Budget", "Mr Brown's ninth Budget")."""
    if "syntax" not in df or "typed_by" not in df:
        return pd.Series(False, index=df.index)
    cand = df["type"].isin(["person", "organisation"]) & (df["link"] != "credit")
    stats = df[cand].assign(agent=df["syntax"].isin(["subject", "possessor", "addressee"]),
                            owned=(df["syntax"] == "owned") & (df["type"] == "organisation"),
                            strong=~df["typed_by"].isin(list(_EVIDENCE_FREE)))
    by = stats.groupby("actor_id").agg(n=("agent", "size"), agent=("agent", "mean"), owned=("owned", "mean"),
                                       strong=("strong", "mean"))
    drop = by[_is_thing(by["n"], by["agent"], by["owned"], by["strong"])].index
    return df["actor_id"].isin(drop)


def _is_thing(n, agent: float, owned: float, strong: float):
    """True for a name that is a thing (``_never_agents``): n mentions, shares of them acting, owned and typed by
    evidence (numbers or Series)."""
    return (n >= AGENT_MIN_MENTIONS) & ((agent <= AGENT_MAX_SHARE) | (owned >= OWNED_MIN_SHARE)) & (strong < 0.5)


def merge_across_articles(mentions: pd.DataFrame) -> pd.DataFrame:
    """Merge actors across a corpus (rules in the module docstring): one type per name where only one has evidence,
    people's plain forms, bare surnames by dominance and unambiguous given names; drop names that never act.

    Organisations are never merged by name: a one-word organisation ("Chelsea") may be a place the model
    mislabelled rather than a person, so only in-article evidence turns it into a person.
    """
    if mentions.empty:
        return mentions
    df = mentions.copy()
    if "typed_by" in df:
        df = _unify_types(df)
    df = _rename_people(df)
    df = df[~_never_agents(df)]
    # one name per id: "Robert Kilroy-Silk" and "Robert Kilroy Silk" share a slug; the commoner spelling wins
    spellings = df.groupby(["actor_id", "actor"]).size().reset_index(name="n")
    best = spellings.sort_values(["actor_id", "n", "actor"], ascending=[True, False, True], kind="stable")
    df["actor"] = df["actor_id"].map(best.drop_duplicates("actor_id").set_index("actor_id")["actor"])
    return df


# ------------------------------------------------------------------ the same merge, part by part (map/reduce)

MERGE_INPUT_COLUMNS = ["article_id", "actor_id", "actor", "type", "typed_by", "gender", "gender_evidence", "link",
                       "syntax"]
_SIGNATURE = ["actor_id", "actor", "type", "has", "strong", "sex", "conflict", "credit", "agent", "owned"]


@dataclass
class MergeTable:
    """What ``merge_across_articles`` decides for a corpus, small enough to send to every part: its size grows with
    the names that change, not with the mentions. ``apply_merge`` applies it to one part."""

    retype: dict[tuple[str, str], str] = field(default_factory=dict)  # (name, type) -> type
    plain: dict[str, str] = field(default_factory=dict)  # person -> plain form
    bare: dict[str, str] = field(default_factory=dict)  # one-word person -> full name
    target_genders: dict[str, frozenset] = field(default_factory=dict)  # full names of ``bare``: their known genders
    drop: frozenset = frozenset()  # actor ids that never act
    spelling: dict[str, str] = field(default_factory=dict)  # actor id -> its name, for ids with two or more spellings


def merge_statistics(mentions: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Map: the small statistics of one part of the mentions (MERGE_INPUT_COLUMNS; parts hold whole articles) that
    the corpus merge reads: mentions per name, id, type and the flags the rules test (its evidence, gender, a
    conflict, a credit, acting, owned), and per name and type the articles giving evidence of the type."""
    values = {c: mentions[c].tolist() for c in MERGE_INPUT_COLUMNS}
    free, free_team = _EVIDENCE_FREE, _EVIDENCE_FREE | {"team"}
    sig = pd.DataFrame({
        "actor_id": values["actor_id"], "actor": values["actor"], "type": values["type"],
        "has": [t not in free_team for t in values["typed_by"]],
        "strong": [t not in free for t in values["typed_by"]],
        "sex": [g if g in ("female", "male") else "" for g in values["gender"]],
        "conflict": [isinstance(e, str) and e.startswith("conflict: ") for e in values["gender_evidence"]],
        "credit": [k == "credit" for k in values["link"]],
        "agent": [x in ("subject", "possessor", "addressee") for x in values["syntax"]],
        "owned": [x == "owned" for x in values["syntax"]],
    }, columns=_SIGNATURE)
    signatures = sig.groupby(_SIGNATURE, dropna=False).size().rename("n").reset_index()
    typed = sig["type"].isin(["person", "organisation", "place"]) & sig["has"]
    articles = (pd.DataFrame({"actor": sig["actor"], "type": sig["type"], "article_id": values["article_id"]})[typed]
                .groupby(["actor", "type"]).agg(articles=("article_id", "nunique")).reset_index())
    return {"signatures": signatures, "articles": articles}


def combine_merge_statistics(*stats: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Reduce: add up the statistics of parts holding different articles."""
    if not stats:
        return {"signatures": pd.DataFrame(columns=[*_SIGNATURE, "n"]), "articles": pd.DataFrame(columns=[
            "actor", "type", "articles"])}
    signatures = pd.concat([s["signatures"] for s in stats], ignore_index=True)
    articles = pd.concat([s["articles"] for s in stats], ignore_index=True)
    return {"signatures": signatures.groupby(_SIGNATURE, dropna=False)["n"].sum().reset_index(),
            "articles": articles.groupby(["actor", "type"])["articles"].sum().reset_index()}


def merge_table(stats: dict[str, pd.DataFrame]) -> MergeTable:
    """Reduce: decide the corpus merge from the statistics of every part, by ``merge_across_articles``'s rules."""
    sig = stats["signatures"]
    if sig.empty:
        return MergeTable()
    rows = list(zip(*(sig[c].tolist() for c in _SIGNATURE + ["n"])))
    # 1. one type per name (_unify_types)
    by_type: dict[tuple[str, str], list] = {}
    for aid, actor, typ, has, *_rest, n in rows:
        if typ in ("person", "organisation", "place"):
            entry = by_type.setdefault((actor, typ), [False, 0])
            entry[0] = entry[0] or has
            entry[1] += n
    arts = dict(zip(zip(stats["articles"]["actor"], stats["articles"]["type"]), stats["articles"]["articles"]))
    retype = _retype_decisions((actor, typ, has, n, arts.get((actor, typ), 0))
                               for (actor, typ), (has, n) in by_type.items())
    typed = []
    for aid, actor, typ, has, strong, sex, conflict, credit, agent, owned, n in rows:
        new = retype.get((actor, typ))
        typed.append((make_actor_id(actor, new) if new else aid, actor, new or typ, sex, conflict, strong, credit,
                      agent, owned, n))
    # 2. people's plain forms, bare surnames and given names (_rename_people)
    counts: Counter = Counter()
    genders: dict[str, set[str]] = defaultdict(set)
    for aid, actor, typ, sex, *_rest, n in typed:
        if typ == "person":
            counts[actor] += n
        if sex:
            genders[actor].add(sex)
    counts_series = pd.Series(dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))), dtype="int64")
    plain = _plain_forms(counts_series)
    by_last, by_first = _full_names_by_word(counts_series, plain)
    gaz = load_gazetteer()
    bare = {}
    for a in counts_series.index:
        if len(a.split()) == 1 and not gaz.place(a):
            target, _ = _bare_name_target(a, by_last, by_first)
            if target is not None:
                bare[a] = target
    table = MergeTable(retype=retype, plain=plain, bare=bare,
                       target_genders={t: frozenset(genders.get(t, ())) for t in set(bare.values())})
    # 3. names that never act (_never_agents), then one spelling per id
    agents: dict[str, list[int]] = {}
    spellings: Counter = Counter()
    renamed = []
    for aid, actor, typ, sex, conflict, strong, credit, agent, owned, n in typed:
        target = _merge_target(table, actor, typ, sex, conflict)
        if target is not None:
            actor, aid = target, make_actor_id(target, "person")
        renamed.append((aid, actor, n))
        if typ in ("person", "organisation") and not credit:
            entry = agents.setdefault(aid, [0, 0, 0, 0])
            entry[0] += n
            entry[1] += n * agent
            entry[2] += n * (owned and typ == "organisation")
            entry[3] += n * strong
    table.drop = frozenset(aid for aid, (n, agent, owned, strong) in agents.items()
                           if _is_thing(n, agent / n, owned / n, strong / n))
    for aid, actor, n in renamed:
        if aid not in table.drop:
            spellings[(aid, actor)] += n
    best: dict[str, tuple[int, str]] = {}
    several: set[str] = set()
    for (aid, actor), n in spellings.items():
        if aid in best:
            several.add(aid)
            if (-n, actor) >= (-best[aid][0], best[aid][1]):
                continue
        best[aid] = (n, actor)
    table.spelling = {aid: best[aid][1] for aid in sorted(several)}
    return table


def _merge_target(table: MergeTable, actor: str, typ: str, sex: str, conflict: bool) -> str | None:
    """The full name a person's mention joins (``_rename_people``), or None."""
    if typ != "person":
        return None
    target = table.plain.get(actor) or table.bare.get(actor)
    if actor in table.bare and target is not None:
        known = table.target_genders.get(target, frozenset())
        if (sex and known and sex not in known) or conflict:
            return None  # "Mrs. Garner" is not Eric Garner; a "Howard" called Mr and Mrs is two people
    return target


def apply_merge(mentions: pd.DataFrame, table: MergeTable) -> pd.DataFrame:
    """Apply the corpus merge to one part of the mentions: its rows as ``merge_across_articles`` gives them for the
    whole corpus (the rows of names that never act dropped, the index kept)."""
    if mentions.empty:
        return mentions
    df = mentions.copy()
    ids, names, types, keep = [], [], [], []
    for aid, actor, typ, sex, ev in zip(df["actor_id"].tolist(), df["actor"].tolist(), df["type"].tolist(),
                                        _column(df, "gender"), _column(df, "gender_evidence")):
        new = table.retype.get((actor, typ))
        if new:
            typ, aid = new, make_actor_id(actor, new)
        target = _merge_target(table, actor, typ, sex if sex in ("female", "male") else "",
                               isinstance(ev, str) and ev.startswith("conflict: "))
        if target is not None:
            actor, aid = target, make_actor_id(target, "person")
        keep.append(aid not in table.drop)
        ids.append(aid)
        names.append(table.spelling.get(aid, actor))
        types.append(typ)
    df["actor_id"], df["actor"], df["type"] = ids, names, types
    return df[keep]


def merge_parts(parts: Iterable[pd.DataFrame]) -> list[pd.DataFrame]:
    """``merge_across_articles`` as map/reduce over parts holding whole articles: each part's statistics, one merge
    table, applied part by part (in one process; ``helpers.dataflow`` runs the same functions on a cluster)."""
    parts = list(parts)
    table = merge_table(combine_merge_statistics(*(merge_statistics(p) for p in parts))) if parts else MergeTable()
    return [apply_merge(p, table) for p in parts]


def unmerged_names(mentions: pd.DataFrame) -> pd.DataFrame:
    """Return the bare names left apart by the corpus merge, for review: name, n_mentions, candidates (with shares)."""
    cols = ["actor_id", "actor", "n_mentions", "candidates"]
    people = mentions[mentions["type"] == "person"] if len(mentions) else mentions
    if people.empty:
        return pd.DataFrame(columns=cols)
    counts = people["actor"].value_counts()
    by_last, by_first = _full_names_by_word(counts, {})
    rows = []
    for a, n in counts.items():
        if len(a.split()) != 1:
            continue
        target, cands = _bare_name_target(a, by_last, by_first)
        if target is None and cands:
            total = sum(cands.values())
            rows.append({"actor_id": make_actor_id(a, "person"), "actor": a, "n_mentions": int(n),
                         "candidates": "; ".join(f"{c} ({k / total:.0%})" for c, k in cands.most_common(5))})
    return pd.DataFrame(rows, columns=cols)


def summarize_actors(mentions: pd.DataFrame, claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per actor (columns SUMMARY_COLUMNS), most mentioned first; n_quoted from claims if given."""
    return finish_actors(actor_partials(mentions, claims))


def actor_partials(mentions: pd.DataFrame, claims: pd.DataFrame | None = None, by_article: bool = False) -> dict:
    """Return the actors summary's partial aggregates of one part of the mentions (and of its claims).

    Parts must hold whole articles. Roles keep their reading order by the position of their first mention: the row
    number in this frame, or with ``by_article`` the article id then the row number (the order of a frame sorted by
    article, as ``to_frame`` sorts, when the parts are each so sorted). ``combine_actor_partials`` adds parts up and
    ``finish_actors`` gives the summary; on one part that is ``summarize_actors``.
    """
    quoted: Counter = Counter()
    if claims is not None and not claims.empty and "speaker_actor_id" in claims:
        quoted = Counter(claims["speaker_actor_id"].dropna())
    acc: dict[tuple[str, str, str], dict] = {}
    if mentions.empty:
        return {"rows": 0, "actors": acc, "quoted": quoted}
    # one pass over the mentions in frame order (roles keep their reading order); no per-group pandas work
    columns = ("actor_id", "actor", "type", "text", "role", "kind", "paragraph", "article_id")
    genders = _column(mentions, "gender")
    evidence = _column(mentions, "gender_evidence")
    seen: dict[tuple[str, str, str], set] = {}
    for i, ((aid, actor, typ, text, role, kind, para, article), sex, ev) in enumerate(
            zip(zip(*(mentions[c] for c in columns)), genders, evidence)):
        a = acc.get((aid, actor, typ))
        if a is None:
            a = acc[(aid, actor, typ)] = {"aliases": set(), "roles": {}, "n": 0, "n_articles": 0, "first": None,
                                          "gender": _gender_state()}
            seen[(aid, actor, typ)] = set()
        articles = seen[(aid, actor, typ)]
        if article not in articles:
            articles.add(article)
            a["n_articles"] += 1
            if typ == "person":
                _gender_fold(a["gender"], sex, ev)
        a["aliases"].add(text.translate(_QUOTES))
        if isinstance(role, str):
            for part in role.split("; "):
                a["roles"].setdefault(part, (article if by_article else "", i))
        a["n"] += 1
        if kind == "body" and not pd.isna(para) and (a["first"] is None or para < a["first"]):
            a["first"] = int(para)
    return {"rows": len(mentions), "actors": acc, "quoted": quoted}


def combine_actor_partials(*partials: dict) -> dict:
    """Add up the actors summary's partial aggregates of parts holding different articles."""
    acc: dict[tuple[str, str, str], dict] = {}
    quoted: Counter = Counter()
    rows = 0
    for partial in partials:
        rows += partial["rows"]
        quoted.update(partial["quoted"])
        for key, b in partial["actors"].items():
            a = acc.get(key)
            if a is None:
                acc[key] = {"aliases": set(b["aliases"]), "roles": dict(b["roles"]), "n": b["n"],
                            "n_articles": b["n_articles"], "first": b["first"], "gender": _gender_merge(b["gender"])}
                continue
            a["aliases"] |= b["aliases"]
            for role, pos in b["roles"].items():
                if role not in a["roles"] or pos < a["roles"][role]:
                    a["roles"][role] = pos
            a["n"] += b["n"]
            a["n_articles"] += b["n_articles"]
            if b["first"] is not None and (a["first"] is None or b["first"] < a["first"]):
                a["first"] = b["first"]
            a["gender"] = _gender_merge(a["gender"], b["gender"])
    return {"rows": rows, "actors": acc, "quoted": quoted}


def finish_actors(partial: dict) -> pd.DataFrame:
    """Return the actors summary (``summarize_actors``) from partial aggregates."""
    if not partial["rows"]:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    quoted = partial["quoted"]
    rows = [{
        "actor_id": aid,
        "actor": actor,
        "type": typ,
        "aliases": sorted(a["aliases"]),
        "roles": sorted(a["roles"], key=a["roles"].__getitem__),
        "n_mentions": a["n"],
        "n_articles": a["n_articles"],
        "first_paragraph": pd.NA if a["first"] is None else a["first"],
        "n_quoted": int(quoted.get(aid, 0)),
        **dict(zip(("gender", "gender_evidence"), _gender_finish(a["gender"]) if typ == "person" else (None, None))),
    } for (aid, actor, typ), a in sorted(partial["actors"].items())]
    df = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    df["first_paragraph"] = df["first_paragraph"].astype("Int64")
    return sort_actors(df)


def sort_actors(df: pd.DataFrame) -> pd.DataFrame:
    """The actors summary's row order: most mentioned first, ties by id (also of buckets read back together)."""
    return df.sort_values(["n_mentions", "actor_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def bucket_of(actor_id: str, buckets: int) -> int:
    """The bucket (0 .. buckets-1) of an actor id: a stable hash, the same in every process."""
    if buckets <= 1:
        return 0
    return int.from_bytes(hashlib.blake2b(str(actor_id).encode("utf-8"), digest_size=4).digest(), "big") % buckets


def split_actor_partials(partial: dict, buckets: int) -> list[dict]:
    """The actors summary's partial aggregates split by actor id into ``buckets`` (``bucket_of``): each bucket is
    reduced and finished alone, and the finished buckets together are the whole summary (``sort_actors``)."""
    out = [{"rows": partial["rows"], "actors": {}, "quoted": Counter()} for _ in range(buckets)]
    for key, a in partial["actors"].items():
        out[bucket_of(key[0], buckets)]["actors"][key] = a
    for aid, n in partial["quoted"].items():
        out[bucket_of(aid, buckets)]["quoted"][aid] = n
    return out


def _column(frame: pd.DataFrame, name: str) -> list:
    """A column's values as a list, or None for each row when the frame has no such column (older mention frames)."""
    return frame[name].tolist() if name in frame else [None] * len(frame)


def corpus_gender(per_article: Iterable[tuple[str | None, str | None]]) -> tuple[str, str]:
    """Combine a person's within-article genders: the one gender every article with evidence gives, else unknown.

    The evidence lists each distinct item once, the most frequent first, with how many articles give it
    ("honorific: Mrs. (12 articles); given name: Hillary (nqg p=0.92) (40 articles)"); an article whose own
    evidence conflicts, or two articles that disagree, leave the person unknown ("conflict: ...").
    """
    state = _gender_state()
    for sex, ev in per_article:
        _gender_fold(state, sex, ev)
    return _gender_finish(state)


def _gender_state() -> dict:
    return {"items": Counter(), "genders": set(), "conflict": False}


def _gender_fold(state: dict, sex: str | None, ev: str | None) -> None:
    """Add one article's gender and evidence to a person's running state (``corpus_gender``)."""
    if not isinstance(ev, str) or not ev:
        return
    state["conflict"] = state["conflict"] or ev.startswith("conflict: ")
    if sex in ("female", "male"):
        state["genders"].add(sex)
    for item in ev.removeprefix("conflict: ").split("; "):
        state["items"][item] += 1


def _gender_merge(*states: dict) -> dict:
    out = _gender_state()
    for state in states:
        out["items"].update(state["items"])
        out["genders"] |= state["genders"]
        out["conflict"] = out["conflict"] or state["conflict"]
    return out


def _gender_finish(state: dict) -> tuple[str, str]:
    items, genders = state["items"], state["genders"]
    shown = "; ".join(f"{e} ({n} article{'s' * (n > 1)})" for e, n in
                      sorted(items.items(), key=lambda kv: (-kv[1], kv[0]))[:GENDER_EVIDENCE_ITEMS])
    if len(genders) == 1 and not state["conflict"]:
        return next(iter(genders)), shown
    return "unknown", (f"conflict: {shown}" if shown else "")


COOCCURRENCE_COLUMNS = ["actor_id_a", "actor_a", "actor_id_b", "actor_b", "n_windows", "n_articles"]


def cooccurrence(mentions: pd.DataFrame, window: str = "sentence") -> pd.DataFrame:
    """Return actor pairs seen in the same sentence or paragraph: actor_id_a, actor_a, actor_id_b, actor_b, n_windows, n_articles."""
    return finish_cooccurrence(cooccurrence_partials(mentions, window))


def cooccurrence_partials(mentions: pd.DataFrame, window: str = "sentence", by_article: bool = False) -> dict:
    """Return co-occurrence's partial aggregates of one part of the mentions (parts hold whole articles): pair
    counts, articles per pair, and each actor's name at its last mention (position as in ``actor_partials``)."""
    if window not in {"sentence", "paragraph"}:
        raise ValueError("window must be 'sentence' or 'paragraph'")
    m = mentions[(mentions["kind"] == "body") & mentions[window].notna()] if not mentions.empty else mentions
    counts: Counter = Counter()
    n_articles: Counter = Counter()
    if m.empty:
        return {"rows": 0, "names": {}, "counts": counts, "articles": n_articles}
    names = {aid: ((art if by_article else "", i), actor)
             for i, (art, aid, actor) in enumerate(zip(m["article_id"], m["actor_id"], m["actor"]))}
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
    n_articles.update({pair: len(a) for pair, a in arts.items()})
    return {"rows": len(m), "names": names, "counts": counts, "articles": n_articles}


def combine_cooccurrence_partials(*partials: dict) -> dict:
    """Add up co-occurrence's partial aggregates of parts holding different articles."""
    names: dict[str, tuple] = {}
    counts: Counter = Counter()
    n_articles: Counter = Counter()
    rows = 0
    for partial in partials:
        rows += partial["rows"]
        counts.update(partial["counts"])
        n_articles.update(partial["articles"])
        for aid, (pos, actor) in partial["names"].items():
            if aid not in names or pos > names[aid][0]:
                names[aid] = (pos, actor)
    return {"rows": rows, "names": names, "counts": counts, "articles": n_articles}


def finish_cooccurrence(partial: dict) -> pd.DataFrame:
    """Return the co-occurrence table (``cooccurrence``) from partial aggregates."""
    if not partial["rows"]:
        return pd.DataFrame(columns=COOCCURRENCE_COLUMNS)
    names = {aid: actor for aid, (_pos, actor) in partial["names"].items()}
    rows = [
        {"actor_id_a": a, "actor_a": names[a], "actor_id_b": b, "actor_b": names[b], "n_windows": n,
         "n_articles": partial["articles"][(a, b)]}
        for (a, b), n in partial["counts"].items()
    ]
    df = pd.DataFrame(rows, columns=COOCCURRENCE_COLUMNS)
    return sort_cooccurrence(df)


def sort_cooccurrence(df: pd.DataFrame) -> pd.DataFrame:
    """The co-occurrence table's row order: most shared windows first, ties by the two ids."""
    return df.sort_values(["n_windows", "actor_id_a", "actor_id_b"], ascending=[False, True, True],
                          kind="stable").reset_index(drop=True)


def split_cooccurrence_partials(partial: dict, buckets: int) -> list[dict]:
    """Co-occurrence's partial aggregates split by the first actor id of each pair into ``buckets``; every bucket
    keeps the part's names (an actor's name is the one at its last mention in the whole corpus, so each bucket needs
    every part's)."""
    out = [{"rows": partial["rows"], "names": partial["names"], "counts": Counter(), "articles": Counter()}
           for _ in range(buckets)]
    for pair, n in partial["counts"].items():
        b = out[bucket_of(pair[0], buckets)]
        b["counts"][pair] = n
        b["articles"][pair] = partial["articles"][pair]
    return out
