"""Index-writer child processes must not outlive the process that started them.

whoosh's MpWriter (bulk indexing on every core) forks workers that wait on a queue for work.
If the parent is killed (`kill -9`, a power-off of the terminal, the OOM killer), nothing
tells them, and they wait forever: found by the long kill loop (tests/kill_loop.py), where
orphaned workers of a killed `akhbar reindex` were still running minutes later.

Every child forked from this process (multiprocessing's fork, not `subprocess`, which runs no
Python in the child) asks the kernel to kill it when its parent dies (Linux PR_SET_PDEATHSIG),
or, where that does not exist, watches its parent from a thread.
"""
from __future__ import annotations

import os
import signal
import threading
import time

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 0.5


def guard() -> None:
    """Die with the parent process. For children started without a fork hook (spawned: the
    import's preparation workers, see index.prepare), called first thing in the child."""
    _after_fork_in_child()


def _after_fork_in_child() -> None:
    parent = os.getppid()
    if _kernel_guard():
        if os.getppid() != parent:  # the parent died between fork and prctl
            os._exit(1)
        return
    threading.Thread(target=_watch, args=(parent,), name="akhbar-parent-watch",
                     daemon=True).start()


def _kernel_guard() -> bool:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)) == 0
    except (OSError, AttributeError, TypeError):
        return False


def _watch(parent: int) -> None:
    while True:
        time.sleep(POLL_SECONDS)
        if os.getppid() != parent:
            os._exit(1)


_installed = False


def install() -> None:
    """Idempotent; called when the search backend is imported."""
    global _installed
    if not _installed and hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_after_fork_in_child)
        _installed = True
