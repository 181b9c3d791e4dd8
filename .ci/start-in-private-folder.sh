#!/usr/bin/env bash
# A clone in a folder only its owner can enter (as root: under /root or `mktemp -d`), started with the
# README's first command on the embedded PostgreSQL: it must answer /health and the demo login, then stop
# cleanly on SIGTERM; then the README's second command, npm test, from the same folder.
set -euo pipefail
SOURCE="$1"
PRIVATE="$(mktemp -d)"   # mode 700
PORT=3187
PG_PORT=54387
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then kill -TERM -- -"$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  # As root the clusters' data (the app's and the tests') lives outside the clone (src/database/embedded-postgres.ts).
  for link in "$PRIVATE"/app/.data/*; do
    if [ -L "$link" ]; then rm -rf "$(readlink "$link")"; fi
  done
  rm -rf "$PRIVATE"
}
trap cleanup EXIT

git clone -q "$SOURCE" "$PRIVATE/app"
cd "$PRIVATE/app"
npm ci --silent --no-audit --no-fund
PORT=$PORT EMBEDDED_PG_PORT=$PG_PORT setsid npm start > "$PRIVATE/start.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 180); do
  if curl -sf "http://127.0.0.1:$PORT/health" > /dev/null; then break; fi
  if ! kill -0 "$APP_PID" 2>/dev/null; then cat "$PRIVATE/start.log"; echo "npm start exited"; exit 1; fi
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/health" > /dev/null || { cat "$PRIVATE/start.log"; echo "no /health after 180 s"; exit 1; }
curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"username":"admin","password":"caoyuan-admin"}' | grep -q accessToken
grep -q 'Demo logins' "$PRIVATE/start.log"
# SIGTERM to npm start's process group, as a service manager or a terminal's Ctrl-C sends it; the app
# closes its HTTP server, then stops its PostgreSQL.
kill -TERM -- -"$APP_PID"
wait "$APP_PID" || true
APP_PID=""
DATA="$(readlink -f .data/pg)"
sleep 1
if pgrep -f -- "-D $DATA" > /dev/null; then echo "the embedded PostgreSQL outlived the app"; exit 1; fi
echo "started from $PRIVATE/app as $(id -un): /health and the demo login answered, SIGTERM stopped it"
# The README's second command from the same folder: its tests' embedded PostgreSQL must cope as well.
npm test
