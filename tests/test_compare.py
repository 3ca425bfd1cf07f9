"""Comparing coverage (core and CLI): counterparts rank the same event above related ones,
alignment is monotonic and complete, figures are read as numbers, the JSON contract holds."""
from __future__ import annotations

import json
from pathlib import Path

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
    left = [i for p in doc["pairs"] for i in p["left"]]
    right = [j for p in doc["pairs"] for j in p["right"]]
    assert left == sorted(left) and right == sorted(right)
    n_left = len(seeded_library.get(ids["002"]).paragraphs)
    n_right = len(seeded_library.get(ids["003"]).paragraphs)
    assert sorted(left + doc["only_left"]) == list(range(n_left))
    assert sorted(right + doc["only_right"]) == list(range(n_right))
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
    from akhbar.index.compare.align import _sections
    from akhbar.index.compare.features import ParaFeatures, is_subhead

    assert is_subhead("व्हाइट हाउस ने पहले ही किया था दावा")
    assert is_subhead("ولادی ووستوک میں ملاقات")
    assert not is_subhead("किम जोंग उन रूस जाएंगे।")  # a sentence, however short
    assert not is_subhead(" ".join(["शब्द"] * 12))  # too long for a subhead
    paras = [ParaFeatures(), ParaFeatures(heading=True), ParaFeatures(), ParaFeatures()]
    units, members = _sections(paras)
    assert members == [[0], [1, 2], [3]] and len(units) == 3


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
