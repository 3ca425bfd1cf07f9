#!/usr/bin/env bash
# Set up everything the tests need (./.venv) and run the whole suite headless.
# Extra arguments go to pytest (e.g. ./test.sh -k search, ./test.sh --runslow).
export AKHBAR_EXTRAS=test
source "$(dirname "$0")/scripts/venv.sh"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
exec .venv/bin/python -m pytest "$@"
