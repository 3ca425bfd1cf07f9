"""Explicit calendar dates in short lines (dateline, "Published on", "اپ ڈیٹ" ...).

`find_date(text)` returns the first explicit, valid calendar date as ISO "YYYY-MM-DD" or None.
A date needs a day, a month and a four-digit year; "اپریل 2022" or "30 अगस्त" are not dates.

Supported forms (digits may be ASCII, Urdu ۰-۹, Arabic-Indic ٠-٩ or Devanagari ०-९; the line is
folded with :func:`akhbar.index.text.normalize.normalize` first, which maps all of them to ASCII,
casefolds Latin and folds letter variants, so the month tables below are folded the same way):

- day month year / month day, year with month names in Urdu, Hindi, English (full and
  abbreviated, "Mar." too), Arabic and Persian Gregorian names; an optional weekday and
  commas ("," or "،") anywhere between the parts; "5th", "of" in English;
- ISO "2024-03-05", "2024/03/05", optionally followed by a time ("2024-03-05T10:45:00+05:00");
- numeric "05/03/2024", "05-03-2024", "05.03.2024": when one of the first two numbers is > 12
  the order is unambiguous; otherwise we assume day/month/year, the South Asian convention.

The month tables are written by hand. The wide names for ur/hi/en agree with CLDR (checked
in tests against `babel.dates.get_month_names`); the spelling variants seen in scrapes are
added by hand (फरवरी/फ़रवरी, अप्रेल, सितम्बर, अक्तूबर, नवम्बर, दिसम्बर, جولائى, اگسٹ ...).

`is_date_line(line)` says whether a line is essentially only a date, possibly with a weekday,
a time ("10:45 AM", "شام ۶:۱۵"), a zone (IST/PKT/GMT) and a cue ("Updated:", "Published on",
"اپ ڈیٹ", "تاریخ اشاعت", "अपडेट", "प्रकाशित") — such a line is metadata, not body.
"""
from __future__ import annotations

import datetime as _dt

import regex

from ..text.normalize import normalize
from ..text.tokenize import tokens

_MONTHS_RAW: dict[int, list[str]] = {
    1: ["جنوری", "जनवरी", "january", "jan", "يناير", "ژانویه"],
    2: ["فروری", "फ़रवरी", "फरवरी", "february", "feb", "فبراير", "فوریه"],
    3: ["مارچ", "मार्च", "march", "mar", "مارس"],
    4: ["اپریل", "اپریل", "अप्रैल", "अप्रेल", "अप्रील", "april", "apr", "أبريل", "ابريل",
        "آوریل"],
    5: ["مئی", "مئ", "मई", "may", "مايو"],
    6: ["جون", "जून", "june", "jun", "يونيو", "ژوئن"],
    7: ["جولائی", "جولائى", "जुलाई", "july", "jul", "يوليو", "ژوئیه"],
    8: ["اگست", "اگسٹ", "अगस्त", "august", "aug", "أغسطس", "اغسطس"],
    9: ["ستمبر", "ستمبر", "सितंबर", "सितम्बर", "september", "sept", "sep", "سبتمبر", "سپتامبر"],
    10: ["اکتوبر", "اکتوبر", "अक्टूबर", "अक्तूबर", "अक्टुबर", "october", "oct", "أكتوبر",
         "اکتبر"],
    11: ["نومبر", "नवंबर", "नवम्बर", "november", "nov", "نوفمبر", "نوامبر"],
    12: ["دسمبر", "दिसंबर", "दिसम्बर", "december", "dec", "ديسمبر", "دسامبر"],
}

WEEKDAYS_RAW = [
    # Urdu
    "پیر", "سوموار", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ", "اتوار", "بروز",
    # Hindi
    "सोमवार", "मंगलवार", "बुधवार", "गुरुवार", "बृहस्पतिवार", "वीरवार", "शुक्रवार", "शनिवार",
    "रविवार",
    # Arabic
    "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت",
    # Persian
    "شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "سه شنبه", "چهارشنبه", "پنجشنبه", "پنج‌شنبه", "جمعه",
    # English
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
]

MONTHS: dict[str, int] = {}
for _num, _names in _MONTHS_RAW.items():
    for _name in _names:
        MONTHS[normalize(_name)] = _num
WEEKDAYS = {normalize(w) for w in WEEKDAYS_RAW}

_L = r"[\p{L}\p{M}]"
_MONTH_ALT = "|".join(regex.escape(m) for m in sorted(MONTHS, key=len, reverse=True))
_MONTH = rf"(?<!{_L})(?P<mon>{_MONTH_ALT})(?!{_L})\.?"
_SEP = r"[\s,،\-/]*"
_DAY = r"(?<![0-9])(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?(?![0-9])"
_YEAR = r"(?<![0-9])(?P<year>(?:19|20|21)[0-9]{2})(?![0-9])"

_DMY_NAMED = regex.compile(rf"{_DAY}{_SEP}(?:of\s+)?{_MONTH}{_SEP}{_YEAR}", regex.VERSION1)
_MDY_NAMED = regex.compile(rf"{_MONTH}{_SEP}{_DAY}{_SEP}{_YEAR}", regex.VERSION1)
_ISO = regex.compile(
    r"(?<![0-9])(?P<year>(?:19|20|21)[0-9]{2})[-/.](?P<mon>[0-9]{1,2})[-/.](?P<day>[0-9]{1,2})"
    r"(?![0-9])"
)
_NUMERIC = regex.compile(
    r"(?<![0-9/.\-])(?P<a>[0-9]{1,2})(?P<s>[-/.])(?P<b>[0-9]{1,2})(?P=s)"
    r"(?P<year>(?:19|20|21)[0-9]{2})(?![0-9])"
)


# Solar Hijri (Iranian) months: "۱۵ آبان ۱۴۰۲" is converted to the Gregorian date.
_JALALI_RAW = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر",
               "دی", "بهمن", "اسفند"]
JALALI_MONTHS = {normalize(m): i + 1 for i, m in enumerate(_JALALI_RAW)}
_JALALI_ALT = "|".join(regex.escape(m) for m in sorted(JALALI_MONTHS, key=len, reverse=True))
_JALALI = regex.compile(
    rf"(?<![0-9])(?P<day>[0-9]{{1,2}})\s*(?<!{_L})(?P<mon>{_JALALI_ALT})(?!{_L})[\s,،]*"
    r"(?P<year>1[34][0-9]{2})(?![0-9])",
    regex.VERSION1,
)


def jalali_to_gregorian(jy: int, jm: int, jd: int) -> tuple[int, int, int]:
    """Convert a Solar Hijri date to Gregorian (the well-known arithmetic algorithm)."""
    jy += 1595
    days = -355668 + 365 * jy + (jy // 33) * 8 + ((jy % 33) + 3) // 4 + jd
    days += (jm - 1) * 31 if jm < 7 else (jm - 7) * 30 + 186
    gy = 400 * (days // 146097)
    days %= 146097
    if days > 36524:
        days -= 1
        gy += 100 * (days // 36524)
        days %= 36524
        if days >= 365:
            days += 1
    gy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        gy += (days - 1) // 365
        days = (days - 1) % 365
    gd = days + 1
    leap = (gy % 4 == 0 and gy % 100 != 0) or gy % 400 == 0
    month_days = [0, 31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    gm = 1
    while gm <= 12 and gd > month_days[gm]:
        gd -= month_days[gm]
        gm += 1
    return gy, gm, gd


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _candidates(norm: str):
    """Yield (start, end, iso) for every valid date in a normalised string."""
    for m in _ISO.finditer(norm):
        iso = _valid(int(m["year"]), int(m["mon"]), int(m["day"]))
        if iso:
            yield m.start(), m.end(), iso
    for m in _NUMERIC.finditer(norm):
        a, b = int(m["a"]), int(m["b"])
        # day/month/year unless the first number cannot be a month's day... i.e. b > 12
        # means the writer put the month first (US order). a > 12 is plainly D/M/Y.
        day, month = (b, a) if (b > 12 and a <= 12) else (a, b)
        iso = _valid(int(m["year"]), month, day)
        if iso:
            yield m.start(), m.end(), iso
    for m in _JALALI.finditer(norm):
        jd, jm, jy = int(m["day"]), JALALI_MONTHS[m["mon"]], int(m["year"])
        if 1 <= jd <= (31 if jm <= 6 else 30):
            iso = _valid(*jalali_to_gregorian(jy, jm, jd))
            if iso:
                yield m.start(), m.end(), iso
    for rx in (_DMY_NAMED, _MDY_NAMED):
        for m in rx.finditer(norm, overlapped=True):
            iso = _valid(int(m["year"]), MONTHS[m["mon"]], int(m["day"]))
            if iso:
                yield m.start(), m.end(), iso


def _find(text: str) -> tuple[int, int, str] | None:
    norm = normalize(text)
    best = None
    for start, end, iso in _candidates(norm):
        if best is None or start < best[0]:
            best = (start, end, iso)
    return best


def find_date(text: str) -> str | None:
    """First explicit calendar date in `text` as ISO "YYYY-MM-DD", or None."""
    if not text:
        return None
    found = _find(text[:2000])
    return found[2] if found else None


# Words a date line may carry besides the date itself (folded with normalize()).
_CUES_RAW = [
    # English
    "updated", "update", "last", "published", "publish", "posted", "on", "at", "date",
    "dated", "first", "modified", "created", "am", "pm", "a", "m", "p", "ist", "pkt", "gmt",
    "utc", "pst", "est", "edt", "bst", "cet", "hrs", "hours", "the", "of", "time",
    # Urdu
    "اپ", "ڈیٹ", "اپڈیٹ", "اپ‌ڈیٹ", "شائع", "شایع", "ہوا", "ہوئی", "تاریخ", "اشاعت",
    "آخری", "تازہ", "کاری", "بجے", "صبح", "شام", "دوپہر", "رات", "سہ", "پہر", "بتاریخ",
    "مورخہ", "پوسٹ", "کی", "گئی", "کیا", "گیا", "پر", "وقت", "ء",
    # Hindi
    "अपडेट", "अपडेटेड", "प्रकाशित", "प्रकाशन", "तिथि", "दिनांक", "तारीख", "पोस्ट", "किया",
    "गया", "बजे", "सुबह", "शाम", "दोपहर", "रात", "अंतिम", "समय", "को", "पर", "लास्ट",
    "अपराह्न", "पूर्वाह्न", "अपडेटेड",
    # Arabic / Persian
    "ص", "م", "صباحا", "مساء", "تاريخ", "النشر", "نشر", "آخر", "تحديث", "تاریخ", "انتشار",
    "به", "روز", "ساعت", "بروزرسانی", "ه", "ش", "هجری", "شمسی",
]
_CUES = {normalize(c) for c in _CUES_RAW}
_TIME = regex.compile(
    r"(?<![0-9])[0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2})?(?:\s*(?:am|pm|a\.m\.|p\.m\.))?(?![0-9])"
)
_ZONE = regex.compile(r"(?:t(?=[0-9]))|(?:[+\-][0-9]{2}:?[0-9]{2}\b)|\bz\b")


def is_date_line(line: str) -> bool:
    """True if `line` is essentially only a date (with weekday/time/zone/"Updated:" cues)."""
    if not line or len(line) > 160:
        return False
    norm = normalize(line.strip())
    found = None
    for start, end, iso in _candidates(norm):
        found = (start, end)
        break
    if found is None:
        return False
    # Blank out every date, then times and zone suffixes, then look at the words left over.
    spans = sorted({(s, e) for s, e, _ in _candidates(norm)})
    chars = list(norm)
    for s, e in spans:
        for i in range(s, e):
            chars[i] = " "
    rest = "".join(chars)
    rest = _ZONE.sub(" ", rest)
    rest = _TIME.sub(" ", rest)
    rest = _ZONE.sub(" ", rest)
    leftover = [w for w in tokens(rest) if w not in _CUES and w not in WEEKDAYS]
    # Another number left (e.g. a second figure in a sentence) means it is not a bare date.
    if any(ch.isdigit() for w in leftover for ch in w):
        return False
    return len(leftover) == 0
