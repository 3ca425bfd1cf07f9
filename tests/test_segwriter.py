"""The batch segment writer (index/search/segwriter.py) must write exactly the segment whoosh's
own writer writes for the same articles: every file of the segment, byte for byte. Then
whoosh, the stored lists and the numpy ranking read it as they read whoosh's, and a search
finds the same articles with the same scores."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index as windex
from whoosh.codec import whoosh3
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from akhbar.index.search import backend as backend_mod
from akhbar.index.search.backend import IndexDoc, SearchBackend
from akhbar.index.search.query import parse_query
from akhbar.index.text.stem import match_key

# Match keys of words of both scripts and Latin, so term order is UTF-8 byte order
VOCAB = list(dict.fromkeys(match_key(w) for w in [
    "کوریا", "روس", "پیوٹن", "کم", "جونگ", "ان", "میں", "کے", "उत्तर", "कोरिया", "पुतिन", "रूस",
    "के", "में", "kim", "putin", "2023", "10,000", "ä", "a", "z", "ab", "ک", "کی"]))


def _doc(rng: random.Random, i: int) -> IndexDoc:
    def line(lo: int, hi: int) -> str:
        # a skewed choice: some words recur often in one article (frequencies above 1)
        return " ".join(VOCAB[min(int(rng.expovariate(0.25)), len(VOCAB) - 1)]
                        for _ in range(rng.randint(lo, hi)))

    lines = [line(0, 6)] + [line(0, 40) for _ in range(rng.randint(0, 6))]
    return IndexDoc(id=f"a{i:05d}", rev=rng.randint(1, 3), keys="\n".join(lines),
                    lang=rng.choice(["ur", "hi", "en", "und"]),
                    date=rng.choice(["", "2023-09-05", "2025-03-22"]),
                    source=rng.choice(["", "Dawn", "BBC Urdu", "دنیا نیوز", "अमर उजाला"]))


def _segment_files(folder: Path, docs: list[IndexDoc], batch: bool,
                   monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Write `docs` into a fresh index at `folder` as one segment with a fixed id; return the
    contents of every file of the segment."""
    monkeypatch.setattr(whoosh3.W3Codec, "new_segment",
                        lambda self, storage, name: whoosh3.W3Segment(self, name, segid="s" * 16))
    folder.mkdir()
    ix = windex.create_in(str(folder), backend_mod.build_schema(), indexname=backend_mod.INDEX_NAME)
    if batch:
        writer = backend_mod._open_writer(ix, batch=True)
        for d in docs:
            writer.add_keyed(d.keys, **backend_mod._plain_fields(d))
    else:
        writer = SegmentWriter(ix)
        for d in docs:
            writer.add_document(**backend_mod._fields(d))
    writer.commit(merge=False)
    ix.close()
    (seg,) = [p for p in folder.iterdir() if p.suffix == ".seg"]
    compound = CompoundStorage(FileStorage(str(folder)).open_file(seg.name))
    return {name: compound.open_file(name).read() for name in compound.list()}


@pytest.mark.parametrize("n", [1, 7, 300])
def test_batch_writer_writes_whooshs_segment_byte_for_byte(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    rng = random.Random(n)
    docs = [_doc(rng, i) for i in range(n)]
    # 300 articles: common words have lists of several 128-posting blocks
    ours = _segment_files(tmp_path / "ours", docs, True, monkeypatch)
    whooshs = _segment_files(tmp_path / "whoosh", docs, False, monkeypatch)
    assert sorted(ours) == sorted(whooshs)
    for name in whooshs:
        assert ours[name] == whooshs[name], name


def test_postings_written_a_chunk_of_terms_at_a_time_are_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large segment's postings become Python lists a chunk of terms at a time."""
    from akhbar.index.search import segwriter

    rng = random.Random(5)
    docs = [_doc(rng, i) for i in range(300)]
    whooshs = _segment_files(tmp_path / "whoosh", docs, False, monkeypatch)
    monkeypatch.setattr(segwriter, "CHUNK_POSTINGS", 7)
    assert _segment_files(tmp_path / "ours", docs, True, monkeypatch) == whooshs


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.lists(st.sampled_from(VOCAB + ["", " "]), max_size=12),
                         min_size=1, max_size=4), min_size=1, max_size=12))
def test_any_articles_give_whooshs_segment(tmp_path_factory: pytest.TempPathFactory,
                                           docs_lines: list[list[list[str]]]) -> None:
    """Empty titles, empty paragraphs, stray spaces, one-word articles."""
    docs = [IndexDoc(id=f"h{i}", rev=1, keys="\n".join(" ".join(w) for w in lines),
                     lang="ur", date="", source="") for i, lines in enumerate(docs_lines)]
    with pytest.MonkeyPatch.context() as mp:
        base = tmp_path_factory.mktemp("seg")
        ours = _segment_files(base / "ours", docs, True, mp)
        whooshs = _segment_files(base / "whoosh", docs, False, mp)
    assert ours == whooshs


def test_searches_find_the_same_through_either_writer(tmp_path: Path) -> None:
    """The backend's own paths: an import batch (batch writer) and updates (whoosh's)."""
    rng = random.Random(3)
    docs = [_doc(rng, i) for i in range(200)]
    added = SearchBackend(tmp_path / "added")
    added.create_empty()
    added.write(docs, replace=False, merge=False)
    updated = SearchBackend(tmp_path / "updated")
    updated.create_empty()
    updated.write(docs, replace=True)
    try:
        for text in ["کوریا", "उत्तर कोरिया", '"کوریا روس"', "putin OR kim", "کم -ان", "ک*",
                     "source:dawn", "lang:hi के"]:
            q = parse_query(text)
            want = updated.search(q, limit=50).hits
            assert want, text
            assert added.search(q, limit=50).hits == want, text
    finally:
        added.close()
        updated.close()
