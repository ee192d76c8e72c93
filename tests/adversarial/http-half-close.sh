#!/bin/sh
# A client that half-closes after its request (nc -N, some proxies) gets the
# whole response, up to done; it is not aborted. Spawn and worker mode.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
check() {
    printf 'POST /api/chat/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{"query":"x"}' |
        raw --half-close >"$T/out" || fail "$MODE: $(tail -3 "$T/out")"
    grep -q '^event: done' "$T/out" || fail "$MODE: the stream was cut: $(tail -3 "$T/out")"
    printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' | raw --half-close >"$T/out"
    [ "$(status <"$T/out")" = 200 ] || fail "$MODE: healthz after half-close"
    echo "$MODE: served to done"
}
in_each_mode check
