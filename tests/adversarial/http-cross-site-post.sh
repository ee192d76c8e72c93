#!/bin/sh
# Cross-site simple POSTs a page may send without a preflight: a text/plain or
# form body from a page (a request with an Origin) is a 415, an Origin that is
# neither this server nor --cors-origin a 403; the allowed origin is served, and
# so is curl -d (no Origin: no page). Spawn and worker mode.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
SSE_FLAGS="--cors-origin https://chat.example"
check() {
    for type in text/plain application/x-www-form-urlencoded 'multipart/form-data; boundary=x'; do
        code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Origin: https://chat.example' -H "Content-Type: $type" \
            -d '{"query":"x"}' "$URL/api/chat")
        [ "$code" = 415 ] || fail "$MODE: $type: $code"
    done
    code=$(curl -s -o /dev/null -w '%{http_code}' -d '{"query":"x"}' "$URL/api/chat")
    [ "$code" = 200 ] || fail "$MODE: curl -d without an Origin: $code"
    json='Content-Type: application/json'
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Origin: https://evil.example' -H "$json" -d '{"query":"x"}' "$URL/api/chat")
    [ "$code" = 403 ] || fail "$MODE: foreign Origin: $code"
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Origin: https://chat.example' -H "$json" -d '{"query":"x"}' "$URL/api/chat")
    [ "$code" = 200 ] || fail "$MODE: --cors-origin refused: $code"
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: $URL" -H "$json" -d '{"query":"x"}' "$URL/api/chat")
    [ "$code" = 200 ] || fail "$MODE: same origin refused: $code"
    echo "$MODE: text/plain and forms 415, foreign Origin 403, allowed 200"
}
in_each_mode check
