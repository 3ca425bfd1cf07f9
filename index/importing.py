"""The import of one file into the library: read, decode, clean, de-duplicate, store (one
transaction per article, its entity mentions included), queue for the index.

Split from `library` to keep each module small; `Library.import_paths` drives these under the
library's single writer. Any problem with one file becomes a line in the report's `rejected`,
never an exception that stops the batch.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Article, DecodedArticle, ImportReport, RawDocument
from .prepare import Prepared, Preparer, ahead, chunks
from .search.backend import IndexDoc
from .store import entity_store as es

if TYPE_CHECKING:
    from .ingest.readers import DecodeResult
    from .library import Library

log = logging.getLogger("akhbar")

Cancel = Callable[[], bool]
# articles per index commit during import (AKHBAR_INDEX_BATCH: a test knob, so crash tests
# can kill an import while a batch is being written in the background)
# 40,000: a 100k import writes 5k, ~20k (the first batches go by time), 40k and the rest,
# which is 4 segments, so no compaction at its end (with 20,000 it wrote 6 and 40,000
# articles were indexed again: 262 → 277 articles/s; the peak memory stayed 3.2 GB)
INDEX_BATCH = int(os.environ.get("AKHBAR_INDEX_BATCH", "") or 40000)
INDEX_FLUSH_SECONDS = 20.0  # …or sooner, so a long import becomes searchable as it goes
FLUSH_GROWTH = 4  # each later batch waits this many times longer than the one before
BULK_FLUSHES = 3  # an import that wrote this many index batches is compacted to BULK_SEGMENTS


@dataclass
class FileWork:
    """One input file on its way through an import: read and decoded ahead of its turn, its
    records being prepared (index.prepare) while earlier files are stored."""

    path: Path
    skipped: str | None = None  # refused before reading (not a file type we read, …)
    raw: RawDocument | None = None
    decoded: DecodeResult | None = None  # None with raw set: decode at its turn
    problem: str | None = None  # unreadable or undecodable: the reason
    tasks: list[tuple[Future, list[DecodedArticle]]] = field(default_factory=list)


def read_ahead(lib: "Library", files: list[tuple[Path, str | None]],
               preparer: Preparer) -> Iterator[FileWork]:
    """`files` started (read, decoded, records handed to `preparer`) a little ahead of the
    caller, which stores them in order: at least two files, and enough records that no worker
    waits for the main process."""
    pending: deque[FileWork] = deque()
    upcoming, seen = iter(files), set()
    for _ in range(len(files)):
        while len(pending) < 2 or sum(len(w.tasks) for w in pending) < ahead(preparer.workers):
            nxt = next(upcoming, None)
            if nxt is None:
                break
            pending.append(start_file(lib, nxt[0], nxt[1], preparer, seen))
        yield pending.popleft()


def start_file(lib: "Library", path: Path, skipped: str | None, preparer: Preparer,
               seen: set[str]) -> FileWork:
    """Read and decode `path` and hand its records to `preparer`. A file already in the
    library, or read earlier in this import, is not decoded: its turn decides (see
    `store_file`), so duplicates cost no preparation."""
    from .ingest.readers import RejectError, read_file

    work = FileWork(path, skipped)
    if skipped is not None:
        return work
    try:
        work.raw = read_file(path)
    except RejectError as e:
        work.problem = e.reason
        return work
    if work.raw.sha256 in seen or lib.store.articles_for_original(work.raw.sha256):
        return work
    seen.add(work.raw.sha256)
    _decode(work, preparer)
    return work


def _decode(work: FileWork, preparer: Preparer) -> None:
    from .ingest.readers import RejectError, decode_document

    assert work.raw is not None
    try:
        work.decoded = decode_document(work.raw)
    except RejectError as e:
        work.problem = e.reason
        return
    except Exception as e:  # a reader bug must not stop the batch
        log.exception("reading %s failed", work.path)
        work.problem = f"could not read this file ({type(e).__name__}: {e})"
        return
    work.tasks = [(preparer.submit(items, str(work.path)), items)
                  for items in chunks(work.decoded.articles)]


def store_file(lib: "Library", work: FileWork, import_id: int, report: ImportReport,
               batch: "IndexBatcher", preparer: Preparer, cancel: Cancel) -> None:
    """Store a file's prepared articles, each in its own transaction with its mentions; every
    problem becomes a line in the report."""
    spath = str(work.path)
    if work.skipped is not None:
        reject(lib, report, import_id, spath, None, work.skipped)
        return
    raw = work.raw
    if raw is None:
        reject(lib, report, import_id, spath, None, work.problem or "could not read this file")
        return
    existing = lib.store.articles_for_original(raw.sha256)
    if existing:
        entry = {"source_path": spath, "id": existing[0], "ids": existing,
                 "reason": "this file was imported before"}
        report.duplicates.append(entry)
        lib.store.record_item(import_id, spath, raw.sha256, "duplicate", existing[0],
                              entry["reason"])
        return
    if work.decoded is None and work.problem is None:  # a copy of a file that was not stored
        _decode(work, preparer)
    decoded = work.decoded
    if decoded is None:
        reject(lib, report, import_id, spath, raw.sha256, work.problem or "unreadable")
        return
    many = len(decoded.articles) > 1
    record_no = 0
    for future, items in work.tasks:
        for prepared in preparer.result(future, items, spath):
            if many and cancel():  # a large feed can be cancelled between its articles
                report.cancelled = True
                return
            label = f"{spath} (record {record_no + 1})" if many else spath
            _store_one(lib, prepared, raw, decoded, record_no, label, import_id, report, batch)
            record_no += 1
    for reason in decoded.rejected_records:
        reject(lib, report, import_id, spath, raw.sha256, reason)


def _store_one(lib: "Library", prepared: Prepared, raw: RawDocument, decoded: DecodeResult,
               record_no: int, label: str, import_id: int, report: ImportReport,
               batch: "IndexBatcher") -> None:
    spath = str(raw.source_path)
    article = prepared.article
    if article is None:
        reject(lib, report, import_id, label, raw.sha256, prepared.reject or "not an article")
        return
    article.warnings = list(decoded.warnings) + list(article.warnings)
    dup = lib.store.find_by_content(prepared.chash)
    if dup is not None:
        entry = {"source_path": label, "id": dup,
                 "reason": "the same article is already in the library"}
        report.duplicates.append(entry)
        lib.store.record_item(import_id, spath, raw.sha256, "duplicate", dup, entry["reason"])
        return

    def mentions(article_id: str) -> None:  # inside the article's transaction
        es.write_mentions(lib.store, article_id, lib.entities.finish(article_id, prepared.found),
                          lib.entities.version)
    try:
        article_id, seq = lib.store.add_article(
            article, chash=prepared.chash, original=raw, encoding=decoded.encoding,
            record_no=record_no, import_id=import_id, keys=prepared.keys, in_tx=mentions)
    except Exception as e:  # rolled back whole; one article must not stop the batch
        log.exception("storing %s failed", label)
        reject(lib, report, import_id, label, raw.sha256,
               f"could not store this article ({type(e).__name__}: {e})"[:250])
        return
    report.imported.append({"id": article_id, "title": article.title,
                            "lang": article.lang, "source_path": label})
    for w in article.warnings:
        report.warnings.append({"source_path": label, "id": article_id, "warning": w})
    batch.add(IndexDoc(article_id, 1, prepared.keys, article.lang, article.date or "",
                       article.source or ""), seq)


def _tagger(lib: "Library", article: Article) -> Callable[[str], None]:
    """Entity tagging run inside the article's own transaction (once its id is known), so
    a crash leaves the article with its mentions or not there at all."""
    texts = [p.text for p in article.paragraphs]
    lib.entities.gazetteer  # loaded before the transaction, not while holding it

    def tag(article_id: str) -> None:
        found = lib.entities.compute(article_id, article.title, texts)
        es.write_mentions(lib.store, article_id, found, lib.entities.version)
    return tag

def reject(lib: "Library", report: ImportReport, import_id: int, path: str,
           sha: str | None, reason: str) -> None:
    report.rejected.append({"source_path": path, "reason": reason})
    lib.store.record_item(import_id, path, sha, "rejected", None, reason)


class IndexBatcher:
    """Collects newly stored articles and indexes them in batches (INDEX_BATCH articles, or
    after INDEX_FLUSH_SECONDS for the first batch and a growing wait for each later one), so a
    long import becomes searchable as it goes without writing many small whoosh segments.

    A batch is written on a background thread while the import goes on cleaning, tagging and
    storing the next one: whoosh's writer processes sort and write postings on the other
    core instead of leaving it idle (measured: 2,000 articles 44 → 31 s). Batches are written
    one at a time and in order, so the index's sync mark still only moves forward over
    complete ranges of store changes; `flush()` returns once everything added is indexed."""

    def __init__(self, lib: "Library", background: bool = True):
        self.lib = lib
        self.background = background
        self.pending: list[IndexDoc] = []
        self.first_seq = 0
        self.last_seq = 0
        self.last_flush = time.monotonic()
        self.flushes = 0
        self._writer: threading.Thread | None = None
        self._error: BaseException | None = None

    def add(self, doc: IndexDoc, seq: int) -> None:
        if not self.pending:
            self.first_seq = seq
        self.pending.append(doc)
        self.last_seq = seq
        # The first batch is flushed soon so a long import shows results early; each later
        # one waits four times longer (20 s, 80 s, 320 s, …): every segment written during
        # the import is written again by the compaction at its end unless it is one of the
        # largest, so a few growing batches leave it least to redo.
        wait = INDEX_FLUSH_SECONDS * FLUSH_GROWTH ** min(self.flushes, 4)
        if len(self.pending) >= INDEX_BATCH or time.monotonic() - self.last_flush > wait:
            self._start(self.background)

    def flush(self) -> None:
        """Index everything added so far; returns when it is committed (or raises what the
        writing raised)."""
        try:
            self._start(background=False)
        finally:
            self.wait()

    def wait(self) -> None:
        """Wait for the batch being written; re-raise its error here, on the import's thread."""
        if self._writer is not None:
            self._writer.join()
            self._writer = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _start(self, background: bool) -> None:
        self.wait()  # one batch at a time, in order
        self.lib.store.commit_group()  # the index never holds what the store might lose
        self.last_flush = time.monotonic()
        if not self.pending:
            return
        docs, first, last = self.pending, self.first_seq, self.last_seq
        self.pending = []
        self.flushes += 1
        if not background:
            self._write(docs, first, last)
            self.wait()
            return
        self._writer = threading.Thread(target=self._write, args=(docs, first, last),
                                        name="akhbar-index-batch", daemon=True)
        self._writer.start()

    def _write(self, docs: list[IndexDoc], first: int, last: int) -> None:
        try:
            backend = self.lib.backend
            # Advance the index's sync mark only if it was complete up to this batch's start
            # (otherwise the next open's catch-up still owes the gap).
            complete = backend.synced_seq() >= first - 1
            backend.write(docs, seq=last if complete else None, replace=False, merge=False)
        except BaseException as e:  # handed to the import's thread by wait()
            self._error = e
