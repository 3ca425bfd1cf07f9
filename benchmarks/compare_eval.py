"""Comparing coverage, measured on tests/data/compare/ (see its README): counterpart ranking
and paragraph alignment against hand-made gold, and the time to compare a 5,000-word pair.

    python benchmarks/compare_eval.py [--show]

* precision@1: for each article that has a same-event counterpart, is the top-ranked other
  article one of them?
* same-event above related: of all (same-event, related-but-different) pairs around an article,
  the share where the same-event article scores higher.
* alignment: gold links are every (left, right) paragraph pair inside a gold group; precision,
  recall and F1 of the predicted links; and the share of paragraphs whose aligned/only-here
  status is right.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from akhbar.index.library import Library

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "compare"


def links(groups: list[dict]) -> set[tuple[int, int]]:
    return {(left, r) for g in groups for left in g["left"] for r in g["right"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    gold = json.loads((DATA / "gold.json").read_text("utf-8"))
    tmp = Path(tempfile.mkdtemp(prefix="akhbar-cmpeval-"))
    try:
        with Library.open(tmp / "lib") as lib:
            name_of: dict[str, str] = {}
            for name, info in gold["articles"].items():
                report = lib.import_paths([ROOT / info["source"]])
                item = (report.imported or report.duplicates)[0]
                name_of[name] = item["id"]
            id_of = {v: k for k, v in name_of.items()}
            same = {}
            for group in gold["same_event"]:
                for a in group:
                    same.setdefault(a, set()).update(x for x in group if x != a)
            related = {}
            for a, b in gold["related_not_same"]:
                related.setdefault(a, set()).add(b)
                related.setdefault(b, set()).add(a)
            hits, ordered, total = [], 0, 0
            for name in sorted(same):
                rows = lib.comparisons.counterparts(name_of[name], limit=50)
                ranked = [id_of.get(r["id"]) for r in rows]
                scores = {id_of.get(r["id"]): r["score"] for r in rows}
                hits.append(bool(ranked) and ranked[0] in same[name])
                if args.show:
                    print(f"{name:12} → {ranked[:4]}")
                for s in same[name]:
                    for r in related.get(name, ()):
                        total += 1
                        ordered += scores.get(s, 0.0) > scores.get(r, 0.0)
            p, r_, f, status = [], [], [], []
            for al in gold["alignments"]:
                doc = lib.comparisons.compare(name_of[al["left"]], name_of[al["right"]])
                pred = links([{"left": x["left"], "right": x["right"]} for x in doc["pairs"]])
                want = links(al["groups"])
                tp = len(pred & want)
                prec = tp / len(pred) if pred else 0.0
                rec = tp / len(want) if want else 0.0
                p.append(prec)
                r_.append(rec)
                f.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
                g_left = {i for g in al["groups"] for i in g["left"]}
                g_right = {j for g in al["groups"] for j in g["right"]}
                p_left = {i for x in doc["pairs"] for i in x["left"]}
                p_right = {j for x in doc["pairs"] for j in x["right"]}
                n_l = len(g_left) + len(al["only_left"])
                n_r = len(g_right) + len(al["only_right"])
                ok = sum((i in g_left) == (i in p_left) for i in range(n_l)) + \
                    sum((j in g_right) == (j in p_right) for j in range(n_r))
                status.append(ok / (n_l + n_r))
                if args.show:
                    print(f"{al['left']}↔{al['right']}: P {prec:.2f} R {rec:.2f} "
                          f"pred {sorted(pred)} gold {sorted(want)}")
            # a 5,000-word pair: every gold article's paragraphs in one Urdu and one Hindi file
            big = tmp / "big"
            big.mkdir()
            for lang in ("ur", "hi"):
                paras = []
                for name, info in gold["articles"].items():
                    if info["lang"] == lang:
                        art = lib.get(name_of[name])
                        paras += [q.text for q in art.paragraphs]
                words = 0
                chosen = []
                while words < 5000:
                    for q in paras:
                        chosen.append(q)
                        words += len(q.split())
                        if words >= 5000:
                            break
                (big / f"{lang}.json").write_text(json.dumps(
                    {"title": f"big {lang}", "body": "\n\n".join(chosen)}, ensure_ascii=False),
                    "utf-8")
            ids = {Path(i["source_path"]).stem: i["id"]
                   for i in lib.import_paths([big]).imported}
            lib.comparisons.compare(ids["ur"], ids["hi"])
            times = []
            for _ in range(3):
                t = time.perf_counter()
                lib.comparisons.compare(ids["ur"], ids["hi"])
                times.append((time.perf_counter() - t) * 1000)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"counterparts: precision@1 {sum(hits) / len(hits):.2f} ({sum(hits)}/{len(hits)} "
          f"articles); same event above related {ordered}/{total} = {ordered / total:.2f}")
    print(f"alignment over {len(p)} pairs: link precision {statistics.mean(p):.2f}, recall "
          f"{statistics.mean(r_):.2f}, F1 {statistics.mean(f):.2f}; aligned/only-here status "
          f"right for {statistics.mean(status):.2f} of paragraphs")
    print(f"comparing a 5,000-word pair: {statistics.median(times):.0f} ms (median of 3)")


if __name__ == "__main__":
    main()
