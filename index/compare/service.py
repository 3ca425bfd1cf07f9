"""The library's comparison front: counterparts of an article and the comparison of two."""
from __future__ import annotations

from ..entities.service import EntityService
from ..store import entity_store as es
from ..store.store import Store
from .align import align, coverage
from .counterparts import score
from .features import ArticleFeatures, article_features

MAX_CANDIDATES = 400


class CompareService:
    def __init__(self, store: Store, entities: EntityService):
        self.store = store
        self.entities = entities

    def features(self, article_id: str) -> ArticleFeatures | None:
        art = self.store.get_article(article_id)
        if art is None:
            return None
        return article_features(art.id, art.lang, art.date, [p.text for p in art.paragraphs],
                                self.entities.mentions(art.id))

    def counterparts(self, article_id: str, limit: int = 10) -> list[dict]:
        """Other articles, best first, with a score and the evidence for it."""
        a = self.features(article_id)
        if a is None or not a.entities:
            return []
        ids = list(a.entities)
        df = es.article_counts(self.store, ids)
        cands = es.sharing_articles(self.store, ids, exclude=article_id, limit=MAX_CANDIDATES)
        n = self.store.count()
        names = {}
        for e in ids:
            ent = self.entities.entity(e)
            names[e] = (ent.name("en") or ent.name("ur") or ent.name("hi")) if ent else e
        rows = self.store.rows(cands)
        out = []
        for cid in cands:
            b = self.features(cid)
            row = rows.get(cid)
            if b is None or row is None:
                continue
            s, evidence = score(a, b, df, n, names)
            out.append({"id": cid, "title": row.title, "lang": row.lang, "date": row.date,
                        "score": s, "evidence": evidence})
        out.sort(key=lambda r: -r["score"])
        return out[:limit]

    def compare(self, left_id: str, right_id: str) -> dict | None:
        a, b = self.features(left_id), self.features(right_id)
        if a is None or b is None:
            return None
        al = align(a, b)
        cov = coverage(a, b, al)
        return {"left": left_id, "right": right_id,
                "pairs": [{"left": p.left, "right": p.right, "score": p.score,
                           "left_spans": p.left_spans, "right_spans": p.right_spans}
                          for p in al.pairs],
                "only_left": al.only_left, "only_right": al.only_right,
                "only_left_spans": al.only_left_spans, "only_right_spans": al.only_right_spans,
                **cov}
