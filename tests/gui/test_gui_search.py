"""Searching and reading from the main window, as a user does it."""
from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication, QTextCursor

from akhbar.desktop.fonts import DEVANAGARI, NASKH, NASTALIQ
from akhbar.index.library import Library


def _blocks(win):  # type: ignore[no-untyped-def]
    """(text, blockFormat, charFormat) of every paragraph block of the open article."""
    doc = win.article.text.document()
    out = []
    for piece in win.article.text.pieces[1:]:
        block = doc.findBlock(piece.position)
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.NextCharacter)
        out.append((block.text(), block.blockFormat(), cursor.charFormat()))
    return out


def _open_row(qtbot, win, row: int = 0) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(win.article_opened, timeout=5000):
        win.results.setCurrentIndex(win.results_model.index(row, 0))
    qtbot.waitUntil(lambda: not win.article.text.pending, timeout=5000)


def test_fonts_are_bundled_and_loaded(app_fonts) -> None:  # type: ignore[no-untyped-def]
    families = set(QFontDatabase.families())
    assert {NASTALIQ, NASKH, DEVANAGARI} <= families
    assert len(app_fonts.loaded_files) == 6


def test_empty_query_shows_the_sortable_library(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    assert window.left.currentWidget() is window.table
    assert window.table_model.rowCount() == 5
    assert window.count_label.text() == "5 articles"
    window.table.sortByColumn(2, Qt.DescendingOrder)
    dates = [window.table_model.row_at(r).date for r in range(5)]
    assert dates[:2] == ["2025-03-22", "2023-09-05"]
    window.table.sortByColumn(1, Qt.AscendingOrder)  # language: hi before ur
    assert window.table_model.row_at(0).lang == "hi"
    window.search_bar.lang.setCurrentIndex(window.search_bar.lang.findData("hi"))
    assert window.table_model.rowCount() == 1
    assert "1 shown" in window.count_label.text()


def test_urdu_search_opens_a_right_to_left_nastaliq_article(qtbot, window, search) -> None:  # type: ignore[no-untyped-def]
    search(window, "کوریا")
    assert window.left.currentIndex() == 1
    assert window.results_model.rowCount() >= 3
    assert all(h.lang == "ur" for h in window.results_model.hits)
    assert window.info.text().split()[1] == "results"
    assert "query took" in window.time_label.text()
    # every card's snippet has the query word marked
    assert all(h.highlights for h in window.results_model.hits)
    _open_row(qtbot, window)
    blocks = _blocks(window)
    assert blocks, "no paragraphs shown"
    urdu = [b for b in blocks if window.article.article.paragraphs[blocks.index(b)].lang == "ur"]
    assert urdu
    for _text, bf, cf in urdu:
        assert bf.layoutDirection() == Qt.RightToLeft
        assert bf.alignment() & Qt.AlignLeading and not bf.alignment() & Qt.AlignAbsolute
        assert bf.lineHeight() >= 125  # Nastaliq needs room
        assert cf.font().families()[0] == NASTALIQ
    # the search's matches are highlighted and counted in the article
    assert window.article.matches.isVisible()
    assert window.article.matches.count >= 2
    assert window.article.matches.counter.text().startswith("1 / ")


def test_hindi_search_opens_a_left_to_right_devanagari_article(qtbot, window, search) -> None:  # type: ignore[no-untyped-def]
    search(window, "पुतिन")
    hits = window.results_model.hits
    # the Hindi article, and (entity search) the Urdu ones that write پیوٹن / پوتن
    assert "hi" in [h.lang for h in hits] and "ur" in [h.lang for h in hits]
    _open_row(qtbot, window, [h.lang for h in hits].index("hi"))
    blocks = _blocks(window)
    hindi = [(t, bf, cf) for (t, bf, cf), p in zip(blocks, window.article.article.paragraphs)
             if p.lang == "hi"]
    assert hindi
    for _t, bf, cf in hindi:
        assert bf.layoutDirection() == Qt.LeftToRight
        assert cf.font().families()[0] == DEVANAGARI
    # five mentions of पुतिन, and "Putin" in the English headline (the same person)
    count = window.article.matches.count
    assert count == 6
    window.article.matches.step(+1)
    assert window.article.matches.counter.text() == f"2 / {count}"
    window.article.matches.step(-1)
    window.article.matches.step(-1)
    assert window.article.matches.counter.text() == f"{count} / {count}"


def test_variant_spellings_are_all_highlighted(qtbot, tmp_path: Path, make_window, search) -> None:  # type: ignore[no-untyped-def]
    doc = tmp_path / "variants.json"
    doc.write_text(json.dumps({
        "title": "کوریا کی خبر",
        "date": "2024-01-02",
        "body": "شمالی كوريا نے آج اعلان کیا۔ جنوبی کوریا نے اس پر ردعمل دیا۔\n\n"
                "کوریَا کے بارے میں مزید خبریں جلد آئیں گی۔",
    }, ensure_ascii=False), "utf-8")
    with Library.open(tmp_path / "lib") as lib:
        assert lib.import_paths([doc]).imported
        win = make_window(lib)
        search(win, "کوریا")
        _open_row(qtbot, win)
        text = win.article.text.toPlainText()
        marked = [text[s:e] for s, e in win.article.text.match_ranges()]
        assert sorted(marked) == sorted(["کوریا", "كوريا", "کوریا", "کوریَا"])
        # and each is painted: an extra selection over exactly those characters
        painted = {(sel.cursor.selectionStart(), sel.cursor.selectionEnd())
                   for sel in win.article.text.extraSelections()}
        assert set(win.article.text.match_ranges()) <= painted


def test_keyboard_moves_through_results_and_escape_clears(qtbot, window, search) -> None:  # type: ignore[no-untyped-def]
    search(window, "روس")
    edit = window.search_bar.edit
    with qtbot.waitSignal(window.article_opened, timeout=5000) as first:
        qtbot.keyClick(edit, Qt.Key_Down)
    with qtbot.waitSignal(window.article_opened, timeout=5000) as second:
        qtbot.keyClick(edit, Qt.Key_Down)
    assert first.args != second.args
    assert window.results.currentIndex().row() == 1
    qtbot.keyClick(edit, Qt.Key_Return)
    assert window.article.text.hasFocus()
    qtbot.keyClick(edit, Qt.Key_Escape)
    assert edit.text() == ""
    assert window.left.currentWidget() is window.table


def test_find_in_article_ignores_diacritics(qtbot, window, search, type_text) -> None:  # type: ignore[no-untyped-def]
    search(window, "پیوٹن")
    _open_row(qtbot, window, [h.lang for h in window.results_model.hits].index("ur"))
    window.article.text.setFocus()
    window.find_or_focus_search()
    assert window.article.find_bar.isVisible()
    type_text(window.article.find_edit, "ماسکو")
    assert window.article.find_matches.count >= 1
    qtbot.keyClick(window.article.find_edit, Qt.Key_Escape)
    assert not window.article.find_bar.isVisible()
    # Ctrl+F with the focus elsewhere goes to the search box
    window.search_bar.lang.setFocus()
    window.find_or_focus_search()
    assert window.search_bar.edit.hasFocus()


def test_copy_gives_logical_order_text(qtbot, window, search) -> None:  # type: ignore[no-untyped-def]
    search(window, "کوریا")
    _open_row(qtbot, window)
    window.article.text.selectAll()
    window.article.text.copy()
    copied = QGuiApplication.clipboard().text()
    first = window.article.article.paragraphs[0].text
    assert first in copied  # exactly as stored: not reshaped, not reordered


def test_malformed_and_empty_queries_explain_themselves(qtbot, window, search) -> None:  # type: ignore[no-untyped-def]
    search(window, '"کوریا روس')
    assert window.results_model.rowCount() >= 1
    assert "quote" in window.info.text().lower()
    search(window, "zzzzqqqq")
    assert window.results_model.rowCount() == 0
    assert "No articles match" in window.info.text()


def test_zoom_theme_and_font_persist(qtbot, window, settings, search) -> None:  # type: ignore[no-untyped-def]
    search(window, "کوریا")
    _open_row(qtbot, window)
    before = _blocks(window)[0][2].font().pointSizeF()
    window.zoom(+1)
    after = _blocks(window)[0][2].font().pointSizeF()
    assert after > before
    window.set_urdu_style("naskh")
    assert _blocks(window)[0][2].font().families()[0] == NASKH
    window.set_theme("dark")
    assert window.colors.dark
    window.save_state()
    assert settings.zoom_step == 4 and settings.urdu_style == "naskh" and settings.theme == "dark"
    assert settings.last_query == "کوریا"
    assert settings.last_article == window.article.article.id
    window.zoom(0)
    window.set_theme("light")
    window.set_urdu_style("nastaliq")


def test_a_long_article_is_shown_whole_with_every_match(qtbot, window, search) -> None:  # type: ignore[no-untyped-def]
    """Long articles are laid out in two steps (first screens, then the rest): in the end
    every paragraph is there and matches in the later part are counted and highlighted."""
    search(window, "پیوٹن")
    hits = window.results_model.hits
    longest = max(range(len(hits)), key=lambda i: sum(
        len(p.text) for p in window.library.get(hits[i].id).paragraphs))
    _open_row(qtbot, window, longest)
    article = window.article.article
    assert sum(len(p.text) for p in article.paragraphs) > 4000  # (the case being tested)
    assert [b[0] for b in _blocks(window)] == [p.text for p in article.paragraphs]
    texts = [article.title] + [p.text for p in article.paragraphs]
    expected = sum(len(s) for s in window.library.match_spans("پیوٹن", texts))
    assert window.article.matches.count == expected == len(window.article.text.match_ranges())


def test_a_new_search_repaints_the_list_first_then_the_open_articles_matches(
        qtbot, window, search, type_text) -> None:  # type: ignore[no-untyped-def]
    """The results list is what a typing user waits for: it is shown before the open article's
    highlights are redone (one article layout less per keystroke), and they follow at once."""
    search(window, "روس")
    _open_row(qtbot, window)
    before = window.article.matches.count
    assert before >= 1 and window.article.query == "روس"
    calls: list[str] = []
    real = window.article.set_matches
    window.article.set_matches = lambda spans: (calls.append("matches"), real(spans))[1]
    window.results_shown.connect(lambda: calls.append("results"))
    window.search_bar.edit.clear()  # (an empty query clears the highlights: not counted)
    calls.clear()
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        type_text(window.search_bar.edit, "پیوٹن")
    assert calls == ["results"]  # the list is up; the article is redone right after
    qtbot.waitUntil(lambda: window.article.query == "پیوٹن", timeout=5_000)
    assert calls == ["results", "matches"]
    texts = [window.article.article.title] + [p.text for p in window.article.article.paragraphs]
    expected = sum(len(s) for s in window.library.match_spans("پیوٹن", texts))
    assert window.article.matches.count == expected > 0


def test_the_cards_that_fill_the_list_come_first_and_the_rest_follow(qtbot, window, search) -> None:  # type: ignore[no-untyped-def]
    """Nastaliq cards are tall, so a few fill the list: only those are laid out before the
    first paint, and every other card is laid out right after (it can be scrolled to, whole)."""
    window.resize(1300, 560)
    search(window, "کوریا")
    hits = window.results_model.hits
    assert len(hits) >= 4
    view = window.results
    fill = view.delegate.rows_to_fill(hits, view.viewport().height())
    assert 1 <= fill < len(hits)
    assert fill + 1 <= view.batchSize() < len(hits)
    last = window.results_model.index(len(hits) - 1, 0)
    view.doItemsLayout()  # what the first paint does: the filling cards only
    assert view.visualRect(window.results_model.index(fill - 1, 0)).height() > 0
    assert view.visualRect(last).height() == 0
    expected = view.delegate.sizeHint(None, last).height()  # (the option is not used)
    qtbot.waitUntil(lambda: view.visualRect(last).height() == expected, timeout=5_000)
    view.scrollTo(last)
    assert view.viewport().rect().contains(view.visualRect(last))


def test_a_long_articles_first_step_fills_the_view_at_any_size(qtbot, window, search) -> None:  # type: ignore[no-untyped-def]
    """The first step of a long article is sized from the view: what is painted first covers
    the whole view (no blank band waiting for the rest), in a small window and a tall one."""
    longest = max(window.library.list(), key=lambda r: sum(
        len(p.text) for p in window.library.get(r.id).paragraphs)).id
    text = window.article.text
    steps = []
    for size in ((1000, 500), (1300, 1400)):
        window.resize(*size)
        qtbot.wait(50)
        window.open_article(longest)
        assert text.pending  # (the case being tested: shown in two steps)
        steps.append(text.document().characterCount())
        assert text.document().size().height() >= text.viewport().height()
        qtbot.waitUntil(lambda: not text.pending, timeout=5_000)
    assert steps[0] < steps[1]  # a taller view gets a larger first step


def test_an_urdu_titles_ink_stays_inside_its_card(qtbot, window, search) -> None:  # type: ignore[no-untyped-def]
    """Nastaliq's long words cascade upwards: "سرگئی شوئیگو" in a card title climbs well over
    its line. Painted below a blank band, no card may put ink into the band."""
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

    search(window, "شوئیگو")
    view, model = window.results, window.results_model
    assert model.rowCount() >= 1
    band = 40
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        size = view.delegate.sizeHint(None, index)
        image = QImage(size.width(), size.height() + band, QImage.Format_RGB32)
        image.fill(QColor("white"))
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect = image.rect().adjusted(0, band, 0, 0)
        painter = QPainter(image)
        view.delegate.paint(painter, option, index)
        painter.end()
        inked = [y for y in range(band) for x in range(0, image.width(), 2)
                 if image.pixelColor(x, y).lightness() < 200]
        assert not inked, f"card {row}: ink {band - min(inked)} px above its top"
