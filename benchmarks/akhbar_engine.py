"""Akhbar's Library behind the benchmark's engine interface (see common.py).

Imported lazily by run.py, so a missing or broken `akhbar.index.library` only fails the
Akhbar column, with a message saying what is missing, instead of breaking the FTS5 baseline.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from common import Progress, dir_size

try:
    from akhbar.index.library import Library
except ImportError as exc:  # the engine is written in parallel with this benchmark
    raise ImportError(
        f"Akhbar engine unavailable: cannot import akhbar.index.library ({exc}). "
        "Install the project (pip install -e .) or run with --engines fts5."
    ) from exc

QUERY_KEY = "akhbar"


def build(files: list[Path], path: Path, progress: Progress | None = None) -> dict:
    """Fresh library at `path`; time Library.open (create) + import_paths + close."""
    if path.exists():
        shutil.rmtree(path)
    t0 = time.perf_counter()
    lib = Library.open(path)
    try:
        report = lib.import_paths(
            list(files),
            progress=(lambda done, total, current: progress(done, total)) if progress else None,
            cancel=None,
        )
    finally:
        lib.close()
    seconds = time.perf_counter() - t0
    imported = len(report.imported)
    return {
        "articles": imported,
        "seconds": seconds,
        "articles_per_s": imported / seconds,
        "duplicates": len(report.duplicates),
        "rejected": len(report.rejected),
        "rejected_examples": [str(r) for r in report.rejected[:3]],
        "cancelled": bool(getattr(report, "cancelled", False)),
    }


def sizes(path: Path) -> dict:
    """index/ is the whoosh index; the rest (SQLite store with originals, etc.) counts in total."""
    index = path / "index"
    return {"index_bytes": dir_size(index) if index.exists() else 0, "total_bytes": dir_size(path)}


def open_engine(path: Path) -> Any:
    # Library.open creates a missing library; an empty one would make the timings meaningless.
    if not path.exists():
        raise FileNotFoundError(f"no Akhbar library at {path}")
    lib = Library.open(path)
    if getattr(lib, "index_rebuilt_on_open", False):  # then "open" timed a full reindex
        lib.close()
        raise RuntimeError(f"Library.open rebuilt the index of {path}; timings would be meaningless")
    return lib


def search(lib: Any, query: str, limit: int = 10) -> tuple[int, int | None]:
    """Run the query and touch id, title and snippet of each hit (snippets may be lazy)."""
    res = lib.search(query, limit=limit)
    for hit in res.hits:
        _ = hit.id, hit.title
        snippet = hit.snippet
        if callable(snippet):
            snippet()
    return len(res.hits), res.total


def close(lib: Any) -> None:
    lib.close()
