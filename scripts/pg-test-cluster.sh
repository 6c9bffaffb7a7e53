#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster on 127.0.0.1 for the tests and print its URL.
# Usage: url=$(bash scripts/pg-test-cluster.sh start DIR PORT); bash scripts/pg-test-cluster.sh stop DIR
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?a folder for the cluster}
port=${3:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "no PostgreSQL server binaries (apt-get install postgresql)" >&2; exit 2; }
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U starkit >"$dir/initdb.log" 2>&1
    # The owner (starkit) connects without a password; every other role (the workshop
    # members' own roles) must give its password, as on a real server.
    cat >"$dir/data/pg_hba.conf" <<'HBA'
local all all trust
host all starkit 127.0.0.1/32 trust
host all all 127.0.0.1/32 scram-sha-256
HBA
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
      start >/dev/null
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U starkit starkit_test
    echo "postgresql://starkit@127.0.0.1:$port/starkit_test"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
