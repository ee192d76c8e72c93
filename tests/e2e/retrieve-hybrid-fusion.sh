#!/bin/sh
# On an index with vectors rag-retrieve fuses BM25 and dense rankings (RRF by default);
# every passage carries both rankers' scores and ranks, and --mode picks one ranker.
. "${0%/*}/lib.sh"
. "$FIX/embed.sh"
. "$FIX/backends/backend.sh"  # jq_true
start_embed
embed_docs "$T/docs" 12
rag-index -q -i "$T/idx" build --embed ollama:fake "$T/docs" || fail build
q='{"type":"request","run":"r1","data":{"query":"cherry orchard fruit","top_k":8}}'
echo "$q" | rag-retrieve -i "$T/idx" >"$T/out" || fail "retrieve failed"
jq_true 'select(.type=="meta") | .data.mode == "hybrid" and .data.fusion == "rrf"' "$T/out" ||
    fail "meta: $(grep meta "$T/out")"
# RRF with k=60: each fused score is the sum of 1/(60+rank) over the rankers that found it.
jq_true 'select(.type=="context") | .data.passages | length == 8 and all(.[];
    (.fused_score - ((if .bm25_rank then 1/(60+.bm25_rank) else 0 end) + (if .dense_rank then 1/(60+.dense_rank) else 0 end))
    | fabs) < 1e-9 and .score == .fused_score)' "$T/out" || fail "RRF arithmetic: $(grep context "$T/out")"
jq_true 'select(.type=="sources") | .data.sources | all(.[]; has("bm25_score") and has("dense_rank"))' "$T/out" || fail "sources lack the marks"
# Dense mode orders by dense rank; bm25 mode by BM25 rank.
echo "$q" | rag-retrieve -i "$T/idx" --mode dense | jq_true 'select(.type=="context") | [.data.passages[].dense_rank] == [1,2,3,4,5,6,7,8]' || fail "dense order"
echo "$q" | rag-retrieve -i "$T/idx" --mode bm25 >"$T/bm25"
jq_true 'select(.type=="meta") | has("mode") | not' "$T/bm25" || fail "bm25 mode embedded the query"
# Weights: a BM25 weight of 0 leaves the dense order.
echo "$q" | rag-retrieve -i "$T/idx" --bm25-weight 0 | jq_true 'select(.type=="context") | [.data.passages[].dense_rank] == [1,2,3,4,5,6,7,8]' || fail "--bm25-weight 0"
# Linear fusion with alpha 1 is the dense ranking too, each score scaled to [0, 1].
echo "$q" | rag-retrieve -i "$T/idx" --fusion linear --alpha 1 | jq_true 'select(.type=="context") |
    .data.passages[0].fused_score == 1 and ([.data.passages[].dense_rank] == [1,2,3,4,5,6,7,8])' ||
    fail "linear fusion"
