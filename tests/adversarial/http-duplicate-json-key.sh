#!/bin/sh
# A JSON chat body that names a field twice ("query", or any top-level key) is
# a 400 naming the key; it is never resolved to the first. Spawn and worker mode.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
check() {
    for body in '{"query":"a","query":"b"}' '{"query":"a","session_id":"s","session_id":"t"}'; do
        code=$(curl -s -o "$T/out" -w '%{http_code}' -H 'Content-Type: application/json' -d "$body" "$URL/api/chat")
        [ "$code" = 400 ] || fail "$MODE: $body: $code"
        grep -q 'more than once' "$T/out" || fail "$MODE: $body: $(cat "$T/out")"
    done
    echo "$MODE: duplicate keys 400"
}
in_each_mode check
