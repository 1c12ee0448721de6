#!/usr/bin/env bash
# Start or stop a throw-away PostgreSQL server for the tests.
#   eval "$(bash scripts/pg.sh start DIR)"   prints: export EURASEC_TEST_POSTGRES_URL=...
#   bash scripts/pg.sh stop DIR
set -euo pipefail
action=$1 dir=$2
bin=$(dirname "$(command -v initdb 2>/dev/null || echo /usr/lib/postgresql/15/bin/initdb)")
[ -x "$bin/initdb" ] || bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
run_as=()
if [ "$(id -u)" = 0 ]; then
  run_as=(runuser -u postgres --)
fi
case "$action" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=${PGPORT_TEST:-54329}
    "${run_as[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust >/dev/null
    "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200" start >/dev/null
    "$bin/../bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc 'CREATE DATABASE eurasec_test' >/dev/null 2>&1 \
      || psql -h 127.0.0.1 -p "$port" -U postgres -qc 'CREATE DATABASE eurasec_test' >/dev/null
    echo "export EURASEC_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$port/eurasec_test"
    ;;
  stop)
    "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
    ;;
esac
