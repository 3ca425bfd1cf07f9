"""whoosh's posting pool, replaced by one that groups postings by term as they arrive.

Why: whoosh's `PostingPool` keeps every posting as a (field, term, doc, weight, value) tuple
and sorts them all when a segment is written; past its memory limit it sorts them in runs on
disk and merges the runs back in Python. A segment's cost grew faster than its size: one
writer process indexing 15,000 of the benchmark's articles took ~6.6 ms of CPU each, 30,000
took more than 13 ms each (measured 2026-11-25). That is what made the end-of-import
compaction of a 100k-article library take ~12 minutes.

Documents reach a writer in document-number order, so a term's postings arrive already in
order: grouping them under their (field, term) key as they come leaves only the distinct
terms to sort, and each term's bytes are kept once instead of once a posting. Measured with
whoosh's bulk writer on two cores: 30,000 articles 3.58 -> 3.03 ms an article, 60,000 articles
2.95 ms an article (linear; whoosh's pool had not finished after twice that), and a third
less memory.

Past the memory limit the pool still writes a sorted run to disk, as whoosh's does, and
merges the runs at the end, so a huge rebuild on a small machine degrades instead of
swapping.

whoosh3 accepts a `poolclass` argument but ignores it, and its multi-process writer builds
its own writers in the child processes, so `install()` replaces the class in
`whoosh.writing` (inherited by forked children; a spawned child uses whoosh's pool, which is
slower but writes the same segment).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh import writing

# Bytes a posting takes in the pool (a 3-tuple, its int, float and value bytes), and a new
# term (its key tuple, bytes and list): measured ~150 bytes a posting in the processes' RSS.
POSTING_BYTES = 150
TERM_BYTES = 200

Posting = tuple[str, bytes, int, float, Any]


class TermPool(writing.PostingPool):
    """A drop-in `PostingPool` (same interface as whoosh's) keeping postings by term."""

    def __init__(self, tempstore: Any, segment: Any, limitmb: int = 128, **kwargs: Any):
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self._terms: dict[tuple[str, bytes], list[tuple[int, float, Any]]] = {}
        self._last_doc = -1
        self._ordered = True  # every term's list is in document order

    def add(self, item: Posting) -> None:
        fieldname, btext, docnum, weight, value = item
        key = (fieldname, btext)
        postings = self._terms.get(key)
        if postings is None:
            self.fieldnames.add(fieldname)
            postings = self._terms[key] = []
            self.currentsize += TERM_BYTES + len(btext)
        if docnum < self._last_doc:
            self._ordered = False  # (whoosh's merge of other segments can do this)
        self._last_doc = docnum
        postings.append((docnum, weight, value))
        self.currentsize += POSTING_BYTES
        if self.currentsize > self.limit:
            self.save()

    def _sorted(self) -> Iterator[Posting]:
        terms = self._terms
        for key in sorted(terms):
            fieldname, btext = key
            postings = terms[key] if self._ordered else sorted(terms[key])
            for docnum, weight, value in postings:
                yield fieldname, btext, docnum, weight, value

    def save(self) -> None:
        """Write what the pool holds as one sorted run on disk (whoosh's run format)."""
        if self._terms:
            path, f = self._new_run()
            self._write_run(f, self._sorted())  # streamed: no second copy in memory
            self._add_run(path)
            self._terms, self._ordered = {}, True
        super().save()  # (whoosh's part: its own list is empty; resets the size count)

    def items(self, maxfiles: int = 128) -> Iterator[Posting] | list[Posting]:  # type: ignore[override]
        if not self.runs:
            return self._sorted()
        self.save()  # the rest joins the runs, which whoosh merges
        return super().items(maxfiles)

    def iter_postings(self) -> Iterator[Posting] | list[Posting]:
        return self.items()

    def cleanup(self) -> None:
        self._terms = {}
        super().cleanup()


def install() -> None:
    """Make every whoosh writer made from now on (in this process and the ones it forks) use
    `TermPool`."""
    writing.PostingPool = TermPool  # type: ignore[misc]
