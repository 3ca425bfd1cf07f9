"""Akhbar vs SQLite FTS5 on the same generated corpus: import rate, size, cold open, query latency.

    python benchmarks/run.py --size 10000 [--engines akhbar,fts5] [--workdir /tmp/akhbar-bench]

Generates the corpus if `<workdir>/<10k>/corpus.json` is missing, builds each engine from scratch
(or keeps it with --reuse), times 4 query kinds, prints a Markdown table and writes
`<workdir>/results-<10k>.json`. See benchmarks/README.md for what each figure means.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sqlite3
import sys
import time
import traceback
from importlib import metadata
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_corpus  # noqa: E402  (needs the sys.path line above when imported from elsewhere)
from common import (KINDS, cold_open, corpus_files, engine_module, load_queries,  # noqa: E402
                    progress_printer, time_queries)

ENGINES = ("akhbar", "fts5")
ENGINE_TITLES = {"akhbar": "Akhbar", "fts5": "FTS5"}
MB = 1024 * 1024


def size_label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def engine_path(corpus_dir: Path, engine: str) -> Path:
    return corpus_dir / ("akhbar-library" if engine == "akhbar" else "fts5.db")


def load_engines(names: list[str]) -> dict[str, ModuleType]:
    """Import every adapter before any slow work, so a missing engine fails in the first second."""
    mods: dict[str, ModuleType] = {}
    for name in names:
        if name not in ENGINES:
            sys.exit(f"unknown engine {name!r}; choose from {', '.join(ENGINES)}")
        try:
            mods[name] = engine_module(name)
        except ImportError as exc:
            sys.exit(f"error: {exc}")
    return mods


def bench_engine(name: str, mod: ModuleType, corpus_dir: Path, queries: dict, reuse: bool,
                 cold_runs: int) -> dict:
    """Build (unless reusing), measure sizes, warm query latency, then cold open in a new process."""
    path = engine_path(corpus_dir, name)
    result: dict = {}
    manifest = corpus_dir / "corpus.json"
    if reuse and path.exists() and path.stat().st_mtime >= manifest.stat().st_mtime:
        print(f"[{name}] reusing {path}", file=sys.stderr)
    else:
        print(f"[{name}] importing into {path}", file=sys.stderr)
        result["import"] = mod.build(corpus_files(corpus_dir), path, progress_printer(f"{name} import"))
    result["sizes"] = mod.sizes(path)
    gc.collect()
    handle = mod.open_engine(path)
    try:
        print(f"[{name}] timing queries", file=sys.stderr)
        result["queries"] = time_queries(mod, handle, queries)
    finally:
        mod.close(handle)
    print(f"[{name}] cold open x{cold_runs}", file=sys.stderr)
    result["cold_open"] = cold_open(name, path, queries["word"][0][mod.QUERY_KEY], cold_runs)
    return result


def _fmt(v: float | None) -> str:
    if v is None:
        return "—"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.1f}" if abs(v) >= 10 else f"{v:.2f}"


def table(results: dict[str, dict]) -> str:
    """Markdown table: one row per metric, one column per engine, plus Akhbar/FTS5."""
    def get(r: dict, *keys: str) -> float | None:
        for k in keys:
            if not isinstance(r, dict) or k not in r:
                return None
            r = r[k]
        return r

    rows: list[tuple[str, list[str]]] = [
        ("import (articles/s)", ["import", "articles_per_s"]),
        ("import, total (s)", ["import", "seconds"]),
        ("articles indexed", ["import", "articles"]),
        ("index size (MB)", ["sizes", "index_bytes"]),
        ("on disk, total (MB)", ["sizes", "total_bytes"]),
        ("engine module import (ms)", ["cold_open", "import_ms"]),
        ("cold open + 1st query (ms)", ["cold_open", "cold_ms"]),
    ]
    for kind in KINDS:
        rows += [(f"{kind} p50 (ms)", ["queries", kind, "p50"]), (f"{kind} p95 (ms)", ["queries", kind, "p95"])]
    names = [n for n in ENGINES if n in results]
    head = "| metric | " + " | ".join(ENGINE_TITLES[n] for n in names) + " | Akhbar/FTS5 |"
    lines = [head, "|---" * (len(names) + 2) + "|"]
    for label, keys in rows:
        vals = [get(results[n], *keys) for n in names]
        if keys[-1].endswith("bytes"):
            vals = [v / MB if v is not None else None for v in vals]
        a, f = get(results.get("akhbar", {}), *keys), get(results.get("fts5", {}), *keys)
        ratio = f"{a / f:.2f}×" if a is not None and f else "—"
        lines.append(f"| {label} | " + " | ".join(_fmt(v) for v in vals) + f" | {ratio} |")
    zero = [str(sum(q["zero_hits"] for q in results[n]["queries"].values()))
            if "queries" in results[n] else "—" for n in names]
    total_q = max((sum(q["queries"] for q in r["queries"].values()) for r in results.values()
                   if "queries" in r), default=0)
    lines.append(f"| queries with 0 hits (of {total_q}) | " + " | ".join(zero) + " | — |")
    return "\n".join(lines)


def environment() -> dict:
    env = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
           "cpus": os.cpu_count(), "platform": platform.platform(),
           "date": time.strftime("%Y-%m-%d %H:%M:%S")}
    for dist in ("whoosh3", "akhbar"):
        try:
            env[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            pass
    return env


def keep_other_engines(results_path: Path, manifest: dict, results: dict[str, dict]) -> dict:
    """Carry over the figures of engines not run this time from an earlier results file of
    the same corpus (e.g. `--engines akhbar` keeps the FTS5 column, so a 100k re-run need not
    rebuild the baseline). Returns {engine: date of the run it came from}."""
    try:
        earlier = json.loads(results_path.read_text())
    except (OSError, ValueError):
        return {}
    if earlier.get("corpus") != manifest:
        return {}
    kept = {}
    for name, figures in earlier.get("engines", {}).items():
        if name not in results and "error" not in figures:
            results[name] = figures
            kept[name] = earlier.get("kept_from_earlier_run", {}).get(
                name, earlier.get("environment", {}).get("date", "?"))
    return kept


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=10_000, help="number of articles (e.g. 10000, 100000)")
    ap.add_argument("--engines", default="akhbar,fts5", help="comma list of: akhbar, fts5")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/akhbar-bench"))
    ap.add_argument("--seed", type=int, default=gen_corpus.DEFAULT_SEED)
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                    help="processes for corpus generation")
    ap.add_argument("--queries", type=int, default=None, help="use only the first N queries per kind")
    ap.add_argument("--cold-runs", type=int, default=3, help="fresh-process cold opens (median shown)")
    ap.add_argument("--reuse", action="store_true", help="keep engines built by an earlier run")
    a = ap.parse_args(argv)

    names = [n.strip() for n in a.engines.split(",") if n.strip()]
    mods = load_engines(names)
    label = size_label(a.size)
    corpus_dir = a.workdir / label
    t0 = time.perf_counter()
    manifest = gen_corpus.generate(a.size, corpus_dir, a.seed, a.workers)
    print(f"corpus ready in {time.perf_counter() - t0:.1f}s: {corpus_dir}", file=sys.stderr)
    queries = load_queries(corpus_dir, a.queries)

    results: dict[str, dict] = {}
    for name in names:
        try:
            results[name] = bench_engine(name, mods[name], corpus_dir, queries, a.reuse, a.cold_runs)
        except Exception as exc:  # keep the other engine's figures; report and exit non-zero
            traceback.print_exc()
            results[name] = {"error": f"{type(exc).__name__}: {exc}"}
        gc.collect()

    results_path = a.workdir / f"results-{label}.json"
    kept = keep_other_engines(results_path, manifest, results)
    out = {"size": a.size, "corpus": manifest, "environment": environment(), "engines": results}
    if kept:
        out["kept_from_earlier_run"] = kept
    results_path.write_text(json.dumps(out, indent=1, ensure_ascii=False))

    print(f"\n### Akhbar benchmark, {a.size:,} articles "
          f"({manifest['mean_words_per_article']} words/article, {manifest['distinct_words']:,} distinct words)\n")
    print(table(results))
    for name, date in kept.items():
        print(f"\n{ENGINE_TITLES[name]} figures kept from the run of {date} (same corpus).")
    env = out["environment"]
    print(f"\nPython {env['python']}, SQLite {env['sqlite']}, whoosh3 {env.get('whoosh3', '?')}, "
          f"{env['cpus']} CPUs. Times: lower is better; Akhbar/FTS5 > 1 means Akhbar is slower or "
          "bigger, except articles/s where < 1 means slower. FTS5 queries fetch the top 10 with "
          "snippet() but do not count all matches. Results: " + str(results_path))
    failed = {n: r["error"] for n, r in results.items() if "error" in r}
    for name, error in failed.items():
        print(f"\n**{ENGINE_TITLES[name]} failed:** {error} (traceback on stderr)")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
