#!/bin/sh
# rag-show --json writes one JSON object per run, in the order the runs finish.
. "${0%/*}/lib.sh"
rag-show --json <"$FIX/interleaved.ndjson" >"$T/out" 2>"$T/err" || fail "exit status $?"
normalize <"$T/out" >"$T/norm"
expect_golden "$T/norm" show-json
[ "$(wc -l <"$T/out")" -eq 3 ] || fail "want 3 lines, got $(wc -l <"$T/out")"
jq -e -s 'length == 3 and all(.[]; has("run") and has("query") and has("answer") and has("sources")
    and has("cached") and has("verify") and has("duration_ms"))' "$T/out" >/dev/null ||
    fail "an object lacks a field"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
