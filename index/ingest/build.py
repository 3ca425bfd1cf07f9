"""Assemble a cleaned `Article` from a `DecodedArticle`.

`build_article(decoded, source_path)` classifies every line (`cleaner`), decides title / body /
removed per line (`zones`), reads the metadata (`metadata`) and returns an `Article` in which
nothing is lost: the title line, the body paragraph lines and the `RemovedLine`s (with their
0-based line numbers and a reason) together account for every non-empty input line.

Raises `NoArticleText` when no body text remains.
"""
from __future__ import annotations

from ..model import Article, DecodedArticle, Paragraph, RemovedLine
from ..text.langid import detect_language
from .cleaner import LineInfo, analyse_line
from .metadata import clean_value, derive_title, split_keywords
from .zones import decide

# In structured input (JSON bodies) only these reasons remove a paragraph.
_STRUCTURED_DROP = {
    "html residue", "share buttons", "read-also link", "whatsapp promo", "social promo",
    "advertisement", "source link", "copyright", "timestamp", "numeric residue", "separator",
}


# A news article has tens to hundreds of lines; cleaning, entity tagging and indexing cost
# about a millisecond per line and a few microseconds per character, in one step that cannot
# be cancelled. A 25 MB file of short lines would hold the import for ten minutes, so input
# beyond these sizes is refused as "not one article" (about ten seconds of work at most).
MAX_ARTICLE_LINES = 20_000
MAX_ARTICLE_CHARS = 2_000_000


class NoArticleText(Exception):
    """The input cannot become an article: no body text, or far too long to be one article.
    `reason` is a one-line explanation."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _wrapped(cands: list[LineInfo]) -> int:
    """Width of a hard-wrapped input (consecutive prose lines of similar width), else 0."""
    if len(cands) < 4:
        return 0
    adjacent = sum(1 for a, b in zip(cands, cands[1:]) if b.idx == a.idx + 1)
    if adjacent < 0.7 * (len(cands) - 1):
        return 0
    lengths = [len(c.text) for c in cands]
    width = max(lengths)
    if width > 120:
        return 0
    near = sum(1 for n in lengths if n >= 0.75 * width)
    ends = sum(1 for c in cands if c.end == "strong")
    if near >= 0.5 * len(lengths) and ends < 0.6 * len(cands):
        return width
    return 0


def _merge_wrapped(infos: list[LineInfo]) -> tuple[list[LineInfo], dict[int, list[int]]]:
    """Join hard-wrapped lines into one logical line each; members maps first idx -> lines."""
    members = {inf.idx: [inf.idx] for inf in infos}
    cands = [inf for inf in infos if inf.reason is None]
    width = _wrapped(cands)
    if not width:
        return infos, members
    out: list[LineInfo] = []
    group: list[LineInfo] = []

    def flush():
        if not group:
            return
        if len(group) == 1:
            out.append(group[0])
        else:
            merged = analyse_line(" ".join(g.text for g in group), group[0].idx)
            out.append(merged)
            members[group[0].idx] = [g.idx for g in group]
        group.clear()

    for inf in infos:
        if inf.reason is None and group and group[-1].idx == inf.idx - 1 \
                and len(group[-1].text) >= 0.75 * width:
            group.append(inf)
            continue
        flush()
        if inf.reason is None:
            group.append(inf)
        else:
            out.append(inf)
    flush()
    return out, members


def build_article(decoded: DecodedArticle, source_path: str) -> Article:
    lines = [ln if isinstance(ln, str) else str(ln) for ln in (decoded.lines or [])]
    _check_size(lines)
    infos: list[LineInfo] = [analyse_line(ln, i) for i, ln in enumerate(lines) if ln.strip()]
    if not infos:
        raise NoArticleText("no article text found (the input is empty)")
    n_lines = len(infos)  # before hard-wrapped lines are joined: the user counts these

    given_title = decoded.title.strip() if decoded.title and decoded.title.strip() else None
    if decoded.structured:
        members = {inf.idx: [inf.idx] for inf in infos}
        dec = _decide_structured(infos, given_title)
    else:
        infos, members = _merge_wrapped(infos)
        dec = decide(infos, given_title)

    body_idx = [inf.idx for inf in infos if dec.get(inf.idx) == "body"]
    if not body_idx:
        raise NoArticleText(
            "no article text found (the only line looks like boilerplate)" if n_lines == 1
            else f"no article text found (all {n_lines:,} lines look like boilerplate)"
        )

    by_idx = {inf.idx: inf for inf in infos}
    body_text = "\n".join(by_idx[i].text for i in body_idx)
    lang = detect_language(body_text)
    paragraphs = []
    for i in body_idx:
        plang = detect_language(by_idx[i].text)
        paragraphs.append(Paragraph(text=by_idx[i].text,
                                    lang=plang if plang != "und" else lang,
                                    line_no=i))

    title_idx = next((i for i, d in dec.items() if d == "title"), None)
    if given_title:
        title = given_title
    elif title_idx is not None:
        title = by_idx[title_idx].text
    else:
        title = derive_title(paragraphs[0].text)

    removed = [
        RemovedLine(text=lines[m].strip(), reason=dec.get(inf.idx) or "short non-sentence line",
                    line_no=m)
        for inf in infos if dec.get(inf.idx) not in ("body", "title")
        for m in members[inf.idx]
    ]

    date = decoded.date
    source = decoded.source
    section = decoded.section
    keywords = list(decoded.keywords or [])
    found_kw: list[str] = []
    for inf in infos:
        d = dec.get(inf.idx)
        if d in ("body", "title"):
            continue
        if inf.kind == "date" and not date and inf.value:
            date = inf.value
        elif inf.kind == "source" and not source and inf.value:
            source = clean_value(inf.value) or None
        elif inf.kind == "section" and not section and inf.value:
            section = clean_value(inf.value) or None
        elif inf.kind == "keywords" and inf.value:
            found_kw.extend(split_keywords(inf.value))
        elif inf.kind == "keyword_item":
            found_kw.extend(split_keywords(inf.text) if any(c in inf.text for c in "،,;|")
                            else [inf.text.strip()])
        elif d == "section label" and not section and not inf.value:
            section = inf.text.strip()
    if not keywords:
        for k in found_kw:
            if k not in keywords:
                keywords.append(k)

    return Article(
        title=title,
        lang=lang,
        paragraphs=paragraphs,
        removed=removed,
        date=date,
        source=source,
        source_url=decoded.source_url,
        section=section,
        keywords=keywords,
        source_path=source_path,
        warnings=list(decoded.warnings or []),
    )


def _check_size(lines: list[str]) -> None:
    n_lines = sum(1 for ln in lines if ln.strip())
    if n_lines > MAX_ARTICLE_LINES:
        raise NoArticleText(f"too long for one article ({n_lines:,} lines; the limit is "
                            f"{MAX_ARTICLE_LINES:,}): split it into one file per article")
    n_chars = sum(map(len, lines))
    if n_chars > MAX_ARTICLE_CHARS:
        raise NoArticleText(f"too long for one article ({n_chars / 1e6:.1f} million characters;"
                            f" the limit is {MAX_ARTICLE_CHARS // 1_000_000} million)")


def _decide_structured(infos: list[LineInfo], given_title: str | None) -> dict[int, str]:
    """JSON bodies: every paragraph is body unless it is obvious boilerplate."""
    dec: dict[int, str] = {}
    tkey = None
    if given_title:
        from .cleaner import key
        tkey = key(given_title)
    for inf in infos:
        if inf.reason in _STRUCTURED_DROP or (inf.reason == "comment form" and inf.n_words <= 12):
            dec[inf.idx] = inf.reason
        elif tkey and inf.key == tkey:
            dec[inf.idx] = "duplicate line"
        else:
            dec[inf.idx] = "body"
    return dec
