#!/bin/sh
# rag-generate relays an Ollama /api/chat NDJSON stream: request and context pass on, then
# one token per chunk in order, then done with Ollama's eval_count.
. "${0%/*}/lib.sh"
. "$FIX/backends/backend.sh"
start_backend ollama
ask a ollama:words 'What is the capital of France?' >"$T/in"
rag-generate --url "http://127.0.0.1:$PORT" <"$T/in" >"$T/raw" 2>"$T/err"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
check_concat "$T/raw"
normalize <"$T/raw" >"$T/out"
expect_golden "$T/out" generate-ollama-stream
# Negative control: the check above must catch a token that went missing.
grep -v '"t":"the "' "$T/raw" >"$T/broken"
! (check_concat "$T/broken") 2>/dev/null || fail "check_concat missed a lost token"
