#!/bin/sh
# rag-verify checks French and Japanese answers against passages in their language.
. "${0%/*}/lib.sh"
rag-verify <"$FIX/verify/non-english.ndjson" | grep '"type":"verify"' >"$T/out"
expect_golden "$T/out" verify-non-english
[ "$(grep -c '"accepted":true' "$T/out")" = 2 ] || fail "a faithful non-English answer was not accepted"
