#!/bin/sh
# rag-rerank --top-k keeps that many passages of every run, over the request's top_k; a run
# with fewer passages keeps them all; sources never outnumber the kept passages.
. "${0%/*}/lib.sh"
PORT=$(free_port)
python3 "$FIX/rerank_server.py" "$PORT" & at_exit "kill $! 2>/dev/null || true"
wait_port "$PORT"
rag-rerank -u "http://127.0.0.1:$PORT" --top-k 1 <"$FIX/rerank/runs.ndjson" >"$T/one" || fail "exit $?"
[ "$(jq -c 'select(.type == "context") | [.run, (.data.passages | length)]' "$T/one" | sort | tr -d '\n')" = \
    '["a",1]["b",1]' ] || fail "--top-k 1 did not keep one passage per run: $(cat "$T/one")"
rag-rerank -u "http://127.0.0.1:$PORT" -k 10 <"$FIX/rerank/runs.ndjson" >"$T/ten" || fail "exit $?"
[ "$(jq -c 'select(.type == "context") | [.run, (.data.passages | length)]' "$T/ten" | sort | tr -d '\n')" = \
    '["a",3]["b",2]' ] || fail "-k 10 dropped passages: $(cat "$T/ten")"
[ "$(jq -c 'select(.type == "sources") | [.run, (.data.sources | length)]' "$T/one" | sort | tr -d '\n')" = \
    '["a",1]["b",1]' ] || fail "more sources than kept passages: $(cat "$T/one")"
[ "$(jq -c 'select(.type == "meta" and .run == "a") | [.data.ctx_chars, .data.rerank.kept]' "$T/one")" = '[31,1]' ] ||
    fail "meta does not count the kept passage: $(cat "$T/one")"
