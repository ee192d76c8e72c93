#!/bin/sh
# rag-cache: a hit replays the verify result stored with the answer, before
# `done` (issue 13); an answer stored without one replays without one.
. "${0%/*}/lib.sh"
export RAG_CACHE="$T/cache"
answer() { jq -c --unbuffered -f "$FIX/cache/answer.jq"; }
verify='{"score":0.875,"accepted":true,"issues":[],"answered":true}'
# A stand-in for rag-verify: inserts a verify event before each done.
with_verify() { jq -c --unbuffered --argjson v "$verify" 'if .type == "done" then {type: "verify", run: .run, data: $v}, . else . end'; }
echo 'checked question' | rag-cache get | answer | with_verify | rag-cache put >/dev/null
echo 'checked question' | rag-cache get >"$T/hit"
grep -q '"type":"cached"' "$T/hit" || fail "no hit"
jq -sc '[.[] | .type]' "$T/hit" | grep -q '"token","verify","done"' || fail "verify not replayed before done: $(cat "$T/hit")"
[ "$(jq -c 'select(.type == "verify") | .data' "$T/hit")" = "$verify" ] || fail "verify differs from the stored one"
echo 'unchecked question' | rag-cache get | answer | rag-cache put >/dev/null
echo 'unchecked question' | rag-cache get >"$T/plain"
grep -q '"type":"cached"' "$T/plain" || fail "no hit without verify"
grep -q '"type":"verify"' "$T/plain" && fail "a verify was invented"
rag-cache export | grep -q '"verify":{"score":0.875' || fail "export lacks the verify result"
rag-cache export | rag-cache --cache "$T/copy" import >/dev/null
echo 'checked question' | rag-cache --cache "$T/copy" get | grep -q '"type":"verify"' || fail "import lost verify"
