"""The layered recogniser: gazetteer longest-match, context rules, evidence for ambiguous
names, DATE/NUMBER patterns, and linking of new names to canonical entities.

Mentions carry code-point offsets into the paragraph text exactly as stored (paragraph -1 is
the title), so highlights land on the right letters in both scripts.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from itertools import accumulate, compress

from ..model import compact_pickle
from ..text.memo import Memo
from ..text.normalize import NORMS, normalize
from ..text.tokenize import split_words
from .cues import (COMMON_WORDS, MAX_TITLE_WORDS, ORG_CLOSERS, ORG_OPENERS, STOPWORDS,
                   TITLE_ALL_WORDS, TITLE_FIRST_WORDS, TITLE_PHRASES, TITLE_WORDS)
from .gazetteer import Gazetteer
from .phonetic import phonetic_key, word_key
from .quantities import find_quantities

MAX_NAME_WORDS = 3



# words are "joined" when only spaces or a hyphen separate them ("Kim Jong-un")
_JOINS = Memo(lambda gap: not gap.strip(" \t\n-\u2010\u2011\u200c"), 10_000)


@dataclass
class _Text:
    """A paragraph split once for both passes: its words as written, their offsets, their
    normal forms, whether each is joined to the next, and its DATE/NUMBER spans."""

    text: str
    words: list[str]
    starts: list[int]
    ends: list[int]
    norms: list[str]
    joined: list[bool]
    quantities: list[tuple[int, int, str]]
    starts_of_names: list[int] | None = None  # (Recogniser._starts, asked by both passes)
    names_at: dict[int, list] = field(default_factory=dict)  # (Recogniser._names_at)


def _split(text: str) -> _Text:
    # (offsets from the parts' lengths: several times cheaper than a match object a word)
    parts = split_words(text)  # separator, word, separator, …, separator
    words = parts[1::2]
    offsets = list(accumulate(map(len, parts)))
    norms = list(map(NORMS.__getitem__, words))
    joined = list(map(_JOINS.__getitem__, parts[2:-1:2]))
    joined.append(False)
    return _Text(text, words, offsets[0:-1:2], offsets[1::2], norms, joined,
                 find_quantities(norms, joined))


@compact_pickle
@dataclass
class Mention:
    paragraph: int
    start: int
    end: int
    text: str
    type: str
    entity_id: str | None
    how: str = "gazetteer"  # gazetteer | rule | pattern | user

    def as_json(self) -> dict:
        return asdict(self)


def local_id(type_: str, name: str) -> str:
    """Id of an entity found by the rules only: its phonetic key, so the same name written in
    Urdu, Hindi or Latin gets the same id in every article without a lookup."""
    return f"local_{type_.lower()}_{phonetic_key(name) or normalize(name).replace(' ', '_')}"


class Recogniser:
    """Tags text with entity mentions using `gazetteer` (read-only here)."""

    def __init__(self, gazetteer: Gazetteer,
                 rejected: Callable[[str], bool] | None = None):
        self.g = gazetteer
        self.rejected = rejected or (lambda key: False)
        self._links: dict[tuple[str, str], str] = {}
        first = gazetteer.first
        # normal form -> whether a name can start with it (it begins an alias, not a stopword)
        self._starters = Memo(lambda w: w in first and w not in STOPWORDS)
        self._ambiguous = Memo(self._is_ambiguous)  # alias key -> needs evidence
        # the phonetic layer's look-ups (the gazetteer does not change under a recogniser)
        self._phonetic_one = Memo(self._phonetic_match)
        self._key_first = Memo(lambda w: word_key(w, True))
        self._key_next = Memo(lambda w: word_key(w, False))
        # phonetic keys long enough to trust (≥ 5 consonants) that name exactly one entity
        self._unique_keys = {k: ids[0] for k, ids in gazetteer.by_phonetic.items()
                             if len(k) >= 5 and len(ids) == 1}
        # every start of such a key (the only keys the phonetic layer takes): a two-word key
        # begins with its first word's key, so a word whose key starts none is passed over
        self._key_heads = {k[:i] for k in self._unique_keys for i in range(len(k) + 1)}
        # normal form -> whether a phonetic match can start with it (its key starts a key)
        self._phonetic_possible = Memo(lambda w: self._key_first[w] in self._key_heads)
        # surface word -> whether the phonetic layer looks at it (see _phonetic)
        self._phonetic_candidate = Memo(lambda w: _NAME_LIKE[w] and len(NORMS[w]) >= 3
                                        and self._phonetic_possible[NORMS[w]])

    # ----------------------------------------------------------------- public
    def tag_article(self, title: str, paragraphs: list[str]) -> list[Mention]:
        """Mentions in the title (paragraph -1) and every paragraph. Two passes: the first
        collects the entities named unambiguously, which are the evidence that lets a bare
        "Kim" or "کم" after a title be linked in the second."""
        texts = [(-1, _split(title))] + [(i, _split(p)) for i, p in enumerate(paragraphs)]
        seen: list[str] = []
        for _, text in texts:
            seen.extend(self._evidence(text))
        out: list[Mention] = []
        for idx, text in texts:
            out.extend(self._tag(text, idx, seen=seen))
        return out

    def tag(self, text: str) -> list[Mention]:
        split = _split(text)
        return self._tag(split, 0, seen=self._evidence(split))

    def _evidence(self, split: _Text) -> list[str]:
        """The first pass: ids of the entities named unambiguously, in text order. The same
        longest-match walk as `_tag(seen=None)` without building mentions (tagging is a third
        of an import's time; this pass was half of it)."""
        norms = split.norms
        n = len(norms)
        taken = [False] * n
        for i, j, _ in split.quantities:
            taken[i:j] = [True] * (j - i)
        out: list[str] = []
        after = 0  # words before this are inside a name already found
        for i in self._starts(split):
            if i < after or taken[i]:
                continue
            found = self._longest(split, taken, i, None)
            if not found:
                continue
            j, eid, _ = found
            taken[i:j] = [True] * (j - i)
            if not self.rejected(NORMS[split.text[split.starts[i]:split.ends[j - 1]]]):
                out.append(eid)
            after = j
        return out

    def _starts(self, split: _Text) -> list[int]:
        """Indexes of the words that begin some alias: the only places a gazetteer name can
        start (most words do not, and asking `_longest` at each was a fifth of tagging)."""
        if split.starts_of_names is None:
            norms = split.norms
            split.starts_of_names = list(compress(range(len(norms)),
                                                  map(self._starters.__getitem__, norms)))
        return split.starts_of_names

    # ----------------------------------------------------------------- one text
    def _tag(self, split: _Text, paragraph: int, seen: list[str] | None) -> list[Mention]:
        text, words, norms, joined = split.text, split.words, split.norms, split.joined
        if not words:
            return []
        n = len(words)
        taken = [False] * n
        spans: list[tuple[int, int, str, str | None, str]] = []

        def take(i: int, j: int, type_: str, eid: str | None, how: str) -> None:
            spans.append((i, j, type_, eid, how))
            for k in range(i, j):
                taken[k] = True

        for i, j, type_ in split.quantities:
            take(i, j, type_, None, "pattern")

        for i in self._starts(split):
            if taken[i]:  # (also every word of a name taken just before)
                continue
            found = self._longest(split, taken, i, seen)
            if found:
                j, eid, type_ = found
                take(i, j, type_, eid, "gazetteer")

        if seen is not None:  # (the first pass only collects evidence)
            like = list(map(_NAME_LIKE.__getitem__, words))
            self._phonetic(split, taken, like, take)
            self._person_rules(norms, joined, taken, like, take)
            self._org_rules(norms, joined, taken, like, take)

        out = []
        for i, j, type_, eid, how in sorted(spans):
            s, e = split.starts[i], split.ends[j - 1]
            surface = text[s:e]
            if how == "rule":
                eid = self._link(surface, type_)
            out.append(Mention(paragraph, s, e, surface, type_, eid, how))
        return [m for m in out if not self.rejected(NORMS[m.text])]

    def _longest(self, split: _Text, taken: list[bool], i: int, seen):  # type: ignore[no-untyped-def]
        """(end, entity id, type) of the longest gazetteer name starting at word i (one of
        `_starts`), or None."""
        names = self._names_at(split, i)
        if not names:
            return None
        k = i  # words taken by an earlier name end the stretch
        top = names[0][0]
        while k < top and not taken[k]:
            k += 1
        norms, words = split.norms, split.words
        for j, key, ids in names:
            if j > k:
                continue
            surface = words[i]
            if j == i + 1 and surface.isascii() and len(surface) <= 3 and not surface.isupper():
                continue  # "un", "us", "aap": acronyms only in capitals
            eid = self._choose(ids, key, norms, i, seen)
            if eid is None:
                continue
            if j == i + 1 and self._other_person_after_title(norms, split.joined, taken,
                                                             words, i, eid):
                continue
            return j, eid, self.g.entities[eid].type
        return None

    def _names_at(self, split: _Text, i: int) -> list[tuple[int, tuple[str, ...], list[str]]]:
        """(end, alias key, entity ids) of every gazetteer alias the words from i spell,
        longest first, within a run of words joined by spaces. Kept with the paragraph:
        both passes ask it at each start."""
        cache = split.names_at
        names = cache.get(i)
        if names is None:
            norms, joined = split.norms, split.joined
            stop = i + min(self.g.first[norms[i]], len(norms) - i)
            k = i + 1
            while k < stop and joined[k - 1]:
                k += 1
            index = self.g.index
            names = cache[i] = [(j, key, ids) for j in range(k, i, -1)
                                if (ids := index.get(key := tuple(norms[i:j])))]
        return names

    def _other_person_after_title(self, norms, joined, taken, words, i, eid) -> bool:  # type: ignore[no-untyped-def]
        """"वित्त मंत्री असद रहमानी": after a title, a one-word surname alias (Assad) followed
        by a further unknown name word is a first name of someone else; the title rule takes
        the whole name."""
        if self.g.entities[eid].type != "PERSON" or i == 0:
            return False
        titled = any(_title_end(norms, joined, k) == i for k in range(max(0, i - 3), i))
        j = i + 1
        return (titled and j < len(norms) and joined[i] and not taken[j]
                and _name_like(norms[j], words[j]) and norms[j] not in self.g.first)

    def _choose(self, ids, key, norms, i, seen):  # type: ignore[no-untyped-def]
        """The entity an alias means here, or None when the evidence is not enough."""
        if not self._ambiguous[key]:
            return ids[0]
        if seen is None:  # first pass: only unambiguous names count as evidence
            return None
        if not (i > 0 and norms[i - 1] in TITLE_WORDS):
            return None
        for e in reversed(seen):
            if e in ids:
                return e  # the most recent of them named in full
        return ids[0] if len(ids) == 1 else None

    def _is_ambiguous(self, key: tuple[str, ...]) -> bool:
        ids = self.g.index.get(key) or []
        return len(ids) > 1 or any(self.g.is_ambiguous(e, key) for e in ids) or (
            len(key) == 1 and key[0] in COMMON_WORDS)

    def _phonetic(self, split: _Text, taken, like, take) -> None:  # type: ignore[no-untyped-def]
        """Spellings the gazetteer lacks but that sound like one of its names ("پیانگ یانگ"
        for پیونگ یانگ, "ولادیووستوک"): one or two words whose phonetic key is long (≥ 5
        consonants, so chance collisions are rare) and belongs to exactly one place,
        person or organisation. `like[i]`: word i could be part of a name."""
        norms, joined = split.norms, split.joined
        n = len(norms)
        one, key_first, key_next = self._phonetic_one, self._key_first, self._key_next
        unique, heads = self._unique_keys, self._key_heads
        entities = self.g.entities
        # (a word that is name-like, of 3 letters or more and whose sound-key begins a known
        # key, found at C speed: the rules below run for two words in five)
        for i in compress(range(n), map(self._phonetic_candidate.__getitem__, split.words)):
            if taken[i]:
                continue
            if i + 1 < n and joined[i] and like[i + 1] and not taken[i + 1]:
                first = key_first[norms[i]]
                if first in heads:
                    eid = unique.get(_join_two(first, key_next[norms[i + 1]]))
                    if eid is not None:
                        take(i, i + 2, entities[eid].type, eid, "gazetteer")
                        continue
            eid = one[norms[i]]
            if eid is not None:
                take(i, i + 1, entities[eid].type, eid, "gazetteer")

    def _phonetic_match(self, word_or_key: str, keyed: bool = False) -> str | None:
        """The one entity whose phonetic key is that of `word_or_key` (a normal form, or
        with `keyed` a phonetic key already), if the key is long enough to trust."""
        key = word_or_key if keyed else self._key_first[word_or_key]
        ids = self.g.by_phonetic.get(key) if len(key) >= 5 else None
        return ids[0] if ids and len(ids) == 1 else None

    def _person_rules(self, norms, joined, taken, like, take) -> None:  # type: ignore[no-untyped-def]
        """A title ("صدر", "وزیر خارجہ", "श्री", "Prime Minister") followed by 1–3 name-like
        words that no earlier layer claimed. A given name right before a known person's
        mention ("سرگئی" + شوئیگو) is left alone: it is part of that person's name."""
        n = len(norms)
        i = 0
        while i < n:
            j = _title_end(norms, joined, i) if norms[i] in TITLE_FIRST_WORDS else 0
            if not j or taken[i]:
                i += 1
                continue
            k = j
            while (k < n and k - j < MAX_NAME_WORDS and joined[k - 1] and not taken[k]
                   and like[k]):
                k += 1
            before_known = k < n and taken[k] and joined[k - 1]
            if k > j and not before_known and not (k - j == 1 and len(norms[j]) < 3):
                take(j, k, "PERSON", None, "rule")
            i = max(k, i + 1)

    def _org_rules(self, norms, joined, taken, like, take) -> None:  # type: ignore[no-untyped-def]
        n = len(norms)
        for c in range(n):
            if taken[c]:
                continue
            if norms[c] in ORG_CLOSERS:
                i = c
                while (i > 0 and c - i < MAX_NAME_WORDS and joined[i - 1] and not taken[i - 1]
                       and like[i - 1]):
                    i -= 1
                if i < c:
                    take(i, c + 1, "ORG", None, "rule")
            elif norms[c] in ORG_OPENERS and c + 1 < n and joined[c] and not taken[c + 1] \
                    and like[c + 1]:
                take(c, c + 2, "ORG", None, "rule")

    def _link(self, surface: str, type_: str) -> str:
        """The entity a name found by the rules belongs to. Remembered per recogniser (whose
        gazetteer does not change): the fuzzy look-up scans every phonetic key, and the same
        few names recur across an import."""
        key = (surface, type_)
        eid = self._links.get(key)
        if eid is None:
            found = self.g.find(surface, type_)
            eid = found[0].id if found else local_id(type_, surface)
            if len(self._links) < 100_000:
                self._links[key] = eid
        return eid


def _join_two(first: str, second: str) -> str:
    """`phonetic.join_keys([first, second])` without building a list."""
    return first + second[1:] if first and second and first[-1] == second[0] else first + second


def _title_end(norms: list[str], joined: list[bool], i: int) -> int:
    """End of the longest title starting at token i (0 if none)."""
    if norms[i] not in TITLE_FIRST_WORDS:  # (asked at every word of every article)
        return 0
    for length in range(min(MAX_TITLE_WORDS, len(norms) - i), 0, -1):
        if all(joined[i:i + length - 1]) and tuple(norms[i:i + length]) in TITLE_PHRASES:
            return i + length
    return 0


def _surface_name_like(surface: str) -> bool:
    """`_name_like` of a word as written (its normal form follows from it)."""
    return _name_like(NORMS[surface], surface)


_NAME_LIKE = Memo(_surface_name_like)


def _name_like(norm: str, surface: str) -> bool:
    if norm in STOPWORDS or norm in TITLE_ALL_WORDS or norm in COMMON_WORDS:
        return False
    if not any(ch.isalpha() for ch in surface):
        return False
    if surface.isascii():
        return surface[:1].isupper()
    return True
