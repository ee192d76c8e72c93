#!/bin/sh
# A reader that holds the index open keeps working while a build swaps a new
# index in, and its next search sees the new index.
. "${0%/*}/lib.sh"
cd "$FIX/retrieval"
rag-index -q -i "$T/idx" build docs/lmdb.md
mkfifo "$T/q"
rag-retrieve -i "$T/idx" -k 1 <"$T/q" >"$T/out" &
pid=$!
exec 3>"$T/q"
echo 'snapshot readers' >&3
for _ in $(seq 100); do grep -q '"type":"context"' "$T/out" && break; sleep 0.05; done
rag-index -q -i "$T/idx" build docs/bm25.md
echo 'snapshot readers' >&3
echo 'term frequency saturation' >&3
exec 3>&-
wait $pid || fail "reader failed"
grep -c '"type":"meta"' "$T/out" | grep -qx 3 || fail "not every query answered: $(cat "$T/out")"
grep -q '"type":"error"' "$T/out" && fail "reader saw an error: $(cat "$T/out")"
sed -n 1,3p "$T/out" | grep -q '"doc":"docs/lmdb.md"' || fail "first search"
tail -3 "$T/out" | grep -q '"doc":"docs/bm25.md"' || fail "the reader did not move to the new index"
grep '"type":"meta"' "$T/out" | tail -1 | grep -q '"generation":2' || fail "generation: $(cat "$T/out")"
