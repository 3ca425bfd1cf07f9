"""Opening the library at start-up, off the GUI thread.

`Library.open` is fast on a healthy library, but rebuilds a missing or outdated index (and
imports the samples on first run): that work runs on a thread while a progress dialog shows,
instead of freezing a window that is not even drawn yet.
"""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from akhbar.index.library import Library

SHOW_AFTER_MS = 400


class _Relay(QObject):
    progress = Signal(int, int, str)
    done = Signal()


def open_library(root: Path, *, seed: bool) -> Library | None:
    """The opened library, or None after telling the user why it could not be opened."""
    relay = _Relay()
    result: dict = {}

    def work() -> None:
        try:
            result["library"] = Library.open(root, seed=seed,
                                             progress=lambda d, t, c: relay.progress.emit(d, t, c))
        except BaseException as exc:  # shown to the user below
            result["error"] = exc
        relay.done.emit()

    dialog = QProgressDialog("Preparing the library…", "", 0, 0)
    dialog.setWindowTitle("Akhbar")
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setWindowModality(Qt.ApplicationModal)

    def on_progress(done: int, total: int, current: str) -> None:
        dialog.setLabelText("Rebuilding the search index from the library…"
                            if current == "indexing" else "Importing the sample articles…")
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done)

    loop = QEventLoop()
    relay.progress.connect(on_progress)
    relay.done.connect(loop.quit)
    thread = threading.Thread(target=work, name="akhbar-open", daemon=True)
    thread.start()
    if thread.is_alive():
        loop.exec()
    thread.join()
    dialog.close()
    dialog.deleteLater()
    error = result.get("error")
    if error is not None:
        QMessageBox.critical(None, "Akhbar", f"Cannot open the library at {root}:\n\n"
                             f"{type(error).__name__}: {error}")
        return None
    return result["library"]
