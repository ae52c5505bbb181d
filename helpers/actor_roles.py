"""Roles of people: the titles and role phrases around a name, and the gender cues they carry.

What it does: reads the words right before a name up to a verb, determiner, punctuation or another person
("Kremlin spokesman", "U.S. Special Envoy", "Trump's son-in-law"), kept only when the word next to the name is a
role word or honorific, or the office of one ("Secretary of State John Kerry"); cut after "of" unless a role word
governs it ("death of conservative Justice" -> "conservative Justice"), and to the title when a title follows "of"
up to the name ("daughter of former President Bill Clinton" -> "former President"); an adjective that is also a
rank is no title ("the major Oscars"). Appositives whose head is a role word ("the head of Russia's GRU ..., Admiral
Igor Kostyukov", "Rustem Umerov, the head of ..."). Roles joined by "and" are split; courtesy titles (Mr., Mrs.)
are cues, not roles; ``_trailing_titles`` keeps the titles next to a name when a headline may precede them.

What it does not do: decide who a role belongs to when two people share a name (``helpers.actor_grouping``), or
read headlines (the caller passes no roles from a title-case run of words).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from . import actor_words as W
from .actor_gender import title_evidence
from .gazetteer import QUOTES as _QUOTES

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def _words_before(doc, start: int, sent_start: int) -> Iterator[list]:
    """Group the tokens before ``start`` (in the sentence) into whitespace-separated words, nearest first.

    A generator: its reader stops after a few words, so a long sentence is not walked to its start per name.
    """
    i = start - 1
    while i >= sent_start:
        word = [doc[i]]
        # glue tokens written without a space: son-in-law, Trump's, U.S., Lt.
        while (
            i - 1 >= sent_start and not doc[i - 1].whitespace_
            and doc[i].text not in W.BREAKS and doc[i - 1].text not in W.BREAKS
        ):
            i -= 1
            word.append(doc[i])
        word.reverse()
        yield word
        i -= 1


def _word_text(word: list) -> str:
    """Return the text of a word made of several tokens."""
    return "".join(t.text_with_ws for t in word).strip()


def _is_role_word(text: str) -> bool:
    """Return True for a title or role word ("spokesman", "Sen.", "son-in-law")."""
    t = text.translate(_QUOTES).lower().strip(",")
    return t in W.ROLE_WORDS or t.endswith("-in-law")


def _split_roles(role: str) -> list[str]:
    """Split 'Kremlin adviser and chief peace negotiator' into its roles; keep 'Secretary of State and Defense'."""
    parts = [p.strip(" ,") for p in re.split(r"\s+(?:and|&)\s+", role)]
    if len(parts) > 1 and all(p and _is_role_word(p.split()[-1]) for p in parts):
        return parts
    return [role.strip(" ,")]


def _role_before(doc, ent_start: int, sent_start: int) -> str | None:
    """Return the title words right before a name ("Kremlin spokesman"), or None."""
    taken: list[list] = []
    for word in _words_before(doc, ent_start, sent_start):
        text = _word_text(word)
        low = text.lower()
        first = word[0]
        if any(t.is_punct and t.text not in {"-", "'s", "’s", "'", "’"} and not t.text.endswith(".") for t in word):
            break  # commas, quotes, brackets end a title
        if first.ent_type_ in {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}:
            break
        if first.ent_type_ == "PERSON" and not _POSSESSIVE.search(text.translate(_QUOTES)):
            break
        if low in {"and", "&", "of", "for"}:
            taken.append(word)
            continue
        pos = {t.pos_ for t in word}
        if _POSSESSIVE.search(text) and len(word) > 1:
            taken.append(word)
            continue
        if low in W.DET_WORDS or not pos & {"NOUN", "PROPN", "ADJ"} or (len(word) == 1 and first.pos_ in W.STOP_POS):
            if not _is_role_word(text):
                break
        taken.append(word)
        if len(taken) > 10:
            break
    # drop connecting words at the far end ("and Trump's son-in-law" -> "Trump's son-in-law")
    while taken and _word_text(taken[-1]).lower() in {"and", "&", "of", "for"}:
        taken.pop()
    if not taken:
        return None
    if not _is_role_word(_word_text(taken[0])) and not (
            len(taken) >= 3 and _word_text(taken[1]).lower() == "of" and _is_role_word(_word_text(taken[2]))):
        return None  # the word next to the name is a title, or the office of one: "Secretary of State John Kerry"
    if len(taken[0]) == 1 and taken[0][0].is_lower and taken[0][0].pos_ == "ADJ":
        return None  # "the major Oscars": an adjective that is also a rank is no title
    if _word_text(taken[0]).lower() in W.COURTESY:
        return _word_text(taken[0])  # "it's Mr. Obama": only the courtesy title belongs to the name
    words = [_word_text(w) for w in reversed(taken)]
    # "death of conservative Justice Scalia": keep what follows "of" unless a role word governs it
    # ("former secretary of State Hillary Clinton"); but when a title follows "of" right up to the name, what
    # precedes "of" is someone else ("daughter of former President Bill Clinton" -> "former President")
    lows = [w.lower() for w in words]
    for k in range(len(words) - 1, -1, -1):
        if lows[k] in {"of", "for"}:
            if k == 0 or not _is_role_word(words[k - 1]) or _is_role_word(words[-1]):
                words = words[k + 1:]
            break
    return " ".join(words) if words else None


def _trailing_titles(role: str) -> str:
    """Return a role without the headline words that may precede its titles ("Budget spree Chancellor" ->
    "Chancellor"); "Former France centre", "former Hewlett-Packard CEO" and "shadow Chancellor" stay."""
    words = role.split()
    k = len(words)
    while k and words[k - 1][:1].isupper() and _is_role_word(words[k - 1]):
        k -= 1
    if 0 < k < len(words) and words[0][:1].isupper() and any(w[:1].islower() for w in words[1:k]):
        return " ".join(words[k:])  # a capitalised word, a lower-case one, then titles: a headline's sentence case
    return role


def _is_kinship(role: str) -> bool:
    """Return True if a role names a relative ("wife", "Trump's son-in-law")."""
    last = role.split()[-1].lower() if role.split() else ""
    return last in W.KINSHIP_WORDS or last.endswith("-in-law")


def _gender_cues(roles: list[str]) -> tuple[str | None, list[tuple[str, str]]]:
    """Return the gender code ("f"/"m", None when none or mixed) and the gender evidence of a mention's titles and roles."""
    evidence = title_evidence(roles)
    genders = {g for g, _ in evidence}
    return ({"female": "f", "male": "m"}[genders.pop()] if len(genders) == 1 else None), evidence


def _clean_phrase(tokens: list) -> str:
    """Join tokens, dropping leading determiners/possessive pronouns and trailing punctuation."""
    while tokens and (tokens[0].lower_ in W.DET_WORDS or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return "".join(t.text_with_ws for t in tokens).strip()


def _in_modifier(tok, head) -> bool:
    """True when ``tok`` hangs below ``head`` through a preposition's object or a possessor ("an attorney for
    Pagliano", "Pagliano's attorney"): a person named inside a role, not a second person beside it."""
    t = tok
    for _ in range(8):
        if t.i == head.i or t.head.i == t.i:
            return False
        if t.dep_ in ("pobj", "poss"):
            return True
        t = t.head
    return False


def _role_appositive(ent) -> str | None:
    """Return an appositive role around a name ("the head of X, Name" or "Name, the head of X"), or None."""
    root = ent.root
    doc = ent.doc
    cands = []
    if root.dep_ == "appos" and root.head.i < ent.start:
        cands.append(root.head)
        up = root.head  # "an attorney for Pagliano, Name": the parse hangs the name off the role's object
        if up.dep_ == "pobj" and up.head.dep_ == "prep" and up.head.head.i < up.i:
            cands.append(up.head.head)
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end:
            cands.append(child)
    # "X, the head of Y, Name": spaCy sometimes hangs the name and the role off the same verb
    for head in cands:
        if not _is_role_word(head.text) and head.lemma_.lower() not in W.ROLE_WORDS:
            continue
        lo = head.left_edge.i
        if head.i < ent.start:
            hi = ent.start
            toks = [t for t in doc[lo:hi]]
            # cut at the comma before the name
            while toks and toks[-1].is_punct:
                toks = toks[:-1]
            # a title right before the name belongs to _role_before, not here
            commas = [k for k, t in enumerate(toks) if t.text == ","]
            if not commas and not (hi > 0 and doc[hi - 1].text == ","):
                continue  # "Kremlin adviser Name" is a leading title, handled by _role_before
            toks = toks[: commas[-1]] if commas else toks
        else:
            toks = []
            for t in doc[lo: head.right_edge.i + 1]:
                if t.text == "," and toks and t.i > head.i or t.lower_ in {"who", "which", "that"}:
                    break
                toks.append(t)
        if any(t.ent_type_ == "PERSON" and not _in_modifier(t, head) for t in toks):
            continue  # a list of people parsed as an appositive ("an attorney for Pagliano, Name" is a role)
        cut = next((k for k, t in enumerate(toks) if t.text in {"(", "[", "--", "—", "–"}), None)
        toks = toks[:cut] if cut is not None else toks
        phrase = _clean_phrase(toks)
        if phrase and len(phrase.split()) <= 14:
            return phrase
    return None
