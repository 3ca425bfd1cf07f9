"""Query language: what each syntax means, and that nothing a user types can crash it."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.index.search.highlight import Highlighter, cut_snippet
from akhbar.index.search.query import Phrase, Term, parse_query
from akhbar.index.text.stem import match_key


def test_words_are_all_required() -> None:
    q = parse_query("کوریا پیوٹن")
    assert [g.options[0].key for g in q.must] == [match_key("کوریا"), match_key("پیوٹن")]


def test_phrase_exclude_or_prefix_and_filters() -> None:
    q = parse_query('"شمالی کوریا" -امریکہ Putin OR पुतिन मिसा* lang:ur date:2023 source:"WE News"')
    assert isinstance(q.must[0].options[0], Phrase)
    assert q.must_not[0].key == match_key("امریکہ")
    assert [o.word for o in q.must[1].options] == ["Putin", "पुतिन"]
    prefix = q.must[2].options[0]
    assert isinstance(prefix, Term) and prefix.prefix and prefix.key == "मिसा"
    assert q.lang == "ur"
    assert (q.date_from, q.date_to) == ("2023-01-01", "2023-12-31")
    assert q.source == [match_key("WE"), match_key("News")]
    assert q.messages == []


def test_date_ranges() -> None:
    q = parse_query("کم date:2023-09..2024")
    assert (q.date_from, q.date_to) == ("2023-09-01", "2024-12-31")
    q = parse_query("date:..2022-05")
    assert (q.date_from, q.date_to) == (None, "2022-05-31")


def test_malformed_queries_degrade_with_a_message() -> None:
    q = parse_query('"شمالی کوریا')  # unbalanced quote
    assert [g.options[0].word for g in q.must] == ["شمالی", "کوریا"]
    assert any("quote" in m for m in q.messages)
    assert parse_query("OR").is_empty and parse_query("OR").messages
    assert parse_query("- * ** \"\"").is_empty
    assert parse_query("lang:xx کم").messages
    assert parse_query("date:yesterday کم").date_from is None
    q = parse_query("a*")  # prefix too short: the word itself
    assert not q.must[0].options[0].prefix and q.messages


def test_hyphenated_name_is_a_phrase() -> None:
    q = parse_query("Kim-Jong-un")
    assert isinstance(q.must[0].options[0], Phrase)


def test_lang_aliases_in_any_script() -> None:
    assert parse_query("lang:اردو").lang == "ur"
    assert parse_query("lang:हिंदी").lang == "hi"


def test_highlight_marks_every_variant_spelling() -> None:
    hl = Highlighter(parse_query("کوریا"))
    text = "شمالی کوریا اور جنوبی كوريا، کوریائی"
    marked = [text[s:e] for s, e in hl.spans(text)]
    assert marked == ["کوریا", "كوريا"]


def test_highlight_phrases_prefixes_and_hindi_marks() -> None:
    hl = Highlighter(parse_query('"उत्तर कोरिया" मिसा*'))
    text = "उत्तर कोरिया ने मिसाइलें दीं, कोरिया उत्तर में"
    assert [text[s:e] for s, e in hl.spans(text)] == ["उत्तर कोरिया", "मिसाइलें"]


def test_highlight_inflected_forms_through_stemming() -> None:
    hl = Highlighter(parse_query("ہتھیار"))
    text = "روس کو ہتھیاروں کی فراہمی اور ہتھیار"
    assert [text[s:e] for s, e in hl.spans(text)] == ["ہتھیاروں", "ہتھیار"]


def test_snippet_cuts_at_word_boundaries_and_shifts_spans() -> None:
    text = ("لفظ " * 80) + "کوریا " + ("لفظ " * 80)
    hl = Highlighter(parse_query("کوریا"))
    snip = cut_snippet(text, hl.spans(text), 120)
    assert snip.text.startswith("…") and snip.text.endswith("…")
    assert [snip.text[s:e] for s, e in snip.spans] == ["کوریا"]
    assert len(snip.text) <= 122


def test_snippet_picks_the_paragraph_with_most_matches() -> None:
    hl = Highlighter(parse_query("کم پیوٹن"))
    snip = hl.snippet(["کوئی بات نہیں", "کم جونگ ان اور پیوٹن", "پیوٹن"])
    assert snip.paragraph == 1
    assert snip.marked() == "«کم» جونگ ان اور «پیوٹن»"


_query_chars = st.sampled_from(list('"-*: OR()ab کوریا कोरिया\u200f\u2067\u0651\u094d') +
                               ["lang:", "date:", "source:", "..", "OR"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_query_chars, max_size=25).map("".join) | st.text(max_size=60))
def test_parser_and_highlighter_never_raise(text: str) -> None:
    q = parse_query(text)
    hl = Highlighter(q)
    for s, e in hl.spans(text):
        assert 0 <= s < e <= len(text)
