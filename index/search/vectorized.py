"""Whoosh queries evaluated a whole posting list at a time with numpy.

Why: whoosh scores one posting at a time in Python. At 100k articles a word found in 60 % of
them is 59,000 postings and ~160 ms with `limit=10`, and block-max skipping cannot help
because BM25 block maxima are all alike when articles have similar lengths. The same list
decodes in ~18 ms (zlib + pickle per block of 128, in C) and scores in ~1 ms as arrays; once
decoded it is kept in a memory-bounded cache (segments never change, so a cached list never
goes stale; deletions are applied per searcher).

Scores are whoosh's own BM25F, computed from the same inputs (the searcher's idf and average
field length, the per-document length bytes), combined the way whoosh's matchers combine them
(And and Or add, AndMaybe adds the optional side where it matches, Require and AndNot keep the
first side's score), and ranked like whoosh's collector (score, then lower document number).
A test checks the ranking against whoosh's on random queries. Any query node this module
does not know raises `Unsupported` and the backend searches with whoosh itself.

It reads whoosh3's block layout (pinned exactly in pyproject.toml) through private attributes
of its leaf matcher; any other matcher class is read through the public matcher interface.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

from .segments import Unsupported, segment_key

CACHE_BYTES = 256 * 1024 * 1024  # decoded posting lists kept in memory
_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_LENGTH_OF_BYTE = None  # filled lazily: numpy table byte -> field length


@dataclass
class Scored:
    ids: np.ndarray  # sorted unique segment document numbers (int64)
    scores: np.ndarray | None  # float64 per id, or None where only membership matters


class PostingsCache:
    """Decoded posting lists by (segment, field, term), least recently used dropped first
    once they hold more than `budget` bytes. Shared by every searcher of one index."""

    def __init__(self, budget: int = CACHE_BYTES):
        self.budget = budget
        self._items: OrderedDict[tuple, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> tuple[np.ndarray, np.ndarray] | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple, value: tuple[np.ndarray, np.ndarray]) -> None:
        size = value[0].nbytes + value[1].nbytes
        if size > self.budget:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = value
            self._bytes += size
            while self._bytes > self.budget:
                _, (ids, w) = self._items.popitem(last=False)
                self._bytes -= ids.nbytes + w.nbytes

    def keep_only(self, segments: set[str]) -> None:
        """Forget the lists of segments a merge or a rebuild has removed."""
        with self._lock:
            for key in [k for k in self._items if k[0] not in segments]:
                ids, w = self._items.pop(key)
                self._bytes -= ids.nbytes + w.nbytes

    @property
    def nbytes(self) -> int:
        return self._bytes


def _length_table() -> np.ndarray:
    global _LENGTH_OF_BYTE
    if _LENGTH_OF_BYTE is None:
        # a zero byte means "no length stored"; whoosh's scorer then falls back to 1
        _LENGTH_OF_BYTE = np.array([byte_to_length(b) if b else 1 for b in range(256)],
                                   dtype=np.float64)
    return _LENGTH_OF_BYTE


def _read_blocks(m: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    """Every posting of a whoosh3 leaf matcher, a block at a time."""
    ids_parts, weight_parts = [], []
    while True:
        m._read_data()  # noqa: SLF001 - whoosh3's block tuple: (delta ids, weights, values)
        deltas, weights = m._data[0], m._data[1]  # noqa: SLF001
        n = len(deltas)
        ids_parts.append(np.cumsum(np.fromiter(deltas, dtype=np.int64, count=n)))
        if weights is None:
            weight_parts.append(np.ones(n, dtype=np.float32))
        elif isinstance(weights, float):
            weight_parts.append(np.full(n, weights, dtype=np.float32))
        else:
            weight_parts.append(np.fromiter(weights, dtype=np.float32, count=n))
        if m._lastblock:  # noqa: SLF001
            break
        m._goto(m._nextoffset)  # noqa: SLF001
    return np.concatenate(ids_parts), np.concatenate(weight_parts)


def _read_generic(m) -> tuple[np.ndarray, np.ndarray]:
    """Any other matcher (whoosh inlines the postings of very rare terms)."""
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float32)


def read_postings(reader, field: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, weights) of a term in one segment, deleted documents included."""
    if (field, btext) not in reader:
        return _EMPTY_IDS, np.zeros(0, dtype=np.float32)
    m = reader.postings(field, btext)
    while isinstance(m, FilterMatcher):  # deletions are applied by the caller
        m = m.child
    return _read_blocks(m) if type(m) is W3LeafMatcher else _read_generic(m)


class Evaluator:
    """Evaluates one whoosh query on one leaf (segment) searcher of `top` searcher."""

    def __init__(self, top, leaf, cache: PostingsCache, vectors=None,
                 stats: dict | None = None):
        self.top = top
        self.stats = {} if stats is None else stats  # average field lengths, per search
        self.leaf = leaf
        self.reader = leaf.reader()
        self.cache = cache
        self.segment = segment_key(self.reader)
        self.vectors = vectors.get(self.segment, self.reader.doc_count_all()) \
            if vectors is not None else None
        self._lengths: dict[str, np.ndarray] = {}

    # ---------------------------------------------------------------- building blocks
    def postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        btext = text.encode("utf-8") if isinstance(text, str) else text
        key = (self.segment, field, btext)
        found = self.cache.get(key)
        if found is not None:
            return found
        if self.vectors is not None:
            found = self.vectors.postings(field, btext)
            if found is not None:
                return found
        value = read_postings(self.reader, field, btext)
        self.cache.put(key, value)
        return value

    def field_lengths(self, field: str) -> np.ndarray:
        """Length of `field` per document of this segment, as whoosh's scorer sees it."""
        found = self._lengths.get(field)
        if found is None:
            key = (self.segment, "_len", field)
            cached = self.cache.get(key)
            if cached is not None:
                found = cached[0]
            else:
                raw = self.vectors.lengths(field) if self.vectors is not None else None
                if raw is None:
                    raw = length_bytes(self.reader, field)
                found = _length_table()[raw]
                self.cache.put(key, (found, np.zeros(0, dtype=np.float32)))
            self._lengths[field] = found
        return found

    def live(self, ids: np.ndarray) -> np.ndarray:
        """`ids` without the segment's deleted documents."""
        deleted = self.reader.deleted_docs_set if hasattr(self.reader, "deleted_docs_set") \
            else frozenset(self.reader.deleted_docs())
        if not deleted or not len(ids):
            return np.ones(len(ids), dtype=bool)
        return ~np.isin(ids, np.fromiter(deleted, dtype=np.int64, count=len(deleted)))

    # ---------------------------------------------------------------- the tree
    def run(self, q, scored: bool = True, within: np.ndarray | None = None) -> Scored:
        """The documents of `q` (those in `within` only, when given) and their scores.

        `within` carries the candidates found so far down the tree, so a frequent word's list
        is only probed at those documents (a binary search each) instead of being intersected
        whole: a phrase of three frequent words costs its few pair-bucket candidates."""
        if isinstance(q, wq.Term):
            return self._term(q, scored, within)
        if type(q) is wq.And:
            out = None
            for sub in sorted(q.subqueries, key=self._size):
                part = self.run(sub, scored, within if out is None else out.ids)
                out = part if out is None else _and(out, part)
                if not len(out.ids):
                    break
            return out if out is not None else _empty(scored)
        if type(q) is wq.Or:
            return _or([self.run(sub, scored, within) for sub in q.subqueries], scored)
        if type(q) is wq.AndMaybe:
            a = self.run(q.a, scored, within)
            return _and_maybe(a, self.run(q.b, scored, a.ids)) if scored and len(a.ids) else a
        if type(q) is wq.AndNot:
            a = self.run(q.a, scored, within)
            return _minus(a, self.run(q.b, False, a.ids)) if len(a.ids) else a
        if isinstance(q, wq.Require):
            required = self.run(q.b, False, within)
            return self.run(q.a, scored, required.ids)
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return _empty(scored)
        if not scored:  # a filter: whoosh lists its documents, scores do not matter
            ids = np.unique(np.fromiter(q.docs(self.leaf), dtype=np.int64))
            return Scored(ids if within is None else ids[_common(within, ids)[1]], None)
        raise Unsupported(type(q).__name__)

    def _size(self, q) -> float:
        """How many documents `q` can match, as far as is known for free (Terms first)."""
        if isinstance(q, wq.Term):
            return len(self.postings(q.fieldname, q.text)[0])
        return float("inf")

    def _term(self, q: wq.Term, scored: bool, within: np.ndarray | None) -> Scored:
        if q.boost != 1.0:
            raise Unsupported("boosted term")
        ids, weights = self.postings(q.fieldname, q.text)
        if within is not None:
            _, at = _common(within, ids)
            ids, weights = ids[at], weights[at]
        if not scored or not self.top.schema[q.fieldname].scorable:
            return Scored(ids, None if not scored else weights.astype(np.float64))
        # whoosh's idf sums the term's document frequency over every segment: asked once per
        # segment it cost segments² term look-ups a word (12 segments: 144)
        idf = self.stats.get((q.fieldname, q.text))
        if idf is None:
            idf = self.stats[(q.fieldname, q.text)] = self.top.idf(q.fieldname, q.text)
        avgfl = self.stats.get(q.fieldname)
        if avgfl is None:  # whoosh sums every segment's length for each call
            avgfl = self.stats[q.fieldname] = self.top.avg_field_length(q.fieldname) or 1
        lengths = self.field_lengths(q.fieldname)[ids]
        w = weights.astype(np.float64)
        b, k1 = self.top.weighting.B, self.top.weighting.K1
        if getattr(self.top.weighting, "_field_B", {}).get(q.fieldname) is not None:
            b = self.top.weighting._field_B[q.fieldname]  # noqa: SLF001
        scores = idf * ((w * (k1 + 1)) / (w + k1 * ((1 - b) + b * lengths / avgfl)))
        return Scored(ids, scores)


def _empty(scored: bool) -> Scored:
    return Scored(_EMPTY_IDS, np.zeros(0) if scored else None)


def _common(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions in `a` and in `b` of the values both hold (both sorted and unique): the
    shorter is binary-searched in the longer, O(short · log long)."""
    if not len(a) or not len(b):
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    swap = len(a) > len(b)
    short, long_ = (b, a) if swap else (a, b)
    pos = np.searchsorted(long_, short)
    pos_c = np.minimum(pos, len(long_) - 1)
    hit = long_[pos_c] == short
    i_short, i_long = np.flatnonzero(hit), pos_c[hit]
    return (i_long, i_short) if swap else (i_short, i_long)


def _and(a: Scored, b: Scored) -> Scored:
    ia, ib = _common(a.ids, b.ids)
    scores = None
    if a.scores is not None and b.scores is not None:
        scores = a.scores[ia] + b.scores[ib]
    return Scored(a.ids[ia], scores)


def _or(parts: list[Scored], scored: bool) -> Scored:
    parts = [p for p in parts if len(p.ids)]
    if not parts:
        return _empty(scored)
    if len(parts) == 1:
        return parts[0]
    ids, inverse = np.unique(np.concatenate([p.ids for p in parts]), return_inverse=True)
    if not scored or any(p.scores is None for p in parts):
        return Scored(ids, None)
    scores = np.bincount(inverse, weights=np.concatenate([p.scores for p in parts]),
                         minlength=len(ids))
    return Scored(ids, scores)


def _and_maybe(a: Scored, b: Scored) -> Scored:
    if a.scores is None or b.scores is None or not len(b.ids):
        return a
    ia, ib = _common(a.ids, b.ids)
    scores = a.scores.copy()
    scores[ia] += b.scores[ib]
    return Scored(a.ids, scores)


def _minus(a: Scored, b: Scored) -> Scored:
    keep = np.ones(len(a.ids), dtype=bool)
    keep[_common(a.ids, b.ids)[0]] = False
    return Scored(a.ids[keep], None if a.scores is None else a.scores[keep])


def _restrict(a: Scored, ids: np.ndarray) -> Scored:
    at = _common(a.ids, ids)[0]
    return Scored(a.ids[at], None if a.scores is None else a.scores[at])




def length_bytes(reader, field: str) -> np.ndarray:
    """whoosh's one-byte length code of `field` for every document of a segment."""
    n = reader.doc_count_all()
    raw = np.zeros(n, dtype=np.uint8)
    column = _length_column(reader, field)
    if column is not None:
        data = np.frombuffer(column, dtype=np.uint8)[:n]
        raw[: len(data)] = data
    return raw


def _length_column(reader, field: str) -> bytes | None:
    """The raw length bytes of `field` (one per document), or None when none are stored."""
    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is None:
        raise Unsupported("no per-document reader")
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    col = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)  # noqa: SLF001
    if col is None:
        return None
    return bytes(col._dbfile.get(col._basepos, col._count))  # noqa: SLF001


def search(top, query, filt, limit: int, cache: PostingsCache,
           vectors=None) -> tuple[list[int], list[float], int]:
    """Top `limit` (global document number, score) of `query` restricted to `filt`, best first,
    and the exact number of matches. `vectors` (a search.sidecar.VectorStore) gives the
    segments' stored lists where they are built. Raises Unsupported for a node it cannot evaluate."""
    all_ids, all_scores, stats = [], [], {}
    for leaf, offset in top.leaf_searchers():
        ev = Evaluator(top, leaf, cache, vectors, stats)
        hit = ev.run(query, scored=True)
        if filt is not None and len(hit.ids):
            hit = _restrict(hit, ev.run(filt, scored=False, within=hit.ids).ids)
        if hit.scores is None:
            raise Unsupported("unscored query")
        keep = ev.live(hit.ids)
        all_ids.append(hit.ids[keep] + offset)
        all_scores.append(hit.scores[keep])
    if not all_ids:
        return [], [], 0
    ids = np.concatenate(all_ids)
    scores = np.concatenate(all_scores)
    total = len(ids)
    if total > limit:
        # anything tied with the limit-th score stays in, so ties are broken like whoosh's
        kth = np.partition(scores, total - limit)[total - limit]
        sel = scores >= kth
        ids, scores = ids[sel], scores[sel]
    order = np.lexsort((ids, -scores))[:limit]
    return ids[order].tolist(), scores[order].tolist(), total
