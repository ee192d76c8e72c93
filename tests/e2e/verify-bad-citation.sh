#!/bin/sh
# rag-verify names a citation [n] that points to no passage.
. "${0%/*}/lib.sh"
rag-verify <"$FIX/verify/badcite.ndjson" | grep '"type":"verify"' >"$T/out"
expect_golden "$T/out" verify-bad-citation
grep -q 'citation \[4\] points to no passage' "$T/out" || fail "the bad citation is not named"
