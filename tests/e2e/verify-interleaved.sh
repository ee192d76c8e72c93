#!/bin/sh
# rag-verify keeps interleaved runs apart: only runs with context and a done get a verify;
# a cache hit, a run ended by error and a cancelled run pass untouched; all else is unchanged.
. "${0%/*}/lib.sh"
in=$FIX/verify/interleaved.ndjson
rag-verify <"$in" >"$T/out"
expect_golden "$T/out" verify-interleaved
grep -v '"type":"verify"' "$T/out" | cmp -s - "$in" || fail "events other than verify were changed or reordered"
[ "$(grep '"type":"verify"' "$T/out" | sed -E 's/.*"run":"([a-z0-9]+)".*/\1/' | tr -d '\n')" = ab ] ||
    fail "verify for the wrong runs"
