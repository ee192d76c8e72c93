#!/bin/sh
# Past its --resume-window a finished run answers 204 and a detached one is cancelled and answers 410;
# a reconnect within the window after the end replays nothing and answers 204.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
FAKE_MODE=hang start_sse --pipeline "$FAKE" --resume-window 0.5 --workers 1
code() { curl -s -o /dev/null -w '%{http_code}' -H "Last-Event-ID: $1" "$URL/api/chat/stream"; }
curl -sN --max-time 0.5 -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >"$T/hang" 2>/dev/null || true
hung=$(grep '^id: ' "$T/hang" | tail -1 | cut -c5-)
[ -n "$hung" ] || fail "no id: $(cat "$T/hang")"
sleep 1
[ "$(code "$hung")" = 410 ] || fail "a detached run past its window: $(code "$hung")"
m=$(curl -s "$URL/metrics")
echo "$m" | grep -q '^rag_sse_runs_total{outcome="cancelled"} 1$' || fail "not cancelled: $(echo "$m" | grep runs_total)"
echo "$m" | grep -q '^rag_sse_runs_held 0$' || fail "still held: $(echo "$m" | grep held)"
kill "$SSE_PID"; wait "$SSE_PID" 2>/dev/null || true
start_sse --pipeline "$FAKE" --resume-window 0.5
curl -sN -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >"$T/done"
last=$(grep '^id: ' "$T/done" | tail -1 | cut -c5-)
[ "$(code "$last")" = 204 ] || fail "within the window, after done: $(code "$last")"
[ "$(code "${last%:*}:3")" = 200 ] || fail "within the window, from seq 3: $(code "${last%:*}:3")"
sleep 1
[ "$(code "$last")" = 204 ] || fail "past the window, finished: $(code "$last")"
[ "$(code "${last%:*}:3")" = 204 ] || fail "past the window, from seq 3: $(code "${last%:*}:3")"
[ "$(code "${last%:*}")" = 400 ] || fail "an id without SEQ: $(code "${last%:*}")"
[ "$(grep -c 'run=r' "$T/server.log")" = 2 ] || fail "a reconnect started a run: $(cat "$T/server.log")"
