#!/bin/sh
# Non-ASCII text and emoji cut across network reads (the server sends each line in 1-3 byte
# pieces) come out as whole characters: no U+FFFD, tokens add up to the answer exactly.
. "${0%/*}/lib.sh"
. "$FIX/backends/backend.sh"
for proto in ollama openai; do
    start_backend $proto
    ask u $proto:utf8 'Say something' | OLLAMA_HOST=127.0.0.1:$PORT OPENAI_BASE_URL=http://127.0.0.1:$PORT \
        rag-generate >"$T/out"
    check_concat "$T/out"
    answer=$(jq -r 'select(.type == "done") | .data.answer' "$T/out")
    [ "$answer" = "Größe 日本語 😀 naïve café 🎉!" ] || fail "$proto: answer is '$answer'"
    ! grep -q '�' "$T/out" || fail "$proto: a replacement character: a character was cut"
done
