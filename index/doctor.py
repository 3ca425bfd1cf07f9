"""`akhbar doctor`: check the library, and with `repair` fix what can be fixed.

The store is the truth; everything else is derived from it and can be rebuilt without loss:
the search index (missing, extra, stale or doubled documents), entity mentions (articles not
tagged, or tagged by an older recogniser) and the records of imports a killed process never
closed. Doctor repairs those. Damage to the truth itself (SQLite corruption, an article without
paragraphs, an original whose bytes no longer match its hash) is reported, never "fixed" by
guessing; `akhbar export` gets out everything that is still readable.

Each check is one entry of `checks` in the JSON, with its problems and what was done; the
older flat fields (`problems`, `fixed`, ...) are kept for scripts written against them.
"""
from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .search.backend import IndexDoc, IndexUnavailable
from .store import entity_store as es
from .store.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from .library import Library

Progress = Callable[[int, int, str], None]


@dataclass
class Check:
    name: str
    title: str
    problems: list[str] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth knowing, not wrong
    repairable: bool = False  # a repair run would fix every problem found

    def as_json(self) -> dict:
        return {"name": self.name, "title": self.title, "ok": not self.problems or
                bool(self.fixed), "problems": self.problems, "fixed": self.fixed, "notes": self.notes,
                "repairable": self.repairable and bool(self.problems) and not self.fixed}


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def run_doctor(lib: "Library", *, fix: bool, progress: Progress | None = None,
               cancel: Callable[[], bool] | None = None) -> dict:
    """Run every check in turn (repairing when `fix`). A cancel stops between checks (and
    inside SQLite's long integrity check); the checks not run are left out of `checks`."""
    say = progress or (lambda d, t, c: None)
    stop = cancel or (lambda: False)
    steps: list[tuple[str, Callable[[], Check]]] = [
        ("checking the store", lambda: _check_store(lib, stop)),
        ("checking the original files", lambda: _check_originals(lib)),
        ("checking the search index", lambda: _check_index(lib, fix)),
        ("checking entity mentions", lambda: _check_entities(lib, fix, say)),
        ("checking import records", lambda: _check_imports(lib, fix)),
    ]
    checks: list[Check] = []
    cancelled = False
    for i, (what, run) in enumerate(steps):
        if stop():
            cancelled = True
            break
        say(i, len(steps), what)
        try:
            checks.append(run())
        except sqlite3.OperationalError as e:
            if "interrupted" not in str(e):
                raise
            cancelled = True
            break
    say(len(steps), len(steps), "")
    store_check = checks[0] if checks else Check("store", "Store integrity")
    originals = checks[1] if len(checks) > 1 else Check("originals", "Original files")

    try:
        indexed_count = lib.backend.doc_count()
    except IndexUnavailable:
        indexed_count = 0
    truth_damaged = bool(store_check.problems or originals.problems)
    problems = [p for c in checks for p in c.problems]
    fixed = [f for c in checks for f in c.fixed]
    unrepaired = [c for c in checks if c.problems and not c.fixed]
    return {
        "ok": not unrepaired and not cancelled,
        "cancelled": cancelled,
        "articles": lib.store.count(),
        "indexed": indexed_count,
        "store": {"path": str(lib.store.path), "schema": SCHEMA_VERSION,
                  "integrity": "not checked" if not checks else
                  ("problems" if truth_damaged else "ok")},
        "index": {"path": str(lib.backend.directory), "synced_seq": lib.backend.synced_seq(),
                  "store_seq": lib.store.max_seq()},
        "problems": problems,
        "fixed": fixed,
        "repaired": fix,
        "repairable": any(c.as_json()["repairable"] for c in checks),
        "checks": [c.as_json() for c in checks],
        "recovered_on_open": list(lib.recovered),
    }


def _check_store(lib: "Library", cancel: Callable[[], bool]) -> Check:
    check = Check("store", "Store integrity (SQLite, paragraphs, originals)")
    check.problems = lib.store.integrity_problems(cancel)
    return check


def _check_originals(lib: "Library") -> Check:
    """Every kept original still hashes to the name it was stored under: the byte-for-byte
    copy is what a user falls back on, so silent damage to it must be seen."""
    check = Check("originals", "Original files (checksums)")
    bad = []
    for sha, raw, size in lib.store.iter_originals():
        if len(raw) != size or hashlib.sha256(raw).hexdigest() != sha:
            bad.append(sha[:12])
    if bad:
        check.problems.append(f"{_n(len(bad), 'original file')} do not match their checksum "
                              f"({', '.join(bad[:5])}{'…' if len(bad) > 5 else ''})")
    return check


def _check_index(lib: "Library", fix: bool) -> Check:
    check = Check("index", "Search index against the store", repairable=True)
    revisions = lib.store.revisions()
    index_ok = lib.backend.is_open
    indexed: dict[str, int] = {}
    doubles: list[str] = []
    if index_ok:
        try:
            counts: Counter[str] = Counter()
            for doc_id, rev in lib.backend.stored_revisions():
                counts[doc_id] += 1
                indexed[doc_id] = rev
            doubles = [d for d, n in counts.items() if n > 1]
        except Exception as e:  # unreadable segments: treat as a missing index
            check.problems.append(f"search index unreadable: {type(e).__name__}: {e}")
            index_ok = False
    else:
        check.problems.append("search index is missing or unreadable")
    missing = sorted(set(revisions) - set(indexed)) if index_ok else []
    extra = sorted(set(indexed) - set(revisions)) if index_ok else []
    stale = sorted(a for a in set(revisions) & set(indexed) if revisions[a] != indexed[a])
    if missing:
        check.problems.append(f"{_n(len(missing), 'article')} missing from the search index")
    if extra:
        check.problems.append(f"{_n(len(extra), 'index entry', 'index entries')} for articles not in the store")
    if stale:
        check.problems.append(f"{_n(len(stale), 'index entry', 'index entries')} out of date")
    if doubles:
        check.problems.append(f"{_n(len(doubles), 'article')} indexed more than once")
    if fix and not index_ok:
        n = lib.reindex()
        check.fixed.append(f"rebuilt the search index from the store ({_n(n, 'article')})")
    elif fix and (missing or extra or stale or doubles):
        redo = sorted(set(missing) | set(stale) | set(doubles))
        docs = (IndexDoc(*row) for row in lib.store.iter_for_index(redo))
        lib.backend.write(docs, extra, seq=lib.store.max_seq(), replace=True)
        check.fixed.append(f"re-indexed {_n(len(redo), 'article')} and removed {len(extra)} stale "
                           f"entries")
    return check


def _check_entities(lib: "Library", fix: bool, say: Progress) -> Check:
    """Mentions are derived per article; an article may lack them only if it was imported
    before entities existed or the recogniser changed (they are made when first needed).
    Articles without current mentions are a note, not a problem: a library from before
    entities existed, or a new recogniser, leaves them so, and they are tagged when first
    needed (import itself writes an article's mentions in the article's own transaction).
    Mentions whose span does not hold their text were computed against other text: that is a
    problem."""
    check = Check("entities", "Entity mentions", repairable=True)
    untagged = es.untagged(lib.store, lib.entities.version)
    misplaced = es.misplaced_mentions(lib.store)
    if untagged:
        check.notes.append(f"{_n(len(untagged), 'article')} not tagged by the current entity "
                           f"recogniser yet (tagged when opened, or all at once by a repair)")
    if misplaced:
        check.problems.append(f"{_n(len(misplaced), 'article')} with mentions outside their text")
    if fix and (untagged or misplaced):  # (older tags too: a repair brings all up to date)
        redo = sorted(set(untagged) | set(misplaced))
        for i, aid in enumerate(redo):
            article = lib.store.get_article(aid)
            if article is not None:
                lib.entities.store_for(aid, article.title, [p.text for p in article.paragraphs])
            if i % 200 == 0:
                say(3, 5, f"tagging entities ({i + 1}/{len(redo)})")
        check.fixed.append(f"re-tagged entities in {_n(len(redo), 'article')}")
    return check


def _check_imports(lib: "Library", fix: bool) -> Check:
    """An import a killed process never closed is history, not damage: its articles were each
    committed whole. Repair marks it as interrupted, so the record reads true. (Doctor holds
    the library's single writer, so no import anywhere is running while this looks.)"""
    check = Check("imports", "Import records", repairable=True)
    running = lib.store.unfinished_imports()
    if running:
        check.problems.append(f"{_n(len(running), 'import')} interrupted and never closed")
    if fix and running:
        for import_id in running:
            lib.store.finish_import(import_id, "interrupted")
        check.fixed.append(f"marked {_n(len(running), 'interrupted import')} as such")
    return check
