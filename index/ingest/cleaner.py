"""Line classification for scraped article text.

`analyse_line(text)` computes context-free features of one line and, when the line on its own
is plainly not article prose, a removal reason ("share buttons", "read-also link", ...).
The context-dependent decisions (title, header/footer zones, lists, trailing articles,
duplicates) are made in `zones.py` on top of these features.

Features (all on the token key, see `key`):
- `n_words`: words as `tokens()` counts them (never `re` `\\w`, which splits Hindi words);
- `end`: "strong" when the line ends with ۔ । . ؟ ? ! (possibly followed by a closing quote or
  bracket), "quote" when it ends with a closing quote only, else "";
- `fw`: how many words are function words (کے کی کا میں ... / के की का में ... / the of and ...);
  sentences have several, headline lists and tag clouds few or none;
- `reason`/`kind`: a hard classification, from the phrase tables in `cues.py` and a few
  regexes (HTML/attribute residue, icon-… classes, media timestamps "00:00", date lines).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..text.langid import detect_language
from ..text.normalize import normalize_text
from ..text.tokenize import tokens
from . import cues
from .dates import find_date, is_date_line

_HTML = regex.compile(
    r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>|<!--|-->|\b(?:data|aria)-[\w-]+\s*=|"
    r"\b(?:class|href|src|style|id|rel|target)\s*=\s*[\"']|&(?:nbsp|amp|quot|lt|gt|#\d+);|"
    r"^[\"']?\s*>|\"\s*/?>\s*$|^\s*[.#]?[\w-]+\s*\{[^}]*\}?\s*$"
)
_ICON = regex.compile(r"(?<![\p{L}\p{N}])(?:icon|fa|bi|glyphicon)-[a-z][a-z0-9-]*", regex.I)
_MEDIA_TIME = regex.compile(r"^\s*(?:\d{1,2}:)?\d{1,2}:\d{2}\s*(?:/\s*(?:\d{1,2}:)?\d{1,2}:\d{2})?\s*$")
_LABEL = regex.compile(r"^\s*([^:：\-–—|]{1,40}?)\s*[:：]\s*(.*)$")
_LABEL_DASH = regex.compile(r"^\s*([^:：\-–—|]{1,40}?)\s*[-–—]\s+(.*)$")
_CAPTION_CREDIT = regex.compile(
    r"\s[/|]\s*(?:[\p{Lu}][\p{L}.&'\-]*(?:\s+[\p{Lu}][\p{L}.&'\-]*){0,3}|[\p{Arabic}\s]{2,30})\s*$"
)
_BULLET = regex.compile(r"^[\s•·▪►▶●○■□◆◇\-–—*>»«]+|^\s*\d{1,2}[.)]\s+")
_SEPARATORS = regex.compile(r"\s*[|•·/»›>]\s*")
_BAR_OR_DOT = regex.compile(r"\s+[|·]\s+|\s*\|\s*")
_BAR = regex.compile(r"\s*\|\s*")
_HTML_CHARS = "<>=&{"  # every alternative of _HTML needs one of them


def key(text: str) -> str:
    """Token key of a line: normalise, keep words only, single spaces."""
    return " ".join(tokens(normalize_text(text)))


@dataclass
class LineInfo:
    idx: int
    text: str  # stripped
    key: str
    words: list[str] = field(default_factory=list)  # normalised tokens
    n_words: int = 0
    end: str = ""  # "strong" | "quote" | ""
    fw: int = 0
    lang: str = "und"
    reason: str | None = None  # hard removal reason
    kind: str = ""  # "date", "source", "keywords", "keywords_header", "section",
    # "list_header", "terminal" (ends the article), "read_marker"
    value: str = ""  # parsed value for meta lines (source name, keyword text, section)

    @property
    def fw_ratio(self) -> float:
        return self.fw / self.n_words if self.n_words else 0.0

    @property
    def has_letters(self) -> bool:
        return any(ch.isalpha() for ch in self.text)


def _ending(text: str) -> str:
    t = text.rstrip()
    stripped = t
    while stripped and stripped[-1] in cues.CLOSERS:
        stripped = stripped[:-1].rstrip()
    if stripped and stripped[-1] in cues.SENTENCE_END:
        # "..." / "…" / "Loading..." are not sentence ends.
        if stripped.endswith("..") or stripped.endswith("…"):
            return ""
        return "strong"
    if stripped != t:
        return "quote"
    return ""


def _starts_with_any(k: str, phrases: frozenset[str]) -> str | None:
    """The longest phrase of `phrases` whose words begin the key `k` ("read more …" is
    "read more", not "read"), or None. Asks the set once per prefix instead of walking it."""
    most = _PHRASE_WORDS.get(id(phrases))
    if most is None:
        most = _PHRASE_WORDS[id(phrases)] = max((len(p.split(" ")) for p in phrases), default=0)
    parts = k.split(" ", most)
    for m in range(min(most, len(parts)), 0, -1):
        p = " ".join(parts[:m])
        if p in phrases:
            return p
    return None


_PHRASE_WORDS: dict[int, int] = {}  # id of a phrase set -> words in its longest phrase


def _is_share_row(words: list[str]) -> bool:
    if not words or cues.SOCIAL_CORE.isdisjoint(words):
        return False
    core = sum(1 for w in words if w in cues.SOCIAL_CORE)
    return core >= 1 and all(
        w in cues.SOCIAL_CORE or w in cues.SOCIAL_FILL or w.isdigit() for w in words
    ) and (core >= 2 or len(words) <= 6)


def _label_split(text: str) -> tuple[str, str] | None:
    m = (any(c in text for c in ":：") and _LABEL.match(text)) or (
        any(c in text for c in "-–—") and _LABEL_DASH.match(text))
    if not m:
        return None
    return key(m.group(1)), m.group(2).strip()


def analyse_line(text: str, idx: int = 0) -> LineInfo:
    t = text.strip()
    k = key(t)
    words = k.split() if k else []
    info = LineInfo(idx=idx, text=t, key=k, words=words, n_words=len(words), end=_ending(t))
    info.fw = sum(map(cues.FUNCTION_WORDS.__contains__, words))
    info.lang = detect_language(t)
    info.reason, info.kind, info.value = _hard_reason(t, k, words, info)
    return info


def _hard_reason(t: str, k: str, words: list[str], info: LineInfo) -> tuple[str | None, str, str]:
    nw = len(words)
    if not t:
        return None, "", ""
    # (each pattern below needs one of these characters: most lines skip the regex)
    if any(c in t for c in _HTML_CHARS) and _HTML.search(t):
        return "html residue", "", ""
    if nw <= 12 and "-" in t and _ICON.search(t):
        return "share buttons", "", ""
    if _MEDIA_TIME.match(t):
        return "timestamp", "", ""
    if not info.has_letters:
        return ("numeric residue" if any(c.isdigit() for c in t) else "separator"), "", ""
    if nw <= 20 and is_date_line(t):
        return "date line", "date", find_date(t) or ""
    plain = _BULLET.sub("", t).strip()
    pk = k if plain == t else key(plain)
    # "ویب ڈیسک | 12 جنوری 2024", "By X | Updated: ...": judge each segment on its own.
    segs = [p for p in _BAR_OR_DOT.split(plain) if p.strip()] if ("|" in plain or "·" in plain) \
        else [plain]
    if len(segs) >= 2:
        sub = [analyse_line(p) for p in segs]
        if all(x.reason for x in sub):
            date = next((x for x in sub if x.kind == "date"), None)
            if date is not None:
                return "date line", "date", date.value
            first = sub[0]
            return first.reason, first.kind, first.value
    # Label: value lines (source, keywords, section, byline, caption credit, date).
    split = _label_split(plain)
    if split:
        label, value = split
        vwords = len(tokens(value))
        if label in cues.SOURCE_LABELS and 0 < vwords <= 8:
            return "source line", "source", value.rstrip(" .۔।")
        if label in cues.KEYWORD_LABELS:
            if value:
                return "keywords line", "keywords", value
            return "keywords line", "keywords_header", ""
        if label in cues.SECTION_LABELS and 0 < vwords <= 6:
            return "section label", "section", value
        if label in cues.BYLINE_LABELS and 0 < vwords <= 8:
            return "byline", "", ""
        if label in cues.CAPTION_LABELS and vwords <= 15:
            return "image caption", "", ""
        if label in cues.DISCLAIMER:
            return "disclaimer", "terminal", ""
        if label in cues.DATE_LABELS and find_date(value):
            return "date line", "date", find_date(value) or ""
        if label in cues.READ_ALSO:
            return "read-also link", ("read_marker" if not value else ""), ""
    if pk in cues.KEYWORD_LABELS:
        return "keywords line", "keywords_header", ""
    rp = _starts_with_any(pk, cues.READ_ALSO)
    if rp and nw <= 30:
        if pk == rp:
            if pk in cues.LIST_HEADERS:
                return "latest-news list", "list_header", ""
            return "read-also link", "read_marker", ""
        if len(rp.split()) >= 2:
            return "read-also link", "", ""
    if pk in cues.LIST_HEADERS or (nw <= 5 and key(plain.rstrip(":：")) in cues.LIST_HEADERS):
        return "latest-news list", "list_header", ""
    if pk in cues.ADVERTISEMENT:
        return "advertisement", "", ""
    if pk in cues.SOURCE_LINK:
        return "source link", "terminal", ""
    if any(c in t for c in "©") or (nw <= 12 and any(p in pk for p in cues.COPYRIGHT_WORDS)):
        return "copyright", "terminal", ""
    if _starts_with_any(pk, cues.DISCLAIMER):
        return "disclaimer", "terminal", ""
    if "*" in t and nw <= 3 and pk in cues.COMMENT_PHRASES:
        return "comment form", "terminal", ""
    if _is_share_row(words):
        return "share buttons", "", ""
    if nw <= 30 and any(p in pk for p in cues.PROMO_PHRASES):
        return "social promo", "", ""
    if nw <= 2 and all(w in cues.PROMO_VERBS for w in words):
        return "social promo", "", ""
    verbs = not cues.PROMO_VERBS.isdisjoint(words)
    targets = not cues.PROMO_TARGETS.isdisjoint(words)
    if verbs and targets and nw <= 45 and info.end != "strong" or (verbs and targets and nw <= 12):
        messenger = any(w in cues.MESSENGER_WORDS for w in words)
        return ("whatsapp promo" if messenger else "social promo"), "", ""
    if nw <= 12 and (pk in cues.COMMENT_PHRASES or _starts_with_any(pk, cues.COMMENT_PHRASES)
                     and _comment_like(pk)):
        return "comment form", "terminal", ""
    if nw <= 25 and pk.startswith(_LONG_COMMENT):
        return "comment form", "terminal", ""
    # Navigation: "Post navigation", "← Previous: ...", "Next: ... →", menus, language switch.
    if t.startswith(("←", "→", "«", "‹")) or t.endswith(("→", "»", "›")):
        return "navigation", "", ""
    if words and words[0] in cues.HOME_WORDS and nw >= 2 and info.end != "strong":
        parts = [p for p in _SEPARATORS.split(plain) if p.strip()]
        if len(parts) >= 2 and len(tokens(parts[-1])) <= 5:
            return "section label", "section", parts[-1].strip()
        return "navigation", "", ""
    if _starts_with_any(pk, cues.NAVIGATION) and (nw <= 3 or split is not None):
        return "navigation", "", ""
    parts = [p for p in _BAR.split(plain) if p.strip()] if "|" in plain else []
    if len(parts) >= 2 and all(len(tokens(p)) <= 3 for p in parts) and info.end != "strong":
        return "navigation", "", ""
    if nw <= 8 and any(w in cues.READ_TIME for w in words) and any(
        w in cues.MINUTE_WORDS for w in words
    ):
        return "read time", "", ""
    if nw <= 4 and any(w in cues.MINUTE_WORDS for w in words) and any(c.isdigit() for c in t):
        return "read time", "", ""
    if nw >= 4 and info.end != "strong" and ("/" in t or "|" in t) and _CAPTION_CREDIT.search(t):
        return "image caption", "", ""
    if nw <= 5 and info.end != "strong":
        if words and words[0] == "by" and 2 <= nw <= 5:
            return "byline", "", ""
        if any(w in cues.BYLINE_CORE for w in words) or (
            " ".join(words) in _BYLINE_PHRASES
        ):
            return "byline", "", ""
    return None, "", ""


_LONG_COMMENT = tuple(key(p) for p in (
    "your email address will not be published", "آپ کا ای میل ایڈریس شائع نہیں",
    "आपका ईमेल पता प्रकाशित नहीं", "you must be logged in to post a comment",
    "اس خبر پر اپنی رائے", "یہ خبر آپ کو کیسی لگی", "यह खबर आपको कैसी लगी",
    "please enter your", "required fields are marked",
))
_BYLINE_PHRASES = {key(p) for p in ("web desk", "news desk", "staff reporter", "ویب ڈیسک",
                                    "نیوز ڈیسک", "نمائندہ خصوصی", "اسٹاف رپورٹر", "سٹاف رپورٹر",
                                    "न्यूज़ डेस्क", "वेब डेस्क")}


def _comment_like(pk: str) -> bool:
    """A line starting with a comment phrase that is still a widget, not a sentence."""
    return len(pk.split()) <= 4
