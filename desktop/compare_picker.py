""""Compare with…": the articles that report the same event first (with why), or any article
found by a search."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QVBoxLayout, QWidget)

from akhbar.index.library import Library

from .tasks import TaskQueue


class ComparePicker(QDialog):
    def __init__(self, library: Library, reader: TaskQueue, article_id: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("comparePicker")
        self.setWindowTitle("Compare with…")
        self.library, self.reader, self.article_id = library, reader, article_id
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Reports of the same event, best first:"))
        self.list = QListWidget()
        self.list.setObjectName("counterparts")
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        lay.addWidget(self.list, 1)
        self.search = QLineEdit()
        self.search.setPlaceholderText("…or search for any article")
        lay.addWidget(self.search)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Compare")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self._search)
        self.search.textChanged.connect(self._timer.start)
        self.list.addItem("Finding reports of the same event…")
        reader.run(lambda: library.comparisons.counterparts(article_id), self._fill)
        self.resize(640, 420)

    def _fill(self, rows: list[dict]) -> None:
        self.list.clear()
        for r in rows:
            item = QListWidgetItem(f"{r['title']}\n    {r['lang']} · {r['score']:.1f} · "
                                   f"{' · '.join(r['evidence'][:5])}")
            item.setData(Qt.UserRole, r["id"])
            self.list.addItem(item)
        if not rows:
            self.list.addItem("No other article shares its names; search below.")
        elif self.list.count():
            self.list.setCurrentRow(0)

    def _search(self) -> None:
        text = self.search.text().strip()
        if not text:
            self.reader.run(lambda: self.library.comparisons.counterparts(self.article_id),
                            self._fill)
            return
        self.reader.run(lambda: self.library.search(text, limit=30), self._results)

    def _results(self, res) -> None:  # type: ignore[no-untyped-def]
        self._fill([{"id": h.id, "title": h.title, "lang": h.lang, "score": h.score,
                     "evidence": []} for h in res.hits if h.id != self.article_id])

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item is not None else None
