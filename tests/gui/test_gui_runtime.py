"""The runtime under the window: the Qt binding, the task queues, the settings wrapper, and
the `akhbar gui --grab` command."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QImage

from akhbar.desktop.settings import Settings
from akhbar.desktop.tasks import Progress, TaskQueue


class _Emitter(QObject):
    fired = Signal()
    carried = Signal(object, object)


def test_signals_do_not_corrupt_reference_counts(qapp) -> None:  # type: ignore[no-untyped-def]
    """PySide6 6.12.0 released the bool returned by emit() once too often: on Python 3.11 the
    app aborted ("bool_dealloc") after a few thousand signals (an import's progress alone
    emits one per file). The dependency pin excludes it; this catches a binding that
    regresses."""
    e = _Emitter()
    e.fired.connect(lambda: None)
    e.carried.connect(lambda a, b: None)
    before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(200):
        e.fired.emit()
        e.carried.emit(None, None)
    after = sys.getrefcount(True), sys.getrefcount(None)
    assert abs(after[0] - before[0]) < 20 and abs(after[1] - before[1]) < 20, (before, after)


def test_task_queue_runs_in_order_off_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    queue = TaskQueue("test")
    gui = threading.current_thread()
    results: list = []
    threads: list = []

    def job(i: int):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return i

    for i in range(5):
        queue.run(lambda i=i: job(i), results.append)
    queue.run(lambda: 1 / 0, results.append, lambda exc: results.append(type(exc).__name__))
    qtbot.waitUntil(lambda: len(results) == 6, timeout=5000)
    assert results == [0, 1, 2, 3, 4, "ZeroDivisionError"]
    assert gui not in threads
    assert not queue.busy
    queue.shutdown()


def test_progress_cancel_is_seen_by_the_job(qtbot) -> None:  # type: ignore[no-untyped-def]
    progress = Progress()
    seen: list = []
    progress.changed.connect(lambda d, t, c: seen.append((d, t, c)))
    progress.report(1, 3, "a.txt")
    assert seen == [(1, 3, "a.txt")]
    assert not progress.cancelled()
    progress.cancel()
    assert progress.cancelled()


def test_settings_survive_garbage(tmp_path: Path) -> None:
    path = tmp_path / "s.ini"
    q = QSettings(str(path), QSettings.IniFormat)
    q.setValue("view/zoom_step", "lots")
    q.setValue("view/theme", "purple")
    q.setValue("view/urdu_font", 3)
    s = Settings(q)
    assert (s.zoom, s.theme, s.urdu_style) == (1.0, "system", "nastaliq")
    s.zoom_step = 99
    s.theme = "dark"
    s.sync()
    again = Settings(QSettings(str(path), QSettings.IniFormat))
    assert again.zoom_step == 10 and again.theme == "dark"


def test_gui_grab_command_writes_a_screenshot(tmp_path: Path, seeded_library) -> None:  # type: ignore[no-untyped-def]
    shot = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-m", "akhbar.desktop.entry", "gui", "--library",
         str(seeded_library.root), "--query", "کوریا", "--grab", str(shot), "--size", "1000x700"],
        capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1000, 700)
