"""The import writes index batches on a background thread while it goes on storing the next
articles (see importing.IndexBatcher). What a user would notice if that went wrong: articles
missing from search, found twice, or an index error swallowed."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from akhbar.index import importing
from akhbar.index.library import Library
from kill_loop import make_sources


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "INDEX_BATCH", 4)


def test_batches_written_in_the_background_hold_every_article(
        tmp_path: Path, small_batches: None) -> None:
    src = make_sources(tmp_path / "src", 30)
    with Library.open(tmp_path / "lib", seed=False) as lib:
        threads: list[str] = []
        write = lib.backend.write

        def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
            threads.append(threading.current_thread().name)
            return write(*args, **kwargs)

        lib.backend.write = spy  # type: ignore[method-assign]
        report = lib.import_paths([src])
        n = len(report.imported)
        assert n >= 20
        assert "akhbar-index-batch" in threads  # some batches really were written alongside
        assert len(threads) >= n // 4
        hits = lib.search("crash test", limit=100)
        assert hits.total == n == lib.count()
        assert len({h.id for h in hits.hits}) == n  # none twice
        assert lib.backend.doc_count() == n
        assert lib.doctor(fix=False)["problems"] == []
    with Library.open(tmp_path / "lib", seed=False) as again:  # nothing owed to the index
        assert again.backend.synced_seq() == again.store.max_seq()
        assert again.search("crash test").total == n


def test_a_failing_background_batch_stops_the_import_and_loses_nothing(
        tmp_path: Path, small_batches: None) -> None:
    src = make_sources(tmp_path / "src", 30)
    with Library.open(tmp_path / "lib", seed=False) as lib:
        write, calls = lib.backend.write, []

        def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(1)
            if len(calls) == 2:
                raise OSError("disk full (simulated)")
            return write(*args, **kwargs)

        lib.backend.write = failing  # type: ignore[method-assign]
        with pytest.raises(OSError, match="disk full"):
            lib.import_paths([src])
        stored = lib.count()
        assert stored >= 8  # the articles stored before the error stay stored
    with Library.open(tmp_path / "lib", seed=False) as lib:  # the index catches up on open
        assert lib.search("crash test", limit=100).total == stored
        assert lib.doctor(fix=False)["problems"] == []


def test_a_large_import_ends_with_a_few_segments_holding_every_article(
        tmp_path: Path, small_batches: None) -> None:
    """Every index batch is a segment or two, and each segment costs every query a fixed
    price: after an import of several batches they are rewritten into a few."""
    from akhbar.index.search.backend import BULK_SEGMENTS, MAX_SEGMENTS

    src = make_sources(tmp_path / "src", 40)
    with Library.open(tmp_path / "lib", seed=False) as lib:
        report = lib.import_paths([src])
        n = len(report.imported)
        assert n >= 30
        assert 1 <= lib.backend.segment_count() <= BULK_SEGMENTS
        hits = lib.search("crash test", limit=100)
        assert hits.total == n and len({h.id for h in hits.hits}) == n
        assert sorted(i for i, _ in lib.backend.stored_revisions()) == \
            sorted(r.id for r in lib.list())
        # a small import afterwards only keeps under the usual cap
        more = make_sources(tmp_path / "more", 3, tag="m")
        lib.import_paths([more])
        assert lib.backend.segment_count() <= MAX_SEGMENTS
        assert lib.search("crash test", limit=100).total == lib.count()
        assert lib.doctor(fix=False)["problems"] == []


def test_a_large_import_ends_with_its_stored_lists_ready(
        tmp_path: Path, small_batches: None) -> None:
    """The decoded posting lists of large segments (search.sidecar) are not built for the
    segments a long import compacts away, and are ready when it returns: the first searches
    after it need not decode."""
    from akhbar.index.search.sidecar import VectorStore

    src = make_sources(tmp_path / "src", 40)
    with Library.open(tmp_path / "lib", seed=False) as lib:
        be = lib.backend
        be._vectors = VectorStore(be.directory, min_docs=4, min_postings=2)
        built: list[int] = []
        build = be._vectors.build_missing

        def spy(searcher, cancel=lambda: False):  # type: ignore[no-untyped-def]
            built.append(threading.current_thread().ident or 0)
            return build(searcher, cancel)

        be._vectors.build_missing = spy  # type: ignore[method-assign]
        lib.import_paths([src])
        # built once, on the importing thread, after the compaction (not per batch)
        assert built == [threading.get_ident()]
        # every large segment has its lists, and no folder of a compacted-away one is left
        assert be._vectors.up_to_date(be._refresh())
        assert any((be.directory / "vectors").iterdir())
