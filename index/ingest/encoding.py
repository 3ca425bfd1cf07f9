"""Bytes of one input file -> clean Unicode text, or a clear refusal.

Archives of Urdu and Hindi news come as UTF-8, UTF-16 (Windows "Unicode" text, often without
a byte order mark) and legacy Windows-1256 for Urdu. Single-byte code pages decode *any* byte
string without error, so a decode succeeding proves nothing: every guess here is checked by
looking at what came out (letters vs. control characters, which script the letters are in).
When no encoding gives believable text we refuse the file instead of storing mojibake,
because a wrongly decoded article is worse than a rejected one: the user cannot see that
search misses it.

Detection order (first that passes wins):
 1. empty / binary magic numbers (PNG, PDF, ZIP...) -> reject
 2. byte order mark (UTF-32, UTF-8, UTF-16)
 3. UTF-16 without BOM, recognised by NUL bytes concentrated at odd (LE) or even (BE) offsets
 4. NUL policy: trailing NUL padding is dropped; otherwise at most a few NULs (<= 3, or 0.1%
    of the bytes) are dropped from text that is valid UTF-8 without them; more -> binary
 5. strict UTF-8
 6. "nearly UTF-8": < 1% undecodable sequences and >= 10 valid multi-byte characters per bad
    one (a truncated or partly corrupted UTF-8 file); the bad bytes become U+FFFD with a warning
 7. a charset the caller found declared in the file (HTML <meta charset>)
 8. Windows-1256, only if the non-ASCII output is >= 75% Arabic script
 9. Windows-1252, only if the letters are mostly ASCII and the rest Latin-1 letters
10. charset-normalizer, restricted to a few Arabic/Western code pages and re-checked
11. UTF-8 with < 1% replacements; otherwise reject
"""
from __future__ import annotations

import codecs
import threading
from collections.abc import Callable
import unicodedata
from dataclasses import dataclass, field

import regex

__all__ = ["DecodedText", "RejectError", "decode_bytes", "decode_text", "clean_text"]


class RejectError(Exception):
    """A whole file cannot be imported. str(e) / e.reason is ONE clear line for the user."""

    def __init__(self, reason: str) -> None:
        reason = " ".join(str(reason).split())  # the UI shows one line; never let a newline in
        super().__init__(reason)
        self.reason = reason


@dataclass
class DecodedText:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- binary sniffing

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"), (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"), (b"MM\x00*", "TIFF image"),
    (b"%PDF-", "PDF document"), (b"PK\x03\x04", "ZIP archive or Office/EPUB document"),
    (b"PK\x05\x06", "ZIP archive"), (b"PK\x07\x08", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"), (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"), (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"), (b"\x7fELF", "ELF executable"),
    (b"MZ\x90\x00", "Windows executable"), (b"\xca\xfe\xba\xbe", "Java class or Mach-O binary"),
    (b"\x00asm", "WebAssembly module"), (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office document"),
    (b"OggS", "Ogg audio/video"), (b"fLaC", "FLAC audio"),
    (b"wOFF", "WOFF font"), (b"wOF2", "WOFF2 font"), (b"\x00\x01\x00\x00\x00", "TrueType font"),
)
_RIFF_KINDS = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}


def binary_kind(raw: bytes) -> str | None:
    """Name the binary format if the first bytes are a well-known magic number."""
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return kind
    if raw.startswith(b"RIFF") and raw[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[raw[8:12]]
    if raw[4:8] == b"ftyp":
        return "MP4/QuickTime video or HEIC image"
    if raw.startswith(b"ID3") and raw[3:4] in (b"\x02", b"\x03", b"\x04"):
        return "MP3 audio"
    if raw.startswith(b"BZh") and raw[4:10] == b"1AY&SY":
        return "bzip2 archive"
    return None


def _check_not_binary(raw: bytes) -> None:
    if not raw:
        raise RejectError("empty file")
    kind = binary_kind(raw)
    if kind:
        raise RejectError(f"binary file ({kind}), not text")
    if raw[:64].lstrip()[:5].lower() == b"{\\rtf":
        raise RejectError("RTF document, not plain text (save it as .txt or .html first)")


# --------------------------------------------------------------------------- lenient decoding

_counter = threading.local()
_PROBE_BYTES = 1 << 16


def _count_and_replace(err: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: like "replace", but counts the bad bytes for the 1% rule."""
    _counter.bad_bytes += err.end - err.start
    _counter.bad_runs += 1
    return "\ufffd", err.end


codecs.register_error("akhbar-count-replace", _count_and_replace)


def _decode_counting(raw: bytes, codec: str) -> tuple[str, int, int]:
    """Decode with U+FFFD for bad sequences; return (text, bad sequences, bad bytes)."""
    _counter.bad_bytes = 0
    _counter.bad_runs = 0
    text = raw.decode(codec, "akhbar-count-replace")
    return text, _counter.bad_runs, _counter.bad_bytes


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _lenient(raw: bytes, codec: str, label: str, min_valid_per_bad: int = 0) -> DecodedText | None:
    """Accept `raw` in `codec` if under 1% of the characters had to be replaced.

    `min_valid_per_bad` additionally demands that many correctly decoded non-ASCII characters
    per bad sequence, which is what tells a damaged UTF-8 file from a legacy code page.
    """
    if len(raw) > 4 * _PROBE_BYTES:  # fail fast: cp1256 read as UTF-8 errs on every letter
        probe, probe_runs, _ = _decode_counting(raw[:_PROBE_BYTES], codec)
        if probe_runs > 1 and probe_runs * 100 >= len(probe):
            return None
    text, runs, bad_bytes = _decode_counting(raw, codec)
    if runs == 0:
        return DecodedText(text, label)
    if runs * 100 >= max(1, len(text)):
        return None
    if min_valid_per_bad:
        valid_nonascii = _count(_NON_ASCII_RE, text) - runs  # each U+FFFD is non-ASCII too
        if valid_nonascii < runs * min_valid_per_bad:
            return None
    return DecodedText(text, label, [f"{_plural(bad_bytes, 'invalid byte')} replaced"])


# --------------------------------------------------------------------------- plausibility

_ASCII_RE = regex.compile(r"[\x00-\x7f]+")
_NON_ASCII_RE = regex.compile(r"[^\x00-\x7f]+")
_BAD_RE = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\p{Cn}\p{Co}\p{Cs}\ufffd]+")
_LETTER_RE = regex.compile(r"[\p{L}\p{M}]+")
_WORDISH_RE = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_SPACE_RE = regex.compile(r"\s+")
_ARABIC_RE = regex.compile(
    r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff\u200c-\u200f]+"
)
_ARABIC_LETTER_RE = regex.compile(r"[\p{Arabic}&&\p{L}]+", regex.V1)
_TYPOGRAPHIC_RE = regex.compile(r"[\u00a0\u00ab\u00bb\u00b0\u2010-\u2027\u2030-\u203a]+")
_LATIN1_LETTER_RE = regex.compile(r"[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f\u0192\u02c6\u02dc]+")
_ASCII_LETTER_RE = regex.compile(r"[A-Za-z]+")
# Scripts we accept for guessed (BOM-less, undeclared) encodings: Latin, Greek, Cyrillic,
# Hebrew, Arabic script, Indic scripts, punctuation and symbols used with them.
_COMMON_SCRIPT_RE = regex.compile(
    r"[\x00-\u052f\u0590-\u08ff\u0900-\u0dff\u1e00-\u1eff\u2000-\u20cf\u2100-\u214f"
    r"\u2190-\u22ff\u25a0-\u25ff\ua8e0-\ua8ff\ufb50-\ufdff\ufe70-\ufeff]+"
)
_SAMPLE_CHARS = 1_000_000


def _count(pattern: regex.Pattern[str], text: str) -> int:
    """Count matching characters at C speed (no per-character Python loop)."""
    return len(text) - len(pattern.sub("", text))


def _looks_like_text(text: str) -> bool:
    """True if `text` reads like prose: almost no control/unassigned chars, and at least half
    of the visible characters are letters, marks or digits (not symbol soup)."""
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return False
    if _count(_BAD_RE, sample) * 200 > len(sample):  # > 0.5% junk
        return False
    visible = len(sample) - _count(_SPACE_RE, sample)
    return visible > 0 and _count(_WORDISH_RE, sample) * 2 >= visible


def _in_common_scripts(text: str) -> bool:
    sample = text[:_SAMPLE_CHARS]
    return _count(_COMMON_SCRIPT_RE, sample) * 100 >= 95 * len(sample)


def _looks_like_arabic_codepage(text: str) -> bool:
    """Output of an Arabic code page: its non-ASCII characters must be Arabic script."""
    sample = text[:_SAMPLE_CHARS]
    non_ascii = len(sample) - _count(_ASCII_RE, sample)
    if non_ascii == 0 or _count(_ARABIC_LETTER_RE, sample) == 0:
        return False
    arabic = _count(_ARABIC_RE, sample)
    typographic = _count(_TYPOGRAPHIC_RE, sample)
    return arabic * 4 >= non_ascii * 3 and (arabic + typographic) * 10 >= non_ascii * 9


def _looks_like_western_codepage(text: str) -> bool:
    """Output of cp1252/Latin-1: mostly ASCII letters, the rest Latin letters or punctuation."""
    sample = text[:_SAMPLE_CHARS]
    non_ascii = len(sample) - _count(_ASCII_RE, sample)
    ascii_letters = _count(_ASCII_LETTER_RE, sample)
    if non_ascii == 0 or ascii_letters * 2 < _count(_LETTER_RE, sample):
        return False
    latin = _count(_LATIN1_LETTER_RE, sample) + _count(_TYPOGRAPHIC_RE, sample)
    return latin * 10 >= non_ascii * 9


# --------------------------------------------------------------------------- detectors

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)
_UNSUPPORTED_REASON = "not valid text in any supported encoding (UTF-8, UTF-16, Windows-1256)"


def _from_bom(raw: bytes) -> DecodedText | None:
    for bom, codec, label in _BOMS:
        if raw.startswith(bom):
            result = _lenient(raw[len(bom):], codec, label)
            if result is None:
                raise RejectError(f"{_UNSUPPORTED_REASON}: broken {label} after its BOM")
            return result
    return None


def _utf16_by_nul_pattern(raw: bytes) -> DecodedText | None:
    """UTF-16 without BOM: ASCII characters (spaces, digits, newlines) put a 0 byte at every
    odd offset (LE) or even offset (BE), while the other offsets almost never hold 0."""
    sample = raw[:65536]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros * 20 >= half and others * 20 <= zeros:  # >= 5% vs <= 1/20 of that
            result = _lenient(raw, codec, codec)
            if result and _looks_like_text(result.text) and _in_common_scripts(result.text):
                return result
    return None


def _apply_nul_policy(raw: bytes) -> tuple[bytes, list[str]]:
    """Drop trailing NUL padding (crashes leave zero-filled tails) and a few stray NULs."""
    warnings: list[str] = []
    if raw.endswith(b"\x00"):
        stripped = raw.rstrip(b"\x00")
        if not stripped:
            raise RejectError("binary file (only NUL bytes), not text")
        warnings.append(f"removed {_plural(len(raw) - len(stripped), 'trailing NUL byte')}")
        raw = stripped
    nuls = raw.count(0)
    if nuls:
        without = raw.replace(b"\x00", b"")
        if nuls > max(3, len(raw) // 1000) or not _is_utf8(without):
            raise RejectError("binary file (contains NUL bytes), not text")
        warnings.append(f"removed {_plural(nuls, 'NUL byte')}")
        raw = without
    return raw, warnings


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _checked_codepage(raw: bytes, codec: str, check: Callable[[str], bool]) -> DecodedText | None:
    try:
        text = raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    if _looks_like_text(text) and check(text):
        return DecodedText(text, codecs.lookup(codec).name)
    return None


# charset-normalizer is good at ranking candidates but happily names odd code pages for short
# inputs (cp1125 for two smart quotes), so only these answers are taken, and re-checked.
_CN_ALLOWED: dict[str, Callable[[str], bool]] = {
    **dict.fromkeys(("iso8859-6", "cp720", "cp864", "mac-arabic"), _looks_like_arabic_codepage),
    **dict.fromkeys(("iso8859-1", "iso8859-15", "cp1250", "iso8859-2"),
                    _looks_like_western_codepage),
}


def _charset_normalizer_guess(raw: bytes) -> DecodedText | None:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        name = codecs.lookup(best.encoding).name if best is not None else None
    except Exception:  # a heuristic library must never turn a reject into a crash
        return None
    check = _CN_ALLOWED.get(name or "")
    return _checked_codepage(raw, name, check) if name and check else None


def _decode_declared(raw: bytes, declared: str) -> DecodedText | None:
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        return None
    if codec.startswith(("utf-16", "utf-32", "utf-8")):  # already ruled out by the caller
        return None
    if codec in ("iso8859-1", "ascii"):  # HTML treats these labels as windows-1252
        codec = "cp1252"
    result = _lenient(raw, codec, codec)
    return result if result and _looks_like_text(result.text) else None


# --------------------------------------------------------------------------- cleaning

_NEWLINES_RE = regex.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROL_RE = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Terminal escape sequences (colours, cursor moves, window titles) in saved console output:
# removing only the ESC would leave "[31m" in the text, so a whole sequence counts as one.
_ANSI_RE = regex.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
# For JSON the file is cleaned before parsing: a raw U+2028/U+2029/U+0085 inside a JSON string
# is valid JSON (json.dumps(ensure_ascii=False) writes them), but as "\n" it would not be.
# They are left for the per-field clean_text, which turns them into line breaks.
_JSON_NEWLINES_RE = regex.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e]")
_JSON_CONTROL_RE = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_VISIBLE_RE = regex.compile(r"[^\s\u200b-\u200f\u2060\ufeff]")
# The explicit embeddings and overrides (LRE, RLE, PDF, LRO, RLO) reorder what follows them:
# the reader would show "abc\u202edef" as "abcfed" while search (which ignores them) finds
# "abcdef", and a stray one garbles the rest of a line ("Trojan Source"). The reader sets
# each paragraph's direction itself, so they are removed; the isolates that replaced them
# and the LRM/RLM/ALM marks only group runs, are normal in Urdu text, and are kept.
_OVERRIDE_RE = regex.compile(r"[\u202a-\u202e]")
# Only JSON can produce these (an escaped "\ud800" with no partner); no store can save them.
_SURROGATE_RE = regex.compile(r"[\ud800-\udfff]")


def clean_text(text: str, *, for_json: bool = False, nfc: bool = True) -> tuple[str, int]:
    """Normalise decoded text the same way for every format; returns (text, controls removed).

    Newlines become \\n (form feeds and Unicode line separators too, as they separate lines
    or pages); other control characters, terminal escape sequences and bidi embeddings and
    overrides (U+202A-U+202E) are dropped; unpaired surrogates become U+FFFD; the result is
    NFC. Letters are never otherwise changed: no reshaping, no presentation forms, no case
    folding. `for_json` keeps the Unicode line separators (see _JSON_NEWLINES_RE).
    `nfc=False` leaves composition to a later clean_text of each piece (see _finish).
    """
    newlines, controls = ((_JSON_NEWLINES_RE, _JSON_CONTROL_RE) if for_json
                          else (_NEWLINES_RE, _CONTROL_RE))
    text = newlines.sub("\n", text)
    text, escapes = _ANSI_RE.subn("", text) if "\x1b" in text else (text, 0)
    text, removed = controls.subn("", text)
    removed += escapes
    text = _OVERRIDE_RE.sub("", _SURROGATE_RE.sub("\ufffd", text))
    return (unicodedata.normalize("NFC", text) if nfc else text), removed


def hostile_char_warnings(text: str) -> list[str]:
    """Warnings for what `clean_text` will silently repair in `text` (overrides, surrogates)."""
    warnings = []
    surrogates = _count(_SURROGATE_RE, text)
    if surrogates:
        warnings.append(f"{_plural(surrogates, 'invalid character')} (unpaired UTF-16 "
                        "surrogates) replaced")
    overrides = _count(_OVERRIDE_RE, text)
    if overrides:
        warnings.append(f"removed {_plural(overrides, 'bidirectional formatting character')} "
                        "(U+202A-U+202E, which can make text display other than it is searched)")
    return warnings


def _finish(result: DecodedText, for_json: bool = False) -> DecodedText:
    text = result.text.lstrip("\ufeff")
    result.warnings.extend(hostile_char_warnings(text))
    # JSON: every string an article is made of goes through clean_text again once parsed
    # (escapes such as \u0301 only exist then), which composes it; composing the whole file
    # first as well was 40% of reading it (Hindi text with a nukta takes the slow path).
    text, removed = clean_text(text, for_json=for_json, nfc=not for_json)
    if removed:
        if removed * 10 > max(1, len(text) + removed):
            raise RejectError("binary file (too many control characters), not text")
        result.warnings.append(f"removed {_plural(removed, 'control character')}")
    if not _VISIBLE_RE.search(text):
        raise RejectError("empty file" if not text else "file has no text (only whitespace)")
    result.text = text
    return result


# --------------------------------------------------------------------------- entry points


def decode_bytes(raw: bytes, declared: str | None = None, *,
                 for_json: bool = False) -> DecodedText:
    """Detect the encoding of `raw` and return cleaned text with any warnings.

    `declared` is a charset named inside the file (HTML meta); it is tried after the
    self-evident encodings (BOM, UTF-16, UTF-8), which a stale declaration cannot override.
    `for_json`: the text is about to be parsed as JSON (see clean_text).
    """
    _check_not_binary(raw)
    result = _from_bom(raw) or _utf16_by_nul_pattern(raw)
    if result is None:
        body, warnings = _apply_nul_policy(raw)
        result = _detect_unmarked(body, declared)
        result.warnings[:0] = warnings
    return _finish(result, for_json)


def _detect_unmarked(raw: bytes, declared: str | None) -> DecodedText:
    try:
        return DecodedText(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    result = (
        _lenient(raw, "utf-8", "utf-8", min_valid_per_bad=10)
        or (_decode_declared(raw, declared) if declared else None)
        or _checked_codepage(raw, "cp1256", _looks_like_arabic_codepage)
        or _checked_codepage(raw, "cp1252", _looks_like_western_codepage)
        or _charset_normalizer_guess(raw)
        or _lenient(raw, "utf-8", "utf-8")
    )
    if result is None:
        raise RejectError(_mixed_reason(raw) or _UNSUPPORTED_REASON)
    return result


def _mixed_reason(raw: bytes) -> str | None:
    """Why a file that is partly valid UTF-8 was refused: archives merged from several sources
    mix UTF-8 with Windows-1256 lines, others are damaged, and "not valid text in any
    supported encoding" would send the user looking for the wrong problem. None if the file
    has no valid UTF-8 line with non-ASCII text."""
    utf8 = other = legacy = first_bad = 0
    for number, line in enumerate(raw.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8 += 1
        except UnicodeDecodeError:
            other += 1
            first_bad = first_bad or number
            legacy += _checked_codepage(line, "cp1256", _looks_like_arabic_codepage) is not None
    if not (utf8 and other):
        return None
    if legacy == other:
        return (f"mixed encodings: {_plural(utf8, 'line')} in UTF-8 and {other} in "
                f"Windows-1256 (the first at line {first_bad}); save the file in one encoding")
    return (f"damaged UTF-8: invalid bytes in {_plural(other, 'line')} of {utf8 + other} "
            f"(the first at line {first_bad})")


def decode_text(raw: bytes) -> tuple[str, str]:
    """bytes -> (text, encoding name). Detect, do not guess blindly; RejectError if not text."""
    result = decode_bytes(raw)
    return result.text, result.encoding
