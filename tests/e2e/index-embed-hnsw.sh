#!/bin/sh
# Above --hnsw-min vectors the index holds an HNSW graph: dense search goes through it,
# stats --check measures its recall@10 against exact search, rm rebuilds it.
. "${0%/*}/lib.sh"
. "$FIX/embed.sh"
start_embed
embed_docs "$T/docs" 40
rag-index -q -i "$T/idx" build --embed ollama:fake --hnsw-min 30 "$T/docs" || fail build
rag-index -i "$T/idx" stats --check >"$T/stats" || fail "stats --check"
grep -q '^hnsw	[0-9]* bytes$' "$T/stats" || fail "no graph: $(cat "$T/stats")"
recall=$(sed -n 's/^hnsw_recall_at_10\t//p' "$T/stats")
awk -v r="$recall" 'BEGIN { exit !(r >= 0.95) }' || fail "recall@10 $recall"
echo 'juniper tree number 10' | rag-retrieve -i "$T/idx" --mode dense -k 3 >"$T/out"
grep -q '"doc":"'"$T"'/docs/doc10.md","score"' "$T/out" || fail "graph search missed doc10: $(grep sources "$T/out")"
# Below the threshold again: the graph goes, search is exact.
for i in $(seq 1 15); do echo "$T/docs/doc$i.md"; done | xargs rag-index -q -i "$T/idx" rm || fail rm
rag-index -i "$T/idx" stats | grep -qx 'hnsw	none (exact search)' || fail "graph kept below the threshold"
echo 'juniper tree number 22' | rag-retrieve -i "$T/idx" --mode dense -k 1 | grep -q 'doc22.md' || fail "exact search after rm"
