"""Typed access to the app's QSettings, so keys and defaults live in one place.

The QSettings object is passed in (tests give an .ini file in a temporary folder); the app
uses the platform's normal place, chosen by the organisation and application names.
"""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

THEMES = ("system", "light", "dark")
URDU_STYLES = ("nastaliq", "naskh")
ZOOM_STEPS = (0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6, 1.8, 2.0, 2.4)
DEFAULT_ZOOM_STEP = 3


class Settings:
    def __init__(self, qsettings: QSettings):
        self.q = qsettings

    def _str(self, key: str, default: str, allowed: tuple[str, ...] | None = None) -> str:
        value = self.q.value(key, default)
        value = value if isinstance(value, str) else default
        return value if allowed is None or value in allowed else default

    def _int(self, key: str, default: int) -> int:
        try:
            return int(self.q.value(key, default))
        except (TypeError, ValueError):
            return default

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.q.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    # window
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def set_geometry(self, value: QByteArray) -> None:
        self.q.setValue("window/geometry", value)

    def splitter(self, name: str) -> QByteArray | None:
        return self._bytes(f"window/splitter_{name}")

    def set_splitter(self, name: str, value: QByteArray) -> None:
        self.q.setValue(f"window/splitter_{name}", value)

    # reading
    @property
    def zoom_step(self) -> int:
        return min(max(self._int("view/zoom_step", DEFAULT_ZOOM_STEP), 0), len(ZOOM_STEPS) - 1)

    @zoom_step.setter
    def zoom_step(self, value: int) -> None:
        self.q.setValue("view/zoom_step", min(max(int(value), 0), len(ZOOM_STEPS) - 1))

    @property
    def zoom(self) -> float:
        return ZOOM_STEPS[self.zoom_step]

    @property
    def theme(self) -> str:
        return self._str("view/theme", "system", THEMES)

    @theme.setter
    def theme(self, value: str) -> None:
        self.q.setValue("view/theme", value if value in THEMES else "system")

    @property
    def urdu_style(self) -> str:
        return self._str("view/urdu_font", "nastaliq", URDU_STYLES)

    @urdu_style.setter
    def urdu_style(self, value: str) -> None:
        self.q.setValue("view/urdu_font", value if value in URDU_STYLES else "nastaliq")

    @property
    def reading_width(self) -> int:
        """Widest text column in pixels at zoom 1 (0 = no limit)."""
        return max(0, self._int("view/reading_width", 760))

    @reading_width.setter
    def reading_width(self, value: int) -> None:
        self.q.setValue("view/reading_width", max(0, int(value)))

    # session
    @property
    def last_query(self) -> str:
        return self._str("session/last_query", "")

    @last_query.setter
    def last_query(self, value: str) -> None:
        self.q.setValue("session/last_query", value)

    @property
    def last_article(self) -> str:
        return self._str("session/last_article", "")

    @last_article.setter
    def last_article(self, value: str) -> None:
        self.q.setValue("session/last_article", value)

    def sync(self) -> None:
        self.q.sync()
