#!/usr/bin/env bash
# Install starkit into .venv (first run only) and open JupyterLab on notebooks/.
# Rehearsal history goes to SQLite in your user data folder (STARKIT_HISTORY overrides it).
# Extra arguments go to JupyterLab, e.g. `bash scripts/run.sh --port 9999 --no-browser`.
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh" ""
args=(--ServerApp.ip=127.0.0.1 --notebook-dir=notebooks)
# JupyterLab refuses to start as root unless told that is intended (containers, CI boxes).
[ "$(id -u)" = 0 ] && args+=(--allow-root)
exec jupyter lab "${args[@]}" "$@"
