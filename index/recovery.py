"""Tidying up after an interrupted session, on open, without asking the user.

What a killed process can leave behind, and what happens to each:
- its presence mark in `open/` (see store.locks): removed, and the crash is logged;
- SQLite's write-ahead log (`library.sqlite3-wal`): committed transactions in it are valid;
  SQLite replays it when the store opens. Logged, nothing else to do;
- `index.new/` from a rebuild that did not finish: deleted (the old index is still in place);
  if the swap itself was interrupted (no `index/`, but a complete `index.new/`), it is put in
  place instead of rebuilding everything again;
- `index.old/`: deleted;
- a whoosh write lock: whoosh locks with `flock`, which the kernel drops with the process;
  uncommitted segment files are garbage whoosh removes at its next commit;
- a stale index (the store committed articles the index never got): caught up from the store's
  change counter by `Library.open`, not here.

Only a process that is alone with the library may touch these: in a live second process, an
`index.new/` is a rebuild in progress.
"""
from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

from .search.backend import SYNC_FILE

log = logging.getLogger("akhbar")


def tidy_leftovers(root: Path, stale_pids: list[str], *, alone: bool, store_file: str,
                   index_dir: str) -> list[str]:
    """Repair what an interrupted session left in `root`; returns one line per action taken
    (also logged)."""
    done: list[str] = []

    def say(message: str) -> None:
        log.warning("%s", message)
        done.append(message)

    if stale_pids:
        say(f"the previous session (process {', '.join(stale_pids)}) ended without closing "
            f"the library; checking what it left")
    if not alone:
        return done
    wal = root / (store_file + "-wal")
    try:
        if wal.stat().st_size > 0:
            say(f"recovering the store's write-ahead log from an interrupted session "
                f"({wal.stat().st_size // 1024} KB of committed changes are kept)")
    except OSError:
        pass
    live, fresh, old = root / index_dir, root / (index_dir + ".new"), root / (index_dir + ".old")
    if fresh.is_dir():
        if not live.exists() and _complete(fresh):
            fresh.rename(live)
            say("finished an index rebuild that was interrupted while swapping folders")
        else:
            shutil.rmtree(fresh, ignore_errors=True)
            say("removed a search-index rebuild that did not finish (the index in use is "
                "unchanged)")
    if old.is_dir():
        shutil.rmtree(old, ignore_errors=True)
        say("removed the previous search index left from an interrupted rebuild")
    return done


def _complete(index_folder: Path) -> bool:
    """A rebuilt index is complete once its sync mark is written (after its commit)."""
    try:
        json.loads((index_folder / SYNC_FILE).read_text("utf-8"))
        return True
    except (OSError, ValueError):
        return False
