"""The result list: a model of search hits and a delegate that paints each one as a card
(language badge, title, date and source, snippet with the matched words coloured).

Snippets and titles are rich text built in logical order with a `dir` per paragraph; Qt lays
them out. Each card's QTextDocument is cached per width and zoom, since painting and size
hints ask for it again and again while scrolling.
"""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (QAbstractItemView, QListView, QStyle, QStyledItemDelegate,
                               QStyleOptionViewItem)

from akhbar.index.library import Hit

from .fonts import Fonts
from .textformat import LANG_BADGES, RTL_LANGS, display_date, is_rtl, isolate_join
from .theme import Colors

HitRole = Qt.UserRole + 1
PAD = 8
TITLE_LIFT = 20
BADGE_W = 30


def marked_html(text: str, spans: list[tuple[int, int]], color: QColor) -> str:
    out, last = [], 0
    for s, e in spans:
        if s < last or e > len(text):
            continue
        out.append(html.escape(text[last:s]))
        out.append(f'<span style="background-color:{color.name()}">{html.escape(text[s:e])}'
                   "</span>")
        last = e
    out.append(html.escape(text[last:]))
    return "".join(out)


class ResultsModel(QAbstractListModel):
    more_wanted = Signal()

    def __init__(self, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.hits: list[Hit] = []
        self.total = 0
        self.query = ""

    def set_results(self, query: str, hits: list[Hit], total: int) -> None:
        """Replace the list; when the new hits only extend the shown ones (the next page),
        append rows so the view keeps its scroll position and selection."""
        same_start = (query == self.query and len(hits) > len(self.hits)
                      and [h.id for h in hits[:len(self.hits)]] == [h.id for h in self.hits])
        if same_start:
            self.beginInsertRows(QModelIndex(), len(self.hits), len(hits) - 1)
            self.hits, self.total = hits, total
            self.endInsertRows()
            return
        self.beginResetModel()
        self.query, self.hits, self.total = query, hits, total
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == Qt.DisplayRole:
            return hit.title
        if role == HitRole:
            return hit
        if role == Qt.ToolTipRole:
            return f"{hit.source_path}  ·  score {hit.score:.2f}"
        return None

    def canFetchMore(self, parent: QModelIndex) -> bool:
        return not parent.isValid() and len(self.hits) < self.total

    def fetchMore(self, parent: QModelIndex) -> None:
        if self.canFetchMore(parent):
            self.more_wanted.emit()


class ResultDelegate(QStyledItemDelegate):
    def __init__(self, view: QListView, fonts: Fonts, colors: Colors):
        super().__init__(view)
        self.view = view
        self.fonts = fonts
        self.colors = colors
        self.zoom = 1.0
        self._cache: dict[tuple, QTextDocument] = {}

    def restyle(self, fonts: Fonts, colors: Colors, zoom: float) -> None:
        self.fonts, self.colors, self.zoom = fonts, colors, zoom
        self._cache.clear()

    def clear_cache(self) -> None:
        self._cache.clear()

    def _width(self) -> int:
        return max(120, self.view.viewport().width() - BADGE_W - 3 * PAD)

    def document(self, hit: Hit, width: int) -> QTextDocument:
        key = (hit.id, hit.snippet, width, self.zoom, self.fonts.urdu_style, self.colors.dark)
        doc = self._cache.get(key)
        if doc is None:
            if len(self._cache) > 600:
                self._cache.clear()
            doc = QTextDocument()
            doc.setDocumentMargin(0)
            doc.setHtml(self._html(hit))
            doc.setTextWidth(width)
            self._cache[key] = doc
        return doc

    def _para(self, text: str, spans, lang: str, scale: float, bold: bool = False) -> str:  # type: ignore[no-untyped-def]
        rtl = is_rtl(text, lang)
        fams = ", ".join(f"'{f}'" for f in self.fonts.families_for(lang))
        size = self.fonts.point_size_for(lang, self.zoom) * scale
        lh = 125 if lang in RTL_LANGS else 112
        weight = "font-weight:600;" if bold else ""
        align = "right" if rtl else "left"
        top = 6 if lang in RTL_LANGS else 0  # Nastaliq inks above its nominal ascent
        return (f'<p dir="{"rtl" if rtl else "ltr"}" align="{align}" style="margin:{top}px 0 2px 0; '
                f'font-family:{fams}; font-size:{size:.1f}pt; line-height:{lh}%; {weight}">'
                f"{marked_html(text, spans, self.colors.match)}</p>")

    def _html(self, hit: Hit) -> str:
        title_lang = hit.title_lang or hit.lang  # found by the core, off the GUI thread
        snippet_lang = hit.snippet_lang or hit.lang
        meta = isolate_join([display_date(hit.date, hit.lang), hit.source or "",
                             Path(hit.source_path).name])
        muted = self.colors.muted.name()
        return (self._para(hit.title, hit.title_highlights, title_lang, 1.1, bold=True)
                + f'<p dir="ltr" style="margin:0 0 3px 0; color:{muted}; font-size:'
                  f'{8.5 * self.zoom:.1f}pt">{html.escape(meta)}</p>'
                + self._para(hit.snippet, hit.highlights, snippet_lang, 0.95))

    def rows_to_fill(self, hits: list[Hit], height: int) -> int:
        """How many of `hits`, from the top, it takes to fill `height` pixels. The list lays
        out that many before its first paint and the rest right after (QListView's batched
        layout), so new results show without waiting for cards nobody can see yet; the
        documents made here are the ones the list then uses."""
        width, used = self._width(), 0
        for n, hit in enumerate(hits, 1):
            used += int(self.document(hit, width).size().height()) + 2 * PAD + 1 + _lift(hit)
            if used >= height:
                return n
        return max(1, len(hits))

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        hit = index.data(HitRole)
        if hit is None:
            return super().sizeHint(option, index)
        doc = self.document(hit, self._width())
        return QSize(self.view.viewport().width(),
                     int(doc.size().height()) + 2 * PAD + 1 + _lift(hit))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        hit: Hit | None = index.data(HitRole)
        if hit is None:
            return super().paint(painter, option, index)
        painter.save()
        rect = option.rect
        selected = bool(option.state & QStyle.State_Selected)
        pal = option.palette
        if selected:
            tint = QColor(pal.color(QPalette.Highlight))
            tint.setAlpha(50 if not self.colors.dark else 90)
            painter.fillRect(rect, tint)
            painter.fillRect(QRectF(rect.left(), rect.top(), 3, rect.height()),
                             pal.color(QPalette.Highlight))
        painter.setPen(pal.color(QPalette.Mid))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        # language badge
        badge = QRectF(rect.left() + PAD, rect.top() + PAD + 2, BADGE_W - 4, 18)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(Qt.NoPen)
        painter.setBrush(self.colors.badge.get(hit.lang, self.colors.muted))
        painter.drawRoundedRect(badge, 4, 4)
        painter.setPen(QColor("white"))
        font = painter.font()
        font.setPointSizeF(7.5)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(badge, Qt.AlignCenter, LANG_BADGES.get(hit.lang, hit.lang.upper()))
        # the card's text
        doc = self.document(hit, self._width())
        painter.translate(rect.left() + BADGE_W + 2 * PAD, rect.top() + PAD + _lift(hit))
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.palette.setColor(QPalette.Text, pal.color(QPalette.Text))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()


def _lift(hit: Hit) -> int:
    """Room above an Urdu title: Nastaliq's long words cascade upwards ("سرگئی شوئیگو"
    climbs ~18 px over its line, past the card's edge), and a QTextDocument ignores the top
    margin of its first paragraph."""
    return TITLE_LIFT if (hit.title_lang or hit.lang) in RTL_LANGS else 0


class ResultList(QListView):
    """The result cards. Cards differ in height (Nastaliq lines are tall), so the list cannot
    assume a uniform size; it lays out only the cards that fill it before its first paint
    and the rest right after (batched layout), which keeps the cards nobody sees yet out of
    the time between a keystroke and painted results."""

    def __init__(self, model: ResultsModel, fonts: Fonts, colors: Colors):
        super().__init__()
        self.setObjectName("results")
        self.setModel(model)
        self.delegate = ResultDelegate(self, fonts, colors)
        self.setItemDelegate(self.delegate)
        self.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setResizeMode(QListView.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setLayoutMode(QListView.Batched)

    def show_results(self, query: str, hits: list[Hit], total: int) -> None:
        # The page holding the list is the bound: the list itself may not have its final
        # height yet (hidden until the first search; the labels above it change with it).
        page = self.parentWidget()
        height = max(self.viewport().height(), page.height() if page is not None else 0)
        self.setBatchSize(self.delegate.rows_to_fill(hits, height) + 1)
        self.model().set_results(query, hits, total)
