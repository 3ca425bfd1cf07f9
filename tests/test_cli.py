"""The `akhbar` command line: its JSON output is a public interface (field names, exit codes),
and its text output must be safe to pipe (logical order, no escapes, no shaped letters)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from akhbar.index.library import Library
from akhbar.index.terminal import BOLD, RESET, render

SCRAPES = Path(__file__).resolve().parent / "data" / "scrapes"

PRESENTATION_FORMS = re.compile(r"[\uFB50-\uFDFF\uFE70-\uFEFF]")
ANSI = re.compile(r"\x1b\[")
ESCAPED_SCRIPT = re.compile(r"\\u0[69][0-9a-fA-F]{2}")  # \u06xx Arabic, \u09xx Devanagari


@pytest.fixture
def lib_dir(tmp_path: Path) -> Path:
    return tmp_path / "library"


@pytest.fixture
def seeded_dir(lib_dir: Path, _seeded_template: Path) -> Path:
    """A private library folder holding the five seeds (a copy of the session's template)."""
    shutil.copytree(_seeded_template, lib_dir)
    return lib_dir


def load(out: str):
    return json.loads(out)


def assert_clean_json(out: str) -> None:
    """Valid JSON, Urdu/Hindi written as themselves (not \\u escapes)."""
    json.loads(out)
    assert not ESCAPED_SCRIPT.search(out), out[:300]


def assert_plain_text(text: str) -> None:
    assert not ANSI.search(text), repr(text[:200])
    assert not PRESENTATION_FORMS.search(text), repr(text[:200])


# ----------------------------------------------------------------------------- import
def test_import_json_contract(run_cli, lib_dir: Path, seeds: Path) -> None:
    code, out, _ = run_cli("import", seeds, "--library", lib_dir, "--no-seed", "--json")
    assert code == 0
    assert_clean_json(out)
    report = load(out)
    assert {"imported", "duplicates", "rejected"} <= set(report)
    assert len(report["imported"]) == 5 and report["duplicates"] == [] == report["rejected"]
    for item in report["imported"]:
        assert {"id", "title", "lang", "source_path"} <= set(item)
        assert Path(item["source_path"]).parent == seeds
    # again: duplicates, each naming the article it duplicates; still exit 0
    code, out, _ = run_cli("import", seeds, "--library", lib_dir, "--no-seed", "--json")
    again = load(out)
    assert code == 0 and again["imported"] == [] and len(again["duplicates"]) == 5
    ids = {i["id"] for i in report["imported"]}
    for dup in again["duplicates"]:
        assert {"source_path", "id", "reason"} <= set(dup) and dup["id"] in ids


def test_import_exit_status_is_1_when_something_was_rejected(run_cli, lib_dir: Path,
                                                              tmp_path: Path,
                                                              seeds: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copyfile(seeds / "000_08c9745036e3cdd4.txt", folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    shutil.copyfile(SCRAPES / "reject01_all_boilerplate.txt", folder / "boiler.txt")
    code, out, _ = run_cli("import", folder, "--library", lib_dir, "--no-seed", "--json")
    assert code == 1
    report = load(out)
    assert [Path(i["source_path"]).name for i in report["imported"]] == ["good.txt"]
    assert sorted(Path(r["source_path"]).name for r in report["rejected"]) == ["boiler.txt",
                                                                             "empty.txt"]
    for r in report["rejected"]:
        assert set(r) >= {"source_path", "reason"} and r["reason"].strip()
    # text mode: same exit status, one line per rejected file
    code, out, _ = run_cli("import", folder / "empty.txt", "--library", lib_dir, "--no-seed")
    assert code == 1 and "empty.txt" in out


@pytest.mark.parametrize("args", [
    ["search", "--limit", "0", "x"],
    ["frobnicate"],
    [],
    ["import"],
    ["show"],
    ["search", "--lang", "xx", "x"],
])
def test_usage_errors_exit_2(run_cli, lib_dir: Path, args: list[str]) -> None:
    code, out, err = run_cli(*args, "--library", lib_dir, "--no-seed")
    assert code == 2
    assert (err if args else out).strip()  # argparse's message, or the help for no command


# ----------------------------------------------------------------------------- list/show
def test_list_json_contract(run_cli, seeded_dir: Path) -> None:
    code, out, _ = run_cli("list", "--library", seeded_dir, "--json")
    assert code == 0
    assert_clean_json(out)
    rows = load(out)
    assert isinstance(rows, list) and len(rows) == 5
    for row in rows:
        assert {"id", "title", "lang", "date", "source", "source_path"} <= set(row)
    assert sorted(r["lang"] for r in rows) == ["hi", "ur", "ur", "ur", "ur"]


def test_json_titles_are_exactly_the_stored_text(run_cli, seeded_dir: Path) -> None:
    _, out, _ = run_cli("list", "--library", seeded_dir, "--json")
    from_cli = {r["id"]: r["title"] for r in load(out)}
    with Library.open(seeded_dir) as lib:
        stored = {r.id: r.title for r in lib.list()}
    assert from_cli == stored
    for title in stored.values():  # logical order, unshaped: straight from the store
        assert not PRESENTATION_FORMS.search(title)


def test_show_json_contract(run_cli, seeded_dir: Path) -> None:
    with Library.open(seeded_dir) as lib:
        row = next(r for r in lib.list() if r.date == "2023-09-05")
        stored = lib.get(row.id)
    code, out, _ = run_cli("show", row.id, "--library", seeded_dir, "--json")
    assert code == 0
    assert_clean_json(out)
    art = load(out)
    assert {"id", "title", "lang", "date", "source", "section", "keywords", "paragraphs",
            "removed"} <= set(art)
    assert art["id"] == row.id and art["title"] == stored.title and art["lang"] == "ur"
    assert art["date"] == "2023-09-05"
    assert isinstance(art["keywords"], list)
    assert art["paragraphs"] and all({"text", "lang"} <= set(p) for p in art["paragraphs"])
    assert [p["text"] for p in art["paragraphs"]] == [p.text for p in stored.paragraphs]
    assert isinstance(art["removed"], list) and art["removed"]
    assert all(isinstance(line, str) for line in art["removed"])


def test_show_accepts_a_unique_id_prefix(run_cli, seeded_dir: Path) -> None:
    _, out, _ = run_cli("list", "--library", seeded_dir, "--json")
    ids = [r["id"] for r in load(out)]
    target = ids[0]
    prefix = next(target[:n] for n in range(1, 9)
                  if sum(i.startswith(target[:n]) for i in ids) == 1)
    code, out, _ = run_cli("show", prefix, "--library", seeded_dir, "--json")
    assert code == 0 and load(out)["id"] == target
    code, out, _ = run_cli("show", prefix.upper(), "--library", seeded_dir)
    assert code == 0 and out.strip()


def test_show_unknown_id(run_cli, seeded_dir: Path) -> None:
    code, out, err = run_cli("show", "zzzzzzzz", "--library", seeded_dir)
    assert code == 1
    assert "zzzzzzzz" in err and out == ""
    code, out, _ = run_cli("show", "zzzzzzzz", "--library", seeded_dir, "--json")
    assert code == 1 and load(out)["error"]


# ----------------------------------------------------------------------------- search
def test_search_json_contract(run_cli, seeded_dir: Path) -> None:
    code, out, _ = run_cli("search", "کوریا", "--library", seeded_dir, "--json")
    assert code == 0
    assert_clean_json(out)
    res = load(out)
    assert {"query", "total", "hits"} <= set(res)
    assert res["query"] == "کوریا" and res["total"] == 4 and len(res["hits"]) == 4
    for hit in res["hits"]:
        assert {"id", "title", "lang", "date", "score", "snippet"} <= set(hit)
        assert isinstance(hit["score"], (int, float))
        for s, e in hit.get("highlights", []):
            assert 0 <= s < e <= len(hit["snippet"])


def test_search_respects_lang_and_limit(run_cli, seeded_dir: Path) -> None:
    _, out, _ = run_cli("search", "--lang", "hi", "कोरिया", "--library", seeded_dir, "--json")
    hits = load(out)["hits"]
    assert len(hits) == 1 and hits[0]["lang"] == "hi"
    _, out, _ = run_cli("search", "کوریا", "--lang", "hi", "--library", seeded_dir, "--json")
    assert load(out)["hits"] == []
    _, out, _ = run_cli("search", "کوریا", "--limit", "2", "--library", seeded_dir, "--json")
    res = load(out)
    assert len(res["hits"]) == 2 and res["total"] >= 2


def test_search_query_words_are_joined(run_cli, seeded_dir: Path) -> None:
    """`akhbar search شمالی کوریا` (unquoted) means both words."""
    _, out, _ = run_cli("search", "شمالی", "کوریا", "--library", seeded_dir, "--json")
    res = load(out)
    assert res["query"] == "شمالی کوریا" and res["hits"]


# ----------------------------------------------------------------------------- reindex/doctor
def test_reindex_json(run_cli, seeded_dir: Path) -> None:
    code, out, _ = run_cli("reindex", "--library", seeded_dir, "--json")
    assert code == 0
    report = load(out)
    assert report["indexed"] == 5 and report["articles"] == 5


def test_doctor_json(run_cli, seeded_dir: Path) -> None:
    code, out, _ = run_cli("doctor", "--library", seeded_dir, "--json")
    assert code == 0
    report = load(out)
    assert {"ok", "articles", "indexed", "problems", "fixed"} <= set(report)
    assert report["ok"] is True and report["articles"] == 5 and report["indexed"] == 5
    assert report["problems"] == [] and report["fixed"] == []


def test_doctor_json_after_the_index_was_deleted(run_cli, seeded_dir: Path) -> None:
    shutil.rmtree(seeded_dir / "index")
    code, out, _ = run_cli("doctor", "--library", seeded_dir, "--json")
    report = load(out)
    assert code == 0 and report["ok"] is True and report["indexed"] == 5
    assert report.get("index_rebuilt_on_open") is True


# ----------------------------------------------------------------------------- library choice
def test_library_option_and_environment_variable(run_cli, tmp_path: Path, seeds: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    by_env, by_option = tmp_path / "by-env", tmp_path / "by-option"
    monkeypatch.setenv("AKHBAR_LIBRARY", str(by_env))
    code, _, _ = run_cli("import", seeds / "003_243217d6c56c1b75.txt", "--no-seed")
    assert code == 0 and (by_env / "library.sqlite3").exists()
    code, _, _ = run_cli("import", seeds / "000_08c9745036e3cdd4.txt", "--library", by_option,
                         "--no-seed")
    assert code == 0 and (by_option / "library.sqlite3").exists()

    _, out, _ = run_cli("list", "--json", "--no-seed")  # AKHBAR_LIBRARY
    assert [r["lang"] for r in load(out)] == ["hi"]
    _, out, _ = run_cli("list", "--json", "--library", by_option, "--no-seed")  # option wins
    assert [r["lang"] for r in load(out)] == ["ur"]
    # options are accepted before the command as well
    _, out, _ = run_cli("--library", by_option, "--json", "--no-seed", "list")
    assert [r["lang"] for r in load(out)] == ["ur"]


def test_first_run_seeds_the_library_once(run_cli, lib_dir: Path, seeds: Path) -> None:
    _, out, _ = run_cli("list", "--library", lib_dir, "--json")
    first = load(out)
    assert len(first) == 5
    _, out, _ = run_cli("list", "--library", lib_dir, "--json")
    assert sorted(r["id"] for r in load(out)) == sorted(r["id"] for r in first)
    code, out, _ = run_cli("import", seeds, "--library", lib_dir, "--json")
    report = load(out)
    assert code == 0 and report["imported"] == [] and len(report["duplicates"]) == 5


def test_no_seed_option_and_variable_keep_a_new_library_empty(
        run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, out, _ = run_cli("list", "--library", tmp_path / "a", "--no-seed", "--json")
    assert load(out) == []
    monkeypatch.setenv("AKHBAR_NO_SEED", "1")
    _, out, _ = run_cli("list", "--library", tmp_path / "b", "--json")
    assert load(out) == []


def test_first_run_seeding_in_a_real_process(run_cli_subprocess, lib_dir: Path) -> None:
    code, out, err = run_cli_subprocess("list", "--library", lib_dir, "--json", no_seed=False)
    assert code == 0, err
    assert len(load(out)) == 5
    code, out, _ = run_cli_subprocess("list", "--library", lib_dir, "--json", no_seed=True)
    assert len(load(out)) == 5


# ----------------------------------------------------------------------------- encoding/pipes
def test_json_is_utf8_and_unescaped_in_a_real_pipe(run_cli_subprocess, lib_dir: Path,
                                                   seeds: Path) -> None:
    # Even with an ASCII-only stdio encoding forced on the child, the CLI writes UTF-8.
    code, out, err = run_cli_subprocess("import", seeds, "--library", lib_dir, "--json",
                                        env={"PYTHONIOENCODING": "ascii"})
    assert code == 0, err
    assert_clean_json(out)
    imported = load(out)["imported"]
    with Library.open(lib_dir) as lib:
        for item in imported:
            assert item["title"] == lib.get(item["id"]).title
            assert item["title"] in out


def test_piped_text_output_is_plain_logical_text(run_cli_subprocess, seeded_dir: Path) -> None:
    code, out, err = run_cli_subprocess("search", "کوریا", "--library", seeded_dir)
    assert code == 0, err
    assert "کوریا" in out
    assert_plain_text(out)
    assert_plain_text(err)


@pytest.mark.parametrize("args", [
    ["list"], ["search", "کوریا"], ["search", "उत्तर कोरिया"], ["search", '"شمالی'],
    ["doctor"], ["reindex"],
])
def test_text_output_has_no_escapes_or_shaped_letters(run_cli, seeded_dir: Path,
                                                      args: list[str]) -> None:
    code, out, err = run_cli(*args, "--library", seeded_dir)
    assert code == 0
    assert out.strip()
    assert_plain_text(out)
    assert_plain_text(err)


def test_show_text_output_is_plain(run_cli, seeded_dir: Path) -> None:
    with Library.open(seeded_dir) as lib:
        art = next(lib.get(r.id) for r in lib.list() if r.lang == "ur")
    code, out, _ = run_cli("show", art.id, "--removed", "--library", seeded_dir)
    assert code == 0
    assert_plain_text(out)
    assert art.title in out and art.paragraphs[0].text in out


# ----------------------------------------------------------------------------- terminal.render
def test_render_shapes_urdu_for_a_terminal() -> None:
    line = "شمالی کوریا کے صدر کم جونگ ان"
    shown = render(line, width=80)
    assert PRESENTATION_FORMS.search(shown)
    assert "\n" not in shown.strip()


def test_render_leaves_hindi_alone() -> None:
    line = "उत्तर कोरिया के नेता किम जोंग उन"
    assert render(line, width=80) == line
    assert not PRESENTATION_FORMS.search(render(line, width=80))


@pytest.mark.parametrize(("line", "word"), [
    ("उत्तर कोरिया के नेता किम", "कोरिया"),
    ("North Korea and Russia", "Korea"),
])
def test_render_bolds_a_highlighted_ltr_word(line: str, word: str) -> None:
    start = line.index(word)
    shown = render(line, [(start, start + len(word))], width=80)
    assert BOLD + word + RESET in shown
    assert shown.replace(BOLD, "").replace(RESET, "") == line


def test_render_bolds_a_highlighted_urdu_word() -> None:
    line = "شمالی کوریا کے صدر کم جونگ ان"
    start = line.index("کوریا")
    shown = render(line, [(start, start + len("کوریا"))], width=80)
    assert shown.count(BOLD) == 1 and shown.count(RESET) == 1
    inside = shown.split(BOLD, 1)[1].split(RESET, 1)[0]
    # the bold run is the shaped word (presentation forms of exactly its five letters)
    assert PRESENTATION_FORMS.search(inside) and len(inside) == len("کوریا")
    plain = render(line, width=80)
    assert shown.replace(BOLD, "").replace(RESET, "") == plain


def test_render_without_colour_has_no_escapes() -> None:
    line = "شمالی کوریا کے صدر"
    assert not ANSI.search(render(line, [(6, 11)], width=80, color=False))


def test_import_summary_shows_warnings_and_keeps_odd_names_on_one_line(
        run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    body = "شمالی کوریا کے رہنما روس جائیں گے۔ " * 8
    (folder / "two\nlines.txt").write_text("عنوان خبر\n\n" + body, "utf-8")
    (folder / "nul.txt").write_bytes(("خبر کا عنوان\n\n" + body).encode() + b"\x00\x00")
    (folder / "empty\tone.txt").write_text("", "utf-8")
    code, out, _ = run_cli("import", folder, "--library", tmp_path / "lib", "--no-seed")
    assert code == 1
    assert "warnings 1" in out and "  ~ " in out and "NUL" in out
    rejected = [line for line in out.splitlines() if line.startswith("  ! ")]
    assert len(rejected) == 1 and "empty\\tone.txt" in rejected[0]
    assert not any(line.startswith("lines.txt") for line in out.splitlines())
