"""Consistency check for the hand-made scrape eval set (see README.md)."""
import json, glob, os, re, datetime, sys
D = os.path.dirname(os.path.abspath(__file__))
KEYS = {"lang","title","date","source","section","keywords","reject","must_keep","must_drop"}
errs = []; n = 0
for jp in sorted(glob.glob(f"{D}/*.expected.json")):
    name = os.path.basename(jp)[:-len(".expected.json")]
    tp = f"{D}/{name}.txt"
    e = lambda m: errs.append(f"{name}: {m}")
    try:
        d = json.load(open(jp, encoding="utf-8"))
    except Exception as x:
        e(f"json: {x}"); continue
    if not os.path.exists(tp): e("missing txt"); continue
    n += 1
    txt = open(tp, encoding="utf-8").read()
    lines = [l.strip() for l in txt.splitlines()]
    if set(d) != KEYS: e(f"keys {set(d) ^ KEYS}")
    if d["lang"] not in {"ur","hi","en","ar","fa"}: e("lang")
    if d["title"] is not None and d["title"] not in lines: e("title not a line")
    if d["date"] is not None: datetime.date.fromisoformat(d["date"])
    for k in ("source","section"):
        if d[k] is not None and d[k] not in txt: e(f"{k} not in text")
    for k in d["keywords"] or []:
        if k not in txt: e(f"keyword {k!r} not in text")
    if not d["reject"] and not d["must_keep"]: e("no must_keep")
    for kind in ("must_keep","must_drop"):
        for s in d[kind]:
            if s not in txt: e(f"{kind} not found: {s!r}")
            elif not (6 <= len(s) <= 40) and s not in lines: e(f"{kind} length {len(s)}: {s!r}")
    keep_lines = [l for l in lines if l != d["title"] and any(s in l for s in d["must_keep"])]
    for s in d["must_keep"]:
        if not any(s in l for l in lines if l != d["title"]): e(f"must_keep only in title: {s!r}")
    for s in d["must_drop"]:
        for l in keep_lines:
            if s in l: e(f"must_drop {s!r} occurs in a kept line")
    for l in lines:
        if l and l != d["title"] and not any(s in l for s in d["must_keep"] + d["must_drop"]):
            print(f"  [uncovered] {name}: {l[:70]}")
print(f"{n} scrapes checked, {len(errs)} errors")
for x in errs: print("ERR", x)
sys.exit(1 if errs else 0)
