#!/bin/sh
# rag-sse streams a run as SSE frames (curl -N): headers, event/id/data frames in order, tokens = done.answer.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
start_sse --pipeline "$FAKE"
curl -sN -D "$T/head" -o "$T/body" -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' \
    -d '{"query":"What is transfer learning?","history":[],"corpus_id":"default","session_id":null,"use_cache":true,"top_k":5}'
tr -d '\r' <"$T/head" >"$T/h"
grep -qx 'HTTP/1.1 200 OK' "$T/h" || fail "status: $(head -1 "$T/h")"
grep -qx 'Content-Type: text/event-stream; charset=utf-8' "$T/h" || fail "content type"
grep -qx 'Cache-Control: no-cache, no-transform' "$T/h" || fail "cache-control"
grep -qx 'X-Accel-Buffering: no' "$T/h" || fail "x-accel-buffering"
normalize_sse <"$T/body" >"$T/frames"
expect_golden "$T/frames" sse-stream
python3 "$CLIENT" "$URL" '{"query":"What is transfer learning?","session_id":"s1"}' >"$T/summary"
grep -q '"events": \["meta", "sources", "token", "verify", "done"\]' "$T/summary" || fail "$(cat "$T/summary")"
grep -q '"tokens_match": true' "$T/summary" || fail "tokens do not make the answer: $(cat "$T/summary")"
grep -q '"POST /api/chat/stream" 200 run=r' "$T/server.log" || fail "no access log line"
