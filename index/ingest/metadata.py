"""Title, date, source, section and keywords of a scraped article.

The line classifier (`cleaner.analyse_line`) already recognises labelled metadata lines
("ذریعہ: WE News", "टैग: ...", "Section: ...", breadcrumbs "ہوم / کھیل", date lines). This
module turns what the zone pass found into values:

- `plausible_title(info)`: a headline is 2–30 words and does not end with a full stop of Urdu
  or Hindi (۔ ।); an English-style "." ending is tolerated for short lines only;
- `is_label_line(info)`: a 1–3 word line without digits or sentence punctuation — at the very top,
  before a headline, such a line is a section label ("سیاست", "देश", "Environment");
- `derive_title(text)`: with no headline line, the first sentence of the first paragraph
  truncated to 12 words;
- `split_keywords(value)`: "،", ",", "؛", ";", "|" separate keywords when present; otherwise a
  keyword line is a list of single words (Urdu tag clouds are often space-separated).
"""
from __future__ import annotations

import regex

from ..text.normalize import normalize
from ..text.tokenize import token_spans
from .cues import FUNCTION_WORDS
from .cleaner import LineInfo

_KW_SPLIT = regex.compile(r"\s*[،,؛;|]\s*")
_SENT_SPLIT = regex.compile(r"(?<=[۔।.!?؟])\s+")
TITLE_MAX_WORDS = 12


def plausible_title(info: LineInfo) -> bool:
    if info.reason is not None or not info.has_letters:
        return False
    if not 2 <= info.n_words <= 30:
        return False
    last = info.text.rstrip("”’\"' )]")[-1:]
    if last in ("۔", "।"):
        return False
    if last == "." and info.n_words > 15:
        return False
    return True


def is_label_line(info: LineInfo) -> bool:
    return (
        info.reason is None
        and 1 <= info.n_words <= 3
        and not any(ch.isdigit() for ch in info.text)
        and info.end == ""
        and not info.text.rstrip().endswith((":", "："))
    )


def derive_title(text: str, max_words: int = TITLE_MAX_WORDS) -> str:
    """First sentence of `text`, cut after `max_words` words (original characters kept)."""
    text = text.strip()
    if not text:
        return ""
    first = _SENT_SPLIT.split(text, maxsplit=1)[0].strip()
    spans = list(token_spans(first))
    if len(spans) > max_words:
        first = first[: spans[max_words - 1][1]].rstrip(" ،,:;-") + "…"
    return first.rstrip()


def split_keywords(value: str) -> list[str]:
    value = value.strip().rstrip(".۔।")
    if not value:
        return []
    if _KW_SPLIT.search(value):
        parts = _KW_SPLIT.split(value)
    else:
        # A space-separated tag cloud: single words, minus stray function words ("کے").
        parts = [w for w in value.split() if normalize(w) not in FUNCTION_WORDS]
    out: list[str] = []
    for p in parts:
        p = p.strip(" .۔।#")
        if p and p not in out:
            out.append(p)
    return out


def clean_value(value: str) -> str:
    return value.strip().strip("،,;:|").strip().rstrip(".۔।").strip()
