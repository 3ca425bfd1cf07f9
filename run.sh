#!/usr/bin/env bash
# Open Akhbar on your library (the sample articles in seeds/ are imported on first run).
# Until the reader window lands (issue "Reader GUI"), this opens the CLI's list of the library.
source "$(dirname "$0")/scripts/venv.sh"
if [ "$#" -eq 0 ]; then set -- list; fi
exec .venv/bin/akhbar "$@"
