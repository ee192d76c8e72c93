# Shared helpers for end-to-end tests; sourced as `. "${0%/*}/lib.sh"`.
# Gives: $T (a temp dir removed at exit), $E2E (this folder), $GOLDEN, $FIX,
# fail MSG, expect_golden FILE NAME, normalize, free_port, wait_port PORT, npm_package MODULE SPEC,
# shared_dir (../shared or $RAG_SHARED; skips when absent), skip MSG.
E2E=$(cd "${0%/*}" && pwd)
ROOT=$(cd "$E2E/../.." && pwd)
GOLDEN=$ROOT/tests/golden
FIX=$ROOT/tests/fixtures
: "${RAG_BIN:=$ROOT/bin}"
PATH="$RAG_BIN:$PATH"
T=$(mktemp -d)
cleanup_hooks=
at_exit() { cleanup_hooks="$1; $cleanup_hooks"; }
trap 'eval "$cleanup_hooks"; rm -rf "$T"' EXIT
# Keep tests away from the user's own index and cache.
export XDG_DATA_HOME="$T/xdg-data" XDG_CACHE_HOME="$T/xdg-cache"
unset RAG_INDEX RAG_CACHE RAG_MODEL

fail() { echo "not ok: $*" >&2; exit 1; }
skip() { echo "$*" >&2; exit 77; }

# Zeroes what changes from run to run: durations, timings, generated run ids.
normalize() {
    sed -E 's/"(duration_ms|ttft_ms)":[0-9.]+/"\1":0/g; s/"run":"r[0-9a-f]{12}"/"run":"R"/g; s/"run_id":"r[0-9a-f]{12}"/"run_id":"R"/g'
}

# Compares FILE with tests/golden/NAME.*; BLESS=1 rewrites the golden file.
expect_golden() {
    file=$1; name=$2
    golden=$(ls "$GOLDEN/$name".* 2>/dev/null | head -1)
    [ -n "$golden" ] || golden=$GOLDEN/$name.ndjson
    if [ "${BLESS:-}" = 1 ]; then cp "$file" "$golden"; echo "blessed $golden"; return 0; fi
    diff -u "$golden" "$file" || fail "output differs from $golden (BLESS=1 rewrites it)"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_port() {
    python3 - "$1" <<'PY' || fail "nothing listens on port $1"
import socket, sys, time
for _ in range(200):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close(); sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
}

# The shared datasets and anchors live beside the checkout in development.
shared_dir() {
    d=${RAG_SHARED:-$ROOT/../shared}
    [ -d "$d" ] || skip "no shared folder at $d (set RAG_SHARED)"
    echo "$d"
}

# npm_package MODULE SPEC: node can require MODULE, installed once from the npm registry (SPEC,
# e.g. openai@4) into build/npm, never into the tree; skips without node or a registry.
npm_package() {
    command -v node >/dev/null || skip "node not installed"
    NODE_PATH=$ROOT/build/npm/node_modules:$(npm root -g 2>/dev/null)
    export NODE_PATH
    node -e "require('$1')" 2>/dev/null && return 0
    timeout 300 npm install --silent --no-save --no-audit --no-fund --prefix "$ROOT/build/npm" "$2" >/dev/null 2>&1 ||
        skip "npm could not install $2 (no registry?)"
}
