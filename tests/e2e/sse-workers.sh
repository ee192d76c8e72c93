#!/bin/sh
# --workers N: long-lived pipelines carry many runs, demultiplexed by run id; a dead worker fails its run and restarts.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
start_sse --pipeline "$FAKE" --workers 2
pids=$(ps -o pid= --ppid "$SSE_PID" | sort | tr '\n' ' ')
i=0
clients=
while [ $i -lt 6 ]; do python3 "$CLIENT" "$URL" "{\"query\":\"q$i\"}" >>"$T/out" & clients="$clients $!"; i=$((i + 1)); done
for c in $clients; do wait $c; done
[ "$(grep -c '"tokens_match": true' "$T/out")" = 6 ] || fail "$(cat "$T/out")"
[ "$(ps -o pid= --ppid "$SSE_PID" | sort | tr '\n' ' ')" = "$pids" ] || fail "workers were not reused"
kill $SSE_PID; wait $SSE_PID || true
FAKE_MODE=crash start_sse --pipeline "$FAKE" --workers 1
curl -sN -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >"$T/crash"
grep -q 'pipeline worker exited' "$T/crash" || fail "$(cat "$T/crash")"
sleep 1
[ "$(child_count)" = 1 ] || fail "the worker was not restarted"
grep -q 'worker 0: pipeline ended with exit status 3' "$T/server.log" || fail "$(cat "$T/server.log")"
kill $SSE_PID; wait $SSE_PID || true
# A client that goes away (with no resume window): its run is cancelled down the worker's stdin.
FAKE_DELAY=0.2 start_sse --pipeline "tee -a '$T/in' | $FAKE" --workers 1 --resume-window 0
curl -sN --max-time 0.5 -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >/dev/null 2>&1 || true
sleep 0.3
run=$(grep -o '"run":"r[0-9a-f]*"' "$T/in" | head -1)
grep '"type":"cancel"' "$T/in" | grep -q "$run" || fail "no cancel event: $(cat "$T/in")"
