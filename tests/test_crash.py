"""Crash safety, for real: SIGKILL an import or a rebuild at random moments, reopen, check.

The loop itself is tests/kill_loop.py (also runnable alone for long runs). 20 kills run in the
normal suite; `--runslow` runs 100 more.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from akhbar.index.library import Library

from kill_loop import make_sources, run_loop


def _run(tmp_path: Path, runs: int, seed: int) -> None:
    out = run_loop(tmp_path, runs, seed=seed, log=lambda line: None)
    print(out.line())
    assert out.failures == []
    assert out.survived == out.runs == runs
    assert out.killed >= runs // 2, "the kills should mostly land while work is going on"


def test_killed_imports_and_rebuilds_lose_nothing(tmp_path: Path) -> None:
    _run(tmp_path, 20, seed=20261124)


@pytest.mark.slow
def test_killed_imports_and_rebuilds_lose_nothing_long(tmp_path: Path) -> None:
    _run(tmp_path, 100, seed=int(time.time()))


def test_a_writer_killed_while_holding_the_lock_does_not_block_the_next(tmp_path: Path) -> None:
    """The writer lock and whoosh's lock are kernel locks: a killed holder releases them, and
    the next process writes at once (no "stale lock" for the user to delete)."""
    root = tmp_path / "lib"
    Library.open(root, seed=False).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\n"
         "from akhbar.index.library import Library\n"
         f"lib = Library.open({str(root)!r}, seed=False)\n"
         "lib.writer.hold().__enter__()\n"
         "w = lib.backend._require().writer()\n"  # whoosh's own write lock too
         "print('holding', flush=True)\n"
         "time.sleep(60)\n"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with Library.open(root, seed=False) as lib:  # alive: opening does not wait
            assert lib.other_processes() == 1
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        src = make_sources(tmp_path / "src", 3)
        started = time.monotonic()
        with Library.open(root, seed=False) as lib:
            assert any("ended without closing" in line for line in lib.recovered)
            report = lib.import_paths([src])
            assert len(report.imported) == 3
            assert lib.doctor(fix=False)["problems"] == []
        assert time.monotonic() - started < 30
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def test_the_loop_forgives_only_a_worker_that_was_still_starting() -> None:
    """The kill loop fails a run on any traceback but one: an import's preparation worker,
    spawned just before the kill, finding its parent's pipe cut, or killed with its parent
    halfway through printing that. A real error must still fail the run."""
    from kill_loop import _without_orphaned_worker_starts as forgive

    start = (b'Traceback (most recent call last):\n  File "<string>", line 1, in <module>\n'
             b'  File "/py/multiprocessing/spawn.py", line 122, in spawn_main\n'
             b'    exitcode = _main(fd, parent_sentinel)\n')
    assert not forgive(start + b"EOFError: Ran out of input\n").strip()
    assert not forgive(start).strip()  # cut off before its last line
    assert forgive(start + b"ValueError: something else\n").strip()
    real = b'Traceback (most recent call last):\n  File "index/x.py", line 3, in f\nKeyError: 1\n'
    assert forgive(real).strip()
