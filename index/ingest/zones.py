"""Context decisions on classified lines: title, header zone, body region, footer, lists.

Input: `LineInfo` for every non-empty line (see `cleaner.analyse_line`). Output: for every
non-empty line either "title", "body", or a removal reason. The passes, in order:

1. Items owned by a label line: lines after a bare keywords label ("ٹیگز", "Tags:") are keyword
   items; short non-sentence lines after a list header ("تازہ ترین", "Related Posts",
   "सबसे ज्यादा पढ़ी गई") are list items (the run stops at the first sentence-like line).
2. Title: the first remaining line if it is a plausible headline; a 1–3 word line right before
   the headline is a section label. Other short lines above the body are header residue.
3. Body start: the first *sentence-like* line (ends with ۔ । . ? ! and ≥ 5 words, or ≥ 12 words
   with ≥ 10 % function words, or ≥ 20 words).
4. Terminal: the first footer marker after the body started (source line, keywords line,
   list header, comment form, "Source link", copyright, disclaimer, bare "پڑھیں:").
   Before it, remaining lines are body, except duplicates of the title/earlier lines and a
   trailing run of short non-sentence lines (tag clouds, headline lists without a header).
5. After the terminal: sentence-like lines are compared with the main article (share of
   their content words that occur in title + body); a low share means a second, unrelated
   article glued after the first ("unrelated trailing article", headline included); a high
   share means the article simply continues (body). Other lines inherit the reason of the
   last list header / comment form above them.
"""
from __future__ import annotations

from ..text.normalize import normalize
from ..text.tokenize import tokens
from . import cues
from .cleaner import LineInfo
from .metadata import is_label_line, plausible_title

# A paragraph after a footer marker continues the article only when at least this share of
# its content words occurs in title + main body. Measured on the seeds and scrapes: the glued
# second articles score 0.18–0.25, but genuine paragraphs of short articles score anywhere in
# 0.0–0.75 against the rest of their article (leave-one-out), so the overlap cannot *prove* a
# paragraph unrelated. We therefore treat text after a footer marker as not-body by default
# and resume the body only for a clear continuation.
RESUME_SIMILARITY = 0.5
TERMINAL_KINDS = {"terminal", "list_header", "source", "keywords", "keywords_header",
                  "read_marker"}


def is_sentence(info: LineInfo) -> bool:
    if info.reason is not None:
        return False
    if info.fw == 0 and info.n_words >= 5 and info.lang in ("ur", "hi"):
        return False  # a run of nouns: tag cloud or headline, not prose
    if info.end == "strong" and info.n_words >= 5:
        return True
    if info.end == "quote" and info.n_words >= 8 and info.fw >= 1:
        return True
    if info.n_words >= 12 and info.fw_ratio >= 0.1:
        return True
    return info.n_words >= 20 and info.lang not in ("ur", "hi", "en")


def content_words(text: str) -> set[str]:
    out = set()
    for w in tokens(normalize(text)):
        if len(w) > 2 and w not in cues.FUNCTION_WORDS and not w.isdigit():
            out.add(w)
    return out


def similarity(text: str, ref: set[str]) -> float:
    words = content_words(text)
    if not words:
        return 0.0
    return len(words & ref) / len(words)


def _dup_key(info: LineInfo) -> str:
    return info.key


def decide(infos: list[LineInfo], title_given: str | None = None) -> dict[int, str]:
    """Map each line index to "title", "body" or a removal reason."""
    dec: dict[int, str] = {}
    for inf in infos:
        if inf.reason is not None:
            dec[inf.idx] = inf.reason
    order = [inf for inf in infos]
    pos = {inf.idx: n for n, inf in enumerate(order)}

    # 1. Items owned by keyword labels and list headers.
    n = 0
    while n < len(order):
        inf = order[n]
        if inf.kind == "keywords_header":
            m = n + 1
            while m < len(order) and order[m].reason is None and order[m].n_words <= 6 \
                    and order[m].end != "strong" and order[m].idx - order[m - 1].idx <= 2:
                dec[order[m].idx] = "keywords line"
                order[m].kind = "keyword_item"
                m += 1
            n = m
            continue
        if inf.kind == "list_header":
            m = n + 1
            run = []
            while m < len(order):
                o = order[m]
                if o.reason is not None:
                    if o.kind == "list_header" or o.reason in ("timestamp", "numeric residue"):
                        break
                    m += 1
                    continue
                if is_sentence(o) and o.n_words > 25:
                    break
                if o.end == "strong" and o.text.rstrip("”’\"' )")[-1:] in "۔।." \
                        and o.n_words >= 8 and o.fw >= 2:
                    break
                run.append(o)
                m += 1
            body_seen = any(is_sentence(x) and dec.get(x.idx) is None
                            for x in order[:n])
            if run and not body_seen and m < len(order) and is_sentence(order[m]):
                run = run[:-1]  # the last line before the body is the headline
            for o in run:
                dec[o.idx] = "latest-news list"
            n = max(m, n + 1)
            continue
        n += 1

    cands = [inf for inf in order if inf.idx not in dec]
    if not cands:
        return dec

    # 2. Title and section label among the lines before the body.
    title_idx = None
    section_idx = None
    if title_given is None:
        k = 0
        c0 = cands[0]
        if is_label_line(c0) and len(cands) > 1 and plausible_title(cands[1]) \
                and cands[1].end != "strong" and cands[1].n_words > c0.n_words:
            section_idx = c0.idx
            k = 1
        ck = cands[k]
        last = ck.text.rstrip("”’\"' )]")[-1:]
        if plausible_title(ck) and ck.n_words <= 25 and not (last == "." and is_sentence(ck)):
            title_idx = ck.idx
    else:
        tkey = " ".join(tokens(normalize(title_given)))
        for c in cands:
            if c.key == tkey:
                dec[c.idx] = "duplicate line"
                break
        cands = [c for c in cands if c.idx not in dec]
        if not cands:
            return dec
    if section_idx is not None:
        dec[section_idx] = "section label"
    if title_idx is not None:
        dec[title_idx] = "title"
    cands = [c for c in cands if c.idx not in dec]
    if not cands:
        return dec

    # 3. Body start.
    start = next((c for c in cands if is_sentence(c)), None)
    if start is None:
        # No sentence anywhere: keep the remaining lines only if they amount to some text.
        if sum(c.n_words for c in cands) >= 20 and len(cands) >= 2:
            start = cands[0]
        else:
            for c in cands:
                dec[c.idx] = "short non-sentence line"
            return dec
    for c in cands:
        if c.idx >= start.idx:
            break
        # Above the body: standfirst-like lines stay, short residue goes.
        if title_idx is not None and c.idx > title_idx and c.n_words >= 6 and c.fw >= 1:
            continue
        dec[c.idx] = "short non-sentence line"

    # 4. Terminal marker after the body start.
    term_pos = None
    for inf in order:
        if inf.idx > start.idx and inf.kind in TERMINAL_KINDS:
            term_pos = pos[inf.idx]
            break
    end_idx = order[term_pos].idx if term_pos is not None else order[-1].idx + 1
    region = [c for c in cands if c.idx not in dec and c.idx < end_idx]

    # Duplicates of the title or of an earlier body line.
    seen: set[str] = set()
    for inf in order:
        if dec.get(inf.idx) == "title":
            seen.add(_dup_key(inf))
    if title_given:
        seen.add(" ".join(tokens(normalize(title_given))))
    for c in region:
        kk = _dup_key(c)
        if kk and kk in seen:
            dec[c.idx] = "duplicate line"
        else:
            seen.add(kk)
    region = [c for c in region if c.idx not in dec]

    # Trailing run of short non-sentence lines at the end of the region.
    trail: list[LineInfo] = []
    for c in reversed(region):
        if is_sentence(c):
            break
        trail.append(c)
    trail.reverse()
    if trail and len(trail) < len(region):
        for c in trail:
            if c.fw == 0 and c.n_words >= 4:
                dec[c.idx] = "keywords line"
            elif len(trail) >= 2 and c.n_words <= 25:
                dec[c.idx] = "latest-news list"
            elif c.fw == 0:
                dec[c.idx] = "short non-sentence line"
    for c in region:
        dec.setdefault(c.idx, "body")

    # 5. After the terminal marker.
    if term_pos is None:
        return dec
    ref = set()
    for inf in order:
        if dec.get(inf.idx) in ("title", "body"):
            ref |= content_words(inf.text)
    if title_given:
        ref |= content_words(title_given)
    mode = None
    post = order[term_pos:]
    verdicts: dict[int, str] = {}
    for inf in post:
        if inf.idx in dec and dec[inf.idx] not in ("body",):
            if inf.kind == "list_header":
                mode = "latest-news list"
            elif inf.reason == "comment form":
                mode = "comment form"
            continue
        if mode == "comment form":
            verdicts[inf.idx] = "comment form"
        elif is_sentence(inf):
            sim = similarity(inf.text, ref)
            verdicts[inf.idx] = "body" if sim >= RESUME_SIMILARITY else "unrelated trailing article"
        else:
            verdicts[inf.idx] = mode or ""  # decided from the neighbours below
    # Headlines of glued articles: a non-sentence line right before an unrelated paragraph.
    post_c = [inf for inf in post if inf.idx in verdicts]
    for j, inf in enumerate(post_c):
        v = verdicts[inf.idx]
        if v in ("", "latest-news list") and not is_sentence(inf):
            nxt = post_c[j + 1] if j + 1 < len(post_c) else None
            if nxt is not None and verdicts[nxt.idx] in ("unrelated trailing article", "body") \
                    and is_sentence(nxt):
                if verdicts[nxt.idx] == "body" and v == "":
                    verdicts[inf.idx] = "body"
                elif verdicts[nxt.idx] == "unrelated trailing article":
                    verdicts[inf.idx] = "unrelated trailing article"
        if verdicts[inf.idx] == "":
            verdicts[inf.idx] = ("keywords line" if inf.fw == 0 and inf.n_words >= 4
                                 else "short non-sentence line")
    dec.update(verdicts)
    return dec
