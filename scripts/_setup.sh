# Shared by run.sh and test.sh: make .venv and install starkit into it (editable).
# Usage: source scripts/_setup.sh EXTRAS   (EXTRAS: "" for the app, "test" for the suite)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
  echo "starkit needs Python 3.10 or newer; set PYTHON=/path/to/python3.x" >&2
  exit 1
fi
VENV=${STARKIT_VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  echo "==> creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
spec="."
[ -n "${1:-}" ] && spec=".[${1}]"
stamp="$VENV/.starkit-installed-${1:-app}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> installing starkit${1:+ with [$1]} into $VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$spec"
  touch "$stamp"
fi
case "$VENV" in
  /*) ;;                      # an absolute STARKIT_VENV is used as it is
  *) VENV="$PWD/$VENV" ;;
esac
export PATH="$VENV/bin:$PATH"
