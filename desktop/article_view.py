"""The article pane: the text, a bar to step through the search's matches, a find bar, and
the "removed text" expander with "restore as paragraph".

It shows what it is given and emits what the user asks for; the main window talks to the
library (restoring a line is a write and goes through the writer queue).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QSplitter, QToolButton, QVBoxLayout, QWidget)

from akhbar.index.model import Article
from akhbar.index.text.find import find_all
from akhbar.index.text.langid import detect_language

from .entities_ui import LABELS, EntityLegend, EntityPanel, key_of
from .entities_ui import styles as entity_styles
from .fonts import Fonts
from .library_table import DirectionDelegate, RtlRole
from .reader_text import ReaderText
from .textformat import is_rtl
from .theme import Colors


class MatchBar(QWidget):
    """"◀ 3 / 12 ▶" for one list of ranges in the text."""

    moved = Signal(int)

    def __init__(self, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 2)
        self.label = QLabel(label)
        self.prev = QToolButton(text="▲")
        self.prev.setToolTip("Previous match (Shift+F3)")
        self.next = QToolButton(text="▼")
        self.next.setToolTip("Next match (F3)")
        self.counter = QLabel("")
        self.counter.setObjectName("matchCounter")
        lay.addWidget(self.label)
        lay.addStretch(1)
        lay.addWidget(self.counter)
        lay.addWidget(self.prev)
        lay.addWidget(self.next)
        self.count = 0
        self.index = -1
        self.prev.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(+1))

    def reset(self, count: int) -> None:
        self.count = count
        self.index = 0 if count else -1
        self._show()

    def step(self, delta: int) -> None:
        if not self.count:
            return
        self.index = (self.index + delta) % self.count
        self._show()
        self.moved.emit(self.index)

    def _show(self) -> None:
        self.counter.setText(f"{self.index + 1} / {self.count}" if self.count else "no matches")
        self.prev.setEnabled(self.count > 1)
        self.next.setEnabled(self.count > 1)


class ArticleView(QWidget):
    restore_requested = Signal(str, int)  # article id, index of the removed line
    entity_clicked = Signal(str)  # entity id: show the articles naming it
    correction = Signal(str, object, object)  # see ReaderText.correction
    compare_requested = Signal()

    def __init__(self, fonts: Fonts, colors: Colors, parent: QWidget | None = None):
        super().__init__(parent)
        self.article: Article | None = None
        self.query = ""
        self._spans: list[list[tuple[int, int]]] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)

        self.matches = MatchBar("Search matches")
        self.matches.setObjectName("searchMatches")
        self.matches.hide()
        lay.addWidget(self.matches)

        self.legend = EntityLegend(colors)
        self.legend.setObjectName("entityLegend")
        self.compare_button = QPushButton("Compare with…")
        self.compare_button.setToolTip("Put this report beside another report of the same "
                                       "event (Ctrl+Shift+C)")
        self.compare_button.clicked.connect(self.compare_requested)
        self.legend.layout().addWidget(self.compare_button)
        lay.addWidget(self.legend)
        self.text = ReaderText(fonts, colors)
        self.panel = EntityPanel()
        self.split = QSplitter(Qt.Horizontal)
        self.split.addWidget(self.text)
        self.split.addWidget(self.panel)
        self.split.setStretchFactor(0, 4)
        self.split.setStretchFactor(1, 1)
        self.split.setChildrenCollapsible(True)
        lay.addWidget(self.split, 1)
        self.mentions: list = []
        self.entity_names: dict[str, dict] = {}
        self.colors = colors
        self.describe_entity = None  # entity id -> dict (names, type, articles), set by window
        self.text.describe = self._tooltip
        self.legend.changed.connect(lambda _shown: self._paint_entities())
        self.panel.selected.connect(self._focus_entity)
        self.text.entity_clicked.connect(
            lambda m: m.entity_id and self.entity_clicked.emit(m.entity_id))
        self.text.correction.connect(self.correction)

        self.find_bar = QWidget()
        fl = QHBoxLayout(self.find_bar)
        fl.setContentsMargins(6, 2, 6, 2)
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find in article (ignores diacritics and variant "
                                          "spellings)")
        self.find_edit.setClearButtonEnabled(True)
        self.find_matches = MatchBar("")
        self.find_matches.label.hide()
        close = QToolButton(text="✕")
        close.setToolTip("Close (Esc)")
        fl.addWidget(self.find_edit, 1)
        fl.addWidget(self.find_matches)
        fl.addWidget(close)
        self.find_bar.hide()
        lay.addWidget(self.find_bar)

        self.removed_toggle = QToolButton()
        self.removed_toggle.setCheckable(True)
        self.removed_toggle.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.removed_toggle.setArrowType(Qt.RightArrow)
        self.removed_toggle.setAutoRaise(True)
        self.removed_list = QListWidget()
        self.removed_list.setObjectName("removedLines")
        self.removed_list.setMaximumHeight(180)
        self.removed_list.setItemDelegate(DirectionDelegate(self.removed_list))
        self.removed_list.hide()
        self.restore_button = QPushButton("Restore as paragraph")
        self.restore_button.setToolTip("Put the selected line back into the article (kept in "
                                       "the library, also after a reindex)")
        self.restore_button.hide()
        self.restore_button.setEnabled(False)
        row = QHBoxLayout()
        row.setContentsMargins(6, 0, 6, 0)
        row.addWidget(self.removed_toggle)
        row.addStretch(1)
        row.addWidget(self.restore_button)
        lay.addLayout(row)
        lay.addWidget(self.removed_list)

        self.text.completed.connect(self._completed)
        self.matches.moved.connect(lambda i: self._go(False, i))
        self.find_matches.moved.connect(lambda i: self._go(True, i))
        self.find_edit.textChanged.connect(self._find)
        self.find_edit.returnPressed.connect(lambda: self.find_matches.step(+1))
        close.clicked.connect(self.close_find)
        self.removed_toggle.toggled.connect(self._toggle_removed)
        self.removed_list.currentRowChanged.connect(self._removed_selected)
        self.restore_button.clicked.connect(self._restore)
        QShortcut(QKeySequence(Qt.Key_Escape), self.find_edit, self.close_find)
        QShortcut(QKeySequence(QKeySequence.FindNext), self, self._next_any)
        QShortcut(QKeySequence(QKeySequence.FindPrevious), self, self._prev_any)
        self.text.show_placeholder("Select an article to read it here.")
        self._update_removed()

    # ----------------------------------------------------------------- content
    def show_article(self, article: Article, spans: list[list[tuple[int, int]]] | None = None,
                     query: str = "", mentions: list | None = None,
                     names: dict[str, dict] | None = None) -> None:
        """Show `article`; `spans` are the search matches for [title, *paragraphs];
        `mentions` its entities, `names` their canonical names by entity key."""
        self.article, self.query = article, query
        self.mentions, self.entity_names = list(mentions or []), dict(names or {})
        with self.text.batch():
            self.text.show_article(article)
            self._paint_entities()
            self.set_matches(spans or [])
            self._find(self.find_edit.text())
        # the entity panel and the removed-lines list are filled right after the article's
        # first paint (~2.5 ms of an opening article's ~30)
        QTimer.singleShot(0, lambda shown=article: self._fill_side(shown))

    def _fill_side(self, shown: Article) -> None:
        if self.article is not shown:  # another article was opened meanwhile
            return
        self.panel.show_mentions(self.mentions, self.entity_names, self.colors)
        self._update_removed()

    def _paint_entities(self) -> None:
        self.text.set_entities(self.mentions, entity_styles(self.colors), self.legend.shown())

    def _tooltip(self, m) -> str:  # type: ignore[no-untyped-def]
        info = self.entity_names.get(key_of(m)) or {}
        label = LABELS.get(m.type, m.type)
        if not m.entity_id:
            return f"{label}: {m.text}"
        extra = self.describe_entity(m.entity_id) if self.describe_entity else {}
        names = extra.get("name") or info
        lines = [f"<b>{label}</b>"] + [f"{k}: {v}" for k, v in (("English", names.get("en")),
                                                               ("اردو", names.get("ur")),
                                                               ("हिन्दी", names.get("hi"))) if v]
        n = extra.get("articles")
        if n is not None:
            lines.append(f"named in {n} article{'s' if n != 1 else ''} — click to list them")
        return "<br>".join(lines)

    def _focus_entity(self, key: str) -> None:
        ranges = [r for r, m in self.text._entity_ranges if key_of(m) == key]
        self.text.set_focus(sorted(ranges))

    def _completed(self) -> None:
        """The whole of a long article is in: highlight the matches in its later part too,
        without moving the reader away from where they are."""
        self._paint_entities()
        index, find_index = self.matches.index, self.find_matches.index
        count = self.text.set_matches(self._spans)
        self.matches.count = count
        self.matches.index = index if count else -1
        self.matches._show()
        if self.find_edit.text().strip() and self.article is not None:
            texts = [self.article.title] + [p.text for p in self.article.paragraphs]
            n = self.text.set_find([find_all(self.find_edit.text(), t) for t in texts])
            self.find_matches.count = n
            self.find_matches.index = find_index if n else -1
            self.find_matches._show()

    def clear(self, message: str = "Select an article to read it here.") -> None:
        self.article = None
        self.mentions = []
        self.panel.clear()
        self.text.show_placeholder(message)
        self.matches.hide()
        self._update_removed()

    def set_matches(self, spans: list[list[tuple[int, int]]]) -> None:
        self._spans = spans
        count = self.text.set_matches(spans)
        self.matches.reset(count)
        self.matches.setVisible(bool(self.query.strip()) and self.article is not None)
        if count:
            self._go(False, 0)

    def restyle(self, fonts: Fonts, colors: Colors, zoom: float, max_width: int) -> None:
        """New fonts, theme or zoom: rebuild the document (highlights and position kept)."""
        self.text.fonts, self.text.colors, self.text.zoom = fonts, colors, zoom
        self.colors = colors
        self.legend.restyle(colors)
        self.text.max_width = max_width
        if self.article is not None:
            spans_state = self.matches.index
            bar = self.text.verticalScrollBar()
            ratio = bar.value() / max(1, bar.maximum())
            spans = self._spans
            self.text.show_article(self.article)
            self._paint_entities()
            self.panel.show_mentions(self.mentions, self.entity_names, self.colors)
            self.text.set_matches(spans)
            self._find(self.find_edit.text())
            self.matches.index = spans_state
            bar.setValue(int(ratio * bar.maximum()))
        else:
            self.text.show_placeholder("Select an article to read it here.")

    # ----------------------------------------------------------------- find
    def open_find(self) -> None:
        self.find_bar.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def close_find(self) -> None:
        self.find_edit.clear()
        self.find_bar.hide()
        self.text.setFocus()

    def _find(self, needle: str) -> None:
        if self.article is None or not needle.strip():
            self.text.set_find([])
            self.find_matches.reset(0)
            return
        texts = [self.article.title] + [p.text for p in self.article.paragraphs]
        count = self.text.set_find([find_all(needle, t) for t in texts])
        self.find_matches.reset(count)
        if count:
            self._go(True, 0)

    def _go(self, find: bool, index: int) -> None:
        ranges = self.text.match_ranges(find)
        self.text.go_to(ranges[index] if 0 <= index < len(ranges) else None)

    def _next_any(self) -> None:
        (self.find_matches if self.find_bar.isVisible() else self.matches).step(+1)

    def _prev_any(self) -> None:
        (self.find_matches if self.find_bar.isVisible() else self.matches).step(-1)

    # ----------------------------------------------------------------- removed text
    def _update_removed(self) -> None:
        self.removed_list.clear()
        removed = self.article.removed if self.article else []
        waiting = [r for r in removed if not r.restored]
        self.removed_toggle.setText(f"Removed by the importer ({len(waiting)} lines)")
        self.removed_toggle.setVisible(bool(removed))
        for i, r in enumerate(removed):
            if r.restored:
                continue
            item = QListWidgetItem(r.text)
            item.setData(Qt.UserRole, i)
            lang = detect_language(r.text)
            item.setFont(self.text.fonts.font_for(lang, self.text.zoom, scale=0.85))
            item.setToolTip(f"Removed as: {r.reason}")
            if is_rtl(r.text, None):
                item.setTextAlignment(Qt.AlignRight | Qt.AlignAbsolute | Qt.AlignVCenter)
                item.setData(RtlRole, True)
            self.removed_list.addItem(item)
        self._toggle_removed(self.removed_toggle.isChecked() and bool(waiting))

    def _toggle_removed(self, on: bool) -> None:
        self.removed_toggle.setArrowType(Qt.DownArrow if on else Qt.RightArrow)
        self.removed_list.setVisible(on)
        self.restore_button.setVisible(on)

    def _removed_selected(self, row: int) -> None:
        self.restore_button.setEnabled(row >= 0)

    def _restore(self) -> None:
        item = self.removed_list.currentItem()
        if item is not None and self.article is not None:
            self.restore_requested.emit(self.article.id, int(item.data(Qt.UserRole)))
