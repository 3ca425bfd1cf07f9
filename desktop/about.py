"""About dialog: what Akhbar is, the fonts it ships with their licence (SIL OFL 1.1), and the
versions of the libraries it runs on (what a bug report needs)."""
from __future__ import annotations

import html
import platform
from importlib import metadata
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QTextBrowser, QVBoxLayout

from .fonts import Fonts

PACKAGES = ["akhbar", "whoosh3", "python-bidi", "arabic-reshaper", "regex", "babel",
            "trafilatura", "platformdirs"]


def versions() -> list[tuple[str, str]]:
    out = [("Python", platform.python_version()), ("Qt", qVersion()),
           ("PySide6", pyside_version)]
    for name in PACKAGES:
        try:
            out.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            out.append((name, "not installed"))
    return out


class AboutDialog(QDialog):
    def __init__(self, fonts: Fonts, fonts_dir: Path, library_root: Path, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setWindowTitle("About Akhbar")
        lay = QVBoxLayout(self)
        tabs = QTabWidget()
        about = QTextBrowser()
        about.setOpenExternalLinks(False)
        rows = "".join(f"<tr><td>{html.escape(n)}</td><td>{html.escape(v)}</td></tr>"
                       for n, v in versions())
        about.setHtml(
            "<h2>Akhbar <span dir='rtl'>اخبار</span> · अख़बार</h2>"
            "<p>An offline reader for Urdu and Hindi news.</p>"
            f"<p>Library: <code>{html.escape(str(library_root))}</code></p>"
            f"<table cellspacing='4'>{rows}</table>")
        tabs.addTab(about, "About")
        font_text = QTextBrowser()
        files = "".join(f"<li>{html.escape(f)}</li>" for f in fonts.loaded_files)
        licence = ""
        ofl = fonts_dir / "OFL.txt"
        if ofl.is_file():
            licence = html.escape(ofl.read_text("utf-8", errors="replace"))
        font_text.setHtml(
            "<p>Urdu is set in <b>Noto Nastaliq Urdu</b> (or <b>Noto Naskh Arabic</b>, a setting), "
            "Hindi in <b>Noto Sans Devanagari</b>. These fonts ship with Akhbar so that it reads "
            "correctly on a computer with no Urdu or Devanagari font. They are licensed under "
            "the SIL Open Font License 1.1.</p>"
            f"<p>Bundled font files:</p><ul>{files}</ul><pre>{licence}</pre>")
        tabs.addTab(font_text, "Fonts and licence")
        lay.addWidget(tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(560, 460)
