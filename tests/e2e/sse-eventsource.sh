#!/bin/sh
# GET /api/chat/stream?query= serves EventSource; a reconnect with Last-Event-ID after the end gets 204,
# not a second run, and one naming a run this server never had gets 410.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
FAKE_MODE=echo start_sse --pipeline "$FAKE"
curl -sN "$URL/api/chat/stream?query=hello+wide%20world&session_id=s1&corpus_id=default" | normalize_sse >"$T/out"
grep -q '^data: {"answer":"hello wide world ","cached":false' "$T/out" || fail "$(cat "$T/out")"
grep -q '^retry: 3000$' "$T/out" || fail "no retry hint"
id=$(grep -m1 '^id: ' "$T/out" | cut -c5-)
[ "$id" = "R:1" ] || fail "ids are RUN:SEQ: $id"
last=$(curl -sN "$URL/api/chat/stream?query=hello+wide%20world" | grep '^id: ' | tail -1 | cut -c5-)
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Last-Event-ID: $last" "$URL/api/chat/stream?query=hello")
[ "$code" = 204 ] || fail "reconnect got $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Last-Event-ID: r0123456789ab:9' "$URL/api/chat/stream?query=hello")
[ "$code" = 410 ] || fail "reconnect to an unknown run got $code"
[ "$(grep -c 'GET /api/chat/stream' "$T/server.log")" = 4 ] || fail "access log"
[ "$(grep -c 'run=r' "$T/server.log")" = 2 ] || fail "a reconnect started a run"
