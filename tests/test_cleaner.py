"""The general boilerplate cleaner and metadata extractor, on the seeds and hand-made scrapes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akhbar.index.ingest.build import NoArticleText, build_article
from akhbar.index.ingest.cleaner import analyse_line
from akhbar.index.model import DecodedArticle

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SCRAPES = sorted((ROOT / "tests" / "data" / "scrapes").glob("*.txt"))


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _build(path: Path):
    return build_article(DecodedArticle(lines=_lines(path)), str(path))


def _seed(prefix: str) -> Path:
    return next(p for p in SEEDS if p.name.startswith(prefix))


def _body(article) -> list[str]:
    return [p.text for p in article.paragraphs]


def _assert_nothing_lost(lines: list[str], article) -> None:
    """Title line + body lines + removed lines account for every non-empty input line."""
    nonempty = {i for i, ln in enumerate(lines) if ln.strip()}
    removed = {r.line_no for r in article.removed}
    assert len(removed) == len(article.removed), "a line was removed twice"
    for r in article.removed:
        assert r.text == lines[r.line_no].strip()
        assert r.reason
    body_lines = []
    for i in sorted(nonempty - removed):
        body_lines.append(i)
    # Lines that are neither removed must be the title or be inside a paragraph, in order.
    remaining = [lines[i].strip() for i in body_lines]
    if remaining and remaining[0] == article.title and (
        not article.paragraphs or not article.paragraphs[0].text.startswith(article.title)
    ):
        remaining = remaining[1:]
    joined = [p.text for p in article.paragraphs]
    pos = 0
    for ln in remaining:
        while pos < len(joined) and ln not in joined[pos]:
            pos += 1
        assert pos < len(joined), f"line lost: {ln[:60]!r}"
    assert removed <= nonempty


# ---------------------------------------------------------------- seeds


def test_seed_000():
    a = _build(_seed("000"))
    assert a.title == "روس کو ہتھیاروں کی فراہمی: صدر کم جونگ ان کا رواں ماہ روس کا دورہ متوقع"
    assert a.date == "2023-09-05"
    assert a.lang == "ur"
    body = _body(a)
    assert body[0].startswith("شمالی کوریا کے صدر کم جونگ ان")
    assert not any("icon-facebook" in p for p in body)
    assert not any("تازہ ترین" == p.strip() for p in body)
    for item in ("برطانیہ میں غربت کی انتہا", "ٹک ٹاک سوشل میڈیا", "ایک تھا ونڈر بوائے",
                 "نظر نہ آنے والے ہتھیاروں", "واٹس ایپ پر وی نیوز"):
        assert not any(item in p for p in body)
    assert len(body) == 6
    reasons = {r.text: r.reason for r in a.removed}
    assert reasons["منگل 5 ستمبر 2023"] == "date line"
    assert reasons["تازہ ترین"] == "latest-news list"


def test_seed_001():
    a = _build(_seed("001"))
    assert a.source == "WE News"
    assert a.keywords and "لاوروف" in a.keywords and "پیوٹن" in a.keywords
    body = _body(a)
    assert body[0].startswith("شمالی کوریا نے یوکرین کے خلاف روس")
    assert not any("ناٹو" in p for p in body)  # the glued NATO drone article
    assert not any("یہ بھی پڑھیں" in p for p in body)
    assert not any("data-id" in p for p in body)
    assert body[-1].startswith("واضح رہے کہ گزشتہ برس")
    reasons = {r.line_no: r.reason for r in a.removed}
    assert reasons[40] == "unrelated trailing article"
    assert reasons[30] == "source line"
    assert a.date is None
    assert a.title.startswith("شمالی کوریا نے یوکرین")  # derived from the first sentence


def test_seed_002():
    a = _build(_seed("002"))
    assert a.date is None
    body = _body(a)
    assert len(body) == 30
    for junk in ("Source link", "Leave a Reply", "Join our Facebook", "By hassani",
                 "Your email address"):
        assert not any(junk in p for p in body)
    reasons = {r.text: r.reason for r in a.removed}
    assert reasons["Leave a Reply"] == "comment form"


def test_seed_003():
    a = _build(_seed("003"))
    assert a.title == ("Kim Jong-un Vladimir Putin Plan To Meet In Russia To Discuss Weapons "
                       "Know Everything")
    assert a.lang == "hi"
    body = _body(a)
    assert body[0].startswith("Russia North Korea Relation:")
    assert "व्हाइट हाउस ने पहले ही किया था दावा" in body  # in-body subheading stays
    for junk in ("ये भी पढ़ें", "LEAVE A REPLY", "Source link", "Please enter"):
        assert not any(junk in p for p in body)
    assert all(p.lang == "hi" for p in a.paragraphs)


def test_seed_004():
    a = _build(_seed("004"))
    assert a.date == "2025-03-22"
    assert a.section == "سیاست"
    assert a.title == "روسی صدر ولادیمیر پوتن کے اعلیٰ سیکیورٹی مشیر سرگئی شوئیگو شمالی کوریا پہنچ گئے"
    body = _body(a)
    assert a.title not in body  # the repeated headline is a duplicate, not body
    assert "00:00" not in body
    assert not any("منٹ پڑھنے" in p for p in body)
    assert not any("دریافت کیجیے" in p for p in body)
    assert not any("ایئر بس نے طیاروں" in p for p in body)
    assert not any("Reuters" in p for p in body)  # "X / Reuters" captions are removed
    reasons = {r.line_no: r.reason for r in a.removed}
    assert reasons[5] == "duplicate line"
    assert reasons[6] == "image caption"
    assert reasons[1] == "read time"


# ---------------------------------------------------------------- hand-made scrapes


def _expected(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SCRAPES, ids=[p.stem for p in SCRAPES])
def test_scrape(path):
    ex = _expected(path)
    if ex["reject"]:
        with pytest.raises(NoArticleText) as info:
            _build(path)
        assert info.value.reason
        return
    a = _build(path)
    assert a.title == ex["title"]
    assert a.date == ex["date"]
    assert a.lang == ex["lang"]
    for field in ("source", "section", "keywords"):
        if ex[field] is not None:
            assert getattr(a, field) == ex[field], field
    body = _body(a)
    for s in ex["must_keep"]:
        assert any(s in p for p in body), f"missing: {s}"
    for s in ex["must_drop"]:
        assert not any(s in p for p in body), f"kept: {s}"


@pytest.mark.parametrize("path", SEEDS + SCRAPES, ids=[p.stem for p in SEEDS + SCRAPES])
def test_nothing_lost(path):
    lines = _lines(path)
    try:
        a = build_article(DecodedArticle(lines=lines), str(path))
    except NoArticleText:
        return
    _assert_nothing_lost(lines, a)


# ---------------------------------------------------------------- behaviour details


def test_english_caption_paragraph_keeps_its_language():
    lines = [
        "پاکستان کا سیٹلائٹ خلا میں روانہ",
        "",
        "پاکستان کا مواصلاتی سیٹلائٹ چین کے لانچ سینٹر سے کامیابی کے ساتھ خلا میں روانہ کر دیا گیا۔",
        "",
        "The satellite was built with Chinese help and will serve the whole country, officials said.",
        "",
        "حکام نے بتایا کہ سیٹلائٹ کو اپنے مدار تک پہنچنے میں چند ہفتے لگیں گے اور اس کے بعد سروس شروع ہو گی۔",
    ]
    a = build_article(DecodedArticle(lines=lines), "x.txt")
    assert a.lang == "ur"
    assert [p.lang for p in a.paragraphs] == ["ur", "en", "ur"]


def test_given_title_and_duplicate_line():
    lines = ["Headline here", "", "یہ ایک طویل جملہ ہے جس میں کئی الفاظ ہیں اور یہ خبر کا حصہ ہے۔"]
    a = build_article(DecodedArticle(lines=lines, title="Headline here"), "x.html")
    assert a.title == "Headline here"
    assert [r.reason for r in a.removed] == ["duplicate line"]
    assert len(a.paragraphs) == 1


def test_structured_input_keeps_paragraphs():
    lines = ["پہلا پیراگراف", "Share on Facebook", "دوسرا پیراگراف ہے", "یہ بھی پڑھیں: کچھ اور"]
    a = build_article(DecodedArticle(lines=lines, title="عنوان", structured=True), "x.json")
    assert [p.text for p in a.paragraphs] == ["پہلا پیراگراف", "دوسرا پیراگراف ہے"]
    assert {r.reason for r in a.removed} == {"share buttons", "read-also link"}


def test_wrapped_lines_are_merged():
    para = ("This is a long paragraph of an English article that was hard wrapped at a fixed "
            "width by the tool that saved it, so every line is about the same length and the "
            "sentences run on from one line to the next without blank lines between them. "
            "A reader should see one paragraph, not a dozen fragments of a paragraph here.")
    words = para.split()
    wrapped, cur = [], ""
    for w in words:
        if len(cur) + len(w) + 1 > 60:
            wrapped.append(cur)
            cur = w
        else:
            cur = (cur + " " + w).strip()
    wrapped.append(cur)
    lines = ["Some Headline Of The Article", ""] + wrapped
    a = build_article(DecodedArticle(lines=lines), "x.txt")
    assert len(a.paragraphs) == 1
    assert a.paragraphs[0].text == para


def test_empty_and_boilerplate_only_raise():
    with pytest.raises(NoArticleText):
        build_article(DecodedArticle(lines=[]), "x")
    with pytest.raises(NoArticleText) as info:
        build_article(DecodedArticle(lines=["icon-facebook", "", "Leave a Reply", "Source link"]), "x")
    assert "boilerplate" in info.value.reason


@pytest.mark.parametrize(
    "line, reason",
    [
        ("icon-facebook icon-twitter icon-whatsapp", "share buttons"),
        ("Share on WhatsApp", "share buttons"),
        ("یہ بھی پڑھیں: کراچی میں بارش", "read-also link"),
        ("ये भी पढ़ें: मानसून अपडेट", "read-also link"),
        ("Leave a Reply", "comment form"),
        ("data-id=\"863a0a8\" data-element_type=\"widget\">", "html residue"),
        ("00:00", "timestamp"),
        ("2 منٹ پڑھنے", "read time"),
        ("4 मिनट में पढ़ें", "read time"),
        ("5 min read", "read time"),
        ("Source link", "source link"),
        ("ذریعہ: WE News", "source line"),
        ("کلیدی لفظ: پیانگ یانگ", "keywords line"),
        ("Advertisement", "advertisement"),
        ("اشتہار", "advertisement"),
        ("تازہ ترین", "latest-news list"),
        ("संबंधित खबरें", "latest-news list"),
        ("منگل 5 ستمبر 2023", "date line"),
        ("By Staff Reporter", "byline"),
        ("Putin visits North Korea / Reuters", "image caption"),
        ("© 2024 جملہ حقوق محفوظ ہیں", "copyright"),
        ("ہمارا واٹس ایپ چینل جوائن کریں", "whatsapp promo"),
    ],
)
def test_line_reasons(line, reason):
    assert analyse_line(line).reason == reason


@pytest.mark.parametrize(
    "line",
    [
        "شمالی کوریا کے صدر کم جونگ ان رواں ماہ روس جائیں گے۔",
        "व्हाइट हाउस ने पहले ही किया था दावा",
        "ذرائع کے مطابق پٹرول کی قیمت میں اضافہ ہو سکتا ہے۔",  # "ذرائع" is not a source label
        "Source: the ministry said the talks would continue next week in Islamabad with both sides.",
    ],
)
def test_prose_is_not_boilerplate(line):
    assert analyse_line(line).reason is None


# ---------------------------------------------------------------- property tests

_line = st.one_of(
    st.text(max_size=80),
    st.sampled_from([
        "", "icon-facebook", "تازہ ترین", "Source link", "منگل 5 ستمبر 2023", "ٹیگز", "00:00",
        "یہ بھی پڑھیں:", "سیاست", "ذریعہ: X", "Tags:", "Leave a Reply", "•", "<div>",
        "شمالی کوریا کے صدر کم جونگ ان رواں ماہ روس جائیں گے۔",
        "रूस हथियारों के लिए उत्तर कोरिया की तरफ देख रहा है।",
        "The Punjab government ordered all schools to remain closed for the week.",
    ]),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(_line, max_size=25), structured=st.booleans(),
       title=st.one_of(st.none(), st.text(max_size=30)))
def test_build_never_crashes_and_loses_nothing(lines, structured, title):
    # Lines never contain line breaks (a reader splits on them).
    lines = [ln.replace("\n", " ").replace("\r", " ").replace("\x0b", " ").replace("\x0c", " ")
             .replace("\x1c", " ").replace("\x1d", " ").replace("\x1e", " ").replace("\x85", " ")
             .replace("\u2028", " ").replace("\u2029", " ") for ln in lines]
    try:
        a = build_article(DecodedArticle(lines=lines, title=title, structured=structured), "h")
    except NoArticleText as exc:
        assert exc.reason
        return
    assert a.paragraphs
    assert a.title.strip()
    nonempty = {i for i, ln in enumerate(lines) if ln.strip()}
    removed = [r.line_no for r in a.removed]
    assert len(removed) == len(set(removed))
    assert set(removed) <= nonempty
    kept = sorted(nonempty - set(removed))
    body_text = "\n".join(p.text for p in a.paragraphs)
    for i in kept:
        s = lines[i].strip()
        assert s in a.title or s in body_text
