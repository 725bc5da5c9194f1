#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for tests (CI and local), from Debian's package.
#
#   eval "$(.ci/postgres.sh start)"   installs postgresql if missing, starts a server in a temp dir,
#                                     creates database inkwell_ci, and prints
#                                     `export POSTGRES_URL=…; export INKWELL_PG_DIR=…`
#   .ci/postgres.sh stop              stops the server started above and deletes its files
#
# Trust authentication on 127.0.0.1 only, fsync off: fast and fine for data that is thrown away.
set -euo pipefail

log() { echo "postgres: $*" >&2; }

as_owner() {
  # initdb and postgres refuse to run as root; run them as the postgres user then.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  return 1
}

start() {
  local bin
  if ! bin=$(bindir); then
    log "installing postgresql (apt)"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
    bin=$(bindir)
  fi
  local dir port
  dir=$(mktemp -d /tmp/inkwell-pg.XXXXXX)
  chmod 755 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $dir -F -c max_connections=200" start >&2 \
    || { cat "$dir/server.log" >&2; exit 1; }
  as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE DATABASE inkwell_ci" >&2
  log "$("$bin/postgres" --version) on 127.0.0.1:$port ($dir)"
  echo "export POSTGRES_URL=postgres://postgres@127.0.0.1:$port/inkwell_ci; export INKWELL_PG_DIR=$dir"
}

stop() {
  local dir="${INKWELL_PG_DIR:-}"
  if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then log "nothing to stop (INKWELL_PG_DIR unset)"; return; fi
  as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
