"""The whoosh search backend: the only place (with `analysis`) that imports whoosh.

The index is *derived* data: everything in it can be rebuilt from the store, so this module
never holds anything the user would lose. It stores only the article id and revision; titles,
snippets and text come from the store.

Speed choices (naive whoosh is ~190 docs/s to index and ~1 s p95 for phrases at 20k docs):
- one long-lived searcher, replaced by a new one only after a commit (whoosh3's own
  `Searcher.refresh()` kept stale segment readers, see `_refresh`);
- queries ranked a whole posting list at a time with numpy (`vectorized`), from decoded
  lists stored per segment (`sidecar`); whoosh's own collector (`limit`, block-max skipping,
  no term collection) only for the query nodes the evaluator does not know;
- no positions: whoosh pays ~20 µs per posting when it writes a segment. Phrases use a
  `pairs` field of hashed word-pair buckets (`analysis.pair_buckets`; a plain word-pair field
  had millions of terms and halved import speed) stored as bare existence postings: a phrase
  is the AND of its words (scored) required to hold its pair buckets (not scored), which turns
  "two frequent words" into a short candidate list. The library then keeps the candidates
  whose stored key sequence holds the words side by side (`Library._ranked_hits`), which
  removes bucket collisions and makes phrases exact;
- matching on one field (body, which includes the title's words) with the title boost added
  only to documents that matched; prefix queries expand to the most frequent completions;
- documents arrive as their key sequence (`text.keyseq`), so analysis runs once; new
  documents are written by `segwriter.BatchSegmentWriter`, which groups a batch's postings by
  term with numpy and writes the segment whoosh would write, ~5x faster than whoosh's own
  writer; imports commit without merging and compact at the end, by re-indexing the smallest
  segments' articles from the store (`compact`, `compaction`).
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as windex
from whoosh import query as wq
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.scoring import BM25F
from whoosh.writing import LockError

from ..text.keyseq import ANALYSIS_VERSION
from . import compaction
from .analysis import (PAIR_BUCKET_BITS, CountedText, KeyCounts, PairField, mixed_analyzer,
                       pair_buckets)
from ..text.stem import match_key
from .query import ParsedQuery
from .translate import filter_query, to_whoosh
from .segments import Unsupported, segment_keys
from .sidecar import VectorStore

log = logging.getLogger("akhbar")

# An index built under another analysis version is rebuilt from the store on open.
SCHEMA_TAG = 2  # bump when the whoosh schema below changes
INDEX_NAME = "akhbar"
SYNC_FILE = "akhbar-sync.json"
TITLE_BOOST = 2.5
MAX_SEGMENTS = 12  # after an import, more segments than this are compacted
# after a large import (or a rebuild), fewer: every segment costs each query a fixed price (at
# 10k articles, 12 segments made AND and phrase queries ~1.8x slower in CPU than 2), and a
# bulk import is when rewriting the new segments into a few large ones pays for itself
BULK_SEGMENTS = 4
EXACT_COUNT_UP_TO = 2000  # below this estimate the exact number of matches is counted
MATCHER_REPLACE_EVERY = 200
WRITER_MB = 256  # whoosh's own writer (replacing documents, the rare merge)


class IndexUnavailable(Exception):
    """The index directory is missing, corrupt or from another analysis version."""


class IndexBusy(Exception):
    """Another process holds the index write lock."""


@dataclass
class IndexDoc:
    id: str
    rev: int
    keys: str  # the article's key sequence (text.keyseq.key_text): line 0 is the title
    lang: str
    date: str
    source: str


@dataclass
class RawHits:
    hits: list[tuple[str, float]]
    total: int
    exact: bool


def build_schema() -> Schema:
    words = mixed_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        rev=STORED(),
        title=CountedText(analyzer=words, phrase=False, field_boost=TITLE_BOOST),
        # body holds the title's words too, so matching needs only this field; the title
        # field adds its boost to documents that matched (AndMaybe).
        body=CountedText(analyzer=words, phrase=False),
        lang=ID(),
        date=ID(),
        source=TEXT(analyzer=words, phrase=False),
        pairs=PairField(),  # hashed buckets of adjacent body words, a filter for phrases
    )


class SearchBackend:
    """whoosh index in `directory`; one instance per open library."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self._ix: windex.Index | None = None
        self._searcher = None
        self._lock = threading.RLock()
        self._folder_id: tuple[int, int] | None = None
        self._postings = None  # decoded posting lists (search.vectorized), from the 1st search
        self._vectors = VectorStore(self.directory)  # stored ones, see search.sidecar
        self._vector_thread: threading.Thread | None = None
        self._vector_again = False
        self._vector_stop = threading.Event()
        self._defer_vectors = 0

    # ----------------------------------------------------------------- lifecycle
    def open(self) -> None:
        """Open the existing index or raise IndexUnavailable (caller then rebuilds)."""
        with self._lock:
            sync = self.read_sync()
            if sync is None or sync.get("analysis") != ANALYSIS_VERSION or \
                    sync.get("schema") != SCHEMA_TAG:
                raise IndexUnavailable("index missing or built by another version")
            try:
                self._ix = windex.open_dir(str(self.directory), indexname=INDEX_NAME)
                self._searcher = self._ix.searcher(weighting=BM25F())
                self._searcher.doc_count()
                self._folder_id = self._current_folder_id()
                self._build_vectors()
            except Exception as e:  # any whoosh/pickle/IO failure means: rebuild
                self.close()
                raise IndexUnavailable(f"index unreadable: {type(e).__name__}: {e}") from e

    def create_empty(self) -> None:
        """Wipe and create an empty index (used by rebuild)."""
        with self._lock:
            self.close()
            if self.directory.exists():
                shutil.rmtree(self.directory)
            self.directory.mkdir(parents=True)
            self._ix = windex.create_in(str(self.directory), build_schema(), indexname=INDEX_NAME)
            self._vectors = VectorStore(self.directory, min_docs=self._vectors.min_docs)
            self._searcher = self._ix.searcher(weighting=BM25F())
            self.write_sync(0)
            self._folder_id = self._current_folder_id()

    def close(self) -> None:
        self._vector_stop.set()
        thread = self._vector_thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()
        self._vector_thread = None
        self._vector_stop.clear()
        with self._lock:
            if self._searcher is not None:
                try:
                    self._searcher.close()
                except Exception:
                    pass
            self._searcher = None
            if self._ix is not None:
                self._ix.close()
            self._ix = None

    @property
    def is_open(self) -> bool:
        return self._ix is not None

    # ----------------------------------------------------------------- sync mark
    def read_sync(self) -> dict | None:
        try:
            return json.loads((self.directory / SYNC_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return None

    def write_sync(self, seq: int) -> None:
        """Record that every store change up to `seq` is in the committed index. Written
        atomically *after* the whoosh commit, so a crash in between only causes re-indexing."""
        tmp = self.directory / (SYNC_FILE + ".tmp")
        mark = {"analysis": ANALYSIS_VERSION, "schema": SCHEMA_TAG, "seq": seq}
        tmp.write_text(json.dumps(mark), "utf-8")
        os.replace(tmp, self.directory / SYNC_FILE)

    def synced_seq(self) -> int:
        sync = self.read_sync() or {}
        return int(sync.get("seq", 0))

    # ----------------------------------------------------------------- writing
    def write(self, docs: Iterable[IndexDoc], delete_ids: Iterable[str] = (), *,
              seq: int | None = None, cancel: Callable[[], bool] | None = None,
              on_doc: Callable[[], None] | None = None, replace: bool = True,
              merge: bool = True) -> int:
        """Add/replace `docs` and delete `delete_ids` in one commit; returns docs written.

        With `replace=False` documents are added without looking up an older copy (fresh
        rebuilds and new imports), through the batch writer (`segwriter`). `merge=False` skips
        whoosh's merging of small segments (a long import compacts once at the end, see
        `compact`). If `cancel()` turns true the batch is abandoned (nothing committed).
        """
        ix = self._require()
        delete_ids = list(delete_ids)
        adding = not replace and not delete_ids
        writer = _open_writer(ix, batch=adding)
        n = 0
        try:
            for doc_id in delete_ids:
                writer.delete_by_term("id", doc_id)
            for d in docs:
                if cancel is not None and cancel():
                    writer.cancel()
                    return 0
                if adding:
                    writer.add_keyed(d.keys, **_plain_fields(d))
                else:
                    writer.update_document(**_fields(d))
                n += 1
                if on_doc is not None:
                    on_doc()
            writer.commit(merge=merge)
        except BaseException:
            try:
                writer.cancel()
            except Exception:
                pass
            raise
        if seq is not None:
            self.write_sync(seq)
        self._refresh()
        return n

    def segment_count(self) -> int:
        reader = self._refresh().reader()
        segments = reader.segments() if hasattr(reader, "segments") else None
        if segments is None:  # one segment, or none (an empty index)
            return 0 if reader.doc_count_all() == 0 else 1
        return len(segments)

    def compact(self, max_segments: int | None = None,
                docs_for: Callable[[list[str]], Iterable[IndexDoc]] | None = None) -> bool:
        """After an import that committed without merging: if there are more than
        `max_segments` segments, rewrite the smallest ones, just enough to get back under the
        cap. Big segments are never rewritten: whoosh's own policy merged nearly the whole
        100k-article index at the end of the import (minutes of rewriting).

        With `docs_for` (the store's index documents for a list of ids) the small segments'
        articles are indexed again with the batch writer and the segments dropped, many times
        faster than whoosh's merge (see `compaction`); without it they are merged."""
        max_segments = MAX_SEGMENTS if max_segments is None else max_segments
        if self.segment_count() <= max_segments:
            return False
        ix = self._require()
        done = False
        if docs_for is not None:
            def add_all(writer, ids: list[str]) -> None:  # type: ignore[no-untyped-def]
                for d in docs_for(ids):
                    writer.add_keyed(d.keys, **_plain_fields(d))

            done = compaction.reindex_smallest(
                ix, max_segments, open_writer=lambda: _open_writer(ix, batch=True),
                add_all=add_all)
        if not done:
            writer = _open_writer(ix, batch=False)
            writer.commit(mergetype=compaction.merge_smallest(max_segments))
        self._refresh()
        return True

    def _refresh(self):
        """The long-lived searcher, replaced by a new one if a commit happened since.

        Not whoosh3's `Searcher.refresh()`: it reuses the old segment readers, so documents
        deleted, replaced or merged away by a commit stayed visible (hits shown twice, deleted
        articles still found). Opening a new searcher after a commit costs a few milliseconds
        once; between commits the same searcher serves every query.
        """
        with self._lock:
            if self._ix is None:
                raise IndexUnavailable("index is not open")
            folder = self._current_folder_id()
            if folder != self._folder_id and folder is not None:
                # Another process rebuilt the index and swapped a new folder into place:
                # our handle still reads the old one, which is gone.
                try:
                    self._ix = windex.open_dir(str(self.directory), indexname=INDEX_NAME)
                    self._folder_id, self._searcher = folder, None
                except Exception as e:  # caught mid-swap: keep reading the old one for now
                    log.info("index folder changed but cannot be opened yet: %s", e)
            s = self._searcher
            if s is not None and s.up_to_date():
                return s
            # The replaced searcher is not closed here: a search running on another thread
            # (the GUI searches while an import commits) may still be reading through it.
            # Its files close when the last reference goes.
            self._searcher = self._ix.searcher(weighting=BM25F())
            if self._postings is not None:
                self._postings.keep_only(segment_keys(self._searcher))
            self._build_vectors()
            return self._searcher

    @contextmanager
    def vectors_deferred(self) -> Iterator[None]:
        """No stored lists are built while this lasts (a long import: most of its segments
        are compacted away at its end, and building theirs took CPU from the import); searches
        decode meanwhile. Call `update_vectors` after."""
        with self._lock:
            self._defer_vectors += 1
        try:
            yield
        finally:
            with self._lock:
                self._defer_vectors -= 1

    def update_vectors(self, now: bool = False, cancel: Callable[[], bool] | None = None) -> None:
        """Store the lists of every large segment that has none: with `now`, on this thread
        (the end of a large import or a rebuild: the first searches after it are then as fast
        as later ones; cancelled, the rest is built later in the background), else in the
        background."""
        if not now:
            self._build_vectors()
            return
        self.wait_for_vectors()
        ix = self._require()
        with ix.searcher() as searcher:
            self._vectors.build_missing(searcher, cancel or (lambda: False))
        self._build_vectors()  # (nothing left, unless cancelled)

    def _build_vectors(self) -> None:
        """Store the frequent terms' lists of new large segments (search.sidecar) on a
        background thread, one build at a time; searches decode until a segment's are ready."""
        with self._lock:
            if self._defer_vectors:
                return
            if self._searcher is not None and self._vectors.up_to_date(self._searcher):
                return
            if self._vector_thread is not None and self._vector_thread.is_alive():
                self._vector_again = True
                return
            self._vector_again = False
            ix = self._ix
            self._vector_thread = threading.Thread(target=self._vector_worker, args=(ix,),
                                                   name="akhbar-vectors", daemon=True)
            self._vector_thread.start()

    def _vector_worker(self, ix) -> None:  # type: ignore[no-untyped-def]
        stop = self._vector_stop
        while not stop.is_set():
            try:
                with ix.searcher() as searcher:
                    self._vectors.build_missing(searcher, stop.is_set)
            except Exception as e:  # derived data: searches decode instead
                log.info("could not store posting lists: %s: %s", type(e).__name__, e)
                return
            with self._lock:
                if not self._vector_again:
                    return
                self._vector_again = False

    def wait_for_vectors(self) -> None:
        """Block until a background build of stored lists has finished (tests, benchmarks)."""
        thread = self._vector_thread
        if thread is not None:
            thread.join()

    def _current_folder_id(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.directory)
        except OSError:
            return None
        return st.st_dev, st.st_ino

    def _require(self) -> windex.Index:
        if self._ix is None:
            raise IndexUnavailable("index is not open")
        return self._ix

    # ----------------------------------------------------------------- reading
    def warm_up(self) -> None:
        """Import the numpy ranking ahead of the first search (see Library.warm_up)."""
        from . import vectorized

        with self._lock:
            if self._postings is None:
                self._postings = vectorized.PostingsCache()

    def search(self, q: ParsedQuery, limit: int = 20) -> RawHits:
        self._require()
        searcher = self._refresh()
        wquery = to_whoosh(q, searcher.reader())
        filt = filter_query(q)
        if wquery is None:
            if filt is None:
                return RawHits([], 0, True)
            wquery = wq.Every()
        from . import vectorized  # numpy: imported by the first search, not at start-up

        self.warm_up()
        try:
            docnums, scores, total = vectorized.search(searcher, wquery, filt, max(1, limit),
                                                       self._postings, self._vectors)
        except Unsupported as e:  # a node only whoosh knows: let whoosh rank it
            log.debug("whoosh ranks this query itself: %s", e)
        else:
            hits = [(searcher.stored_fields(d)["id"], s) for d, s in zip(docnums, scores)]
            return RawHits(hits, total, True)
        collector = searcher.collector(limit=max(1, limit), filter=filt, optimize=True,
                                       terms=False)
        top = getattr(collector, "child", collector)
        if hasattr(top, "replace"):
            # whoosh rebuilds the whole matcher tree every 10 matches looking for a cheaper
            # one; for an entity's OR of spellings over tens of thousands of matches that
            # costs more than it finds (a name search at 100k: 1.2 s → 0.8 s)
            top.replace = MATCHER_REPLACE_EVERY
        searcher.search_with_collector(wquery, collector)
        results = collector.results()
        hits = [(hit["id"], float(hit.score or 0.0)) for hit in results]
        if len(hits) < max(1, limit):  # fewer than asked for: that is all of them
            return RawHits(hits, len(hits), True)
        estimate = results.estimated_length()
        if results.has_exact_length() or estimate <= EXACT_COUNT_UP_TO:
            return RawHits(hits, len(results), True)  # counting a few thousand is cheap
        return RawHits(hits, max(estimate, len(hits)), False)

    def doc_count(self) -> int:
        return self._refresh().doc_count() if self._ix is not None else 0

    def word_share(self, word: str) -> float:
        """The share of documents whose body holds `word` (0 when the index is closed)."""
        if self._ix is None:
            return 0.0
        searcher = self._refresh()
        n = searcher.doc_count()
        return searcher.reader().doc_frequency("body", match_key(word)) / n if n else 0.0

    def stored_revisions(self) -> Iterator[tuple[str, int]]:
        """(id, rev) of every live document: for doctor's index-vs-store check."""
        searcher = self._refresh()
        for fields in searcher.all_stored_fields():
            yield fields.get("id"), int(fields.get("rev") or 0)


def _plain_fields(d: IndexDoc) -> dict:
    """The whoosh fields of one article that are not derived from its key sequence."""
    return dict(id=d.id, rev=d.rev, lang=d.lang, date=d.date or "", source=d.source or "")


def _fields(d: IndexDoc) -> dict:
    """All the whoosh fields of one article, for whoosh's own writer (what the batch writer
    derives from the key sequence: `segwriter`)."""
    title = d.keys.split("\n", 1)[0]
    return dict(_plain_fields(d), title=KeyCounts(Counter(title.split())),
                body=KeyCounts(Counter(d.keys.split())), pairs=pair_buckets(d.keys))


def _open_writer(ix, batch: bool):  # type: ignore[no-untyped-def]
    """A writer on `ix`: the batch writer for new documents, whoosh's for anything else."""
    try:
        if batch:
            # (imported here: numpy is not loaded at start-up, see Library.warm_up)
            from .segwriter import BatchSegmentWriter, KeyedFields

            keyed = KeyedFields(title="title", body="body", pairs="pairs",
                                pair_bits=PAIR_BUCKET_BITS)
            return BatchSegmentWriter(ix, keyed, timeout=10.0, delay=0.05)
        return ix.writer(limitmb=WRITER_MB, timeout=10.0, delay=0.05)
    except LockError as e:
        raise IndexBusy("the search index is being written by another process") from e
