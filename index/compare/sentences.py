"""Sentences of a paragraph, for aligning long paragraphs sentence by sentence.

Sentence ends: the Urdu full stop ۔ and question mark ؟, the Hindi danda । and double danda ॥,
and . ? ! (Hindi news sites often end sentences with a Latin full stop). A run of them ("..",
"?!", "۔۔") is one end, and closing quotes or brackets after it ("…بڑھ رہے ہیں۔”") stay with
the sentence they close.

Not ends:
* a full stop inside a token: decimals and abbreviations written solid ("3.5", "U.S.",
  "ए.पी.जे.", "example.com"); the Urdu ۔ between letters of a spelled-out abbreviation
  ("ایم۔کیو۔ایم": short pieces on both sides);
* a full stop after a known abbreviation ("Mr.", "Dr.", "डॉ.", "रु.") or an initial ("Antony
  J. Blinken"; in Devanagari a one-letter initial only next to another, since "है." is the
  commonest Hindi sentence end), or followed by a lower-case Latin word.

Offsets are code points into the paragraph exactly as stored (logical order), like mention
offsets, so a front can highlight a sentence with the same arithmetic as a name. Tokens are
runs of letters, combining marks and digits (`regex` classes: a Devanagari vowel sign or an
Urdu zer never splits a word).
"""
from __future__ import annotations

import regex

_END = regex.compile(r"[.!?\u061f\u06d4\u0964\u0965]+[\"'\u201d\u2019\u00bb)\]}]*")
_STRONG = set("!?\u061f\u0964\u0965")  # ends wherever they stand (except ?! glued to a word)
_TOKEN_BEFORE = regex.compile(r"[\p{L}\p{M}\p{N}.\u200c\u200d]+$")
_WORD_AFTER = regex.compile(r"\s*[\"'\u201c\u2018(\[]*([\p{L}\p{M}\p{N}\u200c\u200d]+)([.\u06d4]?)")
_PIECE = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_COMMAS = ",\u060c;\u061b"
_COMMA_NEXT = regex.compile(r"\s*[,\u060c;\u061b]")
_LATIN_LOWER = regex.compile(r"\p{Ll}")
_DEVANAGARI = regex.compile(r"\p{Devanagari}")
_GRAPHEME = regex.compile(r"\X")
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof st jr sr gen col lt maj capt cmdr sgt gov sen rep rev hon pres vs etc inc
ltd co corp no nos vol fig approx dept est jan feb mar apr jun jul aug sep sept oct nov dec
mt ft
डॉ डा प्रो श्री श्रीमती सुश्री कु रु नं लि मि सं ई पू जन फर
""".split())
SHORT_PIECE = 3  # letters: "ایم" in "ایم۔کیو۔ایم"


def split_sentences(text: str, min_words: int = 1) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, in order, without surrounding space.

    With `min_words` > 1, a piece shorter than that ("اتحادی حکام." after a full sentence)
    is joined to the sentence before it (or, at the start, after it): too little to align
    on its own."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if _is_end(text, m):
            _add(text, spans, start, m.end())
            start = m.end()
    _add(text, spans, start, len(text))
    if min_words > 1 and len(spans) > 1:
        spans = _join_short(text, spans, min_words)
    return spans


def _add(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _join_short(text: str, spans: list[tuple[int, int]], min_words: int
                ) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    carry: int | None = None  # start of a short first piece waiting for the next sentence
    for s, e in spans:
        if carry is not None:
            s, carry = carry, None
        if len(text[s:e].split()) >= min_words:
            out.append((s, e))
        elif out:
            out[-1] = (out[-1][0], e)
        else:
            carry = s
    if carry is not None:  # everything was short: one piece
        out.append((carry, spans[-1][1]))
    return out


def _is_end(text: str, m: regex.Match) -> bool:
    run = m.group().rstrip("\"'\u201d\u2019\u00bb)]}")
    after = m.end()
    glued = after < len(text) and not text[after].isspace()
    token = _token_before(text, m.start())
    if any(c in _STRONG for c in run):
        # "Yahoo!News", "?q=" are not ends; a danda or ؟ always is
        return not glued or any(c in "\u061f\u0964\u0965" for c in run)
    if glued:
        if text[after] in _COMMAS:
            return False
        if "." in run:
            return False  # 3.5, U.S., ए.पी.जे., example.com
        # ۔ without a space: an end ("ہے۔امریکی", a common typing habit) unless it stands
        # between digits or between short pieces of a spelled-out abbreviation
        nxt = _PIECE.match(text, after)
        if token[-1:].isdigit() and nxt and nxt.group()[:1].isdigit():
            return False
        return not (nxt and _letters(token) <= SHORT_PIECE
                    and _letters(nxt.group()) <= SHORT_PIECE)
    if _COMMA_NEXT.match(text, after):
        return False  # "…منعقد ہوا۔، مسٹر کم نے": the sentence goes on
    if "\u06d4" in run or not token:
        return True  # (Urdu sentences often end in a short verb: "کہا۔ ایم۔کیو۔ایم")
    word = _WORD_AFTER.match(text, after)
    bare = token.rstrip(".")
    if "." in bare or bare.lower() in ABBREVIATIONS:
        return False  # "U.S. officials", "Mr. Kim", "डॉ. सिंह"
    if len(bare) == 1 and bare.isalpha() and not _DEVANAGARI.match(bare):
        return False  # an initial: "Antony J. Blinken"
    if _DEVANAGARI.match(bare) and _graphemes(bare) == 1:
        # "जे. पी. नड्डा": an initial only next to another one ("है." ends a sentence)
        at = m.start() - len(token)
        lead = _token_before(text, at - 1) if at >= 2 and text[at - 1].isspace() else ""
        prev_initial = lead.endswith(".") and _graphemes(lead.rstrip(".")) == 1
        next_initial = bool(word and word.group(2) == "." and _graphemes(word.group(1)) == 1)
        if prev_initial or next_initial:
            return False
    if word and _LATIN_LOWER.match(word.group(1)):
        return False  # "approx. five", "etc. and"
    return True


def _token_before(text: str, end: int) -> str:
    """The word (with any inner full stops) that ends at `end`."""
    found = _TOKEN_BEFORE.search(text, max(0, end - 40), end)
    return found.group() if found else ""


def _letters(token: str) -> int:
    return sum(1 for c in token if c.isalpha())


def _graphemes(token: str) -> int:
    return len(_GRAPHEME.findall(token))
