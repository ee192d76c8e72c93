#!/bin/sh
# The OpenAI-compatible endpoint with the real pipeline: the chunk framing against a golden file
# (role chunk with rag.sources, deltas, finish chunk with rag.verify, usage, [DONE]); GET /v1/models;
# errors in OpenAI's shape; --models as the allow-list of /api/chat too.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
for t in rag-index rag-retrieve rag-generate rag-verify rag-cache; do command -v $t >/dev/null || skip "$t not built"; done
(cd "$FIX/retrieval" && rag-index -q -i "$T/idx" build --corpus docs docs) || fail "rag-index"
export RAG_INDEX="$T/idx" RAG_CACHE="$T/cache"
start_sse --models ollama:llama3
q='How does BM25 weigh rare terms?'
body='{"model":"rag","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"'$q'"}]}'
curl -sN "$URL/v1/chat/completions" -d "$body" | sed -E 's/"created":[0-9]+/"created":0/g' | normalize_sse >"$T/chunks"
expect_golden "$T/chunks" sse-openai-stream
# The deltas are the native endpoint's answer, the non-streaming completion's too.
native=$(curl -s "$URL/api/chat" -d '{"query":"'"$q"'","use_cache":false}' | jq -r .answer)
deltas=$(grep '^data: {' "$T/chunks" | cut -c7- | jq -rj '.choices[0].delta.content // empty')
[ "$deltas" = "$native" ] || fail "deltas '$deltas' differ from /api/chat's '$native'"
curl -s "$URL/v1/chat/completions" -d '{"model":"rag:extractive","messages":[{"role":"user","content":"'"$q"'"}]}' >"$T/one"
jq -e --arg a "$native" '.object == "chat.completion" and .choices[0].message.content == $a and
    (.rag.sources | length) > 0 and .rag.verify != null and .usage.completion_tokens > 0' "$T/one" >/dev/null ||
    fail "chat.completion: $(cat "$T/one")"
curl -s "$URL/v1/models" | jq -e '[.data[].id] == ["rag", "rag:extractive", "rag:ollama:llama3"]' >/dev/null ||
    fail "models: $(curl -s "$URL/v1/models")"
status() { curl -s -o "$T/err" -w '%{http_code}' "$@"; }
[ "$(status "$URL/v1/chat/completions" -d '{"model":"rag:openai:gpt-4o","messages":[{"role":"user","content":"q"}]}')" = 404 ] &&
    jq -e '.error.code == "model_not_found" and .error.param == "model"' "$T/err" >/dev/null || fail "unknown model: $(cat "$T/err")"
[ "$(status "$URL/v1/chat/completions" -d '{"n":3,"messages":[{"role":"user","content":"q"}]}')" = 400 ] &&
    jq -e '.error.param == "n" and .error.type == "invalid_request_error"' "$T/err" >/dev/null || fail "n=3: $(cat "$T/err")"
[ "$(status "$URL/v1/chat/completions" -d '{"messages":')" = 400 ] || fail "malformed body: $(cat "$T/err")"
# The allow-list holds for the native endpoint: a model nobody named is refused before any run.
[ "$(status "$URL/api/chat" -d '{"query":"q","model":"openai:gpt-4o"}')" = 422 ] &&
    jq -e '.error | test("not offered")' "$T/err" >/dev/null || fail "native unlisted model: $(cat "$T/err")"
[ "$(status "$URL/api/chat" -d '{"query":"q","model":"extractive"}')" = 200 ] || fail "extractive refused: $(cat "$T/err")"
curl -s "$URL/metrics" | grep -q 'rag_sse_endpoint_requests_total{endpoint="/v1/chat/completions"} 5' ||
    fail "metrics by endpoint: $(curl -s "$URL/metrics" | grep endpoint)"
# Sampling keys the cache: the same question at the same temperature is a hit, at another a miss.
ask() { curl -s "$URL/v1/chat/completions" -d '{"temperature":'"$1"',"messages":[{"role":"user","content":"What are snippets?"}]}' | jq -r .rag.cached; }
[ "$(ask 0.5) $(ask 0.5) $(ask 0.7)" = "false true false" ] || fail "sampling and the cache: $(ask 0.5) $(ask 0.7)"
# Refusals made before any route (limits, no such endpoint) answer a /v1 client in OpenAI's shape too.
head -c 2000000 /dev/zero | tr '\0' a >"$T/big"
[ "$(status "$URL/v1/chat/completions" -H 'Content-Type: application/json' --data-binary @"$T/big")" = 413 ] &&
    jq -e '.error.type == "invalid_request_error" and (.error.message | test("too large"))' "$T/err" >/dev/null ||
    fail "413 on /v1: $(head -c 300 "$T/err")"
[ "$(status "$URL/v1/embeddings")" = 404 ] && jq -e '.error.message == "no such endpoint"' "$T/err" >/dev/null ||
    fail "404 on /v1: $(cat "$T/err")"
[ "$(status "$URL/api/nothing")" = 404 ] && jq -e '.error == "no such endpoint"' "$T/err" >/dev/null ||
    fail "404 on the native API: $(cat "$T/err")"
