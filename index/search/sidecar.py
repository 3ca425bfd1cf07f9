"""Decoded posting lists of each large segment's frequent terms, stored beside the index.

Why: the numpy evaluator (search.vectorized) ranks 60,000 postings in about a millisecond,
but whoosh3 stores them zlib-compressed and pickled per block of 128, which costs ~18 ms to
decode. Frequent words are the ones queries meet most and the ones that cost most, so for
each large segment their lists are decoded once, after the segment is written, into plain
arrays that searches map from disk.

Like the whoosh index itself this is derived data:
- whoosh segments never change once written (deletions are kept apart and applied per
  search), so a segment's files stay right for as long as the segment exists;
- a missing, partial or unreadable folder is simply not used (the evaluator decodes);
- folders are written under a temporary name and renamed into place, so a kill leaves
  either nothing or a complete folder;
- folders of segments a merge removed are deleted by the next build.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .segments import Unsupported, segment_key

if TYPE_CHECKING:
    import numpy as np

# numpy and the evaluator are imported where lists are opened or built: checking whether the
# lists are up to date (every open of a library) must not pay for importing numpy

log = logging.getLogger("akhbar")

SIDE_DIR = "vectors"
FORMAT = 1
MIN_DOCS = 1_000  # smaller segments (one import batch) decode fast enough on the fly
MIN_POSTINGS = 500  # a term's list is stored when it is at least this long
FIELDS = ("body", "title", "lang")
LENGTH_FIELDS = ("body", "title")


class SegmentVectors:
    """One segment's stored lists, memory-mapped."""

    def __init__(self, folder: Path, doc_count: int):
        import numpy as np

        meta = json.loads((folder / "terms.json").read_text("utf-8"))
        if meta.get("format") != FORMAT or meta.get("docs") != doc_count:
            raise ValueError("stored for another segment layout")
        self._terms: dict[str, list[int]] = meta["terms"]
        self._ids = np.load(folder / "ids.npy", mmap_mode="r")
        self._weights = np.load(folder / "weights.npy", mmap_mode="r")
        if len(self._ids) != meta["postings"] or len(self._weights) != meta["postings"]:
            raise ValueError("truncated")
        self._lengths = {f: np.load(folder / f"len-{f}.npy") for f in LENGTH_FIELDS
                         if (folder / f"len-{f}.npy").exists()}

    def postings(self, field: str, btext: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        span = self._terms.get(_term_key(field, btext))
        if span is None:
            return None
        start, end = span
        return self._ids[start:end].astype("int64"), self._weights[start:end]

    def lengths(self, field: str) -> np.ndarray | None:
        return self._lengths.get(field)


def _term_key(field: str, btext: bytes) -> str:
    return f"{field}\t{btext.hex()}"


class VectorStore:
    """The `vectors/` folder of one index: opens, builds and prunes segments' lists."""

    def __init__(self, index_dir: Path, *, min_docs: int | None = None,
                 min_postings: int | None = None):
        self.dir = Path(index_dir) / SIDE_DIR
        self.min_docs = MIN_DOCS if min_docs is None else min_docs
        self.min_postings = MIN_POSTINGS if min_postings is None else min_postings
        self._open: dict[str, SegmentVectors | None] = {}
        self._lock = threading.Lock()

    def get(self, segment: str, doc_count: int) -> SegmentVectors | None:
        """A segment's stored lists, or None when they are not built (or unusable)."""
        with self._lock:
            if segment in self._open:
                return self._open[segment]
        folder = self.dir / segment
        vectors = None
        if folder.is_dir():
            try:
                vectors = SegmentVectors(folder, doc_count)
            except (OSError, ValueError, KeyError) as e:
                log.info("stored lists of segment %s unusable (%s): decoding", segment, e)
        if vectors is not None:  # a missing folder may be built later: look again then
            with self._lock:
                self._open[segment] = vectors
        return vectors

    def _segments(self, searcher) -> list[tuple[str, object, bool]]:
        """(segment key, reader, lists missing) for each whoosh3 segment of `searcher`."""
        out = []
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            try:
                segment = segment_key(reader)
            except Unsupported:
                continue
            missing = reader.doc_count_all() >= self.min_docs and \
                not (self.dir / segment).is_dir()
            out.append((segment, reader, missing))
        return out

    def up_to_date(self, searcher) -> bool:
        """True when every large segment of `searcher` has its lists and no folder is left
        over: a check without opening anything, so a library's open does not pay for a build
        thread when there is nothing to build."""
        segments = self._segments(searcher)
        if any(missing for _, _, missing in segments):
            return False
        live = {segment for segment, _, _ in segments}
        try:
            return all(p.name in live for p in self.dir.iterdir())
        except OSError:
            return True  # no folder yet: nothing is missing (no large segment either)

    def build_missing(self, searcher, cancel: Callable[[], bool] = lambda: False) -> int:
        """Store the lists of every large segment of `searcher` that has none; delete the
        folders of segments that no longer exist. Returns the number of segments built."""
        built, segments = 0, self._segments(searcher)
        live = {segment for segment, _, _ in segments}
        for segment, reader, missing in segments:
            if not missing:
                continue
            if cancel():
                break
            if self._build(reader, segment, cancel):
                built += 1
        self._prune(live)
        return built

    def _build(self, reader, segment: str, cancel: Callable[[], bool]) -> bool:
        import numpy as np

        from .vectorized import length_bytes, read_postings

        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.dir / f".{segment}.tmp-{os.getpid()}-{threading.get_ident()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        try:
            terms, ids_parts, weight_parts, pos = {}, [], [], 0
            for field in FIELDS:
                if field not in reader.indexed_field_names():
                    continue
                for btext, info in reader.iter_field(field):
                    if info.doc_frequency() < self.min_postings:
                        continue
                    if cancel():
                        return False
                    ids, weights = read_postings(reader, field, btext)
                    terms[_term_key(field, btext)] = [pos, pos + len(ids)]
                    pos += len(ids)
                    ids_parts.append(ids.astype(np.int32))
                    weight_parts.append(weights.astype(np.float32))
            np.save(tmp / "ids.npy", np.concatenate(ids_parts) if ids_parts
                    else np.zeros(0, np.int32))
            np.save(tmp / "weights.npy", np.concatenate(weight_parts) if weight_parts
                    else np.zeros(0, np.float32))
            for field in LENGTH_FIELDS:
                np.save(tmp / f"len-{field}.npy", length_bytes(reader, field))
            meta = {"format": FORMAT, "docs": reader.doc_count_all(), "postings": pos,
                    "terms": terms}
            (tmp / "terms.json").write_text(json.dumps(meta), "utf-8")
            for f in tmp.iterdir():  # on disk before the folder is named as complete
                with open(f, "rb") as fh:
                    os.fsync(fh.fileno())
            try:
                os.rename(tmp, self.dir / segment)
            except OSError:  # another process built it meanwhile
                return False
            return True
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _prune(self, live: set[str]) -> None:
        if not self.dir.is_dir():
            return
        for folder in self.dir.iterdir():
            name = folder.name
            mine = name.endswith(f"-{os.getpid()}-{threading.get_ident()}")
            if (name.startswith(".") and not mine) or (not name.startswith(".") and
                                                       name not in live):
                # a kill's leftover, or a segment merged away (a search still holding it
                # keeps its mapped files until it ends)
                shutil.rmtree(folder, ignore_errors=True)
                with self._lock:
                    self._open.pop(name, None)
