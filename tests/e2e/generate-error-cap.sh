#!/bin/sh
# A backend's error message reaches the error event capped (300 bytes of the server's words)
# whether it comes as JSON or as text: a 60 KB JSON error.message, in an HTTP 500 body and
# inside a 200 stream, for both wire formats (issue 18); the next run still answers.
. "${0%/*}/lib.sh"
. "$FIX/backends/backend.sh"
for proto in ollama openai; do
    start_backend $proto
    { ask a "$proto:huge-http" 'Why?'; ask b "$proto:huge-midstream" 'Why?'; ask c "$proto:words" 'Still there?'; } >"$T/in"
    OLLAMA_HOST=127.0.0.1:$PORT OPENAI_BASE_URL=http://127.0.0.1:$PORT/v1 \
        rag-generate --parallel 1 <"$T/in" >"$T/out" 2>"$T/err"
    [ ! -s "$T/err" ] || fail "$proto: unexpected stderr: $(cat "$T/err")"
    for run in a b; do
        msg=$(jq -r --arg r $run 'select(.type == "error" and .run == $r) | .data.message' "$T/out")
        case $msg in *"overloaded: xxx"*) ;; *) fail "$proto run $run: no error event with the server's words: $msg" ;; esac
        bytes=$(printf '%s' "$msg" | wc -c)
        [ "$bytes" -le 320 ] || fail "$proto run $run: an error message of $bytes bytes, not capped"
        line=$(jq -c --arg r $run 'select(.type == "error" and .run == $r)' "$T/out" | wc -c)
        [ "$line" -le 512 ] || fail "$proto run $run: an error event of $line bytes"
    done
    jq_true 'select(.type == "done" and .run == "c") | .data.answer == "Paris is the capital of France [1]."' \
        "$T/out" || fail "$proto: the run after the errors did not answer: $(cat "$T/out")"
done
