#!/bin/sh
# rag-cache get --ttl: answers older than the TTL miss; purge --older-than drops them.
. "${0%/*}/lib.sh"
export RAG_CACHE="$T/cache"
echo 'old question' | rag-cache get | jq -c -f "$FIX/cache/answer.jq" | rag-cache put >/dev/null
echo 'old question' | rag-cache get --ttl 1h | grep -q '"type":"cached"' || fail "fresh answer missed"
sleep 1.2
echo 'old question' | rag-cache get --ttl 1s | grep -q '"type":"cached"' && fail "expired answer served"
echo 'old question' | rag-cache get | grep -q '"type":"cached"' || fail "no TTL: should hit"
rag-cache get --ttl 1y </dev/null 2>"$T/err" && fail "bad --ttl accepted"
grep -q 'bad duration' "$T/err" || fail "no message for a bad duration"
[ "$(rag-cache purge --older-than 1s)" = '{"purged":1}' ] || fail "purge --older-than"
[ "$(rag-cache stats | jq .entries)" = 0 ] || fail "entry left after purge"
