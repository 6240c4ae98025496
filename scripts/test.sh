#!/usr/bin/env bash
# The whole test suite: type-check, lint, unit + integration tests on SQLite and on a throwaway PostgreSQL
# cluster, and browser tests in Debian's Chromium. Installs what npm cannot, and removes what it started.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian's chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi

if [ ! -x "$PG_BIN/initdb" ]; then
  echo "== installing PostgreSQL 15 server binaries"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql-15 >/dev/null
fi

# PostgreSQL refuses to run as root: the cluster belongs to the unprivileged 'postgres' system user.
id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
PG_DIR=$(mktemp -d /tmp/korpu-pg-XXXXXX)
chown postgres "$PG_DIR"
PG_PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
cleanup() {
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap cleanup EXIT
echo "== starting a throwaway PostgreSQL on 127.0.0.1:$PG_PORT"
runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w start \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" >/dev/null
export KORPU_TEST_PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"

echo "== type-check"
npx tsc -p tsconfig.json --noEmit
echo "== lint"
npx biome check .
echo "== tests (unit, integration on sqlite + postgres, browser)"
mapfile -t files < <(find src test -name '*.test.ts' -o -name '*.test.tsx' | sort)
node --import tsx --test --test-concurrency=2 --test-reporter=spec "${files[@]}"
