#!/bin/sh
# GET /api/chat/stream?query= serves EventSource; a reconnect with Last-Event-ID gets 204, not a second run.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
FAKE_MODE=echo start_sse --pipeline "$FAKE"
curl -sN "$URL/api/chat/stream?query=hello+wide%20world&session_id=s1&corpus_id=default" | normalize_sse >"$T/out"
grep -q '^data: {"answer":"hello wide world ","cached":false' "$T/out" || fail "$(cat "$T/out")"
grep -q '^retry: 3000$' "$T/out" || fail "no retry hint"
id=$(grep -m1 '^id: ' "$T/out" | cut -c5-)
[ "$id" = "R:1" ] || fail "ids are RUN:SEQ: $id"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Last-Event-ID: r0123456789ab:9' "$URL/api/chat/stream?query=hello")
[ "$code" = 204 ] || fail "reconnect got $code"
[ "$(grep -c 'GET /api/chat/stream' "$T/server.log")" = 2 ] || fail "access log"
[ "$(grep -c 'run=r' "$T/server.log")" = 1 ] || fail "the reconnect started a run"
