"""whoosh analyzers for Urdu, Hindi, English and mixed-script text.

KEEP THIS MODULE PATH STABLE (`akhbar.index.search.analysis`): whoosh pickles the schema,
analyzers included, into the saved index, so renaming this module makes old indexes
unreadable (the app would then rebuild them from the store, but slowly).

Each analyzer is a `Tokenizer | Filter` chain built from the same two pieces the rest of the
project uses (`index.text.tokenize.WORD_RE` and `index.text.stem.match_key`), so the index,
the query builder and the snippet highlighter all agree on what a word and its key are.

whoosh reuses one Token object for the whole stream: filters here change it in place and
never keep a reference across iterations.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import zlib

import regex
from collections import Counter

from whoosh.analysis import Filter, Token, Tokenizer
from whoosh.fields import TEXT
from whoosh.system import pack_uint

from ..text.normalize import normalize
from ..text.stem import match_key, stem
from ..text.stopwords import STOP_KEYS
from ..text.tokenize import WORD_RE

PAIR_BUCKETS = 1 << 16
_ARABIC = regex.compile(r"\p{Arabic}")
_DEVANAGARI = regex.compile(r"\p{Devanagari}")


class MarkPreservingTokenizer(Tokenizer):
    """Words as runs of letters, combining marks and digits (never split at a मात्रा or zer)."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.text = value
            t.boost = 1.0
            if keeporiginal:
                t.original = value
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        for pos, m in enumerate(WORD_RE.finditer(value), start_pos):
            t.text = m.group()
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = t.text
            if positions:
                t.pos = pos
            if chars:
                t.startchar = start_char + m.start()
                t.endchar = start_char + m.end()
            yield t


class NormalizeFilter(Filter):
    """Fold each token with the project's one `normalize()`; drop tokens that fold to nothing."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            key = normalize(t.text)
            if key:
                t.text = key
                yield t


class ScriptStemFilter(Filter):
    """Light-stem each token by its own script (Urdu rules for Arabic script, Hindi rules for
    Devanagari), so one analyzer serves mixed-language paragraphs."""

    def __init__(self, scripts: tuple[str, ...] = ("arabic", "devanagari")):
        self.scripts = scripts

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        arabic = "arabic" in self.scripts
        deva = "devanagari" in self.scripts
        for t in tokens:
            text = t.text
            if (arabic and _ARABIC.match(text)) or (deva and _DEVANAGARI.match(text)):
                t.text = stem(text)
            yield t


class MatchKeyFilter(Filter):
    """normalize + stem in one step through the cached `match_key` (the indexing fast path;
    equivalent to `NormalizeFilter() | ScriptStemFilter()`)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            key = match_key(t.text)
            if key:
                t.text = key
                yield t


def pair_bucket(first: str, second: str, buckets: int = PAIR_BUCKETS) -> str:
    """The phrase-field term for two adjacent keys: a stable hash bucket of the pair.

    Why buckets and not the pair itself: whoosh pays tens of microseconds per distinct term
    when it writes a segment, and news text has nearly as many distinct word pairs as words,
    which held indexing to ~30 articles/s. 65,536 buckets cap that cost; a phrase query ANDs
    its buckets with its words, so a false match needs a document with all the words *and* an
    unrelated pair in the same bucket (~0.5 % of such documents), and the library checks the
    hits it shows against the stored text. crc32, not hash(): it must not vary per process.
    """
    return format(zlib.crc32(f"{first}_{second}".encode("utf-8")) % buckets, "x")


def phrase_pairs(keys: list[str] | tuple[str, ...]) -> list[str]:
    """Bucket terms for the adjacent pairs of `keys` that the phrase field indexes: pairs of
    two content words (a pair with a function word is skipped, see `text.stopwords`)."""
    stop = STOP_KEYS
    return [pair_bucket(a, b) for a, b in zip(keys, keys[1:])
            if a not in stop and b not in stop]


class PairBucketFilter(Filter):
    """Turn a key stream into adjacent content-word pair buckets for phrase search."""

    def __init__(self, buckets: int = PAIR_BUCKETS):
        self.buckets = buckets

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        prev: str | None = None
        buckets, stop = self.buckets, STOP_KEYS
        for t in tokens:
            text = t.text
            if prev is not None and prev not in stop and text not in stop:
                t.text = pair_bucket(prev, text, buckets)
                yield t
            prev = text


class KeyCounts(dict):
    """A pre-analysed field value (match key -> frequency), made once per document by
    `count_keys` so whoosh does not push every token through the filter chain again."""


def count_keys(text: str) -> tuple[KeyCounts, KeyCounts]:
    """(word keys, phrase-pair buckets) of `text`, exactly what `mixed_analyzer` and
    `pair_analyzer` would produce, counted at C speed."""
    keys = [k for k in map(match_key, WORD_RE.findall(text)) if k]
    return KeyCounts(Counter(keys)), KeyCounts(Counter(phrase_pairs(keys)))


class CountedText(TEXT):
    """A TEXT field that also accepts a `KeyCounts` value (the indexing fast path); strings
    still go through the analyzer, so queries and other callers behave as for TEXT."""

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if isinstance(value, KeyCounts):
            boost = self.format.field_boost
            for key, freq in value.items():
                yield key.encode("utf-8"), freq, freq * boost, pack_uint(freq)
            return
        yield from super().index(value, **kwargs)


def urdu_analyzer() -> Any:
    return MarkPreservingTokenizer() | NormalizeFilter() | ScriptStemFilter(("arabic",))


def hindi_analyzer() -> Any:
    return MarkPreservingTokenizer() | NormalizeFilter() | ScriptStemFilter(("devanagari",))


def english_analyzer() -> Any:
    # Latin words are casefolded by normalize(); no English stemming (names matter more than
    # inflections in this archive, and English is the minority language here).
    return MarkPreservingTokenizer() | NormalizeFilter()


def mixed_analyzer() -> Any:
    """Urdu, Hindi and English in one field: each token is stemmed by its own script."""
    return MarkPreservingTokenizer() | MatchKeyFilter()


def pair_analyzer() -> Any:
    """For the phrase field: word pairs, hashed to buckets (see `pair_bucket`)."""
    return MarkPreservingTokenizer() | MatchKeyFilter() | PairBucketFilter()
