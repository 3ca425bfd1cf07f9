"""`akhbar counterparts` and `akhbar compare`: the comparison commands of the CLI.

JSON (a public interface, fields are only ever added):
* counterparts ID → [{"id","title","lang","date","score","evidence":[…]}], best first
* compare A B → {"left","right","pairs":[{"left":[paragraphs],"right":[…],"score"}],
  "only_left":[…],"only_right":[…],"entities":{"shared","only_left","only_right"},
  "figures":{"shared":[…],"conflicts":[…]}}; --html FILE writes a side-by-side page.
"""
from __future__ import annotations

import argparse
import html
import sys
from pathlib import Path
from typing import Any

from .library import Library
from .text.langid import paragraph_direction

EXIT_OK, EXIT_PROBLEM = 0, 1


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    sp = sub.add_parser("counterparts", parents=[common],
                        help="articles that report the same event, best first")
    sp.add_argument("id")
    sp.add_argument("--limit", type=int, default=10)
    sp.set_defaults(func=cmd_counterparts)
    sp = sub.add_parser("compare", parents=[common], help="compare two articles side by side")
    sp.add_argument("left")
    sp.add_argument("right")
    sp.add_argument("--html", metavar="FILE", help="write the comparison as an HTML page")
    sp.add_argument("--pdf", metavar="FILE",
                    help="write the comparison as a PDF (shaped by Qt: needs the desktop part)")
    sp.set_defaults(func=cmd_compare)


def _resolve(lib: Library, given: str, out: Any) -> str | None:
    aid = lib.resolve(given)
    if aid is None:
        msg = f"No article with id {given!r} (see: akhbar list)."
        out.emit({"error": msg}) if out.json else print(msg, file=sys.stderr)
    return aid


def cmd_counterparts(lib: Library, args: argparse.Namespace, out: Any) -> int:
    aid = _resolve(lib, args.id, out)
    if aid is None:
        return EXIT_PROBLEM
    rows = lib.comparisons.counterparts(aid, limit=max(1, args.limit))
    if out.json:
        out.emit(rows)
        return EXIT_OK
    if not rows:
        print("No other article shares its names.", file=sys.stderr)
    for r in rows:
        out.text(f"{r['id']}  {r['lang']}  {r['score']:7.2f}  {r['title']}")
        out.text("          " + " · ".join(r["evidence"]))
    return EXIT_OK


def cmd_compare(lib: Library, args: argparse.Namespace, out: Any) -> int:
    left, right = _resolve(lib, args.left, out), _resolve(lib, args.right, out)
    if left is None or right is None:
        return EXIT_PROBLEM
    doc = lib.comparisons.compare(left, right)
    assert doc is not None
    if args.html:
        Path(args.html).write_text(comparison_html(lib, doc), "utf-8")
    if args.pdf:
        writer = getattr(args, "pdf_writer", None)
        if writer is None:
            print("akhbar: PDF needs the desktop part (Qt shapes the Urdu): run it as "
                  "`akhbar compare … --pdf FILE`.", file=sys.stderr)
            return EXIT_PROBLEM
        try:
            writer(comparison_html(lib, doc), Path(args.pdf))
        except OSError as e:
            print(f"akhbar: could not write the PDF: {e}", file=sys.stderr)
            return EXIT_PROBLEM
    if out.json:
        out.emit(doc)
        return EXIT_OK
    a, b = lib.get(left), lib.get(right)
    for p in doc["pairs"]:
        out.text(f"[{','.join(map(str, p['left']))}] ↔ [{','.join(map(str, p['right']))}]  "
                 f"{p['score']:.2f}")
        for i in p["left"]:
            out.text(a.paragraphs[i].text[:160], indent="  L ")
        for j in p["right"]:
            out.text(b.paragraphs[j].text[:160], indent="  R ")
    print(f"only left: {doc['only_left']}   only right: {doc['only_right']}")
    return EXIT_OK


def comparison_html(lib: Library, doc: dict) -> str:
    """A self-contained page: aligned passages side by side, each in its own direction."""
    a, b = lib.get(doc["left"]), lib.get(doc["right"])

    def cell(article, idxs: list[int]) -> str:
        return "".join(
            f'<p dir="{paragraph_direction(article.paragraphs[i].text)}">'
            f"{html.escape(article.paragraphs[i].text)}</p>" for i in idxs)

    rows = []
    li = ri = 0
    for p in doc["pairs"] + [{"left": [len(a.paragraphs)], "right": [len(b.paragraphs)],
                               "score": None}]:
        while li < p["left"][0]:
            rows.append(f'<tr class="only"><td>{cell(a, [li])}</td><td></td></tr>')
            li += 1
        while ri < p["right"][0]:
            rows.append(f'<tr class="only"><td></td><td>{cell(b, [ri])}</td></tr>')
            ri += 1
        if p["score"] is None:
            break
        rows.append(f'<tr><td>{cell(a, p["left"])}</td><td>{cell(b, p["right"])}</td></tr>')
        li, ri = p["left"][-1] + 1, p["right"][-1] + 1

    def names(ids: list[str]) -> str:
        out = []
        for e in ids:
            ent = lib.entities.entity(e)
            out.append(html.escape(ent.name("en") or ent.name("ur") if ent else e))
        return ", ".join(out) or "—"

    ents = doc["entities"]
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Akhbar comparison</title>
<style>body{{font-family:'Noto Sans','Noto Nastaliq Urdu','Noto Sans Devanagari',sans-serif}}
td{{vertical-align:top;width:50%;padding:6px;border-bottom:1px solid #ddd}}
p[dir=rtl]{{font-family:'Noto Nastaliq Urdu',serif;line-height:2.2}}
tr.only td{{background:#f4f4f4;color:#555}}</style></head><body>
<h1><span dir="auto">{html.escape(a.title)}</span> ↔ <span dir="auto">{html.escape(b.title)}</span></h1>
<p>Both: {names(ents['shared'])}<br>Only left: {names(ents['only_left'])}<br>
Only right: {names(ents['only_right'])}<br>Figures in conflict: {len(doc['figures']['conflicts'])}</p>
<table>{''.join(rows)}</table></body></html>"""
