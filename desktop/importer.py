"""Import from the GUI: the job on the writer queue, its progress in the status bar (bar,
current file, Cancel) and the summary dialog at the end.

The import itself is the library's `import_paths`, which commits article by article: a cancel
or a crash leaves every finished article in and nothing half-imported.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QProgressBar,
                               QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from akhbar.index.library import Library
from akhbar.index.model import ImportReport
from akhbar.index.text.display import one_line

from .tasks import Progress, TaskQueue


class ProgressPanel(QWidget):
    """Status-bar widget: what is running, a bar, the current file, Cancel."""

    cancel_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setFixedWidth(180)
        self.current = QLabel()
        self.current.setObjectName("currentFile")
        self.current.setMaximumWidth(320)
        self.cancel = QPushButton("Cancel")
        lay.addWidget(self.label)
        lay.addWidget(self.bar)
        lay.addWidget(self.current)
        lay.addWidget(self.cancel)
        self.cancel.clicked.connect(self.cancel_clicked)
        self.hide()

    def start(self, what: str) -> None:
        self.label.setText(what)
        self.bar.setRange(0, 0)
        self.current.clear()
        self.cancel.setEnabled(True)
        self.show()

    def update_progress(self, done: int, total: int, current: str) -> None:
        if total == 0 and done == 0 and current:
            # a message, not a file: waiting for another window's writer, restoring, ...
            self.bar.setRange(0, 0)
            self.label.setText(current)
            self.current.clear()
            return
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        name = Path(current).name if current and current != "indexing" else current
        metrics = self.current.fontMetrics()
        self.current.setText(metrics.elidedText(name, Qt.ElideMiddle, 300))
        self.current.setToolTip(current)


class ImportSummary(QDialog):
    """What an import did: imported, duplicates, rejected with reasons."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("importSummary")
        self.setWindowTitle("Import finished" if not report.cancelled else "Import cancelled")
        lay = QVBoxLayout(self)
        head = (f"Imported {len(report.imported)} · duplicates {len(report.duplicates)} · "
                f"rejected {len(report.rejected)}")
        if report.warnings:
            head += f" · warnings {len(report.warnings)}"
        if report.cancelled:
            head = "Cancelled. Everything imported before the cancel is kept.\n" + head
        self.headline = QLabel(head)
        self.headline.setObjectName("summaryHeadline")
        lay.addWidget(self.headline)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["File", "Result"])
        self.tree.setColumnWidth(0, 320)
        groups = [("Rejected", report.rejected, lambda r: r.get("reason", "")),
                  ("Imported with a warning", report.warnings, lambda r: r.get("warning", "")),
                  ("Duplicates", report.duplicates,
                   lambda r: f"already in the library as {r.get('id', '')}".strip()),
                  ("Imported", report.imported, lambda r: r.get("title", ""))]
        for name, items, describe in groups:
            if not items:
                continue
            top = QTreeWidgetItem([f"{name} ({len(items)})", ""])
            self.tree.addTopLevelItem(top)
            for r in items:
                path = one_line(str(r.get("source_path", "")))
                child = QTreeWidgetItem([Path(path).name, one_line(describe(r))])
                child.setToolTip(0, path)
                child.setToolTip(1, one_line(describe(r)))
                top.addChild(child)
            top.setExpanded(name != "Imported" or len(items) <= 20)
        lay.addWidget(self.tree)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
        self.resize(620, 360)


class ImportController(QObject):
    """Runs imports and rebuilds on the writer queue, one at a time."""

    finished = Signal(object)  # ImportReport, or None after a rebuild
    failed = Signal(str)

    def __init__(self, library: Library, writer: TaskQueue, panel: ProgressPanel,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.library = library
        self.writer = writer
        self.panel = panel
        self.progress: Progress | None = None
        panel.cancel_clicked.connect(self.cancel)

    @property
    def running(self) -> bool:
        return self.progress is not None

    def cancel(self) -> None:
        if self.progress is not None:
            self.progress.cancel()
            self.panel.cancel.setEnabled(False)
            self.panel.label.setText("Cancelling…")

    def import_paths(self, paths: list[str]) -> bool:
        if self.running or not paths:
            return False
        self._start("Importing", lambda p: self.library.import_paths(
            paths, progress=p.report, cancel=p.cancelled))
        return True

    def rebuild_index(self) -> bool:
        if self.running:
            return False
        self._start("Rebuilding the index", lambda p: self.library.reindex(
            progress=p.report, cancel=p.cancelled) and None)
        return True

    def run_job(self, what: str, job: Callable[[Progress], object],
                on_done: Callable[[object], None]) -> bool:
        """Any other long write (library check, export) with the same panel and Cancel;
        `on_done(result)` instead of `finished`. False if a write is already running."""
        if self.running:
            return False
        self._start(what, job, on_done)
        return True

    def _start(self, what: str, job: Callable[[Progress], object],
               on_done: Callable[[object], None] | None = None) -> None:
        progress = Progress(self)
        progress.changed.connect(self.panel.update_progress)
        self.progress = progress
        self.panel.start(what)
        self.writer.run(lambda: job(progress), lambda r: self._done(r, on_done), self._error)

    def _done(self, result: object, on_done: Callable[[object], None] | None = None) -> None:
        self.progress = None
        self.panel.hide()
        if on_done is not None:
            on_done(result)
        else:
            self.finished.emit(result)

    def _error(self, exc: BaseException) -> None:
        self.progress = None
        self.panel.hide()
        self.failed.emit(f"{type(exc).__name__}: {exc}")
