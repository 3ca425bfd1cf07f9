"""Alignment of two reports and their coverage difference.

Similarity of two passages: shared canonical entities (weighted by how rare they are in the
two articles), shared figures and dates (strong: a number rarely repeats by chance), and shared
word sounds across scripts, normalised by the passages' sizes. The alignment is the best
monotonic chain of pairs that may skip passages on either side and join up to three
consecutive ones of one side to one of the other; an aligned pair must clear a minimum
similarity, the rest is "only here". Paragraphs are aligned first (a subhead with the
paragraph it introduces); inside the pairs found, long paragraphs are then aligned sentence
by sentence (`refine.py`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import repeat

from . import units
from .features import ArticleFeatures, ParaFeatures
from .units import merge

MIN_PAIR = 0.12  # below this, two passages are not "the same content"
W_ENTITY, W_FIGURE, W_DATE, W_SOUND = 3.0, 3.0, 2.0, 1.0
BAND_FROM = 1600  # paragraphs left × right above which the band applies
BAND, BAND_MIN = 0.25, 8
SHAPES = ((1, 1), (2, 1), (1, 2), (3, 1), (1, 3))  # units joined on each side of a pair


@dataclass
class Pair:
    left: list[int]  # paragraph indexes
    right: list[int]
    score: float
    left_spans: list[dict] = field(default_factory=list)  # units.span() of each piece
    right_spans: list[dict] = field(default_factory=list)


@dataclass
class Alignment:
    pairs: list[Pair] = field(default_factory=list)
    only_left: list[int] = field(default_factory=list)
    only_right: list[int] = field(default_factory=list)
    only_left_spans: list[dict] = field(default_factory=list)  # inside partly aligned paragraphs
    only_right_spans: list[dict] = field(default_factory=list)


def similarity(a: ParaFeatures, b: ParaFeatures, idf: dict[str, float],
               masses: tuple[tuple[float, float], tuple[float, float]] | None = None) -> float:
    """`masses`: the precomputed idf sums ((a.entities, a.sounds), (b.entities, b.sounds))."""
    (ae, as_), (be, bs) = masses or ((_mass(a.entities, idf), _mass(a.sounds, idf)),
                                     (_mass(b.entities, idf), _mass(b.sounds, idf)))
    num = W_ENTITY * _mass(a.entities & b.entities, idf) + \
        W_SOUND * _mass(a.sounds & b.sounds, idf)
    den = W_ENTITY * math.sqrt(ae * be) + W_SOUND * math.sqrt(as_ * bs)
    for x, y, w in ((a.figures, b.figures, W_FIGURE), (a.dates, b.dates, W_DATE)):
        if x and y:
            num += w * len(x & y)
            den += w * math.sqrt(len(x) * len(y))
    return num / den if den else 0.0


def _mass(x: set, idf: dict[str, float]) -> float:
    return sum(map(idf.get, x, repeat(1.0))) if x else 0.0


def _idf(paras: list[ParaFeatures]) -> dict[str, float]:
    """Rarer within the two articles = more telling (Russia is in every paragraph)."""
    df: dict[str, int] = {}
    for p in paras:
        for k in p.entities | p.sounds:
            df[k] = df.get(k, 0) + 1
    n = len(paras) or 1
    return {k: math.log((n + 1) / d) for k, d in df.items()}


def section_matrix(lu: units.Units, ru: units.Units, idf: dict[str, float]
                   ) -> list[list[float]]:
    """`matrix` of the units, where a section (a subhead and what it introduces) matches as
    well as its best part does: a subhead ("the White House had warned") often names what
    its paragraph only implies, and merging the two would dilute that signal."""
    single = matrix(lu.features, ru.features, idf)
    if lu.sections or ru.sections:
        la = {a: k for k, a in enumerate(sorted({a for u in lu.units for a in u.atoms}))}
        ra = {a: k for k, a in enumerate(sorted({a for u in ru.units for a in u.atoms}))}
        each = matrix([lu.atoms[a] for a in la], [ru.atoms[a] for a in ra], idf)
        lsec = [u for u, a in enumerate(lu.units) if len(a.atoms) > 1]
        rsec = [v for v, b in enumerate(ru.units) if len(b.atoms) > 1]
        for u, v in {(u, v) for u in lsec for v in range(len(ru.units))} | \
                {(u, v) for v in rsec for u in range(len(lu.units))}:
            cells = [each[la[i]][ra[j]] for i in lu.units[u].atoms for j in ru.units[v].atoms]
            single[u][v] = max(single[u][v], *cells)
    return single


def align(left: ArticleFeatures, right: ArticleFeatures, sentences: bool = True) -> Alignment:
    """Align the two articles' sections (a paragraph, with the subhead before it if any),
    then, inside each aligned pair, their sentences where paragraphs are long (`refine.py`).
    With `sentences` False, the paragraph alignment alone."""
    idf = _idf(left.paragraphs + right.paragraphs)
    ls, rs = units.build(left, False), units.build(right, False)
    found = _align_units(ls.features, rs.features, idf, section_matrix(ls, rs, idf))
    lu, ru = ls, rs
    if sentences and any(p.parts for p in left.paragraphs + right.paragraphs):
        from .refine import refine

        lu, ru = units.build(left, True), units.build(right, True)
        found = refine(found, ls, rs, lu, ru, idf)
    lm, only_l, over_l = units.project(left, lu, [p.left for p in found.pairs])
    rm, only_r, over_r = units.project(right, ru, [p.right for p in found.pairs])
    return Alignment(
        pairs=[Pair(sorted({k for k, _s in a}), sorted({k for k, _s in b}), p.score,
                    [units.span(left, m) for m in a], [units.span(right, m) for m in b])
               for p, a, b in zip(found.pairs, lm, rm)],
        only_left=only_l, only_right=only_r, only_left_spans=over_l, only_right_spans=over_r)


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
                 single: list[list[float]], minimum: float = MIN_PAIR) -> Alignment:
    """The best monotonic alignment of units L and R (`single`: their `matrix`): pairs of
    one unit, or up to three consecutive units of one side joined to one of the other, each
    adding (similarity - minimum) minus 0.02 a joined unit; skipping a unit costs nothing."""
    n, m = len(L), len(R)
    parts: dict[tuple, tuple] = {}

    def part(side: list[ParaFeatures], tag: str, k0: int, k1: int) -> tuple:
        key = (tag, k0, k1)
        if key not in parts:
            f = side[k0] if k1 - k0 == 1 else merge(side[k0:k1])
            parts[key] = (f, (_mass(f.entities, idf), _mass(f.sounds, idf)))
        return parts[key]

    # Long pairs are searched within a band around the diagonal: two reports of one event
    # keep their main order, and the full table is quadratic (150 × 150 paragraphs).
    width = max(BAND_MIN, int(BAND * max(n, m))) if n * m > BAND_FROM else n + m

    def in_band(i: int, j: int) -> bool:
        return abs(j - i * m / max(n, 1)) <= width

    # Candidate pairs: one-to-one where the similarity clears the minimum; a join of several
    # units only where one of its parts nearly matches on its own (3/4 of the minimum): on
    # the evaluation set no better alignment needs a weaker start, and it spares most of the
    # merged-similarity computations of a long pair (most cells of a long pair are zero).
    part_min = minimum * 0.75
    blocks: set[tuple[int, int, int, int]] = set()
    for i, row in enumerate(single):
        for j, v in enumerate(row):
            if v < part_min or not in_band(i, j):
                continue
            for di, dj in SHAPES:
                if di == dj == 1 and v < minimum:
                    continue
                for i0 in range(max(0, i - di + 1), min(i, n - di) + 1):
                    for j0 in range(max(0, j - dj + 1), min(j, m - dj) + 1):
                        blocks.add((i0, i0 + di, j0, j0 + dj))
    starting: dict[int, list[tuple]] = {}
    for i0, i1, j0, j1 in blocks:
        if not in_band(i1 - 1, j1 - 1):
            continue
        joined = i1 - i0 + j1 - j0 - 2
        if not joined:
            s = single[i0][j0]
        else:
            (a, ma), (b, mb) = part(L, "l", i0, i1), part(R, "r", j0, j1)
            s = similarity(a, b, idf, (ma, mb))
        bonus = s - minimum - 0.02 * joined  # what the pair adds
        if s >= minimum and bonus > 0:
            starting.setdefault(i0, []).append((i0, i1, j0, j1, s, bonus))
    # The best chain of non-crossing pairs (skipping a unit costs nothing): blocks are taken
    # row by row; `tree` is a Fenwick tree over the end column holding the best chain ending
    # there, so a block starting at (i0, j0) finds the best chain before it in O(log m).
    tree: list[tuple] = [(0.0,)] * (m + 1)
    ending: dict[int, list[tuple]] = {}
    chain: dict[tuple, tuple | None] = {}
    top: tuple = (0.0,)
    for r in range(n + 1):
        for entry in ending.get(r, ()):
            k = entry[3][3]  # j1
            while k <= m:
                if entry > tree[k]:
                    tree[k] = entry
                k += k & -k
        for b in starting.get(r, ()):
            prev: tuple = (0.0,)
            k = b[2]  # j0
            while k > 0:
                if tree[k] > prev:
                    prev = tree[k]
                k -= k & -k
            # ties go to the chain that ends earlier (as the skips of a table would)
            entry = (prev[0] + b[5], -b[1], -b[3], b)
            chain[b] = prev[3] if len(prev) > 1 else None
            ending.setdefault(b[1], []).append(entry)
            if entry > top:
                top = entry
    out = Alignment()
    b = top[3] if len(top) > 1 else None
    while b is not None:
        out.pairs.append(Pair(list(range(b[0], b[1])), list(range(b[2], b[3])), round(b[4], 3)))
        b = chain[b]
    out.pairs.reverse()
    used_l = {i for p in out.pairs for i in p.left}
    used_r = {j for p in out.pairs for j in p.right}
    out.only_left = [i for i in range(n) if i not in used_l]
    out.only_right = [j for j in range(m) if j not in used_r]
    return out


def coverage(left: ArticleFeatures, right: ArticleFeatures, alignment: Alignment) -> dict:
    """Entities in both / only one side; figures in both; figures that disagree (two aligned
    passages give different numbers, or different days of the same month)."""
    le, re_ = set(left.entities), set(right.entities)
    shared_fig = sorted(set(left.figures) & set(right.figures))
    conflicts: list[dict] = []
    for p in alignment.pairs:
        a = merge([units.member_features(left, (d["paragraph"], d["sentence"]))
                   for d in p.left_spans])
        b = merge([units.member_features(right, (d["paragraph"], d["sentence"]))
                   for d in p.right_spans])
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
