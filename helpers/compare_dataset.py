"""Group comparisons over a profiled dataset, part by part: ``helpers.compare``'s results without loading a frame.

What it does: ``DatasetComparison(profile, group_by)`` (imported from here: ``helpers.dataflow`` never imports it) computes the
comparisons of ``helpers.compare`` on a dataset written by ``helpers.dataflow`` as map/reduce over its parts. One
task per part reads that part's articles, mentions (after the corpus merge) and claims, exactly as
``DatasetProfile`` builds them, labels its articles with their group and returns the counts each comparison needs
(``compare.count_group_sizes``, ``count_claims``, ``count_rank_items`` of ``speaker_items`` and ``target_items``,
``count_quoted_mentioned``, ``gender_people``); reduce tasks add them up ``COMBINE_FAN_IN`` at a time (a name's first
spelling is the one first in corpus order, by the position of its article in the run's view) and the client finishes
them with the same functions the in-memory comparisons end with (``grouping_counted``, ``shares_counted``,
``rank_counted``, ``quoted_mentioned_counted``, ``gender_counted``, ``readability_scored``). The results equal
``helpers.compare``'s on the loaded frames. The counts grow with the groups and the distinct actors, not with the
articles; the client also reads the actors table (one row per actor).

What it does not do: the readability comparison's median and bootstrap interval need every article's grade, so
``compare_readability`` gathers one column (the formula's grade, per article; 16 bytes an article) from the parts;
``count_metadata_coverage`` and the month-by-month actors use the same parts as the rest (see the methods). It runs
on the dataset's engine: a Dask cluster with ``engine="dask"``, else part by part in this process.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from . import compare as C
from .dataflow import DatasetProfile, open_executor, read_frame, tree_reduce
from .settings import Settings
from .storage import open_fs

__all__ = ["DatasetComparison", "count_mentions_over_time"]


# ---------------------------------------------------------------------------------------------- one part (worker)

def _part_frames(dataset: str, view: Sequence[tuple[str, str]], view_key: str, settings: Settings,
                 names: Sequence[str]) -> dict[str, pd.DataFrame]:
    """The frames of one part's articles (``view``: that part's (task, article) pairs), as ``DatasetProfile`` reads."""
    fs, root = open_fs(dataset, settings.storage_options)
    built: dict[str, pd.DataFrame] = {}

    def frame(name: str) -> pd.DataFrame:
        if name not in built:
            built[name] = read_frame(fs, root, name, view, view_key, settings, frame)
        return built[name]

    return {name: frame(name) for name in names}


def _part_grouping(articles: pd.DataFrame, group_by: str | None) -> C.Grouping:
    """The part's articles' groups (labels only: sizes are the dataset's, added up)."""
    labels = C.article_groups(C.profiled_articles(articles), group_by)
    return C.Grouping(by=group_by or C.ALL, labels=labels, sizes=pd.DataFrame(columns=["group"]))


def _first_positions(items: pd.DataFrame, keys: Sequence[str], positions: Mapping[str, int]) -> pd.DataFrame:
    """Per key, the view position of the first article holding it (items are in view order)."""
    if not len(items):
        return pd.DataFrame(columns=[*keys, "position"])
    pos = items["article_id"].astype(str).map(positions)
    return items.assign(position=pos).groupby(list(keys))["position"].min().reset_index()


def _positioned(counts: pd.DataFrame, items: pd.DataFrame, keys: Sequence[str],
                positions: Mapping[str, int]) -> pd.DataFrame:
    first = _first_positions(items, keys, positions)
    if not len(counts):
        return counts.assign(position=pd.Series(dtype="int64"))
    return counts.merge(first, on=list(keys), how="left", validate="one_to_one")


def count_part(dataset: str, view: Sequence[tuple[str, str]], view_key: str, settings: Settings, group_by: str | None,
               positions: Mapping[str, int], actors: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """Map (worker): the counts of every comparison over one part's articles."""
    frames = _part_frames(dataset, view, view_key, settings, ("articles", "mentions", "claims"))
    articles, mentions, claims = frames["articles"], frames["mentions"], frames["claims"]
    grouping = _part_grouping(articles, group_by)
    speakers = C.speaker_items(claims, grouping, actors)
    targets = C.target_items(claims, grouping, actors)
    rows = C.quoted_mentioned_rows(mentions, claims, grouping)
    mentioned, quoted = C.count_quoted_mentioned(mentions, claims, grouping, rows)
    quoted_people, mentioned_people = C.gender_people(mentions, claims, actors, grouping)
    keys = ["group", "actor_id"]
    return {
        "sizes": C.count_group_sizes(grouping.labels, claims),
        "kind": C.count_claims(claims, grouping, "kind"),
        "speaker_type": C.count_claims(claims, grouping, "speaker_type", actors),
        "speakers": _positioned(C.count_rank_items(speakers), speakers, keys, positions),
        "targets": _positioned(C.count_rank_items(targets), targets, keys, positions),
        "mentioned": _positioned(mentioned, rows[0], keys, positions),
        "quoted": quoted,
        "quoted_people": quoted_people,
        "mentioned_people": mentioned_people,
    }


def other_articles_part(dataset: str, view: Sequence[tuple[str, str]], view_key: str, settings: Settings,
                        group_by: str | None, tops: Mapping[str, set]) -> dict[str, int]:
    """Map (worker): per group, the part's articles naming an actor outside the group's top (an article is in one
    part, so these add up)."""
    frames = _part_frames(dataset, view, view_key, settings, ("articles", "mentions"))
    grouping = _part_grouping(frames["articles"], group_by)
    men = C.quoted_mentioned_rows(frames["mentions"], None, grouping)[0]
    return {g: int(men[(men["group"] == g) & ~men["actor_id"].isin(top)]["article_id"].nunique())
            for g, top in tops.items()}


def scores_part(dataset: str, view: Sequence[tuple[str, str]], view_key: str, settings: Settings,
                group_by: str | None, formula: str, positions: Mapping[str, int]) -> pd.DataFrame:
    """Map (worker): the part's (position, group, grade) rows of one readability formula."""
    frames = _part_frames(dataset, view, view_key, settings, ("articles", "readability"))
    scores = C.readability_scores(frames["readability"], _part_grouping(frames["articles"], group_by), formula)
    out = scores[["article_id", "group", formula]].copy()
    out["position"] = out["article_id"].astype(str).map(positions)
    return out.drop(columns="article_id").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------- reduce (worker)

def _combine_first(frames: Sequence[pd.DataFrame], sums: Sequence[str], firsts: Sequence[str]) -> pd.DataFrame:
    """Add up counts keyed by (group, actor_id): sums added, the first name and type by view position."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=["group", "actor_id", *sums, *firsts, "position"])
    joined = pd.concat(frames, ignore_index=True).sort_values("position", kind="stable")
    agg = {**{c: (c, "sum") for c in sums}, **{c: (c, "first") for c in firsts}, "position": ("position", "min")}
    return joined.groupby(["group", "actor_id"]).agg(**agg).reset_index()


def _sum_counts(frames: Sequence[pd.DataFrame], keys: Sequence[str], column: str) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=[*keys, column])
    return pd.concat(frames, ignore_index=True).groupby(list(keys), sort=False)[column].sum().reset_index()


def combine_counts(*parts: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Reduce (worker): add up parts' counts (``count_part``); no part gives empty counts."""
    take = lambda name: [p[name] for p in parts if len(p[name])]  # noqa: E731
    sizes = take("sizes")
    return {
        "sizes": (pd.concat(sizes, ignore_index=True).groupby("group", sort=False)[C.GROUP_SIZE_COLUMNS[1:]].sum()
                  .reset_index() if sizes else pd.DataFrame(columns=C.GROUP_SIZE_COLUMNS)),
        "kind": _sum_counts(take("kind"), ["group", "kind"], "count"),
        "speaker_type": _sum_counts(take("speaker_type"), ["group", "speaker_type"], "count"),
        "speakers": _combine_first(take("speakers"), ["count"], ["actor", "type"]),
        "targets": _combine_first(take("targets"), ["count"], ["actor", "type"]),
        "mentioned": _combine_first(take("mentioned"), ["n_mentions", "n_articles_naming"], ["actor", "type"]),
        "quoted": _sum_counts(take("quoted"), ["group", "actor_id"], "n_quoted"),
        "quoted_people": _distinct(take("quoted_people")),
        "mentioned_people": _distinct(take("mentioned_people")),
    }


def _distinct(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True).drop_duplicates() if frames else pd.DataFrame(columns=["group", "actor_id"])


def add_counts(*parts: dict[str, int]) -> dict[str, int]:
    """Reduce (worker): add up per-group counts."""
    out: dict[str, int] = {}
    for part in parts:
        for g, n in part.items():
            out[g] = out.get(g, 0) + n
    return out


def concat_scores(*parts: pd.DataFrame) -> pd.DataFrame:
    """Reduce (worker): the grades of several parts, in view order."""
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True).sort_values("position", kind="stable") if parts else pd.DataFrame()


# ---------------------------------------------------------------------------------------------- the client

class DatasetComparison:
    """The comparisons of ``helpers.compare`` over a dataset, grouped by ``group_by``: one pass over the parts gives
    every count (on first use), each method finishes one comparison from them."""

    def __init__(self, profile: DatasetProfile, group_by: str | None = None, min_articles: int = C.MIN_ARTICLES):
        self.profile, self.group_by, self.min_articles = profile, group_by, min_articles
        self._counts: dict[str, pd.DataFrame] | None = None
        self._actors: pd.DataFrame | None = None
        self._grouping: C.Grouping | None = None

    # the parts of the run's view, each with its articles' view positions
    def _parts(self) -> list[tuple[list[tuple[str, str]], dict[str, int]]]:
        parts: dict[str, tuple[list, dict]] = {}
        for pos, (task, aid) in enumerate(self.profile.view):
            view, positions = parts.setdefault(task, ([], {}))
            view.append((task, aid))
            positions[aid] = pos
        return list(parts.values())

    def _map_reduce(self, fn, combine, *args, with_positions: bool = True):
        p = self.profile
        executor = open_executor(p.settings)
        try:
            if hasattr(executor, "client"):  # sent to the workers once, not with every task
                args = tuple(executor.client.scatter(a, broadcast=True) if isinstance(a, pd.DataFrame) else a
                             for a in args)
            handles = [executor.submit(fn, p.dataset, view, p.view_key, p.settings, self.group_by, *args,
                                       *((positions,) if with_positions else ()))
                       for view, positions in self._parts()]
            return executor.result(tree_reduce(executor, combine, handles))
        finally:
            executor.close()

    @property
    def actors(self) -> pd.DataFrame:
        """The dataset's actors table (one row per actor; read once)."""
        if self._actors is None:
            self._actors = self.profile.tables["actors"]
        return self._actors

    def counts(self) -> dict[str, pd.DataFrame]:
        """Every comparison's counts, added up over the parts (one pass, on first use)."""
        if self._counts is None:
            self._counts = self._map_reduce(_count_part_with_actors, combine_counts, self.actors)
        return self._counts

    @property
    def grouping(self) -> C.Grouping:
        """The grouping: sizes and order of the groups (the article labels stay in the dataset)."""
        if self._grouping is None:
            self._grouping = C.grouping_counted(self.counts()["sizes"], self.group_by, self.min_articles)
        return self._grouping

    def count_claims_by_kind(self) -> pd.DataFrame:
        """``compare.count_claims_by_kind`` over the dataset."""
        return C.shares_counted(self.counts()["kind"], "kind", self.grouping)

    def count_claims_by_speaker_type(self) -> pd.DataFrame:
        """``compare.count_claims_by_speaker_type`` over the dataset (speaker types from the actors table)."""
        return C.shares_counted(self.counts()["speaker_type"], "speaker_type", self.grouping)

    def rank_speakers(self, top_n: int = 10, per_group: bool = True) -> pd.DataFrame:
        """``compare.rank_speakers`` over the dataset."""
        return C.speakers_ranked(self.counts()["speakers"].drop(columns="position"), self.grouping, top_n, per_group)

    def rank_targets(self, top_n: int = 10, per_group: bool = True) -> pd.DataFrame:
        """``compare.rank_targets`` over the dataset."""
        return C.targets_ranked(self.counts()["targets"].drop(columns="position"), self.grouping, top_n, per_group)

    def compare_quoted_mentioned(self, top_n: int = 10, per_group: bool = True) -> pd.DataFrame:
        """``compare.compare_quoted_mentioned`` over the dataset (a second pass counts, per group, the articles
        naming an actor outside its top)."""
        counts = self.counts()

        def other_articles(tops: Mapping[str, set]) -> dict[str, int]:
            return self._map_reduce(other_articles_part, add_counts, dict(tops), with_positions=False)

        return C.quoted_mentioned_counted(counts["mentioned"].drop(columns="position"), counts["quoted"],
                                          self.grouping, other_articles, top_n, per_group)

    def compare_gender(self) -> pd.DataFrame:
        """``compare.compare_gender`` over the dataset."""
        counts = self.counts()
        return C.gender_counted(counts["quoted_people"], counts["mentioned_people"], self.actors, self.grouping)

    def compare_readability(self, formula: str = "flesch_kincaid_grade", n_resamples: int = C.N_RESAMPLES,
                            seed: int = C.SEED) -> pd.DataFrame:
        """``compare.compare_readability`` over the dataset (the parts' grades of one formula are gathered)."""
        scores = self._map_reduce(scores_part, concat_scores, formula)
        if not len(scores):
            scores = pd.DataFrame(columns=["group", formula])
        return C.readability_scored(scores, self.grouping, formula, n_resamples, seed)


def _count_part_with_actors(dataset, view, view_key, settings, group_by, actors, positions):
    return count_part(dataset, view, view_key, settings, group_by, positions, actors)


def count_mentions_over_time(profile: DatasetProfile, top_n: int = 10, min_articles: int = C.MIN_ARTICLES,
                             by: str = "month") -> pd.DataFrame:
    """``compare.count_mentions_over_time`` over a dataset."""
    out = DatasetComparison(profile, by, min_articles).compare_quoted_mentioned(top_n, per_group=False)
    kept = out[out["actor"] != C.OTHER].reset_index(drop=True)
    kept.attrs["notes"] = list(out.attrs.get("notes", []))
    return kept
