"""Readers: finding files, reading bytes, detecting encodings, and the per-format decoders.

All fixtures are written into tmp_path by the tests themselves, so every case shows the
exact bytes it is about.
"""
from __future__ import annotations

import hashlib
import json
import os
import socket
from pathlib import Path

import pytest
import trafilatura  # noqa: F401  (imported before the no-network fixture disables sockets)
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.index.ingest.readers import (
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    DecodeResult,
    RejectError,
    decode_document,
    decode_text,
    iter_input_files,
    read_file,
)
from akhbar.index.model import DecodedArticle, RawDocument

URDU = (
    "لاہور میں آج صبح سے موسلا دھار بارش جاری ہے جس سے نشیبی علاقے زیر آب آ گئے۔\n"
    "محکمہ موسمیات کے مطابق بارش کا سلسلہ کل تک جاری رہے گا۔\n"
)
HINDI = "दिल्ली में आज सुबह से तेज़ बारिश हो रही है। मौसम विभाग ने चेतावनी जारी की है।\n"
# Windows-1256 has ٹ ڈ ڑ ں ے ہ ھ پ چ ژ گ ک but not Farsi yeh (ی) or the Urdu full stop (۔):
# real cp1256 Urdu files use Arabic yeh (ي) and "." instead, so the fixture does too.
URDU_1256 = "پاکستان ميں بارش. لاہور کے شہريوں نے سکھ کا سانس ليا اور بچے گھروں سے باہر نکلے.\n"


def doc(name: str, raw: bytes) -> RawDocument:
    return RawDocument(source_path=name, raw=raw, sha256=hashlib.sha256(raw).hexdigest())


def only_article(result: DecodeResult) -> DecodedArticle:
    assert len(result.articles) == 1
    return result.articles[0]


def rejected(raw: bytes) -> str:
    with pytest.raises(RejectError) as info:
        decode_text(raw)
    assert "\n" not in info.value.reason and str(info.value) == info.value.reason
    return info.value.reason


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (URDU.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + URDU.encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + URDU.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + URDU.encode("utf-16-be"), "utf-16-be"),
        (URDU.encode("utf-32"), "utf-32-le"),
        (URDU.encode("utf-16-le"), "utf-16-le"),  # no BOM: found by the NUL-byte pattern
        (URDU.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_unicode_encodings_decode_to_the_same_text(raw: bytes, encoding: str) -> None:
    text, found = decode_text(raw)
    assert (text, found) == (URDU, encoding)


def test_hindi_utf8_and_utf16_without_bom() -> None:
    assert decode_text(HINDI.encode()) == (HINDI, "utf-8")
    assert decode_text(HINDI.encode("utf-16-le")) == (HINDI, "utf-16-le")


def test_windows_1256_urdu_is_detected() -> None:
    assert decode_text(URDU_1256.encode("cp1256")) == (URDU_1256, "cp1256")


def test_windows_1252_english_is_not_taken_for_urdu() -> None:
    text, encoding = decode_text("Café owners in Karachi said: “prices rose.”\n".encode("cp1252"))
    assert encoding == "cp1252" and "Café" in text and "“prices" in text


def test_newlines_nfc_bom_and_controls_are_normalised() -> None:
    decomposed = "ا\u0653"  # alef + maddah composes to آ under NFC
    raw = ("\ufeff" + decomposed + "\r\nدو\rتین\x07\n").encode()
    result = decode_document(doc("a.txt", raw))
    assert only_article(result).lines == ["آ", "دو", "تین", ""]
    assert result.warnings == ["removed 1 control character"]



@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_json_fields_are_nfc_whether_written_decomposed_or_escaped(suffix: str) -> None:
    """Every field an article takes from JSON is composed, raw or as a \\u escape (the
    file as a whole is not composed first: each field is, once parsed)."""
    fields = {"title": "ESCAPED title", "body": "جا\u0653ن ज\u093cरूर\n\nदूसरा",
              "source": "ا\u0653ج", "section": "न\u093c", "keywords": "ا\u0653, ज\u093c",
              "date": "2023-09-05"}
    line = json.dumps(fields, ensure_ascii=False).replace("ESCAPED", "ا\\u0653")
    raw = (line + "\n").encode()
    article = only_article(decode_document(doc("a" + suffix, raw)))
    assert article.title == "آ title"
    # (ज़ stays ज + nukta: NFC never composes it; न + nukta does compose, to ऩ)
    assert article.lines == ["جآن ज\u093cरूर", "", "दूसरा"]
    assert (article.source, article.section) == ("آج", "\u0929")
    assert article.keywords == ["آ", "ज\u093c"]


def test_damaged_utf8_is_kept_with_a_warning() -> None:
    raw = (URDU * 20).encode()[:-2]  # drop the newline and cut the last letter in half
    result = decode_document(doc("a.txt", raw))
    assert result.encoding == "utf-8"
    assert result.warnings == ["1 invalid byte replaced"]
    assert only_article(result).lines[0] == URDU.split("\n")[0]


def test_invalid_utf8_garbage_is_rejected() -> None:
    assert rejected(bytes(range(0x80, 0x100)) * 4) == (
        "not valid text in any supported encoding (UTF-8, UTF-16, Windows-1256)"
    )


def test_utf8_mojibake_through_cp1256_is_not_accepted() -> None:
    raw = bytearray((URDU * 10).encode())
    raw[::7] = b"\xff" * len(raw[::7])  # heavily damaged: neither UTF-8 nor believable cp1256
    assert rejected(bytes(raw)).startswith("not valid text")


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive or Office/EPUB document"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"\x1f\x8b\x08\x00", "gzip archive"),
    ],
)
def test_binary_magic_numbers_are_rejected(raw: bytes, kind: str) -> None:
    assert rejected(raw) == f"binary file ({kind}), not text"


def test_empty_and_whitespace_only_files() -> None:
    assert rejected(b"") == "empty file"
    assert rejected(b"\xef\xbb\xbf") == "empty file"
    assert rejected(b" \r\n\t\n   ") == "file has no text (only whitespace)"
    assert rejected("\u00a0\u3000\n".encode()) == "file has no text (only whitespace)"


def test_nul_bytes() -> None:
    result = decode_document(doc("a.txt", "خبر\x00 ہے".encode()))
    assert only_article(result).lines == ["خبر ہے"]
    assert result.warnings == ["removed 1 NUL byte"]
    padded = decode_document(doc("a.txt", URDU.encode() + b"\x00" * 4096))  # crash-padded tail
    assert only_article(padded).lines == URDU.split("\n")
    assert padded.warnings == ["removed 4096 trailing NUL bytes"]
    assert rejected(b"MZ\x00\x01\x00\x00\x00\x04\x00\x00" * 20) == "binary file (contains NUL bytes), not text"
    assert rejected(b"\x00" * 100) == "binary file (only NUL bytes), not text"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048))
def test_decode_text_never_fails_unexpectedly(raw: bytes) -> None:
    try:
        text, encoding = decode_text(raw)
    except RejectError as exc:
        assert exc.reason and "\n" not in exc.reason
    else:
        assert isinstance(text, str) and isinstance(encoding, str)
        text.encode("utf-8")  # no lone surrogates: the store can always save it
        assert "\r" not in text and "\x00" not in text


# --------------------------------------------------------------------------- plain text


def test_txt_keeps_lines_and_blank_lines_and_html_stays_text() -> None:
    raw = "سرخی\n\nپہلا پیرا\nدوسری سطر\n\n<p>یہ متن ہے</p>\n".encode()
    article = only_article(decode_document(doc("news.txt", raw)))
    assert article.lines == ["سرخی", "", "پہلا پیرا", "دوسری سطر", "", "<p>یہ متن ہے</p>", ""]
    assert (article.title, article.date, article.structured) == (None, None, False)


def test_file_without_suffix_is_sniffed() -> None:
    assert only_article(decode_document(doc("README", HINDI.encode()))).lines[0] == HINDI.strip()
    html = decode_document(doc("page", b"<!DOCTYPE html><html><body><p>" + HINDI.encode() + b"</p></body></html>"))
    assert only_article(html).lines == [HINDI.strip()]
    data = decode_document(doc("2023.05.01", json.dumps({"title": "t", "text": "खबर"}).encode()))
    assert only_article(data).structured and only_article(data).lines == ["खबर"]


# --------------------------------------------------------------------------- HTML

HOSTILE_HTML = """<!DOCTYPE html><html lang="ur"><head><meta charset="utf-8">
<title>لاہور میں بارش | روزنامہ خبر</title>
<meta property="og:site_name" content="روزنامہ خبر">
<meta property="article:published_time" content="2023-07-14T10:00:00+05:00">
<link rel="canonical" href="https://example.pk/news/123">
<link rel="stylesheet" href="http://evil.example/style.css">
<script src="http://evil.example/x.js"></script><script>alert(1)</script>
</head><body><nav>صفحہ اول | کھیل | کاروبار</nav>
<article><h1>لاہور میں بارش</h1>
<p>لاہور میں آج صبح سے موسلا دھار بارش جاری ہے جس سے نشیبی علاقے زیر آب آ گئے۔</p>
<iframe src="http://evil.example/frame"></iframe><img src="http://tracker/pixel.gif">
<p>محکمہ موسمیات کے مطابق بارش کا سلسلہ کل تک جاری رہے گا۔<br>شہری احتیاط کریں۔</p>
<script>document.write('injected')</script><style>p{color:red}</style>
</article><footer>جملہ حقوق محفوظ ہیں</footer></body></html>"""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reader tried to use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_html_extracts_text_and_metadata_without_network(no_network: None) -> None:
    result = decode_document(doc("page.html", HOSTILE_HTML.encode()))
    article = only_article(result)
    body = "\n".join(article.lines)
    for bad in ("alert", "injected", "color:red", "evil.example", "tracker", "جملہ حقوق"):
        assert bad not in body
    assert article.lines == [
        "لاہور میں آج صبح سے موسلا دھار بارش جاری ہے جس سے نشیبی علاقے زیر آب آ گئے۔",
        "",
        "محکمہ موسمیات کے مطابق بارش کا سلسلہ کل تک جاری رہے گا۔",
        "شہری احتیاط کریں۔",
    ]
    assert article.title == "لاہور میں بارش"
    assert article.date == "2023-07-14"
    assert article.source == "روزنامہ خبر"
    assert article.source_url == "https://example.pk/news/123"
    assert result.encoding == "utf-8"


def test_malformed_html_still_yields_its_text(no_network: None) -> None:
    raw = "<html><body><div><p>ادھوری <b>خبر <i>یہاں</p></div> ختم".encode()
    assert "ادھوری خبر یہاں" in " ".join(only_article(decode_document(doc("x.htm", raw))).lines)


def test_html_fallback_extractor_skips_scripts(no_network: None) -> None:
    from akhbar.index.ingest.formats import html_fragment_lines

    lines = html_fragment_lines("<div>اول<script>alert(1)</script><br>دوم</div><noscript>x</noscript><p>سوم</p>")
    assert lines == ["اول", "دوم", "", "سوم"]


def test_html_meta_charset_is_honoured_for_legacy_bytes(no_network: None) -> None:
    page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"></head><body><p>{URDU_1256}</p></body></html>'
    result = decode_document(doc("old.html", page.encode("cp1256")))
    assert result.encoding == "cp1256"
    assert only_article(result).lines == [URDU_1256.strip()]


def test_html_without_text_is_rejected(no_network: None) -> None:
    with pytest.raises(RejectError, match="HTML page has no article text"):
        decode_document(doc("e.html", b"<html><head><script>alert(1)</script></head><body> </body></html>"))


# --------------------------------------------------------------------------- Markdown


def test_markdown_front_matter_and_syntax_are_stripped() -> None:
    md = """---
title: "کراچی میں ٹریفک"
date: 2024-03-05T08:00:00+05:00
source: روزنامہ مثال
url: https://example.pk/a
section: شہر
tags: [ٹریفک, کراچی]
---
# کراچی میں ٹریفک

شہر میں **شدید** ٹریفک جام [تفصیل](https://example.pk/x) رہا۔ ![تصویر](http://t/p.png)

- پہلا نکتہ
* دوسرا نکتہ
1. تیسرا نکتہ
> اقتباس `کوڈ` <span>متن</span>
"""
    article = only_article(decode_document(doc("a.md", md.encode())))
    assert article.title == "کراچی میں ٹریفک"
    assert (article.date, article.source, article.source_url, article.section) == (
        "2024-03-05", "روزنامہ مثال", "https://example.pk/a", "شہر")
    assert article.keywords == ["ٹریفک", "کراچی"]
    assert article.lines == [
        "شہر میں شدید ٹریفک جام تفصیل رہا۔",
        "",
        "پہلا نکتہ",
        "دوسرا نکتہ",
        "تیسرا نکتہ",
        "اقتباس کوڈ متن",
    ]


def test_markdown_first_heading_is_the_title() -> None:
    article = only_article(decode_document(doc("b.markdown", "\n# शीर्षक\n\nपहला *अनुच्छेद*\n".encode())))
    assert article.title == "शीर्षक" and article.lines == ["पहला अनुच्छेद"]


# --------------------------------------------------------------------------- JSON


def test_json_single_object_with_aliases() -> None:
    record = {"Headline": "عنوان", "article_body": "پہلا پیرا\n\nدوسرا پیرا\nاگلی سطر",
              "published_at": "2023-01-02T03:04:05Z", "publisher": {"name": "ناشر"},
              "link": "https://x.pk/1", "Category": "کھیل", "tags": "کرکٹ، ٹیسٹ, لاہور"}
    article = only_article(decode_document(doc("one.json", json.dumps(record).encode())))
    assert article.structured
    assert article.lines == ["پہلا پیرا", "", "دوسرا پیرا", "اگلی سطر"]
    assert (article.title, article.date, article.source_url, article.section) == (
        "عنوان", "2023-01-02", "https://x.pk/1", "کھیل")
    assert article.keywords == ["کرکٹ", "ٹیسٹ", "لاہور"]


def test_json_list_and_wrapped_list_and_missing_body() -> None:
    records = [{"title": "a", "text": ["पैरा एक", "पैरा दो"], "date": "12 मार्च 2023"},
               {"title": "no body"},
               {"title": "c", "content": "<p>एक</p><p>दो<script>x()</script></p>"}]
    for payload in (records, {"items": records}, {"data": {"articles": records}}):
        result = decode_document(doc("many.json", json.dumps(payload).encode()))
        assert [a.title for a in result.articles] == ["a", "c"]
        assert result.articles[0].lines == ["पैरा एक", "", "पैरा दो"]
        assert result.articles[0].date == "12 मार्च 2023"  # non-ISO dates pass through raw
        assert result.articles[1].lines == ["एक", "", "दो"]
        assert result.rejected_records == ["record 2: no body/text field"]


def test_jsonl_with_a_bad_line() -> None:
    raw = b'{"title": "a", "body": "x"}\n\n{broken\n{"title": "b"}\n{"title": "c", "body": "y"}\n'
    result = decode_document(doc("feed.jsonl", raw))
    assert [a.title for a in result.articles] == ["a", "c"]
    assert result.rejected_records == ["line 3: invalid JSON", "line 4: no body/text field"]


def test_broken_json_and_all_records_rejected() -> None:
    with pytest.raises(RejectError, match=r"^invalid JSON: Expecting .* at line 2 column \d+$"):
        decode_document(doc("bad.json", b'[{"title": "a",\n "body": }]'))
    with pytest.raises(RejectError) as info:
        decode_document(doc("none.json", json.dumps([{"title": str(i)} for i in range(40)]).encode()))
    assert info.value.reason.startswith("no usable records: record 1: no body/text field; record 2:")
    assert info.value.reason.endswith("more)") and len(info.value.reason) < 260


def test_json_edge_shapes() -> None:
    lines_json = b'{"title": "a", "text": "x"}\n{"title": "b", "text": "y"}\n'
    result = decode_document(doc("feed.json", lines_json))  # JSON Lines saved as .json
    assert [a.title for a in result.articles] == ["a", "b"]
    assert result.warnings == ["file holds one JSON object per line; read as JSON Lines"]
    with pytest.raises(RejectError, match=r"^JSON has no article records \(the top level is a number\)$"):
        decode_document(doc("n.json", b"42"))
    inline = {"title": "t", "body": "پہلا <a href='http://x'>ربط</a> پیرا\n\nدوسرا <b>پیرا</b>",
              "published": 1700000000, "source": "", "site": "سائٹ"}
    article = only_article(decode_document(doc("i.json", json.dumps(inline).encode())))
    assert article.lines == ["پہلا ربط پیرا", "", "دوسرا پیرا"]
    assert (article.date, article.source) == ("2023-11-14", "سائٹ")  # timestamp; first non-empty alias
    text_not_json = decode_document(doc("notes", "{ یہ JSON نہیں }\n".encode()))
    assert only_article(text_not_json).lines == ["{ یہ JSON نہیں }", ""]


# --------------------------------------------------------------------------- files and folders


def test_read_file_and_size_limit(tmp_path: Path) -> None:
    name = tmp_path / "اردو خبر  नई फ़ाइल.txt"
    name.write_bytes(URDU.encode())
    raw = read_file(name)
    assert raw.raw == URDU.encode() and raw.sha256 == hashlib.sha256(URDU.encode()).hexdigest()
    assert raw.source_path == str(name)
    assert list(iter_input_files([name])) == [(name, None)]
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: no 25 MB written to disk
    with pytest.raises(RejectError, match=r"^file too large \(26,214,401 bytes; the limit is 25 MB\)$"):
        read_file(big)
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(RejectError, match=r"^file too large \(50\.0 MB; the limit is 25 MB\)$"):
        read_file(big)
    with pytest.raises(RejectError, match="^path does not exist$"):
        read_file(tmp_path / "missing.txt")


def test_folder_walk_is_recursive_sorted_and_reports_skips(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for rel in ("z.txt", "b/2.md", "b/1.json", "a/deep/x.jsonl", "a/y.HTML", ".hidden/s.txt",
                ".dot.txt", "a/report.pdf", "a/NOTES", "a/2023.05.01"):
        (tmp_path / rel).write_text("متن")
    got = [(p.relative_to(tmp_path).as_posix(), reason) for p, reason in iter_input_files([tmp_path])]
    assert got == [
        ("z.txt", None),
        ("a/2023.05.01", None),
        ("a/NOTES", None),
        ("a/report.pdf", "unsupported file type .pdf"),
        ("a/y.HTML", None),
        ("a/deep/x.jsonl", None),
        ("b/1.json", None),
        ("b/2.md", None),
    ]
    assert SUPPORTED_SUFFIXES >= {".txt", ".md", ".json", ".jsonl", ".html", ".htm"}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loops_and_broken_links_terminate(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text("خبر")
    os.symlink(tmp_path, tmp_path / "news" / "up")          # folder loop
    os.symlink(tmp_path / "nowhere", tmp_path / "dangling.txt")
    os.symlink(tmp_path / "self", tmp_path / "self")         # file-level ELOOP
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "b.txt").write_text("خبر")
    os.symlink(tmp_path / "other", tmp_path / "news" / "alias")  # second way into a folder
    got = dict((p.relative_to(tmp_path).as_posix(), r) for p, r in iter_input_files([tmp_path, tmp_path / "missing"]))
    assert got == {
        "dangling.txt": "broken symbolic link",
        "self": "symbolic link loop",
        "news/a.txt": None,
        "news/up": "symbolic link loop (links back to a folder above it)",
        "news/alias": "folder already visited through another link",
        "other/b.txt": None,
        "missing": "path does not exist",
    }


def test_unreadable_entries_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission errors are simulated: tests often run as root, who can read anything."""
    from akhbar.index.ingest import readers

    locked_file, locked_dir = tmp_path / "locked.txt", tmp_path / "locked"
    locked_file.write_text("خبر")
    locked_dir.mkdir()
    real_access, real_scandir = os.access, os.scandir

    def denied(path: object) -> PermissionError:
        return PermissionError(13, "Permission denied", str(path))

    def scandir(path: object):  # type: ignore[no-untyped-def]
        if Path(str(path)) == locked_dir:
            raise denied(path)
        return real_scandir(path)  # type: ignore[arg-type]

    def fake_open(path: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        raise denied(path)

    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != locked_file and real_access(p, mode))
    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(readers, "open", fake_open, raising=False)
    got = dict(iter_input_files([tmp_path]))
    assert got == {locked_file: "cannot read file: permission denied",
                   locked_dir: "cannot open folder: permission denied"}
    with pytest.raises(RejectError, match="^cannot read file: permission denied$"):
        read_file(locked_file)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_pipes_are_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert list(iter_input_files([tmp_path])) == [(fifo, "not a regular file (device, pipe or socket)")]
    with pytest.raises(RejectError, match="not a regular file"):
        read_file(fifo)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["a.txt", "a.md", "a.json", "a.jsonl", "a.html", "noext"]),
    st.text(alphabet=st.sampled_from(list('{}[]":,\n -#*>_`!<>/=ابپ۔कखा')), max_size=300),
)
def test_every_reader_either_decodes_or_rejects(name: str, text: str) -> None:
    try:
        result = decode_document(doc(name, text.encode()))
    except RejectError as exc:
        assert exc.reason and "\n" not in exc.reason
    else:
        assert result.articles
        for article in result.articles:
            assert all("\n" not in line for line in article.lines)
