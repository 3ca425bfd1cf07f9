"""Where a query matched in stored text: spans for highlighting and a snippet.

Whoosh-free on purpose: the highlighter works on the store's paragraph text (the truth), with
the same tokenizer and key function as the index, so every variant spelling that matched is
marked ("کوریا" and "كوريا" alike) and the offsets are code points into the text exactly as
stored and shown (logical order). The GUI colours these spans; the CLI bolds them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..text.normalize import normalize
from ..text.stem import match_key, match_key_unstemmed
from ..text.tokenize import token_spans
from .query import ParsedQuery, Phrase, Term

Span = tuple[int, int]


@dataclass
class Snippet:
    text: str
    spans: list[Span] = field(default_factory=list)
    paragraph: int = 0

    def marked(self, before: str = "«", after: str = "»") -> str:
        """The snippet with each span wrapped in markers (for plain-text output)."""
        out, last = [], 0
        for s, e in self.spans:
            out += [self.text[last:s], before, self.text[s:e], after]
            last = e
        out.append(self.text[last:])
        return "".join(out)


class Highlighter:
    """Finds the matches of one parsed query in any text."""

    def __init__(self, query: ParsedQuery):
        self.keys: set[str] = set()
        self.prefixes: list[str] = []
        self.phrases: list[tuple[str, ...]] = []
        for c in query.positive_clauses():
            if isinstance(c, Phrase):
                self.phrases.append(c.keys)
            elif isinstance(c, Term):
                if c.prefix:
                    # words starting with what was typed, and (as the search itself does)
                    # the typed word's own inflections: "भारती*" ⊇ "भारती"
                    self.prefixes.append(c.key)
                    self.keys.add(match_key(c.word))
                else:
                    self.keys.add(c.key)

        # Substrings a matching paragraph must contain once normalised (a key is a prefix of
        # the normalised word it came from): a C-speed test that spares tokenising the
        # paragraphs that cannot match.
        self._probes = sorted(self.keys | set(self.prefixes) | {p[0] for p in self.phrases})
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for ph in self.phrases:
            self._by_first.setdefault(ph[0], []).append(ph)
        # a paragraph matching this many distinct words serves every group of the query (an
        # entity's many spellings are one group: counting them all made every snippet scan the
        # whole article)
        self._groups = len(query.must)
        # the same test on a paragraph's stored key line (its words' match keys, see
        # text.keyseq): exact, so no paragraph is tokenised in vain; not for prefixes, whose
        # typed letters may run past a word's stemmed key
        self._key_probes = None if self.prefixes else \
            frozenset(self.keys | {p[0] for p in self.phrases})

    @property
    def empty(self) -> bool:
        return not (self.keys or self.prefixes or self.phrases)

    def may_match(self, text: str, key_line: str | None = None) -> bool:
        """False only if `text` cannot match; `key_line`, its stored key line, makes the
        test exact and spares normalising the text."""
        return self._can_match([text], None if key_line is None else [key_line])[0]

    def spans_all(self, texts: list[str], key_lines: list[str] | None = None) -> list[list[Span]]:
        """`spans` of each text; `key_lines` (one per text) skip the texts that cannot match."""
        can = self._can_match(texts, key_lines)
        return [self.spans(t) if ok else [] for t, ok in zip(texts, can)]

    def _can_match(self, texts: list[str], key_lines: list[str] | None) -> list[bool]:
        """For each text, whether it can match: its stored key line (`key_lines`, one per
        text) holds a query key, or else its folded text contains one (all texts folded in
        one `normalize` call, which maps "\\n" to itself). Never False for a text `spans`
        finds something in."""
        if key_lines is not None and len(key_lines) == len(texts) \
                and self._key_probes is not None:
            probes = self._key_probes
            return [not probes.isdisjoint(k.split()) for k in key_lines]
        folded = normalize("\n".join(texts)).split("\n")
        if len(folded) != len(texts):  # a text with a line break inside
            folded = [normalize(t) for t in texts]
        return [any(p in flat for p in self._probes) for flat in folded]

    def spans(self, text: str) -> list[Span]:
        """Sorted, non-overlapping (start, end) code-point spans of matches in `text`."""
        if self.empty or not text:
            return []
        toks = list(token_spans(text))
        keys = [match_key(t[2]) for t in toks]
        found: list[Span] = []
        for i, (s, e, surface) in enumerate(toks):
            if keys[i] in self.keys:
                found.append((s, e))
            elif self.prefixes:
                bare = match_key_unstemmed(surface)
                if any(bare.startswith(p) for p in self.prefixes):
                    found.append((s, e))
        by_first = self._by_first
        if by_first:  # one pass over the words, whatever the number of phrases
            for i, k in enumerate(keys):
                for ph in by_first.get(k, ()):
                    n = len(ph)
                    if tuple(keys[i:i + n]) == ph:
                        found.append((toks[i][0], toks[i + n - 1][1]))
        return _merge(found)

    def snippet(self, paragraphs: list[str], max_chars: int = 220,
                key_lines: list[str] | None = None) -> Snippet:
        """The best passage: the paragraph with the most distinct matches, cut around the
        first match at word boundaries.

        Only paragraphs that can match are tokenised (`_can_match`, with their stored key
        lines when given); the scan stops at a paragraph that matches every query item."""
        if not paragraphs:
            return Snippet("", [], 0)
        if self.empty:
            return cut_snippet(paragraphs[0], [], max_chars)
        can = self._can_match(paragraphs, key_lines)
        wanted = min(len(self.keys) + len(self.prefixes) + len(self.phrases),
                     max(self._groups, 1))
        best, best_score, best_spans = 0, 0, []
        for i, text in enumerate(paragraphs):
            if not can[i]:
                continue
            spans = self.spans(text)
            distinct = len({text[s:e] for s, e in spans})
            score = distinct * 100 + len(spans)
            if score > best_score:
                best, best_score, best_spans = i, score, spans
            if distinct >= wanted:
                break
        return cut_snippet(paragraphs[best], best_spans, max_chars, paragraph=best)


def required_phrases(query: ParsedQuery) -> list[tuple[str, ...]]:
    """Phrases every hit must contain (groups that are a single phrase, not OR'ed)."""
    return [g.options[0].keys for g in query.must
            if len(g.options) == 1 and isinstance(g.options[0], Phrase)]


def cut_snippet(text: str, spans: list[Span], max_chars: int, paragraph: int = 0) -> Snippet:
    if len(text) <= max_chars:
        return Snippet(text, list(spans), paragraph)
    anchor = spans[0][0] if spans else 0
    start = max(0, anchor - max_chars // 3)
    if start > 0:
        sp = text.rfind(" ", 0, start + 1)
        start = sp + 1 if sp >= 0 and anchor - sp < max_chars // 2 else start
    end = min(len(text), start + max_chars)
    if end < len(text):
        sp = text.rfind(" ", start, end)
        if sp > anchor:
            end = sp
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    kept = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    return Snippet(prefix + text[start:end] + suffix, kept, paragraph)


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out
