"""The article text: a read-only QTextBrowser whose document is built block by block.

Everything goes to Qt in logical order; Qt (HarfBuzz + its bidi algorithm) shapes and orders
it. Each paragraph is its own block with its own layout direction, alignment (AlignLeading:
with a right-to-left block, AlignRight would mean the *left* edge), font and line height
(Nastaliq needs about 130 %). Highlights are extra selections, so the document (and what a
user copies) is never changed by them.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QImage, QPainter, QTextBlockFormat,
                           QTextCharFormat, QTextCursor, QTextDocument, QTextFormat)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QToolTip, QWidget

from akhbar.index.model import Article, Paragraph
from akhbar.index.text.langid import detect_language

from .entity_menus import build_add_menu, build_mention_menu
from .fonts import Fonts
from .textformat import LANG_NAMES, RTL_LANGS, display_date, is_rtl, isolate_join, utf16_offsets
from .theme import Colors

Span = tuple[int, int]
PROPORTIONAL = 1  # QTextBlockFormat.LineHeightTypes.ProportionalHeight
URDU_LINE_HEIGHT = 130
OTHER_LINE_HEIGHT = 118
NASTALIQ_OVERHANG = 16  # px at zoom 1
# A long article's first step: one estimated screenful, which over-counts (it leaves out the
# title, the header, paragraph gaps and short last lines), so it fills the view with room over
FIRST_SCREENS = 1.0
MIN_FIRST_CHUNK = 400  # characters, whatever the view's size
# what a line of each script looks like, to tell how many characters fill the view
WIDTH_SAMPLES = {"ur": "شمالی کوریا کے رہنما کم جونگ اُن اس ماہ روس کا دورہ کرنے کا ارادہ رکھتے ہیں",
                 "hi": "उत्तर कोरिया के नेता किम जोंग उन जल्द ही राष्ट्रपति व्लादिमीर पुतिन से मिलेंगे",
                 "en": "North Korea's leader Kim Jong Un plans to visit Russia this month"}


@dataclass
class Piece:
    """One block of the document that holds stored text: the title or a paragraph."""

    position: int  # document position of the block's first character
    offsets: list[int]  # code point -> UTF-16 offset within the block


class ReaderText(QTextBrowser):
    completed = Signal()  # the rest of a long article was added (highlights need redoing)
    entity_clicked = Signal(object)  # a mention was clicked (not dragged)
    correction = Signal(str, object, object)  # kind, mention or (piece, start, end, text), extra

    def __init__(self, fonts: Fonts, colors: Colors, parent: QWidget | None = None):
        super().__init__(parent)
        self._rest: tuple[Article, int] | None = None
        self.fonts = fonts
        self.colors = colors
        self.zoom = 1.0
        self.max_width = 760
        self._screenful: dict[tuple, int] = {}
        self.pieces: list[Piece] = []  # [title, paragraph 0, paragraph 1, ...]
        self.setOpenLinks(False)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.setObjectName("articleText")
        self._match_ranges: list[tuple[int, int]] = []
        self._find_ranges: list[tuple[int, int]] = []
        self._current: tuple[int, int] | None = None
        self._mentions: list = []
        self._hold, self._deferred = 0, False
        self._focus: list[tuple[int, int]] = []
        self.shade: list[tuple[int, int] | None] = []
        self._press = None
        self.describe = None  # mention -> tooltip text, set by the article view
        self._entity_ranges: list = []
        self._entity_styles: dict = {}
        self._entity_shown: set[str] = set()

    # ----------------------------------------------------------------- building
    def show_placeholder(self, text: str) -> None:
        self.pieces = []
        self._rest = None
        doc = QTextDocument(self)
        cursor = QTextCursor(doc)
        fmt = QTextBlockFormat()
        fmt.setAlignment(Qt.AlignCenter)
        fmt.setTopMargin(60)
        cursor.setBlockFormat(fmt)
        cf = QTextCharFormat()
        cf.setForeground(self.colors.muted)
        cf.setFont(self.fonts.font_for("en", self.zoom))
        cursor.insertText(text, cf)
        self._set_document(doc)

    def show_article(self, article: Article, *, chunked: bool = True) -> None:
        doc = QTextDocument(self)
        doc.setUndoRedoEnabled(False)
        doc.setDocumentMargin(18)
        cursor = QTextCursor(doc)
        self.pieces = []
        lang = article.lang
        title_lang = _text_lang(article.title, lang)
        self._block(cursor, first=True, rtl=is_rtl(article.title, title_lang), lang=title_lang,
                    bottom=6)
        self.pieces.append(Piece(cursor.position(), utf16_offsets(article.title)))
        cursor.insertText(article.title,
                          self._char(title_lang, bold=True, scale=1.45))
        meta = [display_date(article.date, lang), article.source or "", article.section or "",
                LANG_NAMES.get(lang, lang)]
        meta_text = isolate_join(meta)
        self._block(cursor, rtl=lang in RTL_LANGS, lang=lang,
                    bottom=4 if article.keywords else 20)
        cursor.insertText(meta_text, self._char(lang, scale=0.8, muted=True))
        if article.keywords:
            self._block(cursor, rtl=lang in RTL_LANGS, lang=lang, bottom=20)
            cursor.insertText(isolate_join(article.keywords),
                              self._char(lang, scale=0.8, muted=True, italic=True))
        # A long article is shown in two steps: the first screenfuls now, the rest right
        # after the first paint (shaping Nastaliq costs ~7 µs a character the first time).
        total = sum(len(p.text) for p in article.paragraphs)
        screen = self.screenful_chars(lang)
        budget = max(MIN_FIRST_CHUNK, int(FIRST_SCREENS * screen))
        if not chunked or total <= budget + screen:  # too little left to be worth a step
            budget = total
        done, used = 0, 0
        while done < len(article.paragraphs) and used <= budget:
            used += len(article.paragraphs[done].text)
            self._paragraph(cursor, article.paragraphs[done])
            done += 1
        self._set_document(doc)
        self._rest = (article, done) if done < len(article.paragraphs) else None
        if self._rest is not None:
            QTimer.singleShot(0, self._append_rest)

    def screenful_chars(self, lang: str) -> int:
        """About how many characters of `lang` fill the visible text column once, at the
        current font, zoom and size (measured on a sample line; cached)."""
        width = self.viewport().width()
        if self.max_width:
            width = min(width, int(self.max_width * self.zoom))
        key = (lang, self.zoom, self.fonts.urdu_style, width, self.viewport().height())
        if key not in self._screenful:
            fm = QFontMetricsF(self.fonts.font_for(lang, self.zoom))
            sample = WIDTH_SAMPLES.get(lang, WIDTH_SAMPLES["en"])
            per_char = max(1.0, fm.horizontalAdvance(sample) / len(sample))
            line = fm.lineSpacing() * (URDU_LINE_HEIGHT if lang in RTL_LANGS
                                       else OTHER_LINE_HEIGHT) / 100
            self._screenful[key] = int(self.viewport().height() / max(1.0, line)
                                       * width / per_char)
        return self._screenful[key]

    @property
    def pending(self) -> bool:
        """True while the end of a long article is still to be added."""
        return self._rest is not None

    def _append_rest(self) -> None:
        if self._rest is None:
            return
        article, start = self._rest
        self._rest = None
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.End)
        cursor.beginEditBlock()
        for p in article.paragraphs[start:]:
            self._paragraph(cursor, p)
        cursor.endEditBlock()
        self.completed.emit()

    def _paragraph(self, cursor: QTextCursor, p: Paragraph) -> None:
        self._block(cursor, rtl=is_rtl(p.text, p.lang), lang=p.lang, bottom=12,
                    background=self.colors.restored if p.kind == "restored" else None)
        self.pieces.append(Piece(cursor.position(), utf16_offsets(p.text)))
        cursor.insertText(p.text, self._char(p.lang))

    def _block(self, cursor: QTextCursor, *, rtl: bool, lang: str, bottom: int,
               first: bool = False, background: QColor | None = None) -> None:
        fmt = QTextBlockFormat()
        fmt.setLayoutDirection(Qt.RightToLeft if rtl else Qt.LeftToRight)
        fmt.setAlignment(Qt.AlignLeading)  # the start edge: right for Urdu, left for Hindi
        height = URDU_LINE_HEIGHT if lang in RTL_LANGS else OTHER_LINE_HEIGHT
        fmt.setLineHeight(height, PROPORTIONAL)
        fmt.setBottomMargin(bottom)
        if rtl and lang in RTL_LANGS:
            # Nastaliq's first letter of a line inks well past its advance on the right;
            # the document clips at the text column, so keep that room inside the column.
            fmt.setRightMargin(round(NASTALIQ_OVERHANG * self.zoom))
        if background is not None:
            fmt.setBackground(background)
        if first:
            cursor.setBlockFormat(fmt)
        else:
            cursor.insertBlock(fmt)

    def _char(self, lang: str, *, bold: bool = False, scale: float = 1.0, muted: bool = False,
              italic: bool = False) -> QTextCharFormat:
        cf = QTextCharFormat()
        font: QFont = self.fonts.font_for(lang, self.zoom, bold=bold, scale=scale)
        font.setItalic(italic)
        cf.setFont(font)
        if muted:
            cf.setForeground(self.colors.muted)
        return cf

    def _set_document(self, doc: QTextDocument) -> None:
        # Margins first: changing the root frame after setDocument would lay the whole
        # (Nastaliq: costly) document out a second time.
        self._apply_width(doc)
        self.setDocument(doc)  # (the previous one, a child of this view, is deleted by Qt)
        self._match_ranges, self._find_ranges, self._current = [], [], None
        self._entity_ranges = []
        self._focus = []
        self.shade = []
        self._paint_selections()
        self.verticalScrollBar().setValue(0)

    def prewarm(self) -> None:
        """Shape and paint a few words in each script at the article's sizes, off screen, so
        the first article opened does not pay for loading the fonts and filling the glyph
        caches (~60 ms for Nastaliq). Called once, when the app is idle after start-up."""
        doc = QTextDocument()
        cursor = QTextCursor(doc)
        for lang, text in (("ur", "شمالی کوریا کے رہنما کم جونگ اُن روس ۔ ہے"),
                           ("hi", "उत्तर कोरिया के नेता किम जोंग उन रूस"), ("en", "Putin 2023")):
            cursor.insertText(text, self._char(lang))
            cursor.insertText(" ", self._char(lang, bold=True, scale=1.45))
            cursor.insertText(text, self._char(lang, bold=True, scale=1.45))
            cursor.insertBlock()
        doc.setTextWidth(600)
        image = QImage(8, 8, QImage.Format_ARGB32)
        painter = QPainter(image)
        doc.drawContents(painter)
        painter.end()

    # ----------------------------------------------------------------- ranges
    def doc_range(self, piece: int, span: Span) -> tuple[int, int] | None:
        if not 0 <= piece < len(self.pieces):
            return None
        p = self.pieces[piece]
        s, e = span
        if not 0 <= s <= e < len(p.offsets):
            return None
        return p.position + p.offsets[s], p.position + p.offsets[e]

    def set_matches(self, spans_per_piece: list[list[Span]]) -> int:
        self._match_ranges = [r for i, spans in enumerate(spans_per_piece) for sp in spans
                              if (r := self.doc_range(i, sp)) is not None]
        self._paint_selections()
        return len(self._match_ranges)

    def set_find(self, spans_per_piece: list[list[Span]]) -> int:
        self._find_ranges = [r for i, spans in enumerate(spans_per_piece) for sp in spans
                             if (r := self.doc_range(i, sp)) is not None]
        self._paint_selections()
        return len(self._find_ranges)

    def match_ranges(self, find: bool = False) -> list[tuple[int, int]]:
        return list(self._find_ranges if find else self._match_ranges)

    def go_to(self, rng: tuple[int, int] | None) -> None:
        """Make `rng` the current match: coloured differently and scrolled into view."""
        self._current = rng
        self._paint_selections()
        if rng is not None:
            cursor = QTextCursor(self.document())
            cursor.setPosition(rng[0])
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    # ----------------------------------------------------------------- events
    def event(self, ev) -> bool:  # type: ignore[no-untyped-def]
        if ev.type() == QEvent.ToolTip and self.describe is not None:
            m = self.mention_at(ev.pos())
            if m is not None:
                QToolTip.showText(ev.globalPos(), self.describe(m), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(ev)

    def mousePressEvent(self, ev) -> None:  # type: ignore[no-untyped-def]
        self._press = ev.position().toPoint()
        super().mousePressEvent(ev)

    def mouseReleaseEvent(self, ev) -> None:  # type: ignore[no-untyped-def]
        super().mouseReleaseEvent(ev)
        pos = ev.position().toPoint()
        if ev.button() == Qt.LeftButton and self._press is not None and \
                (pos - self._press).manhattanLength() < 4 and not self.textCursor().hasSelection():
            m = self.mention_at(pos)
            if m is not None:
                self.entity_clicked.emit(m)
        self._press = None

    def contextMenuEvent(self, ev) -> None:  # type: ignore[no-untyped-def]
        menu = self.createStandardContextMenu(ev.pos())
        m = self.mention_at(ev.pos())
        if m is not None:
            build_mention_menu(menu, m, self._mentions, self.correction, self.entity_clicked)
        else:
            span = self.selected_span()
            if span is not None:
                build_add_menu(menu, span, self.correction)
        menu.exec(ev.globalPos())
        menu.deleteLater()

    def selected_span(self) -> tuple[int, int, int, str] | None:
        """(paragraph, start, end, text) of the selection inside one piece, in code points."""
        cur = self.textCursor()
        if not cur.hasSelection():
            return None
        a, b = cur.selectionStart(), cur.selectionEnd()
        for i, p in enumerate(self.pieces):
            end = p.position + p.offsets[-1]
            if p.position <= a and b <= end:
                s = p.offsets.index(a - p.position) if (a - p.position) in p.offsets else None
                e = p.offsets.index(b - p.position) if (b - p.position) in p.offsets else None
                if s is None or e is None or s == e:
                    return None
                text = cur.selectedText()
                return i - 1, s, e, text.strip() and text
        return None

    # ----------------------------------------------------------------- entities
    def set_entities(self, mentions: list, styles: dict[str, QTextCharFormat],
                     shown: set[str]) -> None:
        """Underline each mention in its type's style (hue + underline pattern, so the types
        stay apart for colour-blind readers); `shown` are the types switched on."""
        self._mentions = list(mentions)
        self._entity_styles, self._entity_shown = styles, shown
        self._entity_ranges = [(r, m) for m in self._mentions
                               if (r := self.doc_range(m.paragraph + 1, (m.start, m.end)))]
        self._paint_selections()

    def mention_at(self, pos) -> object | None:  # type: ignore[no-untyped-def]
        """The mention under viewport point `pos`, if any."""
        at = self.cursorForPosition(pos).position()
        for (s, e), m in self._entity_ranges:
            if s <= at < e and m.type in self._entity_shown:
                return m
        return None

    def mention_ranges(self, entity_id: str) -> list[tuple[int, int]]:
        return [r for r, m in self._entity_ranges if m.entity_id == entity_id]

    @contextmanager
    def batch(self):  # type: ignore[no-untyped-def]
        """Set document, entities, matches and find in one go: the selections are handed to
        Qt once at the end (each hand-over re-lays the highlighted lines)."""
        self._hold += 1
        try:
            yield
        finally:
            self._hold -= 1
            if not self._hold and self._deferred:
                self._deferred = False
                self._paint_selections()

    def _paint_selections(self) -> None:
        if self._hold:
            self._deferred = True
            return
        sels = []
        # Inside an edit block QTextCursor.setPosition skips measuring the cursor's x (which
        # lays out and shapes the line: ~75 µs a call in Nastaliq); nothing is edited here.
        hold = QTextCursor(self.document())
        hold.beginEditBlock()
        for rng in self.shade:  # passages only this side has (the Compare view)
            if rng is not None:
                sel = self._selection(rng[0], rng[0], self.colors.muted)
                sel.format.setBackground(QColor(128, 128, 128, 40))
                sel.format.setProperty(QTextFormat.FullWidthSelection, True)
                sels.append(sel)
        for (s, e), m in getattr(self, "_entity_ranges", []):
            style = self._entity_styles.get(m.type)
            if style is not None and m.type in self._entity_shown:
                sel = self._selection(s, e, QColor())
                sel.format = style
                sels.append(sel)
        for ranges, color in ((self._match_ranges, self.colors.match),
                              (self._find_ranges, self.colors.find)):
            for s, e in ranges:
                sels.append(self._selection(s, e, color))
        for s_, e_ in self._focus:
            sels.append(self._selection(s_, e_, self.colors.current_match))
        if self._current is not None:
            sels.append(self._selection(*self._current, self.colors.current_match))
        hold.endEditBlock()
        self.setExtraSelections(sels)

    def set_focus(self, ranges: list[tuple[int, int]]) -> None:
        """Mark `ranges` (an entity's mentions chosen in the panel) and show the first."""
        self._focus = list(ranges)
        self._paint_selections()
        if ranges:
            cursor = QTextCursor(self.document())
            cursor.setPosition(ranges[0][0])
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    def _selection(self, start: int, end: int, color: QColor) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.KeepAnchor)
        sel.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(color)
        fmt.setProperty(QTextFormat.FullWidthSelection, False)
        sel.format = fmt
        return sel

    # ----------------------------------------------------------------- width
    def set_max_width(self, px: int) -> None:
        self.max_width = px
        self._apply_width()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._apply_width()

    def _apply_width(self, doc: QTextDocument | None = None) -> None:
        """Limit the text column to a readable width, centred (lines of 200 characters are
        hard to follow)."""
        doc = doc or self.document()
        if doc is None:
            return
        limit = int(self.max_width * self.zoom) if self.max_width else 0
        avail = self.viewport().width()
        side = max(0, (avail - limit) // 2) if limit and avail > limit else 0
        side = max(side, int(doc.documentMargin()))  # (these replace the margin, not add)
        frame = doc.rootFrame()
        fmt = frame.frameFormat()
        if int(fmt.leftMargin()) != side:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            frame.setFrameFormat(fmt)


def _text_lang(text: str, fallback: str) -> str:
    """Title language (003's headline is English in a Hindi article)."""
    lang = detect_language(text)
    return lang if lang != "und" else fallback
