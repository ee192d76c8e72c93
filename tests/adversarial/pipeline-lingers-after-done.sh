#!/bin/sh
# Spawn mode: a pipeline whose stage lingers after the run's `done` (the fake pipeline sleeps with
# stdout open) is killed 2 s after done and reaped, not at run-timeout + grace + 5 s (135 s by
# default). Worker mode keeps its pipelines by design; a stalled worker is covered by
# tests/e2e/sse-faults.sh.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
FAKE_MODE=linger start_sse --pipeline "$FAKE" --workers 0 --spares 0
curl -sN --max-time 10 -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >"$T/out"
grep -q '^event: done' "$T/out" || fail "no done: $(cat "$T/out")"
[ "$(stages_matching 'sleep 1000')" = 1 ] || fail "the lingering stage is not there to begin with"
sleep 3.5
[ "$(stages_matching 'sleep 1000')" = 0 ] || fail "the stage still runs 3.5 s after done"
[ "$(descendants)" = 0 ] || fail "$(descendants) processes left under the server"
curl -s "$URL/metrics" | grep -q '^rag_sse_pipeline_processes 0' || fail "a pipeline is still counted"
echo "lingering stage killed and reaped within 3.5 s of done"
