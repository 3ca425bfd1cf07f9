"""Sentence level inside aligned paragraphs.

The paragraph alignment (`align.py`) decides which passages correspond: over whole
paragraphs, names, figures and word sounds add up to usable evidence. A single sentence
carries only a few of them, too few to place it anywhere in the other article (tried first:
aligning the sentences of both articles directly found the evaluation's sentence links less
well than whole paragraphs do, F1 0.18-0.30 against 0.36, and lost paragraph links). So
sentences are placed where the choice is small:

1. *Only here:* a sentence of a long paragraph that does not reach the minimum similarity
   against the whole counterpart passage leaves the pair ("officials declined to describe
   the two leaders' relationship", next to a paragraph on their letters).
2. *Split:* the rest of a pair is cut into consecutive blocks that match each other and not
   their neighbours across (a long Urdu paragraph whose first half is one Hindi paragraph
   and second half the next becomes two pairs).
3. *Leftovers:* between two consecutive pairs, what is left on both sides (sentences taken
   out of a pair, passages no pair took) is aligned again, unit by unit, with a higher
   minimum: it is weaker evidence that the paragraph alignment passed over.
"""
from __future__ import annotations

from .align import MIN_PAIR, Alignment, Pair, _align_units, section_matrix, similarity
from .features import ParaFeatures
from .units import Units, merge, owners

ONLY_BELOW = MIN_PAIR  # a sentence this unlike its counterpart passage is "only here"
MAX_UNITS = 6  # units a side above which a pair is not split (quartic: 6 × 6 takes ~7 ms)
# A link among the leftovers, between passages the paragraph alignment passed over, must be
# this similar (on the evaluation set 0.15-0.20 give the same result; 0.12 let through
# "the US warned a year ago" ↔ "America has already warned", two different warnings).
GAP_MIN = 1.5 * MIN_PAIR


def refine(found: Alignment, ls: Units, rs: Units, lu: Units, ru: Units,
           idf: dict[str, float]) -> Alignment:
    """`found` aligns sections of `ls`/`rs`; the result aligns units of `lu`/`ru`."""
    lo, ro = owners(lu, ls), owners(ru, rs)
    by_l: dict[int, list[int]] = {}
    by_r: dict[int, list[int]] = {}
    for u, k in enumerate(lo):
        by_l.setdefault(k, []).append(u)
    for v, k in enumerate(ro):
        by_r.setdefault(k, []).append(v)
    out = Alignment()
    for p in found.pairs:
        L = [u for k in p.left for u in by_l[k]]
        R = [v for k in p.right for v in by_r[k]]
        if len(L) == 1 and len(R) == 1:
            out.pairs.append(Pair(L, R, p.score))
            continue
        L, R = _only_here(L, R, lu, ru, idf)
        out.pairs += _split(L, R, lu, ru, idf, p.score)
    out.pairs = _fill_gaps(out.pairs, lu, ru, idf)
    return out


def _fill_gaps(pairs: list[Pair], lu: Units, ru: Units, idf: dict[str, float]) -> list[Pair]:
    """Units left over between two consecutive pairs (sentences taken out of a pair, and
    passages the paragraph alignment left alone) may still match each other."""
    out: list[Pair] = []
    bounds = [(-1, -1)] + [(p.left[0], p.right[0]) for p in pairs] + \
        [(len(lu.units), len(ru.units))]
    ends = [(-1, -1)] + [(p.left[-1], p.right[-1]) for p in pairs]
    used_l = {u for p in pairs for u in p.left}
    used_r = {v for p in pairs for v in p.right}
    for k, ((i0, j0), (i1, j1)) in enumerate(zip(ends, bounds[1:])):
        L = [u for u in range(i0 + 1, i1) if u not in used_l]
        R = [v for v in range(j0 + 1, j1) if v not in used_r]
        if L and R:
            sub_l = Units([lu.units[u] for u in L], lu.atoms)
            sub_r = Units([ru.units[v] for v in R], ru.atoms)
            found = _align_units(sub_l.features, sub_r.features, idf,
                                 section_matrix(sub_l, sub_r, idf), GAP_MIN)
            out += [Pair([L[u] for u in p.left], [R[v] for v in p.right], p.score)
                    for p in found.pairs]
        if k < len(pairs):
            out.append(pairs[k])
    return out


def _only_here(L: list[int], R: list[int], lu: Units, ru: Units, idf: dict[str, float]
               ) -> tuple[list[int], list[int]]:
    whole_l = merge([lu.units[u].features for u in L])
    whole_r = merge([ru.units[v].features for v in R])
    keep_l = [u for u in L if not lu.units[u].sentence
              or similarity(lu.units[u].features, whole_r, idf) >= ONLY_BELOW]
    keep_r = [v for v in R if not ru.units[v].sentence
              or similarity(whole_l, ru.units[v].features, idf) >= ONLY_BELOW]
    return keep_l or L, keep_r or R


def _split(L: list[int], R: list[int], lu: Units, ru: Units, idf: dict[str, float],
           score: float) -> list[Pair]:
    """The finest cut of L × R into consecutive blocks that match each other (similarity at
    least MIN_PAIR) and not their neighbours across (below it): where the evidence of a pair
    lies block by block, as when one long paragraph tells what two of the other report
    tell. Among cuts into as many blocks, the one whose blocks match best (by size)."""
    n, m = len(L), len(R)
    if n == 1 or m == 1 or n > MAX_UNITS or m > MAX_UNITS:
        return [Pair(L, R, score)]
    size_l = sum(lu.units[u].size for u in L) or 1
    size_r = sum(ru.units[v].size for v in R) or 1
    merged_l: dict[tuple[int, int], ParaFeatures] = {}
    merged_r: dict[tuple[int, int], ParaFeatures] = {}
    sims: dict[tuple[int, int, int, int], float] = {}

    def sim(i0: int, i1: int, j0: int, j1: int) -> float:
        key = (i0, i1, j0, j1)
        if key not in sims:
            if (i0, i1) not in merged_l:
                merged_l[i0, i1] = merge([lu.units[u].features for u in L[i0:i1]])
            if (j0, j1) not in merged_r:
                merged_r[j0, j1] = merge([ru.units[v].features for v in R[j0:j1]])
            sims[key] = similarity(merged_l[i0, i1], merged_r[j0, j1], idf)
        return sims[key]

    def share(i0: int, i1: int, j0: int, j1: int) -> float:
        return (sum(lu.units[u].size for u in L[i0:i1]) / size_l
                + sum(ru.units[v].size for v in R[j0:j1]) / size_r) / 2

    # best[block]: (blocks, size-weighted similarity) of the best cut of L[:i1] × R[:j1]
    # whose last block is `block`; blocks are visited in order of their end
    best: dict[tuple, tuple[int, float, tuple | None]] = {}
    ending: dict[tuple[int, int], list[tuple]] = {}
    for i1 in range(1, n + 1):
        for j1 in range(1, m + 1):
            for i0 in range(i1):
                for j0 in range(j1):
                    s = sim(i0, i1, j0, j1)
                    if s < MIN_PAIR:
                        continue
                    gain = share(i0, i1, j0, j1) * s
                    if i0 == j0 == 0:
                        cand: tuple[int, float, tuple | None] = (1, gain, None)
                    else:
                        cand = (0, 0.0, None)
                        for prev in ending.get((i0, j0), ()):
                            p0, _p1, q0, _q1 = prev
                            # neighbours must not match across
                            if sim(p0, i0, j0, j1) >= MIN_PAIR or sim(i0, i1, q0, j0) >= MIN_PAIR:
                                continue
                            c, w, _b = best[prev]
                            if (c + 1, w + gain) > cand[:2]:
                                cand = (c + 1, w + gain, prev)
                        if not cand[0]:
                            continue
                    block = (i0, i1, j0, j1)
                    best[block] = cand
                    ending.setdefault((i1, j1), []).append(block)
    last = max(ending.get((n, m), ()), key=lambda b: best[b][:2], default=None)
    if last is None or best[last][0] < 2:
        return [Pair(L, R, score)]
    blocks: list[Pair] = []
    while last is not None:
        i0, i1, j0, j1 = last
        blocks.append(Pair(L[i0:i1], R[j0:j1], round(sim(i0, i1, j0, j1), 3)))
        last = best[last][2]
    return blocks[::-1]
