"""DATE and NUMBER mentions, found on the token sequence of a paragraph.

DATE: "منگل 5 ستمبر 2023", "5 ستمبر", "ستمبر 2023", "30 अगस्त", "March 5, 2024", a bare year
(1900–2099), and weekdays that are not also ordinary words (Urdu پیر "saint", ہفتہ "week" and
جمعہ "Friday prayers" count only next to a date). NUMBER: figures and number words with their
scale and unit words: "10,000", "20 ہزار", "دو ہزار", "दो हजार", "5 करोड़ रुपये", "3.5 فیصد".
A number word alone ("ایک" is also "a") is not a NUMBER; it needs a scale word or a unit.
"""
from __future__ import annotations

from itertools import compress

import regex

from ..ingest.dates import MONTHS, WEEKDAYS
from ..text.memo import Memo
from ..text.normalize import normalize

_NUMBER_WORDS = {normalize(w) for w in """
ایک دو تین چار پانچ چھ چھے سات آٹھ نو دس گیارہ بارہ تیرہ چودہ پندرہ سولہ سترہ اٹھارہ انیس بیس
پچیس تیس چالیس پچاس ساٹھ ستر اسی نوے ڈیڑھ ڈھائی
एक दो तीन चार पांच पाँच छह छः सात आठ नौ दस ग्यारह बारह तेरह चौदह पंद्रह सोलह सत्रह अठारह
उन्नीस बीस पच्चीस तीस चालीस पचास साठ सत्तर अस्सी नब्बे डेढ़ ढाई
one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty
fifty sixty seventy eighty ninety
""".split()}
_SCALES = {normalize(w) for w in """
سو ہزار لاکھ کروڑ ارب کھرب ملین بلین ٹریلین
सौ हजार हज़ार लाख करोड़ अरब खरब मिलियन बिलियन ट्रिलियन
hundred thousand lakh crore million billion trillion
""".split()}
_UNITS = {normalize(w) for w in """
روپے روپیہ روپیے ڈالر یورو پاؤنڈ یوآن روبل فیصد فیصدی کلومیٹر میٹر ٹن کلو
रुपये रुपए रुपया डॉलर यूरो पाउंड युआन रूबल प्रतिशत फीसदी फ़ीसदी किलोमीटर मीटर टन किलो
percent per cent dollars dollar rupees euros km tons
""".split()} | {"%"}
_PERCENT_TWO = {(normalize("فی"), normalize("صد"))}
_AMBIGUOUS_WEEKDAYS = {normalize(w) for w in ("پیر", "ہفتہ", "جمعہ", "sun", "sat", "wed",
                                                "mon", "fri", "thu", "tue")}
_AMBIGUOUS_MONTHS = {normalize(w) for w in ("may", "mar", "jun", "jul", "aug", "sep", "oct",
                                              "nov", "dec", "jan", "feb", "apr", "march")}
_FIGURE = regex.compile(r"^[0-9][0-9,]*(?:\.[0-9]+)?$")


def _starters() -> frozenset[str]:
    """The words a DATE or NUMBER can begin with, besides digits (see `_date_at`)."""
    return frozenset(WEEKDAYS) | frozenset(MONTHS) | frozenset(_NUMBER_WORDS)


_STARTERS = _starters()


def _is_year(tok: str) -> bool:
    return len(tok) == 4 and tok.isdecimal() and 1900 <= int(tok) <= 2099


def _is_day(tok: str) -> bool:
    return tok.isdecimal() and 1 <= int(tok) <= 31 and len(tok) <= 2


def find_quantities(norms: list[str], joined: list[bool]) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, type) for DATE and NUMBER spans. `norms` are the
    normalised tokens; `joined[i]` says token i and i+1 are separated by spaces only (a span
    never crosses punctuation, except the comma of "March 5, 2024")."""
    out: list[tuple[int, int, str]] = []
    n = len(norms)
    i = 0
    # (most words: no date or figure starts there; the others are found at C speed)
    for c in compress(range(n), map(_CAN_START.__getitem__, norms)):
        if c < i:
            continue  # inside the span just found
        i = c
        t = norms[i]
        end = _date_at(norms, joined, i)
        if end:
            out.append((i, end, "DATE"))
            i = end
            continue
        if _FIGURE.match(t) or (t in _NUMBER_WORDS and i + 1 < n and norms[i + 1] in _SCALES
                                and joined[i]):
            j = i + 1
            while j < n and joined[j - 1] and (norms[j] in _SCALES or norms[j] in _NUMBER_WORDS
                                               and j + 1 < n and norms[j + 1] in _SCALES):
                j += 1
            if j < n and joined[j - 1] and norms[j] in _UNITS:
                j += 1
            elif j + 1 < n and joined[j - 1] and (norms[j], norms[j + 1]) in _PERCENT_TWO:
                j += 2
            out.append((i, j, "NUMBER"))
            i = j
            continue
        i += 1
    return out


def _date_at(norms: list[str], joined: list[bool], i: int) -> int:
    """End of a DATE starting at token i, or 0."""
    n = len(norms)
    t = norms[i]
    j = i
    weekday = t in WEEKDAYS
    if weekday:
        j += 1
        if j < n and norms[j] == normalize("بروز"):
            j += 1
    if j < n and _is_day(norms[j]) and j + 1 < n and norms[j + 1] in MONTHS:
        j += 2
        if j < n and _is_year(norms[j]):
            j += 1
        return j
    if j < n and norms[j] in MONTHS and (norms[j] not in _AMBIGUOUS_MONTHS or (
            j + 1 < n and (_is_day(norms[j + 1]) or _is_year(norms[j + 1])))):
        k = j + 1
        if k < n and _is_day(norms[k]):
            k += 1
        if k < n and _is_year(norms[k]):
            k += 1
        if k == j + 1 and not weekday and norms[j] in _AMBIGUOUS_MONTHS:
            return 0
        return k
    if weekday:
        return 0 if t in _AMBIGUOUS_WEEKDAYS else i + 1
    if _is_year(t) and not (i + 1 < n and joined[i] and (norms[i + 1] in _SCALES
                                                        or norms[i + 1] in _UNITS)):
        return i + 1
    return 0


# normal form -> whether a DATE or NUMBER can start with it
_CAN_START = Memo(lambda word: word in _STARTERS or word[:1].isdecimal())
