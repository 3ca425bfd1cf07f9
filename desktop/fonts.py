"""The app's fonts: the bundled Noto fonts registered with Qt, and which one each language gets.

The fonts in resources/fonts are registered as *application* fonts at start-up, so Urdu and
Hindi render on a machine with no Urdu or Devanagari font at all (DejaVu, the usual Linux
fallback, draws ہ ے ۔ as boxes). Nastaliq looks much smaller than Devanagari or Latin at the
same point size, so Urdu gets its own, larger size.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

NASTALIQ = "Noto Nastaliq Urdu"
NASKH = "Noto Naskh Arabic"
DEVANAGARI = "Noto Sans Devanagari"
URDU_SCALE = 1.25  # Nastaliq at the size of the Latin text reads as small print
LATIN_FALLBACKS = ["Noto Sans", "DejaVu Sans"]


@dataclass
class Fonts:
    """Families available to the app, and the per-language choices (the Urdu style is a
    setting: Nastaliq, the newspaper hand, or the more compact Naskh)."""

    families: set[str] = field(default_factory=set)
    loaded_files: list[str] = field(default_factory=list)
    urdu_style: str = "nastaliq"
    base_point_size: float = 11.0

    def urdu_family(self) -> str:
        return NASKH if self.urdu_style == "naskh" else NASTALIQ

    def families_for(self, lang: str) -> list[str]:
        if lang in ("ur", "ar", "fa"):
            return [self.urdu_family(), NASKH, *LATIN_FALLBACKS]
        if lang == "hi":
            return [DEVANAGARI, *LATIN_FALLBACKS]
        return [*LATIN_FALLBACKS, DEVANAGARI, NASKH]

    def point_size_for(self, lang: str, zoom: float = 1.0) -> float:
        size = self.base_point_size * zoom
        return size * URDU_SCALE if lang in ("ur", "ar", "fa") else size

    def font_for(self, lang: str, zoom: float = 1.0, *, bold: bool = False,
                 scale: float = 1.0) -> QFont:
        font = QFont()
        font.setFamilies(self.families_for(lang))
        font.setPointSizeF(self.point_size_for(lang, zoom) * scale)
        font.setBold(bold)
        return font


def load_fonts(directory: Path, urdu_style: str = "nastaliq") -> Fonts:
    """Register every .ttf/.otf in `directory` (needs a QGuiApplication). A font that fails
    to load is skipped: Qt then falls back to whatever the system has."""
    fonts = Fonts(urdu_style=urdu_style)
    if directory.is_dir():
        for path in sorted(directory.iterdir()):
            if path.suffix.lower() not in (".ttf", ".otf"):
                continue
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                fonts.loaded_files.append(path.name)
                fonts.families.update(QFontDatabase.applicationFontFamilies(font_id))
    fonts.families.update(QFontDatabase.families())
    return fonts


def apply_app_font(app, fonts: Fonts) -> None:  # type: ignore[no-untyped-def]
    """Give every widget (dialogs, lists, tooltips, panels) the bundled fonts as fallbacks, so
    an Urdu title in a list never falls back to a font that draws ہ and ے as boxes."""
    base = app.font()
    families = [f for f in base.families() if f] or [base.family()]
    extra = [NASKH, DEVANAGARI]
    if not all(f in families for f in extra):
        base.setFamilies(families + [f for f in extra if f not in families])
        app.setFont(base)
