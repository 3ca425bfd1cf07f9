"""GUI fixtures: the main window on a private seeded library with a private settings file.

Every test here is marked `gui` and runs offscreen; Qt warnings fail the test
(`qt_log_level_fail`)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, QSettings, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from akhbar.desktop.fonts import Fonts, load_fonts  # noqa: E402
from akhbar.desktop.main_window import MainWindow  # noqa: E402
from akhbar.desktop.settings import Settings  # noqa: E402
from akhbar.desktop.theme import LIGHT  # noqa: E402
from akhbar.index.library import Library  # noqa: E402
from akhbar.index.paths import fonts_dir  # noqa: E402


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session")
def app_fonts(qapp) -> Fonts:  # type: ignore[no-untyped-def]
    return load_fonts(fonts_dir())


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))


@pytest.fixture
def make_window(qtbot, app_fonts: Fonts, settings: Settings):  # type: ignore[no-untyped-def]
    """Factory: a shown main window on `library`; closed (workers joined) at the end."""
    windows: list[MainWindow] = []

    def make(library: Library, the_settings: Settings | None = None) -> MainWindow:
        app_fonts.urdu_style = "nastaliq"
        win = MainWindow(library, the_settings or settings, app_fonts, LIGHT, fonts_dir())
        qtbot.addWidget(win)
        win.resize(1300, 820)
        win.show()
        qtbot.waitExposed(win)
        windows.append(win)
        return win

    yield make
    for win in windows:
        win.close()


@pytest.fixture
def window(make_window, seeded_library: Library) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    yield make_window(seeded_library)


@pytest.fixture
def search(qtbot):  # type: ignore[no-untyped-def]
    """search(win, text): type `text` into the search box as a user would and wait for the
    results to be shown."""

    def run(win: MainWindow, text: str) -> None:
        win.search_bar.edit.clear()
        with qtbot.waitSignal(win.results_shown, timeout=10_000):
            type_text(win.search_bar.edit, text)

    return run


@pytest.fixture(name="type_text")
def type_text_fixture():  # type: ignore[no-untyped-def]
    return type_text


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Key presses carrying the characters of `text` (QTest.keyClicks only knows ASCII and
    aborts on Urdu or Hindi)."""
    for ch in text:
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key_unknown, Qt.NoModifier, ch))
