"""The two panes of the Compare view and the strip between them, down to the sentence.

An alignment joins passages: whole paragraphs, or sentences of long paragraphs
(`index/compare/refine.py`). Each pane keeps its passages as document ranges ("marks"): which
pair each belongs to, or none when only this side has it. What only one side has is shaded
(a whole paragraph across the column, a sentence under its own words); the strip between the
panes has, for every pair, a bar beside each side's passage and a curve joining them.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QTextCursor, QTextFormat
from PySide6.QtWidgets import QTextEdit, QWidget

from .reader_text import ReaderText

SHADE = QColor(128, 128, 128, 56)  # "only here": visible under a single sentence too


@dataclass(frozen=True)
class Mark:
    """A passage of one pane: a document range and the pair it is in (-1: only here)."""

    start: int
    end: int
    pair: int
    whole: bool  # a whole paragraph (else a sentence of one)


class ComparePane(ReaderText):
    """A reader pane that knows the passages of a comparison."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.marks: list[Mark] = []
        self.by_pair: dict[int, list[tuple[int, int]]] = {}

    def _set_document(self, doc) -> None:  # type: ignore[no-untyped-def]
        self.marks, self.by_pair = [], {}  # (ranges of the document being replaced)
        super()._set_document(doc)

    def set_marks(self, doc: dict, side: str) -> None:
        """Marks for `side` ("left" or "right") of a comparison `doc` (the JSON of
        `akhbar compare`), in document order; shades what only this side has."""
        marks = []
        for k, pair in enumerate(doc["pairs"]):
            marks += [m for d in pair[f"{side}_spans"] if (m := self._mark(d, k))]
        marks += [m for i in doc[f"only_{side}"] if (m := self._paragraph_mark(i))]
        marks += [m for d in doc[f"only_{side}_spans"] if (m := self._mark(d, -1))]
        self.marks = sorted(marks, key=lambda m: m.start)
        self.by_pair: dict[int, list[tuple[int, int]]] = {}
        for m in self.marks:
            self.by_pair.setdefault(m.pair, []).append((m.start, m.end))
        self._paint_selections()

    def _mark(self, d: dict, pair: int) -> Mark | None:
        rng = self.doc_range(d["paragraph"] + 1, (d["start"], d["end"]))
        return Mark(*rng, pair, d["sentence"] is None) if rng else None

    def _paragraph_mark(self, paragraph: int) -> Mark | None:
        if not 0 <= paragraph + 1 < len(self.pieces):
            return None
        p = self.pieces[paragraph + 1]
        return Mark(p.position, p.position + p.offsets[-1], -1, True)

    def only_here(self) -> list[Mark]:
        return [m for m in self.marks if m.pair < 0]

    def pair_ranges(self, pair: int) -> list[tuple[int, int]]:
        return list(self.by_pair.get(pair, [])) if pair >= 0 else []

    def mark_at(self, pos: QPoint) -> Mark | None:
        """The passage under viewport point `pos`, if any."""
        at = self.cursorForPosition(pos).position()
        return next((m for m in self.marks if m.start <= at <= m.end), None)

    def first_mark_from(self, position: int) -> Mark | None:
        """The first aligned passage that ends at or after document `position`."""
        return next((m for m in self.marks if m.pair >= 0 and m.end >= position), None)

    def span_y(self, start: int, end: int) -> tuple[float, float]:
        """Top of the first line and bottom of the last line of a range, in viewport
        coordinates."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        top = self.cursorRect(cursor).top()
        cursor.setPosition(max(start, end - 1))
        return top, self.cursorRect(cursor).bottom()

    def document_y(self, position: int) -> int:
        """Top of the line holding `position`, in document coordinates."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        return self.cursorRect(cursor).top() + self.verticalScrollBar().value()

    # Qt is handed the shading first, so a name's underline or the lit passage stays on top
    def setExtraSelections(self, selections) -> None:  # type: ignore[no-untyped-def]
        shading = []
        for m in self.marks:
            if m.pair >= 0:
                continue
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(m.start)
            cursor.setPosition(m.end, QTextCursor.KeepAnchor)
            sel.cursor = cursor
            sel.format.setBackground(SHADE)
            # a whole paragraph is shaded across the column, a sentence under its words
            sel.format.setProperty(QTextFormat.FullWidthSelection, m.whole)
            shading.append(sel)
        super().setExtraSelections(shading + list(selections))


class Connectors(QWidget):
    """The strip between the panes: for each pair, a bar beside the passage on each side and
    a curve between them; the lit pair drawn stronger."""

    WIDTH = 36

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.w = window
        self.setFixedWidth(self.WIDTH)

    def extent(self, pane: ComparePane, pair: int) -> tuple[float, float] | None:
        """The vertical extent of a pair's passages in `pane`, in this strip's coordinates
        (above or below it when they are scrolled out of sight)."""
        ranges = pane.pair_ranges(pair)
        if not ranges:
            return None
        top, _ = pane.span_y(*ranges[0])
        _, bottom = pane.span_y(*ranges[-1])
        shift = pane.viewport().mapTo(self.w, QPoint(0, 0)).y() - \
            self.mapTo(self.w, QPoint(0, 0)).y()
        return top + shift, bottom + shift

    def paintEvent(self, _event) -> None:  # type: ignore[no-untyped-def]
        if not self.w.doc:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        w, h = self.WIDTH, self.height()
        for k in range(len(self.w.doc["pairs"])):
            a, b = self.extent(self.w.left, k), self.extent(self.w.right, k)
            if a is None or b is None or (max(a[1], b[1]) < 0 or min(a[0], b[0]) > h):
                continue
            lit = k == self.w.current
            color = QColor(self.w.colors.current_match if lit else self.w.colors.muted)
            # a bar beside each side's passage (a sentence: a short one) ...
            p.setPen(QPen(color, 3 if lit else 1.5, Qt.SolidLine, Qt.FlatCap))
            p.drawLine(QPointF(1.5, a[0] + 2), QPointF(1.5, a[1] - 2))
            p.drawLine(QPointF(w - 1.5, b[0] + 2), QPointF(w - 1.5, b[1] - 2))
            # ... and a curve between them, from the first lines
            y1, y2 = (a[0] + min(a[1], a[0] + 40)) / 2, (b[0] + min(b[1], b[0] + 40)) / 2
            p.setPen(QPen(color, 2.5 if lit else 1.2))
            path = QPainterPath(QPointF(3, y1))
            path.cubicTo(QPointF(w / 2, y1), QPointF(w / 2, y2), QPointF(w - 3, y2))
            p.drawPath(path)
        p.end()
