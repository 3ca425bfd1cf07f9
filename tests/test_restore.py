"""Restoring a line the importer removed, and find-in-article matching (core, no Qt)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from akhbar.index.library import Library
from akhbar.index.text.find import find_all

SCRAPE = """روس اور شمالی کوریا کے درمیان نیا معاہدہ
منگل 5 ستمبر 2023
ماسکو میں روسی اور شمالی کوریائی حکام نے ایک نئے معاہدے پر دستخط کیے جس سے دونوں ملکوں کے تعلقات مزید مضبوط ہوں گے۔
شیئر کریں
معاہدے کے تحت دونوں ملک توانائی، ٹرانسپورٹ اور زراعت کے شعبوں میں تعاون بڑھائیں گے اور تجارت میں اضافہ کریں گے۔
مبصرین کا کہنا ہے کہ اس معاہدے سے خطے کی سیاست پر گہرے اثرات مرتب ہو سکتے ہیں اور مغربی ممالک اس پر تشویش ظاہر کر رہے ہیں۔
"""


def _import(lib: Library, tmp_path: Path) -> str:
    f = tmp_path / "treaty.txt"
    f.write_text(SCRAPE, "utf-8")
    report = lib.import_paths([f])
    assert report.imported, report.as_json()
    return report.imported[0]["id"]


def test_restored_line_goes_back_to_its_place_and_is_searchable(library: Library,
                                                               tmp_path: Path) -> None:
    aid = _import(library, tmp_path)
    art = library.get(aid)
    idx = next(i for i, r in enumerate(art.removed) if r.text == "شیئر کریں")
    assert not library.search("شیئر").hits
    pos = library.restore_removed(aid, idx)
    art2 = library.get(aid)
    assert art2.paragraphs[pos].text == "شیئر کریں" and art2.paragraphs[pos].kind == "restored"
    # between the paragraphs it stood between in the source
    texts = [p.text for p in art2.paragraphs]
    assert texts.index("شیئر کریں") == 1 and texts[0].startswith("ماسکو")
    assert art2.removed[idx].restored and art2.revision == art.revision + 1
    assert [h.id for h in library.search("شیئر").hits] == [aid]
    assert library.restore_removed(aid, idx) is None  # twice: nothing to do
    assert library.restore_removed(aid, 99) is None
    library.reindex()  # the edit is in the store, so a rebuilt index keeps it
    assert [h.id for h in library.search("شیئر").hits] == [aid]
    assert library.doctor(fix=False)["problems"] == []


def test_restore_in_an_article_stored_before_line_numbers_appends(library: Library,
                                                                  tmp_path: Path) -> None:
    aid = _import(library, tmp_path)
    conn = sqlite3.connect(library.root / "library.sqlite3")
    conn.execute("UPDATE paragraphs SET line_no = NULL")
    conn.commit()
    conn.close()
    n = len(library.get(aid).paragraphs)
    idx = next(i for i, r in enumerate(library.get(aid).removed) if r.text == "شیئر کریں")
    assert library.restore_removed(aid, idx) == n


def test_find_ignores_case_diacritics_and_variant_letters() -> None:
    text = "شمالی كوريا اور کوریَا، Kim JONG-un, क़ैद"
    assert [text[s:e] for s, e in find_all("کوریا", text)] == ["كوريا", "کوریَا"]
    assert [text[s:e] for s, e in find_all("jong", text)] == ["JONG"]
    assert [text[s:e] for s, e in find_all("कैद", text)] == ["क़ैद"]
    assert find_all("", text) == [] and find_all("   ", text) == []
    assert find_all("xyz", "") == []
