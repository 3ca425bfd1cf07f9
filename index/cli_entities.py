"""`akhbar entities`, `akhbar entity` and `akhbar tag`: the entity commands of the CLI.

JSON (a public interface, fields are only ever added):
* entities ID → [{"entity_id","type","name":{"ur","hi","en"},"mentions":[{"paragraph","start",
  "end","text"}]}]; paragraph -1 is the title; offsets are code points into the stored text.
* entity QUERY → {"query","entities":[{"entity_id","type","name","aliases","articles":[{"id",
  "title","lang","date","mentions"}]}]}
* tag (--text T | stdin) → {"lang","mentions":[{"start","end","text","type","entity_id"}]}
"""
from __future__ import annotations

import argparse
import sys
from typing import Any

from .entities.gazetteer import script_of
from .library import Library
from .text.langid import detect_language

EXIT_OK, EXIT_PROBLEM = 0, 1


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    sp = sub.add_parser("entities", parents=[common], help="the entities of one article")
    sp.add_argument("id")
    sp.set_defaults(func=cmd_entities)
    sp = sub.add_parser("entity", parents=[common],
                        help="an entity by name (any script) and the articles naming it")
    sp.add_argument("query", nargs="+")
    sp.set_defaults(func=cmd_entity)
    sp = sub.add_parser("tag", parents=[common],
                        help="recognise entities in any text (stdin or --text), store nothing")
    sp.add_argument("--text", help="the text (default: read standard input)")
    sp.set_defaults(func=cmd_tag)


def article_entities(lib: Library, article_id: str) -> list[dict]:
    groups: dict[tuple[str, str], dict] = {}
    for m in lib.entities.mentions(article_id):
        key = (m.type, m.entity_id or m.text)
        g = groups.get(key)
        if g is None:
            name = lib.entities.describe(m.entity_id)["name"] if m.entity_id else {}
            g = groups[key] = {"entity_id": m.entity_id, "type": m.type,
                               "name": name or {"ur": "", "hi": "", "en": ""}, "mentions": []}
            if not any(g["name"].values()):
                g["name"] = {"ur": "", "hi": "", "en": "", script_of(m.text): m.text}
        g["mentions"].append({"paragraph": m.paragraph, "start": m.start, "end": m.end,
                              "text": m.text})
    order = {"PERSON": 0, "PLACE": 1, "ORG": 2, "DATE": 3, "NUMBER": 4}
    return sorted(groups.values(), key=lambda g: (order.get(g["type"], 9),
                                                  -len(g["mentions"])))


def cmd_entities(lib: Library, args: argparse.Namespace, out: Any) -> int:
    aid = lib.resolve(args.id)
    if aid is None:
        msg = f"No article with id {args.id!r} (see: akhbar list)."
        out.emit({"error": msg}) if out.json else print(msg, file=sys.stderr)
        return EXIT_PROBLEM
    groups = article_entities(lib, aid)
    if out.json:
        out.emit(groups)
        return EXIT_OK
    for g in groups:
        label = g["name"].get("en") or g["name"].get("ur") or g["name"].get("hi") or ""
        texts = sorted({m["text"] for m in g["mentions"]})
        out.text(f"{g['type']:6}  {label}  ×{len(g['mentions'])}  ({' · '.join(texts)})")
    return EXIT_OK


def cmd_entity(lib: Library, args: argparse.Namespace, out: Any) -> int:
    query = " ".join(args.query)
    found = lib.entities.find(query)
    items = []
    for e in found[:5]:
        info = lib.entities.describe(e.id)
        arts = []
        for aid in lib.entities.articles_with(e.id, 200):
            row = lib.store.rows([aid]).get(aid)
            if row is None:
                continue
            n = sum(1 for m in lib.entities.mentions(aid) if m.entity_id == e.id)
            arts.append({"id": row.id, "title": row.title, "lang": row.lang, "date": row.date,
                         "mentions": n})
        info["articles"] = arts
        items.append(info)
    if out.json:
        out.emit({"query": query, "entities": items})
        return EXIT_OK if items else EXIT_PROBLEM
    if not items:
        print(f"No entity called {query!r} is known.", file=sys.stderr)
        return EXIT_PROBLEM
    for info in items:
        n = info["name"]
        out.text(f"{info['entity_id']}  {info['type']}  {n.get('en', '')} · {n.get('ur', '')} · "
                 f"{n.get('hi', '')}")
        for a in info["articles"]:
            out.text(f"  {a['id']}  {a['lang']}  {a['date'] or '----------'}  ×{a['mentions']}  "
                     f"{a['title']}")
    return EXIT_OK


def cmd_tag(lib: Library, args: argparse.Namespace, out: Any) -> int:
    text = args.text if args.text is not None else sys.stdin.read()
    mentions = lib.entities.tag_text(text)
    doc = {"lang": detect_language(text),
           "mentions": [{"start": m.start, "end": m.end, "text": m.text, "type": m.type,
                         "entity_id": m.entity_id} for m in mentions]}
    if out.json:
        out.emit(doc)
        return EXIT_OK
    for m in doc["mentions"]:
        out.text(f"{m['start']:>6}-{m['end']:<6} {m['type']:6} {m['text']}  {m['entity_id'] or ''}")
    return EXIT_OK
