#!/bin/sh
# rag-sse's stderr is a pipe nobody reads while a stage writes 16 MB on its stderr: the run is
# answered, /healthz answers within a second throughout, the lines that did not fit are counted
# in /metrics, and once the pipe is read again a line says how many were dropped. Spawn and
# worker mode.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
for MODE in spawn workers; do
    flags="--workers 0"; [ "$MODE" = workers ] && flags="--workers 1"
    mkfifo "$T/err-$MODE"
    exec 3<>"$T/err-$MODE"  # holds the pipe open, never reads it (until the end)
    PORT=$(free_port) URL=http://127.0.0.1:$PORT
    # shellcheck disable=SC2086
    FAKE_MODE=noise rag-sse --listen "127.0.0.1:$PORT" --pipeline "$FAKE" $flags 2>"$T/err-$MODE" &
    SSE_PID=$!
    wait_port "$PORT"
    curl -s --max-time 30 -X POST "$URL/api/chat" -H 'Content-Type: application/json' -d '{"query":"x"}' >"$T/answer" &
    client=$!
    for i in 1 2 3 4 5; do
        code=$(curl -s -o /dev/null --max-time 1 -w '%{http_code}' "$URL/healthz")
        [ "$code" = 200 ] || fail "$MODE: /healthz did not answer within 1 s while stderr was full ($code)"
        sleep 0.3
    done
    wait $client || fail "$MODE: the run was not answered"
    grep -q '"answer":"Transfer' "$T/answer" || fail "$MODE: $(cat "$T/answer")"
    dropped=$(curl -s "$URL/metrics" | awk '$1 == "rag_sse_log_lines_dropped_total" {print $2}')
    [ "${dropped:-0}" -gt 0 ] || fail "$MODE: no dropped lines counted"
    timeout 5 cat <&3 >"$T/log-$MODE" &
    reader=$!
    sleep 1
    curl -s -o /dev/null "$URL/healthz"  # a line to write once the pipe drains
    sleep 1
    kill $SSE_PID; wait $SSE_PID 2>/dev/null
    kill $reader 2>/dev/null; wait $reader 2>/dev/null
    exec 3<&-
    grep -Eq '^rag-sse: log: [0-9]+ lines \([0-9]+ bytes\) dropped' "$T/log-$MODE" ||
        fail "$MODE: no line about the dropped lines: $(grep -v noise "$T/log-$MODE" | tail -3)"
    echo "$MODE: healthz answered, $dropped lines dropped and reported"
done
