#!/usr/bin/env bash
# Open Akhbar on your library (the sample articles in seeds/ are imported on first run).
# With arguments it runs that akhbar command instead, e.g. ./run.sh search کوریا
source "$(dirname "$0")/scripts/venv.sh"
if [ "$#" -eq 0 ]; then set -- gui; fi
exec .venv/bin/akhbar "$@"
