#!/bin/sh
# An answer is stored under the model that made it (done.model): when rag-generate's --model chose
# a model that rag-cache cannot see, the next ask misses instead of serving that model's answer for
# the extractive model the request resolves to; with RAG_MODEL naming it, the next ask hits.
. "${0%/*}/lib.sh"
. "$FIX/backends/backend.sh"
for t in rag-index rag-retrieve rag-generate; do command -v $t >/dev/null || skip "$t not built"; done
export RAG_CACHE="$T/cache" RAG_INDEX="$T/idx"
start_backend ollama
cd "$FIX/retrieval"
rag-index -q build --corpus docs docs/bm25.md
ask() { echo 'How does BM25 weigh rare terms?' | rag-cache get | rag-retrieve | rag-generate "$@" | rag-cache put; }
ask --model ollama:words --url "http://127.0.0.1:$PORT" >"$T/1" 2>"$T/err"
[ "$(jq -r 'select(.type=="done") | .data.model' "$T/1")" = ollama:words ] || fail "not answered by the fake Ollama: $(cat "$T/1")"
[ "$(rag-cache stats | jq .entries)" = 1 ] || fail "the answer was not stored: $(rag-cache stats)"
ask >"$T/2" 2>>"$T/err"
grep -q '"type":"cached"' "$T/2" && fail "served ollama:words's answer for the extractive model"
[ "$(jq -r 'select(.type=="done") | .data.model' "$T/2")" = extractive ] || fail "second ask: $(cat "$T/2")"
RAG_MODEL=ollama:words ask --url "http://127.0.0.1:$PORT" >"$T/3" 2>>"$T/err"
grep -q '"type":"cached"' "$T/3" || fail "RAG_MODEL=ollama:words did not hit the answer stored under it"
rag-cache ls | jq -r .model | sort >"$T/models"
printf 'extractive\nollama:words\n' | cmp -s - "$T/models" || fail "stored models: $(cat "$T/models")"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
