"""SQLite FTS5 baseline for the Akhbar benchmark: the same corpus, a fair tokenizer, top-10 + snippet.

Why these choices:
* Tokenizer: plain `unicode61` splits Devanagari words at vowel signs and virama (measured,
  see /work/shared/NOTES.md). Adding the mark categories keeps words whole, so Hindi queries
  mean the same thing to both engines:  unicode61 remove_diacritics 0 categories 'L* N* Co M*'
* The table stores title and body (FTS5 keeps its own copy of the content), so the database
  is both "index" and "originals"; compare it with Akhbar's whole library folder as well.
* Ranking: bm25 with the title weighted 2x, set once as the table's `rank` so
  `ORDER BY rank LIMIT 10` takes FTS5's fast path.
* Import: one transaction per 1,000 articles, WAL + synchronous=NORMAL (what a desktop app
  would use); the time includes reading and JSON-parsing the shards, and the final commit
  and WAL checkpoint.
* A query fetches rowid, title and a snippet() of the body for the top 10. It does not count
  all matches (Akhbar's `total` does); run.py notes this next to the table.

Stand-alone:  python benchmarks/fts5_baseline.py --corpus /tmp/akhbar-bench/10k --db /tmp/f.db
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path

from common import Progress, cold_open, corpus_files, load_queries, progress_printer, time_queries

QUERY_KEY = "fts5"
TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
BATCH = 1000
SEARCH_SQL = ("SELECT rowid, title, snippet(t, 1, '[', ']', '…', 16) FROM t "
              "WHERE t MATCH ? ORDER BY rank LIMIT ?")


def _count_lines(files: list[Path]) -> int:
    n = 0
    for f in files:
        with f.open("rb") as fh:
            n += sum(1 for _ in fh)
    return n


def build(files: list[Path], path: Path, progress: Progress | None = None) -> dict:
    """Create the FTS5 database at `path` from JSONL shards; time everything from connect to close."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    total = _count_lines(files)  # only for progress; not timed
    t0 = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, date UNINDEXED, source UNINDEXED, "
                 f"lang UNINDEXED, tokenize=\"{TOKENIZE}\")")
    conn.execute("INSERT INTO t(t, rank) VALUES('rank', 'bm25(2.0, 1.0)')")
    done = 0
    batch: list[tuple] = []
    insert = "INSERT INTO t(title, body, date, source, lang) VALUES (?, ?, ?, ?, ?)"
    for f in files:
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                a = json.loads(line)
                batch.append((a["title"], a["body"], a.get("date"), a.get("source"), a.get("lang")))
                if len(batch) >= BATCH:
                    conn.execute("BEGIN")
                    conn.executemany(insert, batch)
                    conn.execute("COMMIT")
                    done += len(batch)
                    batch.clear()
                    if progress:
                        progress(done, total)
    if batch:
        conn.execute("BEGIN")
        conn.executemany(insert, batch)
        conn.execute("COMMIT")
        done += len(batch)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    seconds = time.perf_counter() - t0
    if progress:
        progress(done, total)
    return {"articles": done, "seconds": seconds, "articles_per_s": done / seconds,
            "sqlite_version": sqlite3.sqlite_version}


def sizes(path: Path) -> dict:
    """The database holds index and content; -wal/-shm are counted if present."""
    total = sum(Path(str(path) + s).stat().st_size for s in ("", "-wal", "-shm")
                if Path(str(path) + s).exists())
    return {"index_bytes": total, "total_bytes": total}


def open_engine(path: Path) -> sqlite3.Connection:
    if not path.exists():
        raise FileNotFoundError(path)
    return sqlite3.connect(path)


def search(conn: sqlite3.Connection, query: str, limit: int = 10) -> tuple[int, int | None]:
    """Top `limit` rows with title and snippet, fully fetched; FTS5 gives no total count."""
    rows = conn.execute(SEARCH_SQL, (query, limit)).fetchall()
    return len(rows), None


def close(conn: sqlite3.Connection) -> None:
    conn.close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="SQLite FTS5 baseline (see module docstring)")
    ap.add_argument("--corpus", type=Path, required=True, help="folder made by gen_corpus.py")
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--reuse", action="store_true", help="keep an existing database")
    a = ap.parse_args(argv)
    files = corpus_files(a.corpus)
    result: dict = {}
    if not (a.reuse and a.db.exists()):
        result["import"] = build(files, a.db, progress_printer("fts5 import"))
    result["sizes"] = sizes(a.db)
    queries = load_queries(a.corpus)
    conn = open_engine(a.db)
    result["queries"] = time_queries(sys.modules[__name__], conn, queries)
    close(conn)
    result["cold_open"] = cold_open("fts5", a.db, queries["word"][0][QUERY_KEY])
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
