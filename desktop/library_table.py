"""The library list shown when the query is empty: every article, sortable by date, title,
language or source, narrowed by the same filters as the search.

Sorting and filtering happen on plain Python lists inside the model rather than in a
QSortFilterProxyModel, whose per-comparison calls back into Python are far too slow for a
100k-article library.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from akhbar.index.store.store import ArticleRow

from .fonts import Fonts
from .textformat import LANG_NAMES, RTL_LANGS

RtlRole = Qt.UserRole + 2  # True for text to lay out right-to-left

COLUMNS = ("Title", "Language", "Date", "Source", "File")
_KEYS = {
    0: lambda r: (r.title or "").casefold(),
    1: lambda r: r.lang or "",
    2: lambda r: r.date or "",
    3: lambda r: (r.source or "").casefold(),
    4: lambda r: r.source_path or "",
}


class ArticlesModel(QAbstractTableModel):
    def __init__(self, fonts: Fonts, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.fonts = fonts
        self.zoom = 1.0
        self.all_rows: list[ArticleRow] = []
        self.rows: list[ArticleRow] = []
        self.sort_column, self.sort_order = 2, Qt.DescendingOrder
        self.filters: dict[str, str | None] = {}

    def set_rows(self, rows: list[ArticleRow]) -> None:
        self.beginResetModel()
        self.all_rows = rows
        self._apply()
        self.endResetModel()

    def set_filters(self, lang: str | None = None, date_from: str | None = None,
                    date_to: str | None = None, source: str | None = None) -> None:
        self.beginResetModel()
        self.filters = {"lang": lang, "from": date_from, "to": date_to, "source": source}
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        f = self.filters
        rows = self.all_rows
        if f.get("lang"):
            rows = [r for r in rows if r.lang == f["lang"]]
        if f.get("from"):
            rows = [r for r in rows if r.date and r.date >= f["from"]]
        if f.get("to"):
            rows = [r for r in rows if r.date and r.date[:len(f["to"])] <= f["to"]]
        if f.get("source"):
            want = f["source"].casefold()
            rows = [r for r in rows if r.source and want in r.source.casefold()]
        key = _KEYS[self.sort_column]
        self.rows = sorted(rows, key=key, reverse=self.sort_order == Qt.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self.sort_column, self.sort_order = column, order
        self._apply()
        self.layoutChanged.emit()

    def row_at(self, row: int) -> ArticleRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.DisplayRole):  # type: ignore[no-untyped-def]
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.DisplayRole:
            return (r.title, LANG_NAMES.get(r.lang, r.lang), r.date or "",
                    r.source or "", Path(r.source_path).name)[col]
        if role == Qt.FontRole and col in (0, 1):
            lang = r.lang if col == 0 else r.lang
            return self.fonts.font_for(lang, self.zoom, scale=0.9 if lang in RTL_LANGS else 1.0)
        if role == Qt.TextAlignmentRole and col == 0 and r.lang in RTL_LANGS:
            return int(Qt.AlignRight | Qt.AlignAbsolute | Qt.AlignVCenter)
        if role == Qt.ToolTipRole:
            return r.title if col == 0 else r.source_path if col == 4 else None
        if role == Qt.UserRole:
            return r.id
        if role == RtlRole:
            return col == 0 and r.lang in RTL_LANGS
        return None


class DirectionDelegate(QStyledItemDelegate):
    """Lays a cell out right-to-left when the model says so (RtlRole), so an Urdu title that
    does not fit is cut at its end, on the left, with the ellipsis there, as in any RTL UI,
    instead of being treated as a run inside a left-to-right cell."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        if index.data(RtlRole):
            option.direction = Qt.RightToLeft
