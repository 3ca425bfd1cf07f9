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

import zlib
from collections.abc import Iterable, Iterator
from typing import Any

import regex

from whoosh.analysis import Filter, IDTokenizer, Token, Tokenizer
from whoosh.fields import TEXT, FieldType
from whoosh.formats import Existence
from whoosh.system import pack_uint

from ..text.normalize import normalize
from ..text.stem import match_key, stem
from ..text.tokenize import WORD_RE

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


class KeyCounts(dict):
    """A pre-analysed field value (match key -> frequency), counted from the article's key
    sequence (`text.keyseq`) so whoosh does not push every token through the filter chain
    again."""


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



# ------------------------------------------------------------------ word-pair buckets
PAIR_BUCKET_BITS = 16  # 2^16 bucket terms


_PAIR_MASK = (1 << PAIR_BUCKET_BITS) - 1


def _word_hash(key: str) -> int:
    # crc32: the same in every process and Python version, unlike the salted `hash()`
    return zlib.crc32(key.encode("utf-8"))


def _pairs(hashes: list[int]) -> Iterator[int]:
    """Bucket numbers of adjacent hashes: order matters ("a b" is not "b a")."""
    mask = _PAIR_MASK
    return (((x * 0x9E3779B1) ^ y) & mask for x, y in zip(hashes, hashes[1:]))


def pair_buckets(keys: str) -> "PairBuckets":
    """The bucket terms of every adjacent key pair in a key sequence (`text.keyseq`), pairs
    never spanning a line break (a phrase never spans paragraphs).

    Hashing pairs into 2^PAIR_BUCKET_BITS buckets bounds the number of distinct terms: a plain
    word-pair field had one term per distinct pair (millions) and halved import speed.
    Collisions only add candidates, which the exact check against the stored key sequence
    removes. Each word is hashed once and pairs are combined arithmetically (~0.3 ms for a
    500-word article)."""
    out: set[int] = set()
    for line in keys.split("\n"):
        out.update(_pairs([_word_hash(w) for w in line.split()]))
    return PairBuckets(format(b, "x") for b in out)


def phrase_buckets(keys: Iterable[str]) -> list[str]:
    """The distinct bucket terms a document must hold to contain the phrase `keys`."""
    pairs = _pairs([_word_hash(k) for k in keys])
    return [format(b, "x") for b in dict.fromkeys(pairs)]


class PairBuckets(frozenset):
    """A pre-computed `pairs` field value: the document's bucket terms."""


class PairField(FieldType):
    """Word-pair buckets, indexed as bare existence (no frequencies, positions, lengths or
    stored value) and never scored: a phrase query requires its buckets as a filter, which
    turns the AND of two frequent words (tens of thousands of documents) into a short list."""

    def __init__(self) -> None:
        super().__init__(format=Existence(), analyzer=IDTokenizer(), scorable=False, stored=False)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        for term in value:
            yield term.encode("ascii"), 1, 1.0, b""
