#!/usr/bin/env bash
# Start a real Dalal server for the browser tests: a fresh SQLite database and var/ dir in a
# temporary folder (removed on exit), migrated, loaded with the demo instruments (`dalal demo`),
# then `dalal serve` on 127.0.0.1:$E2E_PORT with a market that never closes
# (DALAL_SESSIONS=always), so orders fill at any hour against the synthetic feed.
# `dalal demo` creates the `demo` user as a trader: the first user to register is still admin.
# Playwright's webServer runs this and waits for /healthz.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
port="${E2E_PORT:?set E2E_PORT to the port to serve on}"
dalal="${DALAL_BIN:-$root/.venv/bin/dalal}"

if [ ! -x "$dalal" ]; then
  echo "e2e: $dalal not found. Install the backend first: make install (from the repository root)." >&2
  exit 1
fi
if [ ! -f frontend/dist/index.html ]; then
  echo "e2e: frontend/dist is missing; building the web app (cd frontend && npm run build)..." >&2
  if [ ! -d frontend/node_modules ]; then
    echo "e2e: frontend/node_modules is missing. Run: cd frontend && npm ci" >&2
    exit 1
  fi
  (cd frontend && npm run build --silent) >&2
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/dalal-e2e.XXXXXX")"
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT

export DALAL_DATABASE_URL="sqlite+aiosqlite:///$tmp/e2e.db"
export DALAL_VAR_DIR="$tmp"
export DALAL_FRONTEND_DIST="$root/frontend/dist"
export DALAL_SESSIONS=always
unset DALAL_REDIS_URL

echo "e2e: database and var dir in $tmp" >&2
"$dalal" migrate
"$dalal" demo

"$dalal" serve --host 127.0.0.1 --port "$port" &
server=$!
stop() {
  kill -TERM "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  exit 0
}
trap stop TERM INT
wait "$server"
