#!/bin/sh
# A cache whose data.mdb was truncated (a full disk, a bad copy): every
# rag-cache command reports it as damaged, naming the path, with exit 65 (no
# SIGBUS); the chat pipeline warns once and answers without the cache.
. "${0%/*}/lib.sh"
DAMAGED=$T/cache
fill_cache "$DAMAGED"
damage truncate "$DAMAGED/data.mdb"
for cmd in stats ls export "history s1" "purge --all"; do
    survives "rag-cache $cmd" rag-cache -c "$DAMAGED" $cmd
    [ $rc = 65 ] || fail "rag-cache $cmd: exit $rc, not 65"
    grep -q "damaged" "$T/err" || fail "rag-cache $cmd: the message does not say damaged: $(cat "$T/err")"
done
pipeline_answers
grep -q "answer cache off: .*$DAMAGED.*damaged" "$T/err1" || fail "get: no clear warning: $(cat "$T/err1")"
