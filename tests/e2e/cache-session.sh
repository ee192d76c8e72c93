#!/bin/sh
# rag-cache: a request with a session_id and no history gets the session's
# turns; turns are stored on done only (not on error), also for cache hits.
. "${0%/*}/lib.sh"
export RAG_CACHE="$T/cache"
answer() { jq -c --unbuffered -f "$FIX/cache/answer.jq"; }
ask() {
    printf '{"type":"request","run":"%s","data":{"query":"%s","history":[],"session_id":"s1"}}\n' "$1" "$2" |
        rag-cache get | answer | rag-cache put
}
echo 'first question' | rag-cache get | answer | rag-cache put >/dev/null   # cached, no session
ask r000000000001 "first question" >"$T/1"
grep -q '"type":"cached"' "$T/1" || fail "expected a hit for the first turn"
ask r000000000002 "fail please" >"$T/2"
grep -q '"type":"error"' "$T/2" || fail "expected an error run"
ask r000000000003 "second question" >"$T/3"
grep '"type":"request"' "$T/3" | jq -c .data.history >"$T/h3"
[ "$(cat "$T/h3")" = '[{"role":"user","content":"first question"},{"role":"assistant","content":"Answer to: first question"}]' ] ||
    fail "history not filled from the session: $(cat "$T/h3")"
rag-cache history s1 | jq -c '[.seq, .role, .content, .cached, .run]' >"$T/turns"
cat >"$T/want" <<'W'
[0,"user","first question",false,"r000000000001"]
[1,"assistant","Answer to: first question",true,"r000000000001"]
[2,"user","second question",false,"r000000000003"]
[3,"assistant","Answer to: second question",false,"r000000000003"]
W
diff -u "$T/want" "$T/turns" || fail "session turns differ"
rag-cache forget s1 | grep -qx '{"forgotten":4}' || fail "forget did not report 4 turns"
[ -z "$(rag-cache history s1)" ] || fail "history not empty after forget"
