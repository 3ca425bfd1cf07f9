"""The Compare view: counterparts suggested first, two aligned panes, a passage lighting up
its counterpart, coverage chips, export."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from akhbar.desktop.compare_panes import SHADE
from akhbar.desktop.compare_picker import ComparePicker
from akhbar.desktop.compare_window import CompareWindow

SPLIT = Path(__file__).parent.parent / "data" / "compare" / "split"


def _ids(lib) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {Path(r.source_path).name[:3]: r.id for r in lib.list()}


def lit(win, pane) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """What the pane paints in the "lit passage" colour: (start, end) document ranges."""
    return [(sel.cursor.selectionStart(), sel.cursor.selectionEnd())
            for sel in pane.extraSelections()
            if sel.format.background().color() == win.colors.current_match]


def shaded(pane) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """What the pane paints as "only here"."""
    return [(sel.cursor.selectionStart(), sel.cursor.selectionEnd())
            for sel in pane.extraSelections() if sel.format.background().color() == SHADE]


def doc_range(pane, paragraph: int, start: int, end: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    rng = pane.doc_range(paragraph + 1, (start, end))
    assert rng is not None
    return rng


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
    assert len(lit(win, win.right)) == len(first["right_spans"])
    # unaligned passages are shaded on their side: whole paragraphs and single sentences
    only = win.left.only_here()
    assert len([m for m in only if m.whole]) == len(doc["only_left"])
    assert len([m for m in only if not m.whole]) == len(doc["only_left_spans"])
    assert len(shaded(win.left)) == len(only) > 0
    assert "Vladivostok" in win.summary.text()
    # the panes scroll together by alignment, to the sentence: scroll a pair whose Hindi side
    # is a sentence inside a paragraph (003[1], the third) to the top of the left pane, and its
    # Urdu side comes to the top of the right one
    win.resize(900, 420)  # (small enough for both panes to scroll)
    qtbot.waitUntil(lambda: win.left.verticalScrollBar().maximum() > 0, timeout=5_000)
    k = next(k for k, p in enumerate(doc["pairs"]) if p["left_spans"][0]["start"] > 0)
    start, end = win.left.pair_ranges(k)[0]
    win.left.verticalScrollBar().setValue(win.left.document_y((start + end) // 2))
    want = win.right.document_y(win.right.pair_ranges(k)[0][0]) - 8
    bar = win.right.verticalScrollBar()
    assert want > 0 and bar.value() == min(want, bar.maximum())
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


def test_clicking_a_sentence_lights_only_its_counterpart(qtbot, window, library) -> None:  # type: ignore[no-untyped-def]
    """Urdu paragraph 1 tells in its first sentence what Hindi paragraph 1 reports and in its
    second what Hindi paragraph 2 reports; its third (six deer drowned) only it has. Clicking
    the second sentence lights that sentence and Hindi paragraph 2, nothing else; the third
    is shaded, the rest of its paragraph is not."""
    report = library.import_paths([SPLIT / "flood-ur.json", SPLIT / "flood-hi.json"])
    ur, hi = (i["id"] for i in report.imported)
    win = CompareWindow(library, window.reader, window.fonts, window.colors, window)
    qtbot.addWidget(win)
    win.resize(1300, 800)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitSignal(win.computed, timeout=10_000):
        win.compare(ur, hi)
    urdu, hindi = library.get(ur), library.get(hi)
    para = urdu.paragraphs[1].text
    second = next(d for p in win.doc["pairs"] for d in p["left_spans"]
                  if (d["paragraph"], d["sentence"]) == (1, 1))
    first = next(d for p in win.doc["pairs"] for d in p["left_spans"]
                 if (d["paragraph"], d["sentence"]) == (1, 0))
    # click in the middle of the second sentence, as a reader would
    mid = (second["start"] + second["end"]) // 2
    cursor = QTextCursor(win.left.document())
    cursor.setPosition(doc_range(win.left, 1, mid, mid)[0])
    QTest.mouseClick(win.left.viewport(), Qt.LeftButton, Qt.NoModifier,
                     win.left.cursorRect(cursor).center())
    qtbot.waitUntil(lambda: lit(win, win.right) != [], timeout=5_000)
    assert lit(win, win.left) == [doc_range(win.left, 1, second["start"], second["end"])]
    assert lit(win, win.right) == [doc_range(win.right, 2, 0, len(hindi.paragraphs[2].text))]
    # not the sentence before it, nor the Hindi paragraph that one matches
    assert doc_range(win.left, 1, first["start"], first["end"]) not in lit(win, win.left)
    assert doc_range(win.right, 1, 0, len(hindi.paragraphs[1].text)) not in lit(win, win.right)
    # only the third sentence of the paragraph is shaded
    (only,) = win.doc["only_left_spans"]
    assert para[only["start"]:only["end"]].startswith("کازیرنگا")
    assert shaded(win.left) == [doc_range(win.left, 1, only["start"], only["end"])]
    assert shaded(win.right) == []
    # clicking the first sentence moves the light to Hindi paragraph 1
    mid = (first["start"] + first["end"]) // 2
    cursor.setPosition(doc_range(win.left, 1, mid, mid)[0])
    QTest.mouseClick(win.left.viewport(), Qt.LeftButton, Qt.NoModifier,
                     win.left.cursorRect(cursor).center())
    qtbot.waitUntil(lambda: lit(win, win.right) == [
        doc_range(win.right, 1, 0, len(hindi.paragraphs[1].text))], timeout=5_000)
    assert "+1 sentence" in win.summary.text()
    assert "دریائے برہم پتر" in urdu.paragraphs[1].text[first["start"]:first["end"]]
