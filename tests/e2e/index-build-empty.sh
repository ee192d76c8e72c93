#!/bin/sh
# A build that finds no documents (an empty directory, only files it skips)
# fails with a clear message and leaves the index the user has as it was.
. "${0%/*}/lib.sh"
cd "$FIX/retrieval"
rag-index -q -i "$T/idx" build docs
rag-index -i "$T/idx" ls >"$T/before"
mkdir "$T/empty"
rc=0; rag-index -q -i "$T/idx" build "$T/empty" 2>"$T/err" || rc=$?
[ $rc = 65 ] || fail "build of an empty directory: exit $rc"
grep -q "no documents in the inputs.*index '$T/idx' left as it was" "$T/err" || fail "message: $(cat "$T/err")"
rc=0; rag-index -q -i "$T/idx" build docs/image.bin 2>"$T/err" || rc=$?
[ $rc = 65 ] || fail "build of skipped files only: exit $rc"
grep -q "skipped files: 1 binary" "$T/err" || fail "skip reason: $(cat "$T/err")"
rag-index -i "$T/idx" ls | diff "$T/before" - || fail "the index changed"
[ "$(rag-index -i "$T/idx" stats | sed -n 's/^generation\t//p')" = 1 ] || fail "generation changed"
echo 'snapshot readers' | rag-retrieve -i "$T/idx" | grep -q '"doc":"docs/lmdb.md"' || fail "index no longer searchable"
ls -a "$T" | grep -q '\.build-' && fail "staging directory left behind: $(ls -a "$T")"
# A directory that is not an index is never replaced.
mkdir "$T/mine" && echo keep >"$T/mine/notes"
rag-index -q -i "$T/mine" build docs 2>"$T/err" && fail "build over a non-index directory succeeded"
[ "$(cat "$T/mine/notes")" = keep ] || fail "user file lost"
exit 0
