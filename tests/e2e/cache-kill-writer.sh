#!/bin/sh
# rag-cache put killed with SIGKILL mid-stream, again and again: the cache
# still opens, and every committed answer reads back whole.
. "${0%/*}/lib.sh"
export RAG_CACHE="$T/cache"
runs() {
    awk -v p="$1" 'BEGIN { for (i = 0; i < 100000; i++) {
        r = sprintf("r%06d%06d", p, i)
        printf "{\"type\":\"request\",\"run\":\"%s\",\"data\":{\"query\":\"q %d %d\"}}\n", r, p, i
        printf "{\"type\":\"token\",\"run\":\"%s\",\"data\":{\"t\":\"a %d %d\"}}\n", r, p, i
        printf "{\"type\":\"done\",\"run\":\"%s\",\"data\":{\"answer\":\"a %d %d\",\"cached\":false}}\n", r, p, i } }'
}
for p in 1 2 3 4 5 6 7 8 9 10; do
    runs $p >"$T/in"
    rag-cache put <"$T/in" >/dev/null 2>>"$T/err" &
    pid=$!
    sleep 0.$((p % 4 + 1))
    kill -9 $pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
done
n=$(rag-cache stats | jq .entries)
[ "$n" -gt 0 ] || fail "nothing was committed (the writers were killed too early?)"
rag-cache ls | jq -c 'select(.answer != ("a " + (.query | ltrimstr("User: q ")))) | .key' >"$T/bad"
[ ! -s "$T/bad" ] || fail "torn answers: $(head -3 "$T/bad")"
rag-cache ls | jq -r '.query | ltrimstr("User: ")' | rag-cache get | grep -c '"type":"done"' >"$T/hits"
[ "$(cat "$T/hits")" = "$n" ] || fail "$n entries but $(cat "$T/hits") hits"
echo 'one more' | jq -cR '{type:"request",run:"r999999999999",data:{query:.}}' |
    jq -c -f "$FIX/cache/answer.jq" | rag-cache put >/dev/null || fail "cannot write after the kills"
[ "$(rag-cache stats | jq .entries)" = $((n + 1)) ] || fail "write after the kills not stored"
