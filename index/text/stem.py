"""Light suffix stripping for Urdu and Hindi, and the word → match-key function.

Why light: news search wants "ہتھیاروں" (weapons, oblique plural) to find "ہتھیار" and
"मिसाइलें" to find "मिसाइल", but aggressive stemmers conflate unrelated words. We strip one
inflectional suffix, never leaving fewer than three letters.

Hindi: the suffix list is the Ramanathan & Rao (2003) light stemmer (the one Lucene's
HindiStemmer implements), written here by hand because no maintained pure-Python package
ships it. Urdu: the matching set of plural/oblique/gender endings (وں یوں یاں یں ے ی ا ہ),
again by hand — there is no packaged Urdu stemmer. `benchmarks/stemming.py` measures what it
buys (recall on inflection pairs from the seeds) and what it costs (wrong conflations).
"""
from __future__ import annotations

from functools import lru_cache

import regex

from .normalize import normalize

# Longest first within each group; (suffix, minimum letters that must remain).
_HINDI_SUFFIXES: list[str] = [
    "ाएंगी", "ाएंगे", "ाऊंगी", "ाऊंगा", "ाइयां", "ाइयों",
    "ाएगी", "ाएगा", "ाओगी", "ाओगे", "एंगी", "ेंगी", "एंगे", "ेंगे", "ूंगी", "ूंगा", "ातीं",
    "नाओं", "नाएं", "ताओं", "ताएं", "ियां", "ियों",
    "ाकर", "ाइए", "ाईं", "ाया", "ेगी", "ेगा", "ोगी", "ोगे", "ाने", "ाना", "ाते", "ाती",
    "ाता", "तीं", "ाओं", "ाएं", "ुओं", "ुएं", "ुआं",
    "कर", "ाओ", "िए", "ाई", "ाए", "ने", "नी", "ना", "ते", "ीं", "ती", "ता", "ां", "ों", "ें",
    "ो", "े", "ू", "ु", "ी", "ि", "ा",
]
# Chandrabindu was folded to anusvara by normalize(), so "ाँ" already reads "ां".

_URDU_SUFFIXES: list[str] = [
    "یوں", "یاں", "وں", "یں", "ے", "ی", "ا", "ہ",
]

_MIN_STEM = 3  # letters (base characters, marks excluded) that must remain
_ARABIC = regex.compile(r"\p{Arabic}")
_DEVANAGARI = regex.compile(r"\p{Devanagari}")
_MARK = regex.compile(r"\p{M}")


def _letters(s: str) -> int:
    return len(s) - len(_MARK.findall(s))


def _strip(word: str, suffixes: list[str]) -> str:
    for suffix in suffixes:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if _letters(stem) >= _MIN_STEM:
                return stem
    return word


def stem(word: str) -> str:
    """Strip one inflectional suffix from an already-normalised word (script decides)."""
    if not word or word.isascii():
        return word
    if _DEVANAGARI.match(word):
        return _strip(word, _HINDI_SUFFIXES)
    if _ARABIC.match(word):
        return _strip(word, _URDU_SUFFIXES)
    return word


@lru_cache(maxsize=200_000)
def match_key(word: str) -> str:
    """The key a surface word is indexed and searched under: stem(normalize(word)).

    Cached: news vocabulary repeats heavily, and this runs for every token at index time.
    """
    return stem(normalize(word))


@lru_cache(maxsize=50_000)
def match_key_unstemmed(word: str) -> str:
    """normalize() only; used for prefix queries, where the user typed the start of a word."""
    return normalize(word)
