"""The main window: search bar on top, the result list (or the library list when the query is
empty) on the left, the article on the right, a status bar with counts, timings and the
progress of an import.

Searches run on the *reader* queue and imports/rebuilds/restores on the *writer* queue
(tasks.py), so typing, scrolling and reading never wait for the library; while a search runs,
the previous results stay on screen until the new ones arrive.
"""
from __future__ import annotations

import gc
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QFileDialog, QHeaderView, QLabel,
                               QMainWindow, QMessageBox, QSplitter, QStackedWidget,
                               QTableView, QVBoxLayout, QWidget)

from akhbar.index.library import Library, SearchResults
from akhbar.index.model import ImportReport

from .article_view import ArticleView
from .fonts import Fonts, apply_app_font
from .entities_ui import facet_html
from .entity_actions import EntityActions
from .importer import ImportController, ImportSummary, ProgressPanel
from .library_table import ArticlesModel, DirectionDelegate
from .maintenance import LibraryCare
from .menus import build_menus
from .results import HitRole, ResultList, ResultsModel
from .search_bar import SearchBar
from .settings import Settings
from .tasks import TaskQueue
from .theme import Colors, apply_theme

WARM_UP_MS = 200  # after start-up, when the reader thread loads what searches need
PAGE = 15  # results fetched per page (a screenful and a bit); more as the list is scrolled
DEBOUNCE_MS = 10  # coalesces a burst of keys (paste, key repeat); a slow search is never
#                   queued twice, so typing never piles searches up


class MainWindow(QMainWindow):
    results_shown = Signal()  # a search's results are in the list (tests, --grab)
    article_opened = Signal(str)

    def __init__(self, library: Library, settings: Settings, fonts: Fonts, colors: Colors,
                 fonts_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.library, self.settings, self.fonts, self.colors = library, settings, fonts, colors
        self.fonts_dir = fonts_dir
        app = QApplication.instance()
        if app is not None:
            apply_app_font(app, fonts)
        self.setWindowTitle("Akhbar — اخبار · अख़बार")
        self.setAcceptDrops(True)
        self.reader = TaskQueue("reader", self)
        self.writer = TaskQueue("writer", self)
        self.last_results: SearchResults | None = None
        self.summary: ImportSummary | None = None
        self._search_running = False
        self._retrying = False
        self._pending: tuple[str, str | None, int] | None = None
        self._build_widgets()
        build_menus(self)
        self.importer = ImportController(library, self.writer, self.progress_panel, self)
        self.importer.finished.connect(self._write_finished)
        self.importer.failed.connect(self._write_failed)
        self.care = LibraryCare(library, self.importer, self)
        self.care.changed_elsewhere.connect(self._write_finished)
        self.statusBar().addPermanentWidget(self.care.banner)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self.search_bar.changed.connect(self._query_changed)
        self.reload_library()
        self._restore_state()
        self.care.announce_recovery(self.statusBar())
        QTimer.singleShot(0, self.article.text.prewarm)
        # what the first search needs (the gazetteer, numpy: ~0.3 s) is loaded on the reader
        # thread, not on first use, once the window is up (not competing with its first paint)
        # Then everything alive is frozen out of the garbage collector's reach: a full
        # collection had walked the gazetteer and the modules each time (~80 ms on the sample
        # library, in the middle of a keystroke or an opening article); after, ~1 ms
        QTimer.singleShot(WARM_UP_MS, lambda: self.reader.run(
            library.warm_up, on_done=lambda _result: gc.freeze()))

    # ----------------------------------------------------------------- widgets
    def _build_widgets(self) -> None:
        self.search_bar = SearchBar()
        self.search_bar.edit.installEventFilter(self)

        self.table_model = ArticlesModel(self.fonts, self)
        self.table = QTableView()
        self.table.setObjectName("libraryTable")
        self.table.setModel(self.table_model)
        self.table.setItemDelegate(DirectionDelegate(self.table))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setMinimumSectionSize(48)
        for col, width in ((1, 64), (2, 92), (3, 110), (4, 110)):
            header.setSectionResizeMode(col, QHeaderView.Interactive)
            header.resizeSection(col, width)
        self.table.selectionModel().currentRowChanged.connect(self._table_row_changed)

        self.results_model = ResultsModel(self)
        self.results_model.more_wanted.connect(self._more_results)
        self.results = ResultList(self.results_model, self.fonts, self.colors)
        self.delegate = self.results.delegate
        self.results.selectionModel().currentRowChanged.connect(self._result_row_changed)
        self.info = QLabel()
        self.info.setObjectName("resultsInfo")
        self.info.setWordWrap(True)
        self.info.setContentsMargins(8, 4, 8, 4)
        results_page = QWidget()
        rl = QVBoxLayout(results_page)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(0)
        rl.addWidget(self.info)
        self.facets = QLabel()
        self.facets.setObjectName("facets")
        self.facets.setWordWrap(True)
        self.facets.setContentsMargins(8, 0, 8, 4)
        self.facets.setTextFormat(Qt.RichText)
        self.facets.linkActivated.connect(self._facet_clicked)
        rl.addWidget(self.facets)
        rl.addWidget(self.results, 1)

        self.left = QStackedWidget()
        self.left.addWidget(self.table)
        self.left.addWidget(results_page)

        self.article = ArticleView(self.fonts, self.colors)
        self.article.restore_requested.connect(self.restore_line)
        self.entity_actions = EntityActions(self)

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.article)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)

        central = QWidget()
        cl = QVBoxLayout(central)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(self.search_bar)
        cl.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.count_label = QLabel()
        self.time_label = QLabel()
        self.progress_panel = ProgressPanel()
        status = self.statusBar()
        status.addWidget(self.count_label)
        status.addWidget(self.time_label)
        status.addPermanentWidget(self.progress_panel)
        self._apply_zoom_to_lists()

    # ----------------------------------------------------------------- state
    def _restore_state(self) -> None:
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        splitter = self.settings.splitter("main")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([600, 800])
        self._restyle()
        last = self.settings.last_query
        if last:
            self.search_bar.edit.setText(last)
        article = self.settings.last_article
        if article and self.library.resolve(article):
            self.open_article(article)

    def save_state(self) -> None:
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_splitter("main", self.splitter.saveState())
        self.settings.last_query = self.search_bar.text()
        self.settings.last_article = self.article.article.id if self.article.article else ""
        self.settings.sync()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._debounce.stop()
        self.save_state()
        self.importer.cancel()
        self.writer.shutdown(wait=True)
        self.reader.shutdown(wait=True)
        super().closeEvent(event)

    # ----------------------------------------------------------------- library list
    def reload_library(self) -> None:
        self.table_model.set_rows(self.library.list())
        self.search_bar.set_sources(self.library.sources())
        self._apply_table_filters()
        self._update_count()

    def _update_count(self) -> None:
        n = self.library.count()
        shown = self.table_model.rowCount()
        text = f"{n:,} articles" if n != 1 else "1 article"
        if self.left.currentIndex() == 0 and shown != n:
            text += f" ({shown:,} shown)"
        self.count_label.setText(text)

    def _apply_table_filters(self) -> None:
        lo, hi = self.search_bar.date_range()
        self.table_model.set_filters(self.search_bar.lang_code(), lo, hi,
                                     self.search_bar.source_text() or None)

    def _table_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.table_model.row_at(current.row())
        if row is not None:
            self.open_article(row.id)

    # ----------------------------------------------------------------- search
    def _query_changed(self) -> None:
        if not self.search_bar.text().strip():
            self._debounce.stop()
            self._pending = None
            self.left.setCurrentIndex(0)
            self._apply_table_filters()
            self._update_count()
            self.time_label.clear()
            if self.article.article is not None:
                self.article.query = ""
                self.article.set_matches([])
            return
        self._debounce.start()

    def set_query(self, text: str, *, now: bool = False) -> None:
        self.search_bar.edit.setText(text)
        if now and text.strip():
            self._debounce.stop()
            self.run_search()

    def run_search(self, limit: int = PAGE) -> None:
        query = self.search_bar.full_query()
        if not query:
            return
        lang = self.search_bar.lang_code()
        if self._search_running:  # the newest request waits; older ones are dropped
            self._pending = (query, lang, limit)
            return
        self._start_search(query, lang, limit)

    def _start_search(self, query: str, lang: str | None, limit: int) -> None:
        self._search_running = True
        started = time.perf_counter()
        self.reader.run(lambda: self.library.search(query, limit=limit, lang=lang),
                        lambda res: self._got_results(res, query, started),
                        self._search_failed)

    def _next_pending(self) -> bool:
        self._search_running = False
        if self._pending is None:
            return False
        pending, self._pending = self._pending, None
        self._start_search(*pending)
        return True

    def _got_results(self, res: SearchResults, query: str, started: float) -> None:
        if self._next_pending() or query != self.search_bar.full_query():
            return  # a newer query is on its way; keep showing the current results
        self.last_results = res
        self.left.setCurrentIndex(1)
        self.results.show_results(query, res.hits, res.total)
        total = f"{res.total:,}" + ("" if res.total_exact else "+")
        lines = [f"{total} results" if res.total != 1 else "1 result"] if res.hits else []
        lines += res.messages
        self.info.setText("  ·  ".join(lines))
        self.facets.setText(facet_html(res.facets, self.colors))
        self.facets.setVisible(bool(res.facets))
        ms = (time.perf_counter() - started) * 1000
        self.time_label.setText(f"query took {ms:.0f} ms")
        self._update_count()
        if self.article.article is not None and self.article.query != query:
            QTimer.singleShot(0, lambda: self._rehighlight(query))  # after the list is painted
        self.results_shown.emit()

    def _facet_clicked(self, link: str) -> None:
        """Narrow the search to articles that also name this entity."""
        text = self.search_bar.text().strip()
        if link not in text.split():
            self.set_query(f"{text} {link}".strip(), now=True)

    def _search_failed(self, exc: BaseException) -> None:
        if self._next_pending():
            return
        if self.writer.busy and not self._retrying:
            # a rebuild swaps the index in: for a moment there is none; ask again shortly
            self._retrying = True
            QTimer.singleShot(400, self._retry_search)
            return
        self.info.setText(f"Search failed: {exc}")
        self.results_shown.emit()

    def _retry_search(self) -> None:
        self._retrying = False
        self.run_search()

    def _more_results(self) -> None:
        if not self._search_running and self.last_results is not None:
            self.run_search(limit=len(self.results_model.hits) + PAGE)

    def _result_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = current.data(HitRole) if current.isValid() else None
        if hit is not None:
            self.open_article(hit.id)

    # ----------------------------------------------------------------- article
    def open_article(self, article_id: str) -> bool:
        article = self.library.get(article_id)
        if article is None:
            self.article.clear("This article is no longer in the library.")
            return False
        query = self.search_bar.full_query() if self.left.currentIndex() == 1 else ""
        spans = self._spans(article, query)
        mentions = self.library.entities.mentions(article.id)
        names = {}
        for m in mentions:
            if m.entity_id and m.entity_id not in names:
                e = self.library.entities.entity(m.entity_id)
                names[m.entity_id] = e.display() if e is not None else {}
        self.article.show_article(article, spans, query, mentions, names)
        self.article_opened.emit(article.id)
        return True

    def _spans(self, article, query: str) -> list[list[tuple[int, int]]]:  # type: ignore[no-untyped-def]
        texts = [article.title] + [p.text for p in article.paragraphs]
        return self.library.match_spans(query, texts, article.id) if query else []

    def _rehighlight(self, query: str) -> None:
        if self.article.article is not None and query == self.search_bar.full_query():
            self.article.query = query
            self.article.set_matches(self._spans(self.article.article, query))

    # ----------------------------------------------------------------- keyboard
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.search_bar.edit and event.type() == QEvent.KeyPress:
            key = event.key()
            view = self.results if self.left.currentIndex() == 1 else self.table
            if key in (Qt.Key_Down, Qt.Key_Up):
                self._move_selection(view, +1 if key == Qt.Key_Down else -1)
                return True
            if key in (Qt.Key_Return, Qt.Key_Enter):
                if self._debounce.isActive():
                    self._debounce.stop()
                    self.run_search()
                elif view.currentIndex().isValid():
                    self.article.text.setFocus()
                else:
                    self._move_selection(view, +1)
                return True
        return super().eventFilter(obj, event)

    def _move_selection(self, view: QAbstractItemView, delta: int) -> None:
        model = view.model()
        if model.rowCount() == 0:
            return
        row = view.currentIndex().row()
        row = 0 if row < 0 else min(max(row + delta, 0), model.rowCount() - 1)
        view.setCurrentIndex(model.index(row, 0))
        view.scrollTo(model.index(row, 0))

    def focus_search(self) -> None:
        self.search_bar.edit.setFocus()
        self.search_bar.edit.selectAll()

    def find_or_focus_search(self) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and self.article.isAncestorOf(focus) and self.article.article:
            self.article.open_find()
        else:
            self.focus_search()

    # ----------------------------------------------------------------- view
    def zoom(self, step: int) -> None:
        from .settings import DEFAULT_ZOOM_STEP

        self.settings.zoom_step = DEFAULT_ZOOM_STEP if step == 0 else self.settings.zoom_step + step
        self._restyle()

    def set_theme(self, mode: str) -> None:
        self.settings.theme = mode
        app = QApplication.instance()
        self.colors = apply_theme(app, mode) if app is not None else self.colors
        self._restyle()

    def set_urdu_style(self, style: str) -> None:
        self.settings.urdu_style = style
        self.fonts.urdu_style = style
        self._restyle()

    def _toggle_width(self, on: bool) -> None:
        self.settings.reading_width = 760 if on else 0
        self._restyle()

    def _restyle(self) -> None:
        zoom = self.settings.zoom
        self.article.restyle(self.fonts, self.colors, zoom, self.settings.reading_width)
        self.delegate.restyle(self.fonts, self.colors, zoom)
        self.table_model.zoom = zoom
        self._apply_zoom_to_lists()
        self.results.doItemsLayout()
        self.table.viewport().update()

    def _apply_zoom_to_lists(self) -> None:
        urdu = self.fonts.font_for("ur", self.settings.zoom, scale=0.9)
        self.table.verticalHeader().setDefaultSectionSize(QFontMetrics(urdu).height() + 8)

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def show_about(self) -> None:
        from .about import AboutDialog  # (lazy: reads package metadata)

        AboutDialog(self.fonts, self.fonts_dir, self.library.root, self).exec()

    # ----------------------------------------------------------------- writing
    def import_files_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import articles", str(Path.home()),
            "News articles (*.txt *.html *.htm *.md *.json *.jsonl);;All files (*)")
        self.import_paths(files)

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder", str(Path.home()))
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: list[str]) -> None:
        if not paths:
            return
        if not self.importer.import_paths(paths):
            self.statusBar().showMessage("An import or rebuild is already running; wait for "
                                         "it to finish or cancel it.", 6000)

    def rebuild_index(self) -> None:
        if not self.importer.rebuild_index():
            self.statusBar().showMessage("An import or rebuild is already running.", 6000)

    def restore_line(self, article_id: str, removed_idx: int) -> None:
        self.writer.run(lambda: self.library.restore_removed(article_id, removed_idx),
                        lambda pos: self._restored(article_id, pos), self._write_failed_exc)

    def _restored(self, article_id: str, pos: int | None) -> None:
        self.care.seen()
        if pos is None:
            self.statusBar().showMessage("That line was already restored.", 4000)
        else:
            self.statusBar().showMessage("Line restored as a paragraph.", 4000)
        self.open_article(article_id)
        if self.search_bar.full_query():
            self.run_search()

    def _write_finished(self, report=None) -> None:  # type: ignore[no-untyped-def]
        self.care.seen()
        self.reload_library()
        if self.search_bar.full_query():
            self.run_search()
        if isinstance(report, ImportReport):
            self.summary = ImportSummary(report, self)
            self.summary.open()
        elif report is None and self.sender() is self.importer:
            self.statusBar().showMessage("The search index was rebuilt.", 6000)

    def _write_failed_exc(self, exc: BaseException) -> None:
        self._write_failed(f"{type(exc).__name__}: {exc}")

    def _write_failed(self, message: str) -> None:
        self.reload_library()
        QMessageBox.warning(self, "Akhbar", f"The operation failed and was rolled back where "
                            f"needed; nothing already stored was lost.\n\n{message}")

    # ----------------------------------------------------------------- drag and drop
    def dragEnterEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)
