#!/bin/sh
# rag-cache: sessions are bounded (issue 18): put keeps the newest
# --max-turns turns, --session-ttl drops old turns (put) and skips them
# (get), and purge --sessions deletes turns by age or all of them.
. "${0%/*}/lib.sh"
export RAG_CACHE="$T/cache"
ask() {   # ask SESSION QUERY [put flags]
    s=$1 q=$2; shift 2
    jq -cn --arg s "$s" --arg q "$q" '{type:"request",data:{query:$q,session_id:$s,use_cache:false}}' |
        rag-cache get | jq -c -f "$FIX/cache/answer.jq" | rag-cache put "$@" >/dev/null
}
for i in 1 2 3 4 5; do ask capped "question $i" --max-turns 4; done
rag-cache history capped | jq -r .content >"$T/turns"
printf 'question 4\nAnswer to: question 4\nquestion 5\nAnswer to: question 5\n' | diff -u - "$T/turns" ||
    fail "--max-turns 4 did not keep the newest 4 turns"
ask aging "old question"
ask idle "idle question"
sleep 1.2
jq -cn '{type:"request",data:{query:"next",session_id:"aging"}}' | rag-cache get --session-ttl 1s |
    jq -e '(.data.history // []) == []' >/dev/null || fail "get --session-ttl loaded an old turn"
ask aging "new question" --session-ttl 1s
[ "$(rag-cache history aging | jq -r .content | head -1)" = "new question" ] || fail "put --session-ttl kept an old turn"
# capped's 4 turns and idle's 2 are older than 1s; aging's 2 are new.
[ "$(rag-cache purge --sessions --older-than 1s)" = '{"purged":6}' ] || fail "purge --sessions --older-than"
[ -z "$(rag-cache history idle)" ] || fail "the idle session survived the purge"
[ "$(rag-cache stats | jq -c '[.sessions, .turns]')" = '[1,2]' ] || fail "purge removed live turns: $(rag-cache stats)"
rag-cache purge --sessions --corpus x 2>/dev/null && fail "purge --sessions --corpus accepted"
[ "$(rag-cache purge --sessions --all)" = '{"purged":2}' ] || fail "purge --sessions --all"
[ "$(rag-cache stats | jq .sessions)" = 0 ] || fail "sessions left after purge --sessions --all"
