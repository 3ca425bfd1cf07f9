"""Cross-process coordination for one library folder: one writer at a time, and knowing who
else has the library open.

Two Akhbar processes (two windows, or a window and the CLI) may open one library. Reading is
always concurrent (SQLite WAL, whoosh readers need no lock). Writing takes turns: every write
(import, reindex, repair, a user edit) holds `WriterLock`, an OS file lock the kernel drops
when its process dies, so a `kill -9` can never leave a stale lock behind. The second writer
waits, saying so through a callback, and can be cancelled while it waits.

`Presence` is how a process learns whether it is alone: each open library holds an exclusive
lock on its own file in `open/`. A file nobody holds belonged to a process that ended without
closing; that is the signal to tidy up what a crash may leave (a half-built index folder), and
only a process that is alone may do that.

Written by hand rather than with `filelock`: it needs re-entrancy per thread, a cancellable
wait with a message, and the "held by a dead process" test, none of which filelock offers.
POSIX uses `fcntl.flock`; Windows `msvcrt.locking` on the first byte.
"""
from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger("akhbar")

WAIT_MESSAGE = "Waiting for another Akhbar window to finish writing to this library…"
POLL_SECONDS = 0.1


class LibraryBusy(Exception):
    """Another process kept the library's writer lock longer than we could wait."""


class WaitCancelled(Exception):
    """The user cancelled while waiting for another process to finish writing."""


# ----------------------------------------------------------------------------- OS locks
def _try_lock(fd: int) -> bool:
    """Exclusive, non-blocking. True if we now hold it."""
    try:
        if os.name == "nt":  # pragma: no cover - exercised on Windows only
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _unlock(fd: int) -> None:
    try:
        if os.name == "nt":  # pragma: no cover
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass


def _open_lock_file(path: Path) -> int:
    return os.open(str(path), os.O_RDWR | os.O_CREAT, 0o644)


# ----------------------------------------------------------------------------- writer lock
class WriterLock:
    """One writer per library across threads and processes; re-entrant within a thread."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    @contextmanager
    def hold(self, *, on_wait: Callable[[str], None] | None = None,
             cancel: Callable[[], bool] | None = None,
             timeout: float | None = None) -> Iterator[None]:
        """Hold the lock for the body. If another process holds it, `on_wait(message)` is
        called once and we poll until it is free; `cancel()` turning true raises
        WaitCancelled, running past `timeout` seconds raises LibraryBusy."""
        with self._thread_lock:
            if self._depth == 0:
                self._acquire(on_wait, cancel, timeout)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._release()

    @property
    def held(self) -> bool:
        return self._depth > 0

    def _acquire(self, on_wait, cancel, timeout) -> None:
        fd = _open_lock_file(self.path)
        if not _try_lock(fd):
            log.info("another process is writing to this library; waiting")
            if on_wait is not None:
                on_wait(WAIT_MESSAGE)
            started = time.monotonic()
            while not _try_lock(fd):
                if cancel is not None and cancel():
                    os.close(fd)
                    raise WaitCancelled("cancelled while another process was writing")
                if timeout is not None and time.monotonic() - started > timeout:
                    os.close(fd)
                    raise LibraryBusy("another Akhbar is writing to this library")
                time.sleep(POLL_SECONDS)
        try:  # who holds it, for a person looking at the file
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError:
            pass
        self._fd = fd

    def _release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            _unlock(fd)
            os.close(fd)


# ----------------------------------------------------------------------------- presence
class Presence:
    """This process's mark that it has the library open, and a census of the others."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / f"{os.getpid()}-{uuid.uuid4().hex[:8]}.lock"
        self._fd: int | None = _open_lock_file(self.path)
        if not _try_lock(self._fd):  # a fresh random name: cannot be held by anyone else
            raise OSError(f"cannot lock {self.path}")

    def census(self) -> tuple[int, list[str]]:
        """(other live processes, marks left by processes that ended without closing). The
        stale marks are removed: they are only evidence of the crash, reported once."""
        alive, stale = 0, []
        try:
            names = sorted(p for p in self.folder.iterdir() if p.suffix == ".lock")
        except OSError:
            return 0, []
        for other in names:
            if other == self.path:
                continue
            try:
                fd = os.open(str(other), os.O_RDWR)
            except OSError:
                continue  # removed meanwhile by its owner
            try:
                if _try_lock(fd):
                    stale.append(other.name.split("-", 1)[0])
                    try:
                        other.unlink()
                    except OSError:
                        pass
                    _unlock(fd)
                else:
                    alive += 1
            finally:
                os.close(fd)
        return alive, stale

    def others(self) -> int:
        return self.census()[0]

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            self.path.unlink()
        except OSError:
            pass
        _unlock(fd)
        os.close(fd)
