"""How a parsed query becomes whoosh work: entity spellings that cannot change the matches are
not searched, and a common word is not taken for a name by its sound. Both were found at 100k
articles, where a one-word name search took seconds (see README, Benchmark)."""
from __future__ import annotations

from akhbar.index.entities.expand import expand_query
from akhbar.index.library import Library
from akhbar.index.search.analysis import phrase_buckets
from akhbar.index.search.query import AllOf, Phrase, Term, parse_query
from akhbar.index.search.translate import _useful_options, to_whoosh


class FakeReader:
    """doc_frequency from a dict; every pair bucket of a listed phrase exists."""

    def __init__(self, df: dict[str, int], phrases: list[tuple[str, ...]] = ()) -> None:
        self.df = df
        self.buckets = {b for p in phrases for b in phrase_buckets(p)}

    def doc_frequency(self, field: str, text: str) -> int:
        if field == "pairs":
            return 1 if text in self.buckets else 0
        return self.df.get(text, 0)


def _t(key: str) -> Term:
    return Term(key, key)


def test_options_holding_a_plainer_option_are_dropped() -> None:
    america, states = _t("amerik"), _t("states")
    long_name = Phrase(("united", "states", "amerik"), ("united", "states", "amerik"))
    two_words = Phrase(("united", "states"), ("united", "states"))
    reader = FakeReader({"amerik": 50, "united": 9, "states": 9},
                        [long_name.keys, two_words.keys])
    # "united states amerik" requires amerik, which is already an option: it adds no match
    assert _useful_options([america, long_name, two_words], reader) == [america, two_words]
    # a phrase is not dropped for a *phrase* it contains (adjacency is not implied)...
    assert _useful_options([two_words, long_name], reader) == [two_words, long_name]
    # ...but for a plain word it requires, it is
    assert _useful_options([states, two_words], reader) == [states]


def test_options_no_document_can_match_are_dropped() -> None:
    reader = FakeReader({"putin": 3, "vladimir": 2})
    missing_word = _t("poutine")
    unseen_pair = Phrase(("vladimir", "putin"), ("vladimir", "putin"))  # bucket never indexed
    both = AllOf((_t("vladimir"), _t("putin")))
    assert _useful_options([_t("putin"), missing_word, unseen_pair], reader) == [_t("putin")]
    assert _useful_options([both, missing_word], reader) == [both]
    assert _useful_options([missing_word], reader) == []


def test_a_group_nothing_can_match_makes_the_query_match_nothing() -> None:
    q = parse_query("zzzqqq")
    from whoosh import query as wq
    assert to_whoosh(q, FakeReader({})) is wq.NullQuery


def test_pruning_keeps_every_match(seeded_library: Library) -> None:
    """The hits of an expanded name search are the union of each spelling's own hits."""
    result = seeded_library.search("پیوٹن", limit=50)
    assert len(result.parsed.must[0].options) > 3  # expanded to several spellings
    union: set[str] = set()
    for option in result.parsed.must[0].options:
        words = option.keys if isinstance(option, Phrase) else (
            [t.word for t in option.terms] if isinstance(option, AllOf) else [option.word])
        text = '"' + " ".join(words) + '"' if isinstance(option, Phrase) else " ".join(words)
        union |= {h.id for h in seeded_library.search(f"{text} lang:ur", limit=50).hits}
        union |= {h.id for h in seeded_library.search(f"{text} lang:hi", limit=50).hits}
        union |= {h.id for h in seeded_library.search(f"{text} lang:en", limit=50).hits}
    assert {h.id for h in result.hits} == union and union


def test_a_common_word_is_not_a_name_by_its_sound(seeded_library: Library) -> None:
    service = seeded_library.entities
    misspelt = parse_query("پیوٹین")  # Putin, spelt as no list of names spells it
    assert [e.id for e in expand_query(misspelt, service, lambda w: False)] == ["vladimir_putin"]
    assert len(misspelt.must[0].options) > 1
    # the same letters, if the library used them as an everyday word, stay a word
    plain = parse_query("پیوٹین")
    assert expand_query(plain, service, lambda w: True) == []
    assert len(plain.must[0].options) == 1
    # "شمال" (north) sounds like Shmyhal: in a library where it is an everyday word it is one
    north = parse_query("شمال")
    assert expand_query(north, service, lambda w: w == "شمال") == []
    # an exact name is a name however common it is
    russia = parse_query("روس")
    assert expand_query(russia, service, lambda w: True)
