"""Hostile input for the property tests, shared by tests/test_fuzz.py (CI) and
tests/test_fuzz_long.py (10,000 examples each, behind --runslow).

Why one module: the short and the long run must exercise the *same* properties on the *same*
input, so a crash the long run finds is one the short run can find too (with luck), and a
regression `@example` added once protects both.

The strategies mix what breaks text code in practice: every code point including lone
surrogates and C0/C1 controls, bidi controls and isolates, ZWJ/ZWNJ, long combining-mark runs
(harakat, Devanagari signs, Latin diacritics), letters of Urdu/Arabic/Persian/Hindi, digits of
several scripts, Arabic presentation forms, query syntax, very long tokens and whitespace of
many kinds. Plain `st.text()` almost never produces a harakat run after a Devanagari digit;
these pieces make such neighbours common.
"""
from __future__ import annotations

import codecs
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akhbar.index.paths import seeds_dir
from akhbar.index.text.tokenize import tokens

F = TypeVar("F", bound=Callable[..., Any])

LONG_EXAMPLES = 10_000


def _chars(*ranges: tuple[int, int]) -> list[str]:
    return [chr(c) for lo, hi in ranges for c in range(lo, hi + 1)]


# ----------------------------------------------------------------------------- pools
CONTROLS = _chars((0x00, 0x1F), (0x7F, 0x9F))  # C0 (NUL included), DEL, C1
BIDI = ["\u200e", "\u200f", "\u061c", *_chars((0x202A, 0x202E), (0x2066, 0x2069))]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\u180e"]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d", "\ude00"]
ODD = ["\ufffe", "\uffff", "\ufdd0", "\ufffd", "\ue000", "\U0010ffff", "\U000e0001", "\u0344",
       "\u1e9e", "\u0130", "\ufb03", "\u2126", "\u212a", "ǅ", "ß"]  # casefold/NFC oddities
HARAKAT = _chars((0x064B, 0x065F)) + ["\u0670", "\u0640", *_chars((0x06D6, 0x06ED))]
DEVANAGARI_SIGNS = _chars((0x0900, 0x0903), (0x093A, 0x094F), (0x0951, 0x0957), (0x0962, 0x0963))
LATIN_MARKS = _chars((0x0300, 0x036F))
MARKS = HARAKAT + DEVANAGARI_SIGNS + LATIN_MARKS + ["\u20dd", "\u1ab0", "\ufe20"]
URDU_LETTERS = list("ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھءیےۂۃئؤآأإٱكيىةه")
PERSIAN_EXTRA = list("ۀۓۆۇۈۋێڤڭ")
DEVANAGARI_LETTERS = _chars((0x0904, 0x0939), (0x0958, 0x0961), (0x0972, 0x097F))
LATIN_LETTERS = list("abcxyzABCXYZéÉøİıſ")
PRESENTATION = _chars((0xFB50, 0xFB60), (0xFDF0, 0xFDFD), (0xFE70, 0xFE80), (0xFEF5, 0xFEFC),
                      (0xFC5E, 0xFC63), (0xFD3C, 0xFD3D))
DIGITS = (list("0123456789") + _chars((0x0660, 0x0669), (0x06F0, 0x06F9), (0x0966, 0x096F),
                                      (0x09E6, 0x09EF), (0xFF10, 0xFF19), (0x1D7CE, 0x1D7D7))
          + ["²", "½", "Ⅻ"])
NUMBER_SEPARATORS = [",", ".", "/", ":", "\u066b", "\u066c", "٫", "-"]
WHITESPACE = [" ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f",
              "\x85", "\xa0", "\u1680", *_chars((0x2000, 0x200A)), "\u2028", "\u2029",
              "\u202f", "\u205f", "\u3000"]
PUNCTUATION = list("।॥۔،؛؟٪'’‘`!?.,;()[]{}<>&#@$%^_=+|\\/~") + ["...", "…"]
QUOTES = ['"', "“", "”", "„", "«", "»", "＂"]
FIELDS = ["lang:", "date:", "source:", "entity:", "person:", "place:", "org:", "LANG:",
          "Date:", "title:", "x:", ":"]
FIELD_VALUES = ["ur", "hi", "en", "اردو", "हिंदी", "2023", "2023-09", "2023-09-31",
                "2023-01..2023-06", "..2024", "2023..", "..", "۲۰۲۳", "२०२३", "০২৩৪",
                "13", "2023-13", "bbc", "E1", "Putin", "پیوٹن"]
OPERATORS = ["OR", "AND", "NOT", "or", "-", "--", "*", "**", "(", ")", "..", "-*", "*-",
             "OR OR", "-OR"]


def _seed_vocabulary() -> list[str]:
    """Words of the bundled seed articles: queries built from them match the test library,
    so the highlighter and the search get real hits to work on, not only empty results."""
    words: set[str] = set()
    for path in sorted(seeds_dir().glob("*.txt")):
        words.update(w for w in tokens(path.read_text("utf-8")) if len(w) > 1)
    ordered = sorted(words)  # every k-th word: Urdu, Hindi and English alike, not only digits
    return ordered[:: max(1, len(ordered) // 400)] or ["کوریا"]


VOCABULARY = _seed_vocabulary()


def _seed_sentences() -> list[str]:
    """Real news sentences (Urdu, Hindi, English) from the seeds: hostile text on its own is
    nearly always rejected as "no article text", so the importer needs prose to carry it."""
    lines: set[str] = set()
    for path in sorted(seeds_dir().glob("*.txt")):
        lines.update(ln.strip() for ln in path.read_text("utf-8").split("\n")
                     if len(ln.split()) >= 8)
    return sorted(lines) or ["شمالی کوریا کے صدر کم جونگ ان رواں ماہ روسی صدر سے ملیں گے۔"]


SENTENCES = _seed_sentences()


# ----------------------------------------------------------------------------- strategies
def _run(pool: list[str], min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pool), min_size=min_size, max_size=max_size).map("".join)


any_char = st.characters(exclude_categories=())  # every code point, surrogates included
mark_run = _run(MARKS, 2, 60)
long_token = st.builds(lambda c, n: c * n,
                       st.sampled_from(URDU_LETTERS + DEVANAGARI_LETTERS + list("a9")),
                       st.integers(200, 3000)) | _run(URDU_LETTERS + MARKS, 200, 600)
figure = st.builds(lambda a, s, b, tail: a + s + b + tail, _run(DIGITS, 1, 4),
                   st.sampled_from(NUMBER_SEPARATORS), _run(DIGITS, 1, 4),
                   st.sampled_from(["", *MARKS[:8], *DEVANAGARI_SIGNS[:6], "a", "ک"]))
word = st.sampled_from(VOCABULARY)
word_with_marks = st.builds(lambda w, m: w + m, word, _run(MARKS + INVISIBLE + BIDI, 0, 4))

_piece = st.one_of(
    any_char,
    st.sampled_from(CONTROLS + BIDI + INVISIBLE + SURROGATES + ODD),
    st.sampled_from(URDU_LETTERS + PERSIAN_EXTRA + DEVANAGARI_LETTERS + LATIN_LETTERS),
    st.sampled_from(MARKS),
    mark_run,
    st.sampled_from(DIGITS),
    figure,
    st.sampled_from(PRESENTATION),
    st.sampled_from(WHITESPACE),
    st.sampled_from(PUNCTUATION + QUOTES),
    word,
    word_with_marks,
)
_query_piece = st.one_of(
    _piece,
    word, word, word_with_marks,
    st.sampled_from(QUOTES),
    st.sampled_from(OPERATORS),
    st.builds(lambda f, v: f + v, st.sampled_from(FIELDS),
              st.sampled_from(FIELD_VALUES) | word | _run(MARKS + BIDI + SURROGATES, 0, 3)),
    st.builds(lambda w: w + "*", word | st.sampled_from(URDU_LETTERS + MARKS)),
    st.builds(lambda w: "-" + w, word),
)


def _spaced(piece: st.SearchStrategy[str], max_size: int) -> st.SearchStrategy[str]:
    """Pieces joined by whitespace of every kind, or by nothing (neighbours collide)."""
    sep = st.sampled_from(["", " ", " ", " "] + WHITESPACE)
    return st.lists(st.tuples(piece, sep), max_size=max_size).map(
        lambda parts: "".join(p + s for p, s in parts))


#: any text at all: arbitrary code points, or a mix of the hostile pieces above
hostile_text: st.SearchStrategy[str] = st.one_of(
    st.text(any_char, max_size=80),
    _spaced(_piece, 30),
    st.builds(lambda a, b, c: a + b + c, _spaced(_piece, 5), long_token, _spaced(_piece, 5)),
)
#: text shaped like a typed query: words of the test library, syntax, filters, garbage
query_text: st.SearchStrategy[str] = st.one_of(
    _spaced(_query_piece, 3),  # short queries find something in the test library
    _spaced(_query_piece, 12),
    st.text(any_char, max_size=40),
)
#: a few paragraphs of hostile text
paragraphs: st.SearchStrategy[list[str]] = st.lists(hostile_text, min_size=1, max_size=5)


def _sprinkle(sentence: str, inserts: list[tuple[float, str]]) -> str:
    """`sentence` with each piece inserted at a relative position (0.0 start .. 1.0 end)."""
    for where, piece in inserts:
        at = int(where * len(sentence))
        sentence = sentence[:at] + piece + sentence[at:]
    return sentence


#: a real sentence from the seeds with hostile pieces inserted anywhere (inside words too)
sentence: st.SearchStrategy[str] = st.builds(
    _sprinkle, st.sampled_from(SENTENCES),
    st.lists(st.tuples(st.floats(0, 1), _piece), max_size=3))
#: paragraphs of an article: prose made of such sentences, with up to two paragraphs of
#: pure hostile text among them (enough prose that the cleaner keeps the article)
article_paragraphs: st.SearchStrategy[list[str]] = st.builds(
    lambda prose, noise: prose[:1] + noise + prose[1:],
    st.lists(st.lists(sentence, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=5),
    st.lists(hostile_text, max_size=2))
article_title: st.SearchStrategy[str] = st.one_of(
    st.builds(lambda s: " ".join(s.split()[:8]), sentence), hostile_text)


# ----------------------------------------------------------------------------- files
SUFFIXES = [".txt", ".html", ".md", ".json", ".jsonl", ""]
# UTF-8 most of the time (as in real archives), so most files get as far as the cleaner
_ENCODINGS = ["utf-8"] * 6 + ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256",
                              "cp1252", "iso-8859-6", "utf-32"]


def _encode(text: str, encoding: str) -> bytes:
    """`text` in `encoding`; lone surrogates go through surrogatepass (UTF-8/16/32 only) and
    other unencodable characters become '?', so broken input reaches the decoder as bytes."""
    if encoding.startswith("utf"):
        raw = text.encode(encoding.replace("-sig", ""), errors="surrogatepass")
        return codecs.BOM_UTF8 + raw if encoding == "utf-8-sig" else raw
    return text.encode(encoding, errors="replace")


def _json_record(title: str, body: str, extra: dict[str, Any]) -> dict[str, Any]:
    return {"title": title, "body": body, **extra}


_json_extra = st.dictionaries(
    st.sampled_from(["date", "source", "url", "section", "keywords", "headline", "text",
                     "published", "site", "id", "\ud800", ""]),
    st.one_of(hostile_text, st.integers(), st.none(), st.booleans(), st.floats(),
              st.lists(hostile_text, max_size=3), st.just("2023-09-14T10:00:00Z")),
    max_size=3)
_record = st.builds(_json_record, article_title,
                    article_paragraphs.map("\n\n".join) | hostile_text, _json_extra)


def _json_payload(records: list[dict[str, Any]], lines: bool, ascii_only: bool,
                  wrap: str) -> str:
    if lines:
        return "\n".join(json.dumps(r, ensure_ascii=ascii_only) for r in records)
    data: Any = records[0] if len(records) == 1 and wrap == "single" else records
    if wrap == "articles":
        data = {"articles": records}
    return json.dumps(data, ensure_ascii=ascii_only)


_plain = st.builds(lambda t, ps: t + "\n\n" + "\n\n".join(ps), article_title,
                  article_paragraphs)
_markdown = st.builds(lambda t, ps: "# " + t + "\n\n" + "\n\n".join(ps), article_title,
                      article_paragraphs)
_html = st.builds(lambda t, ps: "<html><head><title>" + t + "</title></head><body><h1>" + t
                  + "</h1>" + "".join("<p>" + p + "</p>" for p in ps) + "</body></html>",
                  article_title, article_paragraphs)
# Articles first: Hypothesis favours the first branches, and they are what the cleaner keeps
_text_document = st.one_of(
    _plain, _html, _markdown,
    hostile_text,
    paragraphs.map("\n\n".join),
    st.builds(_json_payload, st.lists(_record, min_size=1, max_size=4), st.booleans(),
              st.booleans(), st.sampled_from(["single", "list", "articles"])),
    st.builds(lambda lines: "\n".join(lines),
              st.lists(st.sampled_from(["{", "}", "[", "]", '{"title": "', '"body": "',
                                        '"}', "null", "<p>", "</p>", "<html>", "# ", "---"])
                       | hostile_text, max_size=12)),
)
#: the bytes of a file: arbitrary bytes, or hostile text in some encoding
file_bytes: st.SearchStrategy[bytes] = st.one_of(
    st.builds(_encode, _text_document, st.sampled_from(_ENCODINGS)),
    st.binary(max_size=2048),
)


# ----------------------------------------------------------------------------- settings
def fuzz_settings(examples: int, *, shared_fixture: bool = False) -> settings:
    """No deadline (the first call of a property pays for imports and caches), no example
    database (the repository is not littered with .hypothesis/), and no health check about
    slow or filtered data: the strategies are deliberately heavy.

    `shared_fixture`: the test reuses a function-scoped library across its examples on
    purpose (one library per test function, each example imported into it)."""
    checks = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
              HealthCheck.large_base_example]
    if shared_fixture:
        checks.append(HealthCheck.function_scoped_fixture)
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=checks, print_blob=True)


def property_test(ci_examples: int, *, shared_fixture: bool = False,
                  **strategies: st.SearchStrategy[Any]) -> Callable[[F], F]:
    """Turn a property into its CI test (`ci_examples` examples) and attach the same property
    at LONG_EXAMPLES examples as `.long_run`, which tests/test_fuzz_long.py collects.

    The property is written once; `@example(...)` regressions go *below* this decorator and
    apply to both runs. Fixtures (arguments not named in `strategies`) still come from pytest.
    """
    def decorate(prop: F) -> F:
        short = fuzz_settings(ci_examples, shared_fixture=shared_fixture)(
            given(**strategies)(prop))
        long = fuzz_settings(LONG_EXAMPLES, shared_fixture=shared_fixture)(
            given(**strategies)(prop))
        short.long_run = long  # type: ignore[attr-defined]
        return short  # type: ignore[return-value]
    return decorate


def write_payload(folder: Path, n: int, suffix: str, payload: bytes) -> Path:
    path = folder / f"fuzz-{n:05d}{suffix}"
    path.write_bytes(payload)
    return path
