"""A large import prepares its articles in worker processes (index/prepare.py): the library it
builds must be the one an import in one process builds, and the workers must neither be lost
work when one dies nor outlive a killed import."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kill_loop import make_sources

from akhbar.index import library as library_module
from akhbar.index.library import Library
from akhbar.index.prepare import Preparer, chunks, prepare


def _snapshot(lib: Library) -> list[tuple]:
    rows = sorted(lib.list(), key=lambda r: r.id)
    return [(r.id, r.title, r.lang, r.date, r.source,
             [(m.paragraph, m.start, m.end, m.type, m.entity_id)
              for m in lib.entities.mentions(r.id)])
            for r in rows]


def test_an_import_on_all_cores_stores_what_one_process_stores(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = make_sources(tmp_path / "src", 70)  # ≥ BULK_FILES: a large import
    used: list[int] = []
    real = library_module.worker_count
    monkeypatch.setattr(library_module, "worker_count",
                        lambda files: used.append(max(2, real(files))) or used[-1])
    with Library.open(tmp_path / "workers") as lib:
        report = lib.import_paths([src])
        with_workers = _snapshot(lib)
    assert used == [2]
    monkeypatch.setattr(library_module, "worker_count", lambda files: 0)
    with Library.open(tmp_path / "inline") as lib:
        inline_report = lib.import_paths([src])
        inline = _snapshot(lib)
    assert len(report.imported) > 50 and report.rejected  # (some bases are not articles)
    assert [i["source_path"] for i in report.imported] == \
        [i["source_path"] for i in inline_report.imported]  # the files' order is kept
    assert report.rejected == inline_report.rejected
    assert with_workers == inline
    assert any(mentions for *_, mentions in with_workers)


def test_a_worker_that_dies_costs_no_article(seeded_library: Library) -> None:
    from akhbar.index.ingest.readers import decode_document, read_file
    from akhbar.index.paths import seeds_dir

    items = [a for p in sorted(seeds_dir().iterdir())
             for a in decode_document(read_file(p)).articles]
    recogniser, untagged = seeded_library.entities.recogniser()
    expected = [p.chash for p in prepare(items, "seeds", recogniser)]
    with Preparer(recogniser, untagged, workers=1) as preparer:
        first = preparer.submit(items[:2], "seeds")
        assert [p.chash for p in preparer.result(first, items[:2], "seeds")] == expected[:2]
        for proc in list(preparer._pool._processes.values()):  # type: ignore[union-attr]
            proc.kill()
            proc.join()
        futures = [(preparer.submit(c, "seeds"), c) for c in chunks(items[2:], 1)]
        got = [p.chash for f, c in futures for p in preparer.result(f, c, "seeds")]
    assert got == expected[2:]


def test_preparation_workers_die_with_a_killed_import(tmp_path: Path) -> None:
    src = make_sources(tmp_path / "src", 3)
    code = (
        "import sys, time\n"
        "from akhbar.index.library import Library\n"
        "from akhbar.index.prepare import Preparer\n"
        "from akhbar.index.ingest.readers import decode_document, read_file\n"
        "if __name__ == '__main__':\n"
        f"    lib = Library.open({str(tmp_path / 'lib')!r})\n"
        "    rec, untagged = lib.entities.recogniser()\n"
        "    p = Preparer(rec, untagged, workers=2)\n"
        f"    items = decode_document(read_file({str(next(src.iterdir()))!r})).articles\n"
        "    p.result(p.submit(items, 'x'), items, 'x')\n"
        "    print(' '.join(str(pid) for pid in p._pool._processes), flush=True)\n"
        "    time.sleep(120)\n")
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    assert workers  # (started on demand: one or two)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    alive = workers
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in workers if _running(pid)]
        time.sleep(0.05)
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, "preparation workers outlived their killed import"


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
