#!/bin/sh
# /v1/chat/completions with a model backend (the fake Ollama server): a system message reaches the
# model after the operator's prompt, and an answer the server cut at its token limit ends with
# finish_reason "length", streamed and not; a natural end is "stop".
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
. "$FIX/backends/backend.sh"
for t in rag-index rag-retrieve rag-generate rag-verify rag-cache; do command -v $t >/dev/null || skip "$t not built"; done
(cd "$FIX/retrieval" && rag-index -q -i "$T/idx" build --corpus docs docs) || fail "rag-index"
start_backend ollama
export RAG_INDEX="$T/idx" RAG_CACHE="$T/cache" OLLAMA_HOST="127.0.0.1:$PORT"
start_sse --models ollama:record,ollama:cut,ollama:words
ask_v1() {  # MODEL STREAM [SYSTEM]
    system=${3:+'{"role":"system","content":"'"$3"'"},'}
    curl -sN "$URL/v1/chat/completions" -d '{"model":"rag:'"$1"'","stream":'"$2"',"messages":['"$system"'
        {"role":"user","content":"How does BM25 weigh rare terms?"}]}'
}
ask_v1 ollama:record false 'Answer in French.' >"$T/one"
jq -e '.choices[0].finish_reason == "stop"' "$T/one" >/dev/null || fail "record: $(cat "$T/one")"
grep '^body ' "$BLOG" | tail -1 | cut -c6- >"$T/body"
jq -e '.messages[0].role == "system" and (.messages[0].content | startswith("You answer questions using only"))
    and (.messages[0].content | endswith("\n\nAnswer in French."))
    and ([.messages[] | select(.role == "system")] | length) == 1' "$T/body" >/dev/null ||
    fail "system message not passed to the model: $(cat "$T/body")"
# A different system message is a different answer: not served from the cache.
ask_v1 ollama:record false 'Answer in German.' | jq -e '.rag.cached == false' >/dev/null || fail "system message not in the cache key"
ask_v1 ollama:record false 'Answer in German.' | jq -e '.rag.cached == true' >/dev/null || fail "same system message missed the cache"
ask_v1 ollama:cut false | jq -e '.choices[0].finish_reason == "length" and .choices[0].message.content != ""' \
    >/dev/null || fail "non-streamed cut answer: $(ask_v1 ollama:cut false)"
ask_v1 ollama:cut true >"$T/chunks"
grep '^data: {' "$T/chunks" | cut -c7- | jq -s -e '[.[] | .choices[0].finish_reason | select(. != null)] == ["length"]' \
    >/dev/null || fail "streamed cut answer: $(cat "$T/chunks")"
grep -v "^$" "$T/chunks" | tail -1 | grep -qx "data: \\[DONE\\]" || fail "no [DONE] after a cut answer"
ask_v1 ollama:words true | grep '^data: {' | cut -c7- |
    jq -s -e '[.[] | .choices[0].finish_reason | select(. != null)] == ["stop"]' >/dev/null || fail "natural end is not stop"
# The native stream's done says why it ended, too.
curl -sN "$URL/api/chat/stream" -H 'Accept: text/event-stream' -d '{"query":"How do snippets work?","model":"ollama:cut"}' |
    grep -q '"finish_reason":"length"' || fail "native done without finish_reason"
