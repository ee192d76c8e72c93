#!/bin/sh
# rag-show renders three interleaved runs one after another, each whole.
. "${0%/*}/lib.sh"
rag-show --color never <"$FIX/interleaved.ndjson" >"$T/out" 2>"$T/err"
expect_golden "$T/out" show-interleaved
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
