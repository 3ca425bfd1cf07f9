"""Start the desktop app: `akhbar gui [--library DIR] [--open ID] [--query Q] [--grab FILE]`.

With `--grab FILE.png` the window is rendered offscreen at `--size`, the query (if any) is
run and the article (if any) opened, and a screenshot is saved: for the README and for
tests, without a display.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="akhbar gui", description="Open the Akhbar reader window.")
    p.add_argument("--library", metavar="DIR", help="library folder")
    p.add_argument("--open", metavar="ID", help="open this article")
    p.add_argument("--query", metavar="Q", help="start with this search")
    p.add_argument("--compare", nargs=2, metavar="ID", help="open the Compare view of two articles")
    p.add_argument("--grab", metavar="FILE.png", help="render offscreen, save a screenshot, exit")
    p.add_argument("--size", default="1400x860", help="window size for --grab (WxH)")
    p.add_argument("--theme", choices=["system", "light", "dark"], help="override the theme")
    p.add_argument("--urdu-font", choices=["nastaliq", "naskh"], help="override the Urdu font")
    p.add_argument("--no-seed", action="store_true", help="do not import the sample articles")
    p.add_argument("--ready-exit", action="store_true", help=argparse.SUPPRESS)  # benchmark
    p.add_argument("--settings", metavar="FILE.ini",
                   help="settings file (default: the platform's place); --grab uses a fresh one")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.grab and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from akhbar.index.paths import fonts_dir, resolve_library_dir

    from .fonts import load_fonts
    from .settings import Settings
    from .startup import open_library
    from .theme import apply_theme

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "akhbar"])
    app.setOrganizationName("Akhbar")
    app.setOrganizationDomain("akhbar.app")
    app.setApplicationName("Akhbar")
    app.setApplicationDisplayName("Akhbar")
    if args.settings or args.grab:
        path = args.settings or str(Path(args.grab).with_suffix(".ini"))
        if args.grab and not args.settings and os.path.exists(path):
            os.remove(path)
        qsettings = QSettings(path, QSettings.IniFormat)
    else:
        qsettings = QSettings()
    settings = Settings(qsettings)
    if args.theme:
        settings.theme = args.theme
    if args.urdu_font:
        settings.urdu_style = args.urdu_font
    fonts = load_fonts(fonts_dir(), settings.urdu_style)
    colors = apply_theme(app, settings.theme)
    seed = not args.no_seed and not os.environ.get("AKHBAR_NO_SEED")
    library = open_library(resolve_library_dir(args.library), seed=seed)
    if library is None:
        return 1

    from .main_window import MainWindow

    window = MainWindow(library, settings, fonts, colors, fonts_dir())
    try:
        if args.grab:
            return grab(window, app, args)
        if args.query is not None:
            window.set_query(args.query, now=True)
        if args.open:
            window.open_article(args.open)
        window.show()
        if args.ready_exit:  # the benchmark's cold start: shown, filled and painted
            app.processEvents()
            window.repaint()
            print("READY", flush=True)
            window.close()
            return 0
        return app.exec()
    finally:
        library.close()


def grab(window, app, args) -> int:  # type: ignore[no-untyped-def]
    """Render the window offscreen once the search has answered; save it to args.grab."""
    from PySide6.QtCore import QEventLoop, QTimer

    w, _, h = args.size.partition("x")
    window.resize(int(w), int(h))
    window.show()
    if args.query:
        loop = QEventLoop()
        window.results_shown.connect(loop.quit)
        QTimer.singleShot(30_000, loop.quit)
        window.set_query(args.query, now=True)
        loop.exec()
        if window.results_model.rowCount():
            window.results.setCurrentIndex(window.results_model.index(0, 0)) if not args.open \
                else None
    if args.open and not window.open_article(args.open):
        print(f"akhbar gui: no article {args.open}", file=sys.stderr)
    target = window
    if args.compare:
        from .compare_window import CompareWindow

        target = CompareWindow(window.library, window.reader, window.fonts, window.colors,
                               window)
        target.resize(int(w), int(h))
        target.show()
        loop = QEventLoop()
        target.computed.connect(loop.quit)
        QTimer.singleShot(30_000, loop.quit)
        target.compare(*args.compare)
        loop.exec()
        if target.doc and target.doc["pairs"]:
            target.select(True, target.doc["pairs"][min(1, len(target.doc["pairs"]) - 1)]
                          ["left"][0])
    for _ in range(5):
        app.processEvents()
    ok = target.grab().save(args.grab)
    window.close()
    if not ok:
        print(f"akhbar gui: could not write {args.grab}", file=sys.stderr)
        return 1
    print(args.grab)
    return 0


if __name__ == "__main__":
    sys.exit(main())
