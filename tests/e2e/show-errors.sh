#!/bin/sh
# An error event ends its run: the message goes to stderr, stdout keeps the answers, and
# the batch exits 1 (with --json too), so that `set -o pipefail` sees a failed run.
. "${0%/*}/lib.sh"
rc=0; rag-show --color never <"$FIX/show/errors.ndjson" >"$T/out" 2>"$T/err" || rc=$?
[ $rc = 1 ] || fail "exit status $rc, not 1"
expect_golden "$T/out" show-errors
echo "rag-show: run a: retrieve: cannot open index '/nope'" | diff -u - "$T/err" || fail "stderr differs"
rc=0; rag-show --json <"$FIX/show/errors.ndjson" >"$T/raw" 2>"$T/err2" || rc=$?
[ $rc = 1 ] || fail "--json exit status $rc, not 1"
normalize <"$T/raw" >"$T/json"
expect_golden "$T/json" show-errors-json
[ ! -s "$T/err2" ] || fail "--json printed to stderr: $(cat "$T/err2")"
