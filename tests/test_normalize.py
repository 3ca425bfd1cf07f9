"""The one normaliser and the tokenizer: folding rules, idempotence, marks stay in words."""
from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.index.search.analysis import (
    english_analyzer, hindi_analyzer, mixed_analyzer, urdu_analyzer)
from akhbar.index.text.normalize import normalize
from akhbar.index.text.stem import match_key, stem
from akhbar.index.text.tokenize import token_spans, tokens


@pytest.mark.parametrize("variant, canonical", [
    ("كوريا", "کوریا"),            # Arabic kaf and yeh
    ("پيوٹن", "پیوٹن"),            # Arabic yeh
    ("علیٰ", "علی"),               # superscript alef
    ("مُحَمَّد", "محمد"),            # harakat: pesh, zabar, shadda
    ("دورۂ", "دورہ"),              # heh with hamza
    ("آبدوز", "ابدوز"),            # madda
    ("ٹیکنالوجی", "ٹیکنالوجی"),
    ("پاکســتان", "پاکستان"),      # tatweel
    ("ہمہ‌وقت", "ہمہوقت"),         # ZWNJ removed
    ("مدرسة", "مدرسہ"),            # teh marbuta
    ("क़िला", "किला"),              # precomposed nukta letter
    ("क\u093cिला", "किला"),         # decomposed nukta
    ("हँसी", "हंसी"),               # chandrabindu -> anusvara
    ("२०२३", "2023"),              # Devanagari digits
    ("۲۰۲۳", "2023"),              # Urdu digits
    ("٢٠٢٣", "2023"),              # Arabic-Indic digits
    ("10,000", "10000"),
    ("Putin", "putin"),
    ("ﻛﻮﺭﻳﺎ", "کوریا"),              # presentation forms from reshaped text
    ("\u200fکوریا\u200e", "کوریا"),  # bidi marks
])
def test_folds_variants_to_one_key(variant: str, canonical: str) -> None:
    assert normalize(variant) == normalize(canonical)
    assert normalize(variant) == normalize(canonical) == canonical.casefold()


def test_shown_text_is_not_touched() -> None:
    text = "كوريا مُحَمَّد"
    normalize(text)
    assert text == "كوريا مُحَمَّد"


@pytest.mark.parametrize("text, expected", [
    ("उत्तर कोरिया।", ["उत्तर", "कोरिया"]),
    ("प्रधानमंत्री मोदी॥", ["प्रधानमंत्री", "मोदी"]),
    ("کِم جونگ اُن۔", ["کِم", "جونگ", "اُن"]),
    ("’آفیشل گروپ‘", ["آفیشل", "گروپ"]),
    ("10,000 سے زیادہ فوجی", ["10,000", "سے", "زیادہ", "فوجی"]),
    ("(18/2) फॉर्मूले", ["18/2", "फॉर्मूले"]),
    ("TASS کے مطابق، 2023ء", ["TASS", "کے", "مطابق", "2023ء"]),
])
def test_tokenizer_keeps_marks_and_drops_punctuation(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


def test_python_re_would_split_hindi_but_we_do_not() -> None:
    import re
    assert re.findall(r"\w+", "उत्तर") != ["उत्तर"]  # the trap this tokenizer avoids
    assert tokens("उत्तर") == ["उत्तर"]


def test_spans_are_code_point_offsets_into_the_original() -> None:
    text = "شمالی كوريا اور उत्तर कोरिया"
    for s, e, surface in token_spans(text):
        assert text[s:e] == surface


def test_light_stemming_joins_inflections() -> None:
    assert match_key("ہتھیاروں") == match_key("ہتھیار")
    assert match_key("مِसाइलें") != ""  # mixed garbage still yields a key
    assert match_key("मिसाइलें") == match_key("मिसाइल")
    assert match_key("अधिकारियों") == match_key("अधिकारी")
    # never below three letters: short function words are left alone
    assert stem("کے") == "کے" and stem("की") == "की"


def test_one_analyzer_per_language_and_mixed_agree() -> None:
    text = "شمالی کوریا के नेता Kim"
    mixed = [t.text for t in mixed_analyzer()(text)]
    assert mixed == [match_key(w) for w in tokens(text)]
    assert [t.text for t in urdu_analyzer()("ہتھیاروں")] == [match_key("ہتھیاروں")]
    assert [t.text for t in hindi_analyzer()("मिसाइलें")] == [match_key("मिसाइलें")]
    assert [t.text for t in english_analyzer()("Putin")] == ["putin"]


# ------------------------------------------------------------------ properties
_alphabet = st.sampled_from(
    list("کوریاكويهةۂئآءٹڈڑںےھ") + ["\u064e", "\u0650", "\u064f", "\u0651", "\u0670", "\u0640"]
    + list("कोरियाउत्तरक़ज़ँंः") + ["\u093c", "\u094d", "\u200c", "\u200d"]
    + list("Putin 0123456789۰۱۲٠١२३,.۔।॥’‘\"")
    + ["\u200f", "\u2067", "\u2069"])
_text = st.lists(_alphabet, max_size=40).map("".join) | st.text(max_size=40)


@settings(max_examples=300, deadline=None)
@given(_text)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(_text)
def test_tokens_never_split_a_base_letter_from_its_marks(text: str) -> None:
    text = unicodedata.normalize("NFC", text)
    for s, e, _ in token_spans(text):
        # a token never starts with a mark that belongs to a letter before it …
        if s > 0 and unicodedata.category(text[s]).startswith("M"):
            assert not regex.match(r"[\p{L}\p{N}]", text[s - 1])
        # … and never stops before a mark that follows it
        if e < len(text):
            assert not unicodedata.category(text[e]).startswith("M")


@settings(max_examples=300, deadline=None)
@given(_text)
def test_index_and_query_paths_give_the_same_keys(text: str) -> None:
    from akhbar.index.search.query import parse_query
    keys = [t.text for t in mixed_analyzer()(text)]
    assert keys == [k for k in (match_key(w) for w in tokens(text)) if k]
    parse_query(text)  # never raises


@settings(max_examples=200, deadline=None)
@given(_text)
def test_indexing_fast_path_equals_the_analyzer_chains(text: str) -> None:
    # the index is fed from the key sequence; it must hold exactly the analyzer's keys
    from akhbar.index.text.keyseq import key_text
    assert Counter(key_text(text, []).split()) == Counter(t.text for t in mixed_analyzer()(text))
