#!/bin/sh
# A 1,000-token answer arrives whole and in order, with done.tokens = 1000.
. "${0%/*}/lib.sh"
. "$FIX/backends/backend.sh"
start_backend openai
ask l openai:long 'Talk a lot' | rag-generate -b openai --url "http://127.0.0.1:$PORT/v1" >"$T/out"
check_concat "$T/out"
[ "$(grep -c '"type":"token"' "$T/out")" = 1000 ] || fail "not 1000 token events"
jq_true 'select(.type == "done") | .data.tokens == 1000 and (.data.answer | startswith("w0 w1 w2 ")) and
       (.data.answer | endswith("w998 w999 "))' "$T/out" >/dev/null || fail "wrong done: $(tail -c 300 "$T/out")"
