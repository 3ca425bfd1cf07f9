"""What two reports can be compared by, per article and per paragraph: canonical entities,
figures (as numbers: "20 ہزار" = "20,000" = "बीस हजार"), dates, and the sounds of content
words (Urdu and Hindi share most of their vocabulary; "ہتھیار" and "हथियार" have one phonetic
key), so that similarity works across scripts without a translation model."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from ..entities.cues import STOPWORDS
from ..entities.phonetic import word_key
from ..entities.recognise import Mention
from ..ingest.dates import MONTHS
from ..text.normalize import normalize
from ..text.tokenize import token_spans
from .sentences import split_sentences

_SCALE = {normalize(w): v for ws, v in (
    ("سو सौ hundred", 1e2), ("ہزار हजार हज़ार thousand", 1e3), ("لاکھ लाख lakh", 1e5),
    ("ملین मिलियन million", 1e6), ("کروڑ करोड़ crore", 1e7), ("ارب अरब billion بلین बिलियन", 1e9))
    for w in ws.split()}
_WORDS = {normalize(w): v for v, ws in enumerate([
    "", "ایک एक one", "دو दो two", "تین तीन three", "چار चार four", "پانچ पांच पाँच five",
    "چھ छह six", "سات सात seven", "آٹھ आठ eight", "نو नौ nine", "دس दस ten"]) for w in ws.split()}
_WORDS.update({normalize(w): v for w, v in (("بیس", 20), ("बीस", 20), ("twenty", 20),
                                             ("پچاس", 50), ("पचास", 50), ("سو", 100))})
_NUM = re.compile(r"^[0-9][0-9,]*(?:\.[0-9]+)?$")


def figure_value(text: str) -> float | None:
    """The number a NUMBER mention stands for ("20 ہزار" → 20000.0), or None."""
    value: float | None = None
    for tok in normalize(text).split():
        if _NUM.match(tok):
            value = float(tok.replace(",", "")) if value is None else value
        elif tok in _WORDS and value is None:
            value = float(_WORDS[tok])
        elif tok in _SCALE:
            value = (value or 1.0) * _SCALE[tok]
    return value


def date_key(text: str) -> str | None:
    """"5 ستمبر 2023" → "2023-09-05"; "30 अगस्त" → "--08-30"; "ستمبر" → "--09"; "2019" → "2019"."""
    toks = normalize(text).split()
    day = next((int(t) for t in toks if t.isdecimal() and len(t) <= 2 and 1 <= int(t) <= 31), None)
    year = next((t for t in toks if t.isdecimal() and len(t) == 4), None)
    month = next((MONTHS[t] for t in toks if t in MONTHS), None)
    if month is None:
        return year
    out = f"{year or '-'}-{month:02d}"
    return f"{out}-{day:02d}" if day else out


@dataclass
class ParaFeatures:
    entities: set[str] = field(default_factory=set)
    figures: set[float] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    sounds: set[str] = field(default_factory=set)
    heading: bool = False  # a short subhead that introduces the paragraph after it
    length: int = 0  # characters of the stored text
    # a long paragraph (see `is_long`) is aligned sentence by sentence: each sentence's
    # offsets in the paragraph and its own features (the paragraph's are their union)
    spans: list[tuple[int, int]] = field(default_factory=list)
    parts: list["ParaFeatures"] = field(default_factory=list)

    def add(self, kind: str, key) -> None:  # type: ignore[no-untyped-def]
        getattr(self, kind).add(key)


@dataclass
class ArticleFeatures:
    id: str
    lang: str
    date: str | None
    entities: Counter = field(default_factory=Counter)
    figures: dict[float, str] = field(default_factory=dict)  # value -> text as written
    dates: dict[str, str] = field(default_factory=dict)
    paragraphs: list[ParaFeatures] = field(default_factory=list)


SENTENCE_END = tuple(".۔।!?؟:\"'”’)")
SUBHEAD_MAX_WORDS = 10
# A paragraph is aligned sentence by sentence when it has at least LONG_SENTENCES sentences
# or LONG_WORDS words in at least two. Below that a paragraph reports one or two facts,
# and its sentences alone carry too few names and figures to be matched reliably; above it
# (the seeds' 60-90-word paragraphs of three or four sentences) a paragraph often joins
# facts the other report gives in different places, or adds one the other lacks.
LONG_SENTENCES, LONG_WORDS = 3, 60
SENTENCE_MIN_WORDS = 4  # a shorter piece ("اتحادی حکام.") stays with its neighbour


def is_long(n_words: int, n_sentences: int) -> bool:
    return n_sentences >= LONG_SENTENCES or (n_sentences >= 2 and n_words > LONG_WORDS)


def is_subhead(text: str) -> bool:
    """A news subhead ("व्हाइट हाउस ने पहले ही किया था दावा"): a few words, no sentence end.
    It says what the next paragraph is about, so it is aligned together with it."""
    text = text.strip()
    return 0 < len(text.split()) <= SUBHEAD_MAX_WORDS and not text.endswith(SENTENCE_END)


def article_features(article_id: str, lang: str, date: str | None, paragraphs: list[str],
                     mentions: list[Mention]) -> ArticleFeatures:
    f = ArticleFeatures(article_id, lang, date, paragraphs=[ParaFeatures() for _ in paragraphs])
    for para, text in zip(f.paragraphs, paragraphs):
        para.length = len(text)
        spans = split_sentences(text, SENTENCE_MIN_WORDS)
        if len(spans) > 1 and is_long(len(text.split()), len(spans)):
            para.spans = spans
            para.parts = [ParaFeatures(length=e - s) for s, e in spans]
    for m in mentions:
        if not 0 <= m.paragraph < len(paragraphs):
            para = None
        else:
            para = f.paragraphs[m.paragraph]
        if m.type == "NUMBER":
            kind, v = "figures", figure_value(m.text)
            if v is not None:
                f.figures.setdefault(v, m.text)
        elif m.type == "DATE":
            kind, v = "dates", date_key(m.text)
            if v:
                f.dates.setdefault(v, m.text)
        elif m.entity_id:
            kind, v = "entities", m.entity_id
            f.entities[m.entity_id] += 1
        else:
            continue
        if para is not None and v is not None and v != "":
            para.add(kind, v)
            if para.parts:
                para.parts[_sentence_at(para.spans, m.start)].add(kind, v)
    sounds: dict[str, frozenset[str]] = {}  # word → its trigrams (words repeat a lot)
    for k, (para, text) in enumerate(zip(f.paragraphs, paragraphs)):
        para.heading = k + 1 < len(paragraphs) and is_subhead(text)
        starts = [s for s, _e in para.spans]
        for start, _e, word in token_spans(text):
            grams = sounds.get(word)
            if grams is None:
                grams = sounds[word] = _sounds(word)
            if grams:
                para.sounds |= grams
                if para.parts:
                    para.parts[max(0, bisect_right(starts, start) - 1)].sounds |= grams
    return f


def _sounds(word: str) -> frozenset[str]:
    """Consonant trigrams of a content word's phonetic key: "بکتر بند" and "बख्तरबंद" (one
    word) still meet."""
    norm = normalize(word)
    if len(norm) < 3 or norm in STOPWORDS:
        return frozenset()
    key = word_key(norm, True)
    return frozenset(key[i:i + 3] for i in range(len(key) - 2))


def _sentence_at(spans: list[tuple[int, int]], offset: int) -> int:
    """The sentence holding `offset` (a space between two sentences counts to the first)."""
    return max(0, bisect_right([s for s, _e in spans], offset) - 1)
