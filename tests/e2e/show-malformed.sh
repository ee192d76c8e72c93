#!/bin/sh
# A malformed line in the middle is reported on stderr and does not stop the runs after it.
. "${0%/*}/lib.sh"
rag-show --color never <"$FIX/show/malformed.ndjson" >"$T/out" 2>"$T/err" || fail "exit status $?"
expect_golden "$T/out" show-malformed
sed 's/invalid JSON: .*/invalid JSON: .../' "$T/err" >"$T/err.norm"
cat >"$T/err.want" <<'WANT'
rag-show: <stdin>:4: invalid JSON: ...
rag-show: <stdin>:5: not an event: missing "type"
WANT
diff -u "$T/err.want" "$T/err.norm" || fail "stderr differs"
