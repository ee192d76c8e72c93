#!/bin/sh
# An error event ends its run: the message goes to stderr, stdout keeps the answers, exit is 0.
. "${0%/*}/lib.sh"
rag-show --color never <"$FIX/show/errors.ndjson" >"$T/out" 2>"$T/err" || fail "exit status $?"
expect_golden "$T/out" show-errors
echo "rag-show: run a: retrieve: cannot open index '/nope'" | diff -u - "$T/err" || fail "stderr differs"
rag-show --json <"$FIX/show/errors.ndjson" | normalize >"$T/json" 2>"$T/err2"
expect_golden "$T/json" show-errors-json
[ ! -s "$T/err2" ] || fail "--json printed to stderr: $(cat "$T/err2")"
