#!/bin/sh
# A client cut off mid-answer comes back with Last-Event-ID (header on POST, query parameter on GET): the
# rest is replayed with its original ids and each token arrives once; spawn and worker mode alike.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
check_mode() {  # MODE ARGS...: cut one stream, resume it, compare
    mode=$1; shift
    FAKE_DELAY=0.2 start_sse --pipeline "$FAKE" "$@"
    curl -sN --max-time 0.7 -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >"$T/$mode.1" 2>/dev/null || true
    last=$(grep '^id: ' "$T/$mode.1" | tail -1 | cut -c5-)
    case $last in r*:[0-9]*) ;; *) fail "$mode: no id before the cut: $(cat "$T/$mode.1")" ;; esac
    grep -q '^event: done' "$T/$mode.1" && fail "$mode: the cut came too late"
    if [ "$mode" = spawn ]; then
        curl -sN -X POST -H "Last-Event-ID: $last" "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >"$T/$mode.2"
    else
        curl -sN "$URL/api/chat/stream?last_event_id=$last" >"$T/$mode.2"
    fi
    grep -q '^event: done' "$T/$mode.2" || fail "$mode: the resumed stream did not end: $(cat "$T/$mode.2")"
    cat "$T/$mode.1" "$T/$mode.2" | sed -n 's/^id: r[0-9a-f]*://p' >"$T/$mode.ids"
    [ "$(tr '\n' ' ' <"$T/$mode.ids")" = "1 2 3 4 5 6 7 8 9 " ] || fail "$mode: ids $(tr '\n' ' ' <"$T/$mode.ids")"
    tokens=$(cat "$T/$mode.1" "$T/$mode.2" | sed -n 's/^data: {"t":"\(.*\)"}$/\1/p' | tr -d '\n')
    answer=$(sed -n 's/^data: {"answer":"\([^"]*\)".*/\1/p' "$T/$mode.2")
    [ "$tokens" = "$answer" ] && [ "$answer" = "Transfer learning reuses a model. " ] ||
        fail "$mode: tokens '$tokens', answer '$answer'"
    m=$(curl -s "$URL/metrics")
    echo "$m" | grep -q '^rag_sse_runs_detached_total 1$' || fail "$mode: detached: $(echo "$m" | grep detached)"
    echo "$m" | grep -q '^rag_sse_runs_resumed_total 1$' || fail "$mode: resumed: $(echo "$m" | grep resumed)"
    echo "$m" | grep -q '^rag_sse_runs_total{outcome="done"} 1$' || fail "$mode: $(echo "$m" | grep runs_total)"
    grep -q " resume=$last\$" "$T/server.log" || fail "$mode: access log: $(cat "$T/server.log")"
    grep -q ' aborted run=r.* detached$' "$T/server.log" || fail "$mode: access log: $(cat "$T/server.log")"
    kill "$SSE_PID"; wait "$SSE_PID" 2>/dev/null; : >"$T/server.log"
}
check_mode spawn --workers 0
check_mode workers --workers 1
