"""Kill an `akhbar import` (or `reindex`) with SIGKILL at random moments, reopen, check.

Used by tests/test_crash.py (20 runs in the normal suite) and runnable on its own for a longer
run, which prints the figure for the issue note:

    .venv/bin/python tests/kill_loop.py --runs 200 [--seed N] [--files 300]

Every run reuses the same library, as a user would after a crash: run k imports the folder of
run k-1 again (the articles already there are skipped as duplicates) and a new folder of its
own, so every run has new work to be killed in. After each kill the library is opened (which
repairs what a crash may leave) and checked: `doctor` finds no problem; every new article's
stored title and paragraphs are exactly what a clean build of its source file gives (nothing
half written); its entity mentions and import record exist; the index holds exactly the
store's articles; no article that was there before is gone.
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from akhbar.index.library import Library
from akhbar.index.store.store import content_hash

REPO = Path(__file__).resolve().parent.parent
BASES = sorted((REPO / "tests" / "data" / "scrapes").glob("*.txt")) + sorted(
    (REPO / "seeds").glob("*"))


def make_sources(dest: Path, n: int, tag: str = "") -> Path:
    """`n` distinct article files, made from the test scrapes and seeds with one sentence
    that differs, so each is a new article (some bases are rejected: also realistic)."""
    dest.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text("utf-8") for p in BASES if p.is_file()]
    for i in range(n):
        lines = texts[i % len(texts)].split("\n")
        lines.insert(1, f"رپورٹ نمبر {tag}{i} — report {tag}{i} of the crash test")
        (dest / f"a{i:04d}.txt").write_text("\n".join(lines), "utf-8")
    return dest


def clean_hash(source_path: str) -> str | None:
    """The content hash a clean build of this (single-article) file gives."""
    from akhbar.index.ingest.build import build_article
    from akhbar.index.ingest.readers import decode_document, read_file

    decoded = decode_document(read_file(Path(source_path)))
    article = build_article(decoded.articles[0], source_path)
    return content_hash(article.title, [p.text for p in article.paragraphs])


def _survivors(marker: str, grace: float = 3.0) -> list[int]:
    """Processes still running with `marker` in their command line after `grace` seconds
    (e.g. index-writer workers of a killed command). Zombies count as gone."""
    deadline = time.monotonic() + grace
    while True:
        alive = []
        for entry in Path("/proc").glob("[0-9]*"):
            try:
                if marker.encode() not in (entry / "cmdline").read_bytes():
                    continue
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z":
                alive.append(int(entry.name))
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def _without_orphaned_worker_starts(err: bytes) -> bytes:
    """stderr without the one expected complaint: an import's preparation worker that was
    still starting when the import was killed finds its parent's pipe cut and says so (it
    holds nothing and exits; see index/prepare.py). Any other traceback is kept."""
    # and multiprocessing's resource tracker, outliving the killed import briefly, frees the
    # pool's semaphores and warns that it did
    err = b"\n".join(line for line in err.split(b"\n")
                     if b"resource_tracker: There appear to be" not in line
                     and b"warnings.warn('resource_tracker: There appear" not in line)
    head = b"Traceback (most recent call last):"
    parts = err.split(head)
    kept = [parts[0]]
    for part in parts[1:]:
        # the exception's line is the one not indented; a worker killed (with its parent, see
        # search.children.guard) while it printed the traceback leaves none
        final = [line for line in part.split(b"\n") if line.strip() and not line.startswith(b" ")]
        if b"in spawn_main" in part and all(
                line.startswith((b"EOFError", b"_pickle.UnpicklingError")) for line in final):
            continue
        kept.append(head + part)
    return b"".join(kept)


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "akhbar.index.cli", *args]


@dataclass
class Outcome:
    runs: int = 0
    killed: int = 0
    survived: int = 0
    failures: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"kill runs survived: {self.survived}/{self.runs} "
                f"({self.killed} killed mid-way, {self.runs - self.killed} finished first)")


def check_library(root: Path, before: set[str]) -> tuple[list[str], set[str], list[str]]:
    """(problems, article ids now, lines logged as recovered on open)."""
    problems: list[str] = []
    with Library.open(root, seed=False) as lib:
        report = lib.doctor(fix=False)
        problems += [f"doctor: {p}" for p in report["problems"]]
        store = lib.store
        rows = store.conn.execute(
            "SELECT id, title, content_hash, source_path FROM articles").fetchall()
        ids = {r["id"] for r in rows}
        for aid, title, chash, source_path in rows:
            if aid in before:
                continue
            paras = store.paragraph_texts(aid)
            if content_hash(title, paras) != chash or clean_hash(source_path) != chash:
                problems.append(f"{aid}: stored text differs from a clean build of "
                                f"{source_path}")
        tagged = {r[0] for r in store.conn.execute(
            "SELECT article_id FROM entity_tagged WHERE version=?", (lib.entities.version,))}
        if ids - tagged:
            problems.append(f"{len(ids - tagged)} articles without their entity mentions")
        recorded = {r[0] for r in store.conn.execute(
            "SELECT article_id FROM import_items WHERE outcome='imported'")}
        if ids - recorded:
            problems.append(f"{len(ids - recorded)} articles without their import record")
        indexed = {doc_id for doc_id, _ in lib.backend.stored_revisions()}
        if ids != indexed:
            problems.append(f"index differs from the store after reopening "
                            f"({len(ids - indexed)} missing, {len(indexed - ids)} extra)")
        if before - ids:
            problems.append(f"{len(before - ids)} articles present before this run are gone")
        return problems, ids, list(lib.recovered)


def run_loop(work: Path, runs: int, *, seed: int = 1, files: int = 60,
             log=print) -> Outcome:
    lib_dir = work / "library"
    # small index batches: most kills land while a batch is written in the background
    env = dict(os.environ, AKHBAR_NO_SEED="1", PYTHONUNBUFFERED="1", AKHBAR_INDEX_BATCH="8")
    # how long one run's import takes, so kills land anywhere from start-up to the end
    started = time.monotonic()
    timing_src = make_sources(work / "timing-src", files, "t")
    subprocess.run(_cli("--library", str(work / "timing"), "import", str(timing_src)),
                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    full = time.monotonic() - started
    with Library.open(work / "timing", seed=False) as lib:
        per_folder = lib.count()
    rng = random.Random(seed)
    out, present = Outcome(), set()
    folders: list[Path] = []
    for run in range(runs):
        reindex = run % 5 == 4 and bool(present)  # every fifth run kills a rebuild instead
        if reindex:
            cmd = _cli("--library", str(lib_dir), "reindex")
        else:
            folders.append(make_sources(work / f"src{run:03d}", files, f"{run}-"))
            cmd = _cli("--library", str(lib_dir), "import", *map(str, folders[-2:]))
        delay = rng.uniform(0.2, full * 1.2)
        err_file = work / "stderr.txt"
        with open(err_file, "wb") as err_out:  # a file, not a pipe: orphans cannot hang us
            proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err_out)
            try:
                proc.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                out.killed += 1
                proc.wait()
        err = err_file.read_bytes()
        orphans = _survivors(str(lib_dir))
        if orphans:
            out.failures.append(f"run {run}: {len(orphans)} processes outlived the killed "
                                f"command (pids {orphans})")
        # 0: all imported; 1: some files rejected (the bases include rejected scrapes)
        err = _without_orphaned_worker_starts(err)
        if proc.returncode not in (-signal.SIGKILL, 0, 1) or b"Traceback" in err:
            out.failures.append(f"run {run}: exit {proc.returncode}: {err.decode()[-400:]}")
        problems, present_now, recovered = check_library(lib_dir, present)
        out.runs += 1
        out.recovered += recovered
        what = "reindex" if reindex else "import "
        if problems:
            out.failures.append(f"run {run} ({what}, killed after {delay:.2f}s): "
                                + "; ".join(problems[:5]))
        else:
            out.survived += 1
        present = present_now
        log(f"run {run:3d} {what} kill@{delay:5.2f}s articles={len(present):4d} "
            f"{'ok' if not problems else 'FAILED'}")
    # an import left to finish brings the library to exactly the clean result
    subprocess.run(_cli("--library", str(lib_dir), "import", *map(str, folders)), env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    problems, final, _ = check_library(lib_dir, set())
    if problems or len(final) != per_folder * len(folders):
        out.failures.append(f"after a final import: {len(final)} articles, expected "
                            f"{per_folder * len(folders)}; " + "; ".join(problems[:5]))
    return out


def main() -> int:
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--files", type=int, default=60, help="new files per run")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="akhbar-kill-") as tmp:
        out = run_loop(Path(tmp), args.runs, seed=args.seed, files=args.files)
    print(out.line(), f"(seed {args.seed})")
    for f in out.failures:
        print("FAILURE:", f)
    print(f"recovery actions logged on reopen: {len(out.recovered)}")
    for line in sorted(set(m.split('(')[0] for m in out.recovered)):
        print("  ", line)
    return 1 if out.failures else 0


if __name__ == "__main__":
    sys.exit(main())
