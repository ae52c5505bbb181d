"""Guess the language of a text from its script and its commonest function words; no model, no download.

It answers one question the loader needs: is this English? It does not tell dialects or mixed texts apart.
"""
from __future__ import annotations

import re

STOPWORDS = {
    "en": "the of and to in a is that for it was on with as he said by at from his be have are not this but they an",
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er",
    "fr": "le la les de des et à un une du en que est pour qui dans par sur pas au plus ne se ce il avec",
    "es": "el la de que y en los se del las un por con no una su para es al lo como más pero sus le ha",
    "it": "il di che la e per un in è non una del della con si da sono le al gli dei nel alla più ha",
    "pt": "de que e o a do da em um para com não uma os no se na por mais as dos como mas ao ele das",
    "nl": "de het een en van in is dat op te zijn met voor niet aan er om ook als dan maar bij nog",
    "ru": "и в не на что с он как по это к но из у то за от для все так же его было бы она о мы",
    "uk": "і в на не що з до як та це у за від для але його так ж він вона було ми бо де",
}
SETS = {lang: set(words.split()) for lang, words in STOPWORDS.items()}
WORD = re.compile(r"[^\W\d_]+", re.U)
MIN_WORDS = 5
MIN_SHARE = 0.08


def detect_language(text: str, sample_chars: int = 20000) -> str:
    """Return an ISO 639-1 code ('en', 'ru', ...) or 'und' when the text is too short or unrecognised."""
    words = [w.lower() for w in WORD.findall(text[:sample_chars])]
    if len(words) < MIN_WORDS:
        return "en" if words and sum(w in SETS["en"] for w in words) else "und"
    letters = "".join(words)
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in letters) / max(1, len(letters))
    scores = {lang: sum(w in s for w in words) / len(words) for lang, s in SETS.items()}
    if cyrillic > 0.3:
        return max(("ru", "uk"), key=lambda lang: scores[lang]) if max(scores["ru"], scores["uk"]) > 0 else "ru"
    non_latin = sum(ord(ch) > 0x24F for ch in letters) / max(1, len(letters))
    if non_latin > 0.3:
        return "und"
    best = max(sorted(scores), key=lambda lang: scores[lang])
    return best if scores[best] >= MIN_SHARE else "und"
