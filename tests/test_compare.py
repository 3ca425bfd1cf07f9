"""Comparing coverage (core and CLI): counterparts rank the same event above related ones,
alignment is monotonic and complete, figures are read as numbers, the JSON contract holds."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from akhbar.index.compare.features import date_key, figure_value
from akhbar.index.library import Library


def _ids(lib: Library) -> dict[str, str]:
    return {Path(r.source_path).name[:3]: r.id for r in lib.list()}


def test_figures_and_dates_are_read_the_same_in_every_script() -> None:
    assert figure_value("20 ہزار") == figure_value("20,000") == figure_value("बीस हजार") == 20000
    assert figure_value("دو ہزار") == figure_value("दो हजार") == 2000
    assert figure_value("5 करोड़ रुपये") == 5e7
    assert date_key("منگل 5 ستمبر 2023") == date_key("5 सितंबर 2023") == "2023-09-05"
    assert date_key("30 अगस्त") == "--08-30"


def test_same_event_ranks_above_related(seeded_library: Library) -> None:
    ids = _ids(seeded_library)
    rows = seeded_library.comparisons.counterparts(ids["003"])
    order = [r["id"] for r in rows]
    assert set(order[:2]) == {ids["000"], ids["002"]}
    assert set(order[2:4]) == {ids["001"], ids["004"]}
    assert "Vladivostok" in rows[0]["evidence"]


def test_alignment_is_monotonic_and_accounts_for_every_paragraph(seeded_library: Library) -> None:
    ids = _ids(seeded_library)
    doc = seeded_library.comparisons.compare(ids["002"], ids["003"])
    for side, aid in (("left", ids["002"]), ("right", ids["003"])):
        paras = [i for p in doc["pairs"] for i in p[side]]
        assert paras == sorted(paras)  # no crossing (a split paragraph may be in two pairs)
        spans = [(d["paragraph"], d["start"]) for p in doc["pairs"] for d in p[f"{side}_spans"]]
        assert spans == sorted(set(spans))  # each sentence in one pair at most, in order
        n = len(seeded_library.get(aid).paragraphs)
        assert set(paras).isdisjoint(doc[f"only_{side}"])
        assert sorted(set(paras) | set(doc[f"only_{side}"])) == list(range(n))
    assert "city_vladivostok" in doc["entities"]["shared"]


def test_cli_counterparts_and_compare(run_cli, seeded_library: Library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = _ids(seeded_library)
    root = str(seeded_library.root)
    rows = json.loads(run_cli("--library", root, "counterparts", ids["003"], "--json").out)
    assert {"id", "title", "lang", "score", "evidence"} <= set(rows[0])
    page = tmp_path / "c.html"
    doc = json.loads(run_cli("--library", root, "compare", ids["000"], ids["003"], "--json",
                             "--html", str(page)).out)
    assert {"left", "right", "pairs", "only_left", "only_right", "entities", "figures"} <= set(doc)
    assert set(doc["entities"]) == {"shared", "only_left", "only_right"}
    assert set(doc["figures"]) >= {"shared", "conflicts"}
    assert "dir=\"rtl\"" in page.read_text("utf-8")


def test_a_different_death_toll_is_flagged(library: Library) -> None:
    data = Path(__file__).parent / "data" / "compare" / "articles"
    report = library.import_paths([data / "ev1-ur.json", data / "ev1-hi.json"])
    ur, hi = (i["id"] for i in report.imported)
    doc = library.comparisons.compare(ur, hi)
    pairs = {(c["left"][0], c["right"][0]) for c in doc["figures"]["conflicts"]}
    assert ("12", "15") in pairs


def test_a_subhead_is_aligned_together_with_its_paragraph() -> None:
    from akhbar.index.compare import units
    from akhbar.index.compare.features import ArticleFeatures, ParaFeatures, is_subhead

    assert is_subhead("व्हाइट हाउस ने पहले ही किया था दावा")
    assert is_subhead("ولادی ووستوک میں ملاقات")
    assert not is_subhead("किम जोंग उन रूस जाएंगे।")  # a sentence, however short
    assert not is_subhead(" ".join(["शब्द"] * 12))  # too long for a subhead
    long = ParaFeatures(length=30, spans=[(0, 10), (11, 30)],
                        parts=[ParaFeatures(), ParaFeatures()])
    art = ArticleFeatures("x", "hi", None, paragraphs=[
        ParaFeatures(), ParaFeatures(heading=True), ParaFeatures(), ParaFeatures(heading=True),
        long])
    sections = units.build(art, sentences=False)
    assert [u.members for u in sections.units] == [
        [(0, None)], [(1, None), (2, None)], [(3, None), (4, None)]]
    # sentence by sentence, the subhead goes with the first sentence of its paragraph
    pieces = units.build(art, sentences=True)
    assert [u.members for u in pieces.units] == [
        [(0, None)], [(1, None), (2, None)], [(3, None), (4, 0)], [(4, 1)]]


def test_the_fast_similarity_matrix_equals_pairwise_similarity(seeded_library) -> None:  # type: ignore[no-untyped-def]
    from akhbar.index.compare.align import _idf, matrix, similarity

    ids = {Path(r.source_path).name[:3]: r.id for r in seeded_library.list()}
    a = seeded_library.comparisons.features(ids["002"])
    b = seeded_library.comparisons.features(ids["003"])
    idf = _idf(a.paragraphs + b.paragraphs)
    fast = matrix(a.paragraphs, b.paragraphs, idf)
    for i, p in enumerate(a.paragraphs):
        for j, q in enumerate(b.paragraphs):
            assert abs(fast[i][j] - similarity(p, q, idf)) < 1e-9
    assert any(v > 0.3 for row in fast for v in row)


# ----------------------------------------------------------------------------- sentences
SPLIT = Path(__file__).parent / "data" / "compare" / "split"


@pytest.mark.parametrize("text, sentences", [
    # Urdu: ۔ and ؟, a closing quote stays with its sentence, ۔ glued to the next word
    ("پہلا جملہ ہے۔ کیا یہ دوسرا ہے؟ انہوں نے کہا “بات چیت آگے بڑھ رہی ہے۔” حکام نے کہا۔امریکی "
     "وفد آیا۔",
     ["پہلا جملہ ہے۔", "کیا یہ دوسرا ہے؟", "انہوں نے کہا “بات چیت آگے بڑھ رہی ہے۔”",
      "حکام نے کہا۔", "امریکی وفد آیا۔"]),
    # Hindi: danda, double danda, and the Latin full stop Hindi sites use ("है." ends)
    ("यह पहला वाक्य है। दूसरा वाक्य है॥ तीसरा यहाँ है. चौथा कहाँ है? यहीं है!",
     ["यह पहला वाक्य है।", "दूसरा वाक्य है॥", "तीसरा यहाँ है.", "चौथा कहाँ है?", "यहीं है!"]),
    # decimals and figures are not ends, in either script
    ("कीमत 3.5 प्रतिशत बढ़ी. شرح 3۔5 فیصد رہی۔ Growth was 7.4 percent.",
     ["कीमत 3.5 प्रतिशत बढ़ी.", "شرح 3۔5 فیصد رہی۔", "Growth was 7.4 percent."]),
    # abbreviations and initials
    ("डॉ. सिंह और ए.पी.जे. अब्दुल कलाम आए. जे. पी. नड्डा ने कहा. Mr. Kim met Antony J. Blinken "
     "in the U.S. on Monday. ایم۔کیو۔ایم نے بیان دیا۔",
     ["डॉ. सिंह और ए.पी.जे. अब्दुल कलाम आए.", "जे. पी. नड्डा ने कहा.",
      "Mr. Kim met Antony J. Blinken in the U.S. on Monday.", "ایم۔کیو۔ایم نے بیان دیا۔"]),
    # mixed: an English name inside Hindi, an ellipsis-like run, a comma after the stop
    ("Russia North Korea Relation: रूस को मदद चाहिए.. रिपोर्ट में दावा है। منعقد ہوا۔، مسٹر کم "
     "نے سفر کیا۔",
     ["Russia North Korea Relation: रूस को मदद चाहिए..", "रिपोर्ट में दावा है।",
      "منعقد ہوا۔، مسٹر کم نے سفر کیا۔"]),
])
def test_sentences_end_where_the_script_says(text: str, sentences: list[str]) -> None:
    from akhbar.index.compare.sentences import split_sentences

    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == sentences
    assert all(not text[s].isspace() and not text[e - 1].isspace() for s, e in spans)


def test_sentence_offsets_keep_combining_marks_and_short_pieces_join() -> None:
    from akhbar.index.compare.sentences import split_sentences

    # the offsets are into the text as stored: a vowel sign, a virama or a zer at either
    # end of a sentence is inside it
    text = "उन्होंने कहा कि बातचीत जारी रहेगी। क़ीमतें बढ़ीं। اُس نے کہا ہے۔"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["उन्होंने कहा कि बातचीत जारी रहेगी।", "क़ीमतें बढ़ीं।",
                                             "اُس نے کہا ہے۔"]
    # a fragment too short to align on its own joins the sentence before it
    text = "شمالی کوریا کے رہنما روس کا دورہ کریں گے۔ اتحادی حکام."
    assert len(split_sentences(text)) == 2
    assert split_sentences(text, min_words=4) == [(0, len(text))]


def _flood(library: Library) -> tuple[str, str]:
    report = library.import_paths([SPLIT / "flood-ur.json", SPLIT / "flood-hi.json"])
    ur, hi = (i["id"] for i in report.imported)
    return ur, hi


def _pieces(spans: list[dict]) -> list[tuple[int, int | None]]:
    return [(d["paragraph"], d["sentence"]) for d in spans]


def test_a_long_paragraph_that_tells_two_paragraphs_aligns_sentence_by_sentence(
        library: Library) -> None:
    """Urdu paragraph 1 gives, in its first sentence, what Hindi paragraph 1 reports (the river
    35 cm above the danger mark) and, in its second, what Hindi paragraph 2 reports (2,800
    rescued by boat): two pairs, each of one sentence, not one paragraph against two."""
    ur, hi = _flood(library)
    doc = library.comparisons.compare(ur, hi)
    pairs = [(_pieces(p["left_spans"]), _pieces(p["right_spans"])) for p in doc["pairs"]]
    assert ([(1, 0)], [(1, None)]) in pairs
    assert ([(1, 1)], [(2, None)]) in pairs
    # paragraph-level fields as before: paragraph 1 is in both pairs, so it is aligned
    assert {"left": [1], "right": [1]}.items() <= doc["pairs"][1].items()
    assert 1 not in doc["only_left"] and not doc["only_right"]
    text = library.get(ur).paragraphs[1].text
    first = doc["pairs"][1]["left_spans"][0]
    assert text[first["start"]:first["end"]].startswith("دریائے برہم پتر")
    assert text[first["start"]:first["end"]].endswith("بڑھ رہی ہے۔")


def test_a_sentence_the_other_report_lacks_is_only_here(library: Library) -> None:
    """The rest of Urdu paragraph 1 aligned, but its last sentence (six deer drowned in
    Kaziranga) is in no Hindi paragraph: it alone is "only here"."""
    ur, hi = _flood(library)
    doc = library.comparisons.compare(ur, hi)
    assert [(d["paragraph"], d["sentence"]) for d in doc["only_left_spans"]] == [(1, 2)]
    d = doc["only_left_spans"][0]
    assert library.get(ur).paragraphs[1].text[d["start"]:d["end"]].startswith("کازیرنگا")
    assert 1 not in doc["only_left"]  # the paragraph is not "only here": most of it aligned
    assert doc["only_right_spans"] == []


def test_short_paragraphs_align_as_before(library: Library) -> None:
    """No paragraph long enough to split: the result is the paragraph alignment, each span a
    whole paragraph."""
    from akhbar.index.compare.align import align

    data = Path(__file__).parent / "data" / "compare" / "articles"
    report = library.import_paths([data / "ev2-rel-ur.json", data / "ev2-rel-hi.json"])
    ur, hi = (i["id"] for i in report.imported)
    doc = library.comparisons.compare(ur, hi)
    before = align(library.comparisons.features(ur), library.comparisons.features(hi),
                   sentences=False)
    assert [(p["left"], p["right"]) for p in doc["pairs"]] == \
        [(p.left, p.right) for p in before.pairs]
    assert doc["only_left"] == before.only_left and doc["only_right"] == before.only_right
    for p in doc["pairs"]:
        assert all(d["sentence"] is None and d["start"] == 0 for d in p["left_spans"])
    assert doc["only_left_spans"] == [] == doc["only_right_spans"]


def test_cli_json_adds_sentence_spans_and_keeps_paragraph_fields(
        run_cli, seeded_library: Library) -> None:  # type: ignore[no-untyped-def]
    ids = _ids(seeded_library)
    out = run_cli("--library", str(seeded_library.root), "compare", ids["000"], ids["003"],
                  "--json")
    assert out.code == 0
    doc = json.loads(out.out)
    left, right = seeded_library.get(ids["000"]), seeded_library.get(ids["003"])
    assert {"only_left_spans", "only_right_spans"} <= set(doc)
    for p in doc["pairs"]:
        assert {"left", "right", "score", "left_spans", "right_spans"} <= set(p)
        for side, art in (("left", left), ("right", right)):
            # the paragraph indexes are exactly the paragraphs the spans lie in
            assert p[side] == sorted({d["paragraph"] for d in p[f"{side}_spans"]})
            for d in p[f"{side}_spans"]:
                assert set(d) == {"paragraph", "sentence", "start", "end"}
                text = art.paragraphs[d["paragraph"]].text
                assert 0 <= d["start"] < d["end"] <= len(text)
                piece = text[d["start"]:d["end"]]
                assert piece == piece.strip() and piece
                if d["sentence"] is None:
                    assert (d["start"], d["end"]) == (0, len(text))
    # 000[4]: its first sentence (the letters) is aligned, its last (officials would not
    # describe the relationship) is only here; the paragraph itself is aligned
    only = [(d["paragraph"], d["sentence"]) for d in doc["only_left_spans"]]
    assert (4, 2) in only and 4 not in doc["only_left"]
    assert any((4, 0) in _pieces(p["left_spans"]) for p in doc["pairs"])


def test_the_hand_alignments_keep_their_invariants() -> None:
    """tests/data/compare/gold.json (see its README): every paragraph in one group or "only
    here", groups in order on both sides; sentence groups in order, each sentence once, and
    only sentences the splitter is known to cut (sentence_starts)."""
    gold = json.loads((Path(__file__).parent / "data" / "compare" / "gold.json")
                      .read_text("utf-8"))
    arts = gold["articles"]
    for al in gold["alignments"]:
        for side in ("left", "right"):
            n = arts[al[side]]["n_paragraphs"]
            grouped = [i for g in al["groups"] for i in g[side]]
            assert sorted(grouped + al[f"only_{side}"]) == list(range(n))
            for g, h in zip(al["groups"], al["groups"][1:]):
                assert max(g[side]) < min(h[side])
            if "sentence_groups" not in al:
                continue
            starts = gold["sentence_starts"].get(al[side], {})
            items = [tuple(x) for g in al["sentence_groups"] for x in g[side]]
            assert len(items) == len(set(items))
            for para, k in items:
                assert 0 <= para < n
                assert k is None or 0 <= k < len(starts[str(para)])
            order = [(p, -1 if k is None else k) for p, k in items]
            assert order == sorted(order)
            for g, h in zip(al["sentence_groups"], al["sentence_groups"][1:]):
                assert max((p, -1 if k is None else k) for p, k in g[side]) < \
                    min((p, -1 if k is None else k) for p, k in h[side])


def test_the_html_export_marks_sentences(run_cli, library: Library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The exported page puts each aligned sentence beside its counterpart and the sentence
    only one side has in a shaded row of its own, as the Compare view does."""
    import re

    ur, hi = _flood(library)
    page = tmp_path / "c.html"
    assert run_cli("--library", str(library.root), "compare", ur, hi, "--html", str(page)).code == 0
    rows = re.findall(r"<tr( class=\"only\")?><td>(.*?)</td><td>(.*?)</td></tr>",
                      page.read_text("utf-8"))
    urdu = library.get(ur).paragraphs[1].text
    hindi = library.get(hi).paragraphs
    second = urdu[urdu.index("نیشنل"):urdu.index("کازیرنگا")].strip()
    assert ("", f'<p dir="rtl">{second}</p>', f'<p dir="ltr">{hindi[2].text}</p>') in rows
    only = [r for r in rows if r[0]]
    assert len(only) == 1 and only[0][1].startswith('<p dir="rtl">کازیرنگا') and not only[0][2]
