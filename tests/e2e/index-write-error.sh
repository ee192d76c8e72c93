#!/bin/sh
# A failed write to stdout is an error, not success: `rag-index ls > /dev/full`
# says "write error" and exits 74, and so do stats and rag-cache's listings.
. "${0%/*}/lib.sh"
[ -w /dev/full ] || skip "no /dev/full"
rag-index -q -i "$T/idx" build "$FIX/retrieval/docs/bm25.md"
for cmd in "rag-index -i $T/idx ls" "rag-index -i $T/idx stats" "rag-cache -c $T/cache stats"; do
    rc=0; $cmd >/dev/full 2>"$T/err" || rc=$?
    [ "$rc" = 74 ] || fail "$cmd > /dev/full: exit $rc, want 74"
    grep -q 'write error' "$T/err" || fail "$cmd > /dev/full: no 'write error' on stderr: $(cat "$T/err")"
done
# A negative control: the same commands into a file succeed.
rag-index -i "$T/idx" ls >"$T/ls" || fail "rag-index ls failed"
grep -q 'bm25.md' "$T/ls" || fail "rag-index ls lists nothing"
