#!/bin/sh
# The full pipeline on the bundled corpus: rag-retrieve fetches up to 20 passages, rag-rerank keeps
# the 3 the server scores best (each with its BM25 score and rerank_score), rag-generate
# answers from them with citations.
. "${0%/*}/lib.sh"
. "$FIX/backends/backend.sh"
PORT=$(free_port)
python3 "$FIX/rerank_server.py" "$PORT" & at_exit "kill $! 2>/dev/null || true"
wait_port "$PORT"
cd "$ROOT"
rag-index -q -i "$T/idx" build --corpus rag-tools README.md docs
echo '{"type":"request","run":"r1","data":{"query":"How do I serve the pipeline over HTTP with systemd?","top_k":20}}' |
    rag-retrieve -i "$T/idx" | rag-rerank -u "http://127.0.0.1:$PORT" -k 3 | rag-generate >"$T/out" 2>"$T/err"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
check_concat "$T/out"
[ "$(jq -c 'select(.type == "meta") | .data | [.retrieved > 3, .retrieved == .rerank.reranked, .rerank.kept]' "$T/out")" = \
    '[true,true,3]' ] || fail "meta does not show every retrieved passage reranked, 3 kept"
jq -c 'select(.type == "context") | .data.passages' "$T/out" >"$T/ctx"
[ "$(jq -c '[.[] | has("score") and has("rerank_score")] | unique' "$T/ctx")" = '[true]' ] ||
    fail "a passage lost its BM25 score or has no rerank_score"
[ "$(jq -c '[.[].rerank_score] == ([.[].rerank_score] | sort | reverse)' "$T/ctx")" = true ] ||
    fail "the context is not best first"
[ "$(jq -c 'select(.type == "sources") | .data.sources | length' "$T/out")" = 3 ] || fail "not 3 sources"
jq -r 'select(.type == "done") | .data.answer' "$T/out" | grep -q '\[[1-3]\]' || fail "no citation in the answer"
