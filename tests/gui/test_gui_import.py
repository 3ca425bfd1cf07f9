"""Import from the window: a folder with a broken file, cancel, drag and drop, and restoring
a line the importer removed."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from akhbar.index.library import Library

SCRAPES = Path(__file__).resolve().parent.parent / "data" / "scrapes"


def _folder_with_a_broken_file(tmp_path: Path) -> Path:
    folder = tmp_path / "incoming"
    folder.mkdir()
    for name in ("ur01_gold_prices_readalso.txt", "hi01_assam_flood_readalso_mid.txt"):
        src = SCRAPES / name
        if not src.exists():  # any two hand-made scrapes will do
            src = sorted(SCRAPES.glob("*.txt"))[len(list(folder.iterdir()))]
        shutil.copy(src, folder / src.name)
    (folder / "broken.json").write_text('{"title": "half a file", "body": ', "utf-8")
    return folder


def _wait_summary(qtbot, win):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: win.summary is not None and win.summary.isVisible(), timeout=60_000)
    return win.summary


def test_import_folder_reports_the_broken_file_and_keeps_the_rest(
        qtbot, tmp_path: Path, make_window, seeded_library: Library) -> None:  # type: ignore[no-untyped-def]
    win = make_window(seeded_library)
    folder = _folder_with_a_broken_file(tmp_path)
    win.import_paths([str(folder)])
    assert win.progress_panel.isVisible()
    summary = _wait_summary(qtbot, win)
    assert summary.headline.text() == "Imported 2 · duplicates 0 · rejected 1"
    rejected = summary.tree.topLevelItem(0)
    assert rejected.text(0) == "Rejected (1)"
    assert rejected.child(0).text(0) == "broken.json" and rejected.child(0).text(1)
    assert not win.progress_panel.isVisible()
    assert win.table_model.rowCount() == 7
    assert win.count_label.text() == "7 articles"
    summary.accept()
    # importing the same folder again: duplicates, nothing stored twice
    win.summary = None
    win.import_paths([str(folder)])
    summary = _wait_summary(qtbot, win)
    assert summary.headline.text() == "Imported 0 · duplicates 2 · rejected 1"
    assert seeded_library.count() == 7


def _many_articles(folder: Path, n: int) -> Path:
    folder.mkdir()
    words = ("روس", "کوریا", "ماسکو", "صدر", "ملاقات", "ہتھیار", "معاہدہ", "دورہ")
    for i in range(n):
        body = "\n\n".join(
            " ".join(words[(i + j + k) % len(words)] for k in range(14)) + f" {i} {j}۔"
            for j in range(4))
        (folder / f"a{i:04d}.json").write_text(json.dumps(
            {"title": f"خبر نمبر {i}", "body": body, "date": "2024-02-03"},
            ensure_ascii=False), "utf-8")
    return folder


def test_cancel_keeps_the_library_consistent_and_search_keeps_working(
        qtbot, tmp_path: Path, make_window, library: Library, search) -> None:  # type: ignore[no-untyped-def]
    folder = _many_articles(tmp_path / "many", 400)
    win = make_window(library)
    seen: list[int] = []
    win.importer.import_paths([str(folder)])
    win.importer.progress.changed.connect(lambda d, t, c: seen.append(d))
    qtbot.waitUntil(lambda: len(seen) >= 5, timeout=30_000)
    # the window answers while the import runs
    search(win, "ماسکو")
    win.progress_panel.cancel.click()
    summary = _wait_summary(qtbot, win)
    assert summary.windowTitle() == "Import cancelled"
    n = library.count()
    assert 0 < n < 400
    assert win.table_model.rowCount() == n
    assert library.doctor(fix=False)["problems"] == []
    assert library.search("ماسکو", limit=1000).total == n  # every stored article is indexed


def test_drop_files_onto_the_window_imports_them(qtbot, tmp_path: Path, make_window,
                                                 library: Library) -> None:  # type: ignore[no-untyped-def]
    folder = _folder_with_a_broken_file(tmp_path)
    win = make_window(library)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in sorted(folder.iterdir())])
    # (Qt routes a real drop through its drag manager, which offscreen tests cannot drive;
    # the window's handlers get the same events a real drag delivers)
    enter = QDragEnterEvent(QPoint(50, 50), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    win.dragEnterEvent(enter)
    assert enter.isAccepted()
    win.dropEvent(QDropEvent(QPointF(50, 50), Qt.CopyAction, mime, Qt.LeftButton,
                             Qt.NoModifier))
    summary = _wait_summary(qtbot, win)
    assert "Imported 2" in summary.headline.text() and "rejected 1" in summary.headline.text()


def test_restore_removed_line_survives_reindex(qtbot, make_window, seeded_library: Library,
                                               tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win = make_window(seeded_library)
    row = next(r for r in range(win.table_model.rowCount())
               if win.table_model.row_at(r).lang == "hi")
    with qtbot.waitSignal(win.article_opened, timeout=5000):
        win.table.setCurrentIndex(win.table_model.index(row, 0))
    view = win.article
    article_id = view.article.id
    before = len(view.article.paragraphs)
    qtbot.waitUntil(view.removed_toggle.isVisible, timeout=5000)
    view.removed_toggle.click()
    assert view.removed_list.isVisible() and view.removed_list.count() >= 1
    view.removed_list.setCurrentRow(0)
    line = view.removed_list.currentItem().text()
    with qtbot.waitSignal(win.article_opened, timeout=10_000):
        view.restore_button.click()
    assert len(view.article.paragraphs) == before + 1
    restored = [p for p in view.article.paragraphs if p.kind == "restored"]
    assert [p.text for p in restored] == [line]
    qtbot.waitUntil(lambda: line not in [view.removed_list.item(i).text()
                                         for i in range(view.removed_list.count())], timeout=5000)
    seeded_library.reindex()
    again = seeded_library.get(article_id)
    assert [p.text for p in again.paragraphs if p.kind == "restored"] == [line]


def test_rebuild_index_from_the_menu_while_searching(qtbot, window, search) -> None:  # type: ignore[no-untyped-def]
    search(window, "کوریا")
    before = [h.id for h in window.results_model.hits]
    window.rebuild_index()
    assert window.progress_panel.isVisible()
    window.run_search()  # a search during the rebuild is answered (or retried), never lost
    qtbot.waitUntil(lambda: not window.importer.running, timeout=60_000)
    assert "rebuilt" in window.statusBar().currentMessage()
    search(window, "کوریا")
    assert [h.id for h in window.results_model.hits] == before
    assert "failed" not in window.info.text().lower()
