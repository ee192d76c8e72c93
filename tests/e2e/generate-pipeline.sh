#!/bin/sh
# In a real pipeline, rag-retrieve | rag-generate answers plain-text questions with the
# extractive backend, citing the retrieved passages; a second run in the same stream answers too.
. "${0%/*}/lib.sh"
. "$FIX/backends/backend.sh"
command -v rag-index >/dev/null && command -v rag-retrieve >/dev/null || skip "rag-index or rag-retrieve not built"
cd "$FIX/retrieval"
rag-index -q -i "$T/idx" build --corpus docs docs
printf '%s\n' 'How does BM25 weigh rare terms?' 'What are snippets?' |
    rag-retrieve -i "$T/idx" | rag-generate >"$T/out" 2>"$T/err"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
check_concat "$T/out"
[ "$(grep -c '"type":"done"' "$T/out")" = 2 ] || fail "not two answers: $(cat "$T/out")"
jq_true 'select(.type == "done") | .data.answer | test("\\[[1-9]\\]")' "$T/out" || fail "no citation in the answers"
