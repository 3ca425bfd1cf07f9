"""The Compare view: two reports side by side, each in its own direction and font, aligned
passage by passage, and sentence by sentence where paragraphs are long.

Clicking (or hovering) a passage lights it and its counterpart on the other side and scrolls
that into view: a sentence of a long paragraph lights only the sentence(s) it was aligned
with. The panes scroll together by alignment (the passage at the top of one pane brings its
counterpart to the top of the other); the strip between them marks each pair with a bar
beside each side's passage and a curve joining them; what only one side has is shaded, a
paragraph across the column, a sentence under its words (`compare_panes.py`). Above the
panes, the coverage: names in both, only left, only right (click one to mark its mentions on
both sides), and figures in conflict. The comparison itself is computed on the reader
thread; the window only shows it.
"""
from __future__ import annotations

import html

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QMainWindow, QToolBar,
                               QVBoxLayout, QWidget)

from akhbar.index.library import Library

from .compare_panes import ComparePane, Connectors, Mark
from .entities_ui import hue, styles
from .fonts import Fonts
from .tasks import TaskQueue
from .theme import Colors


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
        self._hovered: Mark | None = None
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
        self.left, self.right = ComparePane(fonts, colors), ComparePane(fonts, colors)
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
        for pane, art, ms, side in ((self.left, a, ma, "left"), (self.right, b, mb, "right")):
            pane.show_article(art, chunked=False)
            with pane.batch():
                pane.set_entities(ms, st, set(st))
                pane.set_marks(doc, side)
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

        def only(side: str) -> str:
            extra = len(doc.get(f"only_{side}_spans", []))
            more = f" (+{extra} sentence{'s' if extra > 1 else ''})" if extra else ""
            return f"<b>{len(doc[f'only_{side}'])}</b>{more}"
        return (f"<b>{n_pairs}</b> passages match · only left: {only('left')} · "
                f"only right: {only('right')}<br>"
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

    # ----------------------------------------------------------------- interaction
    def eventFilter(self, obj, event) -> bool:  # type: ignore[no-untyped-def]
        kind = event.type()
        if self.doc is not None and kind in (event.Type.MouseButtonRelease,
                                             event.Type.MouseMove):
            pane = self.left if obj is self.left.viewport() else self.right
            mark = pane.mark_at(event.position().toPoint())
            if mark is not None and (kind == event.Type.MouseButtonRelease
                                     or mark != self._hovered):
                # hovering lights the counterpart; a click also keeps it after the mouse leaves
                self._hovered = mark
                self.light(pane, mark)
        return super().eventFilter(obj, event)

    def select(self, left_side: bool, paragraph: int, offset: int | None = None) -> int:
        """Light up the passage of `paragraph` (at character `offset` of it, or its first
        aligned one) and its counterpart; returns the pair index or -1."""
        assert self.doc is not None
        pane = self.left if left_side else self.right
        if not 0 <= paragraph + 1 < len(pane.pieces):
            return -1
        piece = pane.pieces[paragraph + 1]
        if offset is None:
            inside = [m for m in pane.marks if piece.position <= m.start
                      and m.end <= piece.position + piece.offsets[-1]]
            mark = next((m for m in inside if m.pair >= 0), inside[0] if inside else None)
        else:
            at = piece.position + piece.offsets[min(offset, len(piece.offsets) - 1)]
            mark = next((m for m in pane.marks if m.start <= at <= m.end), None)
        if mark is None:
            return -1
        return self.light(pane, mark)

    def light(self, pane: ComparePane, mark: Mark) -> int:
        """Light `mark` and, if aligned, every passage of its pair on both sides."""
        self.current = mark.pair
        for p in (self.left, self.right):
            if mark.pair >= 0:
                p.set_focus(p.pair_ranges(mark.pair))
            else:
                p.set_focus([(mark.start, mark.end)] if p is pane else [])
        self.connectors.update()
        return self.current

    def _sync(self, src: ComparePane, dst: ComparePane) -> None:
        """Scroll `dst` so the counterpart of the passage at the top of `src` is at its top."""
        self.connectors.update()
        if self._syncing or self.doc is None:
            return
        top = src.cursorForPosition(QPoint(src.viewport().width() // 2, 4)).position()
        mark = src.first_mark_from(top)
        ranges = dst.pair_ranges(mark.pair) if mark is not None else []
        if not ranges:
            return
        self._syncing = True
        dst.verticalScrollBar().setValue(dst.document_y(ranges[0][0]) - 8)
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
