#!/bin/sh
# A stage that closes its stdout and goes on running (the fake pipeline: meta, then stdout closed
# and a sleep) ends its stream at once with an error, not at --run-timeout (60 s here), and the
# stage is killed and reaped. Spawn and worker mode (a worker so ended is restarted).
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
check() {
    start=$(date +%s)
    curl -sN --max-time 20 -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >"$T/out" ||
        fail "$MODE: the stream did not end cleanly"
    secs=$(( $(date +%s) - start ))
    [ $secs -le 5 ] || fail "$MODE: the stream took $secs s to end"
    grep -q '^event: error' "$T/out" || fail "$MODE: no error event: $(cat "$T/out")"
    sleep 1
    [ "$(stages_matching 'sleep 1000')" = 0 ] || fail "$MODE: the stage still runs after the stream ended"
    curl -s "$URL/metrics" | grep -q 'rag_sse_runs_total{outcome="error"} 1' || fail "$MODE: not counted as an error"
    echo "$MODE: ended with an error after ${secs} s, no stage left"
}
export FAKE_MODE=closeout
SSE_FLAGS="--run-timeout 60"
in_each_mode check
