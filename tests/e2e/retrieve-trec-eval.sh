#!/bin/sh
# rag-retrieve --format trec writes a TREC run; --evaluate scores it as trec_eval.
. "${0%/*}/lib.sh"
cd "$FIX/retrieval"
rag-index -q -i "$T/idx" build papers.jsonl 2>/dev/null || true
rag-retrieve -i "$T/idx" --format trec --queries queries.tsv --tag t >"$T/run"
head -1 "$T/run" | grep -Eq '^q1 Q0 p1 1 [0-9.]+ t$' || fail "run line: $(head -1 "$T/run")"
rag-retrieve --evaluate "$T/run" --qrels qrels.txt >"$T/metrics"
expect_golden "$T/metrics" retrieve-trec-eval
rag-retrieve --evaluate - --qrels qrels.txt <"$T/run" | cmp - "$T/metrics" || fail "run from stdin"
rag-retrieve --evaluate "$T/run" 2>/dev/null && fail "--evaluate without --qrels succeeded"
exit 0
