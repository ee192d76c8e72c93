#!/bin/sh
# rag-cache stats, ls, purge, export and import: a backup restores every
# answer and session, and the restored cache serves the same hits.
. "${0%/*}/lib.sh"
export RAG_CACHE="$T/cache"
answer() { jq -c --unbuffered -f "$FIX/cache/answer.jq"; }
[ "$(rag-cache stats | jq -c '[.entries, .sessions, .hit_ratio]')" = '[0,0,null]' ] || fail "stats of no cache"
[ -z "$(rag-cache ls)" ] || fail "ls of no cache"
rag-cache get <"$FIX/cache/requests.ndjson" | answer | rag-cache put >/dev/null
printf '{"type":"request","run":"r000000000003","data":{"query":"in a session","session_id":"s9"}}\n' |
    rag-cache get | answer | rag-cache put >/dev/null
rag-cache get <"$FIX/cache/requests.ndjson" >/dev/null     # two hits
rag-cache stats | jq -c '[.entries, .sessions, .turns, .hits, .misses]' >"$T/stats"
# Misses are counted once a cache exists: the first pass ran before put made it.
[ "$(cat "$T/stats")" = '[3,1,2,2,1]' ] || fail "stats: $(cat "$T/stats")"
rag-cache ls | jq -c '[.corpus_id, .model, .tokens, .query]' | sort >"$T/ls"
cat >"$T/want" <<'W'
["","extractive",3,"User: What is BM25?"]
["","extractive",3,"User: in a session"]
["docs","extractive",3,"User: hi\nAssistant: hello\n\nUser: Why café?"]
W
diff -u "$T/want" "$T/ls" || fail "ls differs"
rag-cache export >"$T/backup"
[ "$(wc -l <"$T/backup")" = 6 ] || fail "export: expected 3 answers + 1 counter + 2 turns"
RAG_CACHE="$T/restored" rag-cache import <"$T/backup" | grep -qx '{"imported":6,"skipped":0}' || fail "import"
RAG_CACHE="$T/restored" rag-cache export | cmp - "$T/backup" || fail "export of the restored cache differs"
RAG_CACHE="$T/restored" rag-cache get <"$FIX/cache/requests.ndjson" | grep -c '"type":"done"' | grep -qx 2 ||
    fail "restored cache does not serve the hits"
echo '{"db":"answers","key":"00","value":{}}' | RAG_CACHE="$T/restored" rag-cache import 2>"$T/err" >"$T/out"
grep -qx '{"imported":0,"skipped":1}' "$T/out" && grep -q '<stdin>:1: bad answers record' "$T/err" || fail "bad record accepted"
[ "$(rag-cache purge --corpus docs)" = '{"purged":1}' ] || fail "purge --corpus"
rag-cache purge 2>"$T/err" && fail "purge with no filter deleted"
grep -q 'say what to delete' "$T/err" || fail "no message for a bare purge"
[ "$(rag-cache purge --all)" = '{"purged":2}' ] || fail "purge --all"
[ "$(rag-cache stats | jq -c '[.entries, .sessions, .hits]')" = '[0,1,0]' ] || fail "purge touched sessions or kept counters"
