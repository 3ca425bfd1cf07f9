"""`akhbar counterparts` and `akhbar compare`: the comparison commands of the CLI.

JSON (a public interface, fields are only ever added):
* counterparts ID → [{"id","title","lang","date","score","evidence":[…]}], best first
* compare A B → {"left","right","pairs":[{"left":[paragraphs],"right":[…],"score",
  "left_spans":[{"paragraph","sentence","start","end"}],"right_spans":[…]}],
  "only_left":[…],"only_right":[…],"only_left_spans":[…],"only_right_spans":[…],
  "entities":{"shared","only_left","only_right"},"figures":{"shared":[…],"conflicts":[…]}};
  --html FILE writes a side-by-side page. A pair's spans are what it joins: whole paragraphs
  ("sentence": null) or sentences of long ones (character offsets into the paragraph as
  stored); a paragraph whose sentences match different passages is in each of those pairs.
  only_* name paragraphs none of which aligned; only_*_spans the sentences left over inside
  paragraphs that did.
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
        out.text(f"[{_labels(p['left_spans'])}] ↔ [{_labels(p['right_spans'])}]  "
                 f"{p['score']:.2f}")
        for d in p["left_spans"]:
            out.text(_text(a, d)[:160], indent="  L ")
        for d in p["right_spans"]:
            out.text(_text(b, d)[:160], indent="  R ")
    print(f"only left: {doc['only_left']}   only right: {doc['only_right']}")
    if doc["only_left_spans"] or doc["only_right_spans"]:
        print(f"only-here sentences: left [{_labels(doc['only_left_spans'])}]   "
              f"right [{_labels(doc['only_right_spans'])}]")
    return EXIT_OK


def _labels(spans: list[dict]) -> str:
    """"4" for a whole paragraph, "4.1" for its second sentence."""
    return ",".join(str(d["paragraph"]) if d["sentence"] is None
                    else f"{d['paragraph']}.{d['sentence']}" for d in spans)


def _text(article, span: dict) -> str:  # type: ignore[no-untyped-def]
    return article.paragraphs[span["paragraph"]].text[span["start"]:span["end"]]


def passage_rows(doc: dict, lengths: tuple[list[int], list[int]]
                 ) -> list[tuple[dict | None, list, list]]:
    """The comparison as rows in reading order: (pair, left spans, right spans) for each
    aligned pair, and (None, spans, []) / (None, [], spans) for what only one side has (a
    paragraph, or a sentence of a partly aligned one), placed between the pairs around it.
    `lengths`: the characters of each paragraph, left and right."""
    only: list[list[dict]] = []
    for side, n in (("left", lengths[0]), ("right", lengths[1])):
        items = [{"paragraph": i, "sentence": None, "start": 0, "end": n[i]}
                 for i in doc[f"only_{side}"] if i < len(n)]
        items += doc[f"only_{side}_spans"]
        only.append(sorted(items, key=lambda d: (d["paragraph"], d["start"])))
    rows: list[tuple[dict | None, list, list]] = []
    for p in doc["pairs"] + [None]:  # type: ignore[operator]
        for k, key in enumerate(("left_spans", "right_spans")):
            first = (p[key][0]["paragraph"], p[key][0]["start"]) if p else (1 << 30, 0)
            while only[k] and (only[k][0]["paragraph"], only[k][0]["start"]) < first:
                d = only[k].pop(0)
                rows.append((None, [d], []) if k == 0 else (None, [], [d]))
        if p is not None:
            rows.append((p, p["left_spans"], p["right_spans"]))
    return rows


def comparison_html(lib: Library, doc: dict) -> str:
    """A self-contained page: aligned passages side by side, each in its own direction, down
    to the sentence where long paragraphs were aligned sentence by sentence; what only one
    side has is shaded."""
    a, b = lib.get(doc["left"]), lib.get(doc["right"])

    def cell(article, spans: list[dict]) -> str:  # type: ignore[no-untyped-def]
        out, para, pieces = [], None, []
        for d in spans + [{"paragraph": None}]:
            if d["paragraph"] != para and pieces:
                text = article.paragraphs[para].text
                out.append(f'<p dir="{paragraph_direction(text)}">{" ".join(pieces)}</p>')
                pieces = []
            para = d["paragraph"]
            if para is not None:
                text = article.paragraphs[para].text
                pieces.append(html.escape(text[d["start"]:d["end"]]))
        return "".join(out)

    rows = []
    lengths = ([len(p.text) for p in a.paragraphs], [len(p.text) for p in b.paragraphs])
    for pair, left, right in passage_rows(doc, lengths):
        cls = "" if pair else ' class="only"'
        rows.append(f"<tr{cls}><td>{cell(a, left)}</td><td>{cell(b, right)}</td></tr>")

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
