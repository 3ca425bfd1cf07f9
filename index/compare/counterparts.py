"""Which other articles report the same event: shared canonical entities weighted by rarity in
the library (Kim Jong Un is common here; Vladivostok or The New York Times much less), shared
figures and dates, publication dates close together, and shared word sounds across scripts.
Articles that merely share the usual names (same people, another event or year) score lower:
their rarer names, figures and dates differ, and a publication date far apart halves the
score."""
from __future__ import annotations

import math
from datetime import date

from .align import similarity
from .features import ArticleFeatures
from .units import merge

W_FIG, W_DATE, W_SOUND = 1.5, 1.5, 2.0


def score(a: ArticleFeatures, b: ArticleFeatures, df: dict[str, int], n_articles: int,
          names: dict[str, str]) -> tuple[float, list[str]]:
    shared = set(a.entities) & set(b.entities)
    idf = {e: math.log(1 + n_articles / max(1, df.get(e, 1))) for e in shared}
    ent = sum(idf.values())
    figs = set(a.figures) & set(b.figures)
    dates = set(a.dates) & set(b.dates)
    sound = similarity(merge(a.paragraphs), merge(b.paragraphs), {})
    total = ent + W_FIG * len(figs) + W_DATE * len(dates) + W_SOUND * sound * 10
    gap = _days_apart(a.date, b.date)
    if gap is not None and gap > 30:
        total *= 0.5
    top = sorted(shared, key=lambda e: -idf[e])[:5]
    evidence = [names.get(e, e) for e in top]
    evidence += [a.figures[v] for v in sorted(figs)[:3]]
    evidence += [a.dates[d] for d in sorted(dates)[:3]]
    if gap is not None:
        evidence.append(f"published {gap} days apart" if gap else "published the same day")
    return round(total, 3), evidence


def _days_apart(x: str | None, y: str | None) -> int | None:
    try:
        if not x or not y or len(x) < 10 or len(y) < 10:
            return None
        return abs((date.fromisoformat(x[:10]) - date.fromisoformat(y[:10])).days)
    except ValueError:
        return None
