"""Text for a terminal that has no bidi or Arabic shaping of its own.

Only for a TTY: Urdu lines are wrapped in logical order first (wrapping visual text would put
the end of a paragraph on its first line), then each line is shaped with arabic-reshaper and
reordered with python-bidi, right-aligned, with matched words in bold. Piped output and --json
never come through here: they stay in logical order, as stored.
"""
from __future__ import annotations

import unicodedata

import arabic_reshaper
from bidi import get_base_level, get_display

from .search.highlight import Span

BOLD, RESET = "\x1b[1m", "\x1b[0m"
# Ligatures off: the reshaped line keeps one glyph per letter, so highlighted words can be
# found again after reordering.
_RESHAPER = arabic_reshaper.ArabicReshaper(
    configuration={"delete_harakat": False, "support_ligatures": False})


def _visible_len(s: str) -> int:
    return sum(1 for ch in s if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf")


def _words_with_marks(text: str, spans: list[Span]) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    pos = 0
    for word in text.split(" "):
        start, end = pos, pos + len(word)
        pos = end + 1
        if word:
            out.append((word, any(s < end and e > start for s, e in spans)))
    return out


def _wrap(words: list[tuple[str, bool]], width: int) -> list[list[tuple[str, bool]]]:
    lines: list[list[tuple[str, bool]]] = [[]]
    used = 0
    for word, hot in words:
        w = _visible_len(word)
        if lines[-1] and used + 1 + w > width:
            lines.append([])
            used = 0
        used += w + (1 if lines[-1] else 0)
        lines[-1].append((word, hot))
    return [ln for ln in lines if ln]


def render(text: str, spans: list[Span] | None = None, *, width: int = 80,
           indent: str = "", color: bool = True) -> str:
    """Lines ready to print on a TTY: shaped, visual order, wrapped to `width`."""
    spans = spans or []
    rtl = get_base_level(text) == 1 if text.strip() else False
    out: list[str] = []
    avail = max(20, width - len(indent))
    offset = 0
    for paragraph in text.split("\n"):
        local = [(a - offset, b - offset) for a, b in spans]
        offset += len(paragraph) + 1
        for line in _wrap(_words_with_marks(paragraph, local), avail):
            logical = " ".join(w for w, _ in line)
            if not any("\u0590" <= ch <= "\u08ff" for ch in logical):
                shown = " ".join((BOLD + w + RESET) if (hot and color) else w for w, hot in line)
                out.append(indent + shown)
                continue
            base = "R" if rtl else "L"
            visual = get_display(_RESHAPER.reshape(logical), base_dir=base)
            if color:
                for word, hot in line:
                    if hot:
                        v = get_display(_RESHAPER.reshape(word), base_dir=base)
                        visual = visual.replace(v, BOLD + v + RESET, 1)
            pad = max(0, avail - _visible_len(logical)) if rtl else 0
            out.append(indent + " " * pad + visual)
    return "\n".join(out)
