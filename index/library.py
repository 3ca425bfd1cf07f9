"""The library facade: everything the CLI and the GUI do goes through here (no Qt).

Long operations (import, reindex) take a `progress(done, total, current)` callback and a
`cancel()` predicate instead of knowing about threads; the GUI runs them on its one writer
thread, the CLI in the foreground. Writes are serialised by one lock: one writer at a time.

Order of truth: an article is committed to the store first (one transaction), then indexed in
batches. The index remembers the store's change counter up to which it is complete, so after a
crash the next open indexes whatever the store has beyond it.
"""
from __future__ import annotations

import logging
import shutil
import time
from itertools import islice
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

from .compare.service import CompareService
from .entities.expand import expand_query, explain
from .entities.service import EntityService
from .model import Article, ImportReport
from .paths import resources_dir, seeds_dir
from .search.backend import BULK_SEGMENTS, IndexDoc, IndexUnavailable, SearchBackend
from .search.highlight import Highlighter, Span, required_phrases
from .search.query import ParsedQuery, parse_query
from .search.results import Hit, SearchResults
from .export import export_library, is_export, restore_export
from .collection import bulk_collection
from .importing import (BULK_FLUSHES, INDEX_BATCH, IndexBatcher, read_ahead,
                        store_file)
from .prepare import Preparer, worker_count
from .recovery import tidy_leftovers
from .store.locks import LibraryBusy, Presence, WaitCancelled, WriterLock
from .store.store import ArticleRow, Store
from .text.keyseq import has_phrase, key_text
from .text.langid import detect_language

log = logging.getLogger("akhbar")

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]

STORE_FILE = "library.sqlite3"
INDEX_DIR = "index"
WRITE_LOCK = "write.lock"
PRESENCE_DIR = "open"
COMMON_WORD_SHARE = 0.02  # see Library._common_word


def _noop_progress(done: int, total: int, current: str) -> None:
    return None


def _never() -> bool:
    return False


class Library:
    """One open library folder: `library.sqlite3` (the truth) and `index/` (derived)."""

    def __init__(self, root: Path, store: Store, backend: SearchBackend,
                 presence: Presence | None = None):
        self.root = root
        self.store = store
        self.backend = backend
        self.entities = EntityService(store, resources_dir() / "data" / "gazetteer.json")
        self.comparisons = CompareService(store, self.entities)
        self.writer = WriterLock(root / WRITE_LOCK)
        self.presence = presence
        self.index_rebuilt_on_open = False
        self.recovered: list[str] = []  # what opening tidied up after an interrupted session

    def _writing(self, progress: Progress | None = None, cancel: Cancel | None = None):
        """Hold the library's single writer (across processes); while another process holds
        it, say so through `progress` and keep honouring `cancel`."""
        on_wait = (lambda msg: progress(0, 0, msg)) if progress is not None else None
        return self.writer.hold(on_wait=on_wait, cancel=cancel)

    def other_processes(self) -> int:
        """How many other Akhbar processes have this library open now."""
        return self.presence.others() if self.presence is not None else 0

    # ------------------------------------------------------------------ open/close
    @classmethod
    def open(cls, root: str | Path, *, seed: bool = False,
             progress: Progress | None = None) -> "Library":
        """Open (creating if needed) the library at `root`.

        A missing, corrupt or outdated index is rebuilt from the store (reporting through
        `progress`); with `seed=True` a library that has never been seeded and is empty gets
        the bundled sample articles.
        """
        root = Path(root)
        root.mkdir(parents=True, exist_ok=True)
        presence = Presence(root / PRESENCE_DIR)
        try:
            alive, stale = presence.census()
            recovered = tidy_leftovers(root, stale, alone=alive == 0, store_file=STORE_FILE,
                                       index_dir=INDEX_DIR)
            store = Store(root / STORE_FILE)
        except BaseException:
            presence.close()
            raise
        lib = cls(root, store, SearchBackend(root / INDEX_DIR), presence)
        lib.recovered = recovered
        try:
            lib._ensure_index(progress or _noop_progress)
            if seed and store.get_meta("seeded") is None:
                if store.count() == 0 and seeds_dir().is_dir():
                    lib.import_paths([seeds_dir()])
                store.set_meta("seeded", datetime.now(timezone.utc).isoformat())
        except BaseException:
            lib.close()
            raise
        return lib

    def close(self) -> None:
        self.backend.close()
        self.store.close()
        if self.presence is not None:
            self.presence.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ensure_index(self, progress: Progress) -> None:
        try:
            self.backend.open()
        except IndexUnavailable as e:
            if self.store.count():  # (a new, empty library simply gets its first index)
                log.warning("search index needs a rebuild (%s); rebuilding from the store", e)
                self.index_rebuilt_on_open = True
            with self._writing(progress):
                self._close_interrupted_imports()
                self.reindex(progress=progress)
            return
        # Another process writing now indexes its own articles: do not wait behind it.
        try:
            with self.writer.hold(timeout=0):
                self._close_interrupted_imports()
                self.catch_up()
        except LibraryBusy:
            log.info("another process is writing; it will bring the index up to date")

    def _close_interrupted_imports(self) -> None:
        """Imports still "running" while we hold the writer were cut short by a crash: each
        of their articles was committed whole, so only the record needs closing."""
        for import_id in self.store.unfinished_imports():
            self.store.finish_import(import_id, "interrupted")
            msg = f"import #{import_id} was interrupted; the articles it committed are kept"
            log.warning("%s", msg)
            self.recovered.append(msg)

    def catch_up(self) -> int:
        """Index what the store changed after the index's last commit; returns how many."""
        with self._writing():
            target = self.store.max_seq()
            since = self.backend.synced_seq()
            if since >= target:
                return 0
            changed, deleted = self.store.changes_since(since)
            n = self.backend.write(self._index_docs(changed), deleted, seq=target, replace=True)
            if n or deleted:
                log.info("index caught up with %d changed and %d deleted articles", n, len(deleted))
            return n

    def _index_docs(self, ids: list[str] | None = None) -> Iterator[IndexDoc]:
        """What the index holds of these articles (all, by default), from the store."""
        return (IndexDoc(*row) for row in self.store.iter_for_index(ids))

    # ------------------------------------------------------------------ import
    def import_paths(self, paths: Iterable[str | Path], *, progress: Progress | None = None,
                     cancel: Cancel | None = None) -> ImportReport:
        """Import files and folders. Each article is committed on its own; a bad file is
        reported in `rejected` and the rest of the batch goes on. Whatever was committed before
        a cancel or an error is indexed before this returns. A folder written by `export` is
        restored (same ids, user edits and corrections) rather than read as loose files."""
        progress = progress or _noop_progress
        cancel = cancel or _never
        report = ImportReport()
        paths = list(paths)
        exports = [Path(p) for p in paths if is_export(Path(p))]
        paths = [p for p in paths if not is_export(Path(p))]
        try:
            with self._writing(progress, cancel):
                from .ingest.readers import iter_input_files  # (lazy: the GUI starts faster)

                files = list(iter_input_files(paths))
                import_id = self.store.begin_import()
                batch = IndexBatcher(self)
                status = "done"
                recogniser, untagged = self.entities.recogniser()
                preparer = Preparer(recogniser, untagged, worker_count(files))
                # stored lists wait for the end: most of a long import's segments are
                # compacted away before it (see SearchBackend.vectors_deferred)
                with self.backend.vectors_deferred(), bulk_collection():
                    try:
                        # articles are committed in groups (each one whole, see Store.grouped);
                        # the index batcher commits the group before it indexes what it holds
                        with self.store.grouped():
                            for folder in exports:
                                progress(0, 0, f"restoring the export in {folder}")
                                restore_export(self, folder, import_id, report, batch, cancel)
                            # files are read and their records prepared ahead (on all cores for a
                            # large import) while this loop stores them, in order
                            for done, work in enumerate(read_ahead(self, files, preparer)):
                                if report.cancelled:
                                    status = "cancelled"
                                    break
                                if cancel():
                                    report.cancelled, status = True, "cancelled"
                                    break
                                progress(done, len(files), str(work.path))
                                store_file(self, work, import_id, report, batch, preparer, cancel)
                                if report.cancelled:
                                    status = "cancelled"
                                    break
                            else:
                                progress(len(files), len(files), "")
                    except BaseException:
                        status = "failed"
                        raise
                    finally:
                        preparer.close()
                        try:
                            batch.flush()
                            if batch.flushes:  # only when segments have piled up
                                # a large import (several index batches) leaves a few large
                                # segments, a small one just stays under the cap
                                self.backend.compact(
                                    BULK_SEGMENTS if batch.flushes >= BULK_FLUSHES else None,
                                    docs_for=self._index_docs)
                        finally:
                            self.store.finish_import(import_id, status)
                            if report.imported:  # names found in these articles join the gazetteer
                                self.entities.invalidate()
                # a large import prepares them now, so the first searches are fast
                large = batch.flushes >= BULK_FLUSHES and not report.cancelled
                if large:
                    progress(len(files), len(files), "preparing the search index")
                self.backend.update_vectors(now=large, cancel=cancel)
        except WaitCancelled:  # cancelled before another process let us write: nothing done
            report.cancelled = True
        return report

    # ------------------------------------------------------------------ reindex
    def reindex(self, *, progress: Progress | None = None, cancel: Cancel | None = None) -> int:
        """Rebuild the whole index from the store into a fresh folder, then swap it in, so a
        cancelled or crashed rebuild leaves the old index untouched."""
        progress = progress or _noop_progress
        cancel = cancel or _never
        try:
            with self._writing(progress, cancel), bulk_collection():
                return self._rebuild(progress, cancel)
        except WaitCancelled:
            return 0

    def _rebuild(self, progress: Progress, cancel: Cancel) -> int:
        """Build a fresh index folder and swap it in (the caller holds the writer)."""
        target = self.store.max_seq()
        total = self.store.count()
        fresh_dir = self.root / (INDEX_DIR + ".new")
        if fresh_dir.exists():
            shutil.rmtree(fresh_dir)
        fresh = SearchBackend(fresh_dir)
        fresh.create_empty()
        done = 0

        def tick() -> None:
            nonlocal done
            done += 1
            if done % 200 == 0 or done == total:
                progress(done, total, "indexing")

        progress(0, total, "indexing")
        docs = self._index_docs()
        n = 0
        # in commits of at most INDEX_BATCH articles (the batch writer holds a batch's words
        # in memory until it writes the segment, see search.segwriter), as few as that
        # allows and of equal size: 100k articles are 3 × 33,334, no compaction afterwards
        # (not 40k, 40k and 20k, nor 5 × 20k with 40k of them written again)
        chunks = max(1, -(-total // INDEX_BATCH))
        chunk_size = max(1, -(-total // chunks))
        try:
            with fresh.vectors_deferred():
                while chunk := list(islice(docs, chunk_size)):
                    n += fresh.write(chunk, seq=target, replace=False, cancel=cancel,
                                     on_doc=tick, merge=False)
                    if cancel():
                        break
                else:
                    fresh.compact(BULK_SEGMENTS, docs_for=self._index_docs)
            if not cancel():
                progress(total, total, "preparing the search index")
                fresh.update_vectors(now=True, cancel=cancel)
        finally:
            fresh.close()
        if cancel():
            shutil.rmtree(fresh_dir, ignore_errors=True)
            return 0
        self.backend.close()
        live = self.root / INDEX_DIR
        old = self.root / (INDEX_DIR + ".old")
        if old.exists():
            shutil.rmtree(old)
        if live.exists():
            live.rename(old)
        fresh_dir.rename(live)
        shutil.rmtree(old, ignore_errors=True)
        self.backend.open()
        self.catch_up()
        return n

    def export(self, dest: str | Path, *, progress: Progress | None = None) -> dict:
        """Write every article, original and correction to plain files in `dest` (see
        `export`). Holds the writer, so the export is one consistent moment of the library."""
        with self._writing(progress):
            return export_library(self, Path(dest), progress)

    # ------------------------------------------------------------------ reading
    def count(self) -> int:
        return self.store.count()

    def list(self, order: str = "date") -> list[ArticleRow]:
        return self.store.list_articles(order)

    def resolve(self, given: str) -> str | None:
        return self.store.resolve_id(given)

    def get(self, article_id: str) -> Article | None:
        resolved = self.store.resolve_id(article_id)
        return self.store.get_article(resolved) if resolved else None

    def restore_removed(self, article_id: str, removed_idx: int) -> int | None:
        """Restore a line the importer dropped as boilerplate as a paragraph of the article
        (stored, so it survives a reindex) and index the change. Returns the paragraph's
        position, or None when there was nothing to restore."""
        with self._writing():
            article = self.get(article_id)
            if article is None or not 0 <= removed_idx < len(article.removed):
                return None
            line = article.removed[removed_idx].text
            lang = detect_language(line)
            pos = self.store.restore_removed(article.id, removed_idx,
                                             lang if lang != "und" else article.lang)
            if pos is not None:
                self.catch_up()
                fresh = self.store.get_article(article.id)
                if fresh is not None:  # paragraph numbers moved: mentions are re-found
                    self.entities.store_for(fresh.id, fresh.title,
                                            [p.text for p in fresh.paragraphs])
            return pos

    def match_spans(self, query: str, texts: list[str],
                    article_id: str | None = None) -> list[list[Span]]:
        """Where `query` matches in each of `texts` (code-point spans, every variant spelling
        the search matched), for highlighting an open article. With `article_id`, `texts`
        are its [title, *paragraphs] and its stored key lines skip those that cannot match."""
        q = parse_query(query)
        expand_query(q, self.entities, self._common_word)
        hl = Highlighter(q)
        if hl.empty:
            return [[] for _ in texts]
        lines = self.store.keys_for([article_id]).get(article_id) if article_id else None
        return hl.spans_all(texts, lines.split("\n") if lines is not None else None)

    def _common_word(self, word: str) -> bool:
        """A word in 3 articles or more and more than COMMON_WORD_SHARE of the library is
        an ordinary word there, not a misspelt name (see expand_query)."""
        share = self.backend.word_share(word)
        return share > COMMON_WORD_SHARE and share * self.backend.doc_count() >= 3

    def sources(self) -> list[str]:
        """The distinct source names in the library (for a filter list), by frequency."""
        return self.store.sources()

    def warm_up(self) -> None:
        """Load what the first search needs and nothing at start-up does: the gazetteer (every
        entity's spellings, ~0.3 s to build) and the ranking's numpy (~0.1 s to import). A
        front calls this on its search thread once its window is up, so the first query a
        user types answers as fast as the later ones."""
        self.entities.gazetteer
        self.backend.warm_up()

    def search(self, text: str, *, limit: int = 20, lang: str | None = None) -> SearchResults:
        started = time.perf_counter()
        q = parse_query(text)
        if lang:
            q2 = parse_query(f"lang:{lang}")
            q.messages += q2.messages
            q.lang = q2.lang or q.lang
        results = SearchResults(query=text, total=0, hits=[], messages=list(q.messages),
                                parsed=q)
        if self.store.count() == 0:
            results.messages.append("The library is empty: import articles first "
                                    "(akhbar import FILE_OR_FOLDER).")
        elif q.is_empty:
            results.messages.append("Type one or more words to search (Urdu, Hindi or "
                                    "English); use \"quotes\" for a phrase.")
        else:
            # every spelling of a named entity
            expanded = expand_query(q, self.entities, self._common_word)
            results.messages = list(q.messages)
            hl = Highlighter(q)
            hits, results.total, results.total_exact = self._ranked_hits(q, limit)
            keys = self.store.keys_for([doc_id for doc_id, _, _ in hits])
            for doc_id, score, row in hits:
                paras = self.store.paragraph_langs(doc_id)
                lines = keys.get(doc_id)
                snip = hl.snippet([text for text, _ in paras],
                                  key_lines=lines.split("\n")[1:] if lines is not None else None)
                snippet_lang = (paras[snip.paragraph][1] if snip.paragraph < len(paras)
                                else row.lang)
                title_lang = detect_language(row.title)
                title_spans = hl.spans(row.title)
                matched = [snip.text[s:e] for s, e in snip.spans] + \
                    [row.title[s:e] for s, e in title_spans]
                results.hits.append(Hit(
                    id=row.id, title=row.title, lang=row.lang, date=row.date,
                    source=row.source, source_path=row.source_path, score=score,
                    snippet=snip.text, highlights=snip.spans, title_highlights=title_spans,
                    paragraph=snip.paragraph, explain=explain(expanded, matched, text),
                    title_lang=row.lang if title_lang == "und" else title_lang,
                    snippet_lang=row.lang if snippet_lang in ("und", "") else snippet_lang))
            results.facets = self.entities.facets([h.id for h in results.hits])
            if not results.hits:
                results.messages.append("No articles match.")
        results.elapsed_ms = (time.perf_counter() - started) * 1000
        return results

    def _ranked_hits(self, q: ParsedQuery, limit: int) -> tuple[list, int, bool]:
        """[(id, score, row)], total, exact.

        A phrase is searched as the AND of its words required to hold the phrase's word-pair
        buckets (see search.backend); candidates are kept, in rank order, only if their stored
        key sequence holds the phrase. The buckets make nearly every candidate a true hit, so
        there is no cap on how many are checked: when the first batch does not fill the page,
        the next one is sized from the pass rate, until enough are found or none are left."""
        phrases = required_phrases(q)
        fetch = max(limit * 5, 50) if phrases else limit
        while True:
            raw = self.backend.search(q, limit=fetch)
            ids = [h[0] for h in raw.hits]
            rows = self.store.rows(ids)
            keys = self.store.keys_for(ids) if phrases else {}
            out, checked, passed = [], 0, 0
            for doc_id, score in raw.hits:
                row = rows.get(doc_id)
                if row is None:  # index ahead of store (deleted meanwhile): skip it
                    continue
                checked += 1
                if phrases:
                    seq = keys.get(doc_id)
                    if seq is None:  # no cached sequence (older analysis): compute it
                        seq = key_text(row.title, self.store.paragraph_texts(doc_id))
                    if not all(has_phrase(seq, ph) for ph in phrases):
                        continue
                passed += 1
                if len(out) < limit:
                    out.append((doc_id, score, row))
            exhausted = len(raw.hits) >= raw.total
            if not phrases or len(out) >= limit or exhausted:
                break
            rate = max(passed, 1) / max(checked, 1)
            fetch = max(fetch * 4, int(limit / rate * 1.5))
        if not phrases:
            return out, raw.total, raw.exact
        if exhausted:
            return out, passed, raw.exact
        estimate = round(raw.total * passed / checked) if checked else 0
        return out, max(estimate, passed), False

    # ------------------------------------------------------------------ doctor
    def doctor(self, *, fix: bool = True, progress: Progress | None = None,
               cancel: Cancel | None = None) -> dict:
        """Check the store, the originals, the index, entities and import records. Derived
        data is repaired when `fix` (rebuilt from the store, so repairing loses nothing)."""
        from .doctor import run_doctor

        with self._writing(progress, cancel):
            return run_doctor(self, fix=fix, progress=progress, cancel=cancel)
