"""Score helpers.extract_claims against the PolNeAR gold attributions of one split.

Usage: .venv/bin/python benchmarks/claims_polnear.py --split dev [--limit N] [--show-misses N] [--json]

Texts are loaded with helpers.load_articles on ``<split>/text`` so predicted offsets are raw_text offsets;
where the loader's normalisation changed a file's length (a handful of mojibake characters), gold offsets are
mapped onto raw_text with a character alignment. Each article is scored against one annotator: the first
annotation file in sorted order (deterministic; a few articles have several annotators).

Content match: a predicted claim (any kind but ``assertion``) and a gold attribution match when their content
spans overlap by at least half of the shorter one (discontinuous gold content counts as the union of its
pieces). End-to-end match: a content match whose predicted speaker span also overlaps the gold Source span
(or both have none). Direct quotes sharing one cue word are scored as one prediction with several pieces,
as PolNeAR annotates them (one cue, one source, discontinuous content). Matching is one-to-one, greedy by overlap. Reports precision, recall and F1 against all
gold attributions, and against those in the story body only (PolNeAR also annotates the title line, which the
loader sets apart as the title and the extractor does not read).
"""
from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from helpers.claims import extract_claims
from helpers.load import load_articles, paragraphs
from helpers.nlp import parse_articles
from helpers.paths import SHARED_DIR

POLNEAR_DIR = SHARED_DIR / "corpora" / "polnear"
TEXT_LINE = re.compile(r"^T\d+\t\S+ \d")
EVENT_LINE = re.compile(r"^E\d+\t")


@dataclass
class Gold:
    """One gold attribution: content pieces, source pieces and cue pieces (raw_text offsets)."""

    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)


def parse_spans(spec: str) -> list[tuple[int, int]]:
    """Parse brat offsets '12 20;25 30' into [(12, 20), (25, 30)]."""
    out = []
    for part in spec.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_ann(path: Path) -> list[Gold]:
    """Read one brat .ann file into gold attributions (attributions without content are skipped)."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if TEXT_LINE.match(line):
            tid, meta, *_ = line.split("\t")
            label, _, offsets = meta.partition(" ")
            spans[tid] = (label, parse_spans(offsets))
        elif EVENT_LINE.match(line):
            _, args = line.split("\t")[:2]
            events.append(dict(a.split(":", 1) for a in args.split()))
    golds = []
    for ev in events:
        if "Content" not in ev or ev["Content"] not in spans:
            continue
        golds.append(Gold(
            content=spans[ev["Content"]][1],
            source=spans[ev["Source"]][1] if ev.get("Source") in spans else [],
            cue=spans[ev["Cue"]][1] if ev.get("Cue") in spans else [],
        ))
    return golds


def choose_annotations(folder: Path) -> dict[str, Path]:
    """Return {article stem: .ann path}, taking the first annotator in sorted order for each article."""
    chosen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.ann")):
        stem = path.stem.rsplit("_", 1)[0]
        chosen.setdefault(stem, path)
    return chosen


def offset_map(original: str, raw: str) -> list[int]:
    """Return a map from offsets in the file text to offsets in raw_text (identity when lengths agree)."""
    if len(original) == len(raw):
        return list(range(len(original) + 1))
    mapping = [0] * (len(original) + 1)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, original, raw, autojunk=False).get_opcodes():
        for k in range(i1, i2 + 1):
            mapping[k] = j1 + min(k - i1, j2 - j1) if tag != "equal" else j1 + (k - i1)
    mapping[len(original)] = len(raw)
    return mapping


def overlap(a: tuple[int, int], pieces: list[tuple[int, int]]) -> int:
    """Characters of span ``a`` covered by the pieces."""
    return sum(max(0, min(a[1], b) - max(a[0], s)) for s, b in pieces)


def span_len(pieces: list[tuple[int, int]]) -> int:
    return sum(b - a for a, b in pieces)


def match(preds: list[dict], golds: list[Gold], need_speaker: bool) -> int:
    """Return the number of one-to-one matches (greedy by overlap share)."""
    return len(matched_predictions(preds, golds, need_speaker))


def matched_predictions(preds: list[dict], golds: list[Gold], need_speaker: bool) -> set[int]:
    """Return the indices of the predictions matched one-to-one to a gold attribution (greedy by overlap share)."""
    pairs = []
    for i, p in enumerate(preds):
        pieces = p.get("pieces") or [(p["content_start"], p["content_end"])]
        plen = span_len(pieces)
        for j, g in enumerate(golds):
            ov = sum(overlap(piece, g.content) for piece in pieces)
            shorter = min(plen, span_len(g.content))
            if shorter <= 0 or ov < 0.5 * shorter:
                continue
            if need_speaker and not speaker_matches(p, g):
                continue
            pairs.append((ov / max(plen, span_len(g.content)), i, j))
    used_p, used_g = set(), set()
    for _, i, j in sorted(pairs, key=lambda x: (-x[0], x[1], x[2])):
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
    return used_p


def group_by_cue(preds: list[dict]) -> list[dict]:
    """Join direct quotes that share one cue word into one prediction with several content pieces.

    PolNeAR annotates '"A," Trump said. "B."' as one attribution with discontinuous content (one cue, one
    source); the extractor lists A and B as two claims. Scoring them as one keeps the count comparable.
    """
    out: list[dict] = []
    by_cue: dict[int, dict] = {}
    for p in preds:
        if p["kind"] == "direct" and p["cue_start"] >= 0:
            host = by_cue.get(p["cue_start"])
            if host is not None:
                host["pieces"].append((p["content_start"], p["content_end"]))
                continue
            p = dict(p, pieces=[(p["content_start"], p["content_end"])])
            by_cue[p["cue_start"]] = p
        out.append(p)
    return out


def speaker_matches(p: dict, g: Gold) -> bool:
    """True when the predicted speaker span overlaps the gold Source, or neither has one."""
    has_pred = p["speaker_start"] >= 0
    if not g.source and not has_pred:
        return True
    return bool(g.source) and has_pred and overlap((p["speaker_start"], p["speaker_end"]), g.source) > 0


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def run(split: str, limit: int | None = None, show_misses: int = 0, every: int = 1) -> dict:
    """Score one split; return the figures (and print misses when asked)."""
    base = POLNEAR_DIR / split
    if not base.is_dir():
        raise SystemExit(f"PolNeAR split not found: {base}")
    anns = choose_annotations(base / "attributions")
    files = sorted(p for p in (base / "text").glob("*.txt") if p.stem in anns)
    if every and every > 1:
        files = files[::every]
    if limit:
        files = files[:limit]
    articles = load_articles(files)
    articles = articles[articles["status"] == "ok"]
    stem_of = {r.article_id: Path(r.path).stem for r in articles.itertuples()}
    claims = extract_claims(articles, parse_articles(articles), mentions=[])
    claims = claims[claims["kind"] != "assertion"]
    body = paragraphs(articles)
    body = body[body["kind"] == "body"]
    body_spans = defaultdict(list)
    for r in body.itertuples():
        body_spans[r.article_id].append((r.start, r.end))
    by_article = {aid: g.to_dict("records") for aid, g in claims.groupby("article_id")}
    totals = defaultdict(int)
    by_cue: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_rule: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # predicted, content matches, end-to-end matches
    misses = []
    for r in articles.itertuples():
        stem = stem_of[r.article_id]
        original = Path(r.path).read_text(encoding="utf-8")
        m = offset_map(original, r.raw_text)
        golds = []
        body_golds = []
        for g in read_ann(anns[stem]):
            mg = Gold([(m[a], m[b]) for a, b in g.content], [(m[a], m[b]) for a, b in g.source],
                      [(m[a], m[b]) for a, b in g.cue])
            golds.append(mg)
            if not any(overlap(c, body_spans[r.article_id]) for c in mg.content):
                totals["gold_outside_body"] += 1
            else:
                body_golds.append(mg)
        totals["claims"] += len(by_article.get(r.article_id, []))
        preds = group_by_cue(by_article.get(r.article_id, []))
        totals["pred"] += len(preds)
        totals["gold"] += len(golds)
        hit = matched_predictions(preds, golds, False)
        totals["content_tp"] += len(hit)
        for i, p in enumerate(preds):
            by_cue[p["cue"] or "(none)"][0] += 1
            by_cue[p["cue"] or "(none)"][1] += i in hit
        hit_e2e = matched_predictions(preds, golds, True)
        totals["e2e_tp"] += len(hit_e2e)
        for i, p in enumerate(preds):
            by_cue[p["cue"] or "(none)"][2] += i in hit_e2e
            counts = by_rule[p.get("rule") or "(none)"]
            counts[0] += 1
            counts[1] += i in hit
            counts[2] += i in hit_e2e
        totals["body_content_tp"] += match(preds, body_golds, False)
        totals["body_e2e_tp"] += match(preds, body_golds, True)
        if show_misses:
            for g in golds:
                if match(preds, [g], False) == 0:
                    src = " | ".join(r.raw_text[a:b] for a, b in g.source)
                    cue = " | ".join(r.raw_text[a:b] for a, b in g.cue)
                    misses.append(f"MISS [{src}] <{cue}> {' | '.join(r.raw_text[a:b] for a, b in g.content)[:200]}")
            for p in preds:
                if match([p], golds, False) and not match([p], golds, True):
                    srcs = [" | ".join(r.raw_text[a:b] for a, b in g.source) for g in golds if match([p], [g], False)]
                    misses.append(f"SPK  [{p['speaker_text']}] vs {srcs} <{p['cue']}> {p['kind']}: {p['content'][:120]}")
                if match([p], golds, False) == 0:
                    misses.append(f"FP   [{p['speaker_text']}] <{p['cue']}> {p['kind']}: {p['content'][:200]}")
    out = {
        "split": split,
        "articles": len(articles),
        "gold_attributions": totals["gold"],
        "gold_outside_body": totals["gold_outside_body"],
        "predicted_claims": totals["claims"],
        "predicted_attributions": totals["pred"],
        "content": prf(totals["content_tp"], totals["pred"], totals["gold"]),
        "end_to_end": prf(totals["e2e_tp"], totals["pred"], totals["gold"]),
        "content_body_only": prf(totals["body_content_tp"], totals["pred"], totals["gold"] - totals["gold_outside_body"]),
        "end_to_end_body_only": prf(totals["body_e2e_tp"], totals["pred"], totals["gold"] - totals["gold_outside_body"]),
    }
    out["precision_by_cue"] = {c: {"predicted": n, "matched": m, "precision": round(m / n, 3),
                                   "end_to_end_precision": round(e / n, 3)}
                               for c, (n, m, e) in sorted(by_cue.items(), key=lambda x: (-x[1][0], x[0]))}
    # per rule: precision among its predictions; recall = the gold attributions its predictions match, of all gold
    gold = max(totals["gold"], 1)
    out["by_rule"] = {r: {"predicted": n, "matched": m, "precision": round(m / n, 3), "recall": round(m / gold, 3),
                          "end_to_end_precision": round(e / n, 3), "end_to_end_recall": round(e / gold, 3)}
                      for r, (n, m, e) in sorted(by_rule.items(), key=lambda x: (-x[1][0], x[0]))}
    if show_misses:
        for line in misses[:show_misses]:
            print(line)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["train", "dev"])
    ap.add_argument("--limit", type=int, default=None, help="score only the first N articles (sorted by name)")
    ap.add_argument("--every", type=int, default=1, help="score every K-th article only (a quick, spread-out sample)")
    ap.add_argument("--show-misses", type=int, default=0, help="print up to N misses and false positives")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    out = run(args.split, args.limit, args.show_misses, args.every)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"PolNeAR {out['split']}: {out['articles']} articles, {out['gold_attributions']} gold attributions "
              f"({out['gold_outside_body']} outside the loader's body), {out['predicted_claims']} predicted claims "
              f"({out['predicted_attributions']} attributions once quotes sharing a cue are joined)")
        for key in ("content", "end_to_end", "content_body_only", "end_to_end_body_only"):
            s = out[key]
            print(f"  {key:<21} precision {s['precision']:.3f}  recall {s['recall']:.3f}  F1 {s['f1']:.3f}")
        print("  (body_only: gold attributions in the title line, which the extractor does not read, left out)")
        print("  by rule (recall: gold attributions matched by the rule's predictions, of all gold):")
        for rule, s in out["by_rule"].items():
            print(f"    {rule:<20} n={s['predicted']:<5} content P {s['precision']:.3f} R {s['recall']:.3f}   "
                  f"end-to-end P {s['end_to_end_precision']:.3f} R {s['end_to_end_recall']:.3f}")

    return 0


if __name__ == "__main__":
    sys.exit(main())
