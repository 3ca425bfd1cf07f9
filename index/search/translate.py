"""Akhbar's query tree (search.query) translated into whoosh queries.

Kept apart from the backend's index life cycle: this is where query speed is decided (which
options of a group are worth a posting list, how a phrase narrows its candidates, how many
completions a prefix gets).
"""
from __future__ import annotations

from collections import Counter

from whoosh import query as wq
from whoosh.matching import RequireMatcher

from ..text.stem import match_key
from .analysis import phrase_buckets
from .query import AllOf, Clause, ParsedQuery, Phrase, Term

MAX_PREFIX_TERMS = 16


def _prefix_terms(reader, prefix: str) -> list[str]:
    """The completions of `prefix` in the body field, most frequent first, at most
    MAX_PREFIX_TERMS: a two-letter prefix can match thousands of rare words (names, typos)
    whose union would make the query slow while adding almost nothing to the top results."""
    df: Counter = Counter()
    # segment by segment: the multi-segment reader looks every completion up in every
    # segment (24 ms a prefix at 100k articles); each segment's own list is one scan
    for leaf, _ in reader.leaf_readers():
        for text, ti in leaf.iter_prefix("body", prefix):
            df[text] += ti.doc_frequency()
    found = sorted(((n, text) for text, n in df.items()), reverse=True)
    return [t.decode("utf-8") if isinstance(t, bytes) else t for _, t in found[:MAX_PREFIX_TERMS]]


def _clause(c: Clause, reader) -> wq.Query:
    if isinstance(c, AllOf):
        return wq.And([_clause(t, reader) for t in c.terms])
    if isinstance(c, Phrase):
        words = wq.And([wq.Term("body", k) for k in dict.fromkeys(c.keys)])
        pairs = [wq.Term("pairs", b) for b in phrase_buckets(c.keys)]
        # scored by its words only; the buckets just narrow the candidates
        return _Require(words, pairs[0] if len(pairs) == 1 else wq.And(pairs))
    assert isinstance(c, Term)
    if c.prefix:
        # completions of what was typed, plus the typed word's own key (the index holds
        # stems: "ہتھیاروں*" must also find "ہتھیار")
        terms = list(dict.fromkeys(_prefix_terms(reader, c.key) + [match_key(c.word)]))
        return wq.Or([wq.Term("body", t) for t in terms])
    return wq.Term("body", c.key)


class _RequireMatcher(RequireMatcher):
    """whoosh's RequireMatcher, fixed: after skipping the scored side by block quality it
    re-aligned the two sides even when they already agreed or one had run out (an assertion
    error in whoosh3 3.54 as soon as block-quality skipping kicked in)."""

    def skip_to_quality(self, minquality: float) -> int:
        skipped = self.a.skip_to_quality(minquality)
        a, b = self.a, self.b
        if a.is_active() and b.is_active() and a.id() != b.id():
            self.child._find_next()
        return skipped


class _Require(wq.Require):
    """Matches `a` AND `b`, scored by `a` alone (with the fixed matcher above)."""

    def matcher(self, searcher, context=None):  # type: ignore[no-untyped-def]
        scored = self.a.matcher(searcher, context)
        required = self.b.matcher(searcher, searcher.boolean_context())
        return _RequireMatcher(scored, required)


def _title_keys(q: ParsedQuery) -> list[str]:
    keys: list[str] = []
    for c in q.positive_clauses():
        if isinstance(c, Phrase):
            keys.extend(c.keys)
        elif not c.prefix:
            keys.append(c.key)
    return list(dict.fromkeys(keys))


def _required_keys(c: Clause) -> frozenset[str]:
    """The body keys every match of `c` must hold (empty for a prefix: any completion)."""
    if isinstance(c, Phrase):
        return frozenset(c.keys)
    if isinstance(c, AllOf):
        return frozenset(t.key for t in c.terms if not t.prefix)
    return frozenset() if c.prefix else frozenset((c.key,))


def _can_match(c: Clause, reader) -> bool:
    if any(reader.doc_frequency("body", k) == 0 for k in _required_keys(c)):
        return False
    if isinstance(c, Phrase):
        return all(reader.doc_frequency("pairs", b) > 0 for b in phrase_buckets(c.keys))
    return True


def _useful_options(options: list[Clause], reader) -> list[Clause]:
    """The options of an OR group that can change which documents match, in their order.

    An entity's spellings make long groups ("امریکا" OR अमेरिका OR "संयुक्त राज्य अमेरिका"
    OR …). Dropped, without changing the set of matches: options holding a word no document
    has, and options that require every word of a plainer option of the same group (a
    document holding "संयुक्त राज्य अमेरिका" already matches अमेरिका). Each dropped phrase
    was an intersection of frequent words walked in Python for every query: at 100k
    articles they made a one-word name search take seconds."""
    live = [c for c in options if _can_match(c, reader)]
    plain = [(_required_keys(c), c) for c in live if not isinstance(c, Phrase)]
    out = []
    for c in live:
        mine = _required_keys(c)
        if any(keys and keys < mine or (keys == mine and other is not c and isinstance(c, Phrase))
               for keys, other in plain):
            continue
        out.append(c)
    return out


def to_whoosh(q: ParsedQuery, reader) -> wq.Query | None:
    musts = []
    for group in q.must:
        options = _useful_options(group.options, reader)
        if not options:  # no option of this group occurs anywhere: nothing can match
            return wq.NullQuery
        parts = [_clause(c, reader) for c in options]
        musts.append(parts[0] if len(parts) == 1 else wq.Or(parts))
    positive: wq.Query | None
    if not musts:
        positive = None
    elif len(musts) == 1:
        positive = musts[0]
    else:
        positive = wq.And(musts)
    if positive is not None:
        title = _title_keys(q)
        if title:
            positive = wq.AndMaybe(positive, wq.Or([wq.Term("title", k) for k in title]))
    if q.must_not:
        negative = wq.Or([_clause(c, reader) for c in q.must_not])
        return wq.AndNot(positive if positive is not None else wq.Every(), negative)
    return positive


def filter_query(q: ParsedQuery) -> wq.Query | None:
    parts: list[wq.Query] = []
    if q.lang:
        parts.append(wq.Term("lang", q.lang))
    if q.date_from or q.date_to:
        parts.append(wq.TermRange("date", q.date_from or "0000", q.date_to or "9999-99-99"))
    for key in q.source:
        parts.append(wq.Term("source", key))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)
