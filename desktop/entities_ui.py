"""Entity widgets: the per-type styles, the legend with a switch per type, and the panel that
lists an article's entities by type.

Each type has a hue from the Okabe–Ito palette (told apart by colour-blind readers) *and* its
own underline pattern, so the types stay distinct without colour too.
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QToolButton, QTreeWidget, QTreeWidgetItem,
                               QWidget)

from .theme import Colors

TYPES = ("PERSON", "PLACE", "ORG", "DATE", "NUMBER")
LABELS = {"PERSON": "Person", "PLACE": "Place", "ORG": "Organisation", "DATE": "Date",
          "NUMBER": "Number"}
_HUES = {"PERSON": "#0072B2", "PLACE": "#009E73", "ORG": "#CC79A7", "DATE": "#E69F00",
         "NUMBER": "#56B4E9"}
_DARK_HUES = {"PERSON": "#56A0E0", "PLACE": "#3CCB9F", "ORG": "#E7A1C9", "DATE": "#F5B942",
              "NUMBER": "#8ACFF2"}
_UNDERLINES = {"PERSON": QTextCharFormat.SingleUnderline,
               "PLACE": QTextCharFormat.DashUnderline,
               "ORG": QTextCharFormat.DotLine,
               "DATE": QTextCharFormat.WaveUnderline,
               "NUMBER": QTextCharFormat.DashDotLine}
EntityKey = str  # entity id, or "TYPE:text" for dates and numbers


def hue(type_: str, colors: Colors) -> QColor:
    return QColor((_DARK_HUES if colors.dark else _HUES)[type_])


def styles(colors: Colors) -> dict[str, QTextCharFormat]:
    out = {}
    for t in TYPES:
        fmt = QTextCharFormat()
        color = hue(t, colors)
        tint = QColor(color)
        tint.setAlpha(60 if colors.dark else 34)
        fmt.setBackground(tint)
        fmt.setUnderlineStyle(_UNDERLINES[t])
        fmt.setUnderlineColor(color)
        out[t] = fmt
    return out


def key_of(mention) -> EntityKey:  # type: ignore[no-untyped-def]
    return mention.entity_id or f"{mention.type}:{mention.text}"


class EntityLegend(QWidget):
    """"Person · Place · Organisation · Date · Number", each a switch in its colour."""

    changed = Signal(set)

    def __init__(self, colors: Colors, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 0, 6, 0)
        lay.setSpacing(4)
        lay.addWidget(QLabel("Entities:"))
        self.buttons: dict[str, QToolButton] = {}
        for t in TYPES:
            b = QToolButton()
            b.setCheckable(True)
            b.setChecked(True)
            b.setAutoRaise(True)
            b.setToolTip(f"Show or hide {LABELS[t].lower()} names")
            b.toggled.connect(lambda _=False: self.changed.emit(self.shown()))
            self.buttons[t] = b
            lay.addWidget(b)
        lay.addStretch(1)
        self.restyle(colors)

    def restyle(self, colors: Colors) -> None:
        underline = {"PERSON": "solid", "PLACE": "dashed", "ORG": "dotted", "DATE": "double",
                     "NUMBER": "dashed"}
        for t, b in self.buttons.items():
            c = hue(t, colors).name()
            b.setText(LABELS[t])
            b.setStyleSheet(
                f"QToolButton {{ color: {c}; border-bottom: 2px {underline[t]} {c}; "
                "padding: 1px 4px; } QToolButton:!checked { color: gray; "
                "border-bottom-color: gray; }")

    def shown(self) -> set[str]:
        return {t for t, b in self.buttons.items() if b.isChecked()}


class EntityPanel(QTreeWidget):
    """The open article's entities grouped by type, most mentioned first."""

    selected = Signal(str)  # EntityKey

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("entityPanel")
        self.setHeaderLabels(["Entity", "×"])
        self.setColumnWidth(0, 170)
        self.setRootIsDecorated(True)
        self.setMinimumWidth(150)
        self.itemSelectionChanged.connect(self._picked)

    def show_mentions(self, mentions: list, names: dict[str, dict], colors: Colors) -> None:  # type: ignore[type-arg]
        self.clear()
        groups: dict[str, dict[EntityKey, list]] = {t: {} for t in TYPES}
        for m in mentions:
            groups.setdefault(m.type, {}).setdefault(key_of(m), []).append(m)
        for t in TYPES:
            items = groups.get(t) or {}
            if not items:
                continue
            top = QTreeWidgetItem([f"{LABELS[t]} ({len(items)})", ""])
            top.setForeground(0, hue(t, colors))
            top.setFlags(top.flags() & ~Qt.ItemIsSelectable)
            self.addTopLevelItem(top)
            for key, ms in sorted(items.items(), key=lambda kv: -len(kv[1])):
                info = names.get(key) or {}
                label = info.get("en") or info.get("ur") or info.get("hi") or ms[0].text
                child = QTreeWidgetItem([label, str(len(ms))])
                child.setData(0, Qt.UserRole, key)
                child.setToolTip(0, " · ".join(v for v in (info.get("en"), info.get("ur"),
                                                          info.get("hi")) if v) or ms[0].text)
                top.addChild(child)
            top.setExpanded(True)

    def _picked(self) -> None:
        items = self.selectedItems()
        if items and items[0].data(0, Qt.UserRole):
            self.selected.emit(items[0].data(0, Qt.UserRole))


def facet_html(facets: list[dict], colors: Colors) -> str:
    """The entities most named in the results, as links that narrow the search to them."""
    parts = []
    for f in facets:
        if f["type"] not in _HUES:
            continue
        name = f["name"].get("en") or f["name"].get("ur") or f["name"].get("hi") or f["entity_id"]
        parts.append(f'<a href="entity:{html.escape(f["entity_id"])}" style="color:'
                     f'{hue(f["type"], colors).name()}; text-decoration:none">'
                     f'{html.escape(name)}</a>&nbsp;<span style="color:{colors.muted.name()}">'
                     f'{f["articles"]}</span>')
    return "Named most: " + " &nbsp;·&nbsp; ".join(parts) if parts else ""
