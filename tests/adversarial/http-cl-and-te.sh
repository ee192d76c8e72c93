#!/bin/sh
# Content-Length and Transfer-Encoding together (a smuggling attempt): the
# chunked framing wins (RFC 9112 6.3), the response says Connection: close and
# the connection closes, so bytes smuggled after the chunked body are never
# answered as a request of their own. Spawn and worker mode.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
check() {
    printf 'POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\nd\r\n{"query":"x"}\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' |
        raw >"$T/out" || fail "$MODE: $(cat "$T/out")"
    [ "$(status <"$T/out")" = 200 ] || fail "$MODE: not answered from the chunked body: $(head -1 "$T/out")"
    tr -d '\r' <"$T/out" | grep -qix 'connection: close' || fail "$MODE: no Connection: close"
    [ "$(grep -c '^HTTP/1.1 ' "$T/out")" = 1 ] || fail "$MODE: the smuggled request was answered"
    echo "$MODE: chunked won, one response, closed"
}
in_each_mode check
