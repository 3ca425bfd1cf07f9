"""Entities in the reader: highlighted by type with a legend and switches, a panel, hover
text, click to list the articles naming one, and corrections from the context menu."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt


def _open_seed(qtbot, window, prefix: str):  # type: ignore[no-untyped-def]
    row = next(r for r in range(window.table_model.rowCount())
               if Path(window.table_model.row_at(r).source_path).name.startswith(prefix))
    with qtbot.waitSignal(window.article_opened, timeout=5000):
        window.table.setCurrentIndex(window.table_model.index(row, 0))
    qtbot.waitUntil(lambda: not window.article.text.pending, timeout=5000)
    qtbot.waitUntil(lambda: window.article.panel.topLevelItemCount() > 0, timeout=5000)
    return window.article


def _panel_entries(view) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    out = {}
    for i in range(view.panel.topLevelItemCount()):
        top = view.panel.topLevelItem(i)
        out[top.text(0).split(" (")[0]] = [top.child(j).text(0) for j in range(top.childCount())]
    return out


def test_seed_003_entities_are_highlighted_listed_and_explained(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = _open_seed(qtbot, window, "003")
    entries = _panel_entries(view)
    for name in ("Vladimir Putin", "Kim Jong Un"):
        assert name in entries["Person"]
    for name in ("Russia", "North Korea", "Vladivostok", "Pyongyang", "Moscow"):
        assert name in entries["Place"]
    assert {"White House", "The New York Times"} <= set(entries["Organisation"])
    # every shown mention is drawn: one extra selection each, in its type's style
    n_entities = len(view.text._entity_ranges)
    assert n_entities >= 30
    assert len(view.text.extraSelections()) >= n_entities
    # the switch per type hides that type
    view.legend.buttons["PLACE"].setChecked(False)
    places = sum(1 for _r, m in view.text._entity_ranges if m.type == "PLACE")
    assert len(view.text.extraSelections()) == len(view.text._entity_ranges) - places
    view.legend.buttons["PLACE"].setChecked(True)
    # hover text: the canonical name in three scripts and how many articles name it
    putin = next(m for _r, m in view.text._entity_ranges if m.entity_id == "vladimir_putin")
    tip = view._tooltip(putin)
    assert "Vladimir Putin" in tip and "पुतिन" in tip and ("پوتن" in tip or "پیوٹن" in tip)
    assert "named in 5 articles" in tip
    # selecting an entity in the panel marks its mentions
    view.panel.setCurrentItem(view.panel.findItems("Vladimir Putin",
                                                   Qt.MatchExactly | Qt.MatchRecursive)[0])
    assert len(view.text._focus) == sum(1 for _r, m in view.text._entity_ranges
                                        if m.entity_id == "vladimir_putin")


def test_click_lists_the_articles_naming_the_entity(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = _open_seed(qtbot, window, "003")
    putin = next(m for _r, m in view.text._entity_ranges if m.entity_id == "vladimir_putin")
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        view.text.entity_clicked.emit(putin)
    assert window.search_bar.text() == "entity:vladimir_putin"
    assert {h.lang for h in window.results_model.hits} == {"hi", "ur"}
    assert len(window.results_model.hits) == 5


def test_not_an_entity_from_the_reader_is_kept(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = _open_seed(qtbot, window, "003")
    kirby = next(m for _r, m in view.text._entity_ranges if m.text == "जॉन किर्बी")
    with qtbot.waitSignal(window.article_opened, timeout=10_000):
        view.correction.emit("reject", kirby, {})
    assert not any(m.text == "जॉन किर्बी" for m in window.article.mentions)
    assert not any(m.text == "जॉन किर्बी"
                   for m in window.library.entities.mentions(window.article.article.id))


def test_facets_of_the_results_narrow_the_search(qtbot, window, search) -> None:  # type: ignore[no-untyped-def]
    search(window, "روس")
    assert window.facets.isVisible() and "entity:vladimir_putin" in window.facets.text()
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        window.facets.linkActivated.emit("entity:city_vladivostok")
    assert window.search_bar.text() == "روس entity:city_vladivostok"
    assert window.results_model.hits
    for hit in window.results_model.hits:
        ids = {m.entity_id for m in window.library.entities.mentions(hit.id)}
        assert "city_vladivostok" in ids
