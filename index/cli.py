"""The `akhbar` command line: a thin front on `Library`, and the scripting interface.

`--json` output is a public contract (see README "CLI JSON"): fields are only ever added.
JSON and piped output keep text in logical order; only a TTY gets shaped, reordered Urdu.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
from pathlib import Path
from collections.abc import Callable, Sequence
from typing import Any

from .cli_compare import add_commands as add_compare_commands
from .cli_entities import add_commands as add_entity_commands
from .library import Library
from .export import ExportError
from .text.display import one_line
from .search.backend import IndexBusy
from .paths import resolve_library_dir
from .store.schema import SchemaTooNew
from .terminal import BOLD, RESET, render

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3


class Out:
    """Where and how to print: JSON or text, TTY (shaped, bold) or plain logical text."""

    def __init__(self, as_json: bool):
        self.json = as_json
        self.tty = sys.stdout.isatty() and not as_json
        self.width = shutil.get_terminal_size((100, 24)).columns

    def text(self, s: str, spans: list | None = None, indent: str = "") -> None:
        if self.tty:
            print(render(s, spans or [], width=self.width, indent=indent))
        else:
            print(indent + s)

    def bold(self, s: str) -> str:
        return BOLD + s + RESET if self.tty else s

    def emit(self, obj: Any) -> None:
        print(json.dumps(obj, ensure_ascii=False, indent=2))


def _progress_printer() -> Any:
    if not sys.stderr.isatty():
        return None
    width = shutil.get_terminal_size((100, 24)).columns

    def show(done: int, total: int, current: str) -> None:
        name = os.path.basename(current) if current else ""
        line = f"\r[{done}/{total}] {name}"[: width - 1]
        sys.stderr.write(line.ljust(width - 1) if total else line)
        if total and done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


# ---------------------------------------------------------------------------- commands
def cmd_import(lib: Library, args: argparse.Namespace, out: Out) -> int:
    report = lib.import_paths(args.paths, progress=_progress_printer())
    if out.json:
        out.emit(report.as_json())
    else:
        print(f"Imported {len(report.imported)}, duplicates {len(report.duplicates)}, "
              f"rejected {len(report.rejected)}, warnings {len(report.warnings)}.")
        for item in report.imported:
            out.text(f"  + {item['id']}  [{item['lang']}]  {item['title']}")
        for item in report.warnings:
            print(f"  ~ {one_line(item['source_path'])}: {one_line(item['warning'])}")
        for item in report.duplicates:
            print(f"  = {one_line(item['source_path'])}: {item['reason']} ({item['id']})")
        for item in report.rejected:
            print(f"  ! {one_line(item['source_path'])}: {one_line(item['reason'])}")
    return EXIT_PROBLEM if report.rejected else EXIT_OK


def cmd_list(lib: Library, args: argparse.Namespace, out: Out) -> int:
    rows = lib.list(args.sort)
    if out.json:
        out.emit([r.as_json() for r in rows])
        return EXIT_OK
    if not rows:
        print("The library is empty. Import articles with: akhbar import FILE_OR_FOLDER")
        return EXIT_OK
    print(f"{len(rows)} articles in {lib.root}")
    for r in rows:
        print(f"{out.bold(r.id)}  {r.lang:3} {r.date or '----------'}  {r.source or ''}")
        out.text(r.title, indent="    ")
    return EXIT_OK


def cmd_search(lib: Library, args: argparse.Namespace, out: Out) -> int:
    query = " ".join(args.query)
    res = lib.search(query, limit=args.limit, lang=args.lang)
    if out.json:
        out.emit(res.as_json())
        return EXIT_OK
    for m in res.messages:
        print(m, file=sys.stderr)
    if res.hits:
        about = "" if res.total_exact else "about "
        noun = "result" if res.total == 1 else "results"
        print(f"{about}{res.total:,} {noun} ({res.elapsed_ms:.0f} ms)")
    for h in res.hits:
        print(f"\n{out.bold(h.id)}  {h.lang}  {h.date or ''}  {h.source or ''}  "
              f"score {h.score:.2f}")
        out.text(h.title, h.title_highlights, indent="  ")
        out.text(h.snippet, h.highlights, indent="    ")
    return EXIT_OK


def cmd_show(lib: Library, args: argparse.Namespace, out: Out) -> int:
    art = lib.get(args.id)
    if art is None:
        msg = f"No article with id {args.id!r} (see: akhbar list)."
        if out.json:
            out.emit({"error": msg})
        else:
            print(msg, file=sys.stderr)
        return EXIT_PROBLEM
    if out.json:
        out.emit({"id": art.id, "title": art.title, "lang": art.lang, "date": art.date,
                  "source": art.source, "source_url": art.source_url, "section": art.section,
                  "keywords": art.keywords, "source_path": art.source_path,
                  "paragraphs": [{"text": p.text, "lang": p.lang, "kind": p.kind}
                                 for p in art.paragraphs],
                  "removed": [r.text for r in art.removed],
                  "removed_details": [{"text": r.text, "reason": r.reason, "line": r.line_no}
                                      for r in art.removed],
                  "warnings": art.warnings})
        return EXIT_OK
    out.text(art.title)
    meta = [x for x in (art.date, art.source, art.section) if x]
    print(f"{art.id} · {art.lang}" + (" · " + " · ".join(meta) if meta else ""))
    if art.keywords:
        out.text("keywords: " + ", ".join(art.keywords))
    print()
    for p in art.paragraphs:
        out.text(p.text)
        print()
    if art.removed:
        if args.removed:
            print(f"-- {len(art.removed)} lines removed as boilerplate --")
            for r in art.removed:
                out.text(f"[{r.reason}] {r.text}")
        else:
            print(f"({len(art.removed)} lines removed as boilerplate; show them with --removed)")
    return EXIT_OK


def cmd_reindex(lib: Library, args: argparse.Namespace, out: Out) -> int:
    n = lib.reindex(progress=_progress_printer())
    if out.json:
        out.emit({"indexed": n, "articles": lib.count()})
    else:
        print(f"Rebuilt the search index: {n} articles.")
    return EXIT_OK


def cmd_export(lib: Library, args: argparse.Namespace, out: Out) -> int:
    try:
        manifest = lib.export(Path(args.dest))
    except (ExportError, OSError) as e:
        print(f"akhbar: export failed: {e}", file=sys.stderr)
        return EXIT_FAILED
    if out.json:
        out.emit(manifest)
    else:
        print(f"Exported {manifest['articles']} articles, {manifest['originals']} original "
              f"files and {manifest['corrections']} corrections to {manifest['path']}.")
        print("`akhbar import` of that folder restores them.")
    return EXIT_OK


def cmd_doctor(lib: Library, args: argparse.Namespace, out: Out) -> int:
    result = lib.doctor(fix=args.repair)
    result["index_rebuilt_on_open"] = lib.index_rebuilt_on_open
    if out.json:
        out.emit(result)
    else:
        print(f"Library {lib.root}: {result['articles']} articles, {result['indexed']} indexed.")
        for line in result["recovered_on_open"]:
            print(f"  on open: {line}")
        for check in result["checks"]:
            state = "ok" if not check["problems"] else ("repaired" if check["fixed"]
                                                          else "PROBLEM")
            print(f"  {check['title']}: {state}")
            for p in check["problems"]:
                print(f"    problem: {p}")
            for f in check["fixed"]:
                print(f"    fixed: {f}")
            for note in check["notes"]:
                print(f"    note: {note}")
        if result["repairable"]:
            print("  `akhbar doctor --repair` fixes these from the store; nothing is lost.")
    return EXIT_OK if result["ok"] else EXIT_PROBLEM


# ---------------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--library", metavar="DIR", default=argparse.SUPPRESS,
                        help="library folder (default: $AKHBAR_LIBRARY or the user data folder)")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print one JSON document (UTF-8, logical order)")
    common.add_argument("--no-seed", action="store_true", default=argparse.SUPPRESS,
                        help="do not import the bundled sample articles into a new library")
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS)

    p = argparse.ArgumentParser(prog="akhbar", parents=[common],
                                description="Offline Urdu/Hindi news archive.",
                                epilog="akhbar gui [--help]: open the reader window.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sp = sub.add_parser("import", parents=[common], help="import files and folders")
    sp.add_argument("paths", nargs="+", metavar="PATH")
    sp.set_defaults(func=cmd_import)
    sp = sub.add_parser("list", parents=[common], help="list the articles")
    sp.add_argument("--sort", choices=["date", "title", "lang", "source", "imported"],
                    default="date")
    sp.set_defaults(func=cmd_list)
    sp = sub.add_parser("search", parents=[common], help="search the library")
    sp.add_argument("query", nargs="*", metavar="QUERY")
    sp.add_argument("--lang", choices=["ur", "hi", "en", "ar", "fa"])
    sp.add_argument("--limit", type=int, default=10)
    sp.set_defaults(func=cmd_search)
    sp = sub.add_parser("show", parents=[common], help="print one article")
    sp.add_argument("id")
    sp.add_argument("--removed", action="store_true", help="also print removed boilerplate")
    sp.set_defaults(func=cmd_show)
    sp = sub.add_parser("reindex", parents=[common], help="rebuild the search index")
    sp.set_defaults(func=cmd_reindex)
    sp = sub.add_parser("doctor", parents=[common], help="check (and repair) the library")
    sp.add_argument("--repair", action="store_true",
                    help="fix what can be fixed from the store (index, entities, records)")
    sp.add_argument("--check-only", action="store_true",
                    help="report, change nothing (the default; kept for old scripts)")
    sp.set_defaults(func=cmd_doctor)
    sp = sub.add_parser("export", parents=[common],
                        help="write every article, original and correction to plain files")
    sp.add_argument("dest", metavar="DIR", help="a new or empty folder")
    sp.set_defaults(func=cmd_export)
    add_entity_commands(sub, common)
    add_compare_commands(sub, common)
    return p


def main(argv: Sequence[str] | None = None, *,
         pdf_writer: Callable[[str, Path], None] | None = None) -> int:
    """The CLI. `pdf_writer(html, path)` is given by the `akhbar` entry point (desktop/), the
    one part allowed to use Qt, for `compare --pdf`."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() != "utf-8":
            stream.reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    args.pdf_writer = pdf_writer
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    logging.basicConfig(level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING,
                        format="akhbar: %(message)s")
    if args.command == "search" and getattr(args, "limit", 10) < 1:
        parser.error("--limit must be at least 1")
    out = Out(getattr(args, "json", False))
    seed = not getattr(args, "no_seed", False) and not os.environ.get("AKHBAR_NO_SEED")
    root = resolve_library_dir(getattr(args, "library", None))
    try:
        lib = Library.open(root, seed=seed, progress=_progress_printer())
    except SchemaTooNew as e:
        print(f"akhbar: {e}", file=sys.stderr)
        return EXIT_FAILED
    except IndexBusy:
        print("akhbar: another Akhbar is rebuilding this library's index; try again shortly.",
              file=sys.stderr)
        return EXIT_FAILED
    except OSError as e:
        print(f"akhbar: cannot open the library at {root}: {e}", file=sys.stderr)
        return EXIT_FAILED
    try:
        return args.func(lib, args, out)
    except IndexBusy:
        print("akhbar: another Akhbar is writing to this library; try again when it has "
              "finished.", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:  # `akhbar list | head`: the reader left; not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    finally:
        lib.close()


if __name__ == "__main__":
    sys.exit(main())
