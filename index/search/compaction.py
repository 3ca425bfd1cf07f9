"""Keeping the number of index segments under a cap after a long import.

A long import commits its batches without merging (each batch is one or two new segments), so
at its end there may be more segments than searches should visit. Two ways to get back under
the cap, both rewriting only the smallest segments:

- `merge_smallest`, whoosh's merge (`add_reader`): reads every posting of the old segments
  and writes them again, one at a time in Python, in this process: ~10 ms an article here.
- `reindex_smallest`: the articles still live in those segments are indexed again from the
  store (the index is derived data, the store holds each article's key sequence) with
  whoosh's bulk writer on every core, and the old segments are then dropped from the index's
  table of contents in the same commit: ~4 ms an article (10k articles; ~8 ms at 100k, where
  the new segments outgrow the writers' memory and whoosh sorts part of them on disk). A
  reader never sees an article twice or not at all: the new segments and the removal land in
  one commit.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

log = logging.getLogger("akhbar")


def merge_smallest(max_segments: int):
    """A whoosh merge policy: merge the fewest smallest segments that bring the count to
    `max_segments`."""

    def policy(writer, segments):  # type: ignore[no-untyped-def]
        from whoosh.reading import SegmentReader

        if len(segments) <= max_segments:
            return segments
        ordered = sorted(segments, key=lambda seg: seg.doc_count_all())
        k = len(segments) - max_segments + 1
        for seg in ordered[:k]:
            reader = SegmentReader(writer.storage, writer.schema, seg)
            writer.add_reader(reader)
            reader.close()
        return ordered[k:]

    return policy


def choose(segments: list, max_segments: int, new_segments: Callable[[int], int]) -> list:
    """The smallest segments to rewrite so that, with the `new_segments(live_docs)` segments
    their rewrite makes, at most `max_segments` remain."""
    ordered = sorted(segments, key=lambda seg: seg.doc_count_all())
    k = len(segments) - max_segments + 1
    while k < len(ordered):
        live = sum(seg.doc_count() for seg in ordered[:k])
        if len(segments) - k + new_segments(live) <= max_segments:
            break
        k += 1
    return ordered[:k]


def reindex_smallest(ix, max_segments: int, open_writer: Callable[[int], object],  # type: ignore[no-untyped-def]
                     new_segments: Callable[[int], int],
                     docs_for: Callable[[list[str]], Iterable[dict]]) -> bool:
    """Re-index the live articles of the smallest segments of `ix` and drop those segments,
    in one commit. `open_writer(n)` opens a writer for n documents (a bulk writer for many),
    which makes `new_segments(n)` segments; `docs_for(ids)` gives each article's whoosh fields
    from the store (articles no longer there are simply not written again). Returns False,
    changing nothing, when another commit changed the segments meanwhile."""
    from whoosh.reading import SegmentReader

    segments = list(ix._segments())
    if len(segments) <= max_segments:
        return False
    drop = choose(segments, max_segments, new_segments)
    ids: list[str] = []
    for seg in drop:
        reader = SegmentReader(ix.storage, ix.schema, seg)
        try:
            ids.extend(fields["id"] for fields in reader.all_stored_fields())
        finally:
            reader.close()
    writer = open_writer(len(ids))
    try:
        seen = {seg.segment_id() for seg in writer.segments}  # type: ignore[attr-defined]
        if seen != {seg.segment_id() for seg in segments}:
            writer.cancel()  # type: ignore[attr-defined]
            return False
        for fields in docs_for(ids):
            writer.add_document(**fields)  # type: ignore[attr-defined]
        dropped = {seg.segment_id() for seg in drop}
        writer.commit(mergetype=lambda w, segs: [s for s in segs  # type: ignore[attr-defined]
                                                 if s.segment_id() not in dropped])
    except BaseException:
        try:
            writer.cancel()  # type: ignore[attr-defined]
        except Exception:
            pass
        raise
    log.info("compacted: %d segments (%d articles) re-indexed from the store", len(drop), len(ids))
    return True
