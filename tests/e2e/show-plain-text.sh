#!/bin/sh
# A plain-text line is a query: rag-show shows it as a run that the input ended before answering.
. "${0%/*}/lib.sh"
rc=0
printf 'What is BM25?\n' | rag-show --color never >"$T/out" 2>"$T/err" || rc=$?
[ $rc = 1 ] || fail "a run the input ended before answering: exit status $rc, want 1"
printf '> What is BM25?\n\n' | diff -u - "$T/out" || fail "stdout differs"
grep -Eq '^rag-show: run r[0-9a-f]{12}: input ended before the run was done$' "$T/err" ||
    fail "stderr: $(cat "$T/err")"
{ printf 'What is BM25?\n' | rag-show --json || true; } | normalize >"$T/json"
expect_golden "$T/json" show-plain-text
