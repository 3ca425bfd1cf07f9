"""The library store: SQLite, the single source of truth.

Articles, paragraphs, the original bytes of every imported file, removed boilerplate lines and
import records live here; the search index is derived from it. Every article is written in one
transaction together with its import record, so a killed process leaves each article either
fully present or absent. A change counter (`seq`) increases with every write; the index records
the last `seq` it has committed, which is how it catches up after a crash.
"""
from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..model import Article, Paragraph, RawDocument, RemovedLine
from ..text.keyseq import ANALYSIS_VERSION, key_text
from ..text.normalize import normalize, normalize_text
from .rows import insert_rows
from .schema import check_not_newer, enter_wal, migrate
from .transactions import GROUP_ITEMS, GROUP_SECONDS, Group, Tx

ID_LENGTH = 8


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def content_hash(title: str, paragraphs: list[str]) -> str:
    """Identity of an article's content, insensitive to spelling variants and encodings: the
    same article arriving as UTF-8 and as Windows-1256, or under another file name, is one."""
    key = normalize(title).strip() + "\x00" + "\n".join(
        normalize_text(p).strip() for p in paragraphs)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def short_id(chash: str, length: int = ID_LENGTH) -> str:
    """Short, stable, readable id from the content hash (base32, lowercase, no padding)."""
    return base64.b32encode(bytes.fromhex(chash)).decode("ascii").lower()[:length]


@dataclass
class ArticleRow:
    id: str
    title: str
    lang: str
    date: str | None
    source: str | None
    source_path: str
    revision: int

    def as_json(self) -> dict:
        return {"id": self.id, "title": self.title, "lang": self.lang, "date": self.date,
                "source": self.source, "source_path": self.source_path}


class Store:
    """Thread-safe wrapper around one SQLite connection (WAL, foreign keys on)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.RLock()
        self.conn = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None,
                                    check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self._group: Group | None = None
        try:
            check_not_newer(self.conn)  # before anything writes to the file
        except BaseException:
            self.conn.close()
            raise
        enter_wal(self.conn)
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA busy_timeout=30000")
        self.schema_was = migrate(self.conn)

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    # ------------------------------------------------------------------ transactions
    def _tx(self) -> Tx:
        return Tx(self)

    def grouped(self, max_items: int = GROUP_ITEMS, max_seconds: float = GROUP_SECONDS
                ) -> Group:
        """A context in which this thread's transactions (one per article) are committed
        together, every `max_items` articles or `max_seconds`, and on leaving it or
        `commit_group()`. Each article still lives or dies whole: it is a savepoint of the
        group's transaction, rolled back alone if it fails, and a killed process loses only
        the uncommitted group, never part of an article. What reads the store from another
        connection (the index, another process) sees articles once their group is
        committed: call `commit_group()` before handing them on.

        Why: an article's rows land in a dozen B-trees keyed by its (random) id, so each
        commit rewrote pages all over the file: storing 2,000 articles into a 10k-article
        library took 4.5 ms an article committed one by one, 2.4 in groups of 100 and 1.0 in
        groups of 1,000 with a 64 MB page cache (which the group's dirty pages need)."""
        return Group(self, max_items, max_seconds)

    def commit_group(self) -> None:
        """Commit the open group's articles now (no-op outside a group)."""
        group = self._group
        if group is not None and group.thread == threading.get_ident():
            with self._lock:
                group.commit()

    def _bump_seq(self) -> int:
        self.conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='seq'")
        return int(self.conn.execute("SELECT value FROM meta WHERE key='seq'").fetchone()[0])

    def max_seq(self) -> int:
        with self._lock:
            return int(self.conn.execute("SELECT value FROM meta WHERE key='seq'").fetchone()[0])

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
            return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                              (key, value))

    # ------------------------------------------------------------------ imports
    def begin_import(self) -> int:
        with self._lock:
            cur = self.conn.execute("INSERT INTO imports(started_at) VALUES (?)", (_now(),))
            return int(cur.lastrowid)

    def finish_import(self, import_id: int, status: str) -> None:
        with self._lock:
            self.conn.execute("UPDATE imports SET finished_at=?, status=? WHERE id=?",
                              (_now(), status, import_id))

    def record_item(self, import_id: int, source_path: str, sha: str | None, outcome: str,
                    article_id: str | None = None, reason: str | None = None) -> None:
        with self._lock:
            self._record_item(import_id, source_path, sha, outcome, article_id, reason)

    def _record_item(self, import_id, source_path, sha, outcome, article_id, reason) -> None:
        self.conn.execute(
            "INSERT INTO import_items(import_id, source_path, sha256, outcome, article_id, "
            "reason, at) VALUES (?,?,?,?,?,?,?)",
            (import_id, source_path, sha, outcome, article_id, reason, _now()))

    def articles_for_original(self, sha: str) -> list[str]:
        with self._lock:
            rows = self.conn.execute(
                "SELECT id FROM articles WHERE original_sha256=? ORDER BY record_no", (sha,))
            return [r[0] for r in rows]

    def find_by_content(self, chash: str) -> str | None:
        with self._lock:
            row = self.conn.execute("SELECT id FROM articles WHERE content_hash=?",
                                    (chash,)).fetchone()
            return row[0] if row else None

    def add_article(self, article: Article, *, chash: str, original: RawDocument | None,
                    encoding: str | None, record_no: int, import_id: int | None,
                    keys: str | None = None, article_id: str | None = None,
                    in_tx: Callable[[str], None] | None = None) -> tuple[str, int]:
        """Insert one article with its paragraphs, removed lines, original and import record,
        all in one transaction. Returns (id, seq).

        `article_id` keeps a given id when it is free (a restored export); `in_tx(id)` runs
        inside the transaction after the insert, for data that must live or die with the
        article (its entity mentions)."""
        with self._lock, self._tx():
            c = self.conn
            if original is not None and c.execute(
                    "SELECT 1 FROM originals WHERE sha256=?", (original.sha256,)).fetchone() is None:
                # Checked first: binding a large feed's bytes again for each of its articles
                # would copy them once per article.
                c.execute(
                    "INSERT OR IGNORE INTO originals(sha256, bytes, size, encoding, first_path, "
                    "added_at) VALUES (?,?,?,?,?,?)",
                    (original.sha256, original.raw, len(original.raw), encoding,
                     original.source_path, _now()))
            if article_id is None or c.execute("SELECT 1 FROM articles WHERE id=?",
                                               (article_id,)).fetchone() is not None:
                article_id = self._free_id(chash)
            seq = self._bump_seq()
            c.execute(
                "INSERT INTO articles(id, content_hash, title, lang, date, source, source_url, "
                "section, keywords, original_sha256, record_no, source_path, imported_at, "
                "revision, seq, warnings) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)",
                (article_id, chash, article.title, article.lang, article.date, article.source,
                 article.source_url, article.section,
                 json.dumps(article.keywords, ensure_ascii=False),
                 original.sha256 if original else None, record_no, article.source_path, _now(),
                 seq, json.dumps(article.warnings, ensure_ascii=False)))
            insert_rows(
                c, "INSERT INTO paragraphs(article_id, idx, text, lang, kind, line_no) VALUES",
                [(article_id, i, p.text, p.lang, p.kind, p.line_no)
                 for i, p in enumerate(article.paragraphs)])
            insert_rows(
                c, "INSERT INTO removed_lines(article_id, idx, line_no, text, reason, restored) "
                "VALUES",
                [(article_id, i, r.line_no, r.text, r.reason, int(r.restored))
                 for i, r in enumerate(article.removed)])
            if keys is not None:
                c.execute("INSERT INTO article_keys(article_id, version, keys) VALUES (?,?,?)",
                          (article_id, ANALYSIS_VERSION, keys))
            c.execute("DELETE FROM tombstones WHERE article_id=?", (article_id,))
            if import_id is not None:
                self._record_item(import_id, article.source_path,
                                  original.sha256 if original else None, "imported",
                                  article_id, None)
            if in_tx is not None:
                in_tx(article_id)
            return article_id, seq

    def restore_removed(self, article_id: str, removed_idx: int, lang: str) -> int | None:
        """Put removed line `removed_idx` back into the article as a paragraph (kind
        "restored"), at its place in the source when the paragraphs' line numbers are known,
        else at the end. A user edit: it bumps the article's revision and seq so the index
        catches up, and it lives in the store, so a reindex keeps it. Returns the new
        paragraph's position, or None if there is no such line or it was already restored."""
        with self._lock, self._tx():
            c = self.conn
            row = c.execute("SELECT text, line_no, restored FROM removed_lines "
                            "WHERE article_id=? AND idx=?", (article_id, removed_idx)).fetchone()
            if row is None or row["restored"]:
                return None
            paras = c.execute("SELECT idx, line_no FROM paragraphs WHERE article_id=? "
                              "ORDER BY idx", (article_id,)).fetchall()
            pos = len(paras)
            if paras and all(p["line_no"] is not None for p in paras):
                pos = next((p["idx"] for p in paras if p["line_no"] > row["line_no"]), pos)
            # Shift the later paragraphs out of the way in two steps (the key is unique).
            c.execute("UPDATE paragraphs SET idx = idx + 1000000 WHERE article_id=? AND idx>=?",
                      (article_id, pos))
            c.execute("UPDATE paragraphs SET idx = idx - 999999 WHERE article_id=? "
                      "AND idx>=1000000", (article_id,))
            c.execute("INSERT INTO paragraphs(article_id, idx, text, lang, kind, line_no) "
                      "VALUES (?,?,?,?,'restored',?)",
                      (article_id, pos, row["text"], lang, row["line_no"]))
            c.execute("UPDATE removed_lines SET restored=1 WHERE article_id=? AND idx=?",
                      (article_id, removed_idx))
            seq = self._bump_seq()
            c.execute("UPDATE articles SET revision = revision + 1, seq=? WHERE id=?",
                      (seq, article_id))
            # The cached key sequence is stale now; iter_for_index recomputes a missing one.
            c.execute("DELETE FROM article_keys WHERE article_id=?", (article_id,))
            return pos

    def _free_id(self, chash: str) -> str:
        length = ID_LENGTH
        while True:
            candidate = short_id(chash, length)
            if self.conn.execute("SELECT 1 FROM articles WHERE id=?", (candidate,)).fetchone() is None:
                return candidate
            length += 2

    def delete_article(self, article_id: str) -> bool:
        with self._lock, self._tx():
            if not self.conn.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone():
                return False
            seq = self._bump_seq()
            self.conn.execute("DELETE FROM articles WHERE id=?", (article_id,))
            self.conn.execute("INSERT OR REPLACE INTO tombstones(article_id, seq) VALUES (?,?)",
                              (article_id, seq))
            return True

    # ------------------------------------------------------------------ reading
    def count(self) -> int:
        with self._lock:
            return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def resolve_id(self, given: str) -> str | None:
        """Exact id, or a unique prefix of one (users type the first few letters)."""
        given = given.strip().lower()
        if not given:
            return None
        with self._lock:
            if self.conn.execute("SELECT 1 FROM articles WHERE id=?", (given,)).fetchone():
                return given
            rows = self.conn.execute(
                "SELECT id FROM articles WHERE id >= ? AND id < ? LIMIT 2",
                (given, given + "\uffff")).fetchall()
        return rows[0][0] if len(rows) == 1 else None

    def list_articles(self, order: str = "date") -> list[ArticleRow]:
        orders = {"date": "date DESC NULLS LAST, title", "title": "title",
                  "lang": "lang, date DESC", "source": "source NULLS LAST, date DESC",
                  "imported": "seq"}
        sql = ("SELECT id, title, lang, date, source, source_path, revision FROM articles "
               f"ORDER BY {orders.get(order, orders['date'])}")
        with self._lock:
            return [ArticleRow(*r) for r in self.conn.execute(sql)]

    def sources(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self.conn.execute(
                "SELECT source FROM articles WHERE source IS NOT NULL AND source != '' "
                "GROUP BY source ORDER BY COUNT(*) DESC, source")]

    def rows(self, ids: list[str]) -> dict[str, ArticleRow]:
        if not ids:
            return {}
        with self._lock:
            marks = ",".join("?" * len(ids))
            return {r[0]: ArticleRow(*r) for r in self.conn.execute(
                "SELECT id, title, lang, date, source, source_path, revision FROM articles "
                f"WHERE id IN ({marks})", ids)}

    def paragraph_langs(self, article_id: str) -> list[tuple[str, str]]:
        """[(text, lang)] in order: a snippet's language is its paragraph's."""
        with self._lock:
            return [(r[0], r[1]) for r in self.conn.execute(
                "SELECT text, lang FROM paragraphs WHERE article_id=? ORDER BY idx",
                (article_id,))]

    def paragraph_texts(self, article_id: str) -> list[str]:
        with self._lock:
            return [r[0] for r in self.conn.execute(
                "SELECT text FROM paragraphs WHERE article_id=? ORDER BY idx", (article_id,))]

    def get_article(self, article_id: str) -> Article | None:
        with self._lock:
            r = self.conn.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
            if r is None:
                return None
            paras = [Paragraph(text=p["text"], lang=p["lang"], kind=p["kind"],
                               line_no=p["line_no"])
                     for p in self.conn.execute(
                         "SELECT text, lang, kind, line_no FROM paragraphs WHERE article_id=? "
                         "ORDER BY idx",
                         (article_id,))]
            removed = [RemovedLine(text=x["text"], reason=x["reason"], line_no=x["line_no"],
                                   restored=bool(x["restored"]))
                       for x in self.conn.execute(
                           "SELECT text, reason, line_no, restored FROM removed_lines "
                           "WHERE article_id=? ORDER BY idx", (article_id,))]
        return Article(title=r["title"], lang=r["lang"], paragraphs=paras, removed=removed,
                       date=r["date"], source=r["source"], source_url=r["source_url"],
                       section=r["section"], keywords=json.loads(r["keywords"]),
                       source_path=r["source_path"], warnings=json.loads(r["warnings"]),
                       id=r["id"], revision=r["revision"])

    def original_bytes(self, article_id: str) -> bytes | None:
        with self._lock:
            row = self.conn.execute(
                "SELECT o.bytes FROM articles a JOIN originals o ON o.sha256 = a.original_sha256 "
                "WHERE a.id=?", (article_id,)).fetchone()
        return bytes(row[0]) if row else None

    def changes_since(self, seq: int) -> tuple[list[str], list[str]]:
        """(ids changed after `seq`, ids deleted after `seq`) — the index's catch-up list."""
        with self._lock:
            changed = [r[0] for r in self.conn.execute(
                "SELECT id FROM articles WHERE seq > ? ORDER BY seq", (seq,))]
            deleted = [r[0] for r in self.conn.execute(
                "SELECT article_id FROM tombstones WHERE seq > ?", (seq,))]
        return changed, deleted

    def iter_for_index(self, ids: list[str] | None = None, batch: int = 500
                       ) -> Iterator[tuple[str, int, str, str, str, str]]:
        """(id, revision, key sequence, lang, date, source) for indexing, in batches so a
        100k-article rebuild never holds everything in memory. Key sequences made by another
        analysis version are recomputed here and saved back."""
        if ids is None:
            with self._lock:
                ids = [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY seq")]
        for i in range(0, len(ids), batch):
            chunk = ids[i:i + batch]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                heads = {r[0]: r for r in self.conn.execute(
                    "SELECT id, revision, title, lang, date, source FROM articles "
                    f"WHERE id IN ({marks})", chunk)}
            keys = self.keys_for(chunk)
            stale = [aid for aid in chunk if aid in heads and aid not in keys]
            if stale:
                fresh = {aid: key_text(heads[aid][2], self.paragraph_texts(aid)) for aid in stale}
                with self._lock, self._tx():
                    self.conn.executemany(
                        "INSERT OR REPLACE INTO article_keys(article_id, version, keys) "
                        "VALUES (?,?,?)", [(a, ANALYSIS_VERSION, k) for a, k in fresh.items()])
                keys.update(fresh)
            for aid in chunk:
                h = heads.get(aid)
                if h is not None:
                    yield aid, h[1], keys[aid], h[3], h[4] or "", h[5] or ""

    def keys_for(self, ids: list[str]) -> dict[str, str]:
        """Current-version key sequences of `ids` (ids without one are left out)."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        with self._lock:
            return {r[0]: r[1] for r in self.conn.execute(
                f"SELECT article_id, keys FROM article_keys WHERE article_id IN ({marks}) "
                "AND version=?", [*ids, ANALYSIS_VERSION])}

    def revisions(self) -> dict[str, int]:
        with self._lock:
            return {r[0]: r[1] for r in self.conn.execute("SELECT id, revision FROM articles")}

    def iter_originals(self) -> Iterator[tuple[str, bytes, int]]:
        """(sha256, bytes, size) of every kept original, one at a time (they can be large)."""
        with self._lock:
            shas = [r[0] for r in self.conn.execute("SELECT sha256 FROM originals")]
        for sha in shas:
            with self._lock:
                row = self.conn.execute("SELECT bytes, size FROM originals WHERE sha256=?",
                                        (sha,)).fetchone()
            if row is not None:
                yield sha, bytes(row[0]), int(row[1])

    def unfinished_imports(self) -> list[int]:
        with self._lock:
            return [r[0] for r in self.conn.execute(
                "SELECT id FROM imports WHERE finished_at IS NULL ORDER BY id")]

    def integrity_problems(self, cancel: Callable[[], bool] | None = None) -> list[str]:
        """SQLite's own check plus our invariants (every article has paragraphs and its
        original). The SQLite check reads the whole file (minutes for 100k articles), so
        `cancel()` can interrupt it: that raises sqlite3.OperationalError("interrupted")."""
        problems: list[str] = []
        with self._lock:
            if cancel is not None:
                self.conn.set_progress_handler(lambda: 1 if cancel() else 0, 200_000)
            try:
                result = [r[0] for r in self.conn.execute("PRAGMA integrity_check")]
            finally:
                self.conn.set_progress_handler(None, 0)
            if result != ["ok"]:
                problems += [f"sqlite: {x}" for x in result[:20]]
            fk = self.conn.execute("PRAGMA foreign_key_check").fetchall()
            if fk:
                problems.append(f"{len(fk)} rows break foreign keys")
            for (aid,) in self.conn.execute(
                    "SELECT id FROM articles a WHERE NOT EXISTS "
                    "(SELECT 1 FROM paragraphs p WHERE p.article_id = a.id)"):
                problems.append(f"article {aid} has no paragraphs")
            for (aid,) in self.conn.execute(
                    "SELECT id FROM articles a WHERE a.original_sha256 IS NOT NULL AND NOT EXISTS "
                    "(SELECT 1 FROM originals o WHERE o.sha256 = a.original_sha256)"):
                problems.append(f"article {aid} lost its original file")
        return problems
