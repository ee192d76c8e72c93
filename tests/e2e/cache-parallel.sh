#!/bin/sh
# rag-cache put: 8 processes x 1,000 answers at once; all 8,000 read back.
. "${0%/*}/lib.sh"
export RAG_CACHE="$T/cache"
runs() {   # runs P N: N answered runs of writer P as events
    awk -v p="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) {
        r = sprintf("r%06d%06d", p, i); q = "question " p "-" i
        printf "{\"type\":\"request\",\"run\":\"%s\",\"data\":{\"query\":\"%s\"}}\n", r, q
        printf "{\"type\":\"token\",\"run\":\"%s\",\"data\":{\"t\":\"answer %s\"}}\n", r, q
        printf "{\"type\":\"done\",\"run\":\"%s\",\"data\":{\"answer\":\"answer %s\",\"cached\":false}}\n", r, q } }'
}
for p in 1 2 3 4 5 6 7 8; do
    runs $p 1000 | rag-cache put >/dev/null 2>"$T/err$p" &
done
wait
cat "$T"/err* >"$T/err"
[ ! -s "$T/err" ] || fail "writers reported: $(head -3 "$T/err")"
[ "$(rag-cache stats | jq .entries)" = 8000 ] || fail "expected 8000 entries: $(rag-cache stats)"
for p in 1 2 3 4 5 6 7 8; do runs $p 1000; done | grep '"request"' | rag-cache get >"$T/out"
[ "$(grep -c '"type":"done"' "$T/out")" = 8000 ] || fail "not every answer read back"
jq -r 'select(.type=="done") | select(.data.answer | startswith("answer question ") | not) | .run' \
    "$T/out" | head -3 >"$T/bad"
[ ! -s "$T/bad" ] || fail "torn answers: $(cat "$T/bad")"
