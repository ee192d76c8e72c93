#!/bin/sh
# kill -9 in the middle of a build leaves the old index untouched and
# readable; the next build clears what the killed one left and swaps in.
. "${0%/*}/lib.sh"
cd "$FIX/retrieval"
rag-index -q -i "$T/idx" build docs
rag-index -i "$T/idx" ls >"$T/before"
awk 'BEGIN { for (i = 0; i < 400000; i++) printf "{\"_id\":\"d%d\",\"text\":\"word%d alpha beta gamma delta %d\"}\n", i, i % 5000, i }' >"$T/big.jsonl"
rag-index -q -i "$T/idx" build "$T/big.jsonl" &
pid=$!
for _ in $(seq 100); do ls -a "$T" | grep -q '^\.idx\.build-' && break; sleep 0.05; done
ls -a "$T" | grep -q '^\.idx\.build-' || fail "no staging directory seen"
sleep 0.3
kill -9 $pid
wait $pid 2>/dev/null && fail "build finished before the kill (make big.jsonl bigger)"
rag-index -i "$T/idx" ls | diff "$T/before" - || fail "old index changed by a killed build"
echo 'snapshot readers' | rag-retrieve -i "$T/idx" | grep -q '"doc":"docs/lmdb.md"' || fail "old index not searchable"
rag-index -q -i "$T/idx" build docs/bm25.md
ls -a "$T" | grep -q '\.build-' && fail "stale staging not removed: $(ls -a "$T")"
[ "$(rag-index -i "$T/idx" ls | cut -f1)" = docs/bm25.md ] || fail "new build not swapped in"
[ "$(rag-index -i "$T/idx" stats | sed -n 's/^generation\t//p')" = 2 ] || fail "generation does not follow the old index"
