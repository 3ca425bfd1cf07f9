"""Two processes (or windows) on one library, and reading while writing.

Two `Library` objects on one folder behave as two processes would: the writer lock and the
presence marks are per open file, not per process.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from akhbar.index.library import Library
from akhbar.index.store.locks import WAIT_MESSAGE

from kill_loop import make_sources


@pytest.fixture
def two(tmp_path: Path):
    root = tmp_path / "lib"
    a = Library.open(root, seed=False)
    b = Library.open(root, seed=False)
    yield a, b
    a.close()
    b.close()


def test_each_sees_the_other(two) -> None:
    a, b = two
    assert a.other_processes() == 1 and b.other_processes() == 1
    b.close()
    assert a.other_processes() == 0


def test_the_second_writer_waits_its_turn_and_says_so(two, tmp_path: Path) -> None:
    a, b = two
    src = make_sources(tmp_path / "src", 4)
    messages: list[str] = []
    done = threading.Event()
    result = {}

    def second() -> None:
        result["report"] = b.import_paths([src], progress=lambda d, t, c: messages.append(c))
        done.set()

    with a.writer.hold():
        t = threading.Thread(target=second)
        t.start()
        time.sleep(0.6)
        assert not done.is_set(), "the second writer must wait while the first writes"
        assert WAIT_MESSAGE in messages
    t.join(30)
    assert done.is_set() and len(result["report"].imported) == 4
    # the first sees the second's articles, in the store and in the search index
    assert a.count() == 4
    assert a.search("crash test").total == 4
    assert a.doctor(fix=False)["problems"] == []


def test_cancel_while_waiting_for_the_other_writer(two, tmp_path: Path) -> None:
    a, b = two
    src = make_sources(tmp_path / "src", 2)
    stop = threading.Event()
    result = {}
    with a.writer.hold():
        t = threading.Thread(target=lambda: result.update(
            r=b.import_paths([src], cancel=stop.is_set)))
        t.start()
        time.sleep(0.3)
        stop.set()
        t.join(10)
        assert not t.is_alive(), "cancel must end the wait"
    assert result["r"].cancelled and result["r"].imported == []
    assert b.count() == 0 and b.doctor(fix=False)["problems"] == []


def test_a_rebuild_by_the_other_process_is_picked_up(two, tmp_path: Path) -> None:
    a, b = two
    a.import_paths([make_sources(tmp_path / "src", 5)])
    assert b.search("crash test").total == 5
    a.reindex()  # swaps a new index folder in under b's feet
    a.import_paths([make_sources(tmp_path / "more", 2, "x")])
    res = b.search("crash test")
    assert res.total == 7 and len({h.id for h in res.hits}) == len(res.hits)


def test_searching_while_an_import_runs(tmp_path: Path) -> None:
    """The GUI's situation: one thread imports, another keeps searching. No search fails or
    waits for the import, and the new articles are found once committed."""
    lib = Library.open(tmp_path / "lib", seed=False)
    lib.import_paths([make_sources(tmp_path / "first", 3, "f")])
    src = make_sources(tmp_path / "src", 80)
    errors: list[BaseException] = []
    totals: list[int] = []
    slowest = 0.0
    t = threading.Thread(target=lambda: lib.import_paths([src]))
    t.start()
    while t.is_alive():
        started = time.monotonic()
        try:
            totals.append(lib.search("crash test").total)
            lib.get(lib.list()[0].id)
        except BaseException as e:  # noqa: BLE001 - any error is the failure
            errors.append(e)
        slowest = max(slowest, time.monotonic() - started)
    t.join()
    assert errors == []
    assert len(totals) > 3 and totals[0] >= 3
    assert totals == sorted(totals), "an article once found stays found"
    assert lib.search("crash test").total == lib.count()
    print(f"{len(totals)} searches during the import, slowest {slowest * 1000:.0f} ms")
    lib.close()


@pytest.mark.parametrize("after", [0, 1, 7, 23])
def test_cancel_at_any_point_leaves_the_library_consistent(tmp_path: Path, after: int) -> None:
    src = make_sources(tmp_path / "src", 30)
    with Library.open(tmp_path / "lib", seed=False) as lib:
        seen = []
        report = lib.import_paths([src], progress=lambda d, t, c: seen.append(d),
                                  cancel=lambda: len(seen) > after)
        assert report.cancelled
        assert lib.count() == len(report.imported) <= after + 1
        assert lib.doctor(fix=False)["problems"] == []
        assert lib.search("crash test").total == lib.count()
        again = lib.import_paths([src])  # the rest comes in later; nothing twice
        assert lib.count() == len(report.imported) + len(again.imported)
        assert lib.doctor(fix=False)["problems"] == []


def test_two_processes_importing_at_once_take_turns(tmp_path: Path) -> None:
    """Two real `akhbar import` processes on one library at the same moment: both finish,
    neither shows a traceback, and the library holds both folders exactly once."""
    import os
    import subprocess
    import sys

    root = tmp_path / "lib"
    a = make_sources(tmp_path / "a", 25, "a")
    b = make_sources(tmp_path / "b", 25, "b")
    env = dict(os.environ, AKHBAR_NO_SEED="1")
    procs = [subprocess.Popen([sys.executable, "-m", "akhbar.index.cli", "--library", str(root),
                               "import", str(folder), "--json"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for folder in (a, b)]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (_out, err) in zip(procs, outs):
        assert p.returncode in (0, 1) and "Traceback" not in err, err
    import json
    imported = sum(len(json.loads(out)["imported"]) for out, _ in outs)
    with Library.open(root, seed=False) as lib:
        assert lib.count() == imported > 0
        assert lib.doctor(fix=False)["problems"] == []
        assert lib.search("crash test").total == imported
