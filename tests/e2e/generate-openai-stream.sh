#!/bin/sh
# rag-generate relays an OpenAI /v1/chat/completions SSE stream: the role-only first delta
# gives no token, content deltas give one each, usage gives done.tokens, [DONE] ends it.
. "${0%/*}/lib.sh"
. "$FIX/backends/backend.sh"
start_backend openai
ask a openai:words 'What is the capital of France?' >"$T/in"
OPENAI_BASE_URL="http://127.0.0.1:$PORT/v1" rag-generate <"$T/in" >"$T/raw" 2>"$T/err"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
check_concat "$T/raw"
normalize <"$T/raw" >"$T/out"
expect_golden "$T/out" generate-openai-stream
