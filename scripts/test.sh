#!/usr/bin/env bash
# `npm test`: install what is missing, start real Postgres/Redis/S3 (unless configured), migrate
# a dedicated test database, type-check every workspace, then run every workspace's tests.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_install
ensure_chromium
# Tests may trade durability for speed on a Postgres they start themselves.
export WHETSTONE_PG_FAST="${WHETSTONE_PG_FAST:-1}"
ensure_services whetstone_test
export QUEUE_PREFIX="${QUEUE_PREFIX:-whetstone-test}"
export NODE_ENV=test
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
apply_migrations

log "type-checking and linting"
npx --no-install turbo run typecheck lint --output-logs=errors-only
log "running tests"
npx --no-install turbo run test --concurrency=1 --continue --env-mode=loose --output-logs=full -- "$@"
