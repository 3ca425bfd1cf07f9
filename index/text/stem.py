"""Light suffix stripping for Urdu and Hindi, and the word → match-key function.

Why light: news search wants "ہتھیاروں" (weapons, oblique plural) to find "ہتھیار" and
"मिसाइलें" to find "मिसाइल", but aggressive stemmers conflate unrelated words. We strip one
inflectional suffix, never leaving fewer than three letters (two for plural/oblique endings).

Hindi: the suffix list is the Ramanathan & Rao (2003) light stemmer (the one Lucene's
HindiStemmer implements), written here by hand because no maintained pure-Python package
ships it. Urdu: the matching set of plural/oblique/gender endings (وں یوں یاں یں ے ی ا ہ),
again by hand — there is no packaged Urdu stemmer. `benchmarks/stemming.py` measures what it
buys (recall on inflection pairs from the seeds) and what it costs (wrong conflations).
"""
from __future__ import annotations

from functools import lru_cache

import regex

from .memo import Memo
from .normalize import NORMS, normalize

# Longest first within each group. Plural/oblique endings may leave a two-letter stem (देशों →
# देश, लोगों → लोग); other endings must leave three letters. `benchmarks/stemming.py` measured
# each rule: the Hindi -ि and -ना rules were dropped (they merged स्थित/स्थिति, कल्प/कल्पना and
# gained almost nothing); the one-letter vowel rules stay although they cause most wrong merges
# (वर्ष/वर्षा, دور/دورہ) because they also carry the masculine inflection (फैसला/फैसले,
# حملہ/حملے), which searchers expect to match.
_PLURAL_MIN, _OTHER_MIN = 2, 3
_HINDI_PLURAL = ["ाइयां", "ाइयों", "ियां", "ियों", "ाओं", "ाएं", "ुओं", "ुएं", "ों", "ें", "ां"]
_HINDI_OTHER = [
    "ाएंगी", "ाएंगे", "ाऊंगी", "ाऊंगा",
    "ाएगी", "ाएगा", "ाओगी", "ाओगे", "एंगी", "ेंगी", "एंगे", "ेंगे", "ूंगी", "ूंगा", "ातीं",
    "नाओं", "नाएं", "ताओं", "ताएं",
    "ाकर", "ाइए", "ाईं", "ाया", "ेगी", "ेगा", "ोगी", "ोगे", "ाने", "ाना", "ाते", "ाती",
    "ाता", "तीं", "ुआं",
    "कर", "ाओ", "िए", "ाई", "ाए", "ने", "नी", "ते", "ीं", "ती", "ता",
    "ो", "े", "ू", "ु", "ी", "ा",
]
# Chandrabindu was folded to anusvara by normalize(), so "ाँ" already reads "ां".
_URDU_PLURAL = ["یوں", "یاں", "وں", "یں"]
_URDU_OTHER = ["ے", "ی", "ا", "ہ"]


def _rules(plural: list[str], other: list[str]) -> list[tuple[str, int]]:
    rules = [(s, _PLURAL_MIN) for s in plural] + [(s, _OTHER_MIN) for s in other]
    return sorted(rules, key=lambda r: -len(r[0]))  # longest suffix first


_HINDI_RULES = _rules(_HINDI_PLURAL, _HINDI_OTHER)
_URDU_RULES = _rules(_URDU_PLURAL, _URDU_OTHER)

_ARABIC = regex.compile(r"\p{Arabic}")
_DEVANAGARI = regex.compile(r"\p{Devanagari}")
_MARK = regex.compile(r"\p{M}")


def _letters(s: str) -> int:
    return len(s) - len(_MARK.findall(s))


def _strip(word: str, rules: list[tuple[str, int]]) -> str:
    for suffix, minimum in rules:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if _letters(stem) >= minimum:
                return stem
    return word


def stem(word: str) -> str:
    """Strip one inflectional suffix from an already-normalised word (script decides)."""
    if not word or word.isascii():
        return word
    if _DEVANAGARI.match(word):
        return _strip(word, _HINDI_RULES)
    if _ARABIC.match(word):
        return _strip(word, _URDU_RULES)
    return word


def match_key(word: str) -> str:
    """The key a surface word is indexed and searched under: stem(normalize(word)).

    Memoised (`MATCH_KEYS`): news vocabulary repeats heavily, and this runs for every token
    at index time."""
    return MATCH_KEYS[word]


MATCH_KEYS: Memo[str, str] = Memo(lambda word: stem(NORMS[word]))


@lru_cache(maxsize=50_000)
def match_key_unstemmed(word: str) -> str:
    """normalize() only; used for prefix queries, where the user typed the start of a word."""
    return normalize(word)
