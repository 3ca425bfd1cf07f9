"""SQLite schema of the library store, as a list of migrations.

`PRAGMA user_version` holds how many migrations have run. A migration is appended, never
edited: a library written by an older Akhbar is upgraded in place, inside one transaction.
"""
from __future__ import annotations

import sqlite3
import time

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    INSERT INTO meta(key, value) VALUES ('seq', '0');

    -- Every imported file, byte for byte, once per distinct content.
    CREATE TABLE originals (
        sha256     TEXT PRIMARY KEY,
        bytes      BLOB NOT NULL,
        size       INTEGER NOT NULL,
        encoding   TEXT,
        first_path TEXT NOT NULL,
        added_at   TEXT NOT NULL
    );

    CREATE TABLE imports (
        id          INTEGER PRIMARY KEY,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        status      TEXT NOT NULL DEFAULT 'running'   -- running | done | cancelled | failed
    );

    CREATE TABLE import_items (
        id          INTEGER PRIMARY KEY,
        import_id   INTEGER NOT NULL REFERENCES imports(id),
        source_path TEXT NOT NULL,
        sha256      TEXT,
        outcome     TEXT NOT NULL CHECK (outcome IN ('imported', 'duplicate', 'rejected')),
        article_id  TEXT,
        reason      TEXT,
        at          TEXT NOT NULL
    );

    CREATE TABLE articles (
        id              TEXT PRIMARY KEY,
        content_hash    TEXT NOT NULL UNIQUE,
        title           TEXT NOT NULL,
        lang            TEXT NOT NULL,
        date            TEXT,
        source          TEXT,
        source_url      TEXT,
        section         TEXT,
        keywords        TEXT NOT NULL DEFAULT '[]',
        original_sha256 TEXT REFERENCES originals(sha256),
        record_no       INTEGER NOT NULL DEFAULT 0,
        source_path     TEXT NOT NULL DEFAULT '',
        imported_at     TEXT NOT NULL,
        revision        INTEGER NOT NULL DEFAULT 1,
        seq             INTEGER NOT NULL,
        warnings        TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX articles_seq ON articles(seq);
    CREATE INDEX articles_original ON articles(original_sha256);

    CREATE TABLE paragraphs (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx        INTEGER NOT NULL,
        text       TEXT NOT NULL,
        lang       TEXT NOT NULL,
        kind       TEXT NOT NULL DEFAULT 'body',   -- body | restored
        PRIMARY KEY (article_id, idx)
    );

    -- Lines the importer judged boilerplate: kept so nothing is lost and a user can restore.
    CREATE TABLE removed_lines (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx        INTEGER NOT NULL,
        line_no    INTEGER NOT NULL,
        text       TEXT NOT NULL,
        reason     TEXT NOT NULL,
        restored   INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (article_id, idx)
    );

    -- Deleted articles, so the derived index can catch up with deletions too.
    CREATE TABLE tombstones (
        article_id TEXT PRIMARY KEY,
        seq        INTEGER NOT NULL
    );
    """,
    # 2: each article's key sequence (text.keyseq), a cache tagged with the analysis version
    # that made it; recomputed from the article whenever that version changes. Phrase
    # queries are checked against it.
    """
    CREATE TABLE article_keys (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        version    INTEGER NOT NULL,
        keys       TEXT NOT NULL
    );
    """,
    # 3: where each paragraph stood in the source (its first line), so a removed line the user
    # restores goes back to its place. NULL for paragraphs stored before this migration.
    """
    ALTER TABLE paragraphs ADD COLUMN line_no INTEGER;
    """,
    # 4: entities. `mentions` is derived (recomputed when the recogniser or the gazetteer
    # changes, see entity_tagged); `entity_corrections` are user edits, the truth, replayed
    # over every recomputation; `entity_names` holds names of entities the gazetteer lacks.
    """
    CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        paragraph  INTEGER NOT NULL,   -- -1: the title
        start      INTEGER NOT NULL,   -- code points into the stored text
        end        INTEGER NOT NULL,
        text       TEXT NOT NULL,
        type       TEXT NOT NULL,
        entity_id  TEXT,
        how        TEXT NOT NULL,
        PRIMARY KEY (article_id, paragraph, start)
    );
    CREATE INDEX mentions_entity ON mentions(entity_id);
    CREATE TABLE entity_tagged (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        version    TEXT NOT NULL
    );
    CREATE TABLE entity_names (
        entity_id TEXT NOT NULL,
        type      TEXT NOT NULL,
        name      TEXT NOT NULL,
        origin    TEXT NOT NULL,     -- rule | user
        PRIMARY KEY (entity_id, name)
    );
    CREATE TABLE entity_corrections (
        id         INTEGER PRIMARY KEY,
        kind       TEXT NOT NULL CHECK (kind IN ('reject', 'retype', 'add', 'merge')),
        article_id TEXT,
        paragraph  INTEGER,
        start      INTEGER,
        end        INTEGER,
        text       TEXT,
        type       TEXT,
        entity_id  TEXT,
        target_id  TEXT,
        at         TEXT NOT NULL
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(Exception):
    """The library was written by a newer Akhbar; refuse rather than damage it."""


def check_not_newer(conn: sqlite3.Connection) -> int:
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"this library uses store schema {version}; this Akhbar knows up to "
            f"{SCHEMA_VERSION}. Update Akhbar to open it.")
    return version


def enter_wal(conn: sqlite3.Connection, timeout: float = 30.0) -> None:
    """Put the database in WAL mode (it stays so: the mode is kept in the file).

    Why not just `PRAGMA journal_mode=WAL`: when two processes open a new library at the same
    moment (two `akhbar import` started together), both hold a read lock and both ask for the
    exclusive lock that switching needs; SQLite refuses one at once with "database is locked",
    without waiting, as that wait could never end. The refused one waits a little and looks
    again: by then the other has switched the file, and there is nothing left to do."""
    deadline = time.monotonic() + timeout
    while True:
        (mode,) = conn.execute("PRAGMA journal_mode").fetchone()
        if str(mode).lower() == "wal":
            return
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database to SCHEMA_VERSION; returns the version it started at."""
    version = check_not_newer(conn)
    for number in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # another process opening the same new library may have run this step while we
            # waited for the write lock: read the version again under the lock
            (now,) = conn.execute("PRAGMA user_version").fetchone()
            if now > number:
                conn.execute("COMMIT")
                continue
            for statement in _split(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return version


def _split(script: str) -> list[str]:
    """Split a migration into statements (no semicolons inside our literals)."""
    lines = [ln for ln in script.splitlines() if not ln.strip().startswith("--")]
    cleaned = "\n".join(ln.split("--")[0] if "--" in ln else ln for ln in lines)
    return [s.strip() for s in cleaned.split(";") if s.strip()]
