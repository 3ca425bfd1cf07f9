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

import regex

from whoosh.analysis import Filter, Token, Tokenizer
from whoosh.fields import TEXT
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

