#!/usr/bin/env bash
# Install starkit with its test tools into .venv and run the whole suite:
# lint (ruff), types (mypy), unit and widget tests, notebooks (nbval), browser tests.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k loader`.
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh" "test"
# The browser tests drive Debian's Chromium (never a downloaded browser). Install it when we
# can (root with apt); otherwise those tests skip and say why (and fail when CI is set).
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/lib/chromium/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing Chromium for the browser tests (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "==> no Chromium: the browser tests will skip (install the 'chromium' package)"
  fi
fi
echo "==> ruff"
ruff check .
echo "==> mypy"
mypy
echo "==> pytest"
exec python -m pytest "$@"
