"""What two reports can be compared by, per article and per paragraph: canonical entities,
figures (as numbers: "20 ہزار" = "20,000" = "बीस हजार"), dates, and the sounds of content
words (Urdu and Hindi share most of their vocabulary; "ہتھیار" and "हथियार" have one phonetic
key), so that similarity works across scripts without a translation model."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..entities.cues import STOPWORDS
from ..entities.phonetic import word_key
from ..entities.recognise import Mention
from ..ingest.dates import MONTHS
from ..text.normalize import normalize
from ..text.tokenize import token_spans

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


def is_subhead(text: str) -> bool:
    """A news subhead ("व्हाइट हाउस ने पहले ही किया था दावा"): a few words, no sentence end.
    It says what the next paragraph is about, so it is aligned together with it."""
    text = text.strip()
    return 0 < len(text.split()) <= SUBHEAD_MAX_WORDS and not text.endswith(SENTENCE_END)


def article_features(article_id: str, lang: str, date: str | None, paragraphs: list[str],
                     mentions: list[Mention]) -> ArticleFeatures:
    f = ArticleFeatures(article_id, lang, date, paragraphs=[ParaFeatures() for _ in paragraphs])
    for m in mentions:
        para = f.paragraphs[m.paragraph] if 0 <= m.paragraph < len(paragraphs) else None
        if m.type == "NUMBER":
            v = figure_value(m.text)
            if v is not None:
                f.figures.setdefault(v, m.text)
                if para is not None:
                    para.figures.add(v)
        elif m.type == "DATE":
            k = date_key(m.text)
            if k:
                f.dates.setdefault(k, m.text)
                if para is not None:
                    para.dates.add(k)
        elif m.entity_id:
            f.entities[m.entity_id] += 1
            if para is not None:
                para.entities.add(m.entity_id)
    for k, (para, text) in enumerate(zip(f.paragraphs, paragraphs)):
        para.heading = k + 1 < len(paragraphs) and is_subhead(text)
        for _s, _e, word in token_spans(text):
            norm = normalize(word)
            if len(norm) < 3 or norm in STOPWORDS:
                continue
            key = word_key(norm, True)
            # consonant trigrams: "بکتر بند" and "बख्तरबंद" (one word) still meet
            for k in range(len(key) - 2):
                para.sounds.add(key[k:k + 3])
    return f
