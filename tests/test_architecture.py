"""Architecture rules, checked on the source: the core (index/) is Qt-free, whoosh stays behind
index/search/, the bidi/reshaping libraries stay in the terminal front, and modules stay small."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
INDEX = REPO_ROOT / "index"
DESKTOP = REPO_ROOT / "desktop"
MAX_LINES = 500


def modules(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, at any depth (inside functions and try blocks too), plus
    string arguments of importlib.import_module()/__import__() calls."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                found.add(node.module)
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            arg = node.args[0]
            if name in ("import_module", "__import__") and isinstance(arg, ast.Constant) \
                    and isinstance(arg.value, str):
                found.add(arg.value)
    return found


def top(name: str) -> str:
    return name.split(".", 1)[0]


def rel(path: Path) -> str:
    return path.relative_to(REPO_ROOT).as_posix()


def offenders(root: Path, banned: set[str], allowed: set[str] = frozenset(),
              allowed_under: Path | None = None) -> list[str]:
    bad = []
    for path in modules(root):
        if rel(path) in allowed or (allowed_under and allowed_under in path.parents):
            continue
        hits = sorted(m for m in imported_modules(path) if top(m) in banned)
        if hits:
            bad.append(f"{rel(path)}: {', '.join(hits)}")
    return bad


def test_the_scanner_sees_nested_and_dynamic_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\n"
        "def f():\n"
        "    try:\n"
        "        from PySide6.QtCore import Qt\n"
        "    except ImportError:\n"
        "        pass\n"
        "    import importlib\n"
        "    importlib.import_module('shiboken6')\n"
        "from . import sibling\n", "utf-8")
    assert {"os", "PySide6.QtCore", "importlib", "shiboken6"} <= imported_modules(sample)


def test_index_does_not_import_qt() -> None:
    assert modules(INDEX), "no modules found under index/"
    bad = offenders(INDEX, {"PySide6", "shiboken6"})
    assert not bad, "index/ must stay Qt-free:\n" + "\n".join(bad)


def test_importing_the_core_loads_no_qt() -> None:
    code = ("import sys, akhbar.index.cli, akhbar.index.library, akhbar.index.search.backend, "
            "akhbar.index.doctor, akhbar.index.terminal; "
            "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))); "
            "assert not bad, bad")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr


def test_only_index_search_imports_whoosh() -> None:
    bad = offenders(INDEX, {"whoosh"}, allowed_under=INDEX / "search")
    bad += offenders(DESKTOP, {"whoosh"})
    assert not bad, "whoosh belongs behind index/search/:\n" + "\n".join(bad)


def test_reshaper_and_bidi_only_in_terminal_output() -> None:
    allowed = {"index/terminal.py", "index/text/langid.py"}
    bad = offenders(INDEX, {"arabic_reshaper", "bidi"}, allowed=allowed)
    assert not bad, ("arabic_reshaper/bidi are for terminal output only (stored and JSON text "
                     "stays logical and unshaped):\n" + "\n".join(bad))


@pytest.mark.parametrize("root", [INDEX, DESKTOP], ids=["index", "desktop"])
def test_modules_stay_under_500_lines(root: Path) -> None:
    too_long = []
    for path in modules(root):
        with path.open("rb") as fh:
            n = sum(1 for _ in fh)
        if n >= MAX_LINES:
            too_long.append(f"{rel(path)}: {n} lines")
    assert not too_long, f"modules of {MAX_LINES} lines or more:\n" + "\n".join(too_long)
