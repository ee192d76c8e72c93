#!/bin/sh
# --cors-origin adds CORS headers; OPTIONS answers a preflight with 204.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
start_sse --pipeline "$FAKE" --cors-origin 'https://chat.example'
curl -s -D "$T/h" -o /dev/null -X OPTIONS -H 'Origin: https://chat.example' \
    -H 'Access-Control-Request-Method: POST' "$URL/api/chat/stream"
tr -d '\r' <"$T/h" >"$T/hh"
grep -qx 'HTTP/1.1 204 No Content' "$T/hh" || fail "preflight: $(head -1 "$T/hh")"
grep -qx 'Access-Control-Allow-Origin: https://chat.example' "$T/hh" || fail "allow origin"
grep -q '^Access-Control-Allow-Headers: .*Authorization' "$T/hh" || fail "allow headers"
curl -sN -D "$T/h2" -o /dev/null -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}'
grep -q '^Access-Control-Allow-Origin: https://chat.example' "$T/h2" || fail "stream lacks CORS"
