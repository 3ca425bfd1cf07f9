"""Shared fixtures: fresh and seeded libraries, and the `akhbar` CLI run in-process or as a
subprocess. Every test gets a private library folder; nothing touches the user's real one."""
from __future__ import annotations

import os

# Qt must never try to reach a display, whichever test module imports it first.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable, Iterator, Mapping  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import NamedTuple  # noqa: E402

import pytest  # noqa: E402

from akhbar.index.library import Library  # noqa: E402
from akhbar.index.paths import seeds_dir  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRAPES = REPO_ROOT / "tests" / "data" / "scrapes"
CLI_TIMEOUT = 120


# ----------------------------------------------------------------------------- --runslow
def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", default=False,
                     help="also run tests marked slow (fuzzing, kill loops, ...)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


# ----------------------------------------------------------------------------- isolation
@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory) -> None:
    """No test may read or write the developer's own library or settings: AKHBAR_* variables
    are cleared and the platform data folder points into a temporary directory."""
    monkeypatch.delenv("AKHBAR_LIBRARY", raising=False)
    monkeypatch.delenv("AKHBAR_NO_SEED", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


# ----------------------------------------------------------------------------- libraries
@pytest.fixture
def seeds() -> Path:
    path = seeds_dir()
    assert path.is_dir(), f"bundled seeds missing at {path}"
    return path


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """A fresh, empty library (no seeding), closed after the test."""
    lib = Library.open(tmp_path / "lib")
    try:
        yield lib
    finally:
        lib.close()


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One library with the seeds imported (through `import_paths`), built once per session;
    `seeded_library` hands each test its own copy of the folder."""
    root = tmp_path_factory.mktemp("seeded-template") / "lib"
    with Library.open(root) as lib:
        report = lib.import_paths([seeds_dir()])
        assert len(report.imported) == 5 and not report.rejected, report.as_json()
    return root


@pytest.fixture
def seeded_library(tmp_path: Path, _seeded_template: Path) -> Iterator[Library]:
    """A private library holding the five bundled seed articles, closed after the test."""
    root = tmp_path / "lib"
    shutil.copytree(_seeded_template, root)
    lib = Library.open(root)
    try:
        assert lib.count() == 5 and not lib.index_rebuilt_on_open
        yield lib
    finally:
        lib.close()


# ----------------------------------------------------------------------------- the CLI
class CliResult(NamedTuple):
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run `akhbar ARGS...` in-process (akhbar.index.cli.main); returns (exit code, stdout,
    stderr). argparse's SystemExit (usage errors, --help) becomes the exit code."""
    from akhbar.index import cli

    def run(*args: str | os.PathLike) -> CliResult:
        capsys.readouterr()  # drop anything printed before
        try:
            code = cli.main([str(a) for a in args])
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def run_cli_subprocess(tmp_path: Path) -> Callable[..., CliResult]:
    """Run `python -m akhbar.index.cli ARGS...` in a child process with piped (non-TTY) output.

    `no_seed=True` sets AKHBAR_NO_SEED=1, `no_seed=False` makes sure it is unset; `env` adds or
    overrides variables (a value of None removes one). Output must be valid UTF-8: it is
    decoded strictly, so a stray byte fails the test right here."""

    def run(*args: str | os.PathLike, no_seed: bool = True,
            env: Mapping[str, str | None] | None = None,
            cwd: str | os.PathLike | None = None) -> CliResult:
        child_env = dict(os.environ)
        child_env.pop("AKHBAR_NO_SEED", None)
        if no_seed:
            child_env["AKHBAR_NO_SEED"] = "1"
        for key, value in (env or {}).items():
            if value is None:
                child_env.pop(key, None)
            else:
                child_env[key] = value
        proc = subprocess.run(
            [sys.executable, "-m", "akhbar.index.cli", *map(str, args)],
            stdin=subprocess.DEVNULL, capture_output=True, env=child_env,
            cwd=str(cwd or tmp_path), timeout=CLI_TIMEOUT, check=False)
        return CliResult(proc.returncode, proc.stdout.decode("utf-8"),
                         proc.stderr.decode("utf-8"))

    return run
