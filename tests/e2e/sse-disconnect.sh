#!/bin/sh
# With a pipeline per request (--workers 0), clients that go away mid-stream cancel their runs: no
# process, zombie or fd is left (but the one spare pipeline started ahead), and memory does not grow
# (30 in a loop, then 30 more); worker mode's cancel is sse-workers.sh. With
# --resume-window 0: the runs are not kept for a client that comes back (sse-resume*.sh).
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
FAKE_DELAY=0.2 start_sse --pipeline "$FAKE" --workers 0 --resume-window 0
fds=$(fd_count)
rss() { awk '/^VmRSS/ {print $2}' "/proc/$SSE_PID/status"; }
drop_30() {
    i=0
    while [ $i -lt 30 ]; do
        curl -sN --max-time 0.3 -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >/dev/null 2>&1 || true
        i=$((i + 1))
    done
    sleep 0.5
}
drop_30
rss1=$(rss)
[ "$(child_count)" = 1 ] || fail "children left: $(ps --ppid $SSE_PID -o pid,stat,cmd)"
[ "$(fd_count)" = "$fds" ] || fail "fds: $fds before, $(fd_count) after"
drop_30
rss2=$(rss)
[ $((rss2 - rss1)) -lt 256 ] || fail "memory grew from $rss1 to $rss2 KB over 30 cancelled runs"
[ "$(child_count)" = 1 ] || fail "children left after the second loop: $(ps --ppid $SSE_PID -o pid,stat,cmd)"
[ "$(fd_count)" = "$fds" ] || fail "fds after the second loop: $(fd_count)"
[ "$(grep -c ' aborted run=' "$T/server.log")" = 60 ] || fail "aborted runs: $(grep -c aborted "$T/server.log")"
curl -s "$URL/metrics" | grep -q '^rag_sse_runs_total{outcome="cancelled"} 60$' || fail "metrics: $(curl -s "$URL/metrics" | grep runs_total)"
curl -s "$URL/metrics" | grep -q '^rag_sse_streams_open 0$' || fail "streams still open"
