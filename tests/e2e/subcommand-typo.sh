#!/bin/sh
# A mistyped or missing subcommand names the word and the subcommands there are (exit 64);
# a subcommand's own missing argument keeps its own message.
. "${0%/*}/lib.sh"
rc=0; rag-index biuld 2>"$T/err" || rc=$?
[ $rc = 64 ] || fail "rag-index biuld: exit $rc"
grep -q "unknown subcommand 'biuld' (the subcommands are build, add, rm, stats, ls)" "$T/err" || fail "$(cat "$T/err")"
rc=0; rag-cache --cache "$T/c" gett 2>"$T/err" || rc=$?
[ $rc = 64 ] && grep -q "unknown subcommand 'gett'" "$T/err" || fail "rag-cache --cache DIR gett: $(cat "$T/err")"
rc=0; rag-index 2>"$T/err" || rc=$?
[ $rc = 64 ] && grep -q "a subcommand is required: build, add" "$T/err" || fail "no subcommand: $(cat "$T/err")"
rc=0; rag-cache history 2>"$T/err" || rc=$?
[ $rc = 64 ] && grep -q "session is required" "$T/err" || fail "rag-cache history: $(cat "$T/err")"
