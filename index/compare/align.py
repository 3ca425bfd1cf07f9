"""Paragraph alignment of two reports and their coverage difference.

Similarity of two paragraphs: shared canonical entities (weighted by how rare they are in the
two articles), shared figures and dates (strong: a number rarely repeats by chance), and shared
word sounds across scripts, normalised by the paragraphs' sizes. The alignment is the best
monotonic path (dynamic programming) that may skip paragraphs on either side and join two
consecutive paragraphs of one side to one of the other; an aligned pair must clear a minimum
similarity, the rest is "only here".
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from .features import ArticleFeatures, ParaFeatures

MIN_PAIR = 0.12  # below this, two passages are not "the same content"
W_ENTITY, W_FIGURE, W_DATE, W_SOUND = 3.0, 3.0, 2.0, 1.0
BAND_FROM = 1600  # paragraphs left × right above which the band applies
BAND, BAND_MIN = 0.25, 8


@dataclass
class Pair:
    left: list[int]
    right: list[int]
    score: float


@dataclass
class Alignment:
    pairs: list[Pair] = field(default_factory=list)
    only_left: list[int] = field(default_factory=list)
    only_right: list[int] = field(default_factory=list)


def _merge(ps: list[ParaFeatures]) -> ParaFeatures:
    out = ParaFeatures()
    for p in ps:
        out.entities |= p.entities
        out.figures |= p.figures
        out.dates |= p.dates
        out.sounds |= p.sounds
    return out


def similarity(a: ParaFeatures, b: ParaFeatures, idf: dict[str, float],
               masses: tuple[tuple[float, float], tuple[float, float]] | None = None) -> float:
    """`masses`: the precomputed idf sums ((a.entities, a.sounds), (b.entities, b.sounds))."""
    (ae, as_), (be, bs) = masses or ((_mass(a.entities, idf), _mass(a.sounds, idf)),
                                     (_mass(b.entities, idf), _mass(b.sounds, idf)))
    num = den = 0.0
    for x, y, w, mx, my in ((a.entities, b.entities, W_ENTITY, ae, be),
                            (a.sounds, b.sounds, W_SOUND, as_, bs)):
        if x and y:
            num += w * sum(idf.get(e, 1.0) for e in (x & y if len(x) < len(y) else y & x))
        den += w * math.sqrt(mx * my)
    for x, y, w in ((a.figures, b.figures, W_FIGURE), (a.dates, b.dates, W_DATE)):
        if x and y:
            num += w * len(x & y)
        den += w * math.sqrt(len(x) * len(y))
    return num / den if den else 0.0


def _mass(x: set, idf: dict[str, float]) -> float:
    return sum(idf.get(e, 1.0) for e in x)


def _idf(paras: list[ParaFeatures]) -> dict[str, float]:
    """Rarer within the two articles = more telling (Russia is in every paragraph)."""
    df: dict[str, int] = {}
    for p in paras:
        for k in p.entities | p.sounds:
            df[k] = df.get(k, 0) + 1
    n = len(paras) or 1
    return {k: math.log((n + 1) / d) for k, d in df.items()}


def _sections(paras: list[ParaFeatures]) -> tuple[list[ParaFeatures], list[list[int]]]:
    """Units to align: a subhead joined to the paragraph it introduces, other paragraphs
    alone. Returns the units and, for each, its paragraph indexes."""
    units: list[ParaFeatures] = []
    members: list[list[int]] = []
    pending: list[int] = []
    for k, p in enumerate(paras):
        pending.append(k)
        if p.heading:
            continue
        group = [paras[i] for i in pending]
        units.append(group[0] if len(group) == 1 else _merge(group))
        members.append(pending)
        pending = []
    if pending:  # (a subhead is never last, but keep anything left)
        units.append(_merge([paras[i] for i in pending]))
        members.append(pending)
    return units, members


def align(left: ArticleFeatures, right: ArticleFeatures) -> Alignment:
    """Align the two articles' paragraphs, subheads travelling with their sections.

    A section matches as well as its best part does: a subhead ("the White House had
    warned") often names what its paragraph only implies, and merging the two would dilute
    that signal."""
    lu, lm = _sections(left.paragraphs)
    ru, rm = _sections(right.paragraphs)
    idf = _idf(left.paragraphs + right.paragraphs)
    single = matrix(lu, ru, idf)
    if len(lu) < len(left.paragraphs) or len(ru) < len(right.paragraphs):
        each = matrix(left.paragraphs, right.paragraphs, idf)
        for u, us in enumerate(lm):
            for v, vs in enumerate(rm):
                if len(us) > 1 or len(vs) > 1:
                    single[u][v] = max([single[u][v]] + [each[i][j] for i in us for j in vs])
    units = _align_units(lu, ru, idf, single)
    return Alignment(
        pairs=[Pair([i for u in p.left for i in lm[u]], [j for u in p.right for j in rm[u]],
                    p.score) for p in units.pairs],
        only_left=[i for u in units.only_left for i in lm[u]],
        only_right=[j for u in units.only_right for j in rm[u]])


def matrix(L: list[ParaFeatures], R: list[ParaFeatures], idf: dict[str, float]
           ) -> list[list[float]]:
    """`similarity` of every (left, right) paragraph pair, through an inverted index of the
    right side's features: only pairs that share something are scored, and each shared
    feature is visited once. Equal to calling `similarity` on each pair (a test checks), in a
    fraction of the time for long articles, where most pairs share nothing."""
    inv: dict[tuple, list[int]] = {}
    for j, p in enumerate(R):
        for kind, keys in (("e", p.entities), ("s", p.sounds), ("f", p.figures),
                           ("d", p.dates)):
            for k in keys:
                inv.setdefault((kind, k), []).append(j)
    rmass = [(_mass(p.entities, idf), _mass(p.sounds, idf), len(p.figures), len(p.dates))
             for p in R]
    out = [[0.0] * len(R) for _ in L]
    for i, p in enumerate(L):
        num: dict[int, float] = {}
        for kind, keys, w in (("e", p.entities, W_ENTITY), ("s", p.sounds, W_SOUND),
                              ("f", p.figures, W_FIGURE), ("d", p.dates, W_DATE)):
            for k in keys:
                js = inv.get((kind, k))
                if js:
                    add = w * idf.get(k, 1.0) if kind in "es" else w
                    for j in js:
                        num[j] = num.get(j, 0.0) + add
        if not num:
            continue
        me, ms, nf, nd = (_mass(p.entities, idf), _mass(p.sounds, idf), len(p.figures),
                          len(p.dates))
        row = out[i]
        for j, v in num.items():
            re_, rs, rf, rd = rmass[j]
            den = (W_ENTITY * math.sqrt(me * re_) + W_SOUND * math.sqrt(ms * rs)
                   + W_FIGURE * math.sqrt(nf * rf) + W_DATE * math.sqrt(nd * rd))
            row[j] = v / den if den else 0.0
    return out


def _align_units(L: list[ParaFeatures], R: list[ParaFeatures], idf: dict[str, float],
                 single_all: list[list[float]]) -> Alignment:
    n, m = len(L), len(R)
    cache: dict[tuple, float] = {}
    parts: dict[tuple, tuple[ParaFeatures, tuple[float, float]]] = {}

    def part(side: list[ParaFeatures], tag: str, k0: int, k1: int):  # type: ignore[no-untyped-def]
        key = (tag, k0, k1)
        if key not in parts:
            f = side[k0] if k1 - k0 == 1 else _merge(side[k0:k1])
            parts[key] = (f, (_mass(f.entities, idf), _mass(f.sounds, idf)))
        return parts[key]

    def sim(i0: int, i1: int, j0: int, j1: int) -> float:
        key = (i0, i1, j0, j1)
        if key not in cache:
            if i1 - i0 == 1 and j1 - j0 == 1:
                cache[key] = single_all[i0][j0]
            else:
                (a, ma), (b, mb) = part(L, "l", i0, i1), part(R, "r", j0, j1)
                cache[key] = similarity(a, b, idf, (ma, mb))
        return cache[key]

    # one-to-one similarities first; a join of several paragraphs is only tried where one
    # of its parts already resembles the other side (most cells of a long pair are zero)
    # Long pairs are searched within a band around the diagonal: two reports of one event
    # keep their main order, and the full table is quadratic (150 × 150 paragraphs).
    width = max(BAND_MIN, int(BAND * max(n, m))) if n * m > BAND_FROM else n + m

    def in_band(i: int, j: int) -> bool:
        return abs(j - i * m / max(n, 1)) <= width

    single = [[single_all[i][j] if in_band(i, j) else 0.0 for j in range(m)]
              for i in range(n)]
    # a join is tried only where one of its parts nearly matches on its own (3/4 of the
    # minimum): on the evaluation set no better alignment needs a weaker start, and it
    # spares most of the merged-similarity computations of a long pair
    part_min = MIN_PAIR * 0.75

    def worth(i0: int, i1: int, j0: int, j1: int) -> bool:
        if i1 - i0 == 1 and j1 - j0 == 1:
            return single[i0][j0] >= MIN_PAIR
        return any(single[i][j] >= part_min for i in range(i0, i1) for j in range(j0, j1))

    # best[i][j]: best total over L[:i], R[:j]; a pair adds (sim - MIN_PAIR)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options: list[tuple[float, tuple]] = []
            if i > 0:
                options.append((best[i - 1][j], ("skip_left",)))
            if j > 0:
                options.append((best[i][j - 1], ("skip_right",)))
            if not (i and j and in_band(i - 1, j - 1)):
                best[i][j], back[i][j] = max(options, key=lambda o: o[0])
                continue
            for di, dj in ((1, 1), (2, 1), (1, 2), (3, 1), (1, 3)):
                if i >= di and j >= dj and worth(i - di, i, j - dj, j):
                    s = sim(i - di, i, j - dj, j)
                    if s >= MIN_PAIR:
                        bonus = s - MIN_PAIR - 0.02 * (di + dj - 2)
                        options.append((best[i - di][j - dj] + bonus, ("pair", di, dj, s)))
            best[i][j], back[i][j] = max(options, key=lambda o: o[0])
    out = Alignment()
    i, j = n, m
    while i > 0 or j > 0:
        step = back[i][j]
        assert step is not None
        if step[0] == "skip_left":
            out.only_left.append(i - 1)
            i -= 1
        elif step[0] == "skip_right":
            out.only_right.append(j - 1)
            j -= 1
        else:
            _, di, dj, s = step
            out.pairs.append(Pair(list(range(i - di, i)), list(range(j - dj, j)), round(s, 3)))
            i, j = i - di, j - dj
    out.pairs.reverse()
    out.only_left.reverse()
    out.only_right.reverse()
    return out


def coverage(left: ArticleFeatures, right: ArticleFeatures, alignment: Alignment) -> dict:
    """Entities in both / only one side; figures in both; figures that disagree (two aligned
    passages give different numbers, or different days of the same month)."""
    le, re_ = set(left.entities), set(right.entities)
    shared_fig = sorted(set(left.figures) & set(right.figures))
    conflicts: list[dict] = []
    for p in alignment.pairs:
        a = _merge([left.paragraphs[i] for i in p.left])
        b = _merge([right.paragraphs[j] for j in p.right])
        fa, fb = a.figures - b.figures, b.figures - a.figures
        # the same passage giving another figure for the same thing: figures left over on
        # both sides are paired by closeness ("12 dead" / "15 dead", "4 lakh" / "4.2 lakh");
        # a pair more than 3× apart is probably about different things
        used: set[float] = set()
        for x in sorted(fa):
            best = min((y for y in fb if y not in used and x > 0 and y > 0
                        and 1 / 3 <= x / y <= 3), key=lambda y: abs(math.log(x / y)),
                       default=None)
            if best is not None:
                used.add(best)
                conflicts.append({"left": [left.figures[x]], "right": [right.figures[best]],
                                  "pair": [p.left, p.right], "kind": "figure"})
        for da in a.dates:
            for db in b.dates:
                if da != db and da[-5:-3] == db[-5:-3] and len(da) >= 7 and len(db) >= 7 \
                        and da[-2:] != db[-2:] and "-" in da[-3:] and "-" in db[-3:]:
                    conflicts.append({"left": [left.dates[da]], "right": [right.dates[db]],
                                      "pair": [p.left, p.right], "kind": "date"})
    return {"entities": {"shared": sorted(le & re_, key=lambda e: -left.entities[e]),
                         "only_left": sorted(le - re_, key=lambda e: -left.entities[e]),
                         "only_right": sorted(re_ - le, key=lambda e: -right.entities[e])},
            "figures": {"shared": [left.figures[v] for v in shared_fig], "conflicts": conflicts}}
