"""The wheel: what a user installs must carry the code, the seeds, the fonts and the `akhbar`
command, under the one `akhbar` namespace (never a top-level `index` or `desktop` package).

Runs in CI (not marked slow) and stays fast: `--no-isolation` builds with the setuptools already
installed (no network), and the wheel is installed with `--no-deps --target`.
"""
from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
BUILD_BUDGET_SECONDS = 60
SEEDS = sorted(p.name for p in (REPO_ROOT / "seeds").glob("*.txt"))
# Everything the build reads; generated and unrelated folders stay behind, so a stale
# build/lib from an earlier build can never leak into the wheel we check.
_IGNORE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__",
                                 "*.pyc", ".pytest_cache", ".hypothesis", "tests", "benchmarks")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    # Build from a clean copy of the repository: an in-place build would write build/ and
    # akhbar.egg-info into the working tree and reuse stale files from earlier builds.
    shutil.copytree(REPO_ROOT, src, ignore=_IGNORE)
    out = work / "dist"
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out),
         str(src)], capture_output=True, text=True, timeout=300, check=False)
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert elapsed < BUILD_BUDGET_SECONDS, f"building the wheel took {elapsed:.0f} s"
    (whl,) = out.glob("akhbar-*.whl")
    return whl


@pytest.fixture(scope="module")
def names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as zf:
        return zf.namelist()


def test_seeds_exist_in_the_repository() -> None:
    assert len(SEEDS) == 5


def test_wheel_carries_code_seeds_and_fonts(names: list[str]) -> None:
    expected = [
        "akhbar/index/cli.py",
        "akhbar/index/library.py",
        "akhbar/index/search/analysis.py",  # pickled into saved indexes: its path is fixed
        "akhbar/index/text/find.py",
        "akhbar/desktop/entry.py",
        "akhbar/desktop/main_window.py",
        "akhbar/resources/fonts/NotoNastaliqUrdu-Regular.ttf",
        "akhbar/resources/fonts/NotoSansDevanagari-Regular.ttf",
        "akhbar/resources/fonts/OFL.txt",
    ] + [f"akhbar/seeds/{name}" for name in SEEDS]
    missing = [n for n in expected if n not in names]
    assert not missing, missing
    assert len([n for n in names if n.startswith("akhbar/seeds/") and n.endswith(".txt")]) == 5


@pytest.mark.parametrize("folder", ["index", "desktop"])
def test_wheel_ships_every_module(names: list[str], folder: str) -> None:
    source = REPO_ROOT / folder
    wanted = {f"akhbar/{folder}/{p.relative_to(source).as_posix()}"
              for p in source.rglob("*.py") if "__pycache__" not in p.parts}
    assert wanted, folder
    missing = sorted(wanted - set(names))
    assert not missing, f"modules not in the wheel (a package missing from pyproject?): {missing}"


def test_wheel_has_no_top_level_index_or_desktop(names: list[str]) -> None:
    leaked = [n for n in names if n.startswith(("index/", "desktop/", "seeds/", "resources/",
                                                "tests/", "benchmarks/"))]
    assert not leaked, leaked
    tops = {n.split("/", 1)[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"akhbar"}, tops


def test_wheel_declares_the_akhbar_command(wheel: Path, names: list[str]) -> None:
    (entry,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read(entry).decode("utf-8")
    cfg = configparser.ConfigParser()
    cfg.read_string(text)
    assert cfg["console_scripts"]["akhbar"].strip() == "akhbar.desktop.entry:main"


def test_installed_wheel_finds_its_seeds(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
         "--disable-pip-version-check", "--target", str(site), str(wheel)],
        capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import akhbar.index.paths as p; "
            "print(p.__file__); print(p.seeds_dir())")
    proc = subprocess.run([sys.executable, "-c", code, str(site)], capture_output=True,
                          text=True, timeout=120, check=False, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    module_file, seeds = (Path(line) for line in proc.stdout.strip().splitlines())
    # the installed copy was imported, not the editable checkout
    assert site.resolve() in module_file.resolve().parents, module_file
    assert site.resolve() in seeds.resolve().parents, seeds
    assert sorted(p.name for p in seeds.glob("*.txt")) == SEEDS
