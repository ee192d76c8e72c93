#!/bin/sh
# A query embedder whose model or dimension is not the index's is refused with both
# named: never a silent fall-back to keyword search.
. "${0%/*}/lib.sh"
. "$FIX/embed.sh"
. "$FIX/backends/backend.sh"  # jq_true
start_embed --model-dim small=32
embed_docs "$T/docs" 3
rag-index -q -i "$T/idx" build --embed ollama:fake "$T/docs" || fail build
echo 'apple tree' | rag-retrieve -i "$T/idx" --embed ollama:small >"$T/out"
jq_true 'select(.type=="error") | .data.message | contains("query embedder '"'ollama:small'"' is not the model of index") and contains("'"'ollama:fake'"'")' \
    "$T/out" || fail "model mismatch: $(cat "$T/out")"
grep -q '"type":"sources"' "$T/out" && fail "a refused run still retrieved"
# The same model name, but the server now gives 32 dimensions (a different model behind it).
stop_embed
start_embed --model-dim fake=32
echo 'apple tree' | rag-retrieve -i "$T/idx" >"$T/out"
jq_true 'select(.type=="error") | .data.message | contains("gives 32 dimensions") and contains("holds 64")' "$T/out" || fail "dimension mismatch: $(cat "$T/out")"
rag-retrieve -i "$T/idx" --embed bert </dev/null 2>"$T/err"; rc=$?
[ $rc = 64 ] || fail "a bad --embed spec exits $rc"
grep -q "'bert' is not ollama:MODEL or openai:MODEL" "$T/err" || fail "spec message: $(cat "$T/err")"
