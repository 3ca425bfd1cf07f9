"""PDF output for the CLI and the Compare window: Qt lays the page out, so HarfBuzz shapes the
Urdu (Nastaliq joins, Devanagari conjuncts) as it does on screen.

The core cannot do this (`index/` never imports Qt and python-bidi/arabic-reshaper give only
presentation forms, no Nastaliq), so the `akhbar` entry point hands `write_pdf` to the CLI.
Run from a terminal without a display, Qt's offscreen platform is used: no window opens.
"""
from __future__ import annotations

import os
from pathlib import Path

from .fonts import Fonts


def write_pdf(html: str, path: Path, fonts: Fonts | None = None) -> None:
    """Render `html` (logical order, `dir` attributes) to an A4 PDF at `path`."""
    from PySide6.QtCore import QLoggingCategory
    from PySide6.QtGui import QGuiApplication, QPageSize, QPdfWriter, QTextDocument

    if QGuiApplication.instance() is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # a command-line run: Qt's font-database chatter is not for the terminal
        QLoggingCategory.setFilterRules("qt.text.font.db.info=false\nqt.qpa.*=false")
        app = QGuiApplication([])
        app.setApplicationName("Akhbar")
    if fonts is None:
        from akhbar.index.paths import fonts_dir

        from .fonts import load_fonts

        fonts = load_fonts(fonts_dir())
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.A4))
    writer.setResolution(150)
    writer.setTitle("Akhbar comparison")
    doc = QTextDocument()
    doc.setDefaultFont(fonts.font_for("en"))
    doc.setHtml(html)
    doc.print_(writer)
    if not Path(path).is_file() or Path(path).stat().st_size == 0:
        raise OSError(f"could not write {path}")
