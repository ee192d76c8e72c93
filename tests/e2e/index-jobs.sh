#!/bin/sh
# rag-index analyses on every core (--jobs) and writes in the order it read: the index built with one
# thread and with four is the same, byte for byte in every table, and answers the same.
. "${0%/*}/lib.sh"
command -v mdb_dump >/dev/null || skip "mdb_dump not installed (lmdb-utils)"
# Enough documents for several batches of work: the fixtures, and each of them again under a new name.
mkdir -p "$T/docs"
cp -r "$FIX/retrieval/docs" "$T/docs/a"
cp -r "$FIX/documents" "$T/docs/b"
i=0
for f in $(find "$FIX/retrieval/docs" -type f); do
    i=$((i + 1)); for n in 1 2 3 4 5 6 7 8; do cp "$f" "$T/docs/copy-$n-$i.txt"; done
done
(cd "$T" && rag-index -q -i one build -j 1 docs) || fail "build -j 1"
(cd "$T" && rag-index -q -i four build --jobs 4 docs) || fail "build -j 4"
mdb_dump -a "$T/one" >"$T/one.dump" && mdb_dump -a "$T/four" >"$T/four.dump" || fail "mdb_dump"
cmp -s "$T/one.dump" "$T/four.dump" || fail "the index differs with --jobs 4: $(diff "$T/one.dump" "$T/four.dump" | head -5)"
[ "$(rag-index -i "$T/four" stats | grep -c .)" -gt 0 ] || fail "no stats"
rag-index -i "$T/one" build -j x docs 2>"$T/err" && fail "--jobs x accepted"
grep -q 'jobs' "$T/err" || fail "no message naming --jobs: $(cat "$T/err")"
