#!/bin/sh
# Every option takes exactly one value: --include does not swallow the inputs
# after it (repeat it for more); a pattern that matches nothing is reported.
. "${0%/*}/lib.sh"
cd "$FIX/retrieval"
rag-index -i "$T/idx" build --include '*.md' --include '*.txt' docs/page.html docs --exclude '*.nomatch' 2>"$T/err" ||
    fail "build: $(cat "$T/err")"
rag-index -i "$T/idx" ls | cut -f1 >"$T/ls"
printf 'docs/page.html\ndocs/bm25.md\ndocs/guide/analysis.md\ndocs/lmdb.md\ndocs/notes.txt\n' | sort | diff - "$T/ls" || fail "inputs"
grep -q "pattern '\*.nomatch' matched no file" "$T/err" || fail "unmatched pattern not reported: $(cat "$T/err")"
rc=0; rag-index -q -i "$T/idx" build --include docs/bm25.md 2>"$T/err" || rc=$?
[ $rc = 64 ] || fail "an option's value taken as an input, then none left: exit $rc"
