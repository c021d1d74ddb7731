# Shared by start.sh and test.sh: install dependencies when needed, start local services
# unless the environment points at real ones, generate the Prisma client, apply migrations.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

log() { printf '[whetstone] %s\n' "$*" >&2; }

ensure_install() {
  # npm ci when node_modules is missing or older than the lockfile.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  local client=packages/db/src/generated/prisma/client.ts
  if [ ! -f "$client" ] || [ prisma/schema.prisma -nt "$client" ]; then
    log "generating the Prisma client"
    npx --no-install prisma generate >/dev/null
  fi
}

# Starts Postgres, Redis and s3rver locally unless DATABASE_URL, REDIS_URL and S3_ENDPOINT are all set.
# $1: database name to use on the local Postgres (whetstone or whetstone_test).
ensure_services() {
  local database="$1"
  if [ -n "${DATABASE_URL:-}" ] && [ -n "${REDIS_URL:-}" ] && [ -n "${S3_ENDPOINT:-}" ]; then
    log "using the configured services (DATABASE_URL, REDIS_URL, S3_ENDPOINT)"
    return
  fi
  bash infra/local/services.sh up
  eval "$(bash infra/local/services.sh env)"
  export DATABASE_URL="${DATABASE_URL%/*}/$database"
}

# Browser tests drive Debian's chromium (never a downloaded browser); install it like the services.
ensure_chromium() {
  command -v chromium >/dev/null && return
  log "installing chromium with apt (browser tests)"
  export DEBIAN_FRONTEND=noninteractive
  if [ ! -f /tmp/.whetstone-apt-updated ]; then apt-get update -qq >/dev/null && touch /tmp/.whetstone-apt-updated; fi
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
}

# Builds what ships as built artefacts (the CLI bundle, the dashboard); turbo skips what is up to date.
build_artifacts() {
  npx --no-install turbo run build --output-logs=errors-only >/dev/null
}

apply_migrations() {
  npx --no-install tsx packages/db/scripts/migrate.ts deploy
}
