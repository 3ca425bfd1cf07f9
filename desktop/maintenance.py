"""Looking after the library from the GUI: Help › Check library (doctor, with a Repair
button), File › Export library, and living with another Akhbar window on the same library.

Both jobs run on the writer queue through the import controller (same progress panel, same
Cancel), since the library allows one writer at a time. Another process is noticed by a slow
poll: a banner says the library is shared and that writes take turns, and articles another
window imports show up here without a restart.
"""
from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox,
                               QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from akhbar.index.library import Library

from .importer import ImportController

POLL_MS = 2000
SHARED_TEXT = "Also open in another Akhbar window: changes take turns"


class CheckDialog(QDialog):
    """The doctor's report: one row per check, its problems, repairs and notes."""

    repair_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("checkDialog")
        self.setWindowTitle("Check library")
        lay = QVBoxLayout(self)
        self.headline = QLabel()
        self.headline.setObjectName("checkHeadline")
        self.headline.setWordWrap(True)
        lay.addWidget(self.headline)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Check", "Result"])
        self.tree.setColumnWidth(0, 420)
        lay.addWidget(self.tree)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.repair = QPushButton("Repair")
        self.repair.setToolTip("Rebuild what is derived from the store (search index, entity "
                               "mentions, import records). Nothing you stored is changed.")
        buttons.addButton(self.repair, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        self.repair.clicked.connect(self.repair_requested)
        lay.addWidget(buttons)
        self.resize(720, 420)

    def show_result(self, result: dict) -> None:
        self.tree.clear()
        broken = [c for c in result["checks"] if c["problems"] and not c["fixed"]]
        fixed = [f for c in result["checks"] for f in c["fixed"]]
        if result.get("cancelled"):
            head = "The check was cancelled; the checks below are the ones that ran."
        elif broken:
            n = sum(len(c["problems"]) for c in broken)
            head = (f"{n} problem{'s' if n != 1 else ''} found in {result['articles']:,} "
                    f"articles.")
            if result.get("repairable"):
                head += " Repair rebuilds them from the store; nothing you stored is lost."
            else:
                head += (" These cannot be rebuilt from the store: File › Export library "
                         "saves everything that is still readable.")
        elif fixed:
            head = f"Repaired. The library ({result['articles']:,} articles) is consistent."
        else:
            head = (f"No problems: {result['articles']:,} articles, {result['indexed']:,} in "
                    f"the search index.")
        self.headline.setText(head)
        for line in result.get("recovered_on_open", []):
            self.tree.addTopLevelItem(QTreeWidgetItem(["On opening", line]))
        for check in result["checks"]:
            state = "OK" if not check["problems"] else ("Repaired" if check["fixed"]
                                                        else "Problem")
            top = QTreeWidgetItem([check["title"], state])
            top.setToolTip(0, check["title"])
            if state != "OK":
                font = top.font(1)
                font.setBold(True)
                top.setFont(1, font)
            for kind, lines in (("Problem", check["problems"]), ("Fixed", check["fixed"]),
                                ("Note", check["notes"])):
                for line in lines:
                    child = QTreeWidgetItem([line, kind])
                    child.setToolTip(0, line)
                    top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.repair.setEnabled(bool(result.get("repairable")))


class LibraryCare(QObject):
    """Check, repair and export for the main window, plus the shared-library watch."""

    changed_elsewhere = Signal()  # another process changed the library: reload lists

    def __init__(self, library: Library, importer: ImportController, window: QWidget):
        super().__init__(window)
        self.library, self.importer, self.window = library, importer, window
        self.dialog: CheckDialog | None = None
        self.banner = QLabel(SHARED_TEXT)
        self.banner.setObjectName("sharedBanner")
        self.banner.setToolTip("Another Akhbar window or command has this library open. Both "
                               "can read and search; imports and edits wait for each other.")
        self.banner.hide()
        self._seq = library.store.max_seq()
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        window.installEventFilter(self)  # the watch ends when the window closes
        self.poll()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window and event.type() == QEvent.Close:
            self.timer.stop()
        return False

    def announce_recovery(self, status) -> None:  # type: ignore[no-untyped-def]
        """What opening tidied up after a crash, said once in the status bar."""
        if self.library.recovered:
            status.showMessage("Recovered after an interrupted session: "
                               + "; ".join(self.library.recovered), 15000)

    # ----------------------------------------------------------------- shared library
    def poll(self) -> None:
        """Cheap (a directory listing and one SQL read): safe every two seconds."""
        try:
            others = self.library.other_processes()
            seq = self.library.store.max_seq()
        except (sqlite3.ProgrammingError, OSError):  # the library was closed under us
            self.timer.stop()
            return
        self.banner.setVisible(others > 0)
        if seq != self._seq and not self.importer.running:
            self._seq = seq
            self.changed_elsewhere.emit()

    def seen(self) -> None:
        """Our own write finished: its changes are not news from elsewhere."""
        self._seq = self.library.store.max_seq()

    # ----------------------------------------------------------------- check / repair
    def check(self, repair: bool = False) -> bool:
        what = "Repairing the library" if repair else "Checking the library"
        started = self.importer.run_job(
            what, lambda p: self.library.doctor(fix=repair, progress=p.report,
                                                cancel=p.cancelled),
            self._checked)
        if not started:
            self._busy()
        return started

    def _checked(self, result: object) -> None:
        if not isinstance(result, dict):
            return
        if self.dialog is None:
            self.dialog = CheckDialog(self.window)
            self.dialog.repair_requested.connect(lambda: self.check(repair=True))
        self.dialog.show_result(result)
        self.dialog.show()
        self.dialog.activateWindow()
        if result.get("fixed"):
            self.changed_elsewhere.emit()

    # ----------------------------------------------------------------- export
    def export_dialog(self) -> None:
        parent = QFileDialog.getExistingDirectory(
            self.window, "Export the library into a folder", str(Path.home()))
        if parent:
            self.export(self.export_target(Path(parent)))

    @staticmethod
    def export_target(parent: Path) -> Path:
        """A new folder inside the one the user chose, never one holding their files."""
        base = parent / f"Akhbar export {date.today().isoformat()}"
        target, n = base, 2
        while target.exists():
            target, n = Path(f"{base} ({n})"), n + 1
        return target

    def export(self, dest: Path) -> bool:
        started = self.importer.run_job(
            "Exporting", lambda p: self.library.export(dest, progress=p.report),
            self._exported)
        if not started:
            self._busy()
        return started

    def _exported(self, manifest: object) -> None:
        if not isinstance(manifest, dict):
            return
        QMessageBox.information(
            self.window, "Export finished",
            f"Exported {manifest['articles']:,} articles, {manifest['originals']:,} original "
            f"files and {manifest['corrections']:,} corrections to:\n\n{manifest['path']}\n\n"
            f"They are plain JSON Lines and the original files. Importing this folder "
            f"restores them.")

    def _busy(self) -> None:
        QMessageBox.information(self.window, "Akhbar", "An import, rebuild or check is "
                                "already running; wait for it to finish or cancel it.")
