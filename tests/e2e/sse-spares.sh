#!/bin/sh
# Spawn mode starts the next request's pipeline ahead (--spares): the spares are there before any
# request and after each one, a dead spare is replaced without failing a run, SIGTERM does not wait
# for idle spares, and --spares 0 starts nothing ahead.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
post() { curl -sN --max-time 10 -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}'; }
settle() {   # wait up to 2 s for N children
    i=0
    while [ "$(child_count)" != "$1" ] && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
    [ "$(child_count)" = "$1" ] || fail "$2: $(child_count) children, not $1: $(ps --ppid $SSE_PID -o pid,stat,cmd)"
}
start_sse --pipeline "$FAKE" --workers 0 --spares 2
settle 2 "before the first request"
for i in 1 2 3; do post | grep -q '^event: done' || fail "run $i did not finish"; done
settle 2 "after three runs"
# Spares that die idle are skipped: the run gets a pipeline of its own.
for pid in $(ps -o pid= --ppid $SSE_PID); do kill -KILL "-$pid"; done
post | grep -q '^event: done' || fail "no run after the spares died"
settle 2 "spares not replaced"
grep -q 'spare pipeline: pipeline ended with signal 9' "$T/server.log" || fail "the death of an idle spare went unlogged"
t0=$(date +%s%N)
kill -TERM $SSE_PID
wait $SSE_PID || fail "exit status $? after SIGTERM"
[ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 2000 ] || fail "SIGTERM waited for idle spares"
start_sse --pipeline "$FAKE" --workers 0 --spares 0
sleep 0.3
[ "$(child_count)" = 0 ] || fail "--spares 0 started pipelines ahead"
post | grep -q '^event: done' || fail "no run with --spares 0"
