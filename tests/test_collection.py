"""Fewer garbage collections during an import, and everything as it was afterwards."""
from __future__ import annotations

import gc
import threading

from akhbar.index.collection import BULK_THRESHOLD, bulk_collection


def test_settings_change_inside_and_are_restored_after_nesting_and_threads() -> None:
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    inside: list[tuple[int, ...]] = []
    entered, release = threading.Event(), threading.Event()

    def other_import() -> None:
        with bulk_collection():
            inside.append(gc.get_threshold())
            entered.set()
            release.wait(10)

    with bulk_collection():
        assert gc.get_threshold() == BULK_THRESHOLD
        assert gc.get_freeze_count() > frozen  # what lived before is not walked again
        t = threading.Thread(target=other_import)
        t.start()
        assert entered.wait(10)
        with bulk_collection():
            assert gc.get_threshold() == BULK_THRESHOLD
        assert gc.get_threshold() == BULK_THRESHOLD  # the inner exit restored nothing
    assert gc.get_threshold() == BULK_THRESHOLD  # the other thread's import still runs
    release.set()
    t.join()
    assert inside == [BULK_THRESHOLD]
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen


def test_garbage_made_during_an_import_is_still_collected() -> None:
    class Node:
        pass

    import weakref

    with bulk_collection():
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle: only the cyclic collector frees it
        gone = weakref.ref(a)
        del a, b
        for _ in range(3):
            gc.collect(0)
            gc.collect()
        assert gone() is None


def test_an_error_inside_restores_the_settings() -> None:
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    try:
        with bulk_collection():
            raise KeyError("x")
    except KeyError:
        pass
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen
