"""Phrase search through the word-pair bucket field: buckets are consistent between indexing
and querying, phrases stay exact (adjacent, in order, within a paragraph), and recall has no
candidate cap."""
from __future__ import annotations

from pathlib import Path

from akhbar.index.library import Library
from akhbar.index.search.analysis import pair_buckets, phrase_buckets
from akhbar.index.text.keyseq import key_text
from akhbar.index.text.stem import match_key


def _keys(*words: str) -> list[str]:
    return [match_key(w) for w in words]


def test_phrase_buckets_are_a_subset_of_the_documents_buckets() -> None:
    keys = key_text("شمالی کوریا کا دورہ", ["جنوبی کوریا اور شمالی کوریا کے درمیان بات چیت"])
    doc = pair_buckets(keys)
    for phrase in (["شمالی", "کوریا"], ["کوریا", "کے", "درمیان"], ["بات", "چیت"]):
        assert set(phrase_buckets(_keys(*phrase))) <= doc


def test_pairs_do_not_cross_paragraphs_and_keep_order() -> None:
    doc = pair_buckets("a b\nc d")
    assert set(phrase_buckets(["a", "b"])) <= doc
    assert set(phrase_buckets(["c", "d"])) <= doc
    assert not set(phrase_buckets(["b", "c"])) <= doc  # across the line break
    assert phrase_buckets(["a", "b"]) != phrase_buckets(["b", "a"])
    assert phrase_buckets(["a", "b", "a", "b"]) == phrase_buckets(["a", "b", "a"])  # distinct


def test_bucket_terms_are_stable_across_processes() -> None:
    # crc32-based, not the salted hash(): an index written by one process is queried by another
    assert phrase_buckets(["a", "b"]) == phrase_buckets(["a", "b"])
    assert all(len(b) <= 5 and int(b, 16) >= 0 for b in phrase_buckets(["کوریا", "کے", "بعد"]))


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_phrase_recall_is_complete_and_exact(tmp_path: Path) -> None:
    """Many articles hold both words apart, a few hold the phrase: every phrase article is
    found (no cap on verified candidates), none of the others, and the totals agree."""
    lib = Library.open(tmp_path / "lib")
    try:
        folder = tmp_path / "in"
        filler = "لوگ آج بازار گئے اور واپس آئے جبکہ موسم اچھا رہا۔"
        paths = []
        for i in range(80):  # both words, never adjacent
            paths.append(_write(folder, f"apart{i}.txt",
                                f"خبر نمبر {i} بارش\n\nدریا کے کنارے {filler} میلہ لگا {i}۔\n"))
        for i in range(12):  # the phrase, in body or title, with filler around it
            paths.append(_write(folder, f"phrase{i}.txt",
                                f"شہر کی خبر {i}\n\n{filler} دریا میلہ آج بھی جاری رہا {i}۔\n"))
        report = lib.import_paths(paths)
        assert not report.rejected
        res = lib.search('"دریا میلہ"', limit=50)
        found = {h.id for h in res.hits}
        phrase_ids = {i["id"] for i in report.imported
                      if Path(i["source_path"]).name.startswith("phrase")}
        assert found == phrase_ids
        assert res.total == 12 and res.total_exact
        # the reverse order and a pair split by other words are not the phrase
        assert not lib.search('"میلہ دریا"').hits
        assert len(lib.search("دریا میلہ", limit=200).hits) == 92  # the words alone: all
    finally:
        lib.close()


def test_phrase_ranking_matches_the_words_scores(tmp_path: Path) -> None:
    """The buckets only filter: a phrase hit scores what the AND of its words scores."""
    lib = Library.open(tmp_path / "lib")
    try:
        folder = tmp_path / "in"
        paths = [_write(folder, f"a{i}.txt",
                        f"عنوان {i}\n\n" + "شمالی کوریا " * (i + 1) + "کے بارے میں خبر۔\n")
                 for i in range(6)]
        lib.import_paths(paths)
        phrase = {h.id: h.score for h in lib.search('"شمالی کوریا"').hits}
        words = {h.id: h.score for h in lib.search("شمالی کوریا").hits}
        assert phrase and phrase == words
    finally:
        lib.close()
