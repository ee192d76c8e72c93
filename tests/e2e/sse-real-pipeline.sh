#!/bin/sh
# With the real tools behind it: a miss then a cache hit for the same question, tokens = done.answer both
# times, and a session's history filled in by rag-cache on the next turn (seen with --forward-all).
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
for t in rag-index rag-retrieve rag-generate rag-verify rag-cache; do command -v $t >/dev/null || skip "$t not built"; done
(cd "$FIX/retrieval" && rag-index -q -i "$T/idx" build --corpus docs docs) || fail "rag-index"
export RAG_INDEX="$T/idx" RAG_CACHE="$T/cache"
start_sse --forward-all
q='{"query":"How does BM25 weigh rare terms?","use_cache":true,"top_k":3}'
python3 "$CLIENT" "$URL" "$q" >"$T/miss"
python3 "$CLIENT" "$URL" "$q" >"$T/hit"
grep -q '"tokens_match": true' "$T/miss" || fail "miss: $(cat "$T/miss")"
grep -q '"tokens_match": true' "$T/hit" || fail "hit: $(cat "$T/hit")"
grep -q '"cached": false' "$T/miss" || fail "first request hit: $(cat "$T/miss")"
grep -q '"cached": true' "$T/hit" || fail "second request missed: $(cat "$T/hit")"
grep -q '"cached"' "$T/hit" && grep -q '"events": \[.*"cached"' "$T/hit" || fail "no cached event: $(cat "$T/hit")"
s='{"query":"What are snippets?","session_id":"sess-1"}'
python3 "$CLIENT" "$URL" "$s" >/dev/null
curl -sN -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"And BM25?","session_id":"sess-1"}' >"$T/turn2"
grep -A2 '^event: request' "$T/turn2" | grep '^data:' | cut -c7- >"$T/req"
jq -e '(.history | length) == 2 and .history[0].content == "What are snippets?"' "$T/req" >/dev/null ||
    fail "session history not filled: $(cat "$T/req")"
