#!/bin/sh
# A bad flag or value: one diagnostic on stderr, a hint, exit 64, nothing on stdout.
. "${0%/*}/lib.sh"
set +e
rag-show --color sometimes </dev/null >"$T/out" 2>"$T/err"; rc=$?
set -e
[ $rc = 64 ] || fail "exit status $rc, want 64"
[ ! -s "$T/out" ] || fail "stdout not empty"
head -1 "$T/err" | grep -q '^rag-show: ' || fail "stderr: $(cat "$T/err")"
tail -1 "$T/err" | grep -qx "Try 'rag-show --help'." || fail "no hint: $(cat "$T/err")"
rag-show --help | grep -q -- '--json' || fail "--help lacks --json"
rag-show --version | grep -q '^rag-show ' || fail "--version"
