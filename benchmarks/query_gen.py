"""Draw benchmark queries from a generated corpus so every query has hits.

Kept apart from gen_corpus.py only to keep both files short. Four kinds, same count each:

* word   - one word; thirds from the frequent / mid / rare document-frequency bands
* and    - two different words taken from the same article (so they co-occur)
* phrase - a bigram or trigram copied verbatim from inside one sentence; every other one
  made only of words found in >= mid-min articles
* prefix - the shortest run of whole grapheme clusters of a mid word with >= 3 (or 4) code
  points, marks included, followed by *; the word itself must be longer

Bands are fractions of the corpus size N so 2k and 100k corpora are comparable:
frequent = 2%..30% of articles (function words above 30% are left out: nobody searches "کے"),
mid = max(3, 0.05% N) .. 2% N, rare = 1 .. max(2, 0.01% N). Within a band, words are drawn
log-uniformly in document frequency.
"""
from __future__ import annotations

import random
from collections import Counter
from typing import Callable

import regex

GRAPHEME_RE = regex.compile(r"\X")
LANG_WEIGHTS = {"ur": 0.6, "hi": 0.3, "en": 0.1}
KINDS = ("word", "and", "phrase", "prefix")


def _query(kind: str, lang: str, words: list[str], band: str = "") -> dict:
    """Both syntaxes for one query; words never contain quotes (they are \\p{L}\\p{M}\\p{N} runs)."""
    if kind == "word":
        akhbar, fts5 = words[0], f'"{words[0]}"'
    elif kind == "and":
        akhbar, fts5 = " ".join(words), " AND ".join(f'"{w}"' for w in words)
    elif kind == "phrase":
        akhbar = fts5 = '"' + " ".join(words) + '"'
    else:
        akhbar, fts5 = words[0] + "*", f'"{words[0]}"*'
    q = {"kind": kind, "lang": lang, "akhbar": akhbar, "fts5": fts5}
    if band:
        q["band"] = band
    return q


def make_queries(df: Counter, samples: list[tuple[str, list[list[str]]]], n_docs: int,
                 rng: random.Random, per_kind: int, lang_of: Callable[[str], str]) -> list[dict]:
    """Return `per_kind` queries of each kind.

    `df` maps lower-cased word -> number of articles containing it; `samples` holds
    (lang, sentences) for a slice of articles from several shards (for AND and phrase).
    """
    hi_cap = 0.30 * n_docs
    limits = {"frequent": (0.02 * n_docs, hi_cap), "mid": (max(3, 0.0005 * n_docs), 0.02 * n_docs),
              "rare": (1, max(2, 0.0001 * n_docs))}
    # band -> log2(df) bucket -> words: drawing a bucket first spreads picks evenly over the
    # band's df range (drawing words uniformly would nearly always give its lowest df).
    bands: dict[tuple[str, str], dict[int, list[str]]] = {}
    for w, d in sorted(df.items()):
        lang = lang_of(w)
        if lang not in LANG_WEIGHTS or len(w) < 2:
            continue
        for band, (lo, hi) in limits.items():
            if lo <= d <= hi and not (band == "mid" and d >= limits["frequent"][0]):
                bands.setdefault((lang, band), {}).setdefault(d.bit_length(), []).append(w)
                break
    by_lang: dict[str, list[list[list[str]]]] = {}
    for lang, sentences in samples:
        by_lang.setdefault(lang, []).append(sentences)
    langs, weights = list(LANG_WEIGHTS), list(LANG_WEIGHTS.values())

    def pick_lang(need_samples: bool) -> str:
        for _ in range(50):
            lang = rng.choices(langs, weights)[0]
            if not need_samples or by_lang.get(lang):
                return lang
        return max(by_lang, key=lambda k: len(by_lang[k]))

    def band_word(lang: str, band: str) -> str:
        order = [band] + [b for b in ("mid", "frequent", "rare") if b != band]
        buckets = next((bands[(lang, b)] for b in order if bands.get((lang, b))), None)
        if buckets is None:  # fall back to any language
            buckets = next(v for _, v in sorted(bands.items()))
        return rng.choice(buckets[rng.choice(sorted(buckets))])

    def content(w: str) -> bool:
        return lang_of(w) != "num" and df.get(w.lower(), 0) <= hi_cap

    def draw(kind: str, i: int) -> dict | None:
        if kind == "word":
            band = ("frequent", "mid", "rare")[i % 3]
            lang = pick_lang(False)
            return _query(kind, lang, [band_word(lang, band)], band)
        if kind == "prefix":
            lang = pick_lang(False)
            w = band_word(lang, "mid")
            want, stem = rng.choice((3, 4)), ""
            for cluster in GRAPHEME_RE.findall(w):  # cut only between grapheme clusters
                if len(stem) >= want:
                    break
                stem += cluster
            if len(stem) < 3 or len(stem) >= len(w):
                return None
            return _query(kind, lang, [stem])
        lang = pick_lang(True)
        article = rng.choice(by_lang[lang])
        if kind == "and":
            words = [w for s in article for w in s if content(w)]
            firsts = [w for w in words if df[w.lower()] >= limits["mid"][0]]
            if not firsts:
                return None
            a = rng.choice(firsts)
            others = [w for w in words if w.lower() != a.lower()]
            return _query(kind, lang, [a, rng.choice(others)]) if others else None
        n = rng.choice((2, 3))
        sentence = rng.choice(article)
        if len(sentence) < n:
            return None
        pos = rng.randrange(len(sentence) - n + 1)
        words = sentence[pos:pos + n]
        if any(lang_of(w) == "num" for w in words) or not any(content(w) for w in words):
            return None
        # Half the phrases use only words in >= mid_min articles: phrases of common words are
        # the expensive case; the other half may contain a rare word (cheap, usually 1 hit).
        if i % 2 == 0 and any(df[w.lower()] < limits["mid"][0] for w in words):
            return None
        return _query(kind, lang, words)

    out: list[dict] = []
    for kind in KINDS:
        seen: set[str] = set()
        got: list[dict] = []
        attempts = 0
        while len(got) < per_kind:
            attempts += 1
            if attempts > 1000 * per_kind:
                raise RuntimeError(f"cannot draw {per_kind} {kind!r} queries from this corpus")
            q = draw(kind, len(got))
            # Prefer distinct queries; after many attempts accept repeats (tiny corpora).
            if q and (q["akhbar"] not in seen or attempts > 50 * per_kind):
                seen.add(q["akhbar"])
                got.append(q)
        out.extend(got)
    return out
