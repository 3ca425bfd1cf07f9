"""The one normalisation used for matching, at index time and at query time alike.

Why one function: if the index folds "كوريا" to "کوریا" but the query path does not (or the
other way round), a search silently finds nothing. Everything that compares words — the whoosh
analyzers, the query parser, the snippet highlighter — calls :func:`normalize`.

It is for *matching only*: the text shown to the user (and stored) is never altered.

What it folds, and why:
- Unicode NFC first, so precomposed and decomposed input compare equal (क़ = क + ◌़).
- Arabic-script letter variants that Urdu writers and scrapers mix: Arabic yeh ي / alef maksura ى
  and Farsi yeh → Urdu yeh ی; Arabic kaf ك → keheh ک; Arabic heh ه → heh goal ہ (in Urdu news
  the round heh is almost always a keyboard/OCR variant of ہ); teh marbuta ة → ہ; heh-with-yeh
  ۂ → ہ; hamza carriers (أ إ ٱ → ا, ؤ → و, ئ and standalone ٔ kept as the same key so
  "گئے"/"گیے" meet) and madda آ → ا (writers drop the madda); Arabic presentation forms
  (reshaped text pasted from old sites) back to letters.
- Marks that do not change the word for a searcher are removed: harakat (zer, zabar, pesh,
  tanwin, shadda, jazm/sukun, superscript alef), tatweel, ZWNJ/ZWJ and bidi controls.
- Devanagari: nukta folded (क़ → क, ज़ → ज, फ़ → फ, ड़ → ड), chandrabindu → anusvara (हँ/हं),
  the anusvara kept (it separates words such as "हंस"/"हस"), ZWJ/ZWNJ removed.
- Urdu (Extended Arabic-Indic), Arabic-Indic and Devanagari digits → ASCII digits.
- Latin: casefold, so "Putin" = "putin".
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from .memo import Memo

# Letters folded to one Urdu key.
_LETTER_MAP = {
    "\u064a": "\u06cc",  # ARABIC YEH -> FARSI/URDU YEH
    "\u0649": "\u06cc",  # ALEF MAKSURA
    "\u06d0": "\u06cc",  # YEH with two dots below (Pashto/Uyghur variants in scrapes)
    "\u0643": "\u06a9",  # ARABIC KAF -> KEHEH
    "\u0647": "\u06c1",  # ARABIC HEH -> HEH GOAL
    "\u06d5": "\u06c1",  # AE -> HEH GOAL
    "\u0629": "\u06c1",  # TEH MARBUTA
    "\u06c0": "\u06c1",  # HEH WITH YEH ABOVE (Persian ezafe form)
    "\u06c2": "\u06c1",  # HEH GOAL WITH HAMZA ABOVE (ۂ)
    "\u0623": "\u0627",  # ALEF WITH HAMZA ABOVE
    "\u0625": "\u0627",  # ALEF WITH HAMZA BELOW
    "\u0671": "\u0627",  # ALEF WASLA
    "\u0622": "\u0627",  # ALEF WITH MADDA
    "\u0672": "\u0627",
    "\u0673": "\u0627",
    "\u0624": "\u0648",  # WAW WITH HAMZA
    "\u0626": "\u06cc",  # YEH WITH HAMZA (ئ) -> yeh, so گئے and گیے meet
    "\u06d3": "\u06d2",  # YEH BARREE WITH HAMZA -> YEH BARREE
    "\u0621": "",        # standalone hamza: dropped (spelled in and out freely)
    # Devanagari nukta letters (precomposed) -> base letter
    "\u0958": "\u0915", "\u0959": "\u0916", "\u095a": "\u0917", "\u095b": "\u091c",
    "\u095c": "\u0921", "\u095d": "\u0922", "\u095e": "\u092b", "\u095f": "\u092f",
    "\u0929": "\u0928", "\u0931": "\u0930", "\u0934": "\u0933",
    "\u0901": "\u0902",  # CHANDRABINDU -> ANUSVARA
}

# Characters removed for matching: harakat and other Arabic marks, tatweel, Devanagari nukta,
# zero-width joiners and bidi controls.
_REMOVE = (
    [chr(c) for c in range(0x064B, 0x0660)]  # fathatan .. hamza below, incl. shadda, sukun
    + ["\u0670", "\u0654", "\u0655", "\u0656", "\u0657", "\u0658"]
    + [chr(c) for c in range(0x06D6, 0x06DD)]  # Quranic annotation marks
    + [chr(c) for c in range(0x06DF, 0x06E5)]
    + ["\u06e7", "\u06e8", "\u06ea", "\u06eb", "\u06ec", "\u06ed"]
    + [chr(c) for c in range(0x0610, 0x061B)]  # honorific marks
    + ["\u0640"]  # tatweel
    + ["\u093c"]  # Devanagari nukta (combining)
    + ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
    + ["\u200e", "\u200f", "\u061c"]  # LRM, RLM, ALM
    + [chr(c) for c in range(0x202A, 0x202F)]  # embeddings/overrides
    + [chr(c) for c in range(0x2066, 0x206A)]  # isolates
)

_DIGITS = {}
for _base in (0x0660, 0x06F0, 0x0966):  # Arabic-Indic, Extended Arabic-Indic (Urdu), Devanagari
    for _i in range(10):
        _DIGITS[chr(_base + _i)] = str(_i)

_TABLE = str.maketrans({**_LETTER_MAP, **{c: None for c in _REMOVE}, **_DIGITS})

# Arabic presentation forms (FB50–FDFF, FE70–FEFF) come from text that was reshaped for a
# renderer without shaping; NFKC maps each back to its letter. Ligatures that expand to words
# with spaces (ﷺ) are left alone so token boundaries never move.
_PRESENTATION = regex.compile(r"[\uFB50-\uFDFF\uFE70-\uFEFF]")


# "10,000" and "10٬000" match "10000": drop thousands separators between digits.
_THOUSANDS = regex.compile(r"(?<=[0-9])[,\u066c](?=[0-9]{3}(?![0-9]))")


def _unpresent(match: regex.Match[str]) -> str:
    folded = unicodedata.normalize("NFKC", match.group())
    return match.group() if " " in folded else folded


def normalize(text: str) -> str:
    """Fold `text` to its matching key. Idempotent: normalize(normalize(t)) == normalize(t)."""
    if not text:
        return ""
    if _PRESENTATION.search(text):
        text = _PRESENTATION.sub(_unpresent, text)
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_TABLE).casefold()
    # Casefolding and the letter map can leave a decomposable sequence (e.g. a nukta removed
    # from a precomposed letter); a second NFC pass makes the result a fixed point. The
    # check is C-speed and almost always true, which spares a second translate.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text).translate(_TABLE)
    if "," in text or "\u066c" in text:
        text = _THOUSANDS.sub("", text)
    return text


# A word's normal form, memoised (see memo): every word of every article is normalised by
# the entity tagger and again for its match key.
NORMS: Memo[str, str] = Memo(normalize)


# A line's or paragraph's normal form, for the last texts seen: an import's cleaner keys each
# line and the content hash then normalises the paragraphs those lines became (the same
# strings): the second time is a lookup. (5% of preparing an article.)
normalize_text = lru_cache(maxsize=512)(normalize)
