#!/usr/bin/env bash
# `npm start`: install what is missing, start local services (unless configured), apply
# migrations, then run the API and the worker until Ctrl-C.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_install
build_artifacts
ensure_services whetstone
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
apply_migrations
# The demo model goes through the same import as any model (a no-op once registered).
npx --no-install tsx apps/worker/scripts/models.ts register-demo >/dev/null

# An operator token for the admin API: taken from the environment or generated once and kept.
if [ -z "${ADMIN_TOKEN:-}" ]; then
  mkdir -p .data
  [ -s .data/admin-token ] || node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64url'))" > .data/admin-token
  ADMIN_TOKEN="$(cat .data/admin-token)"
  export ADMIN_TOKEN
  token_note="(kept in .data/admin-token)"
else
  token_note="(from ADMIN_TOKEN)"
fi

export HOST="${HOST:-127.0.0.1}" PORT="${PORT:-8080}"
url="http://$HOST:$PORT"

pids=()
stop() {
  log "stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
}
trap stop INT TERM

npx --no-install tsx apps/api/src/server.ts & pids+=($!)
npx --no-install tsx apps/worker/src/main.ts & pids+=($!)

for _ in $(seq 1 120); do
  if curl -fsS "$url/readyz" >/dev/null 2>&1; then break; fi
  sleep 0.5
done

cat >&2 <<MSG

  Whetstone is running.
    API:   $url
    Docs:  $url/docs
    Admin token $token_note: $ADMIN_TOKEN

  Get an API key:
    ORG=\$(curl -s -X POST $url/admin/v1/organizations -H "Authorization: Bearer $ADMIN_TOKEN" \\
           -H 'content-type: application/json' -d '{"name":"my-org"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
    curl -s -X POST $url/admin/v1/organizations/\$ORG/api_keys -H "Authorization: Bearer $ADMIN_TOKEN" \\
           -H 'content-type: application/json' -d '{"name":"dev"}'

  Stop with Ctrl-C. Local services keep running; stop them with: npm run services -- down

MSG
wait
