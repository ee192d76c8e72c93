#!/bin/sh
# rag-rerank scores a long list in --batch slices, several in flight at once, and merges their
# scores into one order; a server that refuses a too-large batch (413) is not retried.
. "${0%/*}/lib.sh"
PORT=$(free_port)
python3 "$FIX/rerank_server.py" "$PORT" --log "$T/log" --max-batch 5 --delay 0.3 & at_exit "kill $! 2>/dev/null || true"
wait_port "$PORT"
# Passage pN holds the first N words of the query, so the best are p12, p11, p10, p9.
query="alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima"
passages=$(for n in 1 2 3 4 5 6 7 8 9 10 11 12; do
    printf '{"doc":"p%s","text":"%s","score":%s}\n' "$n" "$(echo "$query" | cut -d' ' -f1-$n)" "$((20 - n))"
done | jq -sc .)
{ printf '{"type":"request","run":"r","data":{"query":"%s","top_k":4}}\n' "$query"
  printf '{"type":"context","run":"r","data":{"passages":%s}}\n' "$passages"; } >"$T/in"
rag-rerank -u "http://127.0.0.1:$PORT" --batch 5 -p 4 <"$T/in" >"$T/out" 2>"$T/err" || fail "exit $?"
[ "$(jq -c 'select(.type == "context") | [.data.passages[].doc]' "$T/out")" = '["p12","p11","p10","p9"]' ] ||
    fail "batched order wrong: $(cat "$T/out" "$T/err")"
[ "$(sed 's/.*docs=\([0-9]*\).*/\1/' "$T/log" | sort -n | tr '\n' ' ')" = "2 5 5 " ] ||
    fail "not batches of 5, 5 and 2: $(cat "$T/log")"
grep -q 'inflight=[2-9]' "$T/log" || fail "the batches went one at a time: $(cat "$T/log")"
: >"$T/log"
rag-rerank -u "http://127.0.0.1:$PORT" --batch 12 <"$T/in" >"$T/big" 2>"$T/err" || fail "exit $?"
[ "$(jq -c 'select(.type == "context") | [.data.passages[].doc]' "$T/big")" = '["p1","p2","p3","p4"]' ] ||
    fail "a refused batch did not leave the retrieval order: $(cat "$T/big")"
jq -r 'select(.type == "meta") | .data.rerank.error' "$T/big" | grep -q 'HTTP 413' ||
    fail "meta does not say 413: $(cat "$T/big")"
[ "$(wc -l <"$T/log")" = 1 ] || fail "a 413 was retried: $(cat "$T/log")"
