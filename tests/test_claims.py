"""Claims: the seed article's gold claims, and each attribution pattern on constructed text."""
from __future__ import annotations

import json
from pathlib import Path
import re

import pandas as pd
import pytest

from helpers.checkworthy import score_sentence
from helpers.claims import CLAIM_COLUMNS, claims_for_article, extract_claims, find_quote_marks
from helpers.load import load_articles
from helpers.nlp import ParsedArticle, ParsedParagraph, load_nlp
from helpers.paths import SEEDS_DIR

GOLD = Path(__file__).resolve().parent / "data" / "seed_000_expected.json"


def parse_text(text: str) -> ParsedArticle:
    """Parse constructed text: paragraphs are separated by blank lines, offsets into ``text``."""
    nlp = load_nlp()
    paras = [ParsedParagraph(i, m.start(), nlp(m.group()))
             for i, m in enumerate(re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text))]
    return ParsedArticle("t", text, paras)


def claims_of(text: str, mentions=None) -> pd.DataFrame:
    return pd.DataFrame(claims_for_article(parse_text(text), mentions or []), columns=CLAIM_COLUMNS)


def person(name: str, text: str, start: int, sentence: int, kind: str = "person") -> dict:
    return {"article_id": "t", "actor_id": f"{kind}:{name.lower()}", "actor": name, "type": kind, "text": text,
            "start": start, "end": start + len(text), "paragraph": 0, "sentence": sentence, "role": None}


@pytest.fixture(scope="module")
def seed_claims() -> pd.DataFrame:
    articles = load_articles(SEEDS_DIR)
    return extract_claims(articles[articles["article_id"].str.startswith("000")])


@pytest.fixture(scope="module")
def gold() -> dict:
    if not GOLD.exists():
        pytest.skip(f"seed gold file not found at {GOLD}")
    return json.loads(GOLD.read_text(encoding="utf-8"))


def test_columns_and_offsets(seed_claims):
    assert list(seed_claims.columns) == CLAIM_COLUMNS
    raw = load_articles(SEEDS_DIR).set_index("article_id")["raw_text"]
    for r in seed_claims.itertuples():
        assert raw[r.article_id][r.content_start:r.content_end] == r.content
        if r.speaker_start >= 0:
            assert raw[r.article_id][r.speaker_start:r.speaker_end] == r.speaker_text


def test_every_gold_claim_found(seed_claims, gold):
    for g in gold["claims"]:
        rows = seed_claims[seed_claims["content"].str.contains(g["content_contains"], regex=False)
                           & (seed_claims["speaker"] == g["speaker"]) & (seed_claims["kind"] == g["kind"])
                           & (seed_claims["cue"] == g["cue"])]
        assert len(rows) >= 1, g
        if "speaker_text_any" in g:
            assert set(rows["speaker_text"]) & set(g["speaker_text_any"]), g
        for target in g.get("targets_include", []):
            assert any(target in t for t in rows["targets"]), g


def test_boilerplate_yields_no_claim(seed_claims, gold):
    for g in gold["claims_not_from_body"]:
        assert not seed_claims["content"].str.contains(g["content_contains"], regex=False).any()
    assert not seed_claims["content"].str.contains("The authorities claim", regex=False).any()


def test_check_worthy_examples_are_ranked_assertions(seed_claims, gold):
    assertions = seed_claims[seed_claims["kind"] == "assertion"]
    assert assertions["speaker"].eq("").all() and assertions["cue"].eq("").all()
    for example in gold["check_worthy_examples"]:
        rows = assertions[assertions["content"].str.contains(example[:40], regex=False)]
        assert len(rows) == 1, example
        assert rows["check_worthiness"].iloc[0] >= 0.5 and rows["reasons"].iloc[0]
    first = assertions[assertions["content"].str.contains("the first time", regex=False)]
    assert "superlative" in first["reasons"].iloc[0]


def test_quote_marks_curly_straight_and_unclosed():
    text = 'He said “yes, really,” then "no."'
    marks = find_quote_marks(text)
    assert [text[s:e] for s, e, _ in marks] == ["“yes, really,”", '"no."']
    assert find_quote_marks("“It goes on and on") == [(0, 18, False)]


def test_attribution_after_and_continuation_quote():
    text = "“We will win this,” Smith told reporters on Monday. “Nobody can stop us now.”"
    c = claims_of(text, [person("Ann Smith", "Smith", text.index("Smith"), 0)])
    assert list(c["kind"]) == ["direct", "direct"]
    assert list(c["speaker"]) == ["Ann Smith", "Ann Smith"]
    assert list(c["cue"]) == ["tell", "tell"]
    assert c["content"].iloc[1] == "Nobody can stop us now."


def test_attribution_before_with_colon_and_next_paragraph():
    text = ("The senator said: “The bill is dead and everyone in this building knows it.”\n\n"
            "“We will try again next year with a better plan.”")
    c = claims_of(text)
    assert list(c["kind"]) == ["direct", "direct"]
    assert list(c["speaker_text"]) == ["The senator", "The senator"]


def test_quote_introduced_by_a_colon_without_a_cue():
    text = ("Experts say the plan is vague. Said Ellis: “I don’t get the sense she is interested in tax reform.”\n\n"
            "On July 6, Sanders made the following comment:\n\n"
            "“For young people who have dropped out of high school, the unemployment rate is 33 percent.”")
    c = claims_of(text, [person("Ryan Ellis", "Ellis", text.index("Ellis"), 1),
                         person("Bernie Sanders", "Sanders", text.index("Sanders"), 2)])
    by = {r.content[:12]: r for r in c.itertuples()}
    assert by["I don’t get "].speaker == "Ryan Ellis" and by["I don’t get "].speaker_text == "Ellis"
    assert by["For young pe"].speaker == "Bernie Sanders" and by["For young pe"].rule == "quote-after-cue"
    text = ("Wait, it gets better:\n\n"
            "“By law, the president every fiscal year sets the maximum number of refugees we accept.”")
    r = claims_of(text).iloc[0]
    assert r.speaker_text == "" and r.rule == "unattributed-quote"


def test_quote_split_by_attribution_gives_two_pieces_of_one_attribution():
    text = "“The plan is sound,” the minister said, “and it will pass next week.”"
    c = claims_of(text)
    assert list(c["content"]) == ["The plan is sound", "and it will pass next week."]
    assert set(c["cue"]) == {"say"} and set(c["speaker_text"]) == {"the minister"} and set(c["kind"]) == {"direct"}
    assert c["cue_start"].nunique() == 1 and set(c["rule"]) == {"quote-split"}
    for r in c.itertuples():  # the attribution words are in no content
        assert not (r.content_start <= r.cue_start < r.content_end)
        assert not (r.content_start <= r.speaker_start < r.content_end)



def test_multi_paragraph_quote_without_closing_mark():
    text = ("The mayor said: “We have rebuilt the bridge and reopened every school in the district.\n\n"
            "“Next we will fix the roads that flooded last spring.”")
    c = claims_of(text)
    assert len(c) == 1 and c["kind"].iloc[0] == "direct"
    assert "rebuilt the bridge" in c["content"].iloc[0] and "fix the roads" in c["content"].iloc[0]


def test_reported_speech_participle_and_xcomp_subjects():
    text = ("The governor continues to insist that taxes will fall. "
            "Prices rose after the minister took office, having promised to cut them.")
    c = claims_of(text)
    insist = c[c["cue"] == "insist"].iloc[0]
    assert insist["speaker_text"] == "The governor" and insist["content"] == "taxes will fall"
    promise = c[c["cue"] == "promise"].iloc[0]
    assert promise["speaker_text"] == "the minister" and "cut them" in promise["content"]


def test_according_to():
    text = "Unemployment fell to 4 percent last year, according to the statistics office."
    c = claims_of(text)
    row = c[c["cue"] == "according to"].iloc[0]
    assert row["speaker_text"] == "the statistics office"
    assert row["content"].startswith("Unemployment fell to 4 percent")


def test_mixed_and_naming_kinds():
    text = ("Jones said the new law would “destroy the economy within a year.” "
            "She called the proposal “reckless.”")
    c = claims_of(text)
    assert c[c["cue"] == "say"]["kind"].iloc[0] == "mixed"
    call = c[c["cue"] == "call"].iloc[0]
    assert call["kind"] == "direct" and "reckless" in call["content"]


def test_pronoun_and_metonym_speakers():
    text = ("Prime Minister Ann Lee spoke in Paris on Friday. She said the deal was close. "
            "The Kremlin said the talks had failed.")
    lee = person("Ann Lee", "Ann Lee", text.index("Ann Lee"), 0)
    paris = person("Paris", "Paris", text.index("Paris"), 0, "place")
    kremlin = person("Kremlin", "Kremlin", text.index("Kremlin"), 2, "organisation")
    c = claims_of(text, [lee, paris, kremlin])
    she = c[c["speaker_text"] == "She"].iloc[0]
    assert she["speaker"] == "Ann Lee" and she["speaker_actor_id"] == "person:ann lee"
    assert c[c["content"] == "the talks had failed"]["speaker"].iloc[0] == "Kremlin"  # a seat of power speaks as itself


def test_metonym_table_is_overridable():
    text = "Foggy Bottom said the embassy would reopen."
    c = pd.DataFrame(claims_for_article(parse_text(text), [], metonyms={"Foggy Bottom": "United States"}))
    assert c["speaker"].iloc[0] == "United States"


def test_targets_exclude_the_speaker():
    text = "Lee said Park had lied about the budget."
    c = claims_of(text, [person("Ann Lee", "Lee", 0, 0), person("Jin Park", "Park", 9, 0)])
    assert c["targets"].iloc[0] == ["Jin Park"]


def test_no_claim_without_cue_and_short_quotes_are_terms():
    c = claims_of("The so-called “deal” was signed in a hotel.")
    assert c[c["kind"] != "assertion"].empty


def test_checkworthiness_scores():
    nlp = load_nlp()
    high, reasons = score_sentence(nlp("Inflation reached 9 percent in 2022, the highest level in 40 years.")[:])
    assert high >= 0.7 and {"number", "superlative"} <= set(reasons)
    low, _ = score_sentence(nlp("It was a nice walk and we liked it.")[:])
    assert low < 0.5
    assert score_sentence(nlp("Why did the price rise by 5 percent?")[:]) == (0.0, [])


def test_relative_clause_speaker_is_who_resolved_to_antecedent():
    text = "The plan was criticised by Ann Lee, who said it would fail."
    c = claims_of(text, [person("Ann Lee", "Ann Lee", text.index("Ann Lee"), 0)])
    row = c[c["cue"] == "say"].iloc[0]
    assert row["speaker_text"] == "who" and row["speaker"] == "Ann Lee"
    assert row["content"] == "it would fail"


def test_quote_paragraphs_run_together_in_one_line_text():
    # a quote's next paragraph opens with a mark and the previous one has none to close it; with the line breaks
    # lost (one-line CSV text) the marks must not pair across the narrative between quotations
    text = ('"This is England we are talking about. They have a good record against Ireland. '
            '"They will target a victory in Dublin." The sides differ in selection. '
            '"The knowledge helped," he said.')
    marks = [text[s:e] for s, e, _closed in find_quote_marks(text)]
    assert marks == ['"This is England we are talking about. They have a good record against Ireland. ',
                     '"They will target a victory in Dublin."', '"The knowledge helped,"']
    # a quoted sentence that merely starts with a quoted title keeps alternating marks
    plain = 'He said "yes. No." Then "maybe," she said.'
    assert [plain[s:e] for s, e, _c in find_quote_marks(plain)] == ['"yes. No."', '"maybe,"']


def test_direct_content_starts_after_the_opening_mark():
    text = 'The star joined in 2000. "Things will be totally different this time," he told the BBC.'
    c = claims_of(text)
    assert not c["content"].str.startswith(('"', "“")).any()
    assert (c["content"] == "Things will be totally different this time").any()


def test_parenthetical_said_is_not_content_of_another_cue():
    c = claims_of("The voters, Smith said, want a change.")
    assert not (c["content"].str.contains("Smith said")).any()


def test_nested_cue_inside_reported_content_is_not_a_direct_quote():
    text = "Peskov told reporters that the delegates plan to focus on the “main issues.”"
    c = claims_of(text)
    assert c[c["cue"] == "tell"]["kind"].iloc[0] == "indirect"
    assert (c.loc[c["cue"] != "tell", "kind"] != "direct").all()


def test_earlier_is_not_a_comparison():
    nlp = load_nlp()
    _, reasons = score_sentence(nlp("The minister arrived in Geneva earlier this month.")[:])
    assert "comparison" not in reasons
    _, reasons = score_sentence(nlp("Exports were higher than in 2019.")[:])
    assert "comparison" in reasons


def test_two_apostrophes_are_a_quote_mark_and_passive_evidentials_have_no_speaker():
    text = "''We will not back down,'' said Mr. Emanuel. The governor is considered the favorite to win."
    c = claims_of(text)
    direct = c[c["kind"] == "direct"].iloc[0]
    assert direct["content"] == "We will not back down" and direct["speaker_text"] == "Mr. Emanuel"
    considered = c[c["cue"] == "consider"].iloc[0]
    assert considered["speaker_text"] == "" and considered["content"].startswith("The governor")


def test_apply_actor_merge_renames_speakers_and_targets():
    from helpers.claims import apply_actor_merge
    claims = pd.DataFrame({"article_id": ["a"], "speaker_actor_id": ["person:trump"], "speaker": ["Trump"],
                           "targets": [["Biden"]]})
    before = pd.DataFrame({"article_id": ["a", "a"], "start": [0, 10], "end": [5, 15],
                           "actor_id": ["person:trump", "person:biden"], "actor": ["Trump", "Biden"]})
    after = before.assign(actor_id=["person:donald-trump", "person:joe-biden"], actor=["Donald Trump", "Joe Biden"])
    out = apply_actor_merge(claims, before, after)
    assert out.loc[0, "speaker"] == "Donald Trump" and out.loc[0, "speaker_actor_id"] == "person:donald-trump"
    assert out.loc[0, "targets"] == ["Joe Biden"]


def test_content_never_starts_inside_a_word_the_parse_cut():
    text = "A spokesperson for the council said <b>new</b> barriers had been ordered after the storm."
    claims = claims_of(text)
    row = claims[claims["cue"] == "say"].iloc[0]
    assert row["content"].startswith("<b>new</b> barriers")  # not "b>new</b> ..."
    assert text[row["content_start"]:row["content_end"]] == row["content"]


def test_an_intention_reported_inside_another_claim_is_the_outer_speakers():
    text = ("Kremlin spokesman Dmitry Peskov told reporters this week that Russian delegates in Switzerland plan to "
            "focus on the “main issues” of the talks.\n\n"
            "Communications director Nick Davies said the IAAF would seek to contact Conte \"for further information\".")
    c = claims_of(text)
    c = c[c["kind"] != "assertion"]
    assert set(c["cue"]) == {"tell", "say"}, c[["speaker_text", "cue", "content"]]  # no "plan", "focus" or "seek"
    assert c.loc[c["cue"] == "say", "content"].str.contains("for further information").all()
    # a quotation of a pronoun subject inside a claim is kept: mostly the outer speaker's own words
    text = ("President Vladimir Putin has said Russia will take more territory. He has also indicated that he wants "
            "a change of government in Kyiv, calling Zelensky “illegitimate” and a “neo-Nazi.”")
    c = claims_of(text)
    assert "call" in set(c["cue"])


def test_a_past_tense_verb_hung_on_a_modal_clause_is_the_reporting_speakers():
    """"May said that the country would declare ... and suggested that ...": the parser hangs "suggested" on
    "declare", but a past tense cannot share "would": May suggested it, and the first content stops before "and"."""
    text = ("British Prime Minister Theresa May said this week that the country would formally declare its intention "
            "to break with the E.U. by the end of March and suggested that it would withdraw from the single market.")
    c = claims_of(text)
    rows = c[c["kind"] != "assertion"].set_index("cue")
    assert rows.loc["suggest", "speaker_text"] == "British Prime Minister Theresa May"
    assert rows.loc["suggest", "content"] == "it would withdraw from the single market"
    assert rows.loc["say", "content"].endswith("by the end of March")
    # a conjunct that shares the modal stays with its own subject's clause
    text = "The minister said the company would cut jobs and close two plants next year."
    c = claims_of(text)
    assert "close two plants next year" in c.loc[c["cue"] == "say", "content"].iloc[0]


def test_light_verb_make_reports_its_that_clause():
    """"made the case that", "made it clear that": "make" with a reporting object is a cue; the clause is the content,
    and an intention inside it ("isn't planning to ...") is the outer speaker's words, not a claim of its own; a
    relative clause ("a point that critics missed") is no content."""
    text = ("Senator Ann Lee made the case that the tax was unfair. "
            "The mayor made it clear that the city isn't planning to raise fares. "
            "She made a point that critics missed.")
    c = claims_of(text)
    made = c[c["cue"] == "make"]
    assert list(made["speaker_text"]) == ["Senator Ann Lee", "The mayor"]
    assert list(made["content"]) == ["the tax was unfair", "the city isn't planning to raise fares"]
    assert set(made["rule"]) == {"light-verb"}
    assert c[c["cue"] == "plan"].empty


def test_a_stray_closing_mark_does_not_open_a_quotation():
    # a closing mark with no opening one (the source lost it, or an inch sign) must not pair with the next opening
    # mark and turn the narrative between them into a quotation
    text = ('He said it could be "a very effective recruiting sergeant" for terrorists". His party plans an '
            'amendment. He called on ministers to "enter into constructive discussions" soon.')
    marks = [text[s:e] for s, e, _closed in find_quote_marks(text)]
    assert marks == ['"a very effective recruiting sergeant"', '"enter into constructive discussions"']
    text = 'Trump is 6\'3" tall and weighs 236 pounds, the letter says. "He is healthy," the doctor added.'
    assert [text[s:e] for s, e, _c in find_quote_marks(text)] == ['"He is healthy,"']
    # an opening mark after a sentence with no space still opens
    assert [t[s:e] for t in ['He said."Go now," she said.'] for s, e, _c in find_quote_marks(t)] == ['"Go now,"']


def test_a_quote_that_ends_its_sentence_is_not_resumed_by_a_later_lowercase_quote():
    text = ('Campese told the BBC: "Stop going on about it. They are acting like the first team to be cheated of a '
            'win." England are contemplating a complaint after potential "tries" by Cueto were ruled out.')
    c = claims_of(text, [person("David Campese", "Campese", text.index("Campese"), 0)])
    quoted = c[c["kind"] == "direct"]
    assert not quoted["content"].str.contains("contemplating").any()
    assert (quoted["content"].str.startswith("Stop going on about it")).any()
    text = '"It has been a surprising tournament," he said, "and maybe Ireland have a little more talent."'
    c = claims_of(text, [])  # a quote resumed after its attribution is still the same claim's
    assert list(c["content"]) == ["It has been a surprising tournament", "and maybe Ireland have a little more talent."]
    assert c["cue_start"].nunique() == 1 and set(c["rule"]) == {"quote-split"}


def test_phrasal_cue_verbs_take_their_particle():
    c = claims_of("The chancellor ruled out a rise in income tax.")
    assert list(c["cue"]) == ["rule out"] and list(c["content"]) == ["a rise in income tax"]
    c = claims_of("Trump brushed off the significance of a recruiting video that cites his call for a ban.")
    assert (c["cue"] == "brush off").any()
    assert c[c["cue"] == "brush off"]["content"].iloc[0].startswith("the significance of a recruiting video")
    assert claims_of("The minister played down the risk of a strike.")["cue"].tolist() == ["play down"]
    assert claims_of("The striker ran out of the tunnel.").empty  # a particle the lexicon does not list: no cue


def test_hoped_to_reports_an_intention():
    c = claims_of("Ministers had hoped to get 900m pounds from the European fund.")
    assert list(c["cue"]) == ["hope"] and c["content"].iloc[0].startswith("to get")


def test_a_participle_on_an_adverbial_phrase_goes_on_with_the_clause_subject():
    c = claims_of("Worse, the companies have managed to hide many of their tax havens, in many cases reporting "
                  "different numbers to different agencies.")
    assert list(c["speaker_text"]) == ["the companies"]
    c = claims_of("In a statement announcing the pick, the union called Clinton a champion of workers.")
    assert (c["speaker_text"] == "the union").all()
    c = claims_of("The paper quoted a spokesman saying that the firm would appeal.")
    assert (c.loc[c["content"].str.contains("would appeal"), "speaker_text"] != "").all()


def test_a_speech_verb_hung_on_a_reported_clause_whose_subject_cannot_speak_goes_with_the_reporting_verb():
    c = claims_of('He said prosecutions were the first preference and promised the powers would only be used in '
                  '"serious" cases.')
    assert set(c["speaker_text"]) == {"He"}
    assert (c["cue"] == "promise").any()
    assert c.loc[c["cue"] == "say", "content"].iloc[0] == "prosecutions were the first preference"
    c = claims_of("He said the company had grown and announced that it would hire staff.")
    assert (c.loc[c["cue"] == "announce", "speaker_text"] == "the company").all()  # a company can announce


def test_naming_and_judging_acts_reported_inside_a_claim_keep_their_own_speaker():
    text = ('Minnesota delegate Mary Susan said the convention went well. Her liberal friends have mocked the '
            'campaign, calling Trump \u201can orange buffoon,\u201d Susan said.')
    c = claims_of(text, [person("Mary Susan", "Susan", text.rindex("Susan"), 1)])
    inner = c[c["cue"].isin(["mock", "call"])]
    assert set(inner["speaker_text"]) == {"Her liberal friends"} and len(inner) == 2
    assert (c.loc[c["cue"] == "say", "speaker"] == "Mary Susan").any()  # the outer claim stays
    # an intention reported inside a claim is still the outer speaker's words
    c = claims_of("Davies said the IAAF would seek to contact Conte.")
    assert list(c["cue"]) == ["say"]


@pytest.mark.parametrize("text", [
    "Smith said Jones had not attacked the proposal and would not mock its authors.",
    "Smith said Jones would slam the bill if it passed.",
    "Smith asked whether Jones had praised the decision.",
    "Smith denied that Jones had called the senator a liar.",
    "Smith said Jones refused to condemn the violence.",
    "Smith said Jones should have condemned the violence.",
    "Police said the man attacked a woman with a knife.",
    "Smith said the bank would credit customers' accounts.",
])
def test_a_naming_or_judging_act_that_did_not_happen_as_words_is_no_claim_of_its_own(text):
    c = claims_of(text)
    assert not c["speaker_text"].isin(["Jones", "the man", "the bank"]).any(), c[["speaker_text", "cue", "content"]]


@pytest.mark.parametrize("text", [
    "Stocks shrugged off weak jobs data on Friday.",
    "Heavy rain ruled out any play on the third day.",
    "The lights spelled out a message of hope.",
])
def test_a_phrasal_cue_needs_a_subject_that_can_speak(text):
    c = claims_of(text)
    assert (c["kind"] == "assertion").all()  # at most the writer's own check-worthy sentence


def test_what_a_document_shows_stays_the_documents():
    c = claims_of("Smith said the report was flawed and showed that officials had ignored the warnings.")
    assert not (c.loc[c["cue"] == "show", "speaker_text"] == "Smith").any()
