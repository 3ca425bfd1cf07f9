"""The passages two reports are aligned by, and the way back from passages to paragraphs.

A unit is a short paragraph, or one sentence of a long one (`features.is_long`); a subhead
travels with the unit after it (the first sentence of the paragraph it introduces). The
alignment is computed over units; `project` turns it back into what the JSON promises:
paragraph indexes for each pair and for passages "only here" (a paragraph is only here when
none of it aligned), plus the offsets of the sentences each pair joins and of the sentences
left over inside partly aligned paragraphs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .features import ArticleFeatures, ParaFeatures

Member = tuple[int, int | None]  # (paragraph, sentence), sentence None: the whole paragraph


@dataclass
class Unit:
    features: ParaFeatures
    members: list[Member]
    atoms: list[int] = field(default_factory=list)  # into `Units.atoms`: a section's parts
    size: int = 0  # characters

    @property
    def sentence(self) -> bool:
        """A sentence of a long paragraph (with the subhead before it, if any)."""
        return self.members[-1][1] is not None


@dataclass
class Units:
    units: list[Unit]
    atoms: list[ParaFeatures]  # subheads and pieces, each alone

    @property
    def features(self) -> list[ParaFeatures]:
        return [u.features for u in self.units]

    @property
    def sections(self) -> bool:
        return any(len(u.atoms) > 1 for u in self.units)


def merge(ps: list[ParaFeatures]) -> ParaFeatures:
    out = ParaFeatures()
    for p in ps:
        out.entities |= p.entities
        out.figures |= p.figures
        out.dates |= p.dates
        out.sounds |= p.sounds
    return out


def build(article: ArticleFeatures, sentences: bool = True) -> Units:
    """The article's units, in order. With `sentences` False every paragraph is one piece
    (the paragraph-level alignment, kept for comparison in the evaluation)."""
    units: list[Unit] = []
    atoms: list[ParaFeatures] = []
    pending: list[int] = []  # subheads waiting for their paragraph
    for k, p in enumerate(article.paragraphs):
        if p.heading:
            pending.append(k)
            continue
        pieces: list[tuple[Member, ParaFeatures]] = (
            [((k, s), f) for s, f in enumerate(p.parts)] if sentences and p.parts
            else [((k, None), p)])
        for n, (member, f) in enumerate(pieces):
            heads = [(h, article.paragraphs[h]) for h in pending] if n == 0 else []
            pending = []
            group = [f_ for _h, f_ in heads] + [f]
            ids = list(range(len(atoms), len(atoms) + len(group)))
            atoms += group
            size = sum(article.paragraphs[h].length for h, _f in heads) + (
                p.length if member[1] is None else p.spans[n][1] - p.spans[n][0])
            units.append(Unit(f if len(group) == 1 else merge(group),
                              [(h, None) for h, _f in heads] + [member], ids, size))
    if pending:  # (a subhead is never last, but keep anything left)
        ids = list(range(len(atoms), len(atoms) + len(pending)))
        atoms += [article.paragraphs[h] for h in pending]
        units.append(Unit(merge([article.paragraphs[h] for h in pending]),
                          [(h, None) for h in pending], ids,
                          sum(article.paragraphs[h].length for h in pending)))
    return Units(units, atoms)


def owners(fine: Units, sections: Units) -> list[int]:
    """For each unit of `fine` (sentences), the section of `sections` it lies in."""
    of = {para: k for k, u in enumerate(sections.units) for para, _s in u.members}
    return [of[u.members[-1][0]] for u in fine.units]


def span(article: ArticleFeatures, member: Member) -> dict:
    k, s = member
    p = article.paragraphs[k]
    start, end = (0, p.length) if s is None else p.spans[s]
    return {"paragraph": k, "sentence": s, "start": start, "end": end}


def member_features(article: ArticleFeatures, member: Member) -> ParaFeatures:
    k, s = member
    p = article.paragraphs[k]
    return p if s is None else p.parts[s]


def project(article: ArticleFeatures, units: Units, paired: list[list[int]]
            ) -> tuple[list[list[Member]], list[int], list[dict]]:
    """`paired`: for each aligned pair, its units on this side. Returns each pair's members,
    the paragraphs only this side has (none of them aligned), and the spans of sentences left
    over inside partly aligned paragraphs.

    A subhead whose own unit stayed unaligned joins the pair that holds the first aligned
    sentence of its paragraph: it introduces the whole paragraph."""
    members = [[m for u in us for m in units.units[u].members] for us in paired]
    aligned = {m for ms in members for m in ms}
    first_pair: dict[int, int] = {}
    for k, ms in enumerate(members):
        for para, _s in ms:
            first_pair.setdefault(para, k)
    paras = article.paragraphs
    for para in range(len(paras)):
        if paras[para].heading and (para, None) not in aligned:
            nxt = next((q for q in range(para + 1, len(paras)) if not paras[q].heading), None)
            target = first_pair.get(nxt) if nxt is not None else None
            if target is not None:
                members[target] = sorted(members[target] + [(para, None)],
                                         key=lambda m: (m[0], -1 if m[1] is None else m[1]))
                aligned.add((para, None))
                first_pair[para] = target
    touched = {para for para, _s in aligned}
    only = [k for k in range(len(paras)) if k not in touched]
    leftover = [span(article, m) for u in units.units for m in u.members
                if m[0] in touched and m not in aligned]
    leftover.sort(key=lambda d: (d["paragraph"], d["start"]))
    return members, only, leftover
