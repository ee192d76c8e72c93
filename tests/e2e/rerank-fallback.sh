#!/bin/sh
# A rerank server that is down, refuses (HTTP 400) or answers garbage never fails a run:
# rag-rerank passes the retrieval order, cut to top_k, says why in meta.rerank, warns once
# on stderr and exits 0; a 400 is not retried. Once a server could not be reached, the next
# runs try once, without the retries' backoff.
. "${0%/*}/lib.sh"
dead=$(free_port)   # nothing listens here
rag-rerank -u "http://127.0.0.1:$dead" --retries 1 -p 1 <"$FIX/rerank/runs.ndjson" >"$T/out" 2>"$T/err" ||
    fail "exit status $? with a dead server"
[ "$(jq -c 'select(.type == "context") | [.run, [.data.passages[].doc]]' "$T/out" | sort | tr -d '\n')" = \
    '["a",["dogs.md#1","cats.md#1"]]["b",["dogs.md#1"]]' ] || fail "not the retrieval order cut to top_k: $(cat "$T/out")"
[ "$(jq -r 'select(.type == "meta") | "\(.run) \(.data.rerank.order) \(.data.rerank.requests)"' "$T/out" | sort |
    tr '\n' ' ')" = "a retrieval 2 b retrieval 1 " ] || fail "meta.rerank does not note the fall-back (a retry, then none): $(cat "$T/out")"
jq -r 'select(.type == "meta") | .data.rerank.error' "$T/out" | grep -q "rerank request failed: .*connect" ||
    fail "meta.rerank.error does not say the connection failed: $(cat "$T/out")"
[ "$(jq -s '[.[] | select(.type == "context") | .data.passages[] | select(has("rerank_score"))] | length' "$T/out")" = 0 ] ||
    fail "an unscored passage has a rerank_score"
[ "$(wc -l <"$T/err")" = 1 ] && grep -q "^rag-rerank: .*retrieval order" "$T/err" || fail "not one warning: $(cat "$T/err")"
grep -q '"token","run":"x"' "$T/out" || fail "another run's event was lost"

for fault in "--status 400" --garbage; do
    PORT=$(free_port)
    : >"$T/log"
    python3 "$FIX/rerank_server.py" "$PORT" --log "$T/log" $fault & at_exit "kill $! 2>/dev/null || true"
    wait_port "$PORT"
    rag-rerank -u "http://127.0.0.1:$PORT" -p 1 <"$FIX/rerank/runs.ndjson" >"$T/out" 2>/dev/null || fail "$fault: exit $?"
    jq -r 'select(.type == "meta") | .data.rerank.error' "$T/out" | grep -q 'HTTP 400\|not JSON' ||
        fail "$fault: meta does not say why: $(cat "$T/out")"
    [ "$(wc -l <"$T/log")" = 2 ] || fail "$fault: not one request per run: $(cat "$T/log")"
done
