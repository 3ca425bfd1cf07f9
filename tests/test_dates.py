"""Explicit dates in short lines, in every script's digits."""
import pytest

from akhbar.index.ingest.dates import (
    MONTHS,
    find_date,
    is_date_line,
    jalali_to_gregorian,
)
from akhbar.index.text.normalize import normalize


@pytest.mark.parametrize(
    "text, iso",
    [
        # Urdu, with and without weekday / comma / Urdu digits
        ("منگل 5 ستمبر 2023", "2023-09-05"),
        ("22 مارچ 2025", "2025-03-22"),
        ("جمعرات، 9 نومبر 2023", "2023-11-09"),
        ("جمعرات ۸ فروری ۲۰۲۴ | شام ۶:۱۵", "2024-02-08"),
        ("ہفتہ 26 اگست 2023", "2023-08-26"),
        ("شائع 22 مئی 2024 09:05am", "2024-05-22"),
        ("5 جولائى، 2022", "2022-07-05"),
        ("تاریخ اشاعت: 12 ستمبر 2023", "2023-09-12"),
        ("سوموار 1 جنوری 2024ء", "2024-01-01"),
        # Hindi, spelling variants and Devanagari digits
        ("बुधवार, 3 जुलाई 2024", "2024-07-03"),
        ("15 फ़रवरी 2024", "2024-02-15"),
        ("15 फरवरी 2024", "2024-02-15"),
        ("५ सितम्बर २०२३", "2023-09-05"),
        ("प्रकाशित: शुक्रवार, २६ जनवरी २०२४, ०१:३० अपराह्न", "2024-01-26"),
        ("1 अक्तूबर 2023", "2023-10-01"),
        ("बृहस्पतिवार 12 दिसम्बर 2019", "2019-12-12"),
        # English
        ("March 5, 2024", "2024-03-05"),
        ("Mar. 5, 2024", "2024-03-05"),
        ("5 Mar 2024", "2024-03-05"),
        ("Published on: 30 Apr 2024", "2024-04-30"),
        ("Last Updated: September 2, 2023 2:05 PM", "2023-09-02"),
        ("Friday, the 5th of April 2024", "2024-04-05"),
        # ISO and numeric
        ("2024-03-05", "2024-03-05"),
        ("2024-05-30 18:40 PKT", "2024-05-30"),
        ("2024-03-05T10:45:00+05:00", "2024-03-05"),
        ("05/03/2024", "2024-03-05"),  # ambiguous: day/month/year (South Asian)
        ("13/03/2024", "2024-03-13"),
        ("03/13/2024", "2024-03-13"),  # unambiguous month-first
        ("۰۵/۰۳/۲۰۲۴", "2024-03-05"),
        # Arabic and Persian
        ("الأربعاء 6 مارس 2024 - 11:45 ص", "2024-03-06"),
        ("٥ مارس ٢٠٢٤", "2024-03-05"),
        ("دوشنبه ۱۵ آبان ۱۴۰۲ - ۰۹:۲۰", "2023-11-06"),  # Solar Hijri
    ],
)
def test_find_date(text, iso):
    assert find_date(text) == iso


@pytest.mark.parametrize(
    "text",
    [
        "",
        "اپریل 2022 میں",  # no day
        "30 अगस्त को कहा था",  # no year
        "31/02/2024",  # invalid
        "31 فروری 2024",  # invalid
        "کد خبر: ۱۴۰۲۰۸۱۵۰۷۳۱۲",
        "10,000 سے زیادہ فوجی",
        "Kim Jong-un Vladimir Putin Plan To Meet",
    ],
)
def test_no_date(text):
    assert find_date(text) is None


def test_first_date_wins():
    assert find_date("Published 5 March 2024, updated 6 March 2024") == "2024-03-05"


@pytest.mark.parametrize(
    "line",
    [
        "منگل 5 ستمبر 2023",
        "جمعرات ۸ فروری ۲۰۲۴ | شام ۶:۱۵",
        "منگل 19 مارچ 2024  |  آخری اپ ڈیٹ: 04:20 سہ پہر",
        "اپ ڈیٹ 22 مئی 2024 10:30am",
        "Updated: 08 Feb 2024, 10:45 AM IST",
        "Published on: 30 Apr 2024",
        "2024-05-30 18:40 PKT",
        "अपडेट: 5 सितंबर 2023 10:45 AM IST",
        "15 फ़रवरी 2024",
        "الأربعاء 6 مارس 2024 - 11:45 ص",
    ],
)
def test_is_date_line(line):
    assert is_date_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "بیان 5 مارچ 2024 کو جاری کیا گیا",
        "ان چوٹیوں میں سے دوسرے کے لیے، ویتنام کے شہر ہنوئی میں فروری 2019 میں منعقد ہوا۔",
        "2 منٹ پڑھنے",
        "00:00",
        "",
    ],
)
def test_not_date_line(line):
    assert not is_date_line(line)


def test_month_tables_agree_with_cldr():
    babel_dates = pytest.importorskip("babel.dates")
    for locale in ("ur", "hi", "en"):
        for num, name in babel_dates.get_month_names("wide", locale=locale).items():
            assert MONTHS[normalize(name)] == num


def test_jalali_conversion():
    assert jalali_to_gregorian(1402, 8, 15) == (2023, 11, 6)
    assert jalali_to_gregorian(1403, 1, 1) == (2024, 3, 20)
    assert jalali_to_gregorian(1399, 12, 30) == (2021, 3, 20)
