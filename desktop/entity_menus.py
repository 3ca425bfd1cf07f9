"""Context-menu actions that correct the recogniser: "not an entity", change the type, link to
another name, merge into another entity of the article, add a missed one. The view only emits
what the user asked for; the main window stores it (corrections are library data)."""
from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMenu

from .entities_ui import LABELS, TYPES


def build_mention_menu(menu: QMenu, m, mentions: list, correction, clicked) -> None:  # type: ignore[no-untyped-def]
    menu.addSeparator()
    head = menu.addAction(f"{LABELS.get(m.type, m.type)}: {m.text}")
    head.setEnabled(False)
    if m.entity_id:
        menu.addAction("Articles naming this", lambda: clicked.emit(m))
    menu.addAction("Not an entity", lambda: correction.emit("reject", m, {}))
    retype = menu.addMenu("Change type")
    for t in TYPES:
        if t != m.type:
            retype.addAction(LABELS[t], lambda t=t: correction.emit("retype", m, {"type": t}))
    if m.type in ("PERSON", "PLACE", "ORG"):
        def relink() -> None:
            name, ok = QInputDialog.getText(menu.parentWidget(), "Link to another name",
                                            "Canonical name (any script):", text=m.text)
            if ok and name.strip():
                correction.emit("retype", m, {"type": m.type, "name": name.strip()})

        menu.addAction("Link to another name…", relink)
        others = {}
        for o in mentions:
            if o.type == m.type and o.entity_id and o.entity_id != m.entity_id:
                others.setdefault(o.entity_id, o.text)
        if others and m.entity_id:
            merge = menu.addMenu("Same entity as")
            for eid, text in others.items():
                merge.addAction(text, lambda eid=eid: correction.emit("merge", m,
                                                                      {"target": eid}))


def build_add_menu(menu: QMenu, span: tuple[int, int, int, str], correction) -> None:  # type: ignore[no-untyped-def]
    menu.addSeparator()
    add = menu.addMenu("Mark as entity")
    for t in TYPES:
        add.addAction(LABELS[t], lambda t=t: correction.emit("add", span, {"type": t}))
