#!/usr/bin/env bash
# A local streaming replica of the PostgreSQL server behind DATABASE_URL, to prove that Payung's
# dashboard reads go to it (payung/core/replica.py), then stopped and removed.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/payung_national bash bench/replica.sh
#
# 1. lets the `postgres` user make replication connections from 127.0.0.1 (a line added to the
#    server's pg_hba.conf and taken out again at the end, if no such line was there);
# 2. pg_basebackup -R of the whole server into $PAYUNG_REPLICA_DIR (default
#    /tmp/payung-replica), started as a hot standby on port $PAYUNG_REPLICA_PORT (default 5434;
#    bench/tuned_postgres.sh uses 5433), and waits until it has replayed the primary's WAL;
# 3. runs bench/replica_reads.py with DATABASE_REPLICA_URL set: each read's queries per alias;
# 4. prints the scans of the read tables on the replica and on the primary, before and after;
# 5. stops the replica and deletes its directory (also on failure or Ctrl-C).
# Run as root (or as postgres with write access to pg_hba.conf). The base backup copies every
# database of the server: it needs that much free space under the directory.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB}"
DIR=${PAYUNG_REPLICA_DIR:-/tmp/payung-replica}
PORT=${PAYUNG_REPLICA_PORT:-5434}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
MARK="# payung bench/replica.sh"
read -r PRIMARY_HOST PRIMARY_PORT DB < <(.venv/bin/python -c '
import sys, urllib.parse
url = urllib.parse.urlsplit(sys.argv[1])
print(url.hostname or "127.0.0.1", url.port or 5432, url.path.lstrip("/"))' "$DATABASE_URL")
REPLICA_URL="postgres://postgres@127.0.0.1:$PORT/$DB"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
primary() { psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d "$DB" -Atqc "$1"; }
replica() { psql -h 127.0.0.1 -p "$PORT" -U postgres -d "$DB" -Atqc "$1"; }
HBA=$(primary "SHOW hba_file")
ADDED_HBA=0

cleanup() {
  set +e
  if [ -f "$DIR/data/postmaster.pid" ]; then
    as_postgres "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null && echo "replica stopped"
  fi
  rm -rf "$DIR" && echo "removed $DIR"
  if [ "$ADDED_HBA" = 1 ]; then
    sed -i "\|$MARK|d" "$HBA" && primary "SELECT pg_reload_conf()" >/dev/null
    echo "replication line taken out of $HBA"
  fi
}
trap cleanup EXIT

if ss -ltn | grep -q ":$PORT "; then echo "port $PORT is in use: set PAYUNG_REPLICA_PORT" >&2; exit 2; fi
if ! grep -Eq '^[[:space:]]*host[[:space:]]+replication' "$HBA"; then
  echo "host replication postgres 127.0.0.1/32 trust $MARK" >>"$HBA"
  ADDED_HBA=1
  primary "SELECT pg_reload_conf()" >/dev/null
fi

rm -rf "$DIR" && mkdir -p "$DIR" && chown postgres "$DIR" 2>/dev/null || true
chmod 700 "$DIR"
echo "== base backup of $PRIMARY_HOST:$PRIMARY_PORT into $DIR/data"
started=$(date +%s.%N)
as_postgres "$BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres \
  -D "$DIR/data" -R -X stream -c fast
printf 'base backup: %s, %.1f s\n' "$(du -sh "$DIR/data" | cut -f1)" "$(echo "$(date +%s.%N) - $started" | bc)"
# Debian keeps postgresql.conf and pg_hba.conf in /etc: the copy gets its own.
as_postgres sh -c "printf 'hot_standby = on\n' > '$DIR/data/postgresql.conf'"
as_postgres sh -c "printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' > '$DIR/data/pg_hba.conf'"
as_postgres "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w start \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c shared_buffers=256MB"

target=$(primary "SELECT pg_current_wal_lsn()")
for _ in $(seq 1 120); do
  if [ "$(replica "SELECT pg_last_wal_replay_lsn() >= '$target'::pg_lsn")" = t ]; then break; fi
  sleep 0.5
done
echo "== replica on port $PORT: pg_is_in_recovery() = $(replica 'SELECT pg_is_in_recovery()'),"\
  "replayed up to $(replica 'SELECT pg_last_wal_replay_lsn()') (primary at $target)"
echo "   primary sees: $(primary "SELECT application_name || ' ' || state || ' ' || sync_state FROM pg_stat_replication")"

SCANS="SELECT string_agg(relname || '=' || (seq_scan + coalesce(idx_scan, 0)), ' ' ORDER BY relname)
  FROM pg_stat_user_tables WHERE relname IN
  ('enrollments_coveragetally', 'workers_worker', 'regions_region', 'auth_user')"
before_replica=$(replica "$SCANS")
before_primary=$(primary "$SCANS")

echo "== Payung reads with DATABASE_REPLICA_URL=$REPLICA_URL"
DATABASE_REPLICA_URL=$REPLICA_URL .venv/bin/python bench/replica_reads.py
sleep 1.5  # backends publish their table statistics within a second of going idle

echo "== table scans (sequential + index), before -> after the reads"
echo "   replica: $before_replica"
echo "         -> $(replica "$SCANS")"
echo "   primary: $before_primary"
echo "         -> $(primary "$SCANS")"
