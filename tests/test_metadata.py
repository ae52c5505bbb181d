"""Article metadata in the loader: table columns, HTML meta, sidecar tables, front matter, dates, conflicts, repairs.

Every case is built in a tmp folder (the PolNeAR and BBC checks skip when ../shared is absent). The rules under
test: metadata fills `published`, `author`, `url`, `section`, `outlet` and `meta`; a bad or conflicting value keeps
the row `ok` with a note in `error`; values are plain text; offsets stay right; the memo changes nothing.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import helpers.load as load
from helpers import load_articles, paragraphs
from helpers.boilerplate import split_headline
from helpers.load import parse_date, repair_text
from helpers.paths import SHARED_DIR

POLNEAR = SHARED_DIR / "corpora" / "polnear"
BBC = SHARED_DIR / "corpora" / "bbc" / "bbc-news.csv"
BODY = ("Heavy snow closed hundreds of schools on Monday, officials said, and more is expected overnight.\n\n"
        "The weather service warned drivers to stay off the roads until Tuesday afternoon at the earliest.\n")
XSS = "<script>alert(1)</script>"


def _story(tag: str, title: str = "Storm closes schools across the region") -> str:
    return f"{title}\n\n{BODY.replace('Monday', f'Monday ({tag})')}"


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def _offsets_hold(arts: pd.DataFrame) -> None:
    raws = dict(zip(arts.article_id, arts.raw_text))
    for r in paragraphs(arts).itertuples():
        assert raws[r.article_id][r.start:r.end] == r.text


# --- table columns ------------------------------------------------------------------------------------------------

def test_table_columns_fill_the_fields_and_the_rest_goes_to_meta(tmp_path):
    pd.DataFrame({
        "id": ["a", "b"], "headline": ["Schools close", "Roads close"], "text": [BODY, BODY.replace("snow", "rain")],
        "Date": ["2016-09-12", "Sep 13, 2016"], "byline": ["By Jane Doe", XSS], "link": ["https://x.example/a", ""],
        "publisher": ["Valley Gazette", "Valley Gazette"], "desk": ["Metro", "Metro"], "wordcount": ["312", "None"],
        "region": ["North", "South"],
    }).to_csv(tmp_path / "export.csv", index=False)
    arts = load_articles(tmp_path).set_index("article_id")
    assert list(arts.columns[4:11]) == ["error", "outlet", "published", "author", "url", "section", "meta"]
    assert str(arts.published.dtype) == "datetime64[ns]"
    a, b = arts.loc["export-a"], arts.loc["export-b"]
    assert a.published == pd.Timestamp("2016-09-12") and b.published == pd.Timestamp("2016-09-13")
    assert a.author == "Jane Doe" and b.author == XSS  # plain text, never HTML
    assert a.url == "https://x.example/a" and b.url == ""
    assert a.outlet == "Valley Gazette" and a.section == "Metro" and a.title == "Schools close"
    assert a.meta == {"wordcount": "312", "region": "North"} and b.meta == {"region": "South"}  # "None" is unknown
    assert (arts.status == "ok").all() and not arts.error.str.contains("date").any()


def test_json_records_lists_objects_and_numbers(tmp_path):
    records = [{"id": 1, "text": BODY, "authors": ["Ann Lee", "Bo Chan"], "source": {"id": "vg", "name": "Valley Gazette"},
                "published_at": "2016-09-12T14:30:00-04:00", "category": "Weather", "score": 0.5, "live": True,
                "tags": ["snow", "schools"]}]
    _write(tmp_path / "feed.json", json.dumps(records))
    row = load_articles(tmp_path).iloc[0]
    assert row.author == "Ann Lee; Bo Chan" and row.outlet == "Valley Gazette" and row.section == "Weather"
    assert row.published == pd.Timestamp("2016-09-12 14:30")  # the time as written, the offset dropped
    assert row.meta == {"score": 0.5, "live": True, "tags": "snow; schools"}


# --- HTML -----------------------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><title>Port strike ends</title>
<meta property="og:site_name" content="Harbour News">
<meta name="author" content="Maria Lopez">
<link rel="canonical" href="https://harbour.example/news/port-strike-ends">
<meta property="article:published_time" content="2016-09-12T08:00:00+00:00">
<meta property="article:section" content="Business">
<meta property="article:tag" content="labour">
</head><body><article><h1>Port strike ends</h1>
<p>Dock workers returned to work on Thursday after a nine-day strike that stranded hundreds of containers.</p>
<p>The union said members had approved a new contract with a 14 percent raise over three years.</p>
</article></body></html>"""


def test_html_page_metadata(tmp_path):
    row = load_articles(_write(tmp_path / "port.html", PAGE)).iloc[0]
    assert row.status == "ok" and row.title == "Port strike ends"
    assert row.outlet == "Harbour News" and row.author == "Maria Lopez"
    assert row.url == "https://harbour.example/news/port-strike-ends"
    assert row.published == pd.Timestamp("2016-09-12")
    assert row.meta["categories"] == "Business" and row.meta["tags"] == "labour"
    assert row.meta["hostname"] == "harbour.example" and row.section == ""


def test_explicit_outlet_wins_over_the_site_name_and_the_boilerplate(tmp_path):
    _write(tmp_path / "port.html", PAGE)
    _write(tmp_path / "seedlike.txt", _story("s") + "\nSupport The Moscow Times!\n\nSupport The Moscow Times today\n")
    _write(tmp_path / "metadata.csv", "filename,publisher\nport.html,Harbour Daily\n")
    arts = load_articles(tmp_path).set_index("article_id")
    assert arts.loc["port", "outlet"] == "Harbour Daily"
    assert arts.loc["seedlike", "outlet"] == "The Moscow Times"  # no row in the sidecar: the boilerplate's name


# --- sidecar tables -------------------------------------------------------------------------------------------------

def test_folder_sidecar_keyed_by_file_name_is_not_an_article(tmp_path):
    _write(tmp_path / "a.txt", _story("a"))
    _write(tmp_path / "sub" / "b.md", _story("b"))
    _write(tmp_path / "c.txt", _story("c"))
    _write(tmp_path / "metadata.csv", "file,date,author,section,lang\na.txt,2016-09-12,Ann Lee,Metro,en\n"
                                      "sub/b.md,12 Sep 2016,Bo Chan,,en\n")
    arts = load_articles(tmp_path).set_index("article_id")
    assert sorted(arts.index) == ["a", "c", "sub/b"]  # metadata.csv is metadata, not an article table
    assert arts.loc["a", "author"] == "Ann Lee" and arts.loc["a", "section"] == "Metro"
    assert arts.loc["sub/b", "published"] == pd.Timestamp("2016-09-12") and arts.loc["sub/b", "meta"] == {"lang": "en"}
    assert pd.isna(arts.loc["c", "published"]) and "No row for this article in the metadata table" in arts.loc["c", "error"]
    assert (arts.status == "ok").all()


def test_polnear_style_sidecar_named_by_the_user(tmp_path):
    corpus = tmp_path / "dev" / "text"
    _write(corpus / "nyt_2016-09-12_storm-closes.txt", _story("nyt"))
    _write(corpus / "wash-post_2016-09-13_storm.txt", _story("wp"))
    side = _write(tmp_path / "metadata.tsv", "compartment\tfilename\tlevel\tannotators\tpublisher\tpublication_date\tauthor\t"
                  "title\tcredit\twire\ndev\tnyt_2016-09-12_storm-closes\t4\tef2d\tnyt\t2016-09-12\tBy JANE DOE\t"
                  "Storm Closes Schools\tNone\tNone\ndev\twash-post_2016-09-13_storm\t7\t6b86\twash-post\t2016-09-13\t"
                  "None\tStorm\tNone\tAP\n")
    arts = load_articles(corpus, metadata=side).set_index("article_id")
    nyt, wp = arts.loc["nyt_2016-09-12_storm-closes"], arts.loc["wash-post_2016-09-13_storm"]
    assert (nyt.outlet, nyt.published, nyt.author) == ("nyt", pd.Timestamp("2016-09-12"), "JANE DOE")
    assert nyt.meta == {"compartment": "dev", "level": "4", "annotators": "ef2d", "title": "Storm Closes Schools"}
    assert (wp.outlet, wp.author, wp.meta["wire"]) == ("wash-post", "", "AP")
    assert (arts.error == "").all()
    with pytest.raises(FileNotFoundError, match="metadata table"):
        load_articles(corpus, metadata=tmp_path / "nope.tsv")


def test_sidecar_rows_match_table_rows_by_id_and_the_table_by_file_name(tmp_path):
    pd.DataFrame({"id": ["r1", "r2"], "text": [BODY, BODY.replace("snow", "hail")]}).to_csv(tmp_path / "rows.csv", index=False)
    side = _write(tmp_path / "meta" / "sidecar.csv", "id,filename,outlet,author\nr2,,,Row Two Author\n,rows.csv,Valley Gazette,\n")
    arts = load_articles(tmp_path / "rows.csv", metadata=side).set_index("article_id")
    assert arts.loc["rows-r2", "author"] == "Row Two Author"
    assert arts.loc["rows-r1", "outlet"] == "Valley Gazette" and arts.loc["rows-r1", "author"] == ""


def test_unusable_sidecar_is_noted_never_fatal(tmp_path):
    _write(tmp_path / "a.txt", _story("a"))
    _write(tmp_path / "metadata.tsv", "name\tauthor\na.txt\tAnn\n")
    arts = load_articles(tmp_path)
    assert arts.status.tolist() == ["ok"] and "was not used" in arts.error.iloc[0] and "key column" in arts.error.iloc[0]
    _write(tmp_path / "metadata.tsv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    arts = load_articles(tmp_path)
    assert arts.status.tolist() == ["ok"] and "was not used" in arts.error.iloc[0]


# --- front matter -------------------------------------------------------------------------------------------------

YAML_POST = """---
title: "Storm closes schools"
date: 2016-09-12
author: Jane Doe
tags: [weather, schools]
source: Valley Gazette
mood: grim
---

""" + BODY


def test_yaml_front_matter_is_metadata_and_its_title_the_title(tmp_path):
    arts = load_articles(_write(tmp_path / "post.md", YAML_POST))
    row = arts.iloc[0]
    assert row.status == "ok" and row.raw_text.startswith("---\ntitle:")  # raw_text stays the file
    assert (row.published, row.author, row.outlet) == (pd.Timestamp("2016-09-12"), "Jane Doe", "Valley Gazette")
    assert row.meta == {"tags": "weather; schools", "mood": "grim"}
    assert row.title == "Storm closes schools" and row.n_paragraphs == 2 and "---" not in row.body
    kinds = [k for k, _, _ in row.spans]
    assert kinds == ["metadata", "title", "metadata", "body", "body"]
    _offsets_hold(arts)


def test_key_value_header_lines_before_the_title(tmp_path):
    text = "Date: Mon, 12 Sep 2016 10:00:00 +0200\nByline: Jane Doe\nSection: Weather\n\n" + _story("kv")
    arts = load_articles(_write(tmp_path / "kv.txt", text))
    row = arts.iloc[0]
    assert row.published == pd.Timestamp("2016-09-12 10:00") and row.author == "Jane Doe" and row.section == "Weather"
    assert row.title == "Storm closes schools across the region" and row.n_paragraphs == 2
    assert [k for k, _, _ in row.spans][:2] == ["metadata", "title"] and "Byline" not in row.body
    _offsets_hold(arts)


def test_text_that_only_looks_like_front_matter_stays_text(tmp_path):
    rule = "---\nThe vote was close.\n---\n\n" + _story("rule")
    arts = load_articles(_write(tmp_path / "rule.txt", rule)).iloc[0]
    assert "metadata" not in [k for k, _, _ in arts.spans] and arts.meta == {}
    unknown = "Update: the minister resigned\n\n" + BODY
    assert load_articles(_write(tmp_path / "unknown.txt", unknown)).iloc[0].title == "Update: the minister resigned"
    html = _write(tmp_path / "post.html", "<html><body><p>---</p><p>date: 2016</p><p>---</p></body></html>")
    assert "metadata" not in [k for sp in load_articles(html).spans for k, _, _ in sp]


def test_broken_yaml_and_alias_bombs_are_set_aside_with_a_note(tmp_path):
    broken = "---\ntitle: [unclosed\nauthor: Jane\n---\n\n" + _story("broken")
    bomb = "---\na: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n---\n\n" + _story("bomb")
    _write(tmp_path / "broken.md", broken)
    _write(tmp_path / "bomb.md", bomb)
    arts = load_articles(tmp_path).set_index("article_id")
    assert (arts.status == "ok").all() and (arts.author == "").all() and (arts.meta.map(len) == 0).all()
    assert "not valid YAML" in arts.loc["broken", "error"] and "aliases" in arts.loc["bomb", "error"]
    assert (arts.title == "Storm closes schools across the region").all()
    _offsets_hold(arts.reset_index())


# --- dates, conflicts, hostile values ------------------------------------------------------------------------------

def test_date_formats():
    assert parse_date("2016-09-12") == pd.Timestamp("2016-09-12")
    assert parse_date("2016-09-12T14:30:00Z") == pd.Timestamp("2016-09-12 14:30")
    assert parse_date("Sep 12, 2016") == pd.Timestamp("2016-09-12")
    assert parse_date("Mon, 12 Sep 2016 10:00:00 +0200") == pd.Timestamp("2016-09-12 10:00")
    assert parse_date("September 2016") == pd.Timestamp("2016-09-01")  # missing parts from 1 January, never from today
    for bad in ("next Tuesday", "12", "2016-13-45", "yesterday 2016 or so", "Breitbart News", "1066-10-14", ""):
        assert parse_date(bad) is None, bad


def test_bad_dates_keep_the_row_ok_with_a_note(tmp_path):
    pd.DataFrame({"text": [_story("a"), _story("b")], "date": ["next Tuesday", "2016-13-45"]}).to_csv(
        tmp_path / "t.csv", index=False)
    arts = load_articles(tmp_path)
    assert arts.status.tolist() == ["ok", "ok"] and arts.published.isna().all()
    assert arts.error.str.contains("could not be read as a date").all()
    assert "“next Tuesday”" in arts.error.iloc[0]


def test_sidecar_wins_a_conflict_with_a_note(tmp_path):
    post = "---\ndate: 2016-09-14\nauthor: John Roe\nsection: Weather\n---\n\n" + _story("c")
    same = "---\ndate: 2016-09-12T07:45:00\nauthor: jane  DOE\n---\n\n" + _story("d")
    _write(tmp_path / "c.md", post)
    _write(tmp_path / "d.md", same)
    _write(tmp_path / "metadata.csv", "stem,date,author\nc,2016-09-12,Jane Doe\nd,2016-09-12,Jane Doe\n")
    arts = load_articles(tmp_path).set_index("article_id")
    c, d = arts.loc["c"], arts.loc["d"]
    assert c.status == "ok" and c.published == pd.Timestamp("2016-09-12") and c.author == "Jane Doe"
    assert c.section == "Weather"  # only the front matter has it: kept
    assert "publication date in the front matter (“2016-09-14”) differs" in c.error and "author" in c.error
    assert d.error == "" and d.published == pd.Timestamp("2016-09-12 07:45")  # the same day, with its time; names agree


def test_hostile_metadata_values_are_plain_text(tmp_path):
    post = (f"---\nauthor: \"{XSS}\"\nsection: \"<img src=x onerror=alert(1)>\"\nnote: \"a\\u0000b\\u202ec\\nd\"\n"
            f"url: \"{'x' * 5000}\"\n---\n\n") + _story("x")
    row = load_articles(_write(tmp_path / "x.md", post)).iloc[0]
    assert row.author == XSS and row.section == "<img src=x onerror=alert(1)>"  # kept as text, never unescaped or run
    assert row.meta["note"] == "a b c d"  # control, bidi and line-break characters removed
    assert len(row.url) == load.MAX_URL_CHARS and row.url.endswith("…")
    pd.DataFrame({"text": [BODY], "author": ["&lt;b&gt;Jane&lt;/b&gt;"], "x" * 500: ["y" * 900]}).to_csv(tmp_path / "t.csv", index=False)
    row = load_articles(tmp_path / "t.csv").iloc[0]
    assert row.author == "&lt;b&gt;Jane&lt;/b&gt;"  # entities in metadata are data: not turned into markup
    key, value = next(iter(row.meta.items()))
    assert len(key) == load.MAX_KEY_CHARS and len(value) == load.MAX_VALUE_CHARS


# --- table fields: BBC-style rows, repairs ------------------------------------------------------------------------

BBC_ROWS = [
    ("Ad sales boost Time Warner profit  Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (Â£600m) "
     "for the three months to December, from $639m year-earlier.", "business"),
    ("Papé wins award Jean Papé has won the award for his work on the film, the organisers said on Monday evening in Paris.",
     "entertainment"),
    ("Radcliffe yet to answer GB call Paula Radcliffe has been granted extra time to decide whether to compete in the "
     "World Cross-Country Championships.", "sport"),
]


def test_bbc_style_rows_title_section_and_repairs(tmp_path):
    rows = [(BBC_ROWS[0][0], "business"), (BBC_ROWS[1][0].replace("é", "&#233;"), "entertainment"), BBC_ROWS[2]]
    pd.DataFrame(rows, columns=["text", "category"]).to_csv(tmp_path / "bbc.csv", index=False)
    arts = load_articles(tmp_path)
    assert arts.section.tolist() == ["business", "entertainment", "sport"]
    assert arts.title.tolist() == ["Ad sales boost Time Warner profit", "Papé wins award", "Radcliffe yet to answer GB call"]
    assert arts.body.iloc[0].startswith("Quarterly profits") and "(£600m)" in arts.body.iloc[0]
    assert arts.body.iloc[2].startswith("Paula Radcliffe has been granted")
    assert arts.error.tolist() == ["Text repaired: mojibake.", "Text repaired: HTML entities.", ""]
    assert arts.raw_text.iloc[1].startswith("Papé wins award Jean Papé")  # offsets are on the repaired text
    assert arts.n_paragraphs.tolist() == [1, 1, 1]
    _offsets_hold(arts)


def test_repair_keeps_correct_text_and_applies_to_every_input_type(tmp_path):
    correct = "Café owners said the president’s “naïve” plan – a €5m scheme – was late. Señor Núñez agreed. x < 5 & y"
    assert repair_text(correct) == (correct, [])
    assert repair_text("It cost Â£5m and Pap&#233; said so") == ("It cost £5m and Papé said so", ["HTML entities", "mojibake"])
    _write(tmp_path / "a.txt", _story("a", "CafÃ© owners protest"))
    _write(tmp_path / "b.json", json.dumps([{"text": _story("b").replace("Heavy snow", "Heavy â€œsnowâ€\x9d")}]))
    _write(tmp_path / "c.html", PAGE.replace("Dock workers", "CafÃ© and dock workers"))
    arts = load_articles(tmp_path).set_index("format")
    assert arts.loc["txt", "title"] == "Café owners protest" and "mojibake" in arts.loc["txt", "error"]
    assert "“snow”" in arts.loc["json", "body"] and "mojibake" in arts.loc["json", "error"]
    assert "Café and dock workers" in arts.loc["html", "body"] and "mojibake" in arts.loc["html", "error"]


def test_split_headline_rules():
    assert split_headline("Bank voted 8-1 for no rate change The decision to keep interest rates on hold was passed "
                          "by the Bank of England's rate-setting body.") == (33, 34)
    text = "Barbarians 19-47 New Zealand New Zealand proved too strong for an Australian-dominated Barbarians side."
    assert text[:split_headline(text)[0]] == "Barbarians 19-47 New Zealand"
    text = "Belle named 'best Scottish band' Belle & Sebastian have been named the best Scottish band of all time by readers."
    assert text[:split_headline(text)[0]] == "Belle named 'best Scottish band'"
    assert split_headline("The council met on Monday. It voted to close the school at the end of the year, officials said.") is None


# --- the memo -------------------------------------------------------------------------------------------------------

def test_memo_covers_the_new_work_and_changes_nothing(tmp_path, monkeypatch):
    _write(tmp_path / "post.md", YAML_POST)
    _write(tmp_path / "kv.txt", "Author: Jane Doe\n\n" + _story("kv"))
    _write(tmp_path / "port.html", PAGE)
    _write(tmp_path / "moji.txt", _story("m", "CafÃ© owners protest"))
    pd.DataFrame({"text": [BBC_ROWS[0][0]], "category": ["business"]}).to_csv(tmp_path / "rows.csv", index=False)
    _write(tmp_path / "metadata.csv", "stem,author\nmoji,Sidecar Author\n")
    memo: dict[str, str] = {}
    cold = load_articles(tmp_path, memo=memo)
    assert memo
    calls = []
    for name in ("decode_bytes", "detect_language", "extract_html", "repair_text", "find_front_matter"):
        real = getattr(load, name)
        monkeypatch.setattr(load, name, lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k))
    warm = load_articles(tmp_path, memo=memo)
    assert set(calls) <= {"decode_bytes", "repair_text"}  # the sidecar and the table rows are read every run
    assert "find_front_matter" not in calls and "extract_html" not in calls
    pd.testing.assert_frame_equal(cold, warm)
    pd.testing.assert_frame_equal(cold, load_articles(tmp_path))
    assert cold.set_index("article_id").loc["moji", "author"] == "Sidecar Author"


# --- the real corpora ---------------------------------------------------------------------------------------------

@pytest.mark.skipif(not POLNEAR.exists(), reason="PolNeAR corpus not in ../shared")
def test_polnear_dev_with_its_metadata_table():
    arts = load_articles(POLNEAR / "dev" / "text", metadata=POLNEAR / "metadata.tsv")
    assert len(arts) == 84 and (arts.status == "ok").all()
    assert (arts.outlet != "").all() and arts.published.notna().all()
    assert (arts.author != "").sum() >= 60  # the table has no author for some articles ("None")
    assert not arts.error.str.contains("metadata table").any()
    assert (arts.published.dt.year == 2016).all() and arts.meta.map(lambda m: m.get("compartment") == "dev").all()


@pytest.mark.skipif(not BBC.exists(), reason="BBC corpus not in ../shared")
def test_bbc_rows_get_sections_titles_and_repairs():
    arts = load_articles(BBC)
    assert len(arts) == 2225 and (arts.section != "").all()
    assert set(arts.section) == {"business", "entertainment", "politics", "sport", "tech"}
    assert (arts.title != "").sum() >= 1600
    repaired = arts.error.str.contains("Text repaired")
    assert 600 <= repaired.sum() <= 700 and not arts.raw_text.str.contains("Â£").any()
