#!/usr/bin/env bash
# Regenerate the README's screenshots (docs/screenshots/) from a fresh sample library, offscreen.
set -euo pipefail
cd "$(dirname "$0")/.."
lib="$(mktemp -d)/lib"
out=docs/screenshots
mkdir -p "$out"
export QT_QPA_PLATFORM=offscreen
.venv/bin/akhbar --library "$lib" list >/dev/null          # creates it with the samples
gui() { .venv/bin/akhbar gui --library "$lib" --size 1400x860 "$@"; }
gui --open suhj272z --grab "$out/library.png"
gui --query "کوریا" --grab "$out/search-urdu.png"
gui --query "पुतिन" --open hk4savyd --grab "$out/article-hindi.png"
gui --query "پیوٹن ماسکو" --theme dark --grab "$out/search-urdu-dark.png"
gui --open qahxl4og --grab "$out/entities-urdu.png"
gui --compare hk4savyd qahxl4og --grab "$out/compare.png"
.venv/bin/python scripts/grab_check.py "$(dirname "$lib")/check-lib" "$out/check-library.png"
rm -f "$out"/*.ini
rm -rf "$(dirname "$lib")"
