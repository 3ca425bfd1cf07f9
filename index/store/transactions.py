"""The store's transactions: one per article, or, during an import, articles grouped into
one transaction with a savepoint each (`Store.grouped` says why)."""
from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .store import Store

GROUP_ITEMS = 1000  # articles committed together during an import (see Store.grouped)
GROUP_SECONDS = 1.0
GROUP_CACHE_KB = 65536  # SQLite's page cache while grouping (its default is 2 MB)


class Tx:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception (including KeyboardInterrupt).
    Inside a group (`Store.grouped`) on its thread: a savepoint of the group's transaction.

    Callers hold the store's lock. A transaction on another thread while a group is open
    (the window re-tags an article it shows during an import: the connection is shared)
    first commits the group: holding the lock, it cannot be halfway through an article."""

    def __init__(self, store: "Store"):
        self.store = store
        group = store._group
        mine = group is not None and group.thread == threading.get_ident()
        self.group = group if mine else None
        self.other_group = group if group is not None and not mine else None

    def __enter__(self) -> None:
        if self.group is not None:
            self.group.enter()
            return
        if self.other_group is not None:
            self.other_group.commit()
        self.store.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.group is not None:
            self.group.leave(exc_type is None)
        elif exc_type is None:
            self.store.conn.execute("COMMIT")
        else:
            self.store.conn.execute("ROLLBACK")


class Group:
    """See `Store.grouped`."""

    def __init__(self, store: "Store", max_items: int, max_seconds: float):
        self.store = store
        self.max_items = max_items
        self.max_seconds = max_seconds
        self.thread = threading.get_ident()
        self.open = False
        self.items = 0
        self.started = 0.0

    def __enter__(self) -> "Group":
        with self.store._lock:
            if self.store._group is not None:
                raise RuntimeError("the store is already grouping transactions")
            self.store._group = self
            conn = self.store.conn
            self.cache = conn.execute("PRAGMA cache_size").fetchone()[0]
            self.temp_store = conn.execute("PRAGMA temp_store").fetchone()[0]
            conn.execute(f"PRAGMA cache_size=-{GROUP_CACHE_KB}")
            # Each article's savepoint keeps the pages it changes as they were, to roll them
            # back if it fails: in memory, not as ~400 writes an article to a temporary file
            # (sys time of storing 0.45 → 0.12 ms an article)
            conn.execute("PRAGMA temp_store=MEMORY")
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        with self.store._lock:
            try:
                self.commit()  # the articles stored so far are whole: keep them
            finally:
                self.store._group = None
                self.store.conn.execute(f"PRAGMA cache_size={int(self.cache)}")
                self.store.conn.execute(f"PRAGMA temp_store={int(self.temp_store)}")

    def enter(self) -> None:
        conn = self.store.conn
        if not self.open:
            conn.execute("BEGIN IMMEDIATE")
            self.open, self.items, self.started = True, 0, time.monotonic()
        conn.execute("SAVEPOINT article")

    def leave(self, ok: bool) -> None:
        conn = self.store.conn
        if not ok:
            conn.execute("ROLLBACK TO article")
        conn.execute("RELEASE article")
        self.items += 1
        if self.items >= self.max_items or time.monotonic() - self.started > self.max_seconds:
            self.commit()

    def commit(self) -> None:
        if self.open:
            self.open = False
            self.store.conn.execute("COMMIT")
