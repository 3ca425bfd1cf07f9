"""Keeping the number of index segments under a cap after a long import.

A long import commits its batches without merging (each batch is one or two new segments), so
at its end there may be more segments than searches should visit. Two ways to get back under
the cap, both rewriting only the smallest segments:

- `merge_smallest`, whoosh's merge (`add_reader`): reads every posting of the old segments
  and writes them again, one at a time in Python, in this process: ~10 ms an article here.
- `reindex_smallest`: the articles still live in those segments are indexed again from the
  store (the index is derived data, the store holds each article's key sequence) into one
  new segment by the batch writer (`segwriter`), and the old segments are then dropped from
  the index's table of contents in the same commit: ~1 ms an article. A reader never sees an
  article twice or not at all: the new segment and the removal land in one commit.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

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


def choose(segments: list, max_segments: int) -> list:
    """The smallest segments to rewrite into one so that at most `max_segments` remain."""
    ordered = sorted(segments, key=lambda seg: seg.doc_count_all())
    return ordered[:max(2, len(segments) - max_segments + 1)]


def reindex_smallest(ix, max_segments: int, open_writer: Callable[[], Any],  # type: ignore[no-untyped-def]
                     add_all: Callable[[Any, list[str]], None]) -> bool:
    """Re-index the live articles of the smallest segments of `ix` and drop those segments,
    in one commit. `open_writer()` opens the writer of the new segment; `add_all(writer,
    ids)` adds those articles from the store (articles no longer there are simply not written
    again). Returns False, changing nothing, when another commit changed the segments
    meanwhile."""
    from whoosh.reading import SegmentReader

    segments = list(ix._segments())
    if len(segments) <= max_segments:
        return False
    drop = choose(segments, max_segments)
    ids: list[str] = []
    for seg in drop:
        reader = SegmentReader(ix.storage, ix.schema, seg)
        try:
            ids.extend(fields["id"] for fields in reader.all_stored_fields())
        finally:
            reader.close()
    writer = open_writer()
    try:
        seen = {seg.segment_id() for seg in writer.segments}  # type: ignore[attr-defined]
        if seen != {seg.segment_id() for seg in segments}:
            writer.cancel()  # type: ignore[attr-defined]
            return False
        add_all(writer, ids)
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
