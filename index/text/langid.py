"""Cheap, offline language identification for the languages an Urdu/Hindi archive meets.

Method (no model, no network):

1. Count *letters* (general category L or M) per script in one regex pass. Digits and
   punctuation never vote, so "۲۰۲۴" or "10:45" alone is "und".
2. The dominant script decides: Devanagari -> "hi", Latin -> "en", a few one-language scripts
   map to their language (Bengali -> "bn", Cyrillic -> "ru", ...), anything else -> "und".
3. Arabic script is split into Urdu / Persian / Arabic with scores:
   - Urdu: letters that only Urdu uses (ٹ ڈ ڑ ں ے ھ ہ ۓ) and Urdu function words;
   - Persian: ژ, Persian function words (است این را که می های ...), the ZWNJ of "می‌"/"ها";
   - Arabic: ة ى ي ك, the frequency of the "ال" prefix and Arabic function words
     (في من على إلى التي الذي ...).
   Ties and text without any evidence fall back to "ur" (this is an Urdu/Hindi archive).

`paragraph_direction` uses python-bidi's `get_base_level` (first strong character decides,
rule P2/P3 of the Unicode bidi algorithm).
"""
from __future__ import annotations

from functools import lru_cache
from itertools import compress
from operator import methodcaller

import regex

from .tokenize import split_words

try:  # python-bidi >= 0.5 (Rust implementation)
    from bidi import get_base_level as _get_base_level
except Exception:  # pragma: no cover - older python-bidi without the helper
    _get_base_level = None

# One pass: each letter/mark falls in the first script group it matches.
_SCRIPT_RE = regex.compile(
    r"(?P<Arab>[\p{Script=Arabic}&&[\p{L}\p{M}]])"
    r"|(?P<Deva>[\p{Script=Devanagari}&&[\p{L}\p{M}]])"
    r"|(?P<Latn>[\p{Script=Latin}&&\p{L}])"
    r"|(?P<Beng>[\p{Script=Bengali}&&[\p{L}\p{M}]])"
    r"|(?P<Guru>[\p{Script=Gurmukhi}&&[\p{L}\p{M}]])"
    r"|(?P<Gujr>[\p{Script=Gujarati}&&[\p{L}\p{M}]])"
    r"|(?P<Taml>[\p{Script=Tamil}&&[\p{L}\p{M}]])"
    r"|(?P<Telu>[\p{Script=Telugu}&&[\p{L}\p{M}]])"
    r"|(?P<Knda>[\p{Script=Kannada}&&[\p{L}\p{M}]])"
    r"|(?P<Mlym>[\p{Script=Malayalam}&&[\p{L}\p{M}]])"
    r"|(?P<Orya>[\p{Script=Oriya}&&[\p{L}\p{M}]])"
    r"|(?P<Sinh>[\p{Script=Sinhala}&&[\p{L}\p{M}]])"
    r"|(?P<Cyrl>[\p{Script=Cyrillic}&&\p{L}])"
    r"|(?P<Grek>[\p{Script=Greek}&&\p{L}])"
    r"|(?P<Hebr>[\p{Script=Hebrew}&&[\p{L}\p{M}]])"
    r"|(?P<Thai>[\p{Script=Thai}&&[\p{L}\p{M}]])"
    r"|(?P<Geor>[\p{Script=Georgian}&&\p{L}])"
    r"|(?P<Armn>[\p{Script=Armenian}&&\p{L}])"
    r"|(?P<Hang>[\p{Script=Hangul}&&\p{L}])"
    r"|(?P<Kana>[\p{Script=Hiragana}\p{Script=Katakana}])"
    r"|(?P<Hani>[\p{Script=Han}&&\p{L}])"
    r"|(?P<Othr>\p{L})",
    regex.VERSION1,
)

# Script -> language for scripts used (in news) by essentially one language.
_SCRIPT_LANG = {
    "Deva": "hi", "Latn": "en", "Beng": "bn", "Guru": "pa", "Gujr": "gu", "Taml": "ta",
    "Telu": "te", "Knda": "kn", "Mlym": "ml", "Orya": "or", "Sinh": "si", "Cyrl": "ru",
    "Grek": "el", "Hebr": "he", "Thai": "th", "Geor": "ka", "Armn": "hy", "Hang": "ko",
    "Kana": "ja", "Hani": "zh",
}

_URDU_LETTERS = set("ٹڈڑںےھہۓ")
_URDU_WORDS = {
    "کے", "کی", "کا", "میں", "نے", "ہے", "ہیں", "سے", "کو", "اور", "پر", "یہ", "وہ",
    "تھا", "تھے", "تھی", "گیا", "گئی", "کہ", "بھی", "لیے", "لئے", "ہو", "کر", "رہے",
}
_PERSIAN_WORDS = {
    "است", "این", "را", "که", "می", "های", "برای", "شده", "بود", "آن", "هم", "ما", "شد",
    "کرد", "نیز", "خود", "اند", "هست", "ها", "تا", "بر", "کند", "دارد", "آنها",
    "به", "از", "در", "با", "یک", "رفت", "رفتم", "شود", "نمی", "باید", "کشور", "گفت",
}
_ARABIC_WORDS = {
    "في", "من", "على", "إلى", "الى", "التي", "الذي", "عن", "مع", "هذا", "هذه", "أن", "ان",
    "كان", "قد", "ذلك", "بين", "كما", "لم", "لا", "ما", "أو", "هو", "هي", "وقال", "بعد",
}
_ARABIC_LETTERS = set("ةىيك")
_PERSIAN_LETTERS = set("ژ")
# Letters Persian and Urdu share but Arabic lacks (Arabic writes ي ك; پ چ گ do not exist).
_NON_ARABIC_LETTERS = set("یکگپچ")


_SCRIPT_CACHE: dict[str, str | None] = {}


def _script_of(ch: str) -> str | None:
    m = _SCRIPT_RE.match(ch)
    return m.lastgroup if m else None


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_LEAD_BYTES = bytes(range(0xC2, 0xF5))
_ARAB_LEADS = (b"\xd8", b"\xd9", b"\xda", b"\xdb", b"\xdd")  # U+0600–06FF, U+0740–077F
_NEUTRAL_LEADS = (b"\xc2", b"\xe2")  # U+0080–00BF symbols, U+2000–2FFF punctuation


def _dominant_script_fast(text: str) -> str | None:
    """The dominant script among Arabic, Devanagari and Latin from byte counts of the UTF-8
    encoding (C speed: the importer asks this for every line). None when letters of any
    other script are present or nothing is found: the caller then counts exactly."""
    b = text.encode("utf-8", "surrogatepass")
    arab = sum(b.count(x) for x in _ARAB_LEADS)
    deva = b.count(b"\xe0\xa4") + b.count(b"\xe0\xa5")
    latin1 = b.count(b"\xc3")
    latn = len(b) - len(b.translate(None, _ASCII_LETTERS)) + latin1
    leads = len(b) - len(b.translate(None, _LEAD_BYTES))
    neutral = sum(b.count(x) for x in _NEUTRAL_LEADS)
    if leads - arab - deva - latin1 - neutral > 0 or not (arab or deva or latn):
        return None
    best = max((arab, "Arab"), (deva, "Deva"), (latn, "Latn"))
    return best[1]


def script_counts(text: str) -> dict[str, int]:
    """Letter (and combining mark) counts per ISO 15924 script code, scripts that occur."""
    return _script_counts_slow(text)


def _script_counts_slow(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    cache = _SCRIPT_CACHE
    for ch in text:
        try:
            k = cache[ch]
        except KeyError:
            k = _script_of(ch)
            if len(cache) < 65536:
                cache[ch] = k
        if k is not None:
            counts[k] = counts.get(k, 0) + 1
    return counts


def _letters(letters: set[str]) -> str:
    return "".join(sorted(letters))


_URDU_CHARS, _ARABIC_CHARS = _letters(_URDU_LETTERS), _letters(_ARABIC_LETTERS)
_PERSIAN_CHARS, _NON_ARABIC_CHARS = _letters(_PERSIAN_LETTERS), _letters(_NON_ARABIC_LETTERS)


def _count(text: str, letters: str) -> int:
    """How many characters of `text` are among `letters`: one `str.count` (C, no copy) per
    letter. (`str.translate` with a deletion table was 15x slower on non-Latin text: it
    looks each character up in a Python dict.)"""
    return sum(map(text.count, letters))


_AL_PREFIXES = ("ال", "وال", "بال")
_STARTS_AL = methodcaller("startswith", _AL_PREFIXES)
_ANY_LETTER = regex.compile(r"\p{L}")


def _arabic_script_language(text: str) -> str:
    ur = fa = ar = 0.0
    # ی ک گ پ چ: Persian and Urdu letters Arabic does not use. str.count runs in C.
    ur += _count(text, _URDU_CHARS)
    ar += 0.5 * _count(text, _ARABIC_CHARS)
    fa += 1.5 * _count(text, _PERSIAN_CHARS)
    non_arabic = _count(text, _NON_ARABIC_CHARS)
    # (split_words, not tokens: the same words, and an import's tagger splits the same
    # paragraph next, from the cache)
    words = split_words(text)[1::2]
    # (every line of an import is asked: the word tests run through map() at C speed)
    ur += 2 * sum(map(_URDU_WORDS.__contains__, words))
    fa += 2 * sum(map(_PERSIAN_WORDS.__contains__, words))
    ar += 2 * sum(map(_ARABIC_WORDS.__contains__, words))
    al_prefix = sum(1 for w in compress(words, map(_STARTS_AL, words)) if len(w) > 3)
    if "\u200c" in text or "ه" in text:
        for w in words:
            if "\u200c" in w:
                if w.startswith("می") or "\u200cها" in w:
                    fa += 2  # می‌کند, کتاب‌ها
            elif len(w) > 2 and w[-1] == "ه":
                fa += 0.5  # Persian word-final heh (مدرسه); Urdu writes ہ, Arabic mostly ة
    if words:
        # Urdu borrows some ال- words (بین الاقوامی); only a high rate is Arabic evidence.
        rate = al_prefix / len(words)
        if rate > 0.08:
            ar += al_prefix * 1.5
    if non_arabic:
        # Text written with Persian/Urdu letters is not Arabic, whatever words it shares.
        ar = max(0.0, ar - non_arabic)
    if fa == 0 and ar == 0:
        return "ur"
    best = max(("ur", ur), ("fa", fa), ("ar", ar), key=lambda kv: kv[1])
    # Urdu wins ties: the archive is Urdu-first and Urdu shares much of both vocabularies.
    if best[0] != "ur" and ur >= best[1] * 0.8:
        return "ur"
    return best[0]


@lru_cache(maxsize=4096)
def detect_language(text: str) -> str:
    """Return "ur", "hi", "en", "ar", "fa", another ISO 639-1 code, or "und"."""
    if not text:
        return "und"
    if len(text) > 20000:
        text = text[:20000]
    if not _ANY_LETTER.search(text):
        return "und"
    script = _dominant_script_fast(text)
    if script is None:
        counts = script_counts(text)
        if not counts:
            return "und"
        script = max(counts.items(), key=lambda kv: kv[1])[0]
    if script == "Arab":
        return _arabic_script_language(text)
    return _SCRIPT_LANG.get(script, "und")


def paragraph_direction(text: str) -> str:
    """"rtl" or "ltr": the first strong character decides; no strong character -> "ltr"."""
    if not text:
        return "ltr"
    first_para = text.split("\n", 1)[0] if "\n" in text else text
    if _get_base_level is not None:
        try:
            return "rtl" if _get_base_level(first_para) == 1 else "ltr"
        except Exception:  # pragma: no cover - defensive: fall back to our own scan
            pass
    for m in regex.finditer(r"[\p{Bidi_Class=L}\p{Bidi_Class=R}\p{Bidi_Class=AL}]", first_para):
        return "ltr" if regex.match(r"\p{Bidi_Class=L}", m.group()) else "rtl"
    return "ltr"  # pragma: no cover
