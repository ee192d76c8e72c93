#!/bin/sh
# Errors answer with the right status and a JSON error: 400, 422, 404, 405, 413, 401, 503 + Retry-After.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
printf 'sekret\n' >"$T/token"
FAKE_DELAY=1 start_sse --pipeline "$FAKE" --max-body 100 --max-runs 1 --token-file "$T/token"
code() { curl -s -o "$T/body" -w '%{http_code}' -H 'Authorization: Bearer sekret' "$@"; }
[ "$(code -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{bad')" = 400 ] || fail "malformed JSON"
grep -q '"error":"malformed JSON' "$T/body" || fail "400 body: $(cat "$T/body")"
[ "$(code -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"  "}')" = 422 ] || fail "empty query"
[ "$(code -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"history":[]}')" = 422 ] || fail "missing query"
[ "$(code -X POST "$URL/api/chat" -H 'Content-Type: application/json' -d '{"query":"x","top_k":"5"}')" = 422 ] || fail "bad top_k"
[ "$(code "$URL/nowhere")" = 404 ] || fail "unknown path"
[ "$(code -X PUT "$URL/api/chat")" = 405 ] || fail "wrong method"
[ "$(code -X POST "$URL/api/chat" -H 'Content-Type: application/json' -d "{\"query\":\"$(head -c 200 /dev/zero | tr '\0' a)\"}")" = 413 ] || fail "big body"
[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL/api/chat" -H 'Content-Type: application/json' -d '{"query":"x"}')" = 401 ] || fail "no token"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer wrong' "$URL/metrics")" = 401 ] || fail "wrong token"
curl -sN -H 'Authorization: Bearer sekret' -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"slow"}' >/dev/null &
slow=$!
sleep 0.5
curl -s -D "$T/h" -o /dev/null -H 'Authorization: Bearer sekret' -X POST "$URL/api/chat" -H 'Content-Type: application/json' -d '{"query":"x"}'
grep -q '^HTTP/1.1 503' "$T/h" || fail "max runs: $(head -1 "$T/h")"
grep -qi '^Retry-After: 1' "$T/h" || fail "no Retry-After"
kill $slow 2>/dev/null || true
[ "$(code "$URL/healthz")" = 200 ] || fail "healthz"
