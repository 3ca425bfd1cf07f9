"""Entity recognition and cross-script entity search, measured on the hand-annotated set in
tests/data/entities/ (gold.jsonl, search_eval.json; see its README for the guidelines).

    python benchmarks/entities_eval.py [--show-errors]

Prints precision, recall and F1 per type (a mention counts when its span and type are exactly
the gold ones), the linking consistency of the correctly found names, the recall of entity
search across scripts, and the time to tag a 5,000-word article.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from akhbar.index.library import Library
from akhbar.index.paths import seeds_dir

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "entities"
TYPES = ("PERSON", "PLACE", "ORG", "DATE", "NUMBER")


def load_gold() -> list[dict]:
    return [json.loads(line) for line in (DATA / "gold.jsonl").read_text("utf-8").splitlines()
            if line.strip()]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def recognition(lib: Library, docs: list[dict], show: bool) -> dict:
    counts = {t: Counter() for t in TYPES}
    link_pred: dict[str, Counter] = defaultdict(Counter)
    for doc in docs:
        found = lib.entities.compute("", doc["title"], doc["paragraphs"])
        pred = {(m.paragraph, m.start, m.end, m.type): m for m in found}
        gold = {(g["paragraph"], g["start"], g["end"], g["type"]): g for g in doc["mentions"]}
        for key, g in gold.items():
            if key in pred:
                counts[key[3]]["tp"] += 1
                if g["entity"]:
                    link_pred[g["entity"]][pred[key].entity_id] += 1
            else:
                counts[key[3]]["fn"] += 1
                if show:
                    print(f"  miss {doc['doc']} {key[3]:6} {g['text']}")
        for key, m in pred.items():
            if key not in gold:
                counts[key[3]]["fp"] += 1
                if show:
                    print(f"  extra {doc['doc']} {key[3]:6} {m.text} ({m.entity_id})")
    # linking: each gold entity should map to one predicted id, not shared with another
    owner: dict[str, set[str]] = defaultdict(set)
    for gkey, c in link_pred.items():
        for pid in c:
            owner[pid].add(gkey)
    consistent = total = 0
    for gkey, c in link_pred.items():
        top, n = c.most_common(1)[0]
        total += sum(c.values())
        if top is not None and owner[top] == {gkey}:
            consistent += n
    return {"counts": counts, "linking": consistent / total if total else 0.0,
            "linked_mentions": total}


def search_recall(docs: list[dict], queries: list[dict]) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="akhbar-enteval-"))
    try:
        folder = tmp / "in"
        folder.mkdir()
        names: dict[str, str] = {}
        for doc in docs:
            if doc["doc"].startswith("seed-"):
                src = next(seeds_dir().glob(doc["doc"][5:] + "_*"))
                shutil.copy(src, folder / src.name)
                names[src.name] = doc["doc"]
            else:
                name = doc["doc"] + ".json"
                (folder / name).write_text(json.dumps(
                    {"title": doc["title"], "body": "\n\n".join(doc["paragraphs"])},
                    ensure_ascii=False), "utf-8")
                names[name] = doc["doc"]
        with Library.open(tmp / "lib") as lib:
            report = lib.import_paths([folder])
            by_id = {i["id"]: names[Path(i["source_path"]).name] for i in report.imported}
            recalls, precisions, misses = [], [], []
            for q in queries:
                res = lib.search(q["query"], limit=100)
                got = {by_id.get(h.id) for h in res.hits}
                rel = set(q["relevant"])
                recalls.append(len(rel & got) / len(rel))
                precisions.append(len(rel & got) / len(got) if got else 0.0)
                if rel - got:
                    misses.append((q["query"], sorted(rel - got)))
        return {"recall": statistics.mean(recalls), "precision": statistics.mean(precisions),
                "queries": len(queries), "misses": misses}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def timing(lib: Library, docs: list[dict]) -> float:
    words: list[str] = []
    paras = [p for d in docs for p in d["paragraphs"]]
    text_paras = []
    while len(words) < 5000:
        for p in paras:
            text_paras.append(p)
            words.extend(p.split())
            if len(words) >= 5000:
                break
    lib.entities.compute("", "warm up", paras[:3])
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        lib.entities.compute("", "title", text_paras)
        runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args()
    docs = load_gold()
    queries = json.loads((DATA / "search_eval.json").read_text("utf-8"))
    tmp = Path(tempfile.mkdtemp(prefix="akhbar-enteval-"))
    try:
        with Library.open(tmp / "lib") as lib:
            rec = recognition(lib, docs, args.show_errors)
            ms = timing(lib, docs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    search = search_recall(docs, queries)
    print(f"{len(docs)} documents, {sum(len(d['mentions']) for d in docs)} gold mentions")
    print("| type | gold | precision | recall | F1 |")
    print("|---|---:|---:|---:|---:|")
    total = Counter()
    for t in TYPES:
        c = rec["counts"][t]
        total.update(c)
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        print(f"| {t} | {c['tp'] + c['fn']} | {p:.2f} | {r:.2f} | {f:.2f} |")
    p, r, f = prf(total["tp"], total["fp"], total["fn"])
    print(f"| **all** | {total['tp'] + total['fn']} | {p:.2f} | {r:.2f} | **{f:.2f}** |")
    print(f"\nlinking consistency of found names: {rec['linking']:.2f} "
          f"({rec['linked_mentions']} mentions)")
    print(f"cross-script entity search: recall {search['recall']:.2f}, precision "
          f"{search['precision']:.2f} over {search['queries']} queries")
    for q, missing in search["misses"][:15]:
        print(f"  missed for {q!r}: {', '.join(missing)}")
    print(f"recognition + linking of a 5,000-word article: {ms:.0f} ms (median of 5)")


if __name__ == "__main__":
    main()
