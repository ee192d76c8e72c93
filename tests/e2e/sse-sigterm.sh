#!/bin/sh
# SIGTERM: stop accepting, let a run finish within --grace, exit 0; past the grace the run ends with an error.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
FAKE_DELAY=0.2 start_sse --pipeline "$FAKE" --grace 5
curl -sN -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >"$T/a" &
c=$!
sleep 0.3
kill -TERM $SSE_PID
wait $c
wait $SSE_PID || fail "exit status $? after SIGTERM"
grep -q '^event: done' "$T/a" || fail "the run was not let finish: $(cat "$T/a")"
FAKE_DELAY=2 start_sse --pipeline "$FAKE" --grace 0.5
curl -sN -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >"$T/b" &
c=$!
sleep 0.3
kill -TERM $SSE_PID
wait $SSE_PID || fail "exit status $? after SIGTERM"
wait $c || true
grep -q 'server shutting down' "$T/b" || fail "no error event past the grace: $(cat "$T/b")"
