#!/bin/sh
# A cancel for a streaming run aborts its backend transfer at once (the server sees the
# connection close); the run gets no done, the cancel passes on, the next run answers.
. "${0%/*}/lib.sh"
. "$FIX/backends/backend.sh"
start_backend ollama
mkfifo "$T/fifo"
rag-generate --url "http://127.0.0.1:$PORT" <"$T/fifo" >"$T/out" &
gen=$!
exec 3>"$T/fifo"
ask a ollama:stall 'Wait for me' >&3
i=0
until grep -q '"type":"token"' "$T/out"; do   # the first token leaves before the stream ends
    i=$((i + 1)); [ $i -lt 100 ] || fail "no token after 5 s"; sleep 0.05
done
echo '{"type":"cancel","run":"a","data":{}}' >&3
i=0
until grep -q '^closed stall' "$BLOG"; do
    i=$((i + 1)); [ $i -lt 40 ] || fail "the backend connection was not closed within 2 s"; sleep 0.05
done
ask b ollama:words 'What is the capital of France?' >&3
exec 3>&-
wait $gen || fail "rag-generate failed"
[ "$(jq -r 'select(.run == "a") | .type' "$T/out" | tr '\n' ' ')" = "request context token token cancel " ] \
    || fail "run a: $(jq -c 'select(.run == "a")' "$T/out")"
jq_true 'select(.run == "b" and .type == "done") | .data.answer == "Paris is the capital of France [1]."' "$T/out" >/dev/null \
    || fail "run b did not answer"
