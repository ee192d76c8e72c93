#!/bin/sh
# rag-verify rejects bad flags with exit 64 and a one-line reason.
. "${0%/*}/lib.sh"
rc=0; rag-verify --min-score 2 </dev/null >/dev/null 2>"$T/err" || rc=$?
[ $rc = 64 ] || fail "--min-score 2: exit $rc"
rc=0; rag-verify --language klingon </dev/null >/dev/null 2>"$T/err" || rc=$?
[ $rc = 64 ] || fail "--language klingon: exit $rc"
grep -q "^rag-verify: unknown --language 'klingon'" "$T/err" || fail "stderr: $(cat "$T/err")"
