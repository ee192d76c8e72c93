#!/bin/sh
# POST /api/chat answers one JSON object {answer, sources, cached, verify, duration_ms}.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
start_sse --pipeline "$FAKE"
curl -s -X POST "$URL/api/chat" -H 'Content-Type: application/json' -d '{"query":"x"}' >"$T/out"
jq -e '.answer == "Transfer learning reuses a model. " and (.sources | length) == 1 and .cached == false
       and .verify.accepted == true and (.duration_ms | type) == "number"' "$T/out" >/dev/null || fail "$(cat "$T/out")"
kill $SSE_PID
FAKE_MODE=error start_sse --pipeline "$FAKE"
[ "$(curl -s -o "$T/err" -w '%{http_code}' -X POST "$URL/api/chat" -H 'Content-Type: application/json' -d '{"query":"x"}')" = 502 ] || fail "a failed run is not 502"
jq -e '.error.message == "no index" and .error.stage == "rag-retrieve"' "$T/err" >/dev/null || fail "$(cat "$T/err")"
