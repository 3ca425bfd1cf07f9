"""After a long import the smallest index segments are rewritten by indexing their articles
again from the store (index/search/compaction.py). A user must find exactly what a freshly
built index finds: every article once, at its latest revision, none the store no longer has."""
from __future__ import annotations

import random
from pathlib import Path


from akhbar.index.search import backend as backend_mod
from akhbar.index.search import compaction
from akhbar.index.search.backend import IndexDoc, SearchBackend
from akhbar.index.search.query import parse_query

WORDS = [f"w{i}" for i in range(30)]


def _doc(rng: random.Random, i: int, rev: int = 1) -> IndexDoc:
    def words(n: int) -> str:
        return " ".join(WORDS[min(int(rng.expovariate(0.15)), len(WORDS) - 1)] for _ in range(n))

    keys = "\n".join([words(rng.randint(2, 5))] + [words(rng.randint(5, 30)) for _ in range(3)])
    return IndexDoc(id=f"d{i}", rev=rev, keys=keys, lang=rng.choice(["ur", "hi"]),
                    date="2023-09-05", source="dawn")


def _fragmented(tmp_path: Path, sizes: list[int]) -> tuple[SearchBackend, dict[str, IndexDoc]]:
    """An index of one segment per size (a long import's batches), with replaced and deleted
    articles, and the "store": the latest revision of every article still in the library."""
    rng = random.Random(11)
    be = SearchBackend(tmp_path / "index")
    be.create_empty()
    store: dict[str, IndexDoc] = {}
    n = 0
    for size in sizes:
        docs = [_doc(rng, n + i) for i in range(size)]
        be.write(docs, replace=False, merge=False)
        store.update((d.id, d) for d in docs)
        n += size
    replaced = [_doc(rng, i, rev=2) for i in range(0, n, 9)]
    be.write(replaced, delete_ids=[f"d{i}" for i in range(4, n, 13)], replace=True, merge=False)
    store.update((d.id, d) for d in replaced)
    for i in range(4, n, 13):
        store.pop(f"d{i}", None)
    assert be.segment_count() == len(sizes) + 1
    return be, store


def _from_store(store: dict[str, IndexDoc]):
    return lambda ids: (store[i] for i in ids if i in store)


def _results(be: SearchBackend, texts: list[str]) -> list[list[tuple[str, float]]]:
    return [[(i, round(s, 6)) for i, s in be.search(parse_query(t), limit=500).hits]
            for t in texts]


QUERIES = ["w0", "w1 w2", '"w0 w1"', "w3 OR w7", "w1 -w9", "w1*", "w5 lang:ur"]


def test_compacted_index_finds_what_a_fresh_index_finds(tmp_path: Path) -> None:
    be, store = _fragmented(tmp_path, [120, 15, 20, 10, 25, 12])
    fresh = SearchBackend(tmp_path / "fresh")
    fresh.create_empty()
    fresh.write(list(store.values()), replace=False)
    try:
        biggest = max(be._require()._segments(), key=lambda s: s.doc_count_all()).segment_id()
        assert be.compact(max_segments=3, docs_for=_from_store(store))
        assert be.segment_count() <= 3
        # the big segment was kept as it was: only small ones are rewritten
        assert biggest in {s.segment_id() for s in be._require()._segments()}
        assert sorted(be.stored_revisions()) == sorted((d.id, d.rev) for d in store.values())
        # the same articles for every query (scores differ a little: whoosh's statistics still
        # count the documents deleted from the kept segment)
        got, want = _results(be, QUERIES), _results(fresh, QUERIES)
        for g, w, text in zip(got, want, QUERIES):
            assert w, text
            assert sorted(i for i, _ in g) == sorted(i for i, _ in w)
    finally:
        be.close()
        fresh.close()


def test_article_gone_from_the_store_is_not_written_back(tmp_path: Path) -> None:
    be, store = _fragmented(tmp_path, [60, 8, 8, 8])
    try:
        small = {f"d{i}" for i in range(60, 84)} & set(store)
        gone = sorted(small)[:3]
        for aid in gone:  # deleted from the library while the index still had them
            del store[aid]
        be.compact(max_segments=2, docs_for=_from_store(store))
        ids = [aid for aid, _ in be.stored_revisions()]
        assert len(ids) == len(set(ids))
        assert not set(gone) & set(ids)
    finally:
        be.close()


def test_a_commit_in_between_changes_nothing(tmp_path: Path) -> None:
    """If the segments changed after they were chosen, the compaction gives up (the backend
    then merges) rather than dropping a segment it did not read."""
    be, store = _fragmented(tmp_path, [50, 10, 10, 10])
    ix = be._require()
    extra = _doc(random.Random(5), 999)

    def open_writer():  # type: ignore[no-untyped-def]
        be.write([extra], replace=False, merge=False)  # another commit sneaks in
        return ix.writer()

    def add_all(writer, ids: list[str]) -> None:  # type: ignore[no-untyped-def]
        for i in ids:
            if i in store:
                writer.add_document(**backend_mod._fields(store[i]))

    try:
        before = sorted(be.stored_revisions())
        assert not compaction.reindex_smallest(ix, 2, open_writer, add_all)
        assert sorted(be.stored_revisions()) == sorted(before + [(extra.id, extra.rev)])
    finally:
        be.close()


def test_a_cap_of_one_gives_one_segment(tmp_path: Path) -> None:
    be, store = _fragmented(tmp_path, [60, 30, 30])
    try:
        be.compact(max_segments=1, docs_for=_from_store(store))
        assert be.segment_count() == 1
        assert sorted(be.stored_revisions()) == sorted((d.id, d.rev) for d in store.values())
    finally:
        be.close()
