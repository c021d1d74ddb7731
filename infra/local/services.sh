#!/usr/bin/env bash
# Local Postgres, Redis and an S3-compatible server (s3rver) without Docker.
#
#   infra/local/services.sh up [postgres|redis|s3]    start what is not running (installs apt packages when missing)
#   infra/local/services.sh down [postgres|redis|s3]  stop everything this script started (or only one service)
#   infra/local/services.sh status   say what runs
#   infra/local/services.sh env      print the export lines for the URLs
#
# Idempotent: `up` twice leaves one copy of each running. `up` refuses an S3 port held by a
# server another data folder started (it would serve someone else's objects). Data lives under $WHETSTONE_DATA_DIR
# (default: <repo>/.data, or a folder under /tmp when the postgres user cannot reach the repo).
# Ports: WHETSTONE_PG_PORT (55432), WHETSTONE_REDIS_PORT (56379), WHETSTONE_S3_PORT (54569).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
PG_PORT="${WHETSTONE_PG_PORT:-55432}"
REDIS_PORT="${WHETSTONE_REDIS_PORT:-56379}"
S3_PORT="${WHETSTONE_S3_PORT:-54569}"
S3_BUCKET="${S3_BUCKET:-whetstone}"
DATABASES=(whetstone whetstone_test)

log() { printf '[services] %s\n' "$*" >&2; }

data_dir() {
  if [ -n "${WHETSTONE_DATA_DIR:-}" ]; then echo "$WHETSTONE_DATA_DIR"; return; fi
  # The postgres server refuses to run as root, so its user must be able to reach the data folder.
  if runuser -u postgres -- test -x "$repo" 2>/dev/null && runuser -u postgres -- test -r "$repo"; then
    echo "$repo/.data"
  else
    echo "/tmp/whetstone-data-$(echo -n "$repo" | sha1sum | cut -c1-8)"
  fi
}
DATA="$(data_dir)"

apt_install() {
  log "installing $* with apt"
  export DEBIAN_FRONTEND=noninteractive
  if [ ! -f /tmp/.whetstone-apt-updated ]; then apt-get update -qq >/dev/null && touch /tmp/.whetstone-apt-updated; fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_bin() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

ensure_packages() {
  local missing=()
  [ -n "$(pg_bin)" ] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v psql >/dev/null || missing+=(postgresql-client)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
  # Debian's postgresql package starts a cluster of its own on 5432; we do not use it.
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port=$1 name=$2 i
  for i in $(seq 1 100); do port_open "$port" && return 0; sleep 0.1; done
  log "$name did not open port $port"; return 1
}

pg_up() {
  local bin; bin="$(pg_bin)"
  local dir="$DATA/postgres"
  if port_open "$PG_PORT"; then log "postgres already on $PG_PORT"; else
    mkdir -p "$dir"; chown postgres:postgres "$dir"; chmod 700 "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      runuser -u postgres -- "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
    fi
    local extra=""
    # Tests may trade durability for speed; a real run never does.
    if [ "${WHETSTONE_PG_FAST:-0}" = "1" ]; then extra="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"; fi
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -o "-p $PG_PORT -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 $extra" start >/dev/null
    log "postgres started on $PG_PORT ($dir)"
  fi
  for db in "${DATABASES[@]}"; do
    if ! psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
      psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create database $db" >/dev/null
    fi
  done
}

pg_down() {
  local bin; bin="$(pg_bin)" || return 0
  local dir="$DATA/postgres"
  if [ -f "$dir/postmaster.pid" ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null && log "postgres stopped"; fi
}

redis_up() {
  if port_open "$REDIS_PORT"; then log "redis already on $REDIS_PORT"; return; fi
  mkdir -p "$DATA/redis"
  # noeviction: BullMQ must never lose keys silently; AOF: queued work survives a restart.
  redis-server --daemonize yes --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$DATA/redis" \
    --pidfile "$DATA/redis/redis.pid" --logfile "$DATA/redis/redis.log" \
    --maxmemory-policy noeviction --appendonly yes --appendfsync everysec --save "" >/dev/null
  wait_port "$REDIS_PORT" redis
  log "redis started on $REDIS_PORT"
}

redis_down() {
  if port_open "$REDIS_PORT"; then redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; log "redis stopped"; fi
}

# The pid in $DATA/s3.pid is ours when that process is alive and serves our data folder.
s3_owned_pid() {
  local pid
  [ -f "$DATA/s3.pid" ] || return 1
  pid="$(cat "$DATA/s3.pid")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "--dir $DATA/s3 " || return 1
  echo "$pid"
}

s3_up() {
  if s3_owned_pid >/dev/null && port_open "$S3_PORT"; then log "s3rver already on $S3_PORT"; return; fi
  if port_open "$S3_PORT"; then
    # Another checkout's (or anyone's) server: its data is not ours, so never reuse it.
    log "port $S3_PORT is held by a server this data folder ($DATA) did not start; stop it or set WHETSTONE_S3_PORT"
    return 1
  fi
  mkdir -p "$DATA/s3"
  # setsid + exec: the recorded pid is node itself, in its own session, holding none of our pipes.
  cd "$repo"
  setsid nohup node infra/local/s3-server.js --port "$S3_PORT" --dir "$DATA/s3" --bucket "$S3_BUCKET" \
      </dev/null >"$DATA/s3.log" 2>&1 &
  echo $! >"$DATA/s3.pid"
  cd - >/dev/null
  wait_port "$S3_PORT" s3rver
  log "s3rver started on $S3_PORT"
}

s3_down() {
  local pid i
  if pid="$(s3_owned_pid)"; then
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; log "s3rver did not stop on SIGTERM; killed"; fi
    log "s3rver stopped"
  fi
  rm -f "$DATA/s3.pid"
}

print_env() {
  echo "export DATABASE_URL=postgresql://postgres@127.0.0.1:$PG_PORT/whetstone"
  echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
  echo "export S3_ENDPOINT=http://127.0.0.1:$S3_PORT"
  echo "export S3_BUCKET=$S3_BUCKET"
  echo "export S3_ACCESS_KEY_ID=S3RVER"
  echo "export S3_SECRET_ACCESS_KEY=S3RVER"
  echo "export S3_FORCE_PATH_STYLE=true"
}

status() {
  local s
  for pair in "postgres:$PG_PORT" "redis:$REDIS_PORT" "s3rver:$S3_PORT"; do
    s="stopped"; port_open "${pair#*:}" && s="running"
    printf '%-9s %-8s 127.0.0.1:%s\n' "${pair%%:*}" "$s" "${pair#*:}"
  done
  echo "data: $DATA"
}

case "${1:-status}" in
  up)
    mkdir -p "$DATA"; chmod 755 "$DATA"
    case "${2:-all}" in
      s3) s3_up; exit 0 ;;
      postgres) ensure_packages; pg_up; exit 0 ;;
      redis) ensure_packages; redis_up; exit 0 ;;
    esac
    ensure_packages; pg_up; redis_up; s3_up
    log "ready:"; print_env | sed 's/^export /  /' >&2 ;;
  down)
    # One service alone: the fault-injection test restarts each in turn.
    case "${2:-all}" in
      s3) s3_down; exit 0 ;;
      postgres) pg_down; exit 0 ;;
      redis) redis_down; exit 0 ;;
    esac
    s3_down; redis_down; pg_down ;;
  status) status ;;
  env) print_env ;;
  *) echo "usage: $0 up|down|status|env" >&2; exit 2 ;;
esac
