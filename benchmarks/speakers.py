"""Score the canonical speaker of each claim against the hand-annotated PolNeAR (and BBC) speakers.

Usage: .venv/bin/python benchmarks/speakers.py [--split dev|train|all|bbc|bbc-blind2|bbc-review] [--limit N] [--show-errors N]
       [--json PATH] [--no-claims]

Gold: ``benchmarks/data/speakers/polnear-{train,dev}.csv`` (one row per gold attribution with a Source: the
Source text, its ``source_form`` and the ``canonical`` entity it denotes; see that folder's README). The
annotated articles are profiled with ``helpers.corpus.profile_corpus`` (no cache) and gold offsets, which are
offsets into the file text, are mapped onto the loader's ``raw_text`` as ``claims_polnear.py`` does.
``--split all`` is dev and train.

``--split bbc`` scores ``benchmarks/data/speakers/bbc-dev.csv`` instead: one row per direct quotation in 30 BBC
News articles (``../shared/corpora/bbc/bbc-news.csv``), a second, independent set in the wire/broadcast style
(said X, X told, pronoun and nominal speakers, quotes continued over paragraphs). Its articles are loaded with
``helpers.load.load_articles`` and picked by ``article_id``; its offsets are already offsets into ``raw_text``, so
nothing is mapped. Before scoring, every row is checked: ``source_text == raw_text[source_start:source_end]`` and
the content lies inside quotation marks (``check_bbc_gold``). Rows whose ``source_form`` is ``continued`` (a quote
with no speaker words in its sentence, e.g. the next paragraph of a quote) have empty source offsets and count
in the headline by their canonical like any other row. claims_polnear's F1 is not computed for bbc; its figures
are written to ``benchmarks/results/speakers-bbc.json`` unless ``--json`` says otherwise.

Matching: for each gold row, the predicted claim (any kind but ``assertion``; direct quotes sharing one cue
joined into one prediction, as ``claims_polnear.py`` scores them) whose content best overlaps the gold content
span, with an overlap of at least half of the shorter span. A row with no such claim is "not found": found
rows are the ones whose speaker is scored (so speaker accuracy is measured on found quotes, as a held-out
evaluation of speaker identification does), and the found rate is reported beside it.

A predicted speaker is correct when it denotes the gold canonical entity (``speaker_correct``): both names
normalised (case, accents, leading titles such as Mr./Sen./President, "the", possessives, punctuation,
suffixes such as Jr.) and then equal; or one is a single word equal to the other's last word (a surname);
or both end in the same word and their first words agree (equal, or one the initial of the other:
"Donald J. Trump" and "Donald Trump", never "Eric Garner" and "Erica Garner"); or the predicted actor's
aliases (``prof.actors``, by ``speaker_actor_id``) contain the gold canonical. Rows with an empty gold
canonical (generic sources: "experts", "a friend") are correct when the predicted speaker is empty or a
group actor; rows whose canonical lists several entities ("Jeb Bush; Chris Christie", a coordination, written
so in the train file) when it is a group or one of them. Both are reported apart and left out of the headline.

Prints, per split: the headline accuracy (rows with a gold canonical, found), the found rate, accuracy by
gold ``source_form`` and by the predicted ``speaker_resolution`` (when the claims frame has it), the generic
rows, an error-kind breakdown with the five most common kinds and one example of each (``top_errors``), and,
for the dev split, the content and end-to-end F1 of ``claims_polnear.py`` beside it. Writes the figures to
``benchmarks/results/speakers.json`` (``--json``); a ``--limit`` run writes nothing unless ``--json`` is given,
so a quick run never replaces the full figures.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.claims_polnear import (POLNEAR_DIR, Gold, choose_annotations, group_by_cue,  # noqa: E402
                                       matched_predictions, offset_map, overlap, prf, read_ann, span_len)

GOLD_DIR = ROOT / "benchmarks" / "data" / "speakers"
RESULTS = ROOT / "benchmarks" / "results" / "speakers.json"
RESULTS_BBC = ROOT / "benchmarks" / "results" / "speakers-bbc.json"
RESULTS_BBC2 = ROOT / "benchmarks" / "results" / "speakers-bbc-blind2.json"
RESULTS_REVIEW = ROOT / "benchmarks" / "results" / "speakers-bbc-review.json"
REVIEW_FILE = Path(__file__).parent / "data" / "speakers" / "bbc-review.csv"
SPLITS = ("dev", "train")
GOLD_FILES = {"dev": "polnear-dev.csv", "train": "polnear-train.csv", "bbc": "bbc-dev.csv",
              "bbc-blind2": "bbc-blind2.csv"}
BBC_SPLITS = ("bbc", "bbc-blind2")  # sets of BBC quotes annotated blind, scored alike (``run_bbc``)
BBC_CSV = POLNEAR_DIR.parent / "bbc" / "bbc-news.csv"
QUOTE_MARKS = "\"\u201c\u201d"
FORMS = ("full-name", "surname", "given-name", "pronoun", "nominal", "organisation", "generic", "other", "continued")
TOP_ERRORS = 5  # error kinds listed with an example
ERROR_KINDS = ("wrong speaker span", "actor split upstream", "no speaker", "wrong person", "organisation/place instead of person", "pronoun unresolved",
               "nominal unresolved", "name not linked", "person instead of organisation/place",
               "wrong organisation/place/group", "group instead of named entity")

# Leading words that are titles, not names ("Sen. Lindsey Graham", "President Obama", "former Gov. Jeb Bush").
TITLES = frozenset("""
mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father sister brother
sen senator rep representative congressman congresswoman del delegate president vp vice pres
gov governor lt ltgov lieutenant sec secretary gen general adm admiral col colonel maj major capt captain cmdr
sgt sergeant cpl pvt officer chief justice judge atty attorney chairman chairwoman chair speaker leader
mayor minister premier chancellor ambassador amb king queen prince princess pope former candidate nominee
first lady gentleman
""".split())
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "esq", "phd", "md"})
PRONOUNS = frozenset("""
i me my mine myself we us our ours ourselves you your yours he him his himself she her hers herself it its itself
they them their theirs themselves who whom whose which that this these those one
""".split())
DETERMINERS = ("the ", "a ", "an ", "this ", "that ", "these ", "those ", "his ", "her ", "their ", "its ", "our ",
               "my ", "your ", "some ", "many ", "several ", "one ", "another ", "other ")


def _s(value) -> str:
    """A cell as text: '' for None/NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def as_list(value) -> list[str]:
    """A list cell (list, array, JSON text or '; '-separated text) as a list of strings."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        if value.startswith("["):
            try:
                return [str(v) for v in json.loads(value)]
            except ValueError:
                pass
        return [v for v in value.split("; ") if v]
    return [str(v) for v in value]


def normalise_name(name: str) -> str:
    """Fold a name for comparison: case, accents, brackets, possessives, punctuation, leading titles and 'the'.

    "Mr. Trump" -> "trump"; "The Washington Post's" -> "washington post"; "U.S." -> "us";
    "Sen. Lindsey O. Graham Jr." -> "lindsey o graham".
    """
    s = unicodedata.normalize("NFKD", _s(name))
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", s)                 # "(R-S.C.)"
    s = s.replace("\u2019", "'").replace("\u2018", "'")
    s = re.sub(r"'s\b|(?<=s)'(?=\s|$)", "", s)                     # possessives: Trump's, Davis'
    s = re.sub(r"[.'`]", "", s)                                    # U.S. -> us, O'Neill -> oneill
    s = re.sub(r"[^\w\s]|_", " ", s)                               # other punctuation splits words
    words = s.split()
    while words and (words[0] in TITLES or words[0] == "the"):
        words = words[1:]
    while len(words) > 1 and words[-1] in SUFFIXES:
        words = words[:-1]
    return " ".join(words)


def names_match(a: str, b: str) -> bool:
    """True when two names denote the same entity by form: equal once normalised, or a surname of the other.

    A single word equal to the other's last word matches ("Trump", "Donald Trump"). Two longer names with the
    same last word match when their first words agree: equal, or one the initial of the other ("Donald J.
    Trump", "Donald Trump"; "J. Comey", "James Comey"); "Eric Garner" and "Erica Garner" do not.
    """
    na, nb = normalise_name(a).split(), normalise_name(b).split()
    if not na or not nb:
        return False
    if na == nb:
        return True
    if na[-1] != nb[-1]:
        return False
    if len(na) == 1 or len(nb) == 1:
        return True
    fa, fb = na[0], nb[0]
    return fa == fb or (len(fa) == 1 and fb.startswith(fa)) or (len(fb) == 1 and fa.startswith(fb))


def speaker_correct(pred_speaker: str, gold_canonical: str, pred_type: str = "", pred_aliases=()) -> bool:
    """True when the predicted speaker denotes the gold canonical entity (see the module docstring).

    With an empty gold canonical (a generic source), correct when the predicted speaker is empty or a group;
    with a coordination of several entities ("Jeb Bush; Chris Christie", as the train file writes them), when
    it is a group or denotes one of them.
    """
    pred, gold = _s(pred_speaker).strip(), _s(gold_canonical).strip()
    if not gold:
        return not pred or _s(pred_type) == "group"
    if not pred:
        return False
    if ";" in gold:  # a coordination ("Jeb Bush; Chris Christie"): a group, or one of its members
        return _s(pred_type) == "group" or any(
            speaker_correct(pred, g, pred_type, pred_aliases) for g in gold.split(";") if g.strip())
    if names_match(pred, gold):
        return True
    ng = normalise_name(gold)
    return any(normalise_name(a) == ng for a in (pred_aliases or ()) if _s(a))


def is_pronoun(text: str) -> bool:
    """True for a pronoun speaker span ("He", "they", "who")."""
    return normalise_name(text) in PRONOUNS or _s(text).strip().casefold() in PRONOUNS


def looks_nominal(text: str) -> bool:
    """True for a common-noun phrase ("the agency", "The Republican nominee", "Connecticut's tax commissioner"):
    its last word (the head noun) is lower-case; a name ("Donald Trump", "the FBI") is not."""
    if is_pronoun(text):
        return False
    words = re.findall(r"[A-Za-z][\w'-]*", _s(text))
    return bool(words) and words[-1][0].islower()


def error_kind(row: dict) -> str:
    """Why a scored row is wrong: the speaker phrase is not the gold Source (wrong speaker span), the predicted actor is
    part of the gold entity's name or the reverse (actor split upstream), else from the prediction's speaker, speaker
    text, resolution and type."""
    pred = _s(row.get("pred_speaker"))
    text = _s(row.get("pred_speaker_text"))
    res = _s(row.get("pred_resolution"))
    ptype = _s(row.get("pred_type"))
    gtype = _s(row.get("canonical_type"))
    if text and row.get("span_overlap") is False:
        return "wrong speaker span"  # the cue's speaker phrase is not the gold Source: an attribution error
    pw, gw = set(normalise_name(pred).split()), set(normalise_name(row.get("canonical")).split())
    if pw and gw and pw != gw and (pw < gw or gw < pw):
        return "actor split upstream"  # "Ban" for "Ban Ki-moon": the actors step made two of one entity
    if not pred:
        if res == "pronoun" or (text and is_pronoun(text)):
            return "pronoun unresolved"
        if res == "nominal" or (text and looks_nominal(text)):
            return "nominal unresolved"
        if text:
            return "name not linked"
        return "no speaker"
    if ptype == "person":
        return "wrong person" if gtype in ("person", "") else "person instead of organisation/place"
    if gtype == "person":
        return "organisation/place instead of person"
    if ptype == "group" and gtype != "group":
        return "group instead of named entity"
    return "wrong organisation/place/group"


def best_claim(preds: list[dict], gold: tuple[int, int]) -> dict | None:
    """The prediction whose content best overlaps the gold span (share of the longer), at least half of the
    shorter span covered; None when no prediction overlaps that much."""
    best, best_share = None, 0.0
    glen = gold[1] - gold[0]
    for p in preds:
        pieces = p.get("pieces") or [(p["content_start"], p["content_end"])]
        plen = span_len(pieces)
        ov = overlap(gold, pieces)
        shorter = min(plen, glen)
        if shorter <= 0 or ov < 0.5 * shorter:
            continue
        share = ov / max(plen, glen)
        if share > best_share:
            best, best_share = p, share
    return best


def load_gold(splits: list[str], limit: int | None = None) -> pd.DataFrame:
    """The gold rows of the splits (first ``limit`` articles of each, in sorted order)."""
    frames = []
    for split in splits:
        path = GOLD_DIR / GOLD_FILES[split]
        if not path.exists():
            print(f"note: {path.relative_to(ROOT)} not found; split {split} skipped")
            continue
        g = pd.read_csv(path, keep_default_na=False, dtype=str)
        g["split"] = split
        if limit:
            g = g[g["article"].isin(sorted(g["article"].unique())[:limit])]
        frames.append(g)
    if not frames:
        raise SystemExit("no gold speaker file found under benchmarks/data/speakers/")
    gold = pd.concat(frames, ignore_index=True)
    for c in ("source_start", "source_end", "content_start", "content_end"):
        gold[c] = gold[c].replace("", "-1").astype(int)  # a 'continued' row has no source span: -1
    return gold


def check_bbc_gold(gold: pd.DataFrame, raw: dict[str, str]) -> list[str]:
    """Problems with the BBC gold rows: a source_text that is not the raw_text at its offsets, or a content span
    that is not inside quotation marks (an opening mark right before it, none inside it, and a closing mark right
    after it, or the next paragraph's opening mark after it when the quote's paragraph is left open, as the BBC CSV
    writes quotes continued over paragraphs, or the end of the text). A row whose note says "closing mark missing"
    (the CSV dropped it) needs only the opening mark."""
    problems = []
    for g in gold.to_dict("records"):
        text = raw.get(g["article"])
        where = f"{g['article']} content {g['content_start']}-{g['content_end']}"
        if text is None:
            problems.append(f"{where}: article not loaded")
            continue
        if g["source_start"] >= 0 and text[g["source_start"]:g["source_end"]] != g["source_text"]:
            problems.append(f"{where}: source_text {g['source_text']!r} is "
                            f"{text[g['source_start']:g['source_end']]!r} in raw_text")
        if g["source_start"] < 0 and g["source_text"]:
            problems.append(f"{where}: source_text without offsets")
        cs, ce = g["content_start"], g["content_end"]
        content, after = text[cs:ce], text[ce:]
        opened = cs > 0 and text[cs - 1] in QUOTE_MARKS
        closed = (after[:1] in tuple(QUOTE_MARKS) or not after.strip()
                  or (after[:1].isspace() and after.lstrip()[:1] in tuple(QUOTE_MARKS)))
        closed = closed or "closing mark missing" in g["note"]
        if not opened or not closed or any(m in content for m in QUOTE_MARKS):
            problems.append(f"{where}: content not inside quotation marks: "
                            f"{text[max(cs - 2, 0):cs]!r}|{content[:30]!r}...{content[-20:]!r}|{after[:3]!r}")
    return problems


def profile(paths: list[Path]):
    """Profile the articles once (no cache, two processes)."""
    from helpers.corpus import profile_corpus

    try:
        return profile_corpus(paths, cache=False, n_process=2, progress=False)
    except TypeError as exc:  # the lead may be changing the API: take a loaded frame instead
        if "memo" not in str(exc):
            raise
        from helpers.load import load_articles

        return profile_corpus(load_articles(paths), cache=False, n_process=2, progress=False)


def is_named(canonical: str) -> bool:
    """True for a gold row that names one entity: the rows of the headline (not generic, not a coordination)."""
    c = _s(canonical).strip()
    return bool(c) and ";" not in c


def score_rows(rows: list[dict], has_resolution: bool) -> dict:
    """Aggregate scored rows (one split or all): headline, found rate, by form, by resolution, generic, errors."""
    named = [r for r in rows if is_named(r["canonical"])]
    generic = [r for r in rows if not is_named(r["canonical"])]
    found_named = [r for r in named if r["found"]]
    found_generic = [r for r in generic if r["found"]]
    found_all = [r for r in rows if r["found"]]

    def acc(rs):
        n = len(rs)
        return {"n": n, "correct": sum(r["correct"] for r in rs),
                "accuracy": round(sum(r["correct"] for r in rs) / n, 3) if n else None}

    out = {
        "gold_rows": len(rows),
        "named_rows": len(named),
        "generic_rows": len(generic),
        "found": len(found_all),
        "found_rate": round(len(found_all) / len(rows), 3) if rows else None,
        "found_rate_named": round(len(found_named) / len(named), 3) if named else None,
        "headline": acc(found_named),
        "generic": acc(found_generic),
        "all_found": acc(found_all),
        "by_source_form": {},
        "by_resolution": "n/a",
    }
    for form in FORMS + tuple(sorted({r["source_form"] for r in rows} - set(FORMS))):
        rs = [r for r in rows if r["source_form"] == form]
        if rs:
            out["by_source_form"][form] = dict(acc([r for r in rs if r["found"]]), gold_rows=len(rs))
    if has_resolution:
        by = defaultdict(list)
        for r in found_named:
            by[r["pred_resolution"] or "(empty)"].append(r)
        out["by_resolution"] = {k: acc(v) for k, v in sorted(by.items(), key=lambda kv: -len(kv[1]))}
    kinds = Counter(r["error_kind"] for r in found_named if not r["correct"])
    out["error_kinds"] = dict(kinds.most_common())
    out["top_errors"] = top_errors(found_named, TOP_ERRORS)
    wrong = [r for r in found_named if not r["correct"]]
    out["wrong_with_gold_source_span"] = sum(bool(r.get("span_overlap")) for r in wrong)
    return out


def top_errors(rows: list[dict], n: int) -> list[dict]:
    """The ``n`` most common error kinds of the wrong rows (ties by name), each with its count and one example (the
    first in gold order): article, gold source text, gold canonical, predicted speaker, its text and resolution."""
    wrong = [r for r in rows if r["found"] and not r["correct"] and is_named(r["canonical"])]
    kinds = Counter(r["error_kind"] for r in wrong)
    out = []
    for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))[:n]:
        r = next(r for r in wrong if r["error_kind"] == kind)
        out.append({"kind": kind, "n": count, "example": {
            "split": _s(r.get("split")), "article": _s(r.get("article")), "source_text": _s(r.get("source_text")),
            "gold": r["canonical"], "predicted": _s(r.get("pred_speaker")), "predicted_text": _s(r.get("pred_speaker_text")),
            "resolution": _s(r.get("pred_resolution")) or "none",
            "content": re.sub(r"\s+", " ", _s(r.get("content")))[:100]}})
    return out


def score_claims_subset(arts: pd.DataFrame, claims: pd.DataFrame, stems: dict[str, tuple[str, str]]) -> dict:
    """claims_polnear's content and end-to-end scoring of these predictions on the profiled articles."""
    tot = Counter()
    for r in arts.itertuples():
        split, stem = stems[r.article_id]
        base = POLNEAR_DIR / split
        ann = choose_annotations(base / "attributions").get(stem)
        if ann is None:
            continue
        m = offset_map(Path(r.path).read_text(encoding="utf-8"), r.raw_text)
        golds = [Gold([(m[a], m[b]) for a, b in g.content], [(m[a], m[b]) for a, b in g.source],
                      [(m[a], m[b]) for a, b in g.cue]) for g in read_ann(ann)]
        preds = group_by_cue(claims[claims["article_id"] == r.article_id].to_dict("records"))
        tot["gold"] += len(golds)
        tot["pred"] += len(preds)
        tot["content"] += len(matched_predictions(preds, golds, False))
        tot["e2e"] += len(matched_predictions(preds, golds, True))
    return {"articles": len(arts), "gold_attributions": tot["gold"], "predicted_attributions": tot["pred"],
            "content": prf(tot["content"], tot["pred"], tot["gold"]),
            "end_to_end": prf(tot["e2e"], tot["pred"], tot["gold"])}


def empty_row(g: dict) -> dict:
    """A scored row for gold row ``g`` before matching: not found, not correct, no prediction."""
    row = {k: g[k] for k in ("split", "article", "source_text", "source_form", "canonical", "canonical_type",
                             "cue_text", "note")}
    row.update(found=False, correct=False, pred_speaker="", pred_speaker_text="", pred_actor_id="",
               pred_type="", pred_resolution="", pred_kind="", pred_rule="", content="", error_kind="",
               span_overlap=False)
    return row


def score_row(row: dict, g: dict, raw_text: str, span: tuple[int, int], source: tuple[int, int], preds: list[dict],
              actors: pd.DataFrame) -> None:
    """Fill ``row`` for gold row ``g`` (content ``span`` and Source ``source`` as raw_text offsets): the best-matching
    prediction among ``preds``, its speaker, type and resolution, whether it is correct and, if not, why."""
    row["content"] = raw_text[span[0]:span[1]]
    p = best_claim(preds, span)
    if p is None:
        return
    actor_id = _s(p.get("speaker_actor_id"))
    ptype, aliases = "", []
    if actor_id and actor_id in actors.index:
        a = actors.loc[actor_id]
        ptype = _s(a["type"])
        aliases = as_list(a["aliases"]) + [_s(a["actor"])]
    elif actor_id:
        ptype = actor_id.split(":", 1)[0]
    row.update(found=True, pred_speaker=_s(p.get("speaker")), pred_speaker_text=_s(p.get("speaker_text")),
               pred_actor_id=actor_id, pred_type=ptype, pred_resolution=_s(p.get("speaker_resolution")),
               pred_kind=_s(p.get("kind")), pred_rule=_s(p.get("rule")),
               span_overlap=p["speaker_start"] >= 0 and source[0] >= 0
               and overlap((p["speaker_start"], p["speaker_end"]), [source]) > 0)
    row["correct"] = speaker_correct(row["pred_speaker"], g["canonical"], ptype, aliases)
    if not row["correct"] and is_named(g["canonical"]):
        row["error_kind"] = error_kind(row)


def predictions(prof, arts: pd.DataFrame) -> tuple[pd.DataFrame, bool, pd.DataFrame, dict, dict]:
    """What both gold sets are scored against: the attributed claims, whether they say how the speaker was
    resolved, the actors by id, the claims of each article grouped by cue, and each article's raw_text."""
    claims = prof.claims
    claims = claims[claims["kind"] != "assertion"]
    has_resolution = "speaker_resolution" in claims.columns
    actors = prof.actors.set_index("actor_id") if len(prof.actors) else pd.DataFrame()
    by_article = {aid: group_by_cue(g.to_dict("records")) for aid, g in claims.groupby("article_id")}
    raw = dict(zip(arts["article_id"], arts["raw_text"]))
    return claims, has_resolution, actors, by_article, raw


def run_bbc(gold: pd.DataFrame, t0: float, limit: int | None = None, name: str = "bbc") -> tuple[dict, list[dict]]:
    """Profile the annotated BBC articles (loaded from the CSV, picked by article_id) and score every gold row; its
    offsets are raw_text offsets. Stops when a gold row fails ``check_bbc_gold``."""
    from helpers.corpus import profile_corpus
    from helpers.load import load_articles

    loaded = load_articles(BBC_CSV)
    wanted = set(gold["article"])
    chosen = loaded[loaded["article_id"].isin(wanted)].reset_index(drop=True)
    missing = wanted - set(chosen["article_id"])
    if missing:
        raise SystemExit(f"BBC articles not found by the loader: {sorted(missing)}")
    problems = check_bbc_gold(gold, dict(zip(chosen["article_id"], chosen["raw_text"])))
    if problems:
        raise SystemExit(f"{GOLD_FILES[name]} fails its checks:\n  " + "\n  ".join(problems))
    prof = profile_corpus(chosen, cache=False, n_process=2, progress=False)
    t_profile = time.time() - t0
    arts = prof.articles
    arts = arts[arts["status"] == "ok"]
    claims, has_resolution, actors, by_article, raw = predictions(prof, arts)
    rows: list[dict] = []
    for g in gold.to_dict("records"):
        row = empty_row(g)
        if g["article"] in raw:  # else the profiler set the article aside: the row is not found
            score_row(row, g, raw[g["article"]], (g["content_start"], g["content_end"]),
                      (g["source_start"], g["source_end"]), by_article.get(g["article"], []), actors)
        rows.append(row)
    out = {"splits": [name], "limit": limit, "articles": len(arts), "has_speaker_resolution": has_resolution,
           "gold_offset_mismatches": 0, "profile_s": round(t_profile, 1),
           "score_s": round(time.time() - t0 - t_profile, 1), "per_split": {name: score_rows(rows, has_resolution)}}
    out["direct_quote_content"] = direct_quote_content(gold, claims, raw)
    return out, rows


def run_review() -> tuple[dict, list[dict]]:
    """Score the BBC review set (``bbc-review.csv``: direct quotes of 45 BBC articles outside bbc-dev.csv whose
    speakers were read after a run of the tool, so a reviewer's set, not a blind one): for each scored row, the
    innermost claim holding its first words against the speaker the reader gave."""
    from helpers.corpus import profile_corpus
    from helpers.load import load_articles

    t0 = time.time()
    review = pd.read_csv(REVIEW_FILE, keep_default_na=False)
    loaded = load_articles(BBC_CSV)
    chosen = loaded[loaded["article_id"].isin(set(review["article"]))].reset_index(drop=True)
    prof = profile_corpus(chosen, cache=False, n_process=2, progress=False)
    t_profile = time.time() - t0
    claims = prof.claims[prof.claims["kind"] != "assertion"]
    actors = prof.actors.set_index("actor_id") if len(prof.actors) else pd.DataFrame()
    rows = []
    for g in review[review["scored"].astype(str) == "True"].to_dict("records"):
        at = int(g["content_start"]) + 1
        c = claims[(claims["article_id"] == g["article"]) & (claims["content_start"] <= at)
                   & (claims["content_end"] > at)].sort_values("content_start")
        pred = c.iloc[-1].to_dict() if len(c) else {}
        aid = _s(pred.get("speaker_actor_id"))
        kind = _s(actors.loc[aid, "type"]) if aid and aid in actors.index else ""
        aliases = as_list(actors.loc[aid, "aliases"]) if aid and aid in actors.index else []
        ok = bool(pred) and speaker_correct(_s(pred.get("speaker")), g["canonical"], kind, aliases)
        rows.append({"article": g["article"], "content_start": g["content_start"], "canonical": g["canonical"],
                     "pred_speaker": _s(pred.get("speaker")), "pred_resolution": _s(pred.get("speaker_resolution")),
                     "content": g["content_prefix"], "correct": ok})
    n, right = len(rows), sum(r["correct"] for r in rows)
    out = {"split": "bbc-review", "articles": int(chosen["article_id"].nunique()), "rows": n, "correct": right,
           "accuracy": round(right / n, 3) if n else 0.0, "profile_s": round(t_profile, 1)}
    return out, rows


_WORD = re.compile(r"\w+")


def _word_offsets(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Start offsets of the words inside the spans (a word counts once, however many spans hold it)."""
    out: set[int] = set()
    for s, e in spans:
        out.update(m.start() for m in _WORD.finditer(text, int(s), int(e)))
    return out


def direct_quote_content(gold: pd.DataFrame, claims: pd.DataFrame, raw: dict[str, str]) -> dict:
    """Word-level precision, recall and F1 of the direct-quote contents against every annotated quotation.

    Every direct quotation of the annotated BBC articles is a gold row, so the words inside them are all the quoted
    words; a predicted ``direct`` claim's content (its ``content_pieces`` when split) is compared word by word.
    """
    tp = n_pred = n_gold = 0
    direct = claims[claims["kind"] == "direct"]
    for aid, text in raw.items():
        g = gold[gold["article"] == aid]
        gold_words = _word_offsets(text, list(zip(g["content_start"], g["content_end"])))
        d = direct[direct["article_id"] == aid]
        pred_words = _word_offsets(text, list(zip(d["content_start"], d["content_end"])))
        tp += len(gold_words & pred_words)
        n_pred += len(pred_words)
        n_gold += len(gold_words)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "gold_words": n_gold,
            "predicted_words": n_pred}


def run(splits: list[str], limit: int | None = None) -> tuple[dict, list[dict]]:
    """Profile the annotated articles, score every gold row; return the figures and the scored rows."""
    t0 = time.time()
    gold = load_gold(splits, limit)
    if len(splits) == 1 and splits[0] in BBC_SPLITS:
        return run_bbc(gold, t0, limit, splits[0])
    paths = {}
    for split, article in gold[["split", "article"]].drop_duplicates().itertuples(index=False):
        p = POLNEAR_DIR / split / "text" / f"{article}.txt"
        if not p.exists():
            raise SystemExit(f"PolNeAR text not found: {p}")
        paths[(split, article)] = p
    prof = profile(sorted(paths.values()))
    t_profile = time.time() - t0
    arts = prof.articles
    arts = arts[arts["status"] == "ok"]
    by_path = {(p.parent.parent.name, p.stem): k for k, p in paths.items()}
    stems = {}
    for r in arts.itertuples():
        p = Path(r.path)
        stems[r.article_id] = by_path.get((p.parent.parent.name, p.stem), (p.parent.parent.name, p.stem))
    aid_of = {v: k for k, v in stems.items()}
    claims, has_resolution, actors, by_article, raw = predictions(prof, arts)
    path_of = dict(zip(arts["article_id"], arts["path"]))

    rows: list[dict] = []
    offset_mismatch = 0
    maps: dict[str, tuple[list[int], str]] = {}
    for g in gold.to_dict("records"):
        aid = aid_of.get((g["split"], g["article"]))
        row = empty_row(g)
        if aid is None:  # the loader set the article aside: every row not found
            rows.append(row)
            continue
        if aid not in maps:
            original = Path(path_of[aid]).read_text(encoding="utf-8")
            maps[aid] = (offset_map(original, raw[aid]), original)
        m, original = maps[aid]
        if original[g["source_start"]:g["source_end"]] != g["source_text"]:
            offset_mismatch += 1
        span = (m[g["content_start"]], m[g["content_end"]])
        source = (m[g["source_start"]], m[g["source_end"]])
        score_row(row, g, raw[aid], span, source, by_article.get(aid, []), actors)
        rows.append(row)
    t_score = time.time() - t0 - t_profile

    out = {"splits": splits, "limit": limit, "articles": len(arts), "has_speaker_resolution": has_resolution,
           "gold_offset_mismatches": offset_mismatch, "profile_s": round(t_profile, 1),
           "score_s": round(t_score, 1), "per_split": {}}
    for split in splits:
        rs = [r for r in rows if r["split"] == split]
        if rs:
            out["per_split"][split] = score_rows(rs, has_resolution)
    if len(out["per_split"]) > 1:
        out["per_split"]["all"] = score_rows(rows, has_resolution)
    for split in splits:
        sub = arts[[stems[a][0] == split for a in arts["article_id"]]]
        if len(sub):
            out["per_split"][split]["claims_on_annotated_articles"] = score_claims_subset(sub, claims, stems)
    return out, rows


def _fmt_acc(a: dict) -> str:
    return "n/a (n=0)" if not a["n"] else f"{a['accuracy']:.3f} ({a['correct']}/{a['n']})"


def print_report(out: dict) -> None:
    if "direct_quote_content" in out:
        d = out["direct_quote_content"]
        print(f"\n== direct-quote content, word level, against every annotated quotation: precision {d['precision']:.3f}, "
              f"recall {d['recall']:.3f}, F1 {d['f1']:.3f} ({d['gold_words']} gold words, {d['predicted_words']} "
              "predicted)")
    for split, s in out["per_split"].items():
        print(f"\n== {split}: {s['gold_rows']} gold rows ({s['named_rows']} naming one entity, "
              f"{s['generic_rows']} generic or coordinations)")
        print(f"  canonical-speaker accuracy on found quotes (headline): {_fmt_acc(s['headline'])}")
        print(f"  found rate: {s['found_rate_named']:.3f} of rows naming one entity; {s['found_rate']:.3f} of all rows "
              f"({s['found']}/{s['gold_rows']})")
        print(f"  generic rows (empty canonical: correct = no speaker or a group; coordinations: a group or a member): "
              f"{_fmt_acc(s['generic'])}")
        print("  by gold source_form (found rows; generic ones by the generic rule):")
        for form, a in s["by_source_form"].items():
            print(f"    {form:<14} {_fmt_acc(a):<22} of {a['gold_rows']} gold rows")
        if s["by_resolution"] == "n/a":
            print("  by predicted speaker_resolution: n/a (the claims frame has no speaker_resolution column)")
        else:
            print("  by predicted speaker_resolution (headline rows):")
            for res, a in s["by_resolution"].items():
                print(f"    {res:<14} {_fmt_acc(a)}")
        if s["error_kinds"]:
            print("  error kinds (headline rows): " + ", ".join(f"{k} {n}" for k, n in s["error_kinds"].items()))
            print(f"  the {len(s['top_errors'])} most common error kinds, one example each:")
            for e in s["top_errors"]:
                x = e["example"]
                print(f"    {e['kind']} ({e['n']}): {x['split']}/{x['article']}: source {x['source_text']!r}, gold "
                      f"{x['gold']!r}, predicted {x['predicted']!r} (text {x['predicted_text']!r}, {x['resolution']})")
            n_wrong = sum(s["error_kinds"].values())
            print(f"  of the {n_wrong} wrong rows, {s['wrong_with_gold_source_span']} have a predicted speaker span on "
                  "the gold Source (a resolution error); the rest name another span or none (an attribution error)")
        c = s.get("claims_on_annotated_articles")
        if c:
            print(f"  claims_polnear scoring of these predictions on the {c['articles']} annotated articles: "
                  f"content F1 {c['content']['f1']:.3f}, end-to-end F1 {c['end_to_end']['f1']:.3f}")
    cp = out.get("claims_polnear_dev")
    if cp:
        print(f"\nclaims_polnear.py dev ({cp['articles']} articles, {cp['gold_attributions']} gold attributions): "
              f"content P/R/F1 {cp['content']['precision']:.3f}/{cp['content']['recall']:.3f}/{cp['content']['f1']:.3f}"
              f", end-to-end P/R/F1 {cp['end_to_end']['precision']:.3f}/{cp['end_to_end']['recall']:.3f}/"
              f"{cp['end_to_end']['f1']:.3f}")
        for split in ("dev",):
            s = out["per_split"].get(split)
            if s:
                print(f"  beside: dev canonical-speaker accuracy {_fmt_acc(s['headline'])}, found rate "
                      f"{s['found_rate_named']:.3f}")
    print(f"\ntimes: profile {out['profile_s']} s, scoring {out['score_s']} s"
          + (f", claims_polnear dev {out['claims_polnear_s']} s" if "claims_polnear_s" in out else ""))
    if out["gold_offset_mismatches"]:
        print(f"warning: {out['gold_offset_mismatches']} gold rows whose source_text is not the file text at "
              "its offsets")


def print_errors(rows: list[dict], n: int) -> None:
    wrong = [r for r in rows if r["found"] and not r["correct"] and is_named(r["canonical"])]
    print(f"\n{len(wrong)} wrong rows with a canonical speaker; the first {min(n, len(wrong))}:")
    for r in wrong[:n]:
        snippet = re.sub(r"\s+", " ", r["content"])[:90]
        print(f"  [{r['error_kind']}] {r['split']}/{r['article'][:40]}: gold {r['source_text']!r} = "
              f"{r['canonical']!r} ({r['source_form']}); predicted {r['pred_speaker']!r} "
              f"(text {r['pred_speaker_text']!r}, resolution {r['pred_resolution'] or '-'}); \"{snippet}\"")
    kinds = Counter(r["error_kind"] for r in wrong)
    print("error kinds: " + ", ".join(f"{k} {c}" for k, c in kinds.most_common()))
    missing = [r for r in rows if not r["found"]]
    if missing:
        print(f"{len(missing)} gold rows not found (no predicted claim overlapping the content), e.g.:")
        for r in missing[: min(5, n)]:
            snippet = re.sub(r"\s+", " ", r["content"])[:90]
            print(f"  {r['split']}/{r['article'][:40]}: {r['source_text']!r} <{r['cue_text']}> \"{snippet}\"")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="all", choices=["dev", "train", "all", *BBC_SPLITS, "bbc-review"],
                    help="PolNeAR dev, train or both (all), the blind BBC sets (bbc-dev.csv, bbc-blind2.csv), or "
                         "the BBC review set (bbc-review.csv)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N annotated articles of each split")
    ap.add_argument("--show-errors", type=int, default=0, help="list N wrong rows and the error kinds")
    ap.add_argument("--json", default=None, help=f"write the figures here (default {RESULTS.relative_to(ROOT)}, "
                    f"{RESULTS_BBC.relative_to(ROOT)} for bbc; a --limit run writes only when given)")
    ap.add_argument("--no-claims", action="store_true", help="skip claims_polnear.py's dev scoring")
    args = ap.parse_args(argv)
    if args.split == "bbc-review":
        out, rows = run_review()
        print(f"== bbc-review: {out['articles']} articles, speaker right for {out['correct']} of {out['rows']} "
              f"direct quotes read after a run: {out['accuracy']:.3f}")
        for r in [r for r in rows if not r["correct"]][:args.show_errors]:
            print(f"  {r['article']} @{r['content_start']}: read {r['canonical']!r}, predicted "
                  f"{r['pred_speaker']!r} ({r['pred_resolution']}); {r['content'][:50]!r}")
        target = Path(args.json) if args.json else RESULTS_REVIEW
        target.write_text(json.dumps({**out, "wrong": [r for r in rows if not r["correct"]]}, indent=2) + "\n",
                          encoding="utf-8")
        print(f"figures written to {target}")
        return 0
    splits = list(SPLITS) if args.split == "all" else [args.split]
    out, rows = run(splits, args.limit)
    if "dev" in splits and not args.no_claims:
        from benchmarks import claims_polnear

        t = time.time()
        cp = claims_polnear.run("dev", args.limit)
        out["claims_polnear_s"] = round(time.time() - t, 1)
        out["claims_polnear_dev"] = {k: cp[k] for k in ("articles", "gold_attributions", "content", "end_to_end")}
    print_report(out)
    if args.show_errors:
        print_errors(rows, args.show_errors)
    target = Path(args.json) if args.json else (None if args.limit else RESULTS_BBC if args.split == "bbc" else
                                                   RESULTS_BBC2 if args.split == "bbc-blind2" else RESULTS)
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        examples = {}
        for r in rows:
            if r["found"] and not r["correct"] and is_named(r["canonical"]) and r["error_kind"] not in examples:
                examples[r["error_kind"]] = {k: r[k] for k in ("split", "article", "source_text", "canonical",
                                                                "pred_speaker", "pred_speaker_text",
                                                                "pred_resolution")}
        out["error_examples"] = examples
        target.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(f"figures written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
