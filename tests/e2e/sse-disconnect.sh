#!/bin/sh
# Clients that go away mid-stream cancel their runs: no process, zombie or fd is left (30 in a loop).
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
FAKE_DELAY=0.2 start_sse --pipeline "$FAKE"
fds=$(fd_count)
i=0
while [ $i -lt 30 ]; do
    curl -sN --max-time 0.3 -X POST "$URL/api/chat/stream" -d '{"query":"x"}' >/dev/null 2>&1 || true
    i=$((i + 1))
done
sleep 0.5
[ "$(child_count)" = 0 ] || fail "children left: $(ps --ppid $SSE_PID -o pid,stat,cmd)"
[ "$(fd_count)" = "$fds" ] || fail "fds: $fds before, $(fd_count) after"
[ "$(grep -c ' aborted run=' "$T/server.log")" = 30 ] || fail "aborted runs: $(grep -c aborted "$T/server.log")"
curl -s "$URL/metrics" | grep -q '^rag_sse_runs_total{outcome="cancelled"} 30$' || fail "metrics: $(curl -s "$URL/metrics" | grep runs_total)"
curl -s "$URL/metrics" | grep -q '^rag_sse_streams_open 0$' || fail "streams still open"
