"""The index writers' posting pool (index/search/pool.py) groups postings by term instead of
sorting them all. A segment it writes must hold exactly what whoosh's own pool writes: the
same terms, documents, weights and lengths, so searches find and rank the same articles."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index as windex
from whoosh.filedb.filestore import RamStorage
from whoosh import writing

from akhbar.index.search import backend as backend_mod
from akhbar.index.search import pool
from akhbar.index.search.backend import IndexDoc, SearchBackend

WORDS = [f"w{i}" for i in range(60)]


def _docs(n: int, seed: int = 3) -> list[IndexDoc]:
    rng = random.Random(seed)

    def words(k: int) -> str:
        return " ".join(WORDS[min(int(rng.expovariate(0.1)), len(WORDS) - 1)] for _ in range(k))

    return [IndexDoc(id=f"d{i}", rev=1, keys="\n".join([words(3)] + [words(rng.randint(5, 40))
                                                                    for _ in range(3)]),
                     lang=rng.choice(["ur", "hi"]), date="2023-09-05", source="dawn")
            for i in range(n)]


def _contents(directory: Path) -> tuple[dict, list]:
    """Every posting (by article id) and every article's field lengths."""
    ix = windex.open_dir(str(directory), indexname=backend_mod.INDEX_NAME)
    with ix.searcher() as s:
        r = s.reader()
        ids = {docnum: fields["id"] for docnum, fields in r.iter_docs()}
        postings = {}
        for field, text in r.all_terms():
            m = r.postings(field, text)
            found = []
            while m.is_active():
                found.append((ids[m.id()], m.weight(), m.value()))
                m.next()
            postings[(field, text)] = sorted(found)
        lengths = sorted((ids[d], r.doc_field_length(d, "body"), r.doc_field_length(d, "title"))
                         for d in ids)
    return postings, lengths


def _build(directory: Path, pool_class: type, docs: list[IndexDoc], limitmb: int,
           merge_in: list[IndexDoc] | None = None) -> tuple[dict, list]:
    saved = writing.PostingPool
    writing.PostingPool = pool_class
    try:
        be = SearchBackend(directory)
        be.create_empty()
        ix = be._require()
        if merge_in:  # an older segment, merged into the new one at commit (whoosh's merge)
            be.write(merge_in, replace=False, merge=False)
        w = ix.writer(limitmb=limitmb)
        for d in docs:
            w.add_document(**backend_mod._fields(d))
        w.commit(optimize=bool(merge_in))
        be.close()
    finally:
        writing.PostingPool = saved
    return _contents(directory)


@pytest.mark.parametrize("limitmb", [256, 1], ids=["in memory", "runs on disk"])
def test_segments_written_through_the_term_pool_equal_whooshs(tmp_path: Path,
                                                               limitmb: int) -> None:
    docs = _docs(400)
    whooshs = _build(tmp_path / "whoosh", pool.TermPool.__mro__[1], docs, limitmb)
    ours = _build(tmp_path / "term", pool.TermPool, docs, limitmb)
    assert len(ours[0]) > 100 and sum(len(p) for p in ours[0].values()) > 10_000
    assert ours == whooshs


def test_a_segment_merged_in_at_commit_is_written_as_whoosh_writes_it(tmp_path: Path) -> None:
    """whoosh's merge adds an older segment's postings a term at a time, after the new
    documents (document numbers no longer arrive in order overall)."""
    old, new = _docs(150, seed=5), _docs(150, seed=6)
    new = [IndexDoc(f"n{d.id}", d.rev, d.keys, d.lang, d.date, d.source) for d in new]
    whooshs = _build(tmp_path / "whoosh", pool.TermPool.__mro__[1], new, 256, merge_in=old)
    ours = _build(tmp_path / "term", pool.TermPool, new, 256, merge_in=old)
    assert {i for i, *_ in ours[1]} == {d.id for d in old + new}
    assert ours == whooshs


def test_the_backend_writes_through_the_term_pool() -> None:
    assert writing.PostingPool is pool.TermPool


POSTINGS = st.lists(st.tuples(st.sampled_from(["body", "pairs", "title"]),
                              st.sampled_from([b"a", b"ab", b"b\xc3"]), st.integers(0, 50),
                              st.floats(0.5, 9.0), st.binary(max_size=2)),
                    max_size=300, unique_by=lambda p: (p[0], p[1], p[2]))


@settings(max_examples=60, deadline=None)
@given(postings=POSTINGS, limit=st.sampled_from([256, 0]))
def test_the_pool_yields_any_postings_sorted_as_whooshs_does(postings: list, limit: int) -> None:
    """In any arrival order (a term's documents out of order included), in memory or through
    runs on disk (limit 0: a run after every posting), the pool gives back exactly the sorted
    postings whoosh's pool would."""
    p = pool.TermPool(RamStorage(), None, limitmb=limit)
    for item in postings:
        p.add(item)
    assert list(p.iter_postings()) == sorted(postings)
    p.cleanup()
