"""Small text helpers for the views (no widgets): direction, dates, UTF-16 offsets.

Offsets from the core are code points into the stored text; Qt counts UTF-16 code units, so
any character outside the Basic Multilingual Plane (an emoji in a caption) shifts every later
offset by one unless converted.
"""
from __future__ import annotations

from datetime import date

from akhbar.index.text.langid import paragraph_direction

RTL_LANGS = ("ur", "ar", "fa")
LANG_NAMES = {"ur": "اردو", "hi": "हिन्दी", "en": "English", "ar": "العربية", "fa": "فارسی"}
LANG_BADGES = {"ur": "UR", "hi": "HI", "en": "EN", "ar": "AR", "fa": "FA"}


def is_rtl(text: str, lang: str | None) -> bool:
    """A paragraph's direction: its language when known (an Urdu paragraph that starts with
    "TASS" or "2023" is still right-to-left), else its first strong character."""
    if lang in RTL_LANGS:
        return True
    if lang in ("hi", "en"):
        return False
    return paragraph_direction(text) == "rtl"


def utf16_offsets(text: str) -> list[int]:
    """For each code-point offset 0..len(text), the matching UTF-16 offset."""
    out = [0] * (len(text) + 1)
    n = 0
    for i, ch in enumerate(text):
        out[i] = n
        n += 2 if ord(ch) > 0xFFFF else 1
    out[len(text)] = n
    return out


def display_date(iso: str | None, lang: str) -> str:
    """An ISO date as the article's readers write it ("5 ستمبر 2023", "5 सितंबर 2023")."""
    if not iso:
        return ""
    from babel.dates import format_date  # (lazy: babel's import is slow, dates are rare)

    try:
        parts = [int(x) for x in iso.split("-")]
        if len(parts) == 1:
            return str(parts[0])
        d = date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
        locale = lang if lang in ("ur", "hi", "ar", "fa") else "en"
        if len(parts) == 2:
            return format_date(d, "MMMM y", locale=locale)
        return format_date(d, "d MMMM y", locale=locale)
    except (ValueError, LookupError):
        return iso


def isolate_join(parts: list[str], sep: str = "  ·  ") -> str:
    """Join metadata pieces so each keeps its own direction: without isolates, "5 ستمبر 2023"
    followed by "000_08c9.txt" lets the bidi algorithm pull the file name's digits into the
    Urdu run and scramble both. Each piece goes in FSI…PDI (first-strong isolate)."""
    return sep.join(f"\u2068{p}\u2069" for p in parts if p)
