"""Guess the language of a text from its script and its commonest function words; no model, no download.

It answers the questions the loader needs: is this English, is the text long enough to tell, and could the
accented Latin letters of a text decoded with a guessed code page all come from one language's alphabet (a
text whose letters mix alphabets, such as "øekl zmìnu", was decoded with the wrong code page). It does not
tell dialects or mixed texts apart.
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
# The accented letters each Latin-script language writes (lower case); English writes none of its own.
LATIN_ALPHABETS = {
    "fr": "àâæçéèêëîïôœùûüÿ", "de": "äöüß", "es": "áéíñóúü", "pt": "àáâãçéêíóôõú", "it": "àèéìíîòóù",
    "ca": "àçèéíïòóúü", "nl": "áéíóúàèëïöüâêîôû", "da": "æøåé", "no": "æøåéèêóòô", "sv": "åäöé", "fi": "äöåšž",
    "is": "áðéíóúýþæö", "et": "äöõüšž", "cs": "áčďéěíňóřšťúůýž", "sk": "áäčďéíĺľňóôŕšťúýž", "pl": "ąćęłńóśźż",
    "hu": "áéíóöőúüű", "ro": "ăâîșțşţ", "hr": "čćđšž", "sl": "čšž", "tr": "çğıöşüâîû", "lt": "ąčęėįšųūž",
    "lv": "āčēģīķļņšūž", "sq": "çë", "ga": "áéíóú", "mt": "ċġħżàèìòù", "eu": "ñü", "gl": "áéíóúñü",
}
ALPHABET_SETS = [set(letters) for letters in LATIN_ALPHABETS.values()]
WORD = re.compile(r"[^\W\d_]+", re.U)
ACCENTED_LATIN = re.compile(r"[\u00c0-\u024f]")
MIN_WORDS = 5  # fewer words than this (and few non-Latin letters) is too short to tell the language
MIN_SCRIPT_LETTERS = 20  # this many letters of a non-Latin script tell the script even in few "words" (Chinese, Japanese)
MIN_SHARE = 0.08


def too_short_to_tell(text: str, sample_chars: int = 20000) -> bool:
    """True when the text has too few words (and too few non-Latin letters) to tell its language."""
    words = WORD.findall(text[:sample_chars])
    if len(words) >= MIN_WORDS:
        return False
    return sum(ord(ch) > 0x24F for word in words for ch in word) < MIN_SCRIPT_LETTERS


def detect_language(text: str, sample_chars: int = 20000) -> str:
    """Return an ISO 639-1 code ('en', 'ru', ...) or 'und' when the text is too short or unrecognised."""
    if too_short_to_tell(text, sample_chars):
        return "und"
    words = [w.lower() for w in WORD.findall(text[:sample_chars])]
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


def fits_one_alphabet(text: str) -> bool:
    """True when every accented Latin letter in the text belongs to one language's alphabet (or there is none)."""
    letters = {ch for ch in ACCENTED_LATIN.findall(text.lower()) if ch.isalpha()}
    return not letters or any(letters <= alphabet for alphabet in ALPHABET_SETS)
