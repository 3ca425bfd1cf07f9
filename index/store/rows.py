"""Inserting many rows with few statements.

Why: `executemany` runs one SQLite step per row, and Python's sqlite3 releases and takes back
the GIL around every step. An article brings ~10 paragraphs and ~40 entity mentions; while
the import's index-writing thread holds the GIL, each take-back can wait for it, and the
steps themselves cost more than the rows. Multi-row `VALUES` lists in chunks of fixed sizes
(powers of two, so only a handful of statements are ever prepared and cached) do the same
inserts, in the same order, with a few steps: 42 rows are 32 + 8 + 2.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import lru_cache

CHUNKS = (64, 32, 16, 8, 4, 2, 1)  # 64 rows × 8 columns stays far below SQLite's 32,766 variables


@lru_cache(maxsize=64)
def _statement(head: str, columns: int, rows: int) -> str:
    one = "(" + ",".join("?" * columns) + ")"
    return head + " " + ",".join([one] * rows)


def insert_rows(conn: sqlite3.Connection, head: str, rows: Sequence[tuple]) -> None:
    """Run `head` ("INSERT … INTO t(a, b) VALUES") for every row of `rows` (tuples of one
    length), in order: the same outcome as `executemany(head + " (?,?)", rows)`, including
    OR REPLACE / OR IGNORE between rows of one statement (each row is applied in turn)."""
    if not rows:
        return
    columns = len(rows[0])
    done = 0
    for size in CHUNKS:
        while len(rows) - done >= size:
            conn.execute(_statement(head, columns, size),
                         [value for row in rows[done:done + size] for value in row])
            done += size
