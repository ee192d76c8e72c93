#!/bin/sh
# rag-verify accepts a faithful extractive answer: score 1, no issues, verify right before done.
. "${0%/*}/lib.sh"
rag-verify <"$FIX/verify/faithful.ndjson" >"$T/out" 2>"$T/err"
expect_golden "$T/out" verify-faithful
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
