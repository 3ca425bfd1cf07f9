"""`akhbar export DIR`: everything in the library as plain files, and importing that back.

A user must always be able to get their data out without Akhbar: the export is JSON Lines and
the original files, readable by any tool.

    DIR/akhbar-export.json   manifest (format, version, counts); written last, so a folder
                             without it is an export that did not finish
    DIR/articles.jsonl       one article per line: metadata, paragraphs (with the lines the
                             user restored), removed boilerplate lines, warnings
    DIR/corrections.jsonl    the user's entity corrections, and names they taught
    DIR/originals/           every imported file, byte for byte, named by its SHA-256
    DIR/README.txt           this layout, for whoever finds the folder

`akhbar import DIR` recognises the manifest and restores: same article ids, same text (user
edits included), originals, corrections; entity mentions and the index are derived again.
Articles already in the library are reported as duplicates, so importing an export twice, or
into the library it came from, changes nothing.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Article, ImportReport, Paragraph, RawDocument, RemovedLine
from .store import entity_store as es
from .text.keyseq import key_text

if TYPE_CHECKING:
    from .importing import IndexBatcher
    from .library import Library

MANIFEST = "akhbar-export.json"
FORMAT = "akhbar-export"
VERSION = 1
Progress = Callable[[int, int, str], None]

README = """This folder is an export of an Akhbar library, readable without Akhbar.

articles.jsonl     one JSON object per line, one per article (UTF-8, text in logical order)
corrections.jsonl  entity corrections the user made, and entity names they taught
originals/         every imported file exactly as it was, named <sha256><suffix>;
                   an article's "original" field names its file
akhbar-export.json counts and the format version

`akhbar import THIS_FOLDER` restores it into a library.
"""


class ExportError(Exception):
    """The export cannot be written (folder not empty, disk full, ...)."""


def _suffix(first_path: str) -> str:
    suffix = Path(first_path).suffix.lower()
    return suffix if suffix.isascii() and 1 < len(suffix) <= 10 and suffix[1:].isalnum() \
        else ".bin"


def export_library(lib: "Library", dest: Path, progress: Progress | None = None) -> dict:
    """Write the export into `dest` (new or empty). Returns the manifest."""
    say = progress or (lambda d, t, c: None)
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ExportError(f"{dest} is not an empty folder; choose a new or empty one")
    (dest / "originals").mkdir(parents=True, exist_ok=True)
    store = lib.store
    ids = [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY seq")]
    originals: dict[str, str] = {}
    with open(dest / "articles.jsonl", "w", encoding="utf-8") as out:
        for n, aid in enumerate(ids):
            row = store.conn.execute(
                "SELECT a.*, o.first_path, o.encoding FROM articles a LEFT JOIN originals o "
                "ON o.sha256 = a.original_sha256 WHERE a.id=?", (aid,)).fetchone()
            article = store.get_article(aid)
            if row is None or article is None:
                continue
            sha = row["original_sha256"]
            if sha and sha not in originals:
                name = sha + _suffix(row["first_path"] or "")
                raw = store.conn.execute("SELECT bytes FROM originals WHERE sha256=?",
                                         (sha,)).fetchone()[0]
                (dest / "originals" / name).write_bytes(bytes(raw))
                originals[sha] = name
            record = {
                "id": aid, "content_hash": row["content_hash"], "title": article.title,
                "lang": article.lang, "date": article.date, "source": article.source,
                "source_url": article.source_url, "section": article.section,
                "keywords": article.keywords, "source_path": article.source_path,
                "record_no": row["record_no"], "imported_at": row["imported_at"],
                "revision": article.revision, "warnings": article.warnings,
                "original": originals.get(sha) if sha else None, "original_sha256": sha,
                "encoding": row["encoding"],
                "paragraphs": [{"text": p.text, "lang": p.lang, "kind": p.kind,
                                "line_no": p.line_no} for p in article.paragraphs],
                "removed": [{"text": r.text, "reason": r.reason, "line_no": r.line_no,
                             "restored": r.restored} for r in article.removed],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            if n % 200 == 0:
                say(n, len(ids), "exporting")
        out.flush()
        os.fsync(out.fileno())
    corrections = es.corrections(store)
    taught = es.known_names(store, origin="user")
    with open(dest / "corrections.jsonl", "w", encoding="utf-8") as out:
        for c in corrections:
            out.write(json.dumps({"record": "correction", **c}, ensure_ascii=False) + "\n")
        for entity_id, type_, name, _origin in taught:
            out.write(json.dumps({"record": "name", "entity_id": entity_id, "type": type_,
                                  "name": name}, ensure_ascii=False) + "\n")
    (dest / "README.txt").write_text(README, "utf-8")
    manifest = {"format": FORMAT, "version": VERSION, "articles": len(ids),
                "originals": len(originals), "corrections": len(corrections),
                "names": len(taught),
                "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    tmp = dest / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=1), "utf-8")
    os.replace(tmp, dest / MANIFEST)
    say(len(ids), len(ids), "")
    return {**manifest, "path": str(dest)}


def is_export(path: Path) -> bool:
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    return (folder / MANIFEST).is_file() and (path.is_dir() or path.name == MANIFEST)


def _records(path: Path) -> Iterator[tuple[int, dict | None, str]]:
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                yield n, rec if isinstance(rec, dict) else None, ""
            except json.JSONDecodeError as e:
                yield n, None, f"the line is cut short or not JSON ({e.msg}, column {e.colno})"


def restore_export(lib: "Library", folder: Path, import_id: int, report: ImportReport,
                   batch: "IndexBatcher", cancel: Callable[[], bool]) -> None:
    """Import an export folder back (the caller holds the library's writer)."""
    from .importing import _tagger, reject
    from .search.backend import IndexDoc

    folder = Path(folder if Path(folder).is_dir() else Path(folder).parent)
    try:
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as e:
        reject(lib, report, import_id, str(folder), None, f"unreadable export manifest: {e}")
        return
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("version"), int) \
            or manifest["version"] > VERSION:
        reject(lib, report, import_id, str(folder), None,
               "an export made by a newer Akhbar, or not an Akhbar export")
        return
    # corrections first, so each article's mentions are computed with them replayed
    _restore_corrections(lib, folder / "corrections.jsonl")
    for n, rec, error in _records(folder / "articles.jsonl"):
        if cancel():
            report.cancelled = True
            return
        label = f"{folder / 'articles.jsonl'} (line {n})"
        try:
            article, chash, raw, encoding = _article_from(rec, folder)
        except (KeyError, TypeError, ValueError, OSError) as e:
            reject(lib, report, import_id, label, None,
                   f"not a valid exported article: {error or e}")
            continue
        dup = lib.store.find_by_content(chash)
        if dup is not None:
            report.duplicates.append({"source_path": label, "id": dup,
                                      "reason": "the same article is already in the library"})
            lib.store.record_item(import_id, label, raw.sha256 if raw else None, "duplicate",
                                  dup, "the same article is already in the library")
            continue
        keys = key_text(article.title, [p.text for p in article.paragraphs])
        aid, seq = lib.store.add_article(
            article, chash=chash, original=raw, encoding=encoding,
            record_no=int(rec.get("record_no") or 0), import_id=import_id, keys=keys,
            article_id=str(rec["id"]), in_tx=_tagger(lib, article))
        report.imported.append({"id": aid, "title": article.title, "lang": article.lang,
                                "source_path": label})
        batch.add(IndexDoc(aid, 1, keys, article.lang, article.date or "",
                           article.source or ""), seq)


def _article_from(rec: dict | None, folder: Path
                  ) -> tuple[Article, str, RawDocument | None, str | None]:
    if rec is None:
        raise ValueError("the line is not a JSON object")
    from .store.store import content_hash

    paragraphs = [Paragraph(text=str(p["text"]), lang=str(p["lang"]),
                            kind=str(p.get("kind") or "body"), line_no=p.get("line_no"))
                  for p in rec["paragraphs"]]
    if not paragraphs or not str(rec["title"]).strip():
        raise ValueError("no title or no paragraphs")
    removed = [RemovedLine(text=str(r["text"]), reason=str(r["reason"]),
                           line_no=int(r["line_no"]), restored=bool(r.get("restored")))
               for r in rec.get("removed") or []]
    article = Article(title=str(rec["title"]), lang=str(rec["lang"]), paragraphs=paragraphs,
                      removed=removed, date=rec.get("date"), source=rec.get("source"),
                      source_url=rec.get("source_url"), section=rec.get("section"),
                      keywords=list(rec.get("keywords") or []),
                      source_path=str(rec.get("source_path") or ""),
                      warnings=list(rec.get("warnings") or []))
    raw = None
    if rec.get("original"):
        path = folder / "originals" / Path(str(rec["original"])).name
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        if rec.get("original_sha256") and sha != rec["original_sha256"]:
            raise ValueError(f"original file {path.name} is damaged (checksum differs)")
        raw = RawDocument(source_path=article.source_path, raw=data, sha256=sha)
    chash = str(rec.get("content_hash") or
                content_hash(article.title, [p.text for p in paragraphs]))
    return article, chash, raw, rec.get("encoding")


def _restore_corrections(lib: "Library", path: Path) -> None:
    if not path.is_file():
        return
    have = {(c["kind"], c["article_id"], c["paragraph"], c["start"], c["end"], c["text"],
             c["type"], c["entity_id"], c["target_id"]) for c in es.corrections(lib.store)}
    added = False
    for _n, rec, _error in _records(path):
        if rec is None:
            continue
        if rec.get("record") == "name" and rec.get("entity_id") and rec.get("name"):
            with lib.store._lock:
                lib.store.conn.execute(
                    "INSERT OR REPLACE INTO entity_names(entity_id, type, name, origin) "
                    "VALUES (?,?,?,'user')", (rec["entity_id"], rec.get("type") or "",
                                              rec["name"]))
            added = True
        elif rec.get("record") == "correction" and rec.get("kind") in (
                "reject", "retype", "add", "merge"):
            key = tuple(rec.get(k) for k in ("kind", "article_id", "paragraph", "start", "end",
                                             "text", "type", "entity_id", "target_id"))
            if key in have:
                continue
            es.add_correction(lib.store, rec["kind"], article_id=rec.get("article_id"),
                              paragraph=rec.get("paragraph"), start=rec.get("start"),
                              end=rec.get("end"), text=rec.get("text"),
                              type_=rec.get("type"), entity_id=rec.get("entity_id"),
                              target_id=rec.get("target_id"))
            have.add(key)
            added = True
    if added:
        lib.entities.invalidate()
