"""Light and dark themes, following the system by default.

Fusion with an explicit palette looks the same on every platform and lets the dark theme work
where the platform has no dark style (offscreen, many Linux desktops). Colours that the views
paint themselves (match highlights, badges) come from `Colors`, so they suit the theme.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Colors:
    dark: bool
    match: QColor
    current_match: QColor
    find: QColor
    muted: QColor
    badge: dict[str, QColor]
    restored: QColor


LIGHT = Colors(False, QColor("#ffe58a"), QColor("#ffa94d"), QColor("#a5d8ff"), QColor("#6b6f76"),
               {"ur": QColor("#2b8a3e"), "hi": QColor("#c2410c"), "en": QColor("#1c7ed6")},
               QColor("#eef6ee"))
DARK = Colors(True, QColor("#7a6212"), QColor("#b4531b"), QColor("#1f5f8b"), QColor("#a0a4ab"),
              {"ur": QColor("#40c057"), "hi": QColor("#ff922b"), "en": QColor("#4dabf7")},
              QColor("#23332a"))


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    try:
        return hints.colorScheme() == Qt.ColorScheme.Dark
    except AttributeError:  # Qt < 6.5
        return False


def resolve(mode: str) -> Colors:
    dark = mode == "dark" or (mode == "system" and system_prefers_dark())
    return DARK if dark else LIGHT


def apply_theme(app: QApplication, mode: str) -> Colors:
    colors = resolve(mode)
    app.setStyle("Fusion")
    if not colors.dark:
        app.setPalette(app.style().standardPalette())
        return colors
    p = QPalette()
    base, window, text = QColor("#1e1f22"), QColor("#2b2d30"), QColor("#dfe1e5")
    for role, color in [
        (QPalette.Window, window), (QPalette.WindowText, text), (QPalette.Base, base),
        (QPalette.AlternateBase, QColor("#26282b")), (QPalette.ToolTipBase, window),
        (QPalette.ToolTipText, text), (QPalette.Text, text), (QPalette.Button, window),
        (QPalette.ButtonText, text), (QPalette.BrightText, QColor("#ff6b6b")),
        (QPalette.Link, QColor("#4dabf7")), (QPalette.Highlight, QColor("#2f65ca")),
        (QPalette.HighlightedText, QColor("#ffffff")),
        (QPalette.PlaceholderText, QColor("#868a91")),
    ]:
        p.setColor(role, color)
    for role in (QPalette.Text, QPalette.WindowText, QPalette.ButtonText):
        p.setColor(QPalette.Disabled, role, QColor("#6b6f76"))
    app.setPalette(p)
    return colors
