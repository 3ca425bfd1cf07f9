"""Word tokenisation that keeps combining marks inside words.

Python's `re` `\\w` does not count combining marks (Devanagari vowel signs, viramas, Urdu
harakat) as word characters, so "उत्तर" splits into "उत" + "तर" and a word with a zer splits at
the zer. We use the `regex` module's Unicode properties instead: a word is a run of letters
(L), marks (M), numbers (N), plus the joiners and tatweel that live inside Urdu words.

Deliberately *not* word characters: the danda । and double danda ॥ (sentence ends in Hindi;
"कोरिया।" must yield "कोरिया"), the Urdu full stop ۔, Arabic comma/semicolon, quotes and
apostrophes. A number may keep inner separators ("10,000", "7.4", "18/2" stay one token)
so figures are searchable as written.

Offsets are code points into the text exactly as given (logical order), so a highlight lands
on the right letters whatever the script.
"""
from __future__ import annotations

from collections.abc import Iterator

from functools import lru_cache

import regex

# A word: letters/marks/numbers and in-word joiners; digits may carry inner , . / separators.
# A figure keeps the combining marks after its last digit: without `\p{M}*` "0/0\u0300" split
# into "0/0" + a token made of the bare mark, the one place a mark was cut off its base.
WORD_RE = regex.compile(
    r"(?:\p{N}+(?:[.,/:\u066b\u066c]\p{N}+)+\p{M}*)"  # figures such as 10,000 / 7.4 / 18/2
    r"|[\p{L}\p{M}\p{N}\u200c\u200d\u0640]+",
    regex.VERSION1,
)


# WORD_RE with its match captured: split() gives separators and words in turn
_SPLIT_RE = regex.compile("(" + WORD_RE.pattern + ")", WORD_RE.flags)


@lru_cache(maxsize=1024)
def split_words(text: str) -> list[str]:
    """`text` as separator, word, separator, …, separator: the words `WORD_RE` finds at the
    odd places, what lies between them at the even ones (their offsets follow from the
    lengths). Do not change the list: the last texts are cached, because an import's entity
    tagger and its key sequence split the same paragraphs one after the other."""
    return _SPLIT_RE.split(text)


def token_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, surface) for each word in `text`, in order."""
    for m in WORD_RE.finditer(text):
        yield m.start(), m.end(), m.group()


def tokens(text: str) -> list[str]:
    """The words of `text` as they appear (not normalised)."""
    return WORD_RE.findall(text)
