#!/bin/sh
# rm, stats and ls never create an index: on a missing one they exit 66 with
# a clear message; rm of a document that is not there changes nothing.
. "${0%/*}/lib.sh"
cd "$FIX/retrieval"
for cmd in "rm docs/bm25.md" stats ls; do
    rc=0; rag-index -i "$T/none" $cmd >"$T/out" 2>"$T/err" || rc=$?
    [ $rc = 66 ] || fail "$cmd on a missing index: exit $rc"
    grep -q "cannot open index '$T/none': no such directory (run 'rag-index build')" "$T/err" || fail "$cmd message: $(cat "$T/err")"
    [ ! -e "$T/none" ] || fail "$cmd created the index"
done
rag-index -q -i "$T/idx" build docs/bm25.md
rag-index -q -i "$T/idx" rm no-such-doc 2>/dev/null && fail "rm of an unknown id succeeded"
[ "$(rag-index -i "$T/idx" stats | sed -n 's/^generation\t//p')" = 1 ] || fail "rm of nothing bumped the generation"
