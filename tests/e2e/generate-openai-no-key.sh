#!/bin/sh
# With OpenAI's own API as the default model and no key, rag-generate says so up front (before a
# request is sent: this test sends none); a local OpenAI-compatible server (--url) gets no warning.
. "${0%/*}/lib.sh"
unset OPENAI_API_KEY OPENAI_BASE_URL
RAG_MODEL=openai:gpt-4o-mini rag-generate </dev/null 2>"$T/err" || fail "rag-generate failed: $(cat "$T/err")"
grep -q 'OPENAI_API_KEY is not set' "$T/err" || fail "no warning: $(cat "$T/err")"
RAG_MODEL=openai:gpt-4o-mini rag-generate --url http://127.0.0.1:9/v1 </dev/null 2>"$T/err"
[ ! -s "$T/err" ] || fail "warned about a local server: $(cat "$T/err")"
OPENAI_API_KEY=sk-test RAG_MODEL=openai:gpt-4o-mini rag-generate </dev/null 2>"$T/err"
[ ! -s "$T/err" ] || fail "warned with a key: $(cat "$T/err")"
rag-generate </dev/null 2>"$T/err"
[ ! -s "$T/err" ] || fail "warned for the extractive default: $(cat "$T/err")"
