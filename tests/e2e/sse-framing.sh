#!/bin/sh
# CR and LF inside model text never start a new SSE field or event: each frame keeps 3 lines.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
FAKE_MODE=newline start_sse --pipeline "$FAKE"
curl -sN -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x\r\nevent: evil"}' >"$T/out"
grep -q '^event: evil' "$T/out" && fail "a value started an event line"
[ "$(grep -c '^event: ' "$T/out")" = 4 ] || fail "$(cat -A "$T/out")"
python3 "$CLIENT" "$URL" '{"query":"x"}' | grep -q '"tokens_match": true' || fail "client parse"
