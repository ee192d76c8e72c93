#!/bin/sh
# Every backend fault becomes an error event {message, stage:"generate"} for its run, with
# the server's own words, and the next run still answers: HTTP 500 and 404 with a body, an
# error object inside a 200 stream, a malformed chunk, a stream without its final marker,
# a stall (--idle-timeout), for both wire formats; and a refused connection.
. "${0%/*}/lib.sh"
. "$FIX/backends/backend.sh"
for proto in ollama openai; do
    start_backend $proto
    { for m in http500 http404 midstream malformed truncated stall words; do
          ask "$m" "$proto:$m" 'What is the capital of France?'
      done
      [ $proto = ollama ] || ask llamacpp-error openai:llamacpp-error 'Why?'; } >"$T/in"
    OLLAMA_HOST=127.0.0.1:$PORT OPENAI_BASE_URL=http://127.0.0.1:$PORT/v1 \
        rag-generate --parallel 1 --idle-timeout 0.5 <"$T/in" >"$T/raw" 2>"$T/err"
    [ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
    check_concat "$T/raw"
    jq -c 'select(.type == "error" or .type == "done") | [.run, .type, .data.stage, .data.message // .data.answer]' \
        "$T/raw" >"$T/out.$proto"
    expect_golden "$T/out.$proto" generate-faults-$proto
done
dead=$(free_port)
ask x ollama:words 'Anyone there?' >"$T/one"
rc=0; rag-generate --url "http://127.0.0.1:$dead" <"$T/one" >"$T/out" 2>"$T/err" || rc=$?
[ $rc = 69 ] || fail "a dead backend that served no run: exit $rc, not 69"
jq_true 'select(.type == "error") | .data.stage == "generate" and (.data.message | test("Could(n.t| not) connect"))' \
    "$T/out" >/dev/null || fail "no error event for a refused connection: $(cat "$T/out")"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
