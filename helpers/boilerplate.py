"""Tell story text from outlet boilerplate in a scraped article, by general rules.

The rules, each a documented pattern rather than a string from one outlet:
- calls to action addressed to the reader: support/donate/subscribe/sign up/newsletter/privacy policy/
  read more/share/follow us/remind me later (``CTA``);
- runs of short unpunctuated lines: button labels and menus ("Once / Monthly / Annual / Continue");
- reader appeals: paragraphs in the outlet's own voice ("we", "our", "you", quotes removed) that sit
  next to other boilerplate (donation appeals);
- photo caption followed by a credit ("Name / AGENCY", "Photo: ...", "(AP Photo/...)"): caption and credit;
- blocks repeated verbatim in several articles of a corpus (decided by the caller, passed as keys);
- a headline run into a flattened story on one line ("Radcliffe yet to answer GB call Paula Radcliffe has ..."):
  ``split_headline`` finds where it ends.

What it does not do: decode files or decide the language (see ``helpers.load``).
"""
from __future__ import annotations

import functools
import hashlib
import itertools
import re
from collections import Counter
from dataclasses import dataclass

TITLE_MAX_WORDS = 25
CAPTION_MAX_WORDS = 70
CTA_MAX_WORDS = 90
BUTTON_MAX_WORDS = 5
BUTTON_RUN = 3
ADDRESS_MIN_DENSITY = 0.04
ADDRESS_MIN_COUNT = 2

# Calls to action that address the reader in any paragraph up to CTA_MAX_WORDS words.
CTA = re.compile(
    r"""
    (?:^|[.!?]\s+)sign[ -]?up\b | \bsign\ up\ for\ (?:our|the)\ (?:[\w-]+\ ){0,2}newsletters?\b
    | \bsubscribe\ (?:to\ our|now|today|here)\b | \bour\ (?:[\w-]+\ ){0,3}newsletters?\b
    | \bagree\ to\ (?:our|the)\ (?:privacy|terms|cookie) | \bsupport\ us\b | \bsupporting\ (?:us|our\ (?:work|journalism)|independent\ journalism)\b
    | \byour\ support\b | \bdonate\ (?:now|today|to\ us|here)\b | \bclick\ here\b | \bfollow\ us\b | \bdear\ readers?\b | \bremind\ me\ later\b
    | \ball\ rights\ reserved\b | (?:^|\s)©\s*(?:\d{4}|[A-Z]) | \bcopyright\ (?:©\ )?\d{4} | \byou\ may\ also\ like\b | \brecommended\ for\ you\b
    | \bget\ our\ (?:app|newsletter)\b | \bbecome\ a\ (?:member|subscriber|patron)\b | \bread\ the\ (?:rest|full\ (?:story|article))\b
    """,
    re.X | re.I,
)
# Words that mark boilerplate only in a short line (a button, a heading), never in a story paragraph.
CTA_SHORT = re.compile(
    r"""
    ^\W*support\b | \bsupport\ (?:today|now)\b | \bmessage\ from\b | \bnewsletters?\b | \bsubscri(?:be|bers?|ption)\b | \bsign\ (?:up|in)\b | \blog\ ?in\b
    | \bdonat(?:e|ion)\b | \badvertisement\b | \bread\ (?:more|next|also)\b | \bcontinue\ reading\b | \bshare\ (?:this|on)\b
    | \brelated\ (?:articles|stories|coverage|content)\b | \bpayment\ methods?\b | \bmost\ (?:read|popular)\b
    | \bskip\ to\ (?:content|main)\b | \bmenu\b | \bprivacy\ policy\b | \bterms\ of\ (?:use|service)\b | \bcookie\ (?:policy|settings)\b
    """,
    re.X | re.I,
)
CTA_SHORT_MAX_WORDS = 10

CREDIT_SLASH = re.compile(
    r"(?:^|(?<=[.!?”\"’)]\s)|(?<=[.!?”\"’)]))\s*\(?((?:[A-Z][\w'’.-]*\.?\s+){0,3}[A-Z][\w'’.-]*\s*/\s*[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3})\)?\s*$"
)
CREDIT_LABEL = re.compile(
    r"(?:^|(?<=[.!?”\"’)]\s)|(?<=[.!?”\"’)]))\s*\(?((?:Photo(?:graph)?|Image|Picture|Credit|Illustration)s?\s*(?:by|credit|:)\s*:?\s*[^()\n]{2,80}?)\)?\s*$",
)
OUTLET_CUE = re.compile(
    r"(?i:\bsupport|\bfrom|\bsupporting|\bsubscribe to|\bjournalists of|\bfollow|©\s*(?:\d{4}\s*)?)\s+"
    r"((?:[Tt]he\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4})"
)
ADDRESS = re.compile(r"\b(?:we|our|us|ours|you|your|yours|you're|we're)\b", re.I)
QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|''.*?(?:''|$)", re.S)
TERMINAL = re.compile(r"[.!?…:;”\"’)]\s*$")
WORD = re.compile(r"\w+(?:[’'-]\w+)*")


@dataclass
class Block:
    """A paragraph-sized piece of text: offsets into the text, and a key for corpus-level repeat detection."""

    start: int
    end: int
    text: str

    @functools.cached_property
    def key(self) -> str:
        norm = " ".join(self.text.lower().split())
        return hashlib.sha1(norm.encode()).hexdigest()[:16] if len(norm) >= 3 else ""

    @functools.cached_property
    def n_words(self) -> int:
        return len(WORD.findall(self.text))


def _hard_wrapped(lines: list[tuple[int, int, str]]) -> bool:
    """True when a block's lines are one paragraph wrapped at a fixed width (join them)."""
    if len(lines) < 2:
        return False
    body = lines[:-1]
    lengths = [len(t) for _, _, t in body]
    follow_lower = sum(1 for _, _, t in lines[1:] if t[:1].islower())
    return min(lengths) >= 40 and max(lengths) <= 100 and follow_lower >= len(body) / 2


def split_blocks(text: str) -> list[Block]:
    """Split text into blocks at blank lines; lines of one block become blocks of their own unless hard-wrapped."""
    blocks: list[Block] = []
    for m in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", text):
        lines = []
        pos = m.start()
        for line in m.group(0).split("\n"):
            stripped = line.strip()
            if stripped:
                s = pos + (len(line) - len(line.lstrip()))
                lines.append((s, s + len(stripped), stripped))
            pos += len(line) + 1
        if not lines:
            continue
        if _hard_wrapped(lines):
            blocks.append(Block(lines[0][0], lines[-1][1], text[lines[0][0]:lines[-1][1]]))
        else:
            blocks.extend(Block(s, e, t) for s, e, t in lines)
    return blocks


def _is_cta(block: "Block") -> bool:
    """True for a call to action: a reader-directed phrase, or a boilerplate word in a short non-sentence line.

    Phrases inside quotation marks are someone speaking, not the outlet: they never count.
    """
    text = QUOTED.sub(" ", block.text)
    if CTA.search(text):
        return block.n_words <= CTA_MAX_WORDS or _addresses_reader(block.text)
    sentence_like = block.n_words > 4 and text.rstrip().endswith(".")
    return block.n_words <= CTA_SHORT_MAX_WORDS and not sentence_like and bool(CTA_SHORT.search(text))


def _addresses_reader(text: str) -> bool:
    unquoted = QUOTED.sub(" ", text)
    words = WORD.findall(unquoted)
    if not words:
        return False
    hits = len(ADDRESS.findall(unquoted))
    return hits >= ADDRESS_MIN_COUNT and hits / len(words) >= ADDRESS_MIN_DENSITY


def _is_button(block: Block) -> bool:
    return block.n_words <= BUTTON_MAX_WORDS and not TERMINAL.search(block.text)


def split_credit(text: str) -> tuple[str, str] | None:
    """Split 'caption. Name / AGENCY' into (caption, credit); None when the text carries no photo credit."""
    if len(WORD.findall(text)) > CAPTION_MAX_WORDS:
        return None
    for pattern in (CREDIT_SLASH, CREDIT_LABEL):
        m = pattern.search(text)
        if m:
            return text[: m.start(1)].rstrip(" (").strip(), m.group(1).strip()
    return None


def classify_blocks(text: str, blocks: list[Block], repeated: set[str] = frozenset(), has_title: bool = False,
                    find_title: bool = True) -> list[tuple[str, int, int]]:
    """Label each block title/caption/credit/body/boilerplate; return (kind, start, end) spans in text order.

    ``has_title``: the first story block is the title. ``find_title=False``: no block is the title (it is elsewhere).
    """
    n = len(blocks)
    kind = ["body"] * n
    seed = [False] * n  # boilerplate that may pull neighbouring appeals and buttons in with it
    for i, b in enumerate(blocks):
        if _is_cta(b):
            kind[i], seed[i] = "boilerplate", True
        elif b.key in repeated:
            kind[i] = "boilerplate"
    # runs of short unpunctuated lines (buttons, menus)
    i = 0
    while i < n:
        j = i
        while j < n and _is_button(blocks[j]) and kind[j] in ("body", "boilerplate"):
            j += 1
        if j - i >= BUTTON_RUN:
            for k in range(i, j):
                kind[k], seed[k] = "boilerplate", True
        i = max(j, i + 1)
    # title: the given one, or the first non-boilerplate single short line
    story = [i for i in range(n) if kind[i] != "boilerplate"]
    first = story[0] if find_title and (len(story) >= 2 or has_title and story) else None
    if first is not None and (has_title or (blocks[first].n_words <= TITLE_MAX_WORDS and "\n" not in blocks[first].text
                                            and split_credit(blocks[first].text) is None)):
        kind[first] = "title"
    # reader appeals and stray buttons next to boilerplate grow the boilerplate region
    changed = True
    while changed:
        changed = False
        for i in range(n):
            if kind[i] != "body":
                continue
            prev_bp = i > 0 and seed[i - 1]
            next_bp = i + 1 < n and seed[i + 1]
            short = blocks[i].n_words <= CTA_SHORT_MAX_WORDS
            if ((prev_bp or next_bp) and (_addresses_reader(blocks[i].text) or _is_button(blocks[i]))) or (prev_bp and next_bp and short):
                kind[i], seed[i] = "boilerplate", True
                changed = True
    spans: list[tuple[str, int, int]] = []
    for i, b in enumerate(blocks):
        if kind[i] == "body":
            parts = split_credit(b.text)
            if parts is not None:
                caption, credit = parts
                if caption:
                    spans.append(("caption", b.start, b.start + len(caption)))
                cs = b.start + b.text.rindex(credit)
                spans.append(("credit", cs, cs + len(credit)))
                continue
        spans.append((kind[i], b.start, b.end))
    return spans


def repeated_keys(articles_blocks: list[list[Block]], min_articles: int, min_share: float, near_duplicate: float = 0.5) -> set[str]:
    """Keys of blocks found in at least ``min_articles`` distinct stories (and ``min_share`` of all).

    Near-duplicate articles (sharing at least ``near_duplicate`` of their blocks, e.g. one wire story under two
    headlines) count once, so a story paragraph is never mistaken for boilerplate because the story was filed twice.
    """
    keysets = [frozenset(b.key for b in blocks if b.key) for blocks in articles_blocks]
    where: dict[str, list[int]] = {}
    for i, keys in enumerate(keysets):
        for k in keys:
            where.setdefault(k, []).append(i)
    need = max(min_articles, min_share * len(keysets))
    out = set()
    for key, idx in where.items():
        if len(idx) < need:
            continue
        reps: list[frozenset] = []
        for i in idx:
            ks = keysets[i]
            if all(len(ks & r) / max(1, min(len(ks), len(r))) < near_duplicate for r in reps):
                reps.append(ks)
                if len(reps) >= need:
                    out.add(key)
                    break
    return out


HEADLINE_MAX_WORDS = 15
HEADLINE_MIN_BODY_WORDS = 8
HEADLINE_MIN_SCORE = 3
HEADLINE_SAMPLE = 5000  # characters read for the words a text writes in lower case
GAP = re.compile(r" {2,}|\t")
TOKEN = re.compile(r"\S+")
EDGE = "\"'“”‘’()[],;:.!?"
# Words that open a story sentence and are never capitalised inside a headline (determiners, pronouns, numbers, ...).
OPENERS = frozenset("""
    the a an this that these those it its he she they we i you there here his her their our my one two three four five
    six seven eight nine ten many some most more several all both each every few former new when while after before as
    in on at for from with by during despite although though if but and so yet mr mrs ms dr
""".split())
STRONG_OPENERS = frozenset("the a an this these those it he she they we there his her their".split())
# Words a headline does not end on.
CONNECTORS = frozenset("""
    a an the of to in on for and or nor with at by from as into over after before than about against between under v
    vs is are was were be been has have had will would can could may might must should his her its their our my your
    this that these those not no
""".split())


def split_headline(text: str) -> tuple[int, int] | None:
    """Find a headline run into the story on one line: (end of the headline, start of the story), or None.

    A flattened export ("Radcliffe yet to answer GB call Paula Radcliffe has been granted ...") keeps the headline at
    the start. It ends before a double space or tab when there is one. Otherwise the cut is scored at each capitalised
    word 2 to 15 words in, before the first sentence ends: after a lower-case word, a number or a closing quote (+1);
    on a word that opens sentences or is written in lower case elsewhere ("The", "Former", +3); where the next words
    repeat a name of the headline ("Paula Radcliffe" after "... Radcliffe ...", +2) or the words before it ("New
    Zealand New Zealand", +3); on an opening quote (+2); after a question or exclamation mark (+2). The best cut
    scoring 3 or more wins (the earliest on a tie); a headline never ends on a connecting word ("of", "the", "to") or
    inside a quotation. A cut before a full name moves back over the words describing it ("... Gaudio | French prodigy
    Gael Monfils").
    """
    m = re.search(r"\S", text)
    if m is None:
        return None
    start = m.start()
    gap = GAP.search(text, start)
    if gap is not None:
        head = text[start:gap.start()]
        if (len(head.split()) <= HEADLINE_MAX_WORDS and not re.search(r"\w\w[.!?]\s", head)
                and len(text[gap.end():].split()) >= HEADLINE_MIN_BODY_WORDS):
            return gap.start(), gap.end()
    limit = HEADLINE_MAX_WORDS + HEADLINE_MIN_BODY_WORDS + 1
    tokens = [(t.start(), t.end(), t.group()) for t in itertools.islice(TOKEN.finditer(text, start), limit)]
    words = [t[2].strip(EDGE).removesuffix("'s").removesuffix("’s") for t in tokens]
    n_words = len(tokens) if len(tokens) < limit else len(tokens) + HEADLINE_MAX_WORDS  # enough to know the body is long
    best: tuple[int, int, bool] | None = None
    open_quote = False
    for i in range(1, min(HEADLINE_MAX_WORDS + 1, len(tokens))):
        prev, cur = tokens[i - 1][2], tokens[i][2]
        open_quote = _quote_open(prev, open_quote)
        if re.search(r"[a-z]{2}\.$", prev) or n_words - i < HEADLINE_MIN_BODY_WORDS:
            break  # the first sentence ended: no headline before it
        if (i < 2 or open_quote or not words[i][:1].isupper() or prev.endswith((",", ";", ":", "-", "–", "—"))
                or words[i - 1].lower() in CONNECTORS):
            continue
        word = words[i].lower()
        after_lower = words[i - 1][:1].islower() or words[i - 1][:1].isdigit() or prev[-1:] in "\"'”’)?!"
        repeat = any(i >= k and [t[2] for t in tokens[i:i + k]] == [t[2] for t in tokens[i - k:i]] for k in (1, 2, 3))
        if not (after_lower or repeat or word in STRONG_OPENERS):
            continue
        names = {w for w, t in zip(words[:i], tokens) if t[2][:1].isupper()}
        run = _name_run(words, i)
        named = any(w in names for w in run)
        score = int(after_lower) + 3 * repeat + 3 * (word in OPENERS or _written_lower(text, word)) + 2 * named
        score += 2 * (cur[:1] in "\"“‘'") + 2 * (prev[-1:] in "?!")
        if score >= HEADLINE_MIN_SCORE and (best is None or score > best[0]):
            best = (score, i, named and after_lower and len(run) >= 2)
    if best is None:
        return None
    i = _lede_start(words, best[1]) if best[2] else best[1]
    return tokens[i - 1][1], tokens[i][0]


def _written_lower(text: str, word: str) -> bool:
    """Whether the text writes this word in lower case somewhere (in its first HEADLINE_SAMPLE characters)."""
    return word.isalpha() and re.search(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", text[:HEADLINE_SAMPLE]) is not None


PARTICLES = frozenset("van von de der den du da di del della la le al bin ibn".split())


def _quote_open(token: str, was_open: bool) -> bool:
    """Whether a quotation is open after this token (headlines quote with 'single marks')."""
    bare = token.rstrip(",;:.!?")
    closes = bare[-1:] in "'’\"”" and (len(bare) > 1 or was_open)
    return not closes if was_open else bare[:1] in "'‘\"“" and not closes


def _name_run(words: list[str], i: int) -> list[str]:
    """The capitalised words (with name particles such as "van") from ``i`` on: the name a sentence may open with."""
    run: list[str] = []
    for w in words[i:i + 4]:
        if not (w[:1].isupper() and (run or w.lower() not in OPENERS) or w in PARTICLES and run):
            break
        run.append(w)
    return run


def _lede_start(words: list[str], i: int) -> int:
    """Move a cut before a name back over the phrase describing it: "... Gaudio | French prodigy Gael Monfils"."""
    j = i - 1
    while j > i - 4 and j >= 2 and words[j][:1].islower() and words[j].lower() not in CONNECTORS:
        j -= 1
    if j < i - 1 and j >= 2 and words[j][:1].isupper() and not words[j].isupper() and words[j - 1].lower() not in CONNECTORS:
        return j
    return i


def guess_outlet(boilerplate: list[str]) -> str:
    """Name the outlet from its boilerplate ('Support The Moscow Times!'): the most frequent cued name, or ''."""
    counts: Counter = Counter()
    for text in boilerplate:
        for m in OUTLET_CUE.finditer(text):
            name = re.sub(r"[\s.'’-]+$", "", m.group(1))
            name = re.sub(r"^the\s", "The ", name)
            if len(name.split()) >= 1 and name.lower() not in {"the", "us", "our"}:
                counts[name] += 1
    if not counts:
        return ""
    best = max(counts.items(), key=lambda kv: (kv[1], len(kv[0].split()), kv[0]))
    return best[0] if best[1] >= 2 or len(counts) == 1 else ""
