#!/bin/sh
# The bytes held for resuming stay within --resume-total-bytes under many disconnected runs: the oldest are
# dropped first (410), the newest still resume; one run's log stays within --resume-run-bytes.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
total=16384
FAKE_DELAY=0.1 start_sse --pipeline "$FAKE" --workers 2 --resume-window 60 --resume-total-bytes $total \
    --resume-run-bytes 1024
held() { curl -s "$URL/metrics" | awk '/^rag_sse_event_log_bytes / {b=$2} /^rag_sse_runs_held / {h=$2} END {print b + 1024 * h}'; }
i=0 max=0
while [ $i -lt 40 ]; do
    curl -sN --max-time 0.25 -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >"$T/cut.$i" 2>/dev/null || true
    h=$(held); [ "$h" -gt $max ] && max=$h
    i=$((i + 1))
done
sleep 1.5  # every run has ended by now
h=$(held); [ "$h" -gt $max ] && max=$h
[ $max -le $total ] || fail "held $max bytes, over $total"
m=$(curl -s "$URL/metrics")
echo "$m" | grep -q '^rag_sse_runs_evicted_total [1-9]' || fail "nothing evicted: $(echo "$m" | grep rag_sse_runs)"
code() { curl -s -o "$T/body" -w '%{http_code}' -H "Last-Event-ID: $1" "$URL/api/chat/stream"; }
first=$(grep '^id: ' "$T/cut.0" | tail -1 | cut -c5-)
[ "$(code "$first")" = 410 ] || fail "the oldest run: $(code "$first")"
newest=$(grep '^id: ' "$T/cut.39" | tail -1 | cut -c5-)
[ "$(code "$newest")" = 200 ] || fail "the newest run: $(code "$newest")"
grep -q '^event: done' "$T/body" || fail "the newest run's replay: $(cat "$T/body")"
# 1024 bytes hold fewer than the 9 events of a whole run: its first events are gone.
[ "$(code "${newest%:*}:0")" = 410 ] || fail "a replay from the start past the run's bound: $(code "${newest%:*}:0")"
echo "held at most $max of $total bytes" >&2
