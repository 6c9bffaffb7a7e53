#!/usr/bin/env bash
# Install starkit with its test tools into .venv and run the whole suite:
# lint (ruff), types (mypy), unit and widget tests, notebooks (nbval), browser tests.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k loader`.
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh" "test"
# The browser tests drive Debian's Chromium (never a downloaded browser); Speak it's browser
# test feeds Chromium's fake microphone with speech made by espeak-ng. Install them when we
# can (root with apt); otherwise those tests skip and say why (and fail when CI is set).
need=""
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/lib/chromium/chromium ]; then
  need="chromium"
fi
command -v espeak-ng >/dev/null 2>&1 || need="$need espeak-ng"
if [ -n "$need" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing$need for the browser tests (apt-get)"
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
  else
    echo "==> missing$need: the browser tests that need them will skip"
  fi
fi
# The store tests also run against PostgreSQL: a throw-away cluster on 127.0.0.1, started
# here and removed on exit. Without the server binaries they skip (and fail when CI is set).
if [ -z "${STARKIT_TEST_PG_URL:-}" ]; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ "$(id -u)" = 0 ] \
      && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing PostgreSQL for the store tests (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    pgdir=$(mktemp -d /tmp/starkit-pg-XXXXXX)
    pgport=$(python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    echo "==> starting a throw-away PostgreSQL on 127.0.0.1:$pgport"
    STARKIT_TEST_PG_URL=$(bash scripts/pg-test-cluster.sh start "$pgdir" "$pgport")
    export STARKIT_TEST_PG_URL
    trap 'bash scripts/pg-test-cluster.sh stop "$pgdir"' EXIT
  else
    echo "==> no PostgreSQL server binaries: the PostgreSQL store tests will skip"
  fi
fi
# The JupyterHub tests need configurable-http-proxy and the accessibility tests axe-core,
# both pinned in package.json and package-lock.json (npm registry).
if [ ! -x node_modules/.bin/configurable-http-proxy ] || [ ! -f node_modules/axe-core/axe.min.js ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "==> installing configurable-http-proxy and axe-core for the browser tests (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
  else
    echo "==> no npm: the JupyterHub and accessibility tests will skip (install Node.js 20 and npm)"
  fi
fi
echo "==> ruff"
ruff check .
echo "==> mypy"
mypy
echo "==> pytest"
python -m pytest "$@"
