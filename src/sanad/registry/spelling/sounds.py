"""A name read with its vowels, in either script: what the duplicate check compares across scripts.

Latin letters stay in lower case, but for the vowels only a long vowel or a glide of the Arabic renders (I,
U) and a final h heard or not (H). Arabic consonants are written as Latin ones, and in capitals what a Latin
spelling renders as a vowel or not at all: the long vowels (A, I, U), the ayn or an alef (E), a first alef
with hamza (Q), an alef maqsura or final yaa (Y), a final taa marbuta or h (H), the article (L), and the
consonants a Latin spelling writes two ways (K, D, T). Ould and Mint are O and M in both scripts.
"""

from __future__ import annotations

import functools
import re

from sanad.registry.spelling.reading import (
    ARABIC,
    ARABIC_CONSONANTS,
    ARABIC_VOWELS,
    DOUBLES,
    LATIN,
    Word,
    arabic_read,
    latin_token_read,
)

# ق is K (k, q or the g of Hassaniya), ض ظ ذ are D (d or z: Hafida and حفيظة), ث is T (t or s: Othmane and
# Osmane); a first alef with hamza is Q (أحمد is Ahmed, never Hamid).
_ARABIC_SOUNDS = str.maketrans(
    {
        **ARABIC_CONSONANTS,
        **ARABIC_VOWELS,
        "أ": "Q",
        "آ": "Q",
        "ق": "K",
        "ض": "D",
        "ظ": "D",
        "ذ": "D",
        "ث": "T",
    }
)
# Latin letters heard as one sound: "ou" and "oo" are u, "kh" and "gh" are k and g as in the keys, "gu"
# before e or i is g, and a first "di" before a vowel is the j of Pulaar names (Diallo and جالو).
_LATIN_SOUND_SPELLINGS = (
    (re.compile(r"ou|oo"), "u"),
    (re.compile(r"kh"), "k"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"gu(?=[ei])"), "g"),  # Guerrouj, Regragui: the u only keeps the g hard
    (re.compile(r"^(n?)di(?=[aeou])"), r"\1j"),
    (re.compile(r"(?<=[aei])tu$"), ""),  # Fatimétou, Khadijetu: the "-etou" the keys leave out too
)
# Latin vowels only a long vowel or a glide of the Arabic renders: i or y next to another vowel (Said and
# سعيد, Hussein and حسين, Mariem and مريم), u or w next to another vowel (Alaoui, Kawtar), and u before a
# word's last consonant (Mahmoud and محمود, Ayoub), except in "Abdoul".
_LATIN_LONG = (
    (re.compile(r"(?<=[aeou])[iy]|[iy](?=[aeou])"), "I"),
    (re.compile(r"(?<=[aeiI])[uw]|[uw](?=[aei])"), "U"),
    (re.compile(r"(?<!^abd)u(?=[^aeiouyw]$)"), "U"),
)
# Words read as one with the next: "Abd" (Abdel Kader, عبد القادر, عبدالقادر), "Abou" (Aboubakar, أبو بكر),
# "Ben" (Ben Ali, بن علي, Benali), and Ould and Mint, which one file may write and the other leave out.
_JOINED = frozenset({"abd", "abdel", "abdal", "abdul", "abu", "ben", "Ebd", "QbU", "EbU", "bn", "O", "M"})
# Words read as one with the one before: "Eddine" (Salaheddine, صلاح الدين) and "Allah" (Hamdallah).
_JOINING = re.compile(r"[aeu]?(din|dine|laH|la)|LdIn|Llh")
# An article written as its sun letter doubled, "En-Nesyri" for النصيري: left out, as "El" is.
_LATIN_SUN_ARTICLE = re.compile(r"[ae]([dnrstz]|sh)")
_ARABIC_ABD = re.compile("^عبد(?=ال)")


def _latin_sounds(word: Word) -> str:
    if word.particle:
        return {"ould": "O", "mint": "M"}.get(word.text, word.text)
    text = word.text
    for pattern, sound in _LATIN_SOUND_SPELLINGS:
        text = pattern.sub(sound, text)
    text = DOUBLES.sub(r"\1", text)
    for pattern, sound in _LATIN_LONG:
        text = pattern.sub(sound, text)
    text = DOUBLES.sub(r"\1", text)  # Maaouiya: "iy" is one long i
    if len(text) > 2 and text.endswith("h") and text[-2] in "aeiou":
        text = text[:-1] + "H"  # a final h, heard or not: Fatimah as Fatima, Abdallah, Bah
    return text


def _arabic_sounds(word: Word) -> str:
    if word.particle:
        return {"ولد": "O", "منت": "M", "بن": "bn"}[word.text]
    text = word.text.translate(_ARABIC_SOUNDS)
    if text[:1] in ("A", "E"):
        text = "E" + text[1:]  # a first alef only carries the first vowel: ابراهيم is Brahim
    text = text[:1] + text[1:].replace("Q", "E")
    if word.text.endswith("ه") and len(word.text) > 2:
        text = text[:-1] + "H"  # a taa marbuta (Fatima, Fatimetou) or a final h (Bah), heard or not
    elif word.text.endswith("ي") and len(word.text) > 2:
        text = text[:-1] + "Y"  # ي or ى (one letter in the key): Sidi as well as Moustapha, Selma
    return ("L" if word.article else "") + text  # two letters written are two consonants heard (ببكر)


def _joined(words: list[str]) -> str:
    joined: list[str] = []
    pending = False
    for index, word in enumerate(words):
        after = words[index + 1] if index + 1 < len(words) else ""
        if _LATIN_SUN_ARTICLE.fullmatch(word) and after.startswith(word[1:]):
            continue
        if pending or (joined and _JOINING.fullmatch(word)):
            joined[-1] += word
        else:
            joined.append(word)
        pending = word in _JOINED
    return " ".join(joined)


@functools.lru_cache(maxsize=65536)
def name_sounds(name: str) -> str:
    """A name read with its vowels, in either script, its words separated by spaces (the module's
    letters): "mohamed O sheIk" for Mohamed Ould Cheikh, "mhmd O LshIk" for محمد ولد الشيخ."""
    words: list[str] = []
    for token in name.split():
        if ARABIC.search(token):
            token = _ARABIC_ABD.sub("عبد ", token)
            words.extend(_arabic_sounds(w) for w in arabic_read(token, hamza=True))
        elif LATIN.search(token):
            words.extend(_latin_sounds(w) for w in latin_token_read(token))
    return _joined([w for w in words if w])
