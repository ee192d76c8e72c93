#!/bin/sh
# rag-cache: a miss passes the request on and put stores the answer; the same
# requests then hit: request marked cached, cached, sources, tokens, done.
. "${0%/*}/lib.sh"
export RAG_CACHE="$T/cache"
answer() { jq -c --unbuffered -f "$FIX/cache/answer.jq"; }
rag-cache get <"$FIX/cache/requests.ndjson" | answer | rag-cache put >"$T/miss" 2>"$T/err"
grep -q '"cached":true' "$T/miss" && fail "first pass should miss"
[ "$(grep -c '"type":"done"' "$T/miss")" = 2 ] || fail "first pass: expected 2 done events"
rag-cache get <"$FIX/cache/requests.ndjson" | answer | rag-cache put >"$T/hit" 2>>"$T/err"
normalize <"$T/hit" >"$T/hit.norm"
expect_golden "$T/hit.norm" cache-hit
# On the hit path the tokens spell the answer, with the original boundaries.
jq -rs 'group_by(.run)[] | [(map(select(.type=="token").data.t) | join("")),
        (map(select(.type=="done"))[0].data.answer)] | select(.[0] != .[1]) | "mismatch: \(.)"' \
    "$T/hit" >"$T/bad"
[ ! -s "$T/bad" ] || fail "$(cat "$T/bad")"
[ "$(grep -c '"type":"token"' "$T/hit")" = 6 ] || fail "expected 3 tokens per run"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
