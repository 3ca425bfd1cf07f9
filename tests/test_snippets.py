"""Snippets and an open article's highlights use each paragraph's stored key line to skip the
paragraphs that cannot match (index/search/highlight.py). A user must see exactly the snippet
and the highlights that folding the text itself gives: same paragraph, same words marked."""
from __future__ import annotations

import pytest

from akhbar.index.library import Library
from akhbar.index.search.highlight import Highlighter
from akhbar.index.search.query import parse_query
from akhbar.index.text.keyseq import key_line

QUERIES = ["کوریا", "كوريا", "شمالی کوریا", '"شمالی کوریا"', "पुतिन", "उत्तर कोरिया",
           '"उत्तर कोरिया"', "روس OR रूस", "کوریا -امریکہ", "Putin", "ماسکو", "हथियार",
           "پیوٹن", "2023", "کور*", "रू*"]


@pytest.mark.parametrize("query", QUERIES)
def test_key_lines_give_the_snippet_folding_gives(seeded_library: Library, query: str) -> None:
    res = seeded_library.search(query, limit=10)
    hl = Highlighter(res.parsed)
    keys = seeded_library.store.keys_for([h.id for h in res.hits])
    for hit in res.hits:
        article = seeded_library.get(hit.id)
        paragraphs = [p.text for p in article.paragraphs]
        folded = hl.snippet(paragraphs)
        assert (hit.snippet, hit.highlights, hit.paragraph) == \
            (folded.text, folded.spans, folded.paragraph)
        assert keys[hit.id].count("\n") == len(paragraphs)  # title + one line a paragraph


@pytest.mark.parametrize("query", QUERIES)
def test_article_highlights_with_key_lines_are_the_same(seeded_library: Library,
                                                        query: str) -> None:
    for row in seeded_library.list():
        article = seeded_library.get(row.id)
        texts = [article.title] + [p.text for p in article.paragraphs]
        assert seeded_library.match_spans(query, texts, article.id) == \
            seeded_library.match_spans(query, texts)


def test_a_paragraph_holding_a_key_only_inside_a_longer_word_is_not_a_match() -> None:
    hl = Highlighter(parse_query("روس"))
    paragraphs = ["گروس نام کا ایک شخص", "ماسکو میں روس کی حکومت"]
    # "روس" is inside "گروس" in the first paragraph (the folded-text probe lets it through
    # to be tokenised), but only the second holds the word
    snip = hl.snippet(paragraphs, key_lines=[key_line(p) for p in paragraphs])
    assert (snip.paragraph, snip.spans) == (1, [(10, 13)])
    assert snip.spans == hl.snippet(paragraphs).spans


def test_key_lines_that_do_not_fit_the_paragraphs_are_ignored() -> None:
    hl = Highlighter(parse_query("روس"))
    paragraphs = ["پہلا پیراگراف", "ماسکو میں روس کی حکومت"]
    snip = hl.snippet(paragraphs, key_lines=["stale"])  # an older article's keys
    assert snip.paragraph == 1 and snip.spans
