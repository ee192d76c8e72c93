#!/bin/sh
# With SIGPIPE ignored (as under rag-sse or Python's subprocess), a reader that
# goes away ends rag-cache's listings quietly: exit 0, nothing on stderr
# (no "terminate called").
. "${0%/*}/lib.sh"
printf '{"type":"request","run":"r1","data":{"query":"q"}}\n' | rag-cache -c "$T/cache" get >/dev/null
i=0
while [ $i -lt 5 ]; do
    for cmd in stats ls export; do
        ( trap '' PIPE; rc=0; rag-cache -c "$T/cache" $cmd 2>"$T/err" || rc=$?; echo $rc >"$T/rc" ) | head -c 0
        [ "$(cat "$T/rc")" = 0 ] || fail "rag-cache $cmd | head -c 0: exit $(cat "$T/rc")"
        [ ! -s "$T/err" ] || fail "rag-cache $cmd | head -c 0: stderr: $(cat "$T/err")"
    done
    i=$((i + 1))
done
