"""Where things are: the user's library folder, and the files that ship with the package.

The shipped folders (`seeds/`, `resources/`) sit beside `index/` both in the repository and in
an installed wheel (where they are `akhbar/seeds`, `akhbar/resources`), so one relative path
finds them in either case.
"""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Akhbar"
ENV_LIBRARY = "AKHBAR_LIBRARY"
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def default_library_dir() -> Path:
    """The platform's per-user data folder (e.g. ~/.local/share/Akhbar on Linux)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "library"


def resolve_library_dir(given: str | os.PathLike | None = None) -> Path:
    """--library beats AKHBAR_LIBRARY beats the platform default."""
    if given:
        return Path(given).expanduser()
    env = os.environ.get(ENV_LIBRARY)
    if env:
        return Path(env).expanduser()
    return default_library_dir()


def seeds_dir() -> Path:
    return _PACKAGE_ROOT / "seeds"


def resources_dir() -> Path:
    return _PACKAGE_ROOT / "resources"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"
