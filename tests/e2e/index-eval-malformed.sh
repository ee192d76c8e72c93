#!/bin/sh
# rag-retrieve --evaluate names the file and line of a malformed run (exit 66).
. "${0%/*}/lib.sh"
cd "$FIX/retrieval"
printf 'q1 Q0 p1 1 0.5 t\nq1 Q0 p2 2 high t\n' >"$T/run"
rc=0; rag-retrieve --evaluate "$T/run" --qrels qrels.txt 2>"$T/err" || rc=$?
[ $rc = 66 ] || fail "exit $rc: $(cat "$T/err")"
grep -q "$T/run:2: not a run line" "$T/err" || fail "message: $(cat "$T/err")"
grep -q 'internal error' "$T/err" && fail "internal error: $(cat "$T/err")"
exit 0
