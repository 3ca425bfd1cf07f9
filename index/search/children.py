"""Worker processes must not outlive the process that started them.

An import's preparation workers (`index.prepare`) wait on a queue for work. If the parent is
killed (`kill -9`, a power-off of the terminal, the OOM killer), nothing tells them, and they
would wait forever: found by the long kill loop (tests/kill_loop.py), where orphaned workers
of a killed import were still running minutes later.

A worker calls `guard()` first thing: it asks the kernel to kill it when its parent dies
(Linux PR_SET_PDEATHSIG), or, where that does not exist, watches its parent from a thread.
"""
from __future__ import annotations

import os
import signal
import threading
import time

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 0.5


def guard() -> None:
    """Die with the parent process; called first thing in the child."""
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
