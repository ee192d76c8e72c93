#!/bin/sh
# A body over --max-body gets a 413 that the client reads even while it is
# still sending its body (lingering close, as nginx's lingering_close): curl
# uploading 3 MB sees the 413, never "connection reset by peer". Up to 4 MiB
# or 2 s of input is read and dropped. Spawn and worker mode.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
SSE_FLAGS="--max-body 1024"
head -c 3000000 /dev/zero | tr '\0' a >"$T/big"
check() {
    for i in 1 2 3 4 5 6 7 8; do
        rc=0
        code=$(curl -sS -o "$T/out" -w '%{http_code}' -H 'Expect:' -H 'Content-Type: application/json' \
            --data-binary @"$T/big" "$URL/api/chat" 2>"$T/err") || rc=$?
        [ "$rc/$code" = 0/413 ] || fail "$MODE: upload $i: curl exit $rc, status $code: $(cat "$T/err")"
    done
    grep -q '"error":"request body too large"' "$T/out" || fail "$MODE: no JSON error: $(cat "$T/out")"
    printf 'POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n' |
        raw --more 2000000 >"$T/out" || fail "$MODE: raw client: $(tail -1 "$T/out")"
    [ "$(status <"$T/out")" = 413 ] || fail "$MODE: raw client: $(head -1 "$T/out")"
    [ "$(curl -s "$URL/healthz" -o /dev/null -w '%{http_code}')" = 200 ] || fail "$MODE: server unwell after"
    echo "$MODE: 413 read while sending 3 MB, 8 times"
}
in_each_mode check
