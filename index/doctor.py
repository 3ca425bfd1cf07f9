"""`akhbar doctor`: check the store, and the index against the store.

The store is the truth. Index drift (a document missing, extra, stale or twice) can always be
repaired from it, so doctor fixes that by default; store damage is reported, never "fixed" by
guessing.
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from .search.backend import IndexDoc, IndexUnavailable
from .store.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from .library import Library


def run_doctor(lib: "Library", *, fix: bool) -> dict:
    problems: list[str] = []
    fixed: list[str] = []
    store_problems = lib.store.integrity_problems()
    problems += store_problems
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
            problems.append(f"search index unreadable: {type(e).__name__}: {e}")
            index_ok = False
    else:
        problems.append("search index is missing or unreadable")
    missing = sorted(set(revisions) - set(indexed)) if index_ok else []
    extra = sorted(set(indexed) - set(revisions)) if index_ok else []
    stale = sorted(a for a in set(revisions) & set(indexed) if revisions[a] != indexed[a])
    if missing:
        problems.append(f"{len(missing)} articles missing from the search index")
    if extra:
        problems.append(f"{len(extra)} index entries for articles not in the store")
    if stale:
        problems.append(f"{len(stale)} index entries out of date")
    if doubles:
        problems.append(f"{len(doubles)} articles indexed more than once")

    if fix and not index_ok:
        n = lib.reindex()
        fixed.append(f"rebuilt the search index from the store ({n} articles)")
    elif fix and (missing or extra or stale or doubles):
        redo = sorted(set(missing) | set(stale) | set(doubles))
        docs = (IndexDoc(*row) for row in lib.store.iter_for_index(redo))
        lib.backend.write(docs, extra, seq=lib.store.max_seq(), replace=True)
        fixed.append(f"re-indexed {len(redo)} articles and removed {len(extra)} stale entries")

    try:
        indexed_count = lib.backend.doc_count()
    except IndexUnavailable:
        indexed_count = 0
    return {
        "ok": not problems or (bool(fixed) and not store_problems),
        "articles": len(revisions),
        "indexed": indexed_count,
        "store": {"path": str(lib.store.path), "schema": SCHEMA_VERSION,
                  "integrity": "ok" if not store_problems else "problems"},
        "index": {"path": str(lib.backend.directory), "synced_seq": lib.backend.synced_seq(),
                  "store_seq": lib.store.max_seq()},
        "problems": problems,
        "fixed": fixed,
    }
