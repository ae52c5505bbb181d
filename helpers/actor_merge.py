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

What it does not do: look at any text; it reads the mention frames ``helpers.actors`` builds.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

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
    stats = stats[stats.groupby("actor")["type"].transform("size") >= 2]  # only names with two or more types
    by_actor: dict[str, list[tuple[str, bool, int, int]]] = {}
    for actor, t, strong, n, articles in zip(stats["actor"], stats["type"], stats["strong"], stats["n"],
                                             stats["articles"]):
        by_actor.setdefault(actor, []).append((t, bool(strong), int(n), int(articles)))
    retype: dict[tuple[str, str], str] = {}
    for actor, types in by_actor.items():
        strong = [row for row in types if row[1]]
        if len(strong) != 1 or strong[0][0] == "place":
            continue
        target, _, target_n, target_articles = strong[0]
        for t, is_strong, n, _articles in types:
            if t == target or is_strong or (t == "place" and target != "organisation"):
                continue
            if target_articles >= UNIFY_MIN_ARTICLES or target_n >= n:
                retype[(actor, t)] = target
    if retype:
        keys = list(zip(df["actor"], df["type"]))
        new = pd.Series([retype.get(k) for k in keys], index=df.index)
        mask = new.notna()
        df.loc[mask, "type"] = new[mask]
        df.loc[mask, "actor_id"] = [make_actor_id(a, t) for a, t in zip(df.loc[mask, "actor"], df.loc[mask, "type"])]
    return df


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
    thing = (by["agent"] <= AGENT_MAX_SHARE) | (by["owned"] >= OWNED_MIN_SHARE)
    drop = by[(by["n"] >= AGENT_MIN_MENTIONS) & thing & (by["strong"] < 0.5)].index
    return df["actor_id"].isin(drop)


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
    if mentions.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    quoted = Counter()
    if claims is not None and not claims.empty and "speaker_actor_id" in claims:
        quoted = Counter(claims["speaker_actor_id"].dropna())
    # one pass over the mentions in frame order (roles keep their reading order); no per-group pandas work
    acc: dict[tuple[str, str, str], dict] = {}
    columns = ("actor_id", "actor", "type", "text", "role", "kind", "paragraph", "article_id")
    genders = _column(mentions, "gender")
    evidence = _column(mentions, "gender_evidence")
    for (aid, actor, typ, text, role, kind, para, article), sex, ev in zip(zip(*(mentions[c] for c in columns)),
                                                                          genders, evidence):
        a = acc.get((aid, actor, typ))
        if a is None:
            a = acc[(aid, actor, typ)] = {"aliases": set(), "roles": {}, "n": 0, "articles": set(), "first": None,
                                          "gender": {}}
        if typ == "person" and article not in a["gender"]:
            a["gender"][article] = (sex, ev)
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
        **dict(zip(("gender", "gender_evidence"), corpus_gender(a["gender"].values()) if typ == "person" else (None, None))),
    } for (aid, actor, typ), a in sorted(acc.items())]
    df = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    df["first_paragraph"] = df["first_paragraph"].astype("Int64")
    return df.sort_values(["n_mentions", "actor_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _column(frame: pd.DataFrame, name: str) -> list:
    """A column's values as a list, or None for each row when the frame has no such column (older mention frames)."""
    return frame[name].tolist() if name in frame else [None] * len(frame)


def corpus_gender(per_article: Iterable[tuple[str | None, str | None]]) -> tuple[str, str]:
    """Combine a person's within-article genders: the one gender every article with evidence gives, else unknown.

    The evidence lists each distinct item once, the most frequent first, with how many articles give it
    ("honorific: Mrs. (12 articles); given name: Hillary (nqg p=0.92) (40 articles)"); an article whose own
    evidence conflicts, or two articles that disagree, leave the person unknown ("conflict: ...").
    """
    items: Counter = Counter()
    genders, conflict = set(), False
    for sex, ev in per_article:
        if not isinstance(ev, str) or not ev:
            continue
        conflict = conflict or ev.startswith("conflict: ")
        if sex in ("female", "male"):
            genders.add(sex)
        for item in ev.removeprefix("conflict: ").split("; "):
            items[item] += 1
    shown = "; ".join(f"{e} ({n} article{'s' * (n > 1)})" for e, n in
                      sorted(items.items(), key=lambda kv: (-kv[1], kv[0]))[:GENDER_EVIDENCE_ITEMS])
    if len(genders) == 1 and not conflict:
        return genders.pop(), shown
    return "unknown", (f"conflict: {shown}" if shown else "")


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
