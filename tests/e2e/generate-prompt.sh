#!/bin/sh
# The prompt sent to the model: the system prompt (--system FILE replaces it), the last
# --history-turns turns, one user message with the numbered passages and the question;
# stream true and the sampling options.
. "${0%/*}/lib.sh"
. "$FIX/backends/backend.sh"
start_backend ollama
cat >"$T/in" <<'IN'
{"type":"request","run":"p","data":{"query":"And its river?","history":[{"role":"user","content":"h1"},{"role":"assistant","content":"h2"},{"role":"user","content":"h3"}],"model":"ollama:record"}}
{"type":"context","run":"p","data":{"passages":[{"doc":"fr.md#1","title":"France","text":"Paris is the capital.","score":2},{"doc":"seine.md","title":"","text":"The Seine flows through Paris.","score":1}]}}
IN
printf 'Answer in French.' >"$T/system"
rag-generate --url "127.0.0.1:$PORT" --history-turns 2 --system "$T/system" --temperature 0 --max-tokens 64 \
    <"$T/in" >"$T/out"
sed -n 's/^body //p' "$BLOG" >"$T/body"
[ -s "$T/body" ] || fail "the backend got no request"
expected='{"model":"record","messages":[{"role":"system","content":"Answer in French."},{"role":"assistant","content":"h2"},{"role":"user","content":"h3"},{"role":"user","content":"Passages:\n\n[1] France (fr.md#1)\nParis is the capital.\n\n[2] (seine.md)\nThe Seine flows through Paris.\n\nQuestion: And its river?"}],"stream":true,"options":{"temperature":0,"num_predict":64}}'
[ "$(jq -cS . "$T/body")" = "$(printf "%s\n" "$expected" | jq -cS .)" ] || fail "request body: $(cat "$T/body")"
ask d ollama:record 'Default prompt?' | rag-generate --url "127.0.0.1:$PORT" >/dev/null
sed -n 's/^body //p' "$BLOG" | tail -1 | jq_true '.messages[0].content | startswith("You answer questions using only the numbered passages")' \
    >/dev/null || fail "no built-in system prompt"
