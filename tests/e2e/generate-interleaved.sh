#!/bin/sh
# Three runs stream at once (--parallel 3): their tokens interleave, each run's tokens
# stay in order and add up to its answer.
. "${0%/*}/lib.sh"
. "$FIX/backends/backend.sh"
start_backend ollama
{ ask a ollama:slow 'one two three four five'
  ask b ollama:slow 'alpha beta gamma delta epsilon'
  ask c ollama:slow 'red green blue cyan magenta'; } >"$T/in"
start=$(date +%s%N)
rag-generate --parallel 3 --url "http://127.0.0.1:$PORT" <"$T/in" >"$T/out"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check_concat "$T/out"
[ "$(jq -r 'select(.type == "done") | .data.answer' "$T/out" | sort | tr '\n' '|')" = \
  "alpha beta gamma delta epsilon|one two three four five|red green blue cyan magenta|" ] || fail "wrong answers"
# Runs switch often in the token sequence: a b c a b c ..., not a a a a a b b b ...
switches=$(jq -r 'select(.type == "token") | .run' "$T/out" | uniq | wc -l)
[ "$switches" -ge 10 ] || fail "tokens of the three runs did not interleave ($switches groups)"
# Serial streaming would take 3 x 5 x 100 ms.
[ "$ms" -lt 1400 ] || fail "took ${ms} ms: the runs did not stream concurrently"
