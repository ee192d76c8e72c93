#!/bin/sh
# The real pipeline: rag-cache get | rag-retrieve | rag-generate | rag-cache put.
# The second ask is a hit that skips retrieval and generation; rag-index add
# bumps the generation, and the next ask is answered afresh.
. "${0%/*}/lib.sh"
for t in rag-index rag-retrieve rag-generate; do command -v $t >/dev/null || skip "$t not built"; done
export RAG_CACHE="$T/cache" RAG_INDEX="$T/idx"
cd "$FIX/retrieval"
rag-index -q build --corpus docs docs/bm25.md
ask() { echo 'How does BM25 weigh rare terms?' | rag-cache get | rag-retrieve | rag-generate | rag-cache put; }
ask >"$T/1" 2>"$T/err"
grep -q '"type":"cached"' "$T/1" && fail "first ask was a hit"
ask >"$T/2" 2>>"$T/err"
grep -q '"type":"cached"' "$T/2" || fail "second ask was not a hit"
grep -q '"type":"meta"' "$T/2" && fail "retrieval ran on a hit"
a1=$(jq -r 'select(.type=="done") | .data.answer' "$T/1")
[ -n "$a1" ] && [ "$a1" = "$(jq -r 'select(.type=="done") | .data.answer' "$T/2")" ] || fail "hit answer differs"
[ "$(jq -r 'select(.type=="token") | .data.t' "$T/1" | md5sum)" = "$(jq -r 'select(.type=="token") | .data.t' "$T/2" | md5sum)" ] ||
    fail "token boundaries differ on the hit"
jq -c 'select(.type=="sources") | .data' "$T/1" >"$T/s1"; jq -c 'select(.type=="sources") | .data' "$T/2" >"$T/s2"
cmp -s "$T/s1" "$T/s2" || fail "sources differ on the hit"
rag-index -q add docs/guide
ask >"$T/3" 2>>"$T/err"
grep -q '"type":"cached"' "$T/3" && fail "hit after rag-index add"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
