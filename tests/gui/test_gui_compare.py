"""The Compare view: counterparts suggested first, two aligned panes, a passage lighting up
its counterpart, coverage chips, export."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from akhbar.desktop.compare_picker import ComparePicker
from akhbar.desktop.compare_window import CompareWindow


def _ids(lib) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {Path(r.source_path).name[:3]: r.id for r in lib.list()}


def test_picker_suggests_the_same_event_first(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    ids = _ids(window.library)
    picker = ComparePicker(window.library, window.reader, ids["003"], window)
    qtbot.addWidget(picker)
    qtbot.waitUntil(lambda: picker.list.count() == 4 and picker.chosen() is not None,
                    timeout=10_000)
    order = [picker.list.item(i).data(Qt.UserRole) for i in range(4)]
    assert set(order[:2]) == {ids["000"], ids["002"]}
    assert set(order[2:]) == {ids["001"], ids["004"]}
    assert "Vladivostok" in picker.list.item(0).text()


def test_compare_view_aligns_and_lights_up_the_counterpart(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ids = _ids(window.library)
    win = CompareWindow(window.library, window.reader, window.fonts, window.colors, window)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.computed, timeout=10_000):
        win.compare(ids["003"], ids["000"])
    doc = win.doc
    assert doc["pairs"] and all(p["score"] > 0 for p in doc["pairs"])
    # Hindi on the left, left-to-right; Urdu on the right, right-to-left
    lb = win.left.document().findBlock(win.left.pieces[1].position).blockFormat()
    rb = win.right.document().findBlock(win.right.pieces[1].position).blockFormat()
    assert lb.layoutDirection() == Qt.LeftToRight and rb.layoutDirection() == Qt.RightToLeft
    # a passage of the left lights up its counterpart on the right
    first = doc["pairs"][0]
    assert win.select(True, first["left"][0]) == 0
    assert len(win.right._focus) == len(first["right"])
    # unaligned passages are shaded on their side
    assert len([r for r in win.left.shade if r]) == len(doc["only_left"])
    assert "Vladivostok" in win.summary.text()
    win.export_html(str(tmp_path / "c.html"))
    assert "dir=\"rtl\"" in (tmp_path / "c.html").read_text("utf-8")
    with qtbot.waitSignal(win.computed, timeout=10_000):
        win.swap()
    assert win.ids == (ids["000"], ids["003"])


def test_cli_compare_writes_a_pdf_through_the_akhbar_entry_point(
        seeded_library, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """`akhbar compare A B --pdf FILE`: the entry point lends the CLI Qt's PDF writer; the core
    alone refuses with a clear message instead of writing an unshaped PDF."""
    from akhbar.desktop.entry import main as akhbar
    from akhbar.index.cli import main as core_cli

    ids = {Path(r.source_path).name[:3]: r.id for r in seeded_library.list()}
    pdf = tmp_path / "c.pdf"
    code = akhbar(["--library", str(seeded_library.root), "compare", ids["003"], ids["002"],
                   "--pdf", str(pdf)])
    assert code == 0 and pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 20_000
    capsys.readouterr()
    code = core_cli(["--library", str(seeded_library.root), "compare", ids["003"], ids["002"],
                     "--pdf", str(tmp_path / "core.pdf")])
    assert code == 1 and "needs the desktop part" in capsys.readouterr().err
    assert not (tmp_path / "core.pdf").exists()
