#!/bin/sh
# rag-verify flags an invented sentence, quoted, and does not accept the answer.
. "${0%/*}/lib.sh"
rag-verify <"$FIX/verify/invented.ndjson" | grep '"type":"verify"' >"$T/out"
expect_golden "$T/out" verify-invented
grep -q '"accepted":false' "$T/out" || fail "an answer with an invented sentence was accepted"
grep -q 'unsupported: \\"It was written in Fortran' "$T/out" || fail "the invented sentence is not named"
