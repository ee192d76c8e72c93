#!/bin/sh
# rag-rerank puts each run's context and sources in the server's order, cut to the request's
# top_k; passages keep their retrieval fields and gain rerank_score; other runs pass meanwhile.
. "${0%/*}/lib.sh"
PORT=$(free_port)
python3 "$FIX/rerank_server.py" "$PORT" & at_exit "kill $! 2>/dev/null || true"
wait_port "$PORT"
# -p 1: one request at a time, so the runs finish in a fixed order for the golden file.
rag-rerank -u "http://127.0.0.1:$PORT" -m test-reranker -p 1 <"$FIX/rerank/runs.ndjson" >"$T/raw" 2>"$T/err" ||
    fail "exit status $?"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
normalize <"$T/raw" >"$T/out"
expect_golden "$T/out" rerank-order
