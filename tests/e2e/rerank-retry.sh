#!/bin/sh
# rag-rerank retries a request that met 503 (or 429) with backoff and reranks when a retry
# succeeds; --retries bounds the tries, after which the retrieval order passes.
. "${0%/*}/lib.sh"
PORT=$(free_port)
python3 "$FIX/rerank_server.py" "$PORT" --log "$T/log" --fail 2 & at_exit "kill $! 2>/dev/null || true"
wait_port "$PORT"
grep '"run":"a"' "$FIX/rerank/runs.ndjson" >"$T/in"
rag-rerank -u "http://127.0.0.1:$PORT" --retries 2 <"$T/in" >"$T/out" 2>"$T/err" || fail "exit $?"
[ "$(wc -l <"$T/log")" = 3 ] || fail "not two failed tries and a third: $(cat "$T/log")"
[ "$(jq -c 'select(.type == "meta") | [.data.rerank.requests, .data.rerank.reranked]' "$T/out")" = '[3,3]' ] ||
    fail "meta does not show a rerank after 3 requests: $(cat "$T/out")"
[ "$(jq -c 'select(.type == "context") | [.data.passages[].doc]' "$T/out")" = '["paris.md#1","dogs.md#1"]' ] ||
    fail "not reranked after the retries: $(cat "$T/out")"
[ ! -s "$T/err" ] || fail "a retry that succeeded was reported: $(cat "$T/err")"

PORT=$(free_port)
: >"$T/log"
python3 "$FIX/rerank_server.py" "$PORT" --log "$T/log" --status 503 & at_exit "kill $! 2>/dev/null || true"
wait_port "$PORT"
rag-rerank -u "http://127.0.0.1:$PORT" --retries 1 <"$T/in" >"$T/out" 2>"$T/err" || fail "exit $?"
[ "$(wc -l <"$T/log")" = 2 ] || fail "--retries 1 did not make two tries: $(cat "$T/log")"
jq -r 'select(.type == "meta") | .data.rerank.error' "$T/out" | grep -q 'HTTP 503.*(after 2 tries)' ||
    fail "meta does not say 503 after 2 tries: $(cat "$T/out")"
