"""The Compare view: two reports side by side, each in its own direction and font, aligned
passage by passage.

Clicking a passage lights up its counterpart on the other side and scrolls it into view; the
panes scroll together by alignment (the passage at the top of one pane brings its counterpart
to the top of the other), connector lines join aligned passages, and passages only one side
has are shaded. Above the panes, the coverage: names in both, only left, only right (click one
to mark its mentions on both sides), and figures in conflict. The comparison itself is computed
on the reader thread; the window only shows it.
"""
from __future__ import annotations

import html

from pathlib import Path

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QMainWindow, QToolBar,
                               QVBoxLayout, QWidget)

from akhbar.index.library import Library

from .entities_ui import hue, styles
from .fonts import Fonts
from .reader_text import ReaderText
from .tasks import TaskQueue
from .theme import Colors


class Connectors(QWidget):
    """The strip between the panes: a curve from each left passage to its counterpart."""

    def __init__(self, window: "CompareWindow"):
        super().__init__(window)
        self.w = window
        self.setFixedWidth(36)

    def paintEvent(self, _event) -> None:  # type: ignore[no-untyped-def]
        if not self.w.doc:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        for k, pair in enumerate(self.w.doc["pairs"]):
            y1 = self.w.pane_y(self.w.left, pair["left"])
            y2 = self.w.pane_y(self.w.right, pair["right"])
            if y1 is None or y2 is None:
                continue
            color = QColor(self.w.colors.current_match if k == self.w.current else
                           self.w.colors.muted)
            p.setPen(QPen(color, 2.5 if k == self.w.current else 1.2))
            path = QPainterPath(QPointF(0, y1))
            path.cubicTo(QPointF(18, y1), QPointF(18, y2), QPointF(36, y2))
            p.drawPath(path)
        p.end()


class CompareWindow(QMainWindow):
    computed = Signal()

    def __init__(self, library: Library, reader: TaskQueue, fonts: Fonts, colors: Colors,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("compareWindow")
        self.library, self.reader, self.fonts, self.colors = library, reader, fonts, colors
        self.doc: dict | None = None
        self.ids: tuple[str, str] | None = None
        self.current = -1
        self._syncing = False
        self._hovered: int | None = None
        self.setWindowTitle("Compare — Akhbar")
        tb = QToolBar()
        tb.addAction("Swap sides", self.swap)
        tb.addAction("Export HTML…", self.export_html)
        tb.addAction("Export PDF…", self.export_pdf)
        self.addToolBar(tb)
        central = QWidget()
        lay = QVBoxLayout(central)
        self.summary = QLabel("Comparing…")
        self.summary.setObjectName("coverage")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.RichText)
        self.summary.linkActivated.connect(self._chip)
        lay.addWidget(self.summary)
        panes = QHBoxLayout()
        panes.setSpacing(0)
        self.left, self.right = ReaderText(fonts, colors), ReaderText(fonts, colors)
        self.connectors = Connectors(self)
        panes.addWidget(self.left, 1)
        panes.addWidget(self.connectors)
        panes.addWidget(self.right, 1)
        lay.addLayout(panes, 1)
        self.setCentralWidget(central)
        for pane, other in ((self.left, self.right), (self.right, self.left)):
            pane.set_max_width(0)
            pane.verticalScrollBar().valueChanged.connect(
                lambda _v, a=pane, b=other: self._sync(a, b))
            pane.viewport().installEventFilter(self)
            pane.viewport().setMouseTracking(True)
        self.resize(1400, 860)

    # ----------------------------------------------------------------- content
    def compare(self, left_id: str, right_id: str) -> None:
        self.ids = (left_id, right_id)
        self.summary.setText("Comparing…")
        lib = self.library
        self.reader.run(lambda: (lib.comparisons.compare(left_id, right_id), lib.get(left_id),
                                 lib.get(right_id), lib.entities.mentions(left_id),
                                 lib.entities.mentions(right_id)), self._show)

    def _show(self, result) -> None:  # type: ignore[no-untyped-def]
        doc, a, b, ma, mb = result
        if doc is None or a is None or b is None:
            self.summary.setText("One of these articles is no longer in the library.")
            return
        self.doc, self.articles, self.current = doc, (a, b), -1
        self.setWindowTitle(f"Compare — {a.title[:40]} ↔ {b.title[:40]}")
        st = styles(self.colors)
        for pane, art, ms, only in ((self.left, a, ma, doc["only_left"]),
                                    (self.right, b, mb, doc["only_right"])):
            pane.show_article(art, chunked=False)
            pane.set_entities(ms, st, set(st))
            pane.shade = [self._block_range(pane, i) for i in only]
            pane._paint_selections()
        self.summary.setText(self._summary_html(doc))
        self.connectors.update()
        self.computed.emit()

    def _summary_html(self, doc: dict) -> str:
        def chips(ids: list[str]) -> str:
            out = []
            for e in ids[:14]:
                ent = self.library.entities.entity(e)
                name = (ent.name("en") or ent.name("ur") or ent.name("hi")) if ent else e
                color = hue(ent.type, self.colors).name() if ent and ent.type in (
                    "PERSON", "PLACE", "ORG") else self.colors.muted.name()
                out.append(f'<a href="{html.escape(e)}" style="color:{color};'
                           f'text-decoration:none">{html.escape(name)}</a>')
            more = f" (+{len(ids) - 14})" if len(ids) > 14 else ""
            return " · ".join(out) + more if out else "—"
        ents = doc["entities"]
        conflicts = "; ".join(f"{' '.join(c['left'])} ≠ {' '.join(c['right'])}"
                              for c in doc["figures"]["conflicts"]) or "none"
        n_pairs = len(doc["pairs"])
        chart = self._overlap_chart(ents)
        return (f"<b>{n_pairs}</b> passages match · only left: <b>{len(doc['only_left'])}</b> · "
                f"only right: <b>{len(doc['only_right'])}</b><br>"
                f"Both name: {chips(ents['shared'])}<br>Only left: {chips(ents['only_left'])}"
                f"<br>Only right: {chips(ents['only_right'])}<br>Figures in conflict: "
                f"{conflicts}<br>{chart}")

    def _overlap_chart(self, ents: dict) -> str:
        """Entity overlap by type as bars: both ▮, only left ◧, only right ◨."""
        rows = []
        for t, label in (("PERSON", "People"), ("PLACE", "Places"), ("ORG", "Organisations")):
            counts = []
            for key in ("shared", "only_left", "only_right"):
                counts.append(sum(1 for e in ents[key]
                                  if (x := self.library.entities.entity(e)) and x.type == t))
            if not any(counts):
                continue
            color = hue(t, self.colors).name()
            bars = (f'<span style="color:{color}">{"█" * counts[0]}</span>'
                    f'<span style="color:{color}; opacity:0.5">{"▌" * counts[1]}</span>'
                    f'<span style="color:gray">{"▐" * counts[2]}</span>')
            rows.append(f"{label}: {bars} {counts[0]} both · {counts[1]} left · "
                        f"{counts[2]} right")
        return " &nbsp;&nbsp; ".join(rows)

    # ----------------------------------------------------------------- geometry
    def _block_range(self, pane: ReaderText, paragraph: int) -> tuple[int, int] | None:
        piece = paragraph + 1
        if not 0 < piece < len(pane.pieces):
            return None
        p = pane.pieces[piece]
        return p.position, p.position + p.offsets[-1]

    def pane_y(self, pane: ReaderText, paragraphs: list[int]) -> float | None:
        """Vertical middle of the first of `paragraphs`, in the connector strip's coordinates."""
        rng = self._block_range(pane, paragraphs[0]) if paragraphs else None
        if rng is None:
            return None
        block = pane.document().findBlock(rng[0])
        rect = pane.document().documentLayout().blockBoundingRect(block)
        y = rect.top() + min(rect.height(), 60) / 2 - pane.verticalScrollBar().value()
        return pane.viewport().mapTo(self, QPointF(0, y).toPoint()).y() - \
            self.connectors.mapTo(self, QPointF(0, 0).toPoint()).y()

    def paragraph_at(self, pane: ReaderText, pos) -> int | None:  # type: ignore[no-untyped-def]
        at = pane.cursorForPosition(pos).position()
        for i in range(1, len(pane.pieces)):
            p = pane.pieces[i]
            if p.position <= at <= p.position + p.offsets[-1]:
                return i - 1
        return None

    # ----------------------------------------------------------------- interaction
    def eventFilter(self, obj, event) -> bool:  # type: ignore[no-untyped-def]
        kind = event.type()
        if self.doc is not None and kind in (event.Type.MouseButtonRelease,
                                             event.Type.MouseMove):
            pane = self.left if obj is self.left.viewport() else self.right
            para = self.paragraph_at(pane, event.position().toPoint())
            if para is not None and (kind == event.Type.MouseButtonRelease
                                     or para != self._hovered):
                # hovering lights the counterpart; a click also keeps it after the mouse leaves
                self._hovered = para
                self.select(pane is self.left, para)
        return super().eventFilter(obj, event)

    def select(self, left_side: bool, paragraph: int) -> int:
        """Light up the passage and its counterpart; returns the pair index or -1."""
        assert self.doc is not None
        side, other = ("left", "right") if left_side else ("right", "left")
        for k, pair in enumerate(self.doc["pairs"]):
            if paragraph in pair[side]:
                self.current = k
                break
        else:
            self.current = -1
        for pane, key in ((self.left, "left"), (self.right, "right")):
            if self.current >= 0:
                ranges = [r for i in self.doc["pairs"][self.current][key]
                          if (r := self._block_range(pane, i))]
            else:
                ranges = [r] if key == side and (r := self._block_range(pane, paragraph)) else []
            pane.set_focus(ranges)
        self.connectors.update()
        return self.current

    def _sync(self, src: ReaderText, dst: ReaderText) -> None:
        """Scroll `dst` so the counterpart of the passage at the top of `src` is at its top."""
        self.connectors.update()
        if self._syncing or self.doc is None:
            return
        top = src.cursorForPosition(src.viewport().rect().topLeft()).position()
        side, other = ("left", "right") if src is self.left else ("right", "left")
        para = next((i - 1 for i in range(1, len(src.pieces)) if src.pieces[i].position +
                     src.pieces[i].offsets[-1] >= top), None)
        if para is None:
            return
        pair = next((p for p in self.doc["pairs"] if p[side][-1] >= para), None)
        if pair is None:
            return
        rng = self._block_range(dst, pair[other][0])
        if rng is None:
            return
        block = dst.document().findBlock(rng[0])
        y = dst.document().documentLayout().blockBoundingRect(block).top()
        self._syncing = True
        dst.verticalScrollBar().setValue(int(y) - 8)
        self._syncing = False

    def _chip(self, entity_id: str) -> None:
        for pane in (self.left, self.right):
            pane.set_focus(sorted(pane.mention_ranges(entity_id)))

    def swap(self) -> None:
        if self.ids:
            self.compare(self.ids[1], self.ids[0])

    # ----------------------------------------------------------------- export
    def html(self) -> str:
        from akhbar.index.cli_compare import comparison_html

        assert self.doc is not None
        return comparison_html(self.library, self.doc)

    def export_html(self, path: str | None = None) -> None:
        path = path or QFileDialog.getSaveFileName(self, "Export comparison", "comparison.html",
                                                   "HTML (*.html)")[0]
        if path and self.doc is not None:
            Path(path).write_text(self.html(), "utf-8")

    def export_pdf(self, path: str | None = None) -> None:
        """Qt lays the page out (HarfBuzz shapes the Urdu), so the PDF reads correctly."""
        from .pdf import write_pdf

        path = path or QFileDialog.getSaveFileName(self, "Export comparison", "comparison.pdf",
                                                   "PDF (*.pdf)")[0]
        if not path or self.doc is None:
            return
        write_pdf(self.html(), Path(path), self.fonts)
