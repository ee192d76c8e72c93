#!/bin/sh
# The default extractive backend answers from the passages' best sentences with [n]
# citations, word by word, and says plainly when the passages hold no answer.
. "${0%/*}/lib.sh"
rag-generate <"$FIX/backends/extractive.ndjson" >"$T/raw" 2>"$T/err"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
. "$FIX/backends/backend.sh"
check_concat "$T/raw"
jq -c 'select(.type == "done") | [.run, .data.answer, .data.model, .data.backend, .data.tokens]' "$T/raw" >"$T/out"
expect_golden "$T/out" generate-extractive
# Word by word: no token holds two words.
! jq -r 'select(.type == "token") | .data.t' "$T/raw" | grep -q '[^ ] [^ ]' || fail "a token holds several words"
# --pace spaces the words out.
head -2 "$FIX/backends/extractive.ndjson" >"$T/one"
start=$(date +%s%N)
rag-generate --pace 20 <"$T/one" >"$T/paced"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
n=$(grep -c '"type":"token"' "$T/paced")
[ "$ms" -ge $(( (n - 1) * 20 )) ] || fail "--pace 20: $n words in $ms ms"
[ "$(jq -c 'select(.type == "done") | .data.answer' "$T/paced")" = "$(jq -c 'select(.type == "done" and .run == "bm25") | .data.answer' "$T/raw")" ] \
    || fail "--pace changed the answer"
