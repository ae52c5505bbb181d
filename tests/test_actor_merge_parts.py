"""The corpus merge, actors summary and co-occurrence computed part by part equal the one-frame functions.

A synthetic mention frame exercises every rule of ``merge_across_articles`` (a type given by evidence, plain forms,
bare surnames and given names, a gender or conflict keeping a bare name apart, names that never act, two spellings of
one id, credits); it is split into parts holding whole articles in several ways, and ``merge_parts`` (statistics per
part, one merge table, applied per part) and the partial aggregates of the tables must give the very same frames.
"""
from __future__ import annotations

import random

import pandas as pd
import pytest

from helpers.actor_merge import (MergeTable, actor_partials, apply_merge, combine_actor_partials,
                                 combine_cooccurrence_partials, combine_merge_statistics, cooccurrence,
                                 cooccurrence_partials, finish_actors, finish_cooccurrence, make_actor_id,
                                 merge_across_articles, merge_parts, merge_statistics, merge_table, summarize_actors)
from helpers.actors import MENTION_COLUMNS

# (name, type, typed_by, gender, evidence, weight)
ENTITIES = [
    ("Yukos", "person", "label", None, None, 3),
    ("Yukos", "organisation", "organisation-word", None, None, 4),
    ("Donald J. Trump", "person", "title", "male", "honorific: Mr.", 1),
    ("Donald Trump", "person", "title", "male", "given name: Donald (nqg p=0.00)", 12),
    ("Trump", "person", "title", "male", "honorific: Mr.", 8),
    ("Trump", "organisation", "label", None, None, 1),
    ("Barack Obama", "person", "title", "male", "honorific: Mr.", 9),
    ("Michelle Obama", "person", "title", "female", "honorific: Mrs.", 1),
    ("Obama", "person", "given-name", "male", "honorific: Mr.", 6),
    ("Hillary Clinton", "person", "given-name", "female", "given name: Hillary (nqg p=0.92)", 14),
    ("Hillary", "person", "given-name", "female", "given name: Hillary (nqg p=0.92)", 3),
    ("Eric Garner", "person", "title", "male", "honorific: Mr.", 4),
    ("Garner", "person", "title", "female", "honorific: Mrs.", 2),
    ("Garner", "person", "title", "male", "honorific: Mr.", 2),
    ("Howard", "person", "title", "unknown", "conflict: honorific: Mr.; honorific: Mrs.", 1),
    ("Michael Howard", "person", "title", "male", "honorific: Mr.", 3),
    ("Robert Kilroy-Silk", "person", "title", "male", "honorific: Mr.", 3),
    ("Robert Kilroy Silk", "person", "title", "male", "honorific: Mr.", 1),
    ("ID cards", "organisation", "label", None, None, 6),
    ("HIV infection", "person", "label", None, None, 4),
    ("Labour", "organisation", "organisation-word", None, None, 5),
    ("London", "place", "gazetteer", None, None, 4),
    ("Chelsea", "place", "label", None, None, 2),
    ("Chelsea", "person", "given-name", "female", "given name: Chelsea (nqg p=0.95)", 1),
]
SYNTAX = ["subject", "object", "possessor", "modifier", "addressee", "owned", "other"]


def synthetic_mentions(n_articles: int = 120, seed: int = 3) -> pd.DataFrame:
    rng = random.Random(seed)
    weights = [e[-1] for e in ENTITIES]
    rows = []
    for a in range(n_articles):
        aid = f"art{a % 7}-{a:04d}"  # ids not in corpus order
        pos = 0
        for _ in range(rng.randint(3, 30)):
            name, typ, typed_by, gender, evidence, _w = rng.choices(ENTITIES, weights)[0]
            syntax = ("object" if rng.random() < 0.95 else "subject") if name in ("ID cards", "HIV infection") \
                else rng.choice(SYNTAX)
            kind = rng.choices(["body", "title", "credit"], [20, 2, 1])[0]
            para = rng.randint(0, 6) if kind == "body" else None
            rows.append({"article_id": aid, "actor_id": make_actor_id(name, typ), "actor": name, "type": typ,
                         "text": rng.choice([name, f"“{name}”", name.split()[-1]]), "start": pos, "end": pos + len(name),
                         "paragraph": para, "sentence": None if para is None else para * 3 + rng.randint(0, 2),
                         "role": rng.choice([None, None, "President", "leader; chairman", "wife"]), "kind": kind,
                         "link": "credit" if kind == "credit" else rng.choice(["ner", "name-form"]), "syntax": syntax,
                         "typed_by": typed_by, "gender": gender, "gender_evidence": evidence})
            pos += len(name) + rng.randint(1, 40)
    frame = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    for col in ("paragraph", "sentence"):
        frame[col] = frame[col].astype("Int64")
    return frame


def by_article(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["article_id", "start", "end", "actor_id"], kind="stable").reset_index(drop=True)


def split(frame: pd.DataFrame, n_parts: int, contiguous: bool) -> list[pd.DataFrame]:
    """Parts holding whole articles: runs of consecutive articles, or articles dealt round the parts."""
    arts = list(dict.fromkeys(frame["article_id"]))
    size = -(-len(arts) // n_parts)
    groups = [arts[i:i + size] for i in range(0, len(arts), size)] if contiguous else \
        [arts[i::n_parts] for i in range(n_parts)]
    return [frame[frame["article_id"].isin(g)] for g in groups]


@pytest.fixture(scope="module")
def mentions():
    return synthetic_mentions()


def test_the_synthetic_corpus_exercises_every_rule(mentions):
    table = merge_table(merge_statistics(mentions))
    assert table.retype and table.plain and table.drop and table.spelling
    assert table.bare.get("Obama") == "Barack Obama" and table.bare.get("Hillary") == "Hillary Clinton"
    merged = merge_across_articles(mentions)
    assert "Yukos" in set(merged.loc[merged["type"] == "organisation", "actor"])
    garner = merged[merged["actor_id"].str.contains("garner")]
    assert {"person:garner", "person:eric-garner"} <= set(garner["actor_id"])  # Mrs. Garner stays apart
    assert not merged["actor"].isin(["ID cards", "HIV infection"]).any()


@pytest.mark.parametrize("n_parts,contiguous", [(1, True), (2, True), (5, False), (17, True), (120, True)])
def test_partitioned_merge_and_tables_equal_the_one_frame_functions(mentions, n_parts, contiguous):
    parts = split(mentions, n_parts, contiguous)
    merged_parts = merge_parts(parts)
    expected = by_article(merge_across_articles(mentions))
    pd.testing.assert_frame_equal(by_article(pd.concat(merged_parts)), expected)
    sorted_parts = [by_article(p) for p in merged_parts]
    claims = pd.DataFrame({"article_id": expected["article_id"][::5].tolist(),
                           "speaker_actor_id": expected["actor_id"][::5].tolist()})
    claim_parts = [claims[claims["article_id"].isin(set(p["article_id"]))] for p in parts]
    actors = finish_actors(combine_actor_partials(*(actor_partials(m, c, by_article=True)
                                                    for m, c in zip(sorted_parts, claim_parts))))
    pd.testing.assert_frame_equal(actors, summarize_actors(expected, claims))
    for window in ("sentence", "paragraph"):
        pairs = finish_cooccurrence(combine_cooccurrence_partials(*(cooccurrence_partials(m, window, by_article=True)
                                                                    for m in sorted_parts)))
        pd.testing.assert_frame_equal(pairs, cooccurrence(expected, window))


def test_statistics_combine_in_any_grouping(mentions):
    parts = split(mentions, 9, False)
    stats = [merge_statistics(p) for p in parts]
    flat = merge_table(combine_merge_statistics(*stats))
    tree = merge_table(combine_merge_statistics(combine_merge_statistics(*stats[:4]),
                                                combine_merge_statistics(*stats[4:])))
    assert vars(flat) == vars(tree) == vars(merge_table(merge_statistics(mentions)))


def test_empty_parts_and_tables():
    empty = synthetic_mentions().iloc[:0]
    assert merge_parts([]) == []
    assert merge_parts([empty])[0].empty
    assert vars(merge_table(combine_merge_statistics())) == vars(MergeTable())
    assert apply_merge(empty, MergeTable()).empty
    pd.testing.assert_frame_equal(finish_actors(combine_actor_partials()), summarize_actors(empty))
    pd.testing.assert_frame_equal(finish_cooccurrence(combine_cooccurrence_partials()), cooccurrence(empty))
