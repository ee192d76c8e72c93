#!/bin/sh
# rag-cache: a duration needs a unit (issue 12): `--ttl 5` is refused with
# exit 64 and a message that names the units; `--ttl 5s` is taken.
. "${0%/*}/lib.sh"
export RAG_CACHE="$T/cache"
for flag in "get --ttl 5" "purge --older-than 5"; do
    rc=0; rag-cache $flag </dev/null >/dev/null 2>"$T/err" || rc=$?
    [ $rc = 64 ] || fail "'$flag' exited $rc, not 64"
    grep -q "s, m, h, d or w" "$T/err" || fail "'$flag': the message names no units: $(cat "$T/err")"
done
rc=0; RAG_CACHE_TTL=5 rag-cache get </dev/null 2>"$T/err" || rc=$?
[ $rc = 64 ] || fail "RAG_CACHE_TTL=5 exited $rc, not 64"
rag-cache get --ttl 5s </dev/null || fail "--ttl 5s refused"
