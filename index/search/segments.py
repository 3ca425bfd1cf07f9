"""What the numpy ranking (search.vectorized) and the stored lists (search.sidecar) need to
know about whoosh segments, kept free of numpy: the backend uses it when an index is opened,
and importing numpy (~100 ms) is left to the first search instead of the app's start."""
from __future__ import annotations


class Unsupported(Exception):
    """A query node or reader the numpy evaluator does not handle: whoosh handles it."""


def segment_key(reader) -> str:  # type: ignore[no-untyped-def]
    seg = getattr(reader, "_segment", None)
    if seg is None or not hasattr(seg, "segment_id"):
        raise Unsupported("not a whoosh segment reader")
    return seg.segment_id()


def segment_keys(top) -> set[str]:  # type: ignore[no-untyped-def]
    """The cache keys of the segments `top` searches (empty if they are not whoosh3's)."""
    keys = set()
    for leaf, _ in top.leaf_searchers():
        try:
            keys.add(segment_key(leaf.reader()))
        except Unsupported:
            pass
    return keys
