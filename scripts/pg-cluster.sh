#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and the benchmarks (never for production).
#   scripts/pg-cluster.sh start DIR   initdb in DIR, start on a free port on 127.0.0.1; prints the DATABASE_URL
#   scripts/pg-cluster.sh stop DIR    stop it (the folder is left for the caller to delete)
#   scripts/pg-cluster.sh restart DIR stop, then start again on the same port
#   scripts/pg-cluster.sh resume DIR  start a stopped cluster again
# Run as root, the server runs as the `postgres` system user (PostgreSQL refuses to run as root).
set -euo pipefail
command="${1:?start|stop|restart|resume}"
dir="${2:?cluster folder}"
bindir="$(pg_config --bindir 2>/dev/null || true)"
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  for candidate in /usr/lib/postgresql/*/bin; do [ -x "$candidate/initdb" ] && bindir="$candidate"; done
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg-cluster: no PostgreSQL server (initdb) found" >&2
  exit 3
fi
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
data="$dir/data"
case "$command" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
    as_owner "$bindir/initdb" -D "$data" -U citebot --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    {
      echo "listen_addresses = '127.0.0.1'"
      echo "port = $port"
      echo "unix_socket_directories = '$dir'"
      echo "max_connections = 200"
      echo "fsync = off"
      echo "synchronous_commit = off"
      echo "full_page_writes = off"
      echo "shared_buffers = 64MB"
    } | as_owner tee -a "$data/postgresql.conf" >/dev/null
    as_owner "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null
    echo "postgres://citebot@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -d "$data" ] && as_owner "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null || true
    ;;
  resume)
    as_owner "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null
    ;;
  restart)
    as_owner "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -m fast -w -t 60 restart >/dev/null
    ;;
  *)
    echo "pg-cluster: unknown command $command" >&2
    exit 2
    ;;
esac
