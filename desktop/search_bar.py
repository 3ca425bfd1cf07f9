"""The search bar: the query box and the filters (language, date range, source).

Filters are turned into the query language's own `lang:`/`date:`/`source:` terms, so the GUI,
the CLI and saved queries mean exactly the same thing; with an empty query they filter the
library list instead.
"""
from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit,
                               QWidget)

LANG_CHOICES = [("All languages", None), ("اردو Urdu", "ur"), ("हिन्दी Hindi", "hi"),
                ("English", "en")]


class SearchBar(QWidget):
    changed = Signal()  # the query text or a filter changed

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        self.edit = QLineEdit()
        self.edit.setObjectName("searchEdit")
        self.edit.setPlaceholderText('Search in Urdu, Hindi or English — "phrase", -word, '
                                     "word*, OR   (Ctrl+K)")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(280)
        self.lang = QComboBox()
        self.lang.setObjectName("langFilter")
        for label, code in LANG_CHOICES:
            self.lang.addItem(label, code)
        self.use_dates = QCheckBox("From")
        self.date_from = QDateEdit(QDate(2000, 1, 1))
        self.date_to = QDateEdit(QDate.currentDate())
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.setEnabled(False)
        self.source = QComboBox()
        self.source.setObjectName("sourceFilter")
        self.source.setEditable(True)
        self.source.setMinimumContentsLength(12)
        self.source.lineEdit().setPlaceholderText("Any source")
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.lang)
        lay.addWidget(self.use_dates)
        lay.addWidget(self.date_from)
        lay.addWidget(QLabel("to"))
        lay.addWidget(self.date_to)
        lay.addWidget(self.source)

        self.edit.textChanged.connect(self.changed)
        self.lang.currentIndexChanged.connect(self.changed)
        self.use_dates.toggled.connect(self._dates_toggled)
        self.date_from.dateChanged.connect(self._date_changed)
        self.date_to.dateChanged.connect(self._date_changed)
        self.source.currentTextChanged.connect(self.changed)

    def set_sources(self, sources: list[str]) -> None:
        current = self.source.currentText()
        self.source.blockSignals(True)
        self.source.clear()
        self.source.addItem("")
        self.source.addItems(sources)
        self.source.setEditText(current)
        self.source.blockSignals(False)

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.changed.emit()

    def _date_changed(self) -> None:
        if self.use_dates.isChecked():
            self.changed.emit()

    # ----------------------------------------------------------------- values
    def text(self) -> str:
        return self.edit.text()

    def lang_code(self) -> str | None:
        return self.lang.currentData()

    def date_range(self) -> tuple[str | None, str | None]:
        if not self.use_dates.isChecked():
            return None, None
        lo = self.date_from.date().toString("yyyy-MM-dd")
        hi = self.date_to.date().toString("yyyy-MM-dd")
        return (lo, hi) if lo <= hi else (hi, lo)

    def source_text(self) -> str:
        return self.source.currentText().strip()

    def has_filters(self) -> bool:
        return bool(self.lang_code() or self.use_dates.isChecked() or self.source_text())

    def full_query(self) -> str:
        """The typed query plus the filters as query terms (empty if nothing was typed)."""
        text = self.text().strip()
        if not text:
            return ""
        parts = [text]
        lo, hi = self.date_range()
        if lo:
            parts.append(f"date:{lo}..{hi}")
        source = self.source_text().replace('"', "")
        if source:
            parts.append(f'source:"{source}"')
        return " ".join(parts)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key_Escape:
            self.edit.clear()
            return
        super().keyPressEvent(event)
