"""The article view: highlights drawn from the frames' offsets, nesting, escaping, page names, pages and the index.

The seed is rendered and every highlighted span's text is compared with the frame's ``text``/``content`` (the offsets
are the contract: a wrong offset is a visibly wrong highlight); every gold claim of the seed must be marked with its
speaker. Constructed frames cover nested, equal, adjacent and crossing spans and a quote over two paragraphs. Hostile
text is checked escaped here and inert in headless Chromium (marked ``browser``; skips when /usr/bin/chromium is missing).
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from helpers.article_view import (ArticleNotFound, article_actors, article_claims, article_page_name, claim_link,
                                  render_article, write_article_pages)
from helpers.corpus import profile_corpus
from helpers.paths import SEEDS_DIR, SHARED_DIR

POLNEAR_DEV = SHARED_DIR / "corpora" / "polnear" / "dev" / "text"
SEED_ID = "000_4eff886acbd5aaa1"
# what a careful human reader finds in the seed (copied from ../shared/gold into tests/data by the project)
GOLD = json.loads((Path(__file__).resolve().parent / "data" / "seed_000_expected.json").read_text(encoding="utf-8"))
GOLD_CLAIMS = GOLD["claims"]
PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</textarea><svg onload=alert(1)>",
            "javascript:alert(1)", '" onmouseover="alert(1)', "' onfocus='alert(1)")
ODD_IDS = ["a b", "a-b", "A B", "a_b", "../etc/passwd", "..", ".", "", " ", "ünïcødé", "unicode", "日本語", "новости",
           "a/b", "a\\b", "con", "x" * 300, "a:b", "<script>alert(1)</script>", "C:\\Windows\\x", "a\x00b", "-", "a\nb"]
HIDDEN_CLASSES = {"ap-lab", "ap-tip", "ap-pn", "ap-kind"}
VOID = {"br", "meta", "link", "input", "img", "hr", "wbr"}
ALLOWED_ATTRS = {"class", "id", "tabindex", "aria-describedby", "aria-hidden", "aria-label", "aria-live", "data-c", "role",
                 "hidden", "open", "href", "lang", "title", "rel", "charset", "name", "content", "type", "placeholder", "scope"}


# ------------------------------------------------------------------------------------------------ parsing the view

class ViewParser(HTMLParser):
    """Parse the view: check every end tag closes the element it should, and collect each mark inside ``.ap-text``
    with its visible text (labels, details, paragraph numbers and kind tags left out), label and nesting depth."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[dict] = []
        self.marks: list[dict] = []
        self.events: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.attr_names: set[str] = set()
        self.tags: list[tuple[str, dict]] = []
        self.paragraph_children: list[str] = []

    def _in_text(self) -> bool:
        return any("ap-text" in n["classes"] for n in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.attr_names.update(attributes)
        self.tags.append((tag, attributes))
        if any(n["tag"] == "p" for n in self.stack) and tag in ("p", "div", "details", "section", "table", "h1", "h2"):
            self.paragraph_children.append(tag)  # would close the <p> early in a browser
        if tag in VOID:
            return
        node = {"tag": tag, "attrs": attributes, "classes": set((attributes.get("class") or "").split()), "text": [],
                "label": [], "depth": sum(1 for n in self.stack if n.get("is_mark"))}
        hidden = any(n["classes"] & HIDDEN_CLASSES for n in self.stack)
        node["is_mark"] = tag == "mark" and "ap-a" in node["classes"] and self._in_text() and not hidden
        self.stack.append(node)
        if node["is_mark"]:
            self.marks.append(node)
            self.events.append(("open", attributes.get("aria-describedby", "")))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1]["tag"] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1]['tag'] if self.stack else None}>")
            return
        node = self.stack.pop()
        if node.get("is_mark"):
            self.events.append(("close", node["attrs"].get("aria-describedby", "")))

    def handle_data(self, data):
        hidden = [n for n in self.stack if n["classes"] & HIDDEN_CLASSES]
        marks = [n for n in self.stack if n.get("is_mark")]
        if hidden:
            if marks and "ap-lab" in hidden[-1]["classes"] and not any("ap-tip" in n["classes"] for n in hidden):
                marks[-1]["label"].append(data)
            return
        for mark in marks:
            mark["text"].append(data)
        if self._in_text() and data:
            self.events.append(("text", data))


def parse_view(html_text: str) -> ViewParser:
    parser = ViewParser()
    parser.feed(html_text)
    parser.close()
    assert not parser.errors, parser.errors[:5]
    assert not parser.stack or all(n["tag"] in ("html", "body") for n in parser.stack), [n["tag"] for n in parser.stack]
    assert not parser.paragraph_children, parser.paragraph_children
    return parser


def joined_marks(parser: ViewParser) -> dict[str, dict]:
    """Marks by identity (a mark split into pieces shares its aria-describedby): joined text, classes, claims, label."""
    out: dict[str, dict] = {}
    for m in parser.marks:
        key = m["attrs"]["aria-describedby"]
        entry = out.setdefault(key, {"text": "", "classes": m["classes"] - {"ap-cl", "ap-cr"}, "claims": set(),
                                     "label": "", "pieces": 0})
        entry["text"] += "".join(m["text"])
        entry["label"] += "".join(m["label"])
        entry["pieces"] += 1
        entry["claims"].update(int(c) for c in (m["attrs"].get("data-c") or "").split())
    return out


def blocks_of(frames: dict, article_id) -> list[tuple[int, int]]:
    paragraphs = frames["paragraphs"]
    own = paragraphs[paragraphs["article_id"] == article_id]
    return sorted(zip(own["start"], own["end"]))


def shown_text(raw: str, blocks: list[tuple[int, int]], start: int, end: int) -> str:
    """The characters of raw[start:end] the view shows: those inside paragraphs (a break between two is not drawn)."""
    return "".join(raw[max(start, s):min(end, e)] for s, e in blocks if s < end and e > start)


def claim_number(claim_id: str, position: int) -> int:
    match = re.search(r":(\d+)$", str(claim_id))
    return int(match.group(1)) if match else position


def check_highlights(frames: dict, article_id) -> dict[str, dict]:
    """Render one article and assert every mention and claim part is highlighted once, over exactly its frame text."""
    articles = frames["articles"]
    raw = articles.loc[articles["article_id"] == article_id, "raw_text"].iloc[0]
    blocks = blocks_of(frames, article_id)
    parser = parse_view(render_article(frames, article_id))
    marks = joined_marks(parser)
    mentions = frames["mentions"][frames["mentions"]["article_id"] == article_id]
    claims = frames["claims"][frames["claims"]["article_id"] == article_id]

    mention_marks = [m for m in marks.values() if "ap-ent" in m["classes"]]
    assert len(mention_marks) == len(mentions)
    for position, row in enumerate(mentions.to_dict("records")):
        mark = next(m for k, m in marks.items() if k.endswith(f"-m{position}t"))  # the view keys mentions by row
        assert raw[row["start"]:row["end"]] == row["text"]  # the contract itself
        assert mark["text"] == shown_text(raw, blocks, row["start"], row["end"]), (row["text"], mark["text"])
    for position, row in enumerate(claims.to_dict("records")):
        number = claim_number(row["claim_id"], position)
        parts = [("content", "ap-assert" if row["kind"] == "assertion" else "ap-content", "content")]
        if row["kind"] != "assertion":
            parts += [("speaker", "ap-speaker", "speaker_text"), ("cue", "ap-cue", "cue_text")]
        for prefix, cls, column in parts:
            start, end = int(row[f"{prefix}_start"]), int(row[f"{prefix}_end"])
            if start < 0:
                continue
            assert raw[start:end] == row[column]
            found = [m for m in marks.values() if cls in m["classes"] and number in m["claims"]]
            assert len(found) == 1, (row["claim_id"], prefix, len(found))
            assert found[0]["text"] == shown_text(raw, blocks, start, end), (row["claim_id"], prefix, found[0]["text"])
    return marks


# ------------------------------------------------------------------------------------------------ fixtures

@pytest.fixture(scope="module")
def seed_profile():
    """The seed profiled once for this module (no cache)."""
    return profile_corpus(SEEDS_DIR, cache=False, n_process=1, progress=False)


@pytest.fixture(scope="module")
def seed_frames(seed_profile):
    return seed_profile.frames()


def _span(raw: str, text: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = raw.index(text, start + 1)
    return start, start + len(text)


def _mention(aid, raw, text, actor, kind="person", nth=0, start=None, end=None, **extra) -> dict:
    if start is None:
        start, end = _span(raw, text, nth)
    slug = re.sub(r"[^a-z0-9]+", "-", str(actor).lower()).strip("-")
    return {"article_id": aid, "actor_id": f"{kind}:{slug}", "actor": actor, "type": kind, "text": raw[start:end],
            "start": start, "end": end, "paragraph": 0, "sentence": 0, "role": "", "kind": "body", **extra}


def _claim(aid, raw, number, kind, content, speaker="", speaker_text="", cue="", cue_text="", nth=0, **extra) -> dict:
    cs, ce = content if isinstance(content, tuple) else _span(raw, content, nth)
    ss, se = speaker_text if isinstance(speaker_text, tuple) else _span(raw, speaker_text) if speaker_text else (-1, -1)
    vs, ve = cue_text if isinstance(cue_text, tuple) else _span(raw, cue_text) if cue_text else (-1, -1)
    return {"article_id": aid, "claim_id": f"{aid}:{number:03d}", "kind": kind, "speaker": speaker,
            "speaker_actor_id": f"person:{speaker.lower().replace(' ', '-')}" if speaker else "",
            "speaker_text": raw[ss:se] if ss >= 0 else "", "speaker_start": ss, "speaker_end": se, "cue": cue,
            "cue_text": raw[vs:ve] if vs >= 0 else "",
            "cue_start": vs, "cue_end": ve, "content": raw[cs:ce], "content_start": cs, "content_end": ce, "targets": [],
            "paragraph": 0, "sentence": 0, "check_worthiness": extra.pop("check_worthiness", float("nan")),
            "reasons": extra.pop("reasons", ""), **extra}


def _frames(aid: str, raw: str, paragraphs: list[tuple[str, int, int, int]], mentions: list[dict], claims: list[dict],
            **article) -> dict[str, pd.DataFrame]:
    row = {"article_id": aid, "path": f"{aid}.txt", "status": "ok", "error": "", "outlet": "", "title": "",
           "raw_text": raw, "n_words": len(raw.split()), "n_paragraphs": sum(1 for p in paragraphs if p[0] == "body"),
           "language": "en", **article}
    return {
        "articles": pd.DataFrame([row]),
        "paragraphs": pd.DataFrame([{"article_id": aid, "paragraph": n, "kind": k, "text": raw[s:e], "start": s, "end": e}
                                    for k, n, s, e in paragraphs]),
        "mentions": pd.DataFrame(mentions),
        "claims": pd.DataFrame(claims),
    }


NESTED_RAW = ("Peace talks\n\nAlice Smith said “Bob Jones and Carol Lee met in Paris” on Monday. Paris Berlin trains run. "
              "Officials said the deal was done.\n\n“It goes on here,” they added.\n")
OVER_BREAK = "the deal was done.\n\n“It goes on here"


@pytest.fixture()
def nested_frames() -> dict[str, pd.DataFrame]:
    """One article with every way two spans can meet: nested, equal, adjacent, crossing, and over a paragraph break."""
    raw, aid = NESTED_RAW, "nested"
    title = _span(raw, "Peace talks")
    p0 = _span(raw, "Alice Smith said “Bob Jones and Carol Lee met in Paris” on Monday. Paris Berlin trains run. "
                    "Officials said the deal was done.")
    p1 = _span(raw, "“It goes on here,” they added.")
    paragraphs = [("title", 0, *title), ("body", 0, *p0), ("body", 1, *p1)]
    mentions = [
        _mention(aid, raw, "Alice Smith", "Alice Smith"),                       # equal to the speaker span
        _mention(aid, raw, "Bob Jones", "Bob Jones"),                           # inside the quote
        _mention(aid, raw, "Carol Lee", "Carol Lee"),                           # inside the quote
        _mention(aid, raw, "Paris” on Monday", "Paris", "place"),               # crosses the end of the quote
        _mention(aid, raw, "Paris", "Paris", "place", nth=1),                   # adjacent to the next one
        _mention(aid, raw, " Berlin", "Berlin", "place"),                       # starts where "Paris" ends
        _mention(aid, raw, "Peace", "Peace", "group"),                          # in the title
    ]
    claims = [
        _claim(aid, raw, 0, "direct", "Bob Jones and Carol Lee met in Paris", "Alice Smith", "Alice Smith", "say", "said"),
        _claim(aid, raw, 1, "indirect", OVER_BREAK, "", "Officials", "say", _span(raw, "said", 1)),  # over a paragraph break
        _claim(aid, raw, 2, "assertion", "Paris Berlin trains run.", check_worthiness=0.55, reasons="named entity"),
    ]
    return _frames(aid, raw, paragraphs, mentions, claims, title="Peace talks")


# ------------------------------------------------------------------------------------------------ the seed

def test_every_seed_highlight_is_its_frame_text(seed_frames):
    """Each mention, speaker, cue and content of the seed is highlighted once, over exactly the frame's text."""
    marks = check_highlights(seed_frames, SEED_ID)
    assert sum("ap-ent" in m["classes"] for m in marks.values()) == len(seed_frames["mentions"]) >= 60
    assert not any("ap-bad" in m["classes"] for m in marks.values())


def test_seed_marks_every_gold_claim_with_its_speaker(seed_frames):
    """Every claim a careful reader finds in the seed is in the text: content labelled with the speaker's name and the
    kind, the speaker's words and the cue marked as parts of the same claim."""
    claims = seed_frames["claims"]
    marks = joined_marks(parse_view(render_article(seed_frames, SEED_ID)))
    for gold in GOLD_CLAIMS:
        rows = [(claim_number(c["claim_id"], i), c) for i, c in enumerate(claims.to_dict("records"))
                if gold["content_contains"] in c["content"] and c["kind"] == gold["kind"] and c["speaker"] == gold["speaker"]]
        assert rows, f"gold claim not in the claims frame: {gold}"
        ok = []
        for number, row in rows:
            content = [m for m in marks.values() if "ap-content" in m["classes"] and number in m["claims"]]
            speaker = [m for m in marks.values() if "ap-speaker" in m["classes"] and number in m["claims"]]
            cue = [m for m in marks.values() if "ap-cue" in m["classes"] and number in m["claims"]]
            if not (content and speaker and cue):
                continue
            label_ok = f"{gold['speaker']} · {gold['kind']}" in content[0]["label"]
            speaker_ok = speaker[0]["text"] == row["speaker_text"] and (
                "speaker_text_any" not in gold or speaker[0]["text"] in gold["speaker_text_any"])
            ok.append(label_ok and speaker_ok and gold["content_contains"] in content[0]["text"] and row["cue"] == gold["cue"]
                      and cue[0]["text"] == row["cue_text"])
        assert any(ok), f"gold claim not marked with its speaker: {gold}"


def test_seed_view_shows_title_caption_credit_boilerplate_and_numbered_paragraphs(seed_frames):
    html_text = render_article(seed_frames)  # default: the first article
    for kind in ("title", "caption", "credit"):
        assert f'<p class="ap-p ap-{kind}"><span class="ap-kind">{kind}</span>' in html_text
    assert html_text.count('<details class="ap-boiler" open>') == 2  # the banner before the title, the appeal after the story
    assert "Support The Moscow Times!" in html_text and "Remind me later." in html_text
    numbers = re.findall(r'<p class="ap-p ap-body" id="[a-z0-9]+-p(\d+)"><span class="ap-pn"[^>]*>(\d+)</span>', html_text)
    assert [int(a) for a, _ in numbers] == list(range(13)) == [int(b) for _, b in numbers]
    assert "Support The Moscow Times!" not in "".join(re.findall(r'<p class="ap-p ap-body".*?</p>', html_text, re.S))
    # a legend names every actor type and claim part, with labels, not only colours
    for word in ("person", "org", "place", "group", "speaker's words", "cue", "check-worthy 0.75"):
        assert word in html_text
    collapsed = render_article(seed_frames, SEED_ID, boilerplate_open=False)
    assert '<details class="ap-boiler">' in collapsed and '<details class="ap-boiler" open>' not in collapsed


def test_seed_details_and_keyboard_access(seed_frames):
    """Every mark takes focus and points at its details; a mention's details name the actor id and roles; a claim's
    content names the speaker and the cue; assertions carry their score and reasons."""
    html_text = render_article(seed_frames, SEED_ID)
    parser = parse_view(html_text)
    ids = {attrs.get("id") for _, attrs in parser.tags}
    for mark in parser.marks:
        assert mark["attrs"]["tabindex"] == "0"
        assert mark["attrs"]["aria-describedby"] in ids
    trump = re.findall(r"<b>Donald Trump · person</b>(.*?)</span></mark>", html_text)
    assert len(trump) == int((seed_frames["mentions"]["actor_id"] == "person:donald-trump").sum())
    assert all("<i>actor_id</i> person:donald-trump" in t and "<i>roles in corpus</i> President" in t for t in trump)
    assert any("<i>role</i> President" in t for t in trump)
    peskov = next(t for t in re.findall(r"<b>Claim #\d+: content</b>(.*?)</span></mark>", html_text)
                  if "<i>cue</i> tell" in t and "Peskov" in t)
    assert "<i>speaker</i> Dmitry Peskov" in peskov and "<i>cue</i> tell" in peskov and "<i>targets</i> Russian delegates, Switzerland" in peskov
    first = re.search(r"<b>Check-worthy statement #7</b>(.*?)</span></mark>", html_text).group(1)
    assert "<i>check_worthiness</i> 0.90" in first and "superlative" in first
    assert "check-worthy 0.90" in html_text
    # deterministic: same frames, same bytes (stored notebooks compare them)
    assert render_article(seed_frames, SEED_ID) == html_text
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", html_text)


def test_profile_and_frames_give_the_same_view(seed_profile, seed_frames):
    assert render_article(seed_profile, SEED_ID) == render_article(seed_frames, SEED_ID)
    no_paragraphs = {k: v for k, v in seed_frames.items() if k != "paragraphs"}
    no_paragraphs["articles"] = seed_profile.articles  # with the spans column: the same blocks
    assert render_article(no_paragraphs, SEED_ID) == render_article(seed_frames, SEED_ID)


def test_article_tables(seed_frames):
    actors = article_actors(seed_frames, SEED_ID)
    trump = actors[actors["actor_id"] == "person:donald-trump"].iloc[0]
    assert trump["n_mentions"] >= 4 and trump["n_claims"] == 3 and "President" in trump["roles"]
    zelensky = actors[actors["actor_id"] == "person:volodymyr-zelensky"].iloc[0]
    assert zelensky["n_targeted"] >= 1
    assert list(actors["n_mentions"]) == sorted(actors["n_mentions"], reverse=True)
    claims = article_claims(seed_frames, SEED_ID)
    assert len(claims) == len(seed_frames["claims"])
    assert not {"content_start", "speaker_end", "article_id"} & set(claims.columns)
    assert claims["targets"].map(type).eq(str).all()


def test_frames_read_back_from_tables(seed_frames):
    """Frames written as tables (list columns as JSON text, missing values as NaN) give the same view."""
    frames = dict(seed_frames)
    frames["claims"] = seed_frames["claims"].assign(targets=seed_frames["claims"]["targets"].map(lambda t: json.dumps(list(t))))
    assert render_article(frames, SEED_ID) == render_article(seed_frames, SEED_ID)


def test_unknown_article_says_which_ids_exist(seed_frames):
    with pytest.raises(ArticleNotFound, match="first ids are '000_4eff886acbd5aaa1'"):
        render_article(seed_frames, "no-such-article")


# ------------------------------------------------------------------------------------------------ nesting

def test_nested_equal_adjacent_and_crossing_spans(nested_frames):
    marks = check_highlights(nested_frames, "nested")
    parser = parse_view(render_article(nested_frames, "nested"))
    by_text: dict[str, list[dict]] = {}
    for m in parser.marks:
        by_text.setdefault("".join(m["text"]), []).append(m)
    # equal spans: the speaker's words outside, the mention inside
    alice = by_text["Alice Smith"]
    assert [("ap-speaker" in m["classes"], "ap-ent" in m["classes"]) for m in alice] == [(True, False), (False, True)]
    assert alice[1]["depth"] == alice[0]["depth"] + 1
    # a mention inside the quote is nested in the content mark
    content = next(m for m in parser.marks if "ap-content" in m["classes"] and "0" in m["attrs"].get("data-c", "").split())
    bob = by_text["Bob Jones"][0]
    assert bob["depth"] == content["depth"] + 1
    assert "Alice Smith · direct" in "".join(content["label"])
    # crossing: "Paris” on Monday" starts in the quote and ends after it, so it is split where the quote closes
    paris = [m for m in parser.marks if m["attrs"]["aria-describedby"].endswith("-m3t")]
    assert ["".join(p["text"]) for p in paris] == ["Paris", "” on Monday"]
    assert "ap-cr" in paris[0]["classes"] and "ap-cl" in paris[1]["classes"]
    assert paris[0]["depth"] == content["depth"] + 1 and paris[1]["depth"] == content["depth"]
    assert marks[paris[0]["attrs"]["aria-describedby"]]["text"] == "Paris” on Monday"
    # adjacent: "Paris" closes exactly where " Berlin" opens, neither inside the other
    adjacent = [m for m in parser.marks if "".join(m["text"]) in ("Paris", " Berlin") and "ap-cr" not in m["classes"]]
    first, second = adjacent[-2], adjacent[-1]
    assert first["depth"] == second["depth"]
    i = parser.events.index(("close", first["attrs"]["aria-describedby"]))
    assert parser.events[i + 1] == ("open", second["attrs"]["aria-describedby"])
    # a quote over a paragraph break: two pieces, one label, the break itself not drawn
    over = [m for m in parser.marks if "ap-content" in m["classes"] and "1" in m["attrs"].get("data-c", "").split()]
    assert len(over) == 2 and "ap-cr" in over[0]["classes"] and "ap-cl" in over[1]["classes"]
    assert "".join(over[0]["label"]) == "unresolved: Officials · indirect" and not over[1]["label"]
    assert "".join(over[0]["text"]) + "".join(over[1]["text"]) == "the deal was done.“It goes on here"
    # the assertion carries its score
    assert any("check-worthy 0.55" in "".join(m["label"]) for m in parser.marks if "ap-assert" in m["classes"])


def test_wrong_offsets_show_as_wrong(nested_frames):
    """A mention whose offsets are off by one is drawn where the offsets say, outlined, and counted; one outside the text is counted."""
    frames = dict(nested_frames)
    mentions = frames["mentions"].copy()
    mentions.loc[1, ["start", "end"]] = mentions.loc[1, ["start", "end"]] + 1
    extra = mentions.iloc[[0]].assign(start=10_000, end=10_005)
    frames["mentions"] = pd.concat([mentions, extra], ignore_index=True)
    html_text = render_article(frames, "nested")
    marks = joined_marks(parse_view(html_text))
    bad = [m for m in marks.values() if "ap-bad" in m["classes"]]
    assert [m["text"] for m in bad] == ["ob Jones "]
    assert "1 highlighted span(s) do not match their frame text" in html_text
    assert "1 span(s) have offsets outside the text and are not drawn" in html_text


def test_extra_claim_columns_appear_in_details(nested_frames):
    frames = dict(nested_frames)
    frames["claims"] = frames["claims"].assign(
        speaker_resolution=["name", "pronoun <she> -> Alice Smith", ""], rule=["quote-cue-after", "quote-next-paragraph", ""],
        target_actor_ids=[["person:bob-jones", "person:carol-lee"], [], []])
    html_text = render_article(frames, "nested")
    claim0 = re.search(r"<b>Claim #0: content</b>(.*?)</span></mark>", html_text).group(1)
    assert "<i>speaker_resolution</i> name" in claim0 and "<i>rule</i> quote-cue-after" in claim0
    assert "<i>target_actor_ids</i> person:bob-jones, person:carol-lee" in claim0
    speaker1 = re.search(r"<b>Speaker of claim #1 \(indirect\)</b>(.*?)</span></mark>", html_text).group(1)
    assert "<i>speaker_resolution</i> pronoun &lt;she&gt; -&gt; Alice Smith" in speaker1
    table = article_claims(frames, "nested")
    assert {"speaker_resolution", "rule", "target_actor_ids"} <= set(table.columns)


# ------------------------------------------------------------------------------------------------ hostile text

def hostile_frames() -> dict[str, pd.DataFrame]:
    """An article whose id, title, outlet, text, actor names, roles and claim columns all carry script payloads."""
    aid = "<script>alert(1)</script>/../x"
    raw = ("Minister <script>alert(1)</script> Jane Doe <img src=x onerror=alert(1)>\n\n"
           "Jane Doe said “<svg onload=alert(1)> is javascript:alert(1) and </textarea><svg onload=alert(1)>” today.\n")
    title = _span(raw, "Minister <script>alert(1)</script> Jane Doe <img src=x onerror=alert(1)>")
    body = _span(raw, "Jane Doe said “<svg onload=alert(1)> is javascript:alert(1) and </textarea><svg onload=alert(1)>” today.")
    mentions = [_mention(aid, raw, "Jane Doe", '<img src=x onerror=alert(1)> Doe', role='" onmouseover="alert(1)'),
                _mention(aid, raw, "Jane Doe", "Jane Doe", nth=1, actor_id="person:javascript:alert(1)")]
    content = "<svg onload=alert(1)> is javascript:alert(1) and </textarea><svg onload=alert(1)>"
    claims = [_claim(aid, raw, 0, "direct", content, "<script>alert(1)</script>", "Jane Doe", "say", "said", nth=0,
                     rule="<svg onload=alert(1)>", speaker_resolution="javascript:alert(1)", targets=["' onfocus='alert(1)"])]
    claims[0]["speaker_start"], claims[0]["speaker_end"] = _span(raw, "Jane Doe", 1)
    frames = _frames(aid, raw, [("title", 0, *title), ("body", 0, *body)], mentions, claims,
                     title=raw[title[0]:title[1]], outlet="javascript:alert(1)", error="<b onmouseover=alert(1)>x</b>")
    frames["actors"] = pd.DataFrame([{"actor_id": "person:jane-doe", "actor": "<script>alert(1)</script>", "type": "person",
                                      "aliases": ["<img src=x onerror=alert(1)>"], "roles": ["javascript:alert(1)"],
                                      "n_mentions": 2, "n_articles": 1, "first_paragraph": 0, "n_quoted": 1}])
    return frames


def _assert_inert_source(html_text: str) -> None:
    parser = ViewParser()
    parser.feed(html_text)
    assert not parser.errors, parser.errors[:5]
    assert parser.attr_names <= ALLOWED_ATTRS, parser.attr_names - ALLOWED_ATTRS
    tags = {tag for tag, _ in parser.tags}
    assert not tags & {"img", "svg", "iframe", "object", "embed", "textarea", "form", "base"}, tags
    for tag, attrs in parser.tags:
        href = attrs.get("href")
        if href is not None:
            assert href.startswith("#") or re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{10}\.html|(\.\./)?index\.html|article\.css", href), href
    scripts = re.findall(r"<script>(.*?)</script>", html_text, re.S)
    assert all("alert" not in s for s in scripts)


def test_hostile_text_is_escaped(tmp_path, xss_corpus, xss_payloads):
    frames = hostile_frames()
    html_text = render_article(frames, "<script>alert(1)</script>/../x", tables=True)
    _assert_inert_source(html_text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text and "&lt;img src=x onerror=alert(1)&gt;" in html_text
    assert "javascript:alert(1)" in html_text  # shown as text, never as a link
    pages = write_article_pages(frames, tmp_path / "hostile")
    assert [p.parent for p in pages] == [tmp_path / "hostile"]
    for path in [*pages, tmp_path / "hostile" / "index.html"]:
        _assert_inert_source(path.read_text(encoding="utf-8"))
    xss = profile_corpus(xss_corpus, cache=False, n_process=1, progress=False)
    for path in write_article_pages(xss, tmp_path / "xss"):
        text = path.read_text(encoding="utf-8")
        _assert_inert_source(text)
        assert not any(p in text for p in xss_payloads)


# ------------------------------------------------------------------------------------------------ pages and names

def test_odd_ids_give_safe_unique_file_names(tmp_path):
    names = [article_page_name(a) for a in ODD_IDS]
    assert len(set(names)) == len(ODD_IDS)
    for name in names:
        assert re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{10}\.html", name) and len(name) <= 76, name
    assert article_page_name("ünïcødé").startswith("unic") and article_page_name("ünïcødé") != article_page_name("unicode")
    assert article_page_name("../etc/passwd").startswith("etc-passwd-")
    assert article_page_name("") == article_page_name("") and article_page_name("日本語").startswith("article-")
    # written: every page inside out_dir, one per id, each linked from the index
    raw = "A title\n\nSome body text here.\n"
    frames = {"articles": pd.DataFrame([{"article_id": a, "status": "ok", "title": f"t{i}", "raw_text": raw, "n_words": 5}
                                        for i, a in enumerate(ODD_IDS)])}
    out = tmp_path / "articles"
    pages = write_article_pages(frames, out)
    assert len(pages) == len(ODD_IDS) and {p.name for p in pages} == set(names)
    assert all(p.resolve().parent == out.resolve() for p in pages)
    assert sorted(p.name for p in out.iterdir()) == sorted([*names, "index.html", "article.css"])
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{n}"' in index for n in names)


def test_max_pages_caps_the_pages_and_the_index_says_so(tmp_path):
    raw = "Title\n\nBody text.\n"
    rows = [{"article_id": f"a{i}", "status": "ok", "title": f"Story {i}", "outlet": "Daily", "raw_text": raw, "n_words": 2}
            for i in range(3)]
    rows.append({"article_id": "empty-one", "status": "empty", "error": "The file is empty.", "title": "", "raw_text": "",
                 "n_words": 0})
    claims = pd.DataFrame([{"article_id": "a0", "claim_id": "a0:000", "kind": "assertion", "content": "Body text.",
                            "content_start": 7, "content_end": 17, "check_worthiness": 0.6}])
    frames = {"articles": pd.DataFrame(rows), "claims": claims}
    pages = write_article_pages(frames, tmp_path / "a", max_pages=1)
    assert [p.name for p in pages] == [article_page_name("a0")]
    index = (tmp_path / "a" / "index.html").read_text(encoding="utf-8")
    assert "2 article page(s) were not written" in index and "max_pages" in index
    assert index.count("<tr><td") == 4 and "The file is empty." in index and ">empty<" in index
    assert index.count("(no page: over max_pages)") == 2
    first_row = re.search(r"<tr><td class=\"ap-num\">1</td>.*?</tr>", index).group(0)
    assert ">Daily<" in first_row and '<td class="ap-num">1</td><td class="ap-num">0</td><td><code>a0</code>' in first_row
    assert len(write_article_pages(frames, tmp_path / "b")) == 3  # default: all (up to 5,000)
    assert len(write_article_pages(frames, tmp_path / "c", max_pages=None)) == 3


def test_claim_links_point_at_the_claims_content(tmp_path, seed_frames):
    """``claim_link`` (for tables in other reports) names the page and the id of the claim's content mark."""
    pages = write_article_pages(seed_frames, tmp_path)
    text = pages[0].read_text(encoding="utf-8")
    for claim_id, kind in zip(seed_frames["claims"]["claim_id"], seed_frames["claims"]["kind"]):
        page, anchor = claim_link(SEED_ID, claim_id).split("#")
        assert page == pages[0].name
        tag = re.search(f'<mark class="([^"]*)" id="{anchor}"', text)
        assert tag and ("ap-assert" if kind == "assertion" else "ap-content") in tag.group(1), claim_id
    assert claim_link("x", "no-number") == article_page_name("x")


def test_article_page_is_small_and_self_contained(tmp_path, seed_profile):
    pages = write_article_pages(seed_profile, tmp_path)
    text = pages[0].read_text(encoding="utf-8")
    assert pages[0].name == article_page_name(SEED_ID)
    assert len(text.encode()) < 150_000 and "plotly" not in text.lower()
    assert '<link rel="stylesheet" href="article.css">' in text and "<style>" not in text
    assert re.findall(r"<script[^>]*>", text) == ["<script>"]  # one small inline script, no src
    assert len(re.search(r"<script>(.*?)</script>", text, re.S).group(1)) < 1500
    assert "<h2>Claims (16)</h2>" in text and "<h2>Actors (34)</h2>" in text
    assert (tmp_path / "article.css").stat().st_size < 20_000


@pytest.mark.slow
def test_polnear_highlights_are_their_frame_text():
    """Real articles with long quotes over several paragraphs: every highlight still equals its frame text."""
    if not POLNEAR_DEV.exists():
        pytest.skip(f"{POLNEAR_DEV} is missing (../shared is not mounted)")
    files = sorted(POLNEAR_DEV.glob("*.txt"))[::20]
    frames = profile_corpus(files, cache=False, n_process=1, progress=False).frames()
    for aid in frames["articles"].loc[frames["articles"]["status"] == "ok", "article_id"]:
        check_highlights(frames, aid)


# ------------------------------------------------------------------------------------------------ in Chromium

TEXT_PROBE = r"""() => Array.from(document.querySelectorAll('.ap-text mark.ap-a')).map(m => {
  const c = m.cloneNode(true); c.querySelectorAll('.ap-lab, .ap-tip').forEach(x => x.remove());
  return [m.getAttribute('aria-describedby'), c.textContent]; })"""
INJECTED_PROBE = r"""() => ({
  scripts: Array.from(document.scripts).map(s => s.src || s.textContent.slice(0, 60)),
  img: document.querySelectorAll('img').length, svg: document.querySelectorAll('svg').length,
  textarea: document.querySelectorAll('textarea').length,
  events: document.querySelectorAll('[onerror], [onload], [onmouseover], [onfocus], [onclick]').length,
  js_links: Array.from(document.querySelectorAll('a[href]')).filter(a => /^\s*(javascript|data|vbscript):/i.test(a.getAttribute('href'))).length,
})"""


def _open(context, path: Path):
    page = context.new_page()
    seen = {"dialogs": [], "errors": [], "requests": []}
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.goto(path.resolve().as_uri(), wait_until="load")
    return page, seen


@pytest.mark.browser
def test_hostile_pages_are_inert_in_chromium(browser_context, tmp_path, xss_corpus):
    """No dialog, no injected element or handler, nothing fetched, even with every mark focused and hovered."""
    paths = write_article_pages(hostile_frames(), tmp_path / "hostile")
    paths += write_article_pages(profile_corpus(xss_corpus, cache=False, n_process=1, progress=False), tmp_path / "xss")
    paths += [tmp_path / "hostile" / "index.html", tmp_path / "xss" / "index.html"]
    for path in paths:
        page, seen = _open(browser_context, path)
        try:
            marks = page.locator(".ap-text mark.ap-a")
            for i in range(marks.count()):
                marks.nth(i).focus()
                marks.nth(i).hover(force=True)
            if page.locator("#ap-q").count():
                page.fill("#ap-q", "<script>alert(1)</script>")
            page.wait_for_timeout(200)
            probe = page.evaluate(INJECTED_PROBE)
            assert seen["dialogs"] == [] and seen["errors"] == [], (path.name, seen)
            assert len(probe["scripts"]) == 1 and not any("alert" in s for s in probe["scripts"]), probe
            assert probe["img"] == probe["svg"] == probe["textarea"] == probe["events"] == probe["js_links"] == 0, probe
            assert all(u.startswith("file:") for u in seen["requests"]), seen["requests"]
            assert "<script>alert(1)</script>" in page.evaluate("() => document.body.innerText") or "index" in path.name \
                or "xss" in str(path.parent)
        finally:
            page.close()


@pytest.mark.browser
def test_seed_page_in_chromium(browser_context, tmp_path, seed_profile, seed_frames, artifacts_dir):
    """The browser builds the same marks the source has (no element re-parented), each over its frame text; Tab reaches
    a mark and shows its details; Escape hides them; the index filter works. Screenshots go to test-artifacts/."""
    pages = write_article_pages(seed_profile, tmp_path)
    page, seen = _open(browser_context, pages[0])
    try:
        source_marks = joined_marks(parse_view(pages[0].read_text(encoding="utf-8")))
        dom: dict[str, str] = {}
        for key, text in page.evaluate(TEXT_PROBE):
            dom[key] = dom.get(key, "") + text
        assert dom == {k: v["text"] for k, v in source_marks.items()}
        page.screenshot(path=str(artifacts_dir / "article-seed.png"), full_page=True)
        page.keyboard.press("Tab")  # the back link
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.matches('.ap-text mark.ap-a')"):
                break
        focused = page.evaluate("() => document.activeElement.getAttribute('aria-describedby')")
        assert focused
        tip = page.locator(f"[id='{focused}']")
        assert tip.is_visible()
        page.keyboard.press("Escape")
        assert not tip.is_visible()
        content = page.locator(".ap-text mark.ap-content[data-c='13']")
        content.focus()  # focusing again brings the details back
        assert page.locator(f"[id='{content.get_attribute('aria-describedby')}']").is_visible()
        page.evaluate("() => window.scrollBy(0, -200)")
        page.screenshot(path=str(artifacts_dir / "article-seed-focus.png"))
        assert seen["errors"] == [] and seen["dialogs"] == []
    finally:
        page.close()
    index, seen = _open(browser_context, tmp_path / "index.html")
    try:
        assert index.locator("#ap-q").is_visible()
        index.fill("#ap-q", "geneva")
        assert index.locator("#ap-articles tbody tr:visible").count() == 1
        index.fill("#ap-q", "no such words")
        assert index.locator("#ap-articles tbody tr:visible").count() == 0
        assert seen["errors"] == []
    finally:
        index.close()


@pytest.mark.browser
@pytest.mark.slow
def test_polnear_page_screenshot(browser_context, tmp_path, artifacts_dir):
    """One PolNeAR dev article page, for a person to look at (test-artifacts/article-polnear.png)."""
    if not POLNEAR_DEV.exists():
        pytest.skip(f"{POLNEAR_DEV} is missing (../shared is not mounted)")
    files = [p for p in sorted(POLNEAR_DEV.glob("*.txt")) if "federal-court-rules-against-ohio" in p.name][:1] or \
        sorted(POLNEAR_DEV.glob("*.txt"))[:1]
    pages = write_article_pages(profile_corpus(files, cache=False, n_process=1, progress=False), tmp_path)
    page, seen = _open(browser_context, pages[0])
    try:
        assert page.locator(".ap-text mark.ap-content").count() > 0
        page.screenshot(path=str(artifacts_dir / "article-polnear.png"), full_page=True)
        assert seen["errors"] == [] and seen["dialogs"] == []
    finally:
        page.close()


def test_report_tables_link_rows_to_article_pages_and_stay_escaped():
    from helpers.article_view import article_page_name
    from helpers.charts import link_article_cells

    frame = pd.DataFrame({"article_id": ["../x <b>"], "claim_id": ["../x <b>:002"],
                          "content": ["<script>alert(1)</script>"], "speaker": ["<img src=x onerror=alert(1)>"]})
    cells = link_article_cells(frame).iloc[0]
    assert cells["article_id"].startswith(f'<a href="articles/{article_page_name("../x <b>")}">')
    assert "&lt;b&gt;</a>" in cells["article_id"]
    assert "#" in cells["content"] and "<script>" not in cells["content"] and "&lt;script&gt;" in cells["content"]
    assert cells["speaker"] == "&lt;img src=x onerror=alert(1)&gt;"
