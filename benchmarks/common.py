"""Measurement helpers shared by run.py and the engine adapters (fts5_baseline, akhbar_engine).

Every engine adapter is a module exposing the same small interface, so both engines are timed
by the same code:

    QUERY_KEY: str                                   # which string of queries.json it takes
    build(files, path, progress) -> dict             # import; returns {"articles", "seconds", ...}
    sizes(path) -> dict                              # {"index_bytes", "total_bytes"}
    open_engine(path) -> handle
    search(handle, query, limit=10) -> (returned, total | None)
    close(handle)

Cold open runs in a fresh interpreter (`python common.py cold ENGINE PATH QUERY`) after the
engine's files are dropped from the OS page cache with posix_fadvise(DONTNEED): that needs no
root, touches only our own files, and makes "cold" mean disk-cold, not just process-cold.
"""
from __future__ import annotations

import importlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
ENGINE_MODULES = {"akhbar": "akhbar_engine", "fts5": "fts5_baseline"}
KINDS = ("word", "and", "phrase", "prefix")
WARMUP_PER_KIND = 5

Progress = Callable[[int, int], None]


def engine_module(name: str) -> ModuleType:
    """Import an adapter by engine name (benchmarks/ is on sys.path when run as scripts)."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    return importlib.import_module(ENGINE_MODULES[name])


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The shards listed in corpus.json, in order (the manifest marks a finished corpus)."""
    manifest = json.loads((corpus_dir / "corpus.json").read_text())
    return [corpus_dir / name for name in manifest["shards"]]


def load_queries(corpus_dir: Path, per_kind: int | None = None) -> dict[str, list[dict]]:
    """queries.json grouped by kind, optionally cut to the first `per_kind` of each."""
    grouped: dict[str, list[dict]] = {k: [] for k in KINDS}
    for q in json.loads((corpus_dir / "queries.json").read_text(encoding="utf-8")):
        grouped[q["kind"]].append(q)
    if per_kind:
        grouped = {k: v[:per_kind] for k, v in grouped.items()}
    return grouped


def dir_size(path: Path) -> int:
    """Bytes on disk under `path` (file or folder); apparent sizes, no block rounding."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def percentiles(ms: list[float]) -> dict[str, float]:
    """p50/p95/mean/max without numpy; `inclusive` so small samples stay within min..max."""
    if len(ms) < 2:
        v = ms[0] if ms else float("nan")
        return {"p50": v, "p95": v, "mean": v, "max": v}
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return {"p50": q[49], "p95": q[94], "mean": statistics.fmean(ms), "max": max(ms)}


def time_queries(mod: ModuleType, handle: Any, queries: dict[str, list[dict]]) -> dict[str, dict]:
    """Per kind: warm up on WARMUP_PER_KIND queries, then time each query once.

    A query's time covers parsing, matching, ranking, fetching the top 10 and their snippets
    (the adapter touches id, title and snippet of every returned hit).
    """
    out: dict[str, dict] = {}
    key = mod.QUERY_KEY
    for kind, qs in queries.items():
        for q in qs[:WARMUP_PER_KIND]:
            mod.search(handle, q[key])
        times: list[float] = []
        zero = 0
        totals: list[int] = []
        for q in qs:
            t0 = time.perf_counter()
            returned, total = mod.search(handle, q[key])
            times.append((time.perf_counter() - t0) * 1000)
            zero += returned == 0
            if total is not None:
                totals.append(total)
        stats = percentiles(times)
        stats.update(queries=len(qs), zero_hits=zero)
        if totals:
            stats["mean_total_hits"] = statistics.fmean(totals)
        out[kind] = stats
    return out


def evict_page_cache(path: Path) -> bool:
    """Drop `path`'s files from the OS page cache (Linux); False if the platform can't."""
    if not hasattr(os, "posix_fadvise"):
        return False
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    for p in files:
        fd = os.open(p, os.O_RDONLY)
        try:
            os.fsync(fd)  # dirty pages are not dropped; flush them first
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    return True


def cold_open(engine: str, path: Path, query: str, runs: int = 3) -> dict:
    """Median of `runs` fresh-process cold opens (see module docstring)."""
    samples: list[dict] = []
    for _ in range(runs):
        evicted = evict_page_cache(path)
        proc = subprocess.run([sys.executable, str(HERE / "common.py"), "cold", engine, str(path), query],
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"cold-open child for {engine} failed:\n{proc.stderr}")
        sample = json.loads(proc.stdout.strip().splitlines()[-1])
        sample["page_cache_evicted"] = evicted
        samples.append(sample)
    samples.sort(key=lambda s: s["cold_ms"])
    median = dict(samples[len(samples) // 2])
    median["runs_cold_ms"] = [round(s["cold_ms"], 1) for s in samples]
    return median


def _cold_child(engine: str, path: str, query: str) -> None:
    """Runs in the fresh interpreter: module import, open, first search, each timed."""
    t0 = time.perf_counter()
    mod = engine_module(engine)
    t1 = time.perf_counter()
    handle = mod.open_engine(Path(path))
    t2 = time.perf_counter()
    mod.search(handle, query)
    t3 = time.perf_counter()
    mod.close(handle)
    print(json.dumps({"import_ms": (t1 - t0) * 1000, "open_ms": (t2 - t1) * 1000,
                      "first_query_ms": (t3 - t2) * 1000, "cold_ms": (t3 - t1) * 1000}))


def progress_printer(label: str) -> Progress:
    """A progress(done, total) callback printing to stderr about every 10%, with the rate."""
    t0 = time.perf_counter()
    last = [0]

    def report(done: int, total: int) -> None:
        if done - last[0] >= max(1, total // 10) or (done == total and done != last[0]):
            last[0] = done
            rate = done / max(time.perf_counter() - t0, 1e-9)
            print(f"  {label}: {done}/{total} ({rate:,.0f}/s)", file=sys.stderr, flush=True)

    return report


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "cold":
        _cold_child(*sys.argv[2:])
    else:
        sys.exit("usage: common.py cold ENGINE PATH QUERY  (internal, used by run.py)")
