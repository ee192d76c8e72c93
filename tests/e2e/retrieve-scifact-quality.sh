#!/bin/sh
# On BEIR SciFact, rag-index defaults + rag-retrieve reach nDCG@10 >= 0.67
# (Anserini's BM25 flat: 0.679) and Recall@100 >= 0.90.
. "${0%/*}/lib.sh"
S=$(shared_dir)/datasets/scifact
[ -f "$S/corpus.jsonl" ] || skip "no SciFact at $S"
rag-index -q -i "$T/idx" build --corpus scifact "$S/corpus.jsonl"
rag-retrieve -i "$T/idx" --format trec --queries "$S/queries.jsonl" >"$T/run"
rag-retrieve --evaluate "$T/run" --qrels "$S/qrels.tsv" >"$T/m"
cat "$T/m"
awk '$1 == "ndcg_cut_10" && $3 < 0.67 { bad = 1 } $1 == "recall_100" && $3 < 0.90 { bad = 1 } END { exit bad }' "$T/m" ||
    fail "below the quality bar"
