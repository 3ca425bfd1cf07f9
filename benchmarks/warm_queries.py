"""Warm query latency of both engines, measured side by side in one process.

Why: `run.py` times each engine's queries once, right after its build or after the previous
run's cold-open test dropped its files from the page cache, and this machine's speed drifts by
tens of percent from one minute to the next. Here every pass runs the same queries through
Akhbar and FTS5 one kind at a time, alternating, after both engines' files are in memory, so
the ratio between them is taken at the same moment. Pass 1 warms (it reads the files); the
figures of the later passes are the warm latency.

    .venv/bin/python benchmarks/warm_queries.py --size 100000 [--passes 3]

Needs the engines built by `run.py` (same work folder). Prints a Markdown table per pass.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import KINDS, engine_module, load_queries, percentiles  # noqa: E402
from run import engine_path, size_label  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/akhbar-bench"))
    ap.add_argument("--passes", type=int, default=3)
    a = ap.parse_args()
    corpus_dir = a.workdir / size_label(a.size)
    queries = load_queries(corpus_dir)
    engines = {name: engine_module(name) for name in ("akhbar", "fts5")}
    handles = {name: mod.open_engine(engine_path(corpus_dir, name))
               for name, mod in engines.items()}
    try:
        for p in range(1, a.passes + 1):
            print(f"\npass {p}{' (reads the files)' if p == 1 else ''}\n")
            print("| kind | Akhbar p50 / p95 (ms) | FTS5 p50 / p95 (ms) | p95 ratio |")
            print("|---|---|---|---|")
            for kind in KINDS:
                stats = {}
                for name, mod in engines.items():
                    times = []
                    for q in queries[kind]:
                        t0 = time.perf_counter()
                        mod.search(handles[name], q[mod.QUERY_KEY])
                        times.append((time.perf_counter() - t0) * 1000)
                    stats[name] = percentiles(times)
                ak, ft = stats["akhbar"], stats["fts5"]
                print(f"| {kind} | {ak['p50']:.1f} / {ak['p95']:.1f} | "
                      f"{ft['p50']:.1f} / {ft['p95']:.1f} | {ak['p95'] / ft['p95']:.2f}× |",
                      flush=True)
    finally:
        for name, mod in engines.items():
            mod.close(handles[name])


if __name__ == "__main__":
    main()
