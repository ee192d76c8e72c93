#!/bin/sh
# rag-cache: an answer cached before the index's generation changed is never
# served after it; without an index, generation 0 and the request's corpus key it.
. "${0%/*}/lib.sh"
export RAG_CACHE="$T/cache" RAG_INDEX="$T/idx"
command -v mdb_load >/dev/null || skip "mdb_load (lmdb-utils) not installed"
set_index() { mkdir -p "$T/idx"; printf 'corpus\ndocs\ngeneration\n%s\n' "$1" | mdb_load -T -s meta "$T/idx"; }
run() { echo 'What is BM25?' | rag-cache get | jq -c --unbuffered -f "$FIX/cache/answer.jq" | rag-cache put; }
run >/dev/null                       # no index yet: stored under generation 0
run | grep -q '"type":"cached"' || fail "no hit without an index"
set_index 1
run | grep -q '"type":"cached"' && fail "hit across the creation of an index"
run | grep -q '"type":"cached"' || fail "no hit at generation 1"
set_index 2
run | grep -q '"type":"cached"' && fail "hit after re-indexing"
# The index's own corpus id and an explicit equal corpus_id share the entry.
echo '{"type":"request","run":"r000000000009","data":{"query":"What is BM25?","corpus_id":"docs"}}' |
    rag-cache get | grep -q '"type":"cached"' || fail "corpus_id equal to the index's should hit"
rag-cache ls | jq -r '[.corpus_id, .generation] | @tsv' | sort >"$T/ls"
printf '\t0\ndocs\t1\ndocs\t2\n' | diff -u - "$T/ls" || fail "unexpected entries"
