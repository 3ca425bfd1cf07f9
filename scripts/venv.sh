# Sourced by run.sh and test.sh: make sure ./.venv exists with Akhbar installed (editable).
# Needs only python3 >= 3.11 and access to PyPI on a fresh machine; quick when already set up.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
pick_python() {
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
           "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"; return 0
        fi
    done
    echo "Akhbar needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)." >&2
    return 1
}
if [ ! -x .venv/bin/python ]; then
    "$(pick_python)" -m venv .venv
fi
EXTRAS="${AKHBAR_EXTRAS:-}"
STAMP=".venv/.akhbar-installed${EXTRAS:+-$EXTRAS}"
# Reinstall only when pyproject.toml changed since the last install.
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${EXTRAS:+[$EXTRAS]}"
    touch "$STAMP"
fi
