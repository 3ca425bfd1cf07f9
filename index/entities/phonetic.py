"""A coarse phonetic key shared by Urdu, Devanagari and Latin spellings of a name.

"پیوٹن", "پوتن", "पुतिन" and "Putin" must meet; so must "ولادی ووستوک", "व्लादिवोस्तोक" and
"Vladivostok". Each script's letters map to one consonant class (t/ٹ/ت/ط/त/ट → t, k/ک/ق/ख/क
→ k, s/ش/س/ص/श/स → s, z/j/ز/ج/ज → j …); vowels, vowel signs, aspiration (h, ھ, the aspirate
half of ख) and marks are dropped; و/य/व/ی/v/w/y count as a consonant only at the very start of the
name (Urdu writes و and ی for v/y and for the vowels u/o/i/e alike, so elsewhere they carry no
signal). Spacing is ignored ("ولادی ووستوک" = "ولادیوستوک"). Written by hand: transliteration
libraries (indic-transliteration, aksharamukha) convert Devanagari to Latin well but do not
produce a *matching* key across Urdu's missing short vowels, and that matching is the point.
"""
from __future__ import annotations

from functools import lru_cache

from ..text.normalize import normalize

_CLASSES = {
    "k": "کقكخक\u0916",  # (ख)
    "g": "گغघग",
    "j": "جزذضظژझज",
    "c": "چछच",
    "t": "تٹطतटथठ",
    "d": "دڈडढदध",
    "r": "رڑړरऱ",
    "s": "سشصثशषस",
    "p": "پفपफ",  # f and p meet: Hindi फ़ loses its nukta in normalisation
    "b": "بभब",
    "m": "مम",
    "n": "نںणनंँञङ",
    "l": "لल",
    "v": "وव",
    "y": "یيےय",
}
_LATIN = {"q": "k", "x": "ks", "z": "j", "j": "j", "w": "v", "ph": "p", "f": "p", "kh": "k",
          "gh": "g",
          "sh": "s", "ch": "c", "th": "t", "dh": "d", "bh": "b", "c": "k", "ck": "k"}
_MAP: dict[str, str] = {}
for cls, letters in _CLASSES.items():
    for ch in letters:
        _MAP.setdefault(ch, cls)
_VOWEL_LETTERS = set("اآأعاeaiouअआइईउऊएऐओऔऋ") | set("ािीुूेैोौृॅॉ")
_SEMI = {"v", "y"}


def _latin(word: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(word):
        two = word[i:i + 2]
        if two in _LATIN:
            out.append(_LATIN[two])
            i += 2
            continue
        ch = word[i]
        if ch == "c" and word[i + 1:i + 2] in ("e", "i", "y"):
            out.append("s")
        elif ch in "aeiou":
            out.append("_")  # vowel placeholder (decides semivowels, then dropped)
        elif ch == "y":
            out.append("y")
        elif ch == "h":
            pass
        elif ch in _LATIN:
            out.append(_LATIN[ch])
        elif ch.isalpha():
            out.append(ch)
        i += 1
    return out


def _other(word: str) -> list[str]:
    out: list[str] = []
    for ch in word:
        if ch in _VOWEL_LETTERS:
            out.append("_")
        elif ch in _MAP:
            out.append(_MAP[ch])
        elif ch in "ہحھهह्":
            continue
        elif "a" <= ch <= "z":
            out.extend(_latin(ch))
    return out


@lru_cache(maxsize=200_000)
def word_key(word: str, first: bool) -> str:
    """The key of one normalised word; `first`: it starts the name (keeps an initial
    semivowel)."""
    seq = _latin(word) if word.isascii() else _other(word)
    # a word that is only a semivowel and vowels ("Yo" in Kim Yo Jong) keeps it
    bare = bool(seq) and seq[0] in _SEMI and all(c == "_" or c in _SEMI for c in seq)
    parts: list[str] = []
    for i, c in enumerate(seq):
        if c == "_" or (c in _SEMI and not (i == 0 and (first or bare))):
            continue
        if parts and parts[-1] == c:
            continue  # doubled letters / gemination
        parts.append(c)
    return "".join(parts)


def join_keys(keys: list[str]) -> str:
    out = ""
    for k in keys:
        out += k[1:] if out and k and out[-1] == k[0] else k
    return out


@lru_cache(maxsize=65536)
def phonetic_key(name: str) -> str:
    """The consonant skeleton of `name` (any script); "" if it has no letters."""
    words = normalize(name).replace("-", " ").split()
    return join_keys([word_key(w, i == 0) for i, w in enumerate(words)])
