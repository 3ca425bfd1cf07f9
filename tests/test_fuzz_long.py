"""Long property runs (10,000 examples each), behind --runslow: `./test.sh --runslow`.

The same properties run with a few hundred examples in the normal suite; these catch rarer
inputs (RTL marks, isolates, combining-mark runs, surrogates, control characters).
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akhbar.index.ingest.build import NoArticleText, build_article
from akhbar.index.model import DecodedArticle
from akhbar.index.search.highlight import Highlighter
from akhbar.index.search.query import parse_query
from akhbar.index.text.keyseq import key_text
from akhbar.index.text.normalize import normalize
from akhbar.index.text.tokenize import token_spans

pytestmark = pytest.mark.slow

# any code point, surrogates and control characters included
_hostile = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF,
                                          exclude_categories=()), max_size=80)
_scripts = st.lists(st.sampled_from(
    list("کوریاكويهةۂئآءٹڈڑںےھ ") + list("कोरियाउत्तरक़ज़ँं ")
    + ["\u064e", "\u0651", "\u0670", "\u0640", "\u093c", "\u094d", "\u200c", "\u200d",
       "\u200f", "\u2067", "\u2069", "\u202e", "\x00", "\ud800", "\"", "-", "*", ":", "\n"]
    + ["OR ", "lang:", "date:", "..", "source:"]), max_size=60).map("".join)
_long = settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))


@_long
@given(_hostile | _scripts)
def test_normaliser_and_tokenizer(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    for s, e, surface in token_spans(text):
        assert text[s:e] == surface


@_long
@given(_hostile | _scripts)
def test_query_parser_and_highlighter(text: str) -> None:
    q = parse_query(text)
    for s, e in Highlighter(q).spans(text):
        assert 0 <= s < e <= len(text)
    Highlighter(q).snippet([text, text[::-1]])


@_long
@given(st.lists(_hostile | _scripts, max_size=12))
def test_cleaner_never_crashes_and_loses_nothing(lines: list[str]) -> None:
    try:
        article = build_article(DecodedArticle(lines=lines), "fuzz.txt")
    except NoArticleText:
        return
    assert article.paragraphs
    key_text(article.title, [p.text for p in article.paragraphs])
