#!/bin/sh
# A descriptor rag-sse inherited without close-on-exec (here fd 7, as a shell redirection or a
# systemd socket gives it) never reaches a pipeline stage, in worker and in spawn mode.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
for workers in 1 0; do
    report=$T/fds-$workers
    # The first stage writes the descriptors it holds, then passes the request on to the fake.
    stage="python3 -c 'import os; open(\"$report\", \"w\").write(\" \".join(sorted(os.listdir(\"/proc/self/fd\"))))' ; $FAKE"
    exec 7>"$T/secret"
    start_sse --pipeline "$stage" --workers $workers
    exec 7>&-
    curl -sN --max-time 10 -X POST "$URL/api/chat/stream" -d '{"query":"x"}' >"$T/out-$workers"
    grep -q '^event: done' "$T/out-$workers" || fail "--workers $workers: no answer: $(cat "$T/out-$workers")"
    [ -s "$report" ] || fail "--workers $workers: the stage wrote no report"
    ! tr ' ' '\n' <"$report" | grep -qx 7 || fail "--workers $workers: fd 7 reached the stage (fds: $(cat "$report"))"
    kill $SSE_PID; wait $SSE_PID 2>/dev/null || true
done
