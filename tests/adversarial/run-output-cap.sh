#!/bin/sh
# A run whose pipeline writes without end (the fake pipeline floods tokens) gets an error event once
# its output passes --max-run-bytes, is cancelled, and counts as outcome too_large in /metrics; the
# server goes on answering. Spawn and worker mode.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
check() {
    curl -sN --max-time 20 -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >"$T/out" ||
        fail "$MODE: the stream did not end cleanly"
    bytes=$(wc -c <"$T/out")
    [ "$bytes" -lt 600000 ] || fail "$MODE: $bytes bytes relayed (SSE framing included) past a cap of 200000"
    grep -A2 '^event: error' "$T/out" | grep -q 'passed 200000 bytes (--max-run-bytes)' ||
        fail "$MODE: no error naming the cap: $(tail -3 "$T/out")"
    curl -s "$URL/metrics" | grep -q 'rag_sse_runs_total{outcome="too_large"} 1' || fail "$MODE: not counted"
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" = 200 ] || fail "$MODE: healthz"
    echo "$MODE: cut after $bytes bytes with an error, counted as too_large"
}
export FAKE_MODE=flood
SSE_FLAGS="--max-run-bytes 200000"
in_each_mode check
