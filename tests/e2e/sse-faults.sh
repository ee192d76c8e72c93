#!/bin/sh
# A pipeline that crashes, writes a malformed line or hangs past --run-timeout: an error event, a
# clean end, with a pipeline per request and with workers. A worker that failed so is restarted:
# the next run is answered (the fake pipeline fails only its first run, FAKE_ONCE).
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
for workers in 0 1; do
    for mode in crash garbage hang; do
        out=$T/$mode-$workers
        FAKE_MODE=$mode FAKE_ONCE=$T/once-$mode-$workers start_sse --pipeline "$FAKE" --workers $workers --run-timeout 1
        curl -sN --max-time 10 -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >"$out" || fail "$mode: stream did not end cleanly"
        grep -A2 '^event: error' "$out" | grep -q '"stage":"rag-sse"' || fail "$mode, --workers $workers: $(cat "$out")"
        [ "$(grep -c '^event: ' "$out")" = 2 ] || fail "$mode, --workers $workers: meta and error expected: $(cat "$out")"
        curl -sN --max-time 10 -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >"$out.next"
        grep -q '^event: done' "$out.next" || fail "$mode, --workers $workers: no answer after the failure: $(cat "$out.next")"
        kill $SSE_PID; wait $SSE_PID || fail "exit status after SIGTERM"
    done
    grep -q 'run timed out after 1 s' "$T/hang-$workers" || fail "timeout message"
    grep -q 'pipeline wrote a malformed line' "$T/garbage-$workers" || fail "garbage message"
done
grep -q 'pipeline ended without a done event' "$T/crash-0" || fail "crash message"
grep -q 'pipeline worker exited' "$T/crash-1" || fail "crash message, worker mode"
grep -q 'restarting the worker' "$T/server.log" || fail "the stalled worker was not restarted: $(cat "$T/server.log")"
FAKE_MODE=stderr start_sse --pipeline "$FAKE" --workers 0
curl -sN -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >/dev/null
grep -Eq '^rag-sse: run r[0-9a-f]{12}: fake: warming up for r' "$T/server.log" || fail "stderr not logged with the run id"
kill $SSE_PID; wait $SSE_PID
FAKE_MODE=stderr start_sse --pipeline "$FAKE" --workers 1
curl -sN -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >/dev/null
grep -Eq '^rag-sse: worker 0: fake: warming up for r' "$T/server.log" || fail "stderr not logged with the worker"
