#!/bin/sh
# A pipeline that crashes, writes a malformed line or hangs past --run-timeout: an error event, a clean end.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
for mode in crash garbage hang; do
    FAKE_MODE=$mode start_sse --pipeline "$FAKE" --run-timeout 1
    curl -sN --max-time 10 -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >"$T/$mode" || fail "$mode: stream did not end cleanly"
    grep -A2 '^event: error' "$T/$mode" | grep -q '"stage":"rag-sse"' || fail "$mode: $(cat "$T/$mode")"
    [ "$(grep -c '^event: ' "$T/$mode")" = 2 ] || fail "$mode: meta and error expected"
    kill $SSE_PID; wait $SSE_PID || fail "exit status after SIGTERM"
done
grep -q 'pipeline ended without a done event' "$T/crash" || fail "crash message"
grep -q 'malformed line' "$T/garbage" || fail "garbage message"
grep -q 'run timed out after 1 s' "$T/hang" || fail "timeout message"
FAKE_MODE=stderr start_sse --pipeline "$FAKE"
curl -sN -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >/dev/null
grep -Eq '^rag-sse: run r[0-9a-f]{12}: fake: warming up for r' "$T/server.log" || fail "stderr not logged with the run id"
