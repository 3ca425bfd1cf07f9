"""What light Urdu/Hindi stemming buys (recall) and costs (wrong conflations), measured.

The issue asks for stemming of plural/oblique suffixes only "where it measurably helps recall".
This script measures it four ways and prints Markdown:

1. Pair test on a hand-built list (`stemming_pairs.json`): "same" pairs are inflected forms of
   one lemma a searcher expects to match (ہتھیار/ہتھیاروں, मिसाइल/मिसाइलें); "different" pairs are
   distinct words a suffix stripper may conflate (ملک/ملکہ country/queen, वर्ष/वर्षा year/rain).
   For `normalize` alone and for `match_key` (= normalize + stem): recall on "same" and the
   false-conflation rate on "different" = share of pairs whose two keys are equal. "related"
   pairs (روس/روسی, सरकार/सरकारी) are shown for information: conflating them is debatable.
2. Per suffix rule: how many "same" pairs it newly matches and how many "different" pairs it
   wrongly conflates, so a harmful rule can be named and dropped.
3. Vocabulary collapse over the Urdu and Hindi words of seeds/*.txt and the Urdu/Hindi
   tests/data/scrapes/*.txt: distinct normalised forms vs distinct keys, and the biggest
   classes of surface forms sharing one key, for a reader to judge.
4. End to end: the seeds and all scrape .txt files imported into a temporary Library; for every
   "same" pair whose form A occurs in a stored article, search form B and check that article
   is among the hits (the engine always stems). "without stemming" counts the articles that
   hold B itself, i.e. would be found by normalisation alone.

Run: .venv/bin/python benchmarks/stemming.py [--no-e2e]
"""
from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import regex

from akhbar.index.paths import seeds_dir
from akhbar.index.text.normalize import normalize
from akhbar.index.text.stem import match_key, stem
from akhbar.index.text.tokenize import tokens

HERE = Path(__file__).resolve().parent
PAIRS_FILE = HERE / "stemming_pairs.json"
SCRAPES = HERE.parent / "tests" / "data" / "scrapes"
LANGS = {"ur": "Urdu", "hi": "Hindi"}
CONFIGS: dict[str, Callable[[str], str]] = {"normalise only": normalize,
                                            "normalise + stem": match_key}
_ARABIC = regex.compile(r"\p{Arabic}")
_DEVANAGARI = regex.compile(r"\p{Devanagari}")
Pair = tuple[str, str]


def script_lang(word: str) -> str | None:
    """'ur' for an Arabic-script word, 'hi' for a Devanagari one, else None."""
    if _DEVANAGARI.match(word):
        return "hi"
    if _ARABIC.match(word):
        return "ur"
    return None


def load_pairs() -> dict[str, dict[str, list[Pair]]]:
    raw = json.loads(PAIRS_FILE.read_text(encoding="utf-8"))
    return {kind: {lang: [tuple(e["pair"]) for e in raw[kind][lang]] for lang in LANGS}
            for kind in ("same", "different", "related")}


def corpus_texts() -> list[str]:
    """Seeds plus the Urdu/Hindi scrapes (the Arabic and Persian ones are not our languages)."""
    files = sorted(seeds_dir().glob("*.txt"))
    for txt in sorted(SCRAPES.glob("*.txt")):
        meta = txt.with_suffix(".expected.json")
        lang = json.loads(meta.read_text(encoding="utf-8")).get("lang") if meta.exists() else None
        if lang in LANGS:
            files.append(txt)
    return [f.read_text(encoding="utf-8") for f in files]


def equal_rate(pairs: list[Pair], key: Callable[[str], str]) -> tuple[int, int]:
    return sum(key(a) == key(b) for a, b in pairs), len(pairs)


def pct(hit: int, total: int) -> str:
    return f"{hit}/{total} ({100 * hit / total:.0f}%)" if total else "—"


def stripped(word: str) -> str:
    """The suffix stem() removes from the normalised word ('' if none)."""
    n = normalize(word)
    return n[len(stem(n)):]


def pair_table(pairs: dict[str, dict[str, list[Pair]]]) -> None:
    print("## Pair test\n")
    print("| configuration | language | recall on `same` ↑ | false conflations on `different` ↓ "
          "| `related` conflated (info) |")
    print("|---|---|---|---|---|")
    for name, key in CONFIGS.items():
        for lang in [*LANGS, "all"]:
            langs = list(LANGS) if lang == "all" else [lang]
            cells = []
            for kind in ("same", "different", "related"):
                hit, total = map(sum, zip(*(equal_rate(pairs[kind][x], key) for x in langs)))
                cells.append(pct(hit, total))
            print(f"| {name} | {LANGS.get(lang, 'overall')} | " + " | ".join(cells) + " |")
    print()
    for lang, label in LANGS.items():
        missed = [f"{a}/{b}" for a, b in pairs["same"][lang] if match_key(a) != match_key(b)]
        print(f"- {label} `same` pairs still missed with stemming ({len(missed)}): "
              + ", ".join(missed))
    print()


def rule_table(pairs: dict[str, dict[str, list[Pair]]], vocab: dict[str, Counter]) -> None:
    """Credit/blame each suffix rule for pairs that match only because of stemming."""
    gained: Counter = Counter()
    harmed: dict[str, list[str]] = defaultdict(list)
    related: Counter = Counter()
    for lang in LANGS:
        for kind in ("same", "different", "related"):
            for a, b in pairs[kind][lang]:
                if normalize(a) == normalize(b) or match_key(a) != match_key(b):
                    continue
                for suf in {stripped(a), stripped(b)} - {""}:
                    if kind == "same":
                        gained[(lang, suf)] += 1
                    elif kind == "different":
                        harmed[(lang, suf)].append(f"{a}/{b}")
                    else:
                        related[(lang, suf)] += 1
    corpus_hits: Counter = Counter()
    for lang, words in vocab.items():
        for w in words:
            if stripped(w):
                corpus_hits[(lang, stripped(w))] += 1
    rules = sorted(set(gained) | set(harmed) | set(related) | set(corpus_hits),
                   key=lambda r: (r[0], -gained[r], -len(harmed[r])))
    print("## Per suffix rule (pairs matched only thanks to this rule)\n")
    print("| lang | suffix | `same` gained | `different` wrongly conflated | `related` "
          "| corpus forms it strips | wrong conflations |")
    print("|---|---|---|---|---|---|---|")
    for r in rules:
        print(f"| {r[0]} | -{r[1]} | {gained[r]} | {len(harmed[r])} | {related[r]} "
              f"| {corpus_hits[r]} | {', '.join(harmed[r])} |")
    print()


def vocabulary(texts: list[str]) -> dict[str, Counter]:
    vocab: dict[str, Counter] = {lang: Counter() for lang in LANGS}
    for text in texts:
        for tok in tokens(text):
            lang = script_lang(tok)
            if lang:
                vocab[lang][normalize(tok)] += 1
    return vocab


def collapse_report(vocab: dict[str, Counter], different: dict[str, list[Pair]],
                    top: int = 15) -> None:
    print("## Vocabulary collapse (seeds + Urdu/Hindi scrapes)\n")
    print("| language | tokens | distinct normalised forms | distinct stemmed keys | collapse "
          "| keys with >1 form |")
    print("|---|---|---|---|---|---|")
    classes: dict[str, dict[str, list[str]]] = {}
    for lang, words in vocab.items():
        groups: dict[str, list[str]] = defaultdict(list)
        for w in words:
            groups[stem(w)].append(w)
        classes[lang] = groups
        n, k = len(words), len(groups)
        multi = sum(len(v) > 1 for v in groups.values())
        print(f"| {LANGS[lang]} | {sum(words.values())} | {n} | {k} | "
              f"{100 * (n - k) / n:.1f}% | {multi} |")
    for lang, groups in classes.items():
        words = vocab[lang]
        biggest = sorted(groups.items(), key=lambda kv: (-len(kv[1]),
                                                          -sum(words[w] for w in kv[1]), kv[0]))
        print(f"\n{LANGS[lang]}: {top} biggest conflation classes (key → forms with counts)\n")
        for key, forms in biggest[:top]:
            shown = ", ".join(f"{w} ({words[w]})" for w in sorted(forms, key=lambda w: -words[w]))
            print(f"- {key} → {shown}")
        # Corpus-grounded cost: classes joining two forms the pair list calls different words.
        bad = [f"{normalize(a)}/{normalize(b)}" for a, b in different[lang]
               if normalize(a) in words and normalize(b) in words and match_key(a) == match_key(b)]
        print(f"\n{LANGS[lang]}: {len(bad)} of the {sum(len(v) > 1 for v in groups.values())} "
              f"multi-form classes join a known `different` pair in this corpus: {', '.join(bad)}")
    print()


def end_to_end(pairs: dict[str, dict[str, list[Pair]]]) -> None:
    from akhbar.index.library import Library  # heavy import: only when this part runs

    print("## End to end (temporary library, seeds + all scrape .txt files)\n")
    with tempfile.TemporaryDirectory(prefix="akhbar-stem-") as tmp:
        lib = Library.open(Path(tmp) / "lib")
        try:
            # The .txt files only: the scrapes folder also holds .expected.json test metadata.
            report = lib.import_paths([seeds_dir(), *sorted(SCRAPES.glob("*.txt"))])
            forms_of: dict[str, set[str]] = {}
            for row in lib.store.list_articles():
                art = lib.get(row.id)
                if art is not None:
                    text = art.title + "\n" + art.body
                    forms_of[row.id] = {normalize(t) for t in tokens(text)}
            print(f"{len(report.imported)} articles imported, {len(report.rejected)} rejected.\n")
            print("| language | (query, article) checks | found with stemming "
                  "| article holds the query form itself (found without stemming) |")
            print("|---|---|---|---|")
            misses: list[str] = []
            for lang, label in LANGS.items():
                total = found = plain = 0
                for a, b in pairs["same"][lang]:
                    for have, query in ((a, b), (b, a)):
                        targets = [i for i, f in forms_of.items() if normalize(have) in f]
                        if not targets:
                            continue
                        hits = {h.id for h in lib.search(query, limit=200).hits}
                        for doc in targets:
                            total += 1
                            found += doc in hits
                            plain += normalize(query) in forms_of[doc]
                            if doc not in hits:
                                misses.append(f"{query}→{have}")
                print(f"| {label} | {total} | {pct(found, total)} | {pct(plain, total)} |")
            print(f"\nNot found: {len(misses)} checks; distinct query→form in article "
                  f"({len(set(misses))}): " + ", ".join(sorted(set(misses))))
        finally:
            lib.close()
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-e2e", action="store_true", help="skip the Library round trip")
    args = parser.parse_args()
    pairs = load_pairs()
    vocab = vocabulary(corpus_texts())
    print("# Stemming benchmark\n")
    print("Pairs: " + ", ".join(f"{kind} {LANGS[lang]} {len(pairs[kind][lang])}"
                                for kind in pairs for lang in LANGS) + "\n")
    pair_table(pairs)
    rule_table(pairs, vocab)
    collapse_report(vocab, pairs["different"])
    if not args.no_e2e:
        end_to_end(pairs)


if __name__ == "__main__":
    main()
