"""Deterministic synthetic Urdu/Hindi/English news corpus for the Akhbar benchmark.

Why synthetic: we need 10k-100k articles with realistic word sequences and a realistic
frequency spread, and the only real text we may ship is the five seed articles. So:

* Word sequences come from a bigram (Markov) walk over the seeds' real words, per language
  (Urdu: seeds 000/001/002/004, Hindi: 003, English: Latin words of all seeds + the built-in
  news prose below).
* Seed vocabularies are tiny (~1,000 Urdu types), so ~1/4 of the words are drawn from a large
  generated lexicon of name-like words (syllables of each script) with Zipf-Mandelbrot weights.
  That gives the long tail and Heaps-like vocabulary growth a real archive has.
* Every shard uses its own seeded `random.Random`, so output is identical whatever the number
  of worker processes, and a 10k corpus is the first two shards of a 100k one.

Output: `<out>/articles-NNNN.jsonl` (5,000 articles each), `queries.json`, `corpus.json`
(written last; its presence means the corpus is complete). See benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import bisect
import itertools
import json
import multiprocessing
import random
import sys
import time
import unicodedata
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import regex

from query_gen import make_queries

WORD_RE = regex.compile(r"[\p{L}\p{M}\p{N}\u200c\u200d]+")
SENT_SPLIT_RE = regex.compile(r"[۔.!?؟।॥\n]+")
SHARD_SIZE = 5000
DEFAULT_SEED = 20240901
GENERATOR_VERSION = 2  # bump when output changes, so run.py regenerates stale corpora
SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
LANG_SEEDS = {"ur": ("000", "001", "002", "004"), "hi": ("003",)}
LANG_MIX = (("ur", 0.6), ("hi", 0.3), ("en", 0.1))
SYNTH_SHARE = {"ur": 0.22, "hi": 0.30, "en": 0.25}  # Hindi seed is smallest: more tail words
LEXICON_SIZE = {"ur": 200_000, "hi": 120_000, "en": 40_000}
SENT_END = {"ur": "۔", "hi": "।", "en": "."}
COMMA = {"ur": "،", "hi": ",", "en": ","}
SOURCES = {
    "ur": ["Jang", "Dawn Urdu", "BBC Urdu", "Express News", "Geo News", "Nawa-i-Waqt",
           "Dunya News", "Independent Urdu", "VOA Urdu", "DW Urdu"],
    "hi": ["Dainik Jagran", "Amar Ujala", "Dainik Bhaskar", "Navbharat Times", "BBC Hindi",
           "ABP News", "Aaj Tak", "Jansatta"],
    "en": ["Reuters", "The Hindu", "Dawn"],
}
DATE_START, DATE_END = date(2019, 1, 1), date(2025, 12, 31)

# ~300 common English news words, written as prose so they also give bigrams.
ENGLISH_PROSE = """
The government said on Monday that the new policy would help the economy grow faster this year.
Officials from both countries met in the capital to discuss trade, security and energy.
The prime minister told reporters that talks with the opposition party were going well.
Police arrested several people after protests in the city turned violent late on Friday night.
According to a report published by the central bank, inflation fell for the third month.
The president is expected to visit the region next week to meet local leaders and families.
Thousands of farmers marched to parliament demanding higher prices for wheat and rice.
The court ordered the election commission to announce results within two days.
Health workers warned that cases of the disease were rising in several districts.
Heavy rain caused floods across the northern province, killing at least twelve people.
The foreign ministry rejected the statement and called it an attempt to spread false news.
Army officials confirmed that soldiers had been deployed along the border after the attack.
Markets closed higher as investors welcomed the budget announced by the finance minister.
Schools will remain closed until further notice because of the heat wave, the board said.
The company plans to invest millions of dollars in new factories and create jobs for young people.
Experts believe the agreement could change relations between the two neighbours for many years.
The opposition leader accused the ruling party of corruption and demanded an independent inquiry.
Witnesses said the fire started in a market early in the morning and spread quickly.
The United Nations urged all sides to stop fighting and allow aid to reach civilians.
Prices of fuel, gas and electricity have increased sharply since the start of the year.
The minister added that the project will be completed before the end of the month.
A spokesman for the hospital said the injured were in stable condition.
Students and teachers held a rally outside the university against the new fees.
The cricket team won the final match by five wickets in front of a huge crowd.
Scientists reported that water levels in the river had dropped to a record low.
The television channel was banned for a week after it broadcast the interview.
Local media reported that the train was carrying more than four hundred passengers.
The ceasefire was announced after weeks of negotiations between military and political leaders.
Human rights groups criticised the law, saying it would limit freedom of the press.
The weather office forecast more rain over the coming days in coastal areas.
""" + " ".join("""
agriculture airport ambassador analysts annual approved assembly authorities ballot bill
budget cabinet campaign candidate censorship climate coalition commission committee
conference constitution council crisis currency customs debt defence delegation democracy
diplomat drought earthquake editor education embassy emergency employment environment
exports festival governor growth highway imports industry infrastructure interest
journalist judge justice labour lawmakers loans majority mayor migrants mission monsoon
nuclear oil pension petrol pilgrims population poverty prisoners railway refugees reform
revenue sanctions satellite senate shortage summit supreme taxes technology tourism
treaty unemployment vaccine verdict villagers violence voters wages weapons youth
""".split())


def tokens(text: str) -> list[str]:
    """Words as both engines should see them (never Python `\\w`: it splits Hindi matras)."""
    return WORD_RE.findall(text)


def script_of(word: str) -> str:
    """Language a token belongs to, from its script ("num" for digits-only tokens)."""
    for ch in word:
        o = ord(ch)
        if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF:
            return "ur"
        if 0x0900 <= o <= 0x097F:
            return "hi"
        if ch.isalpha() and o < 0x0250:
            return "en"
    return "num"


class LangModel:
    """Bigram walk over one language's seed words plus a Zipf-weighted generated lexicon.

    Successor lists are stored expanded (with repeats) so a weighted draw is a single
    `list[int(random()*len)]`, which keeps 50M-word corpora generating in minutes.
    """

    def __init__(self, lang: str, sentences: list[list[str]], lexicon: list[str]) -> None:
        self.lang = lang
        self.unigrams: list[str] = [w for s in sentences for w in s]
        self.starts: list[str] = [s[0] for s in sentences if s]
        self.succ: dict[str, list[str]] = {}
        for s in sentences:
            for a, b in zip(s, s[1:]):
                self.succ.setdefault(a, []).append(b)
        self.lexicon = lexicon
        weights = [1.0 / (rank + 20) for rank in range(len(lexicon))]  # Zipf-Mandelbrot, q=20
        self.cum = list(itertools.accumulate(weights))
        self.synth_share = SYNTH_SHARE[lang]

    def synth(self, rng: random.Random) -> str:
        return self.lexicon[bisect.bisect(self.cum, rng.random() * self.cum[-1])]

    def sentence(self, rng: random.Random, n: int) -> list[str]:
        rnd = rng.random
        uni, succ, synth_share = self.unigrams, self.succ, self.synth_share
        prev = self.starts[int(rnd() * len(self.starts))]
        out = [prev]
        while len(out) < n:
            r = rnd()
            if r < synth_share:
                out.append(self.synth(rng))  # a name inside a real phrase; keep `prev`
                continue
            nxt = succ.get(prev)
            if r < synth_share + 0.08 or not nxt:
                prev = uni[int(rnd() * len(uni))]
            else:
                prev = nxt[int(rnd() * len(nxt))]
            out.append(prev)
        return out


def _make_lexicon(lang: str, size: int, rng: random.Random, taken: set[str]) -> list[str]:
    """Name-like words built from syllables of the script: the corpus' long tail."""
    if lang == "ur":
        cons = list("بپتٹجچخدڈرزسشفقکگلمنوہی")
        syll = [c + v for c in cons for v in ("", "ا", "و", "ی")]
        endings = ["", "", "ی", "ا", "ں", "ستان", "پور", "ے"]
    elif lang == "hi":
        cons = list("कखगघचछजझटठडढतथदधनपफबभमयरलवशसह")
        matras = ["", "", "ा", "ि", "ी", "ु", "ू", "े", "ै", "ो", "ौ", "ं"]
        syll = [c + m for c in cons for m in matras]
        syll += [c + "्" + d + m for c in "कतनपसमद" for d in "रयवत" for m in ("", "ा", "ी")]
        endings = ["", "", "", "", "पुर", "गढ़", "नी", "वाला", "कर"]
    else:
        onsets = "b br c ch d f g gr h j k kh l m n p r s sh st t th v w z".split()
        vowels = "a e i o u ai ou ee".split()
        syll = [o + v + c for o in onsets for v in vowels for c in ("", "n", "r", "l", "s")]
        endings = ["", "", "ton", "ia", "ov"]
    out: list[str] = []
    seen = set(taken)
    while len(out) < size:
        k = rng.choice((2, 2, 3, 3, 3, 4))
        w = "".join(rng.choice(syll) for _ in range(k))
        end = rng.choice(endings)
        if not (end[:1] in "اویے" and w[-1] in "اویے"):  # avoid "..اا" / "..یی"
            w += end
        w = unicodedata.normalize("NFC", w.capitalize() if lang == "en" else w)
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def build_models(seed: int) -> dict[str, LangModel]:
    """Read the seeds once; the lexicon RNG is seeded so every worker builds the same models."""
    sents: dict[str, list[list[str]]] = {"ur": [], "hi": [], "en": []}
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        lang = next((l for l, pre in LANG_SEEDS.items() if path.name.startswith(pre)), None)
        if lang is None:
            continue
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        for chunk in SENT_SPLIT_RE.split(text):
            words = tokens(chunk)
            for want in (lang, "en"):  # Latin words inside Urdu/Hindi seeds feed English
                run = [w for w in words if script_of(w) in (want, "num")]
                if len(run) >= 2 and any(script_of(w) == want for w in run):
                    sents[want].append(run)
    for chunk in SENT_SPLIT_RE.split(ENGLISH_PROSE):
        if words := tokens(chunk):
            sents["en"].append(words)
    rng = random.Random(f"akhbar-bench:{seed}:lexicon")
    models: dict[str, LangModel] = {}
    for lang in ("ur", "hi", "en"):
        taken = {w for s in sents[lang] for w in s}
        models[lang] = LangModel(lang, sents[lang], _make_lexicon(lang, LEXICON_SIZE[lang], rng, taken))
    return models


def make_article(models: dict[str, LangModel], rng: random.Random) -> tuple[dict, list[list[str]]]:
    """One article dict plus its sentences as word lists (for DF counts and query drawing)."""
    r, lang = rng.random(), "en"
    for lang, share in LANG_MIX:
        if r < share:
            break
        r -= share
    m = models[lang]
    title_words = m.sentence(rng, rng.randint(6, 14))
    sentences: list[list[str]] = [title_words]
    paragraphs: list[str] = []
    for _ in range(round(rng.triangular(4, 20, 6))):
        left, parts = round(rng.triangular(25, 90, 35)), []
        while left > 0:
            n = min(left, rng.randint(6, 18))
            words = m.sentence(rng, n)
            sentences.append(words)
            left -= n
            shown = [w + COMMA[lang] if rng.random() < 0.04 else w for w in words[:-1]]
            parts.append(" ".join(shown + [words[-1]]) + SENT_END[lang])
        paragraphs.append(" ".join(parts))
    day = DATE_START + timedelta(days=rng.randrange((DATE_END - DATE_START).days + 1))
    art = {"title": " ".join(title_words), "body": "\n\n".join(paragraphs),
           "date": day.isoformat(), "source": rng.choice(SOURCES[lang]), "lang": lang}
    return art, sentences


_MODELS: dict[str, LangModel] | None = None


def _worker_init(seed: int) -> None:
    global _MODELS
    _MODELS = build_models(seed)


def _gen_shard(job: tuple[int, int, int, str, int]) -> tuple[int, int, Counter, list]:
    """Write one shard; return (shard, words, document frequencies, sample for queries)."""
    shard, count, seed, out_dir, sample_n = job
    assert _MODELS is not None
    rng = random.Random(f"akhbar-bench:{seed}:shard:{shard}")
    df: Counter = Counter()
    sample: list = []
    n_words = 0
    path = Path(out_dir) / f"articles-{shard:04d}.jsonl"
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for i in range(count):
            art, sentences = make_article(_MODELS, rng)
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")
            words = {w.lower() for s in sentences for w in s}
            df.update(words)
            n_words += sum(len(s) for s in sentences)
            if i < sample_n:
                sample.append((art["lang"], sentences))
    tmp.replace(path)
    return shard, n_words, df, sample


def generate(size: int, out: Path, seed: int = DEFAULT_SEED, workers: int = 2,
             n_queries: int = 200) -> dict:
    """Write the corpus and queries.json; skip work if a complete matching corpus exists."""
    manifest_path = out / "corpus.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if (manifest.get("size"), manifest.get("seed"), manifest.get("version")) == (size, seed, GENERATOR_VERSION):
            return manifest
    out.mkdir(parents=True, exist_ok=True)
    manifest_path.unlink(missing_ok=True)
    for old in out.glob("articles-*.jsonl"):
        old.unlink()
    n_shards = -(-size // SHARD_SIZE)
    sample_n = max(100, 2000 // n_shards)
    jobs = [(s, min(SHARD_SIZE, size - s * SHARD_SIZE), seed, str(out), sample_n)
            for s in range(n_shards)]
    t0 = time.perf_counter()
    df: Counter = Counter()
    samples: list = []
    n_words = 0
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(max(1, min(workers, n_shards)), _worker_init, (seed,)) as pool:
        for shard, words, shard_df, sample in pool.imap(_gen_shard, jobs):
            df.update(shard_df)
            samples.extend(sample)
            n_words += words
            print(f"  shard {shard + 1}/{n_shards} written", file=sys.stderr)
    queries = make_queries(df, samples, size, random.Random(f"akhbar-bench:{seed}:queries"),
                           n_queries, script_of)
    (out / "queries.json").write_text(json.dumps(queries, ensure_ascii=False, indent=1), encoding="utf-8")
    manifest = {"size": size, "seed": seed, "version": GENERATOR_VERSION, "shards": [f"articles-{s:04d}.jsonl" for s in range(n_shards)],
                "words": n_words, "mean_words_per_article": round(n_words / size, 1),
                "distinct_words": len(df), "generation_s": round(time.perf_counter() - t0, 1)}
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return manifest


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--workers", type=int, default=min(2, multiprocessing.cpu_count()))
    ap.add_argument("--queries", type=int, default=200, help="queries per kind")
    a = ap.parse_args(argv)
    print(json.dumps(generate(a.size, a.out, a.seed, a.workers, a.queries), indent=1))


if __name__ == "__main__":
    main()
