"""Background work for the GUI, in the spirit of Anki's TaskManager.

A `TaskQueue` runs jobs one at a time, in order, on its own thread, and hands each result (or
exception) back to the GUI thread through a queued Qt signal. The app has two queues: the
*writer* (import, reindex, restoring a line: one writer at a time, as the library requires)
and the *reader* (searches), so a long import never blocks searching and reading.

Jobs receive no Qt objects; they call plain Python callbacks (`progress`, `cancel`), which the
`Progress` helper turns into signals.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class TaskQueue(QObject):
    """One worker thread; `run(fn, on_done, on_error)` queues `fn()` and later calls
    `on_done(result)` or `on_error(exc)` on the GUI thread."""

    _finished = Signal(object, object, object, object)  # on_done, on_error, result, exc
    busy_changed = Signal(bool)

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"akhbar-{name}")
        self._pending = 0
        self._closed = False
        self._lock = threading.Lock()
        self._finished.connect(self._deliver)  # emitted on the worker thread: queued

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None) -> Future | None:
        if self._closed:  # the window is closing: a late timer's request is dropped
            return None
        with self._lock:
            self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

        def job() -> None:
            try:
                result = fn()
            except BaseException as exc:  # handed to the GUI thread, never lost
                self._finished.emit(on_done, on_error, None, exc)
            else:
                self._finished.emit(on_done, on_error, result, None)

        return self._pool.submit(job)

    def _deliver(self, on_done, on_error, result, exc) -> None:  # type: ignore[no-untyped-def]
        with self._lock:
            self._pending -= 1
            idle = self._pending == 0
        try:
            if exc is not None:
                if on_error is not None:
                    on_error(exc)
                else:
                    log.error("%s task failed", self.name, exc_info=exc)
            elif on_done is not None:
                on_done(result)
        finally:
            if idle:
                self.busy_changed.emit(False)

    def shutdown(self, wait: bool = True) -> None:
        self._closed = True
        self._pool.shutdown(wait=wait, cancel_futures=True)


class Progress(QObject):
    """Thread-safe progress and cancel for one job: the job calls `report(done, total, name)`
    and `cancelled()`; the GUI connects to `changed` and calls `cancel()`."""

    changed = Signal(int, int, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._cancel = threading.Event()

    def report(self, done: int, total: int, current: str) -> None:
        self.changed.emit(done, total, current)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()
