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
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Article, ImportReport
from .search.backend import IndexDoc
from .store import entity_store as es
from .store.store import content_hash
from .text.keyseq import key_text

if TYPE_CHECKING:
    from .library import Library

log = logging.getLogger("akhbar")

Cancel = Callable[[], bool]
# articles per index commit during import (AKHBAR_INDEX_BATCH: a test knob, so crash tests
# can kill an import while a batch is being written in the background)
INDEX_BATCH = int(os.environ.get("AKHBAR_INDEX_BATCH", "") or 10000)
INDEX_FLUSH_SECONDS = 20.0  # …or sooner, so a long import becomes searchable as it goes
BULK_MIN = 500  # batches this large are indexed on all cores


def import_file(lib: "Library", path: Path, import_id: int, report: ImportReport,
                batch: "IndexBatcher", cancel: Cancel) -> None:
    from .ingest.build import NoArticleText, build_article
    from .ingest.readers import RejectError, decode_document, read_file

    spath = str(path)
    try:
        raw = read_file(path)
    except RejectError as e:
        reject(lib, report, import_id, spath, None, e.reason)
        return
    existing = lib.store.articles_for_original(raw.sha256)
    if existing:
        entry = {"source_path": spath, "id": existing[0], "ids": existing,
                 "reason": "this file was imported before"}
        report.duplicates.append(entry)
        lib.store.record_item(import_id, spath, raw.sha256, "duplicate", existing[0],
                               entry["reason"])
        return
    try:
        decoded = decode_document(raw)
    except RejectError as e:
        reject(lib, report, import_id, spath, raw.sha256, e.reason)
        return
    except Exception as e:  # a reader bug must not stop the batch
        log.exception("reading %s failed", spath)
        reject(lib, report, import_id, spath, raw.sha256,
                     f"could not read this file ({type(e).__name__}: {e})")
        return
    many = len(decoded.articles) > 1
    for record_no, item in enumerate(decoded.articles):
        if many and cancel():  # a large feed can be cancelled between its articles
            report.cancelled = True
            return
        label = f"{spath} (record {record_no + 1})" if many else spath
        try:
            article = build_article(item, spath)
        except NoArticleText as e:
            reject(lib, report, import_id, label, raw.sha256, e.reason)
            continue
        except Exception as e:
            log.exception("cleaning %s failed", label)
            reject(lib, report, import_id, label, raw.sha256,
                         f"could not process this article ({type(e).__name__}: {e})")
            continue
        article.warnings = list(decoded.warnings) + list(article.warnings)
        chash = content_hash(article.title, [p.text for p in article.paragraphs])
        dup = lib.store.find_by_content(chash)
        if dup is not None:
            entry = {"source_path": label, "id": dup,
                     "reason": "the same article is already in the library"}
            report.duplicates.append(entry)
            lib.store.record_item(import_id, spath, raw.sha256, "duplicate", dup,
                                   entry["reason"])
            continue
        keys = key_text(article.title, [p.text for p in article.paragraphs])
        try:
            article_id, seq = lib.store.add_article(
                article, chash=chash, original=raw, encoding=decoded.encoding,
                record_no=record_no, import_id=import_id, keys=keys,
                in_tx=_tagger(lib, article))
        except Exception as e:  # rolled back whole; one article must not stop the batch
            log.exception("storing %s failed", label)
            reject(lib, report, import_id, label, raw.sha256,
                   f"could not store this article ({type(e).__name__}: {e})"[:250])
            continue
        report.imported.append({"id": article_id, "title": article.title,
                                "lang": article.lang, "source_path": label})
        for w in article.warnings:
            report.warnings.append({"source_path": label, "id": article_id, "warning": w})
        batch.add(IndexDoc(article_id, 1, keys, article.lang, article.date or "",
                           article.source or ""), seq)
    for reason in decoded.rejected_records:
        reject(lib, report, import_id, spath, raw.sha256, reason)

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
    after INDEX_FLUSH_SECONDS for the first batch and four times that later), so a long import
    becomes searchable as it goes without writing many small whoosh segments.

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
        # The first batch is flushed soon so a long import shows results early; later ones
        # are larger, because every segment whoosh writes costs a merge later.
        wait = INDEX_FLUSH_SECONDS if self.flushes == 0 else INDEX_FLUSH_SECONDS * 4
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
            backend.write(docs, seq=last if complete else None, replace=False,
                          bulk=len(docs) >= BULK_MIN, merge=False)
        except BaseException as e:  # handed to the import's thread by wait()
            self._error = e
