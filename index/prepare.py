"""What an import works out for each article before the library sees it: the scrape cleaned
into an article, its content hash and key text, and the entity recogniser's mentions.

None of it needs the library, and it is most of an import's time (~15 ms an article: the
cleaner's line rules, the recogniser's two passes), so a large import runs it in worker
processes on every core while the main process stores and indexes what is ready. Workers
write nothing: the store's transactions stay in the one writing process, so a kill at any
moment loses only work, never consistency. Small imports (the GUI's drag of a few files)
prepare in the calling thread: starting processes would cost more than it saves.

Workers are spawned, not forked: the GUI imports from a thread of a Qt process, and forking
a process that has threads is unsafe. Each worker gets the recogniser's gazetteer once, when
it starts, as the library had it when the import began.
"""
from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .collection import for_worker_process
from .entities.recognise import Mention, Recogniser
from .model import Article, DecodedArticle, compact_pickle
from .store.store import content_hash
from .text.keyseq import key_text

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

log = logging.getLogger("akhbar")

CHUNK = 24  # records per task: big enough to amortise the hand-over, small for progress
BULK_FILES = 64  # an import of this many files or more…
BULK_BYTES = 4 << 20  # …or of this many bytes uses worker processes
AHEAD = 4  # tasks kept in flight per worker


@compact_pickle
@dataclass
class Prepared:
    """One record, ready to store; or why it cannot be an article (`reject`)."""

    article: Article | None = None
    reject: str | None = None
    chash: str = ""
    keys: str = ""
    found: list[Mention] = field(default_factory=list)  # before the library's corrections


def prepare(items: list[DecodedArticle], source_path: str,
            recogniser: Recogniser) -> list[Prepared]:
    from .ingest.build import NoArticleText, build_article

    out = []
    for item in items:
        try:
            article = build_article(item, source_path)
            texts = [p.text for p in article.paragraphs]
            found = recogniser.tag_article(article.title, texts)
        except NoArticleText as e:
            out.append(Prepared(reject=e.reason))
            continue
        except Exception as e:  # a cleaner or tagger bug costs this record, not the import
            log.exception("preparing a record of %s failed", source_path)
            out.append(Prepared(reject=f"could not process this article "
                                       f"({type(e).__name__}: {e})"[:250]))
            continue
        out.append(Prepared(article, None, content_hash(article.title, texts),
                            key_text(article.title, texts), found))
    return out


def wants_workers(files: list[tuple]) -> bool:
    """True for an import large enough to be worth worker processes."""
    if len(files) >= BULK_FILES:
        return True
    size = 0
    for path, skipped in files:
        if skipped is None:
            try:
                size += os.stat(path).st_size
            except OSError:
                pass
    return size >= BULK_BYTES


class Preparer:
    """Prepares chunks of records, in worker processes (`workers` > 0) or inline.

    `submit` returns a Future either way, so the import has one path. A pool that breaks (a
    worker killed, out of memory) is not fatal: that chunk and all later ones are prepared
    inline."""

    def __init__(self, recogniser: Recogniser, rejected: frozenset[str], workers: int = 0):
        """`recogniser` serves inline preparation; workers build their own from its
        gazetteer and the `rejected` names (the ones users untagged)."""
        self.recogniser = recogniser
        self._pool: ProcessPoolExecutor | None = None
        self.workers = workers
        if workers > 0:
            from concurrent.futures import ProcessPoolExecutor as Pool
            from multiprocessing import get_context

            state = pickle.dumps((recogniser.g, rejected))
            self._pool = Pool(max_workers=workers, mp_context=get_context("spawn"),
                                             initializer=_start_worker, initargs=(state,))

    def submit(self, items: list[DecodedArticle], source_path: str) -> Future:
        from concurrent.futures.process import BrokenProcessPool

        if self._pool is not None:
            try:
                return self._pool.submit(_prepare_in_worker, items, source_path)
            except (BrokenProcessPool, RuntimeError) as e:
                log.warning("import workers stopped (%s); going on in this process", e)
                self._pool = None
        done: Future = Future()
        done.set_result(prepare(items, source_path, self.recogniser))
        return done

    def result(self, future: Future, items: list[DecodedArticle],
               source_path: str) -> list[Prepared]:
        """The chunk's preparation; done here if its worker died."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            return future.result()
        except BrokenProcessPool as e:
            log.warning("an import worker died (%s); going on in this process", e)
            self._pool = None
            return prepare(items, source_path, self.recogniser)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> "Preparer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def chunks(items: list[DecodedArticle], size: int = CHUNK) -> Iterator[list[DecodedArticle]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def ahead(workers: int) -> int:
    """Tasks to keep in flight: enough that no worker waits for the main process."""
    return max(1, workers) * AHEAD


# ------------------------------------------------------------------------- worker processes
_worker_recogniser: Recogniser | None = None  # one per worker process, set by _start_worker


def _start_worker(state: bytes) -> None:
    global _worker_recogniser
    from .search.children import guard

    guard()  # a killed import must not leave its workers waiting for work forever
    gazetteer, rejected = pickle.loads(state)
    _worker_recogniser = Recogniser(gazetteer, rejected=frozenset(rejected).__contains__)
    for_worker_process()


def _prepare_in_worker(items: list[DecodedArticle], source_path: str) -> list[Prepared]:
    assert _worker_recogniser is not None
    return prepare(items, source_path, _worker_recogniser)


def worker_count(files: list[tuple]) -> int:
    """Worker processes for this import: one per core for a large import, none otherwise.
    AKHBAR_IMPORT_WORKERS sets the number (0: prepare in the importing process), e.g. to
    leave cores to other work on a shared machine."""
    wanted = os.environ.get("AKHBAR_IMPORT_WORKERS", "").strip()
    if wanted.isdigit():
        return int(wanted) if wants_workers(files) else 0
    cores = os.cpu_count() or 1
    return cores if cores > 1 and wants_workers(files) else 0
