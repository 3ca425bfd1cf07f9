"""Comparing coverage, measured on tests/data/compare/ (see its README): counterpart ranking
and paragraph alignment against hand-made gold, and the time to compare a 5,000-word pair.

    python benchmarks/compare_eval.py [--show]

* precision@1: for each article that has a same-event counterpart, is the top-ranked other
  article one of them?
* same-event above related: of all (same-event, related-but-different) pairs around an article,
  the share where the same-event article scores higher.
* alignment: gold links are every (left, right) paragraph pair inside a gold group; precision,
  recall and F1 of the predicted links; and the share of paragraphs whose aligned/only-here
  status is right. The same for the paragraph alignment alone (before sentences are placed
  inside the pairs), for comparison.
* sentence level (the pairs with `sentence_groups`: seed-000↔003 and seed-002↔003): links
  between sentences (a whole paragraph, or a pair that names no sentence, stands for all its
  sentences), and the share of sentences whose aligned/only-here status is right.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from akhbar.index.compare.align import align
from akhbar.index.compare.features import SENTENCE_MIN_WORDS
from akhbar.index.compare.sentences import split_sentences
from akhbar.index.library import Library

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "compare"


def links(groups: list[dict]) -> set[tuple[int, int]]:
    return {(left, r) for g in groups for left in g["left"] for r in g["right"]}


def prf(pred: set, want: set) -> tuple[float, float, float]:
    tp = len(pred & want)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(want) if want else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def sentences_of(article, items) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """(paragraph, sentence) for each item; a whole paragraph (sentence None) stands for all
    its sentences."""
    out = []
    for para, k in items:
        if k is None:
            n = len(split_sentences(article.paragraphs[para].text, SENTENCE_MIN_WORDS))
            out += [(para, s) for s in range(max(1, n))]
        else:
            out.append((para, k))
    return out


def sentence_links(a, b, groups: list[dict]) -> tuple[set, tuple[set, set]]:  # type: ignore[no-untyped-def]
    """The sentence links of `groups` ([{"left": [[paragraph, sentence or None], …],
    "right": […]}]) and the sentences aligned on each side."""
    links, sides = set(), (set(), set())
    for g in groups:
        ls = sentences_of(a, [tuple(x) for x in g["left"]])
        rs = sentences_of(b, [tuple(x) for x in g["right"]])
        links |= {(x, y) for x in ls for y in rs}
        sides[0].update(ls)
        sides[1].update(rs)
    return links, sides


def check_sentence_starts(lib: Library, name_of: dict, gold: dict) -> None:
    for name, paras in gold.get("sentence_starts", {}).items():
        art = lib.get(name_of[name])
        for para, starts in paras.items():
            text = art.paragraphs[int(para)].text
            got = [text[s:e][:24] for s, e in split_sentences(text, SENTENCE_MIN_WORDS)]
            if got != starts:
                raise SystemExit(f"{name}[{para}]: the sentences moved (splitter changed?): "
                                 f"{got} ≠ gold {starts}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--runs", type=int, default=5, help="timing runs (the median is shown)")
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
            check_sentence_starts(lib, name_of, gold)
            p, r_, f, status = [], [], [], []
            para_only: list[tuple[float, float, float]] = []
            seeds: list[tuple[str, tuple, tuple]] = []
            sent: list[tuple[float, float, float, float]] = []
            sent_para: list[tuple[float, float, float, float]] = []
            for al in gold["alignments"]:
                doc = lib.comparisons.compare(name_of[al["left"]], name_of[al["right"]])
                pred = links([{"left": x["left"], "right": x["right"]} for x in doc["pairs"]])
                want = links(al["groups"])
                prec, rec, f1 = prf(pred, want)
                p.append(prec)
                r_.append(rec)
                f.append(f1)
                fa = lib.comparisons.features(name_of[al["left"]])
                fb = lib.comparisons.features(name_of[al["right"]])
                before = align(fa, fb, sentences=False)
                para_only.append(prf(links([{"left": x.left, "right": x.right}
                                            for x in before.pairs]), want))
                if al["left"].startswith("seed-"):
                    seeds.append((f"{al['left'][5:]}↔{al['right'][5:]}", para_only[-1],
                                  (prec, rec, f1)))
                if "sentence_groups" in al:
                    a, b = lib.get(name_of[al["left"]]), lib.get(name_of[al["right"]])
                    g_links, g_sides = sentence_links(a, b, al["sentence_groups"])
                    n_sent = (sentences_of(a, [(i, None) for i in range(len(a.paragraphs))]),
                              sentences_of(b, [(j, None) for j in range(len(b.paragraphs))]))
                    for bucket, pairs in ((sent, [
                            {"left": [(d["paragraph"], d["sentence"]) for d in x["left_spans"]],
                             "right": [(d["paragraph"], d["sentence"]) for d in x["right_spans"]]}
                            for x in doc["pairs"]]),
                            (sent_para, [{"left": [(i, None) for i in x.left],
                                          "right": [(j, None) for j in x.right]}
                                         for x in before.pairs])):
                        p_links, p_sides = sentence_links(a, b, pairs)
                        ok = sum((x in g_sides[k]) == (x in p_sides[k])
                                 for k in (0, 1) for x in n_sent[k])
                        bucket.append((*prf(p_links, g_links),
                                       ok / (len(n_sent[0]) + len(n_sent[1]))))
                        if args.show and bucket is sent:
                            print(f"  sentences: FP {sorted(p_links - g_links)}\n"
                                  f"             FN {sorted(g_links - p_links)}")
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
            for _ in range(args.runs):
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
    print("  paragraph alignment alone: P {:.2f} R {:.2f} F1 {:.2f}".format(
        *(statistics.mean(x[k] for x in para_only) for k in range(3))))
    for name, b, a in seeds:
        print(f"  seeds {name}: P/R/F1 {a[0]:.2f}/{a[1]:.2f}/{a[2]:.2f} "
              f"(paragraphs alone {b[0]:.2f}/{b[1]:.2f}/{b[2]:.2f})")
    for label, rows in (("sentence level", sent), ("  whole paragraphs instead", sent_para)):
        print(f"{label} over {len(rows)} pairs: link P {statistics.mean(x[0] for x in rows):.2f}"
              f" R {statistics.mean(x[1] for x in rows):.2f} F1 "
              f"{statistics.mean(x[2] for x in rows):.2f}; aligned/only-here status right for "
              f"{statistics.mean(x[3] for x in rows):.2f} of sentences")
    print(f"comparing a 5,000-word pair: {statistics.median(times):.0f} ms (median of "
          f"{len(times)}: {', '.join(f'{t:.0f}' for t in sorted(times))})")


if __name__ == "__main__":
    main()
