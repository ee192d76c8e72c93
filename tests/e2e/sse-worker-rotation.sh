#!/bin/sh
# Workers are retired and replaced without cutting a run: after --worker-runs runs, and when a
# program of the pipeline changes on disk (a new build). A run in flight on the retired worker
# still ends with done; the next run goes to a fresh pipeline; the old one exits.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
post() { curl -sN --max-time 10 -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}'; }
worker_pids() { ps -o pid= --ppid "$SSE_PID" | tr -d ' ' | sort | tr '\n' ' '; }
settle_one() {  # the retired worker has exited: one pipeline is left
    i=0; while [ "$(child_count)" != 1 ] && [ $i -lt 60 ]; do sleep 0.05; i=$((i + 1)); done
    [ "$(child_count)" = 1 ] || fail "$1: $(child_count) pipelines: $(ps --ppid $SSE_PID -o pid,cmd)"
}

# --worker-runs 3: runs 1-3 on the first pipeline, 4-6 on the second, 7 on a third.
start_sse --pipeline "$FAKE" --workers 1 --worker-runs 3
pids=
for n in 1 2 3 4 5 6 7; do
    post >"$T/run$n"
    grep -q '^event: done' "$T/run$n" || fail "run $n: $(cat "$T/run$n")"
    settle_one "after run $n"
    pids="$pids$(worker_pids)/"
done
distinct=$(echo "$pids" | tr '/' '\n' | grep . | uniq | wc -l)
[ "$distinct" = 3 ] || fail "--worker-runs 3 over 7 runs: pipelines $pids"
[ "$(grep -c 'retired, served 3 runs' "$T/server.log")" = 2 ] || fail "retirements not logged: $(cat "$T/server.log")"
kill $SSE_PID; wait $SSE_PID

# A stage rebuilt on disk: the worker started before is retired at the next run, its run goes on.
mkdir -p "$T/bin"
cp /bin/cat "$T/bin/relay"
PATH="$T/bin:$PATH" FAKE_DELAY=0.2 start_sse --pipeline "relay | $FAKE" --workers 1
post >"$T/first" && grep -q '^event: done' "$T/first" || fail "first run: $(cat "$T/first")"
before=$(worker_pids)
post >"$T/inflight" &
inflight=$!
sleep 0.3
cp /bin/cat "$T/relay.new" && mv "$T/relay.new" "$T/bin/relay"   # a new inode, as make install gives
sleep 1.1                                                         # programs are stat'ed once a second
post >"$T/after"
wait $inflight
grep -q '^event: done' "$T/inflight" || fail "the run in flight was cut: $(cat "$T/inflight")"
grep -q '^event: done' "$T/after" || fail "the run after the change: $(cat "$T/after")"
grep -q 'retired, its programs changed on disk' "$T/server.log" || fail "no retirement on change: $(cat "$T/server.log")"
settle_one "after the change"
[ "$(worker_pids)" != "$before" ] || fail "the same pipeline ($before) serves after the change"
