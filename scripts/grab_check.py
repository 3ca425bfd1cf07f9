"""Screenshot of Help › Check library on a library with index drift, while a second Akhbar
has it open (the shared-library banner shows). Used by scripts/screenshots.sh.

    .venv/bin/python scripts/grab_check.py LIBRARY_DIR OUT.png
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtGui import QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from akhbar.desktop.fonts import load_fonts  # noqa: E402
from akhbar.desktop.main_window import MainWindow  # noqa: E402
from akhbar.desktop.settings import Settings  # noqa: E402
from akhbar.desktop.theme import LIGHT, apply_theme  # noqa: E402
from akhbar.index.library import Library  # noqa: E402
from akhbar.index.paths import fonts_dir  # noqa: E402


def wait(ms: int, until=lambda: False) -> None:  # type: ignore[no-untyped-def]
    loop = QEventLoop()
    for _ in range(ms // 50):
        if until():
            return
        QTimer.singleShot(50, loop.quit)
        loop.exec()


def main() -> int:
    root, out = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication([])
    apply_theme(app, LIGHT)
    lib = Library.open(root, seed=True)
    other = Library.open(root, seed=False)
    lib.backend.write([], [lib.list()[0].id], replace=True)  # drift for the check to find
    settings = Settings(QSettings(str(out.with_suffix(".ini")), QSettings.IniFormat))
    win = MainWindow(lib, settings, load_fonts(fonts_dir()), LIGHT, fonts_dir())
    win.resize(1400, 860)
    win.show()
    win.care.poll()
    win.care.check()
    wait(20_000, lambda: win.care.dialog is not None and win.care.dialog.isVisible())
    wait(300)
    shot = win.grab()
    dialog = win.care.dialog.grab()
    painter = QPainter(shot)
    painter.drawPixmap((shot.width() - dialog.width()) // 2,
                       (shot.height() - dialog.height()) // 2, dialog)
    painter.end()
    shot.save(str(out))
    win.care.dialog.close()
    win.close()
    other.close()
    lib.close()
    out.with_suffix(".ini").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
