#!/bin/sh
# A dead embedding server at query time degrades the run to BM25 with a note in meta,
# never a failed run; a BM25-only index asked for dense retrieval says what it lacks.
. "${0%/*}/lib.sh"
. "$FIX/embed.sh"
. "$FIX/backends/backend.sh"  # jq_true
start_embed
embed_docs "$T/docs" 4
rag-index -q -i "$T/idx" build --embed ollama:fake "$T/docs" || fail build
stop_embed
printf 'cherry orchard\nfig tree\n' | rag-retrieve -i "$T/idx" >"$T/out" 2>"$T/err" || fail "exit status $?"
[ "$(grep -c '"type":"sources"' "$T/out")" = 2 ] || fail "runs did not retrieve: $(cat "$T/out")"
jq_true 'select(.type=="meta") | .data.mode == "bm25" and (.data.note | startswith("dense ranking skipped: embedding server"))' \
    "$T/out" || fail "meta note: $(grep meta "$T/out")"
jq_true 'select(.type=="context") | .data.passages[0] | .bm25_rank == 1 and .dense_rank == null' "$T/out" ||
    fail "marks of a degraded run"
[ "$(grep -c 'dense ranking skipped' "$T/err")" = 1 ] || fail "warned once on stderr: $(cat "$T/err")"
grep -q doc3.md "$T/out" || fail "BM25 did not find the cherry"
# A BM25-only index: output as before (no marks), and --mode dense is an error event.
rag-index -q -i "$T/bm25" build "$T/docs"
echo 'fig tree' | rag-retrieve -i "$T/bm25" | grep -q 'bm25_rank' && fail "BM25-only index grew marks"
echo 'fig tree' | rag-retrieve -i "$T/bm25" --mode dense >"$T/out"
jq_true 'select(.type=="error") | .data.message | contains("needs vectors")' "$T/out" || fail "dense on BM25: $(cat "$T/out")"
