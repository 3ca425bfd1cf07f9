"""`akhbar export` gets every article, original and user edit out as plain files, and
`akhbar import` of that folder restores the library."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from akhbar.index.export import ExportError
from akhbar.index.library import Library
from akhbar.index.store import entity_store as es

QUERIES = ["پیوٹن", "किम", "Vladivostok", '"شمالی کوریا"']


def _edit(lib: Library) -> str:
    """A user's edits: a restored boilerplate line and two entity corrections on seed 003."""
    aid = next(r.id for r in lib.list() if Path(r.source_path).name.startswith("003"))
    art = lib.get(aid)
    assert art.removed and lib.restore_removed(aid, 0) is not None
    kirby = next(m for m in lib.entities.mentions(aid) if m.text == "जॉन किर्बी")
    lib.entities.correct("reject", aid, kirby.paragraph, kirby.start, kirby.end,
                         text=kirby.text, entity_id=kirby.entity_id)
    art = lib.get(aid)
    para = next(i for i, p in enumerate(art.paragraphs) if "बख्तरबंद ट्रेन" in p.text)
    start = art.paragraphs[para].text.index("बख्तरबंद ट्रेन")
    lib.entities.correct("add", aid, para, start, start + len("बख्तरबंद ट्रेन"),
                         text="बख्तरबंद ट्रेन", type_="ORG")
    return aid


def _state(lib: Library) -> dict:
    """What a user sees: articles with their text and edits, mentions, originals, searches."""
    out = {}
    for row in lib.list():
        art = lib.get(row.id)
        out[row.id] = (row.as_json(), [(p.text, p.kind) for p in art.paragraphs],
                       [(r.text, r.restored) for r in art.removed],
                       sorted((m.paragraph, m.start, m.text, m.type, m.entity_id)
                              for m in lib.entities.mentions(row.id)),
                       lib.store.original_bytes(row.id))
    out["searches"] = {q: [h.id for h in lib.search(q).hits] for q in QUERIES}
    return out


def test_export_then_import_restores_the_library(seeded_library: Library,
                                                 tmp_path: Path) -> None:
    aid = _edit(seeded_library)
    before = _state(seeded_library)
    manifest = seeded_library.export(tmp_path / "out")
    assert manifest["articles"] == 5 and manifest["originals"] == 5
    assert manifest["corrections"] == 2
    lines = (tmp_path / "out" / "articles.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == 5 and all(json.loads(x)["paragraphs"] for x in lines)
    assert len(list((tmp_path / "out" / "originals").iterdir())) == 5

    with Library.open(tmp_path / "fresh", seed=False) as lib:
        report = lib.import_paths([tmp_path / "out"])
        assert len(report.imported) == 5 and not report.rejected
        after = _state(lib)
        assert after == before  # same ids, text, restored line, corrections, originals, hits
        assert any(kind == "restored" for _t, kind in after[aid][1])
        assert lib.doctor(fix=False)["problems"] == []
        again = lib.import_paths([tmp_path / "out"])
        assert again.imported == [] and len(again.duplicates) == 5
        assert len(es.corrections(lib.store)) == 2  # not doubled by the second import


def test_export_into_the_library_it_came_from_changes_nothing(seeded_library: Library,
                                                               tmp_path: Path) -> None:
    _edit(seeded_library)
    before = _state(seeded_library)
    seeded_library.export(tmp_path / "out")
    report = seeded_library.import_paths([tmp_path / "out"])
    assert report.imported == [] and len(report.duplicates) == 5
    assert _state(seeded_library) == before


def test_export_needs_an_empty_folder(seeded_library: Library, tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(ExportError, match="not an empty folder"):
        seeded_library.export(tmp_path / "busy")
    assert (tmp_path / "busy" / "notes.txt").read_text("utf-8") == "mine"


def test_a_damaged_export_restores_what_it_can(seeded_library: Library, tmp_path: Path) -> None:
    out = tmp_path / "out"
    seeded_library.export(out)
    lines = (out / "articles.jsonl").read_text("utf-8").splitlines()
    first, second = json.loads(lines[0]), json.loads(lines[1])
    (out / "originals" / first["original"]).write_bytes(b"changed on disk")
    lines[1] = lines[1][: len(lines[1]) // 2]  # a line cut short
    (out / "articles.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    with Library.open(tmp_path / "fresh", seed=False) as lib:
        report = lib.import_paths([out])
        assert len(report.imported) == 3
        reasons = " | ".join(r["reason"] for r in report.rejected)
        assert len(report.rejected) == 2 and "damaged" in reasons and "cut short" in reasons
        assert any(r["source_path"].endswith("(line 2)") for r in report.rejected)
        assert all("\n" not in r["reason"] for r in report.rejected)
        assert {first["id"], second["id"]}.isdisjoint({a["id"] for a in report.imported})
        assert lib.doctor(fix=False)["problems"] == []


def test_cli_export_json(run_cli, seeded_library: Library, tmp_path: Path) -> None:
    seeded_dir = seeded_library.root
    code, out, _ = run_cli("export", str(tmp_path / "out"), "--library", seeded_dir, "--json")
    assert code == 0
    manifest = json.loads(out)
    assert {"format", "version", "articles", "originals", "corrections", "path"} <= set(manifest)
    code, _, err = run_cli("export", str(tmp_path / "out"), "--library", seeded_dir)
    assert code != 0 and "not an empty folder" in err
