"""The `akhbar` command: `akhbar gui …` opens the window, every other command is the CLI.

Dispatching here (in the GUI front) keeps the core's CLI free of any knowledge of the GUI,
and keeps Qt out of the CLI's start-up: PySide6 is imported only for `gui`.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "gui":
        from .app import main as gui_main

        return gui_main(args[1:])
    from akhbar.index.cli import main as cli_main

    return cli_main(args, pdf_writer=_write_pdf)


def _write_pdf(html: str, path) -> None:  # type: ignore[no-untyped-def]
    from .pdf import write_pdf  # (Qt is imported only when a PDF is asked for)

    write_pdf(html, path)


if __name__ == "__main__":
    sys.exit(main())
