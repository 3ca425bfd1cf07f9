"""Markup formats (Markdown, HTML) -> DecodedArticle, plus helpers shared with the JSON reader.

Everything here works on already-decoded text and never touches the network: HTML is parsed
by lxml with no_network and without entity resolution, nothing is executed, and no <img>,
<iframe> or stylesheet is ever loaded. Every entry of a produced `lines` list is one line
(never contains "\\n"); paragraphs are separated by a single "" so their structure survives.
"""
from __future__ import annotations

import logging

import datetime as _dt
import html as _html
import math
import re
from collections.abc import Iterable

import lxml.html
from lxml import etree

from ..model import DecodedArticle
from .encoding import DecodedText, RejectError, clean_text, decode_bytes

log = logging.getLogger("akhbar.ingest")
# trafilatura warns "discarding data: None" whenever a page is too short for its main
# extractor; we then use our own, so for the user (the CLI prints warnings) it is noise.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

# --------------------------------------------------------------------------- shared helpers

_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
_KEYWORD_SPLIT_RE = re.compile(r"[,،;؛]")
_WS_RE = re.compile(r"\s+")


def normalize_date(value: object) -> str | None:
    """ISO dates are cut to yyyy-mm-dd; anything else is passed on raw for the date parser
    that understands Urdu/Hindi month names. Unix timestamps (JSON exports) become UTC dates."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if not 1e8 <= value < 1e14:  # 2023 or 20230514 are not timestamps: pass them on raw
            return str(value) if math.isfinite(value) else None
        seconds = value / 1000 if value >= 1e11 else value  # milliseconds from JavaScript
        return _dt.datetime.fromtimestamp(seconds, tz=_dt.timezone.utc).date().isoformat()
    text = clean_field(value)
    if text is None:
        return None
    match = _ISO_DATE_RE.match(text)
    if match:
        try:
            return _dt.date(*map(int, match.groups())).isoformat()
        except ValueError:  # 2023-13-45: let the date parser report it
            return text
    return text


def clean_field(value: object) -> str | None:
    """A one-line metadata string (title, source, ...) or None if there is nothing in it."""
    if isinstance(value, dict) and "rendered" in value:  # WordPress REST: {"rendered": "..."}
        value = strip_tags(str(value["rendered"]))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = _WS_RE.sub(" ", clean_text(value)[0]).strip()
    return text or None


def split_keywords(value: object) -> list[str]:
    """Keywords from a list and/or comma-separated strings (ASCII or Arabic comma), deduped."""
    items: Iterable[object] = value if isinstance(value, (list, tuple)) else [value]
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            continue
        for part in _KEYWORD_SPLIT_RE.split(item):
            word = clean_field(part)
            if word and word not in out:
                out.append(word)
    return out


def paragraphs_to_lines(paragraphs: Iterable[str]) -> list[str]:
    """Paragraphs (which may hold single line breaks) -> lines with "" between paragraphs."""
    lines: list[str] = []
    for para in paragraphs:
        para_lines = [ln.strip() for ln in para.split("\n") if ln.strip()]
        if para_lines:
            if lines:
                lines.append("")
            lines.extend(para_lines)
    return lines


def has_text(lines: Iterable[str]) -> bool:
    return any(line.strip() for line in lines)


def _drop_title_line(lines: list[str], title: str | None) -> list[str]:
    """Remove a leading line that only repeats the title, so the title is not stored twice."""
    start = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if title and start is not None and _same_text(lines[start], title):
        rest = lines[start + 1:]
        while rest and not rest[0].strip():
            rest = rest[1:]
        return rest
    return lines


def _same_text(a: str, b: str) -> bool:
    return _WS_RE.sub(" ", a).strip().casefold() == _WS_RE.sub(" ", b).strip().casefold()


# --------------------------------------------------------------------------- markdown

_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_LINK_DEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_HR_RE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_BLOCK_PREFIX_RES = (
    re.compile(r"^\s*(?:>\s?)+"),                   # blockquote
    re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)"),         # ATX heading
    re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+"),    # list bullet (any script's digits)
)
_INLINE_SUBS = (
    (re.compile(r"<!--.*?-->"), ""),
    (re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])"), ""),   # images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),               # [text](url)
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),              # [text][ref]
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),       # <http://autolink>
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),  # inline html tags
    (re.compile(r"(`+)(.+?)\1"), r"\2"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"\*(?=\S)([^*\n]+?)(?<=\S)\*"), r"\1"),
    (re.compile(r"(?<!\w)_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
    (re.compile(r"\s+#+\s*$"), ""),                             # closing #'s of a heading
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])"), r"\1"),        # backslash escapes
)
_FRONT_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
_FRONT_ITEM_RE = re.compile(r"^\s*-\s+(.*)$")
_ATX_TITLE_RE = re.compile(r"^\s{0,3}#\s+(.+?)(?:\s+#+)?\s*$")
_SETEXT_RE = re.compile(r"^\s{0,3}=+\s*$")


def markdown_articles(text: str) -> list[DecodedArticle]:
    """One article from a Markdown file: front matter and first heading become metadata."""
    meta, body = _split_front_matter(text.split("\n"))
    title = clean_field(meta.get("title"))
    if title is None:  # with a front-matter title, a differing first heading stays in the text
        heading, body = _take_title_heading(body)
        title = clean_field(_strip_inline(heading)) if heading else None
    lines = _drop_title_line(_strip_markdown(body), title)
    while lines and not lines[-1].strip():
        lines.pop()
    if not has_text(lines):
        raise RejectError("Markdown file has no text besides its title and front matter")
    return [DecodedArticle(
        lines=lines,
        title=title,
        date=normalize_date(meta.get("date")),
        source=clean_field(meta.get("source")),
        source_url=clean_field(meta.get("url") or meta.get("source_url") or meta.get("link")),
        section=clean_field(meta.get("section") or meta.get("category")),
        keywords=split_keywords(meta.get("keywords") or meta.get("tags")),
    )]


def _split_front_matter(lines: list[str]) -> tuple[dict[str, str | list[str]], list[str]]:
    """`---` / key: value lines / `---` at the very top. Parsed by hand: no YAML dependency,
    and nothing in a file can make us build objects or run code."""
    if not lines or lines[0].strip() != "---":
        return {}, lines
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in ("---", "..."):
            meta = _parse_front_matter(lines[1:end])
            return (meta, lines[end + 1:]) if meta else ({}, lines)
    return {}, lines


def _parse_front_matter(lines: list[str]) -> dict[str, str | list[str]]:
    meta: dict[str, str | list[str]] = {}
    key: str | None = None
    for line in lines:
        item, pair = _FRONT_ITEM_RE.match(line), _FRONT_KEY_RE.match(line)
        if item and key is not None and isinstance(meta.get(key), list):
            meta[key].append(_unquote(item.group(1)))  # type: ignore[union-attr]
        elif pair:
            key, value = pair.group(1).lower(), pair.group(2).strip()
            if not value:
                meta[key] = []
            elif value.startswith("[") and value.endswith("]"):
                meta[key] = [_unquote(v) for v in value[1:-1].split(",") if v.strip()]
            else:
                meta[key] = _unquote(value)
    return meta


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _take_title_heading(lines: list[str]) -> tuple[str | None, list[str]]:
    """A level-1 heading (`# T` or `T` over `===`) as the first content line is the title."""
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        return None, lines
    match = _ATX_TITLE_RE.match(lines[first])
    if match:
        return match.group(1), lines[first + 1:]
    if first + 1 < len(lines) and _SETEXT_RE.match(lines[first + 1]):
        return lines[first].strip(), lines[first + 2:]
    return None, lines


# Raw HTML blocks whose content is code or another document: a Markdown renderer passes them
# to the browser (which runs or hides them), so their content is never text a reader sees.
_RAW_HTML_BLOCK_RE = re.compile(
    r"<(script|style|template|iframe|noscript|textarea|object)\b[^>]*>.*?</\1\s*>", re.I | re.S)


def _strip_markdown(lines: list[str]) -> list[str]:
    text = "\n".join(lines)
    if "<" in text:  # keep the line count: blank lines where the block was
        text = _RAW_HTML_BLOCK_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        lines = text.split("\n")
    out: list[str] = []
    in_fence = False
    for line in lines:
        if _FENCE_RE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            out.append(line)
        elif _HR_RE.match(line) or _SETEXT_RE.match(line):
            out.append("")
        elif not _LINK_DEF_RE.match(line):
            for pattern in _BLOCK_PREFIX_RES:
                line = pattern.sub("", line, count=1)
            out.append(_strip_inline(line).rstrip())
    while out and not out[0].strip():
        out.pop(0)
    return out


def _strip_inline(line: str) -> str:
    for pattern, repl in _INLINE_SUBS:
        line = pattern.sub(repl, line)
    return line


# --------------------------------------------------------------------------- HTML

_META_CHARSET_RE = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.I)
_XML_ENCODING_RE = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9_.\-]+)", re.I)
_SKIP_TAGS = frozenset(
    "script style noscript iframe frame frameset nav footer form header aside template svg "
    "math object embed applet button select textarea input canvas audio video map menu head "
    "dialog".split()
)
_HTML_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre article section main table tr "
    "td th caption figure figcaption address center hr body html details summary fieldset "
    "legend".split()
)
_TRAFILATURA_BLOCKS = frozenset("p head item list quote code table row cell div note".split())
_HTML_HINT_RE = re.compile(r"<(?:p|br|div|h[1-6]|li|ul|ol|blockquote|span|strong|em|b|i|a)\b[^>]*>",
                           re.I)
_HTML_BLOCK_HINT_RE = re.compile(
    r"<(?:p|br|div|h[1-6]|li|ul|ol|blockquote|table|pre|script|style|iframe)\b[^>]*>", re.I)


def decode_html_bytes(raw: bytes) -> DecodedText:
    """Decode an HTML file, honouring <meta charset> when the bytes are not UTF-8/UTF-16."""
    head = raw[:4096]
    match = _XML_ENCODING_RE.search(head) or _META_CHARSET_RE.search(head)
    declared = match.group(1).decode("ascii", "replace") if match else None
    return decode_bytes(raw, declared)


def html_articles(text: str) -> list[DecodedArticle]:
    """Main text and metadata of one HTML page: trafilatura first, plain block text second."""
    limits: list[str] = []
    tree = _parse_html(text, limits)
    if tree is None:
        raise RejectError("HTML page has no article text")
    _strip_non_content(tree)
    doc = _trafilatura_extract(tree)
    lines = _element_lines(doc.body, _TRAFILATURA_BLOCKS, {"lb"}, set()) if doc is not None else []
    if doc is None:
        doc = _trafilatura_metadata(tree)
    if not has_text(lines):
        lines = _element_lines(tree, _HTML_BLOCKS, {"br"}, _SKIP_TAGS)
    title = clean_field(getattr(doc, "title", None)) or _fallback_title(tree)
    lines = _drop_title_line(lines, title)
    if not has_text(lines):
        raise RejectError("HTML page has no article text" +
                          (f" that could be read ({limits[0]})" if limits else ""))
    categories = getattr(doc, "categories", None) or []
    return [DecodedArticle(
        lines=lines,
        warnings=[f"{limit}; the text after that point was not read" for limit in limits],
        title=title,
        date=normalize_date(getattr(doc, "date", None)),
        source=clean_field(getattr(doc, "sitename", None)),
        source_url=clean_field(getattr(doc, "url", None)),
        section=clean_field(categories[0]) if categories else None,
        keywords=split_keywords(getattr(doc, "tags", None) or []),
    )]


def html_fragment_lines(fragment: str) -> list[str]:
    """Plain lines from an HTML snippet (a JSON body exported from a CMS)."""
    tree = _parse_html(f"<html><body>{fragment}</body></html>")
    if tree is None:
        return []
    _strip_non_content(tree)  # (a bare <embed> would otherwise swallow the rest)
    return _element_lines(tree, _HTML_BLOCKS, {"br"}, _SKIP_TAGS)


def html_fragment_paragraphs(text: str) -> list[str] | None:
    """Paragraphs of a body that contains HTML, or None if it does not look like HTML.

    With block tags the markup decides the paragraphs; with inline tags only (a link in
    plain text), the blank lines of the text do, as HTML parsing would collapse them.
    """
    if not _HTML_HINT_RE.search(text):
        return None
    chunks = [text] if _HTML_BLOCK_HINT_RE.search(text) else re.split(r"\n[ \t]*\n", text)
    joined = "\n\n".join("\n".join(html_fragment_lines(chunk)) for chunk in chunks)
    return [p for p in joined.split("\n\n") if p.strip()]


def strip_tags(fragment: str) -> str:
    return _html.unescape(re.sub(r"<[^<>]*>", "", fragment))


def _parse_html(text: str, limits: list[str] | None = None) -> lxml.html.HtmlElement | None:
    """Parse with the network off. libxml2 stops at its safety limits (nesting deeper than
    256 elements, over 10 MB of text in one node) and silently returns what it had so far;
    those stops are appended to `limits`, so a page is never half imported without a word.
    (XML_PARSE_HUGE would only move the limits, and make trafilatura crawl a 2048-deep tree.)"""
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True,
        collect_ids=False, default_doctype=False,
    )
    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.LxmlError, ValueError):
        return None
    if limits is not None:
        limits.extend(_limit_reason(e.message) for e in parser.error_log
                      if e.level_name == "FATAL")
    return tree


# Elements whose content is code, embedded documents or form controls, never article text.
# trafilatura drops most of them itself, but on short pages it falls back to the plain text of
# <article>, which would carry an iframe's fallback text or a button label into the article.
_NON_CONTENT_XPATH = (
    "//script[not(contains(translate(@type, 'JSON', 'json'), 'json'))]|//style|//noscript"
    "|//template|//iframe|//frame|//frameset|//noframes|//object|//embed|//applet|//svg"
    "|//math|//canvas|//audio|//video|//button|//select|//textarea|//input"
)


def _strip_non_content(tree: lxml.html.HtmlElement) -> None:
    """Remove non-content elements (keeping their tail text) before any extractor runs.
    JSON-LD <script>s stay: they hold the page's date and title, as data, never run.

    libxml2 parses by HTML 4, where <embed> is not an empty element: everything after a bare
    <embed> becomes its "content". An embed is therefore unwrapped, not removed, or the rest
    of the article would go with it."""
    for el in tree.xpath(_NON_CONTENT_XPATH):
        if el.getparent() is None:
            continue
        if el.tag == "embed":
            el.attrib.clear()
            el.drop_tag()
        else:
            el.drop_tree()


def _limit_reason(message: str) -> str:
    if "depth" in message.lower():
        return "HTML is nested more than 256 levels deep"
    if "buffer size" in message.lower() or "huge" in message.lower():
        return "HTML has over 10 MB of text in one element"
    return "the HTML parser gave up on this page"


def _trafilatura_extract(tree: lxml.html.HtmlElement):  # type: ignore[no-untyped-def]
    """trafilatura on a tree we parsed ourselves (so it cannot re-decode or fetch anything);
    any failure inside the heuristic library just means "use the fallback"."""
    try:
        import trafilatura
    except ImportError:  # a broken install must be visible, not silently degrade extraction
        log.exception("trafilatura cannot be imported; using the simple HTML extractor")
        return None
    try:
        return trafilatura.bare_extraction(
            tree, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, include_links=False, favor_recall=True, deduplicate=False,
        )
    except Exception as exc:
        log.info("trafilatura failed on this page (%s); using the simple HTML extractor", exc)
        return None


def _trafilatura_metadata(tree: lxml.html.HtmlElement):  # type: ignore[no-untyped-def]
    try:
        from copy import deepcopy

        from trafilatura import extract_metadata

        return extract_metadata(deepcopy(tree))
    except Exception:
        return None


def _fallback_title(tree: lxml.html.HtmlElement) -> str | None:
    for xpath in ('//meta[@property="og:title"]/@content', "//title//text()", "//h1//text()"):
        found = clean_field(" ".join(str(t) for t in tree.xpath(xpath)))
        if found:
            return found
    return None


def _element_lines(
    root: etree._Element | None, blocks: frozenset[str], breaks: set[str],
    skip: frozenset[str] | set[str],
) -> list[str]:
    """Block-structured text of a tree: block elements end paragraphs, <br>/<lb> end lines,
    whitespace inside a paragraph collapses as a browser would. Iterative, so a deeply
    nested page cannot exhaust the Python stack."""
    if root is None:
        return []
    paragraphs: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            paragraphs.append("".join(buf))
            buf.clear()

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in blocks:
                flush()
            if tag in breaks:
                buf.append("\n")
            if tag in skip or not tag:
                walker.skip_subtree()
            elif el.text:
                buf.append(_WS_RE.sub(" ", el.text))
        else:
            if tag in blocks:
                flush()
            if el.tail and el is not root:
                buf.append(_WS_RE.sub(" ", el.tail))
    flush()
    return paragraphs_to_lines(clean_text(p)[0] for p in paragraphs)
