"""Entities for one library: the gazetteer (built lazily: CLDR, the curated file, and the names
this library found or was taught), tagging articles, user corrections, entity lookup, and
query expansion so a name typed in any script finds every spelling of that entity.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from ..store import entity_store as es
from ..store.store import Store
from ..text.normalize import normalize
from .gazetteer import Entity, Gazetteer, alias_key, build_gazetteer, script_of
from .recognise import Mention, Recogniser, local_id

SURFACE_SAMPLE = 2000
RECOGNISER_VERSION = "2"  # bump when recognition changes: stored mentions are redone


class EntityService:
    def __init__(self, store: Store, curated: Path | None):
        self.store = store
        self.curated = curated
        self._g: Gazetteer | None = None
        self._rec: Recogniser | None = None
        self._lock = threading.RLock()
        self._rejected: set[str] = set()
        self._merged: dict[str, str] = {}
        self._by_article: dict[str, list[dict]] = {}  # corrections, by article
        self._surfaces: dict[str, list[str]] = {}  # entity id -> spellings used, cached
        self._counts: dict[str, int] = {}  # entity id -> articles naming it, cached

    # ----------------------------------------------------------------- gazetteer
    @property
    def gazetteer(self) -> Gazetteer:
        with self._lock:
            if self._g is None:
                self._load()
            assert self._g is not None
            return self._g

    def _load(self) -> None:
        # Only what users taught joins the gazetteer: names the rules found are found again by
        # the rules (and linked by their phonetic id); loading them all would make every
        # start-up pay for them (30,000 on a 10k-article benchmark library).
        extra: dict[str, Entity] = {}
        for eid, type_, name, origin in es.known_names(self.store, origin="user"):
            e = extra.setdefault(eid, Entity(eid, type_ or "PERSON", {}, set(), origin))
            e.names.setdefault(script_of(name), []).append(name)
        g = build_gazetteer(self.curated, extra.values())
        self._rejected, self._merged, self._by_article = set(), {}, {}
        for c in es.corrections(self.store):
            if c["article_id"]:
                self._by_article.setdefault(c["article_id"], []).append(c)
            if c["kind"] == "reject" and c["text"]:
                key = alias_key(c["text"])
                for eid in g.lookup(key):  # a wrong tag: from now on it needs evidence
                    g.entities[eid].ambiguous.add(" ".join(key))
                if c["entity_id"] and c["entity_id"].startswith("local_"):
                    self._rejected.add(normalize(c["text"]))
            elif c["kind"] == "merge" and c["entity_id"] and c["target_id"]:
                self._merged[c["entity_id"]] = c["target_id"]
                src = g.get(c["entity_id"])
                if src is not None and c["target_id"] in g.entities:
                    for name in src.all_names():
                        g.add_alias(c["target_id"], name)
        self._g = g
        self._rec = Recogniser(g, rejected=lambda key: key in self._rejected)

    @property
    def version(self) -> str:
        return f"{RECOGNISER_VERSION}:{self.gazetteer.version}"

    def invalidate(self) -> None:
        with self._lock:
            self._g = None
            self._surfaces = {}
            self._counts = {}

    # ----------------------------------------------------------------- tagging
    def tag_text(self, text: str) -> list[Mention]:
        self.gazetteer
        assert self._rec is not None
        return [self._canonical(m) for m in self._rec.tag(text)]

    def recogniser(self) -> tuple[Recogniser, frozenset[str]]:
        """The recogniser and the names users untagged: what an import's worker processes
        need to recognise exactly as `compute` does (see `index.prepare`)."""
        self.gazetteer
        assert self._rec is not None
        return self._rec, frozenset(self._rejected)

    def compute(self, article_id: str, title: str, paragraphs: list[str]) -> list[Mention]:
        """Recognise, then replay this article's corrections over the result."""
        self.gazetteer
        assert self._rec is not None
        return self.finish(article_id, self._rec.tag_article(title, paragraphs))

    def finish(self, article_id: str, recognised: list[Mention]) -> list[Mention]:
        """The recogniser's mentions of an article made canonical (merged entities) and with
        the article's corrections replayed over them."""
        self.gazetteer
        found = [self._canonical(m) for m in recognised]
        by_pos = {(m.paragraph, m.start): m for m in found}
        for c in self._by_article.get(article_id, []):
            pos = (c["paragraph"], c["start"])
            if c["kind"] == "reject":
                by_pos.pop(pos, None)
            elif c["kind"] in ("retype", "add"):
                for p in [p for p in by_pos if p[0] == pos[0] and _overlap(by_pos[p], c)]:
                    by_pos.pop(p)
                by_pos[pos] = Mention(c["paragraph"], c["start"], c["end"], c["text"], c["type"],
                                      self._merged.get(c["entity_id"], c["entity_id"]), "user")
        return sorted(by_pos.values(), key=lambda m: (m.paragraph, m.start))

    def _canonical(self, m: Mention) -> Mention:
        if m.entity_id in self._merged:
            m.entity_id = self._merged[m.entity_id]
        return m

    def store_for(self, article_id: str, title: str, paragraphs: list[str]) -> list[Mention]:
        mentions = self.compute(article_id, title, paragraphs)
        es.save_mentions(self.store, article_id, mentions, self.version)
        return mentions

    def mentions(self, article_id: str) -> list[Mention]:
        """Stored mentions, (re)computed first if missing or made by another version."""
        if es.tagged_version(self.store, article_id) == self.version:
            return es.mentions(self.store, article_id) or []
        article = self.store.get_article(article_id)
        if article is None:
            return []
        return self.store_for(article_id, article.title, [p.text for p in article.paragraphs])

    def tag_all(self, progress: Callable[[int, int, str], None] | None = None,
                cancel: Callable[[], bool] | None = None) -> int:
        todo = es.untagged(self.store, self.version)
        for i, aid in enumerate(todo):
            if cancel is not None and cancel():
                break
            self.mentions(aid)
            if progress is not None and (i % 100 == 0 or i + 1 == len(todo)):
                progress(i + 1, len(todo), "entities")
        return len(todo)

    # ----------------------------------------------------------------- lookup
    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id: from the gazetteer, or (found by the rules) from the names
        this library stored for it."""
        eid = self._merged.get(entity_id, entity_id)
        e = self.gazetteer.get(eid)
        if e is None:
            rows = es.known_names(self.store, entity_id=eid)
            if rows:
                e = Entity(eid, rows[0][1], {}, set(), "local")
                for _eid, _type, name, _origin in rows:
                    e.names.setdefault(script_of(name), []).append(name)
        return e

    def describe(self, entity_id: str) -> dict:
        e = self.entity(entity_id)
        count = self._counts.get(entity_id)
        if count is None:  # (a hover asks this; counting Russia's articles is not free)
            count = self._counts[entity_id] = es.article_counts(
                self.store, [entity_id]).get(entity_id, 0)
        if e is None:
            return {"entity_id": entity_id, "type": "", "name": {}, "aliases": [],
                    "articles": count}
        return {"entity_id": e.id, "type": e.type, "name": e.display(),
                "aliases": e.all_names(), "articles": count}

    def find(self, name: str) -> list[Entity]:
        text = name.strip()
        if not text:
            return []
        if text in self.gazetteer.entities:
            return [self.gazetteer.entities[text]]
        return self.gazetteer.find(text)

    def surface_forms(self, entity_id: str, limit: int = 40) -> list[str]:
        """How this library's articles actually write the entity (spellings the gazetteer
        may lack, found by the phonetic layer or taught by corrections)."""
        cached = self._surfaces.get(entity_id)
        if cached is not None:
            return cached
        # counted over a sample of its mentions: Russia has millions in a large library
        with self.store._lock:
            forms = [r[0] for r in self.store.conn.execute(
                "SELECT text FROM (SELECT text FROM mentions WHERE entity_id=? LIMIT ?) "
                "GROUP BY text ORDER BY COUNT(*) DESC LIMIT ?",
                (entity_id, SURFACE_SAMPLE, limit))]
        if len(self._surfaces) > 5000:
            self._surfaces.clear()
        self._surfaces[entity_id] = forms
        return forms

    def articles_with(self, entity_id: str, limit: int = 1000) -> list[str]:
        return es.articles_with(self.store, self._merged.get(entity_id, entity_id), limit)

    def facets(self, article_ids: list[str], limit: int = 12) -> list[dict]:
        """The entities most named among some articles (a search's hits), with names."""
        out = []
        for eid, type_, n in es.facets(self.store, article_ids, limit):
            e = self.entity(eid)
            name = e.display() if e is not None else {}
            out.append({"entity_id": eid, "type": type_, "name": name, "articles": n})
        return out

    # ----------------------------------------------------------------- corrections
    def correct(self, kind: str, article_id: str, paragraph: int | None = None,
                start: int | None = None, end: int | None = None, *, text: str | None = None,
                type_: str | None = None, entity_id: str | None = None,
                name: str | None = None, target_id: str | None = None) -> list[Mention]:
        """Record a correction and re-tag the articles it touches. `name`: for add/retype,
        the canonical name to link to (found in any script, or a new entity)."""
        if kind in ("add", "retype") and entity_id is None and type_ in ("PERSON", "PLACE", "ORG"):
            found = self.find(name or text or "")
            entity_id = found[0].id if found else local_id(type_, name or text or "")
        es.add_correction(self.store, kind, article_id=article_id, paragraph=paragraph,
                          start=start, end=end, text=text, type_=type_, entity_id=entity_id,
                          target_id=target_id)
        self.invalidate()
        touched = {article_id} if article_id else set()
        if kind == "merge" and entity_id:
            touched |= set(es.articles_with(self.store, entity_id, 100_000))
        for aid in touched:
            article = self.store.get_article(aid)
            if article is not None:
                self.store_for(aid, article.title, [p.text for p in article.paragraphs])
        return self.mentions(article_id) if article_id else []


def _overlap(m: Mention, c: dict) -> bool:
    return m.start < c["end"] and c["start"] < m.end
