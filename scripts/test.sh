#!/usr/bin/env bash
# Install starkit with its test tools into .venv and run the whole suite:
# lint (ruff), types (mypy), unit and widget tests, notebooks (nbval), browser tests.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k loader`.
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh" "test"
echo "==> ruff"
ruff check .
echo "==> mypy"
mypy
echo "==> pytest"
exec python -m pytest "$@"
