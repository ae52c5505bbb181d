"""The loader: the seed against its gold file, other outlets' boilerplate, bad inputs, other formats."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from helpers import load_articles, paragraphs
from helpers.load import normalize_text, repair_text
from helpers.paths import SEEDS_DIR, SHARED_DIR

GOLD = Path(__file__).resolve().parent / "data" / "seed_000_expected.json"  # a copy of ../shared/gold's
POLNEAR = SHARED_DIR / "corpora" / "polnear"
BBC = SHARED_DIR / "corpora" / "bbc" / "bbc-news.csv"


@pytest.fixture(scope="module")
def seed():
    return load_articles(SEEDS_DIR)


@pytest.fixture(scope="module")
def gold():
    return json.loads(GOLD.read_text())["article"]


def test_seed_matches_gold_fields(seed, gold):
    row = seed.iloc[0]
    assert row.status == "ok" and row.language == "en"
    assert row.outlet == gold["outlet"]
    assert row.title == gold["title"]
    assert row.caption == gold["caption"]
    assert row.credit == gold["credit"]


def test_seed_body_is_exactly_the_story(seed, gold):
    row = seed.iloc[0]
    body = row.body.split("\n\n")
    assert len(body) == row.n_paragraphs == gold["body_paragraphs"]
    assert body[0].startswith(gold["body_first_words"])
    assert body[-1].endswith(gold["body_last_words"])
    for phrase in gold["body_must_not_include"]:
        assert phrase not in row.body
    for phrase in gold["boilerplate_must_include"]:
        assert phrase in row.boilerplate


def test_paragraph_offsets_point_into_raw_text(seed):
    paras = paragraphs(seed)
    raw = seed.iloc[0].raw_text
    assert set(paras["kind"]) == {"title", "caption", "credit", "body", "boilerplate"}
    for r in paras.itertuples():
        assert raw[r.start:r.end] == r.text
    body = paras[paras.kind == "body"]
    assert list(body.paragraph) == list(range(13))
    assert paras.start.is_monotonic_increasing


GUARDIAN_STYLE = """Minister resigns over housing scandal

The minister leaves Downing Street on Tuesday. Photograph: Jane Doe/Getty Images

The housing minister resigned on Tuesday after weeks of pressure over contracts awarded to a donor's firm.

“I have done nothing wrong,” she said in a statement, adding that she would cooperate with the inquiry.

Opposition leaders said the resignation came too late and called for a full public inquiry into the awards.

Support the Guardian

We have no shareholders and no billionaire owner. Our journalism is funded by readers like you, and your support helps keep it open for everyone.

Support us
Single
Monthly
Annual
"""

AP_STYLE = """Senate passes budget deal after all-night session

(AP Photo/John Smith)

WASHINGTON (AP) — The Senate approved a two-year budget deal early Friday, sending it to the president.

The vote was 67-31 after a session that ran through the night and tested the patience of members.

Share this article
Facebook
Twitter
Email
Copy link

Copyright 2024 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.
"""

NEWSLETTER_MID = """City council approves new bike lanes

The council voted 7-2 on Monday to add protected bike lanes on three avenues downtown.

Sign up for our morning newsletter to get the day's news in your inbox.

Supporters said the lanes would cut injuries; opponents said they would hurt businesses that rely on parking.

“We will monitor the results closely,” the mayor said after the vote.
"""

QUOTED_CTA = """Activists rally outside parliament

Hundreds of protesters gathered on Sunday outside the parliament building in the capital.

“Follow us, support us, and sign up for the march,” one organiser shouted to the crowd, which cheered.

Police said the rally was peaceful and that no arrests were made during the afternoon.
"""


def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_guardian_style_caption_credit_and_appeal(tmp_path):
    row = load_articles(_write(tmp_path, "guardian.txt", GUARDIAN_STYLE)).iloc[0]
    assert row.title == "Minister resigns over housing scandal"
    assert row.caption == "The minister leaves Downing Street on Tuesday."
    assert row.credit == "Photograph: Jane Doe/Getty Images"
    assert row.n_paragraphs == 3
    assert "Support" not in row.body and "shareholders" not in row.body and "Monthly" not in row.body
    assert "funded by readers" in row.boilerplate
    assert row.outlet == "the Guardian" or row.outlet == "The Guardian"


def test_ap_style_credit_share_buttons_and_copyright(tmp_path):
    row = load_articles(_write(tmp_path, "ap.txt", AP_STYLE)).iloc[0]
    assert row.credit == "AP Photo/John Smith"
    assert row.n_paragraphs == 2
    assert row.body.startswith("WASHINGTON (AP)") and row.body.endswith("members.")
    for word in ("Facebook", "Copy link", "All rights reserved"):
        assert word in row.boilerplate and word not in row.body


def test_newsletter_in_the_middle_keeps_the_story_after_it(tmp_path):
    row = load_articles(_write(tmp_path, "mid.txt", NEWSLETTER_MID)).iloc[0]
    assert row.n_paragraphs == 3
    assert "newsletter" not in row.body
    assert "“We will monitor the results closely,” the mayor said" in row.body


def test_call_to_action_inside_a_quote_is_story(tmp_path):
    row = load_articles(_write(tmp_path, "quoted.txt", QUOTED_CTA)).iloc[0]
    assert row.n_paragraphs == 3 and "sign up for the march" in row.body


def test_blocks_repeated_across_a_corpus_are_boilerplate(tmp_path):
    footer = "This story was produced by the Riverside Reporting Project, a nonprofit newsroom covering the valley."
    for i, topic in enumerate(["school board", "water rates", "county fair", "bridge repair"]):
        _write(tmp_path, f"a{i}.txt", f"Story about the {topic}\n\nThe {topic} was discussed at length on Monday by residents.\n\n"
                                       f"Officials said a decision on the {topic} is expected next month.\n\n{footer}\n")
    arts = load_articles(tmp_path)
    assert (arts.status == "ok").all()
    assert (arts.n_paragraphs == 2).all()
    assert arts.boilerplate.str.contains("Riverside Reporting Project").all()


def test_normalisation_keeps_curly_quotes_and_offsets(tmp_path):
    text = "Title here\n\nHe said\u00a0“it\u200bs fine”\r\nand left early in the evening after the long meeting.\n"
    arts = load_articles(_write(tmp_path, "norm.txt", text))
    raw = arts.iloc[0].raw_text
    assert "\u00a0" not in raw and "\u200b" not in raw and "\r" not in raw
    assert "“its fine”" in raw
    for r in paragraphs(arts).itertuples():
        assert raw[r.start:r.end] == r.text
    assert normalize_text("cafe\u0301") == "café"


STORY = ("Storm closes schools across the region\n\nHeavy snow closed hundreds of schools on Monday, officials said, "
         "and more is expected overnight.\n\nThe weather service warned drivers to stay off the roads until Tuesday.\n")


@pytest.fixture
def bad_folder(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n \n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    (tmp_path / "noise.bin").write_bytes(b"\x00\x01\x02\x03garbage\x00" * 300)
    (tmp_path / "good.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "good_copy.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "cp1252.txt").write_bytes(STORY.replace("officials said", "officials said it was “unprecedented”").replace("Storm", "Blizzard").encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(STORY.replace("Storm", "Flood").replace("Heavy snow", "Heavy rain").encode("utf-16"))
    (tmp_path / "utf16le_nobom.txt").write_bytes(STORY.replace("Storm", "Wind").replace("Heavy snow", "Strong wind").encode("utf-16-le"))
    russian = ("Переговоры в Женеве\n\nДелегации России и Украины встретились в Женеве, и это уже не первый раунд "
               "переговоров, сообщили в Кремле. Он сказал, что все было хорошо и что они будут работать дальше.\n")
    (tmp_path / "russian_cp1251.txt").write_bytes(russian.encode("cp1251"))
    (tmp_path / "russian_utf8.txt").write_text(russian, encoding="utf-8")
    (tmp_path / "page.txt").write_text(
        "<!DOCTYPE html><html><head><title>Bridge reopens after repairs</title><meta property='og:site_name' content='Valley Gazette'></head>"
        "<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Bridge reopens after repairs</h1>"
        "<p>The Main Street bridge reopened on Friday after eight months of repairs that cost the city $4 million.</p>"
        "<p>“It was worth the wait,” said Mayor Ana Ruiz, who cut the ribbon in front of a small crowd of residents.</p>"
        "<p>Engineers said the bridge should last another fifty years with regular maintenance and inspections.</p>"
        "</article><footer>Copyright Valley Gazette</footer></body></html>", encoding="utf-8")
    (tmp_path / "untitled.txt").write_text(
        "Heavy snow closed hundreds of schools on Monday, officials said, and more snow is expected overnight across the "
        "northern counties, where plows have struggled to keep the main roads open since the weekend storm began.\n\n"
        "Forecasters said the snow would ease by Wednesday afternoon.\n", encoding="utf-8")
    (tmp_path / "only_boilerplate.txt").write_text("Sign up for our newsletter\n\nSubscribe\nDonate\nShare\nMenu\n", encoding="utf-8")
    with open(tmp_path / "huge.txt", "wb") as fh:
        fh.truncate(50_000_000)
    return tmp_path


def test_bad_inputs_each_get_a_row_and_a_status(bad_folder):
    arts = load_articles(bad_folder).set_index("article_id")
    files = sorted(p.stem for p in bad_folder.iterdir())
    assert sorted(arts.index) == files  # one row per file, none lost
    expect = {
        "empty": "empty", "blank": "empty", "image": "binary", "noise": "binary", "huge": "too-large",
        "good": "ok", "good_copy": "duplicate", "cp1252": "ok", "utf16": "ok", "utf16le_nobom": "ok",
        "russian_cp1251": "not-english", "russian_utf8": "not-english", "page": "ok", "untitled": "ok",
        "only_boilerplate": "no-body",
    }
    assert arts.status.to_dict() == expect
    for aid, status in expect.items():
        if status != "ok":
            assert len(arts.loc[aid, "error"]) > 30, aid  # a sentence saying what is wrong and what to do
    assert "good" in arts.loc["good_copy", "error"]
    assert arts.loc["cp1252", "encoding"] in {"cp1252", "windows-1252", "cp1250", "latin_1", "iso8859_15"}
    assert "“unprecedented”" in arts.loc["cp1252", "body"]
    assert arts.loc["utf16", "title"] == "Flood closes schools across the region"
    assert arts.loc["utf16le_nobom", "title"] == "Wind closes schools across the region"
    assert arts.loc["russian_cp1251", "language"] == "ru"
    assert "Женеве" in arts.loc["russian_cp1251", "raw_text"]
    assert arts.loc["page", "format"] == "html-in-txt"
    assert arts.loc["page", "title"] == "Bridge reopens after repairs"
    assert "<p>" not in arts.loc["page", "body"] and "worth the wait" in arts.loc["page", "body"]
    assert "Home" not in arts.loc["page", "body"]
    assert arts.loc["untitled", "title"] == "" and "title" in arts.loc["untitled", "error"]
    assert arts.loc["untitled", "n_paragraphs"] == 2
    assert "MB" in arts.loc["huge", "error"]


def test_missing_folder_raises_one_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match=re.escape(str(tmp_path / "nope"))):
        load_articles(tmp_path / "nope")


def test_html_json_jsonl_and_csv_formats(tmp_path):
    html = ("<html><head><title>Port strike ends</title></head><body><article><h1>Port strike ends</h1>"
            "<p>Dock workers returned to work on Thursday after a nine-day strike that stranded hundreds of containers.</p>"
            "<p>The union said members had approved a new contract with a 14 percent raise over three years.</p>"
            "</article></body></html>")
    (tmp_path / "story.html").write_text(html, encoding="utf-8")
    records = [{"id": "a1", "headline": "Rates held", "text": "The central bank held rates at 4.5 percent on Wednesday, as expected by most economists."},
               {"id": "a2", "headline": "Rates cut", "text": "The central bank of the neighbouring country cut its rates by a quarter point on Thursday."}]
    (tmp_path / "export.json").write_text(json.dumps(records), encoding="utf-8")
    (tmp_path / "export.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    pd.DataFrame({"category": ["tech", "sport"], "text": [
        "New phone launched The company launched a new phone on Monday with a larger screen and a faster chip inside.",
        "Team wins cup The home team won the cup final on Saturday after extra time in front of a record crowd."]}).to_csv(tmp_path / "export.csv", index=False)
    arts = load_articles(tmp_path)
    assert len(arts) == 1 + 2 + 2 + 2
    by_fmt = arts.groupby("format").size().to_dict()
    assert by_fmt == {"html": 1, "json": 2, "jsonl": 2, "csv": 2}
    html_row = arts[arts.format == "html"].iloc[0]
    assert html_row.title == "Port strike ends" and "nine-day strike" in html_row.body
    js = arts[arts.format == "json"].sort_values("article_id")
    assert list(js.article_id) == ["export.json-a1", "export.json-a2"]  # export.json/.jsonl/.csv share a stem: ids keep the suffix
    assert list(js.title) == ["Rates held", "Rates cut"]
    # the same JSON rows again in the .jsonl export are duplicates, flagged and kept
    assert (arts[arts.format == "jsonl"].status == "duplicate").all()
    assert (arts[arts.format == "csv"].status == "ok").all()
    assert arts[arts.format == "csv"].path.str.contains("#row=").all()


@pytest.mark.skipif(not BBC.exists(), reason="BBC corpus not in ../shared")
def test_bbc_csv_one_row_per_article():
    arts = load_articles(BBC)
    assert len(arts) == 2225
    counts = arts.status.value_counts().to_dict()
    assert set(counts) == {"ok", "duplicate"}  # the BBC set is known to hold about a hundred repeated stories
    assert 50 <= counts["duplicate"] <= 150
    assert arts.n_words.sum() > 800_000


def _clean(text: str) -> str:
    """What the loader makes of a text: normalised, mojibake and entities repaired."""
    return normalize_text(repair_text(normalize_text(text))[0])


@pytest.mark.skipif(not POLNEAR.exists(), reason="PolNeAR corpus not in ../shared")
def test_polnear_dev_keeps_story_paragraphs():
    """The cleaner keeps at least 98% of PolNeAR dev paragraphs and every paragraph of 12 words or more."""
    arts = load_articles(POLNEAR / "dev" / "text")
    assert (arts.status == "ok").all()
    kept = total = long_lost = 0
    for r in arts.itertuples():
        raw = open(r.path, encoding="utf-8").read()
        assert _clean(raw) == r.raw_text  # normalised; the few with mojibake repaired (and noted)
        assert (_clean(raw) != normalize_text(raw)) == ("Text repaired: mojibake." in r.error)
        story = [p for p in re.split(r"\n\s*\n", raw) if p.strip()][1:]
        body = " ".join(r.body.split())
        for p in story:
            total += 1
            if " ".join(_clean(p).split()) in body:
                kept += 1
            elif len(p.split()) >= 12:
                long_lost += 1
    assert kept / total >= 0.98
    assert long_lost == 0
