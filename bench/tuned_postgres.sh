#!/usr/bin/env bash
# A throwaway PostgreSQL cluster with settings for million-row writes, for the benchmarks.
#
#   bash bench/tuned_postgres.sh start   # then --database postgres://postgres@127.0.0.1:5433/postgres
#   bash bench/tuned_postgres.sh stop
#
# Debian's defaults (shared_buffers 128 MB, wal_buffers 4 MB, max_wal_size 1 GB) suit a small
# server; a branch office's database server that takes province-wide rosters would be set like
# this. The cluster lives in $PAYUNG_PG_DIR (default /tmp/payung-pg-tuned), runs as the
# `postgres` user on port 5433 with trust authentication, and is not used by the tests.
set -euo pipefail
DIR=${PAYUNG_PG_DIR:-/tmp/payung-pg-tuned}
PORT=${PAYUNG_PG_PORT:-5433}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
  start)
    if [ ! -d "$DIR/data" ]; then
      mkdir -p "$DIR" && chown postgres "$DIR" 2>/dev/null || true
      as_postgres "$BIN/initdb" -D "$DIR/data" -A trust -U postgres >/dev/null
    fi
    as_postgres "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w start -o "-p $PORT -k $DIR \
      -c listen_addresses=127.0.0.1 -c shared_buffers=4GB -c wal_buffers=64MB \
      -c max_wal_size=16GB -c checkpoint_timeout=30min -c maintenance_work_mem=1GB \
      -c work_mem=256MB"
    ;;
  stop) as_postgres "$BIN/pg_ctl" -D "$DIR/data" -w stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
