"""Find-in-article: substring search that ignores what the normaliser folds.

Searching "کوریا" must find "كوريا" and "کوریَا", and "क़ैद" must find "कैद", exactly as the
index matches them, but a reader's find box works on any part of a word, not on whole match
keys. So the text is folded one grapheme cluster at a time (a letter with its marks never
splits) with `normalize` plus case folding, and every hit is mapped back to offsets in the
original text, the text the view shows.
"""
from __future__ import annotations

import regex

from .normalize import normalize

_CLUSTER = regex.compile(r"\X")


def _fold(text: str) -> tuple[str, list[int], list[int]]:
    """Folded text plus, for each folded character, the start and end offsets in `text` of
    the cluster it came from."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in _CLUSTER.finditer(text):
        folded = normalize(m.group()).casefold()
        out.append(folded)
        starts.extend([m.start()] * len(folded))
        ends.extend([m.end()] * len(folded))
    return "".join(out), starts, ends


def fold_needle(needle: str) -> str:
    return " ".join(normalize(needle).casefold().split())


def find_all(needle: str, text: str) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) offsets in `text` of `needle`, ignoring case, diacritics
    and the spelling variants the normaliser folds. An empty needle finds nothing."""
    key = fold_needle(needle)
    if not key or not text:
        return []
    folded, starts, ends = _fold(text)
    hits: list[tuple[int, int]] = []
    at = folded.find(key)
    while at >= 0:
        hits.append((starts[at], ends[at + len(key) - 1]))
        at = folded.find(key, at + len(key))
    return hits
