"""Entity tables of the store: mentions (derived, per article), the names of entities the
gazetteer lacks, and user corrections (the truth, replayed over every recomputation).

Functions over a `Store` rather than more methods on it, to keep store.py about articles.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

from ..entities.recognise import Mention
from .rows import insert_rows
from .store import Store


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def save_mentions(store: Store, article_id: str, mentions: Iterable[Mention],
                  version: str) -> None:
    with store._lock, store._tx():
        write_mentions(store, article_id, mentions, version)


def write_mentions(store: Store, article_id: str, mentions: Iterable[Mention],
                   version: str) -> None:
    """save_mentions inside a transaction the caller holds (an article's own import)."""
    rows = [(article_id, m.paragraph, m.start, m.end, m.text, m.type, m.entity_id, m.how)
            for m in mentions]
    with store._lock:
        c = store.conn
        c.execute("DELETE FROM mentions WHERE article_id=?", (article_id,))
        insert_rows(c, "INSERT OR REPLACE INTO mentions(article_id, paragraph, start, end, "
                       "text, type, entity_id, how) VALUES", rows)
        c.execute("INSERT OR REPLACE INTO entity_tagged(article_id, version) VALUES (?,?)",
                  (article_id, version))
        insert_rows(c, "INSERT OR IGNORE INTO entity_names(entity_id, type, name, origin) "
                       "VALUES", [(r[6], r[5], r[4], "rule") for r in rows
                                  if r[7] == "rule" and r[6]])


def mentions(store: Store, article_id: str) -> list[Mention] | None:
    """The stored mentions, or None if the article was never tagged."""
    with store._lock:
        if store.conn.execute("SELECT 1 FROM entity_tagged WHERE article_id=?",
                              (article_id,)).fetchone() is None:
            return None
        return [Mention(*r) for r in store.conn.execute(
            "SELECT paragraph, start, end, text, type, entity_id, how FROM mentions "
            "WHERE article_id=? ORDER BY paragraph, start", (article_id,))]


def tagged_version(store: Store, article_id: str) -> str | None:
    with store._lock:
        row = store.conn.execute("SELECT version FROM entity_tagged WHERE article_id=?",
                                 (article_id,)).fetchone()
    return row[0] if row else None


def untagged(store: Store, version: str | None) -> list[str]:
    """Articles not tagged by recogniser `version`; with None, those never tagged at all."""
    other = "" if version is None else "OR t.version != ?"
    with store._lock:
        return [r[0] for r in store.conn.execute(
            "SELECT a.id FROM articles a LEFT JOIN entity_tagged t ON t.article_id = a.id "
            f"WHERE t.version IS NULL {other} ORDER BY a.seq",
            () if version is None else (version,))]


def misplaced_mentions(store: Store) -> list[str]:
    """Articles with a mention whose span does not hold its text (mentions computed against
    other text than the article now has). SQLite's substr counts code points, as Python does."""
    with store._lock:
        return [r[0] for r in store.conn.execute(
            "SELECT DISTINCT m.article_id FROM mentions m "
            "JOIN articles a ON a.id = m.article_id "
            "LEFT JOIN paragraphs p ON p.article_id = m.article_id AND p.idx = m.paragraph "
            "WHERE substr(CASE WHEN m.paragraph = -1 THEN a.title ELSE p.text END, "
            "m.start + 1, m.end - m.start) IS NOT m.text")]


def article_counts(store: Store, entity_ids: list[str]) -> dict[str, int]:
    if not entity_ids:
        return {}
    marks = ",".join("?" * len(entity_ids))
    with store._lock:
        return {r[0]: r[1] for r in store.conn.execute(
            f"SELECT entity_id, COUNT(DISTINCT article_id) FROM mentions "
            f"WHERE entity_id IN ({marks}) GROUP BY entity_id", entity_ids)}


def sharing_articles(store: Store, entity_ids: list[str], *, exclude: str,
                     limit: int) -> list[str]:
    """Articles naming any of `entity_ids` (but `exclude`), those naming most of them first."""
    if not entity_ids:
        return []
    marks = ",".join("?" * len(entity_ids))
    with store._lock:
        return [r[0] for r in store.conn.execute(
            f"SELECT article_id FROM mentions WHERE entity_id IN ({marks}) AND article_id != ? "
            f"GROUP BY article_id ORDER BY COUNT(DISTINCT entity_id) DESC LIMIT ?",
            [*entity_ids, exclude, limit])]


def articles_with(store: Store, entity_id: str, limit: int = 1000) -> list[str]:
    with store._lock:
        return [r[0] for r in store.conn.execute(
            "SELECT article_id FROM mentions WHERE entity_id=? GROUP BY article_id "
            "ORDER BY COUNT(*) DESC LIMIT ?", (entity_id, limit))]


def known_names(store: Store, origin: str | None = None,
                entity_id: str | None = None) -> list[tuple[str, str, str, str]]:
    """(entity_id, type, name, origin) of entities found outside the gazetteer: taught by the
    user ("user") or found by the context rules ("rule"); optionally of one entity only."""
    sql = "SELECT entity_id, type, name, origin FROM entity_names WHERE 1=1"
    args: list[str] = []
    if origin is not None:
        sql += " AND origin=?"
        args.append(origin)
    if entity_id is not None:
        sql += " AND entity_id=?"
        args.append(entity_id)
    with store._lock:
        return [tuple(r) for r in store.conn.execute(sql, args)]


def add_correction(store: Store, kind: str, *, article_id: str | None = None,
                   paragraph: int | None = None, start: int | None = None,
                   end: int | None = None, text: str | None = None, type_: str | None = None,
                   entity_id: str | None = None, target_id: str | None = None) -> int:
    with store._lock, store._tx():
        cur = store.conn.execute(
            "INSERT INTO entity_corrections(kind, article_id, paragraph, start, end, text, type, "
            "entity_id, target_id, at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (kind, article_id, paragraph, start, end, text, type_, entity_id, target_id, _now()))
        if kind in ("add", "retype") and entity_id and text:
            store.conn.execute("INSERT OR REPLACE INTO entity_names(entity_id, type, name, "
                               "origin) VALUES (?,?,?,'user')", (entity_id, type_ or "", text))
        return int(cur.lastrowid)


def corrections(store: Store) -> list[dict]:
    with store._lock:
        cur = store.conn.execute("SELECT * FROM entity_corrections ORDER BY id")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur]


def facets(store: Store, article_ids: list[str], limit: int = 12) -> list[tuple[str, str, int]]:
    """(entity_id, type, articles) of the entities most often named among `article_ids`."""
    if not article_ids:
        return []
    marks = ",".join("?" * len(article_ids))
    with store._lock:
        return [tuple(r) for r in store.conn.execute(
            f"SELECT entity_id, type, COUNT(DISTINCT article_id) AS n FROM mentions "
            f"WHERE article_id IN ({marks}) AND entity_id IS NOT NULL "
            f"GROUP BY entity_id ORDER BY n DESC, COUNT(*) DESC LIMIT ?", [*article_ids, limit])]
