#!/bin/sh
# A chunked request body (RFC 9112 7.1) is read, not refused with 501: the
# stream answers it in full. Its size counts against --max-body as it arrives
# (413), and malformed chunk framing is a 400. Spawn and worker mode.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
SSE_FLAGS="--max-body 64"
check() {
    printf 'POST /api/chat/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\n{"que\r\n8\r\nry":"x"}\r\n0\r\n\r\n' |
        raw >"$T/out" || fail "$MODE: chunked: $(cat "$T/out")"
    [ "$(status <"$T/out")" = 200 ] || fail "$MODE: chunked body not served: $(head -1 "$T/out")"
    grep -q '^event: done' "$T/out" || fail "$MODE: chunked body: the stream did not end with done"
    printf 'POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n%s\r\n20\r\n%s\r\n20\r\n' "$(printf '%032d' 0)" "$(printf '%032d' 0)" |
        raw >"$T/out"
    [ "$(status <"$T/out")" = 413 ] || fail "$MODE: chunked body over --max-body: $(head -1 "$T/out")"
    printf 'POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{}xx\r\n0\r\n\r\n' | raw >"$T/out"
    [ "$(status <"$T/out")" = 400 ] || fail "$MODE: malformed chunk framing: $(head -1 "$T/out")"
    echo "$MODE: chunked 200, over the limit 413, malformed 400"
}
in_each_mode check
