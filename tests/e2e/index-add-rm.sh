#!/bin/sh
# rag-index add and rm update the index in place: re-adding a document
# replaces it, every change bumps the generation, retrieval sees the result.
. "${0%/*}/lib.sh"
cd "$FIX/retrieval"
gen() { rag-index -i "$T/idx" stats | sed -n 's/^generation\t//p'; }
rag-index -q -i "$T/idx" build docs/bm25.md
[ "$(gen)" = 1 ] || fail "generation after build: $(gen)"
rag-index -q -i "$T/idx" add docs/lmdb.md
[ "$(gen)" = 2 ] || fail "generation after add: $(gen)"
echo 'snapshot readers' | rag-retrieve -i "$T/idx" | grep -q '"doc":"docs/lmdb.md"' || fail "added document not found"
# Re-add a changed document under the same id: the old text is gone.
mkdir -p "$T/docs" && echo 'Completely different words about giraffes.' >"$T/docs/lmdb.md"
(cd "$T" && rag-index -q -i "$T/idx" add docs/lmdb.md)
[ "$(rag-index -i "$T/idx" ls | wc -l)" = 2 ] || fail "replacement added a document"
echo 'snapshot readers' | rag-retrieve -i "$T/idx" | grep -q '"retrieved":0' || fail "old text still indexed"
echo 'giraffes' | rag-retrieve -i "$T/idx" | grep -q '"generation":3' || fail "generation in meta"
rag-index -q -i "$T/idx" rm docs/lmdb.md
[ "$(gen)" = 4 ] || fail "generation after rm: $(gen)"
rag-index -i "$T/idx" ls >"$T/ls"
printf 'docs/bm25.md\t1\n' | diff - "$T/ls" || fail "ls after rm"
rag-index -i "$T/idx" stats | grep -q '^documents	1$' || fail "statistics after rm"
rag-index -q -i "$T/idx" rm no-such-doc 2>"$T/err" && fail "rm of an unknown id succeeded"
grep -q "no document 'no-such-doc'" "$T/err" || fail "rm message: $(cat "$T/err")"
