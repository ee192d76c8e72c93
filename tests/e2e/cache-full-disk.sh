#!/bin/sh
# rag-cache put on a full disk (a file-size limit stands in for it): one clear
# message, the answers still flow, and the cache still reads afterwards.
. "${0%/*}/lib.sh"
export RAG_CACHE="$T/cache"
echo 'small' | rag-cache get | jq -c -f "$FIX/cache/answer.jq" | rag-cache put >/dev/null
big=$(head -c 400000 /dev/zero | tr '\0' x)
printf 'q%s\nsecond\nthird\n' "$big" >"$T/qs"
# SIGXFSZ ignored: a write past the limit fails with EFBIG, as one on a full disk fails with ENOSPC.
rag-cache get <"$T/qs" | jq -c -f "$FIX/cache/answer.jq" |
    (trap '' XFSZ; ulimit -f 256; exec rag-cache put 2>"$T/err") | cat >"$T/out"
[ "$(grep -c '"type":"done"' "$T/out")" = 3 ] || fail "runs did not answer"
[ "$(wc -l <"$T/err")" = 1 ] || fail "expected one message, got: $(cat "$T/err")"
grep -q '^rag-cache: answer cache off: .*(runs go on without caching)$' "$T/err" || fail "unclear message: $(cat "$T/err")"
echo 'small' | rag-cache get | grep -q '"type":"cached"' || fail "earlier answer lost"
