"""Help › Check library, File › Export library, and a second Akhbar on the same library."""
from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from akhbar.index.library import Library
from akhbar.index.store.locks import WAIT_MESSAGE
from akhbar.desktop.maintenance import SHARED_TEXT

SCRAPES = Path(__file__).resolve().parent.parent / "data" / "scrapes"


def _texts(tree) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        out.append(f"{top.text(0)} | {top.text(1)}")
        out += [f"  {top.child(j).text(0)} | {top.child(j).text(1)}"
                for j in range(top.childCount())]
    return out


def test_check_library_finds_index_drift_and_repairs_it(qtbot, make_window,
                                                       seeded_library: Library) -> None:  # type: ignore[no-untyped-def]
    win = make_window(seeded_library)
    win.care.check()
    qtbot.waitUntil(lambda: win.care.dialog is not None and win.care.dialog.isVisible(),
                    timeout=30_000)
    dialog = win.care.dialog
    assert dialog.headline.text().startswith("No problems: 5 articles")
    assert not dialog.repair.isEnabled()
    # an article drops out of the index (as if a crash had lost its segment)
    victim = seeded_library.list()[0].id
    seeded_library.backend.write([], [victim], replace=True)
    win.care.check()
    qtbot.waitUntil(lambda: "problem found" in dialog.headline.text(), timeout=30_000)
    lines = _texts(dialog.tree)
    assert "Search index against the store | Problem" in lines
    assert "  1 article missing from the search index | Problem" in lines
    assert dialog.repair.isEnabled()
    dialog.repair.click()
    qtbot.waitUntil(lambda: dialog.headline.text().startswith("Repaired"), timeout=30_000)
    assert "Search index against the store | Repaired" in _texts(dialog.tree)
    assert seeded_library.doctor(fix=False)["problems"] == []
    win.care.dialog.close()


def test_export_from_the_window(qtbot, make_window, seeded_library: Library, tmp_path: Path,
                                monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda *a, **k: shown.append(a[2]) or QMessageBox.Ok)
    win = make_window(seeded_library)
    (tmp_path / "mine.txt").write_text("user file", "utf-8")
    target = win.care.export_target(tmp_path)
    assert target.parent == tmp_path and not target.exists()
    assert win.care.export(target)
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert "Exported 5 articles" in shown[0] and str(target) in shown[0]
    manifest = json.loads((target / "akhbar-export.json").read_text("utf-8"))
    assert manifest["articles"] == 5
    assert win.care.export_target(tmp_path) != target  # a second export gets its own folder


def test_a_second_window_shows_the_banner_and_sees_new_articles(
        qtbot, make_window, seeded_library: Library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win = make_window(seeded_library)
    assert win.care.banner.isHidden()
    other = Library.open(seeded_library.root, seed=False)  # "another Akhbar"
    try:
        win.care.poll()
        assert win.care.banner.isVisible() and win.care.banner.text() == SHARED_TEXT
        folder = tmp_path / "in"
        folder.mkdir()
        shutil.copy(sorted(SCRAPES.glob("ur*.txt"))[0], folder)
        assert len(other.import_paths([folder]).imported) == 1
        win.care.poll()
        qtbot.waitUntil(lambda: win.table_model.rowCount() == 6, timeout=10_000)
        assert "6 articles" in win.count_label.text()
    finally:
        other.close()
    win.care.poll()
    assert win.care.banner.isHidden()


def test_import_waits_for_the_other_window_and_says_so(
        qtbot, make_window, seeded_library: Library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win = make_window(seeded_library)
    other = Library.open(seeded_library.root, seed=False)
    release = threading.Event()
    held = threading.Event()

    def hold() -> None:
        with other.writer.hold():
            held.set()
            release.wait(30)

    t = threading.Thread(target=hold)
    t.start()
    try:
        held.wait(10)
        folder = tmp_path / "in"
        folder.mkdir()
        shutil.copy(sorted(SCRAPES.glob("hi*.txt"))[0], folder)
        win.import_paths([str(folder)])
        qtbot.waitUntil(lambda: win.progress_panel.label.text() == WAIT_MESSAGE,
                        timeout=10_000)
        assert win.search_bar.isEnabled()  # reading and searching go on meanwhile
        release.set()
        qtbot.waitUntil(lambda: win.summary is not None and win.summary.isVisible(),
                        timeout=60_000)
        assert "Imported 1" in win.summary.headline.text()
        win.summary.close()
    finally:
        release.set()
        t.join()
        other.close()


def test_import_summary_lists_warnings_and_escapes_odd_names(qtbot) -> None:  # type: ignore[no-untyped-def]
    from akhbar.desktop.importer import ImportSummary
    from akhbar.index.model import ImportReport

    report = ImportReport(
        imported=[{"id": "abcd1234", "title": "t", "lang": "ur", "source_path": "/x/a.txt"}],
        warnings=[{"source_path": "/x/a.txt", "id": "abcd1234",
                   "warning": "removed 2 NUL bytes"}],
        rejected=[{"source_path": "/x/two\nlines.txt", "reason": "empty file"}])
    dialog = ImportSummary(report)
    qtbot.addWidget(dialog)
    assert "warnings 1" in dialog.headline.text()
    lines = _texts(dialog.tree)
    assert "Imported with a warning (1) | " in lines
    assert "  a.txt | removed 2 NUL bytes" in lines
    assert "  two\\nlines.txt | empty file" in lines
